"""Helpers shared by the core tests: fixture files, line diffs, YAML spans."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reviewer.core import store
from reviewer.core.article import Article
from reviewer.core.folder.derived import DerivedStore
from reviewer.core.folder.index import IndexCache
from reviewer.core.frontmatter import tree

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
CORPUS_FOLDERS = ("news", "newsletters", "seed")


def fixture_paths() -> list[Path]:
    """Every hand-written fixture article."""
    return sorted(p for p in FIXTURES.iterdir() if p.is_file() and not p.name.startswith("."))


def fixture_bytes(name: str) -> bytes:
    """The bytes of a hand-written fixture article."""
    return (FIXTURES / name).read_bytes()


def copy_fixture(name: str, folder: Path) -> Path:
    """A writable copy of fixture ``name`` in ``folder``."""
    target = folder / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def article_from(raw: bytes, name: str = "article.md") -> Article:
    """An Article parsed from bytes (not on disk); fails the test if it has an error."""
    article = store.parse_article(Path(name), raw, None)
    assert article.error is None, article.error
    return article


def render(raw: bytes, changes: Mapping[tuple[str, ...], Any]) -> bytes:
    """The bytes a save of ``changes`` would write for a file holding ``raw``."""
    return store.render(article_from(raw), changes)


def line_changes(old: bytes, new: bytes) -> list[tuple[list[bytes], list[bytes]]]:
    """The changed line groups between ``old`` and ``new``: (removed lines, added lines).

    Lines keep their endings, so a changed line ending shows as a change.
    """
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def only_line_change(old: bytes, new: bytes) -> tuple[list[bytes], list[bytes]]:
    """The one group of changed lines between ``old`` and ``new``; fails unless there is one."""
    groups = line_changes(old, new)
    assert len(groups) == 1, f"expected one changed group, got {groups!r}"
    return groups[0]


def content_end(text: str, node: tree.Node) -> int:
    """Where a node's own text ends (block collections end at their last value's text)."""
    if isinstance(node, tree.Sequence) and not node.flow and node.items:
        return content_end(text, node.items[-1])
    if isinstance(node, tree.Mapping) and not node.flow and node.pairs:
        return content_end(text, node.pairs[-1][1])
    end = node.end
    if isinstance(node, tree.Scalar) and node.style in ("|", ">"):
        while end > node.start and text[end - 1] in " \t\r\n":
            end -= 1
    return end


def key_line_ranges(text: str) -> dict[str, tuple[int, int]]:
    """For each top-level key: the 0-based range [first, last] of the lines it spans."""
    root = tree.parse(text)
    ranges: dict[str, tuple[int, int]] = {}
    if not isinstance(root, tree.Mapping):
        return ranges
    for key, value in root.pairs:
        assert isinstance(key, tree.Scalar)
        first = text.count("\n", 0, key.start)
        end = max(content_end(text, value), key.end)
        last = text.count("\n", 0, max(end - 1, key.start))
        ranges[key.value] = (first, last)
    return ranges


def assert_blocks_in_order(result_lines: list[str], blocks: list[list[str]]) -> None:
    """Each block of lines occurs in ``result_lines`` whole, after the previous one."""
    position = 0
    for block in blocks:
        if not block:
            continue
        for start in range(position, len(result_lines) - len(block) + 1):
            if result_lines[start : start + len(block)] == block:
                position = start + len(block)
                break
        else:
            raise AssertionError(f"lines not kept (or out of order): {block!r}")


def derived_store(tmp_path: Path, name: str = "folder") -> tuple[IndexCache, Path, DerivedStore]:
    """An index cache, a folder ``name`` in ``tmp_path`` with its index file made, and the
    folder's derived store (a table of that file)."""
    cache = IndexCache(tmp_path / "cache")
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    cache.open(folder).close()
    return cache, folder, DerivedStore.of(cache, folder)
