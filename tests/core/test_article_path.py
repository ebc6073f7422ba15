"""Articles hold their path as text until ``.path`` is asked: equal Paths, and none made by
the per-row work of a warm open (the workspace's index, the rows' digest, the CLI's rows)."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer.cli.output import relative_maker, row_maker
from reviewer.core import article as article_module
from reviewer.core.article import Article, Fingerprint, PathsByText, light, light_at
from reviewer.core.document import Document
from reviewer.core.folder.derived import rows_digest
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import open_folder
from reviewer.core.folder.packing import article_of, pack, unpack
from reviewer.core.folder.scan import scan
from reviewer.core.site import find_site
from reviewer.core.store import read_article
from reviewer.workspace import Workspace

FRONT = b"---\ntitle: T\npublished: true\n---\nBody\n"
UNTITLED = b"---\nquality: 3\n---\n"
#: A name that is not UTF-8: listed with its byte escaped as a surrogate.
ODD = os.fsdecode(b"caf\xe9.md")


def site(root: Path) -> list[str]:
    """A folder with files at the top, in subfolders, with non-ASCII names and one whose
    name is not UTF-8; the relative names of those listed."""
    names = ["a.md", "Zürich ☃.md", "sub/b.md", "sub/deeper/ü/c.html", "untitled.md"]
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(UNTITLED if name == "untitled.md" else FRONT)
    raw_name = os.path.join(os.fsencode(root), b"sub", b"caf\xe9.md")
    try:
        with open(raw_name, "wb") as handle:
            handle.write(FRONT)
        names.append(f"sub/{ODD}")
    except OSError:  # a file system that refuses such names
        pass
    return names


def warm_open(folder: Path, cache: IndexCache) -> list[Article]:
    for _batch in open_folder(folder, cache=cache, workers=1):
        pass  # the cold pass fills the index
    return [a for batch in open_folder(folder, cache=cache, workers=1) for a in batch.articles]


@pytest.fixture
def path_count(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], int]]:
    """How many Path objects were made since the fixture began (by ``Path(...)`` and, where
    this Python has them, pathlib's own shortcuts: ``folder / name``, a child's)."""
    count = [0]
    for name in ("_from_parts", "_from_parsed_parts"):
        found = pathlib.PurePath.__dict__.get(name)
        if isinstance(found, classmethod):
            counted = classmethod(_counted(found.__func__, count))
            monkeypatch.setattr(pathlib.PurePath, name, counted)
    original_new = pathlib.Path.__new__
    monkeypatch.setattr(pathlib.Path, "__new__", _counted(original_new, count))
    yield lambda: count[0]


def _counted(function: Callable[..., Any], count: list[int]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return function(*args, **kwargs)

    return counted


def test_a_light_article_makes_its_path_on_demand_equal_to_the_one_it_stood_for() -> None:
    text = os.path.join(os.sep, "site", "sub", "Zürich ☃.md")
    article = light_at(text, Fingerprint(1, 2, "d"), {"title": "T"}, None, None)
    assert article.path_text == text
    path = article.path
    assert path == Path(text)
    assert type(path) is type(Path(text))
    assert article.path is path  # made once, then kept
    assert article.path_text == text == os.fspath(path)


def test_an_article_made_with_a_path_keeps_it() -> None:
    path = Path("/site/a.md")
    article = Article(path, b"", None)
    assert article.path is path
    assert article.path_text == "/site/a.md"


def test_an_article_holding_text_reads_as_one_holding_its_path() -> None:
    text = "/site/sub/a.md"
    fingerprint = Fingerprint(1, 2, "d")
    held_text = light_at(text, fingerprint, {"title": "T"}, None, None)
    held_path = Article(Path(text), b"", fingerprint, {"title": "T"}, None, None, False, None)
    assert held_text == held_path
    assert repr(held_text) == repr(held_path)
    assert pickle.loads(pickle.dumps(light_at(text, fingerprint, {}, None, None))).path == Path(
        text
    )
    replaced = dataclasses.replace(light_at(text, fingerprint, {}, None, None), data={"a": 1})
    assert replaced.path == Path(text)
    assert replaced.path_text == text
    moved = dataclasses.replace(held_text, path=Path("/other.md"))
    assert moved.path == Path("/other.md")
    assert moved.path_text == "/other.md"


def test_an_article_stays_frozen() -> None:
    article = light_at("/site/a.md", None, {}, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.path = Path("/b.md")  # type: ignore[misc]
    assert article.path == Path("/site/a.md")


def test_a_warm_open_gives_the_paths_a_scan_gives(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    names = site(folder)
    cache = IndexCache(tmp_path / "cache")
    articles = warm_open(folder, cache)
    scanned = [light(a) for a in scan(folder) if a.has_front_matter]
    assert [a.path_text for a in articles] == [os.fspath(a.path) for a in scanned]
    assert articles == scanned
    assert sorted(os.fspath(a.path.relative_to(folder)) for a in articles) == sorted(names)
    for article in articles:
        assert article.path == folder / article.path.relative_to(folder)
        assert article.path.exists()
        assert article.path_text == os.fspath(article.path)


def test_a_cold_open_gives_text_paths_equal_to_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    site(folder)
    articles = [a for b in open_folder(folder, cache=None, workers=1) for a in b.articles]
    assert [a.path for a in articles] == [a.path for a in scan(folder) if a.has_front_matter]


def test_paths_below_the_current_folder_are_as_pathlib_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    articles = warm_open(Path("."), IndexCache(tmp_path / "cache"))
    assert articles
    for article in articles:
        assert not article.path_text.startswith("./")
        assert article.path_text == os.fspath(article.path)
        assert read_article(article.path).error is None


def test_article_of_takes_a_path_or_its_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(FRONT)
    full = read_article(tmp_path / "a.md")
    packed = pack(full)
    assert packed is not None
    from_text = article_of(unpack(packed), os.fspath(tmp_path / "a.md"))
    from_path = article_of(unpack(packed), tmp_path / "a.md")
    assert from_text == from_path == light(full)
    assert from_text.path_text == from_path.path_text == os.fspath(tmp_path / "a.md")


def test_documents_give_their_paths_text() -> None:
    document = Document(light_at("/site/a.md", None, {}, None, None))
    assert document.path_text == "/site/a.md"
    assert document.path == Path("/site/a.md")


def rows_of_a_warm_open(
    folder: Path, cache: IndexCache, path_count: Callable[[], int]
) -> tuple[int, list[Document], list[dict[str, Any]], str]:
    """A warm open's documents in a workspace, their CLI rows and their rows' digest, and
    how many Paths that made."""
    for _batch in open_folder(folder, cache=cache, workers=1):
        pass  # cold: fills the index
    workspace = Workspace(cache)
    workspace.open(folder)
    make = row_maker(folder)
    before = path_count()
    documents = workspace.read()
    rows = [make(d.article) for d in documents]
    digest = rows_digest(d.article for d in documents)
    found = workspace.document(folder / "sub" / "b.md")  # by a Path of the caller's
    assert found is not None
    assert found.path_text == os.path.join(folder, "sub", "b.md")
    return path_count() - before, documents, rows, digest


def test_a_warm_open_and_its_rows_make_no_path_per_row(
    tmp_path: Path, path_count: Callable[[], int]
) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    site(small)
    names = site(big)
    for i in range(40):
        (big / "sub" / f"more-{i}.md").write_bytes(FRONT)
    cache = IndexCache(tmp_path / "cache")
    made_small, _documents, _rows, _digest = rows_of_a_warm_open(small, cache, path_count)
    made_big, documents, rows, digest = rows_of_a_warm_open(big, cache, path_count)
    assert len(documents) == len(names) + 40
    assert made_big == made_small  # the folder's own, the index file's...: none per row
    assert made_big < 40
    assert digest == rows_digest([light(a) for a in scan(big) if a.has_front_matter])
    assert sorted(r["path"] for r in rows) == sorted(
        d.path.relative_to(big).as_posix() for d in documents
    )
    by_path = {r["path"]: r for r in rows}
    assert by_path["untitled.md"]["title"] == "untitled"  # the file's name, from its text


def test_relative_maker_takes_paths_and_their_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    relative_to = relative_maker(tmp_path)
    assert relative_to(tmp_path / "sub" / "a.md") == "sub/a.md"
    assert relative_to(os.fspath(tmp_path / "sub" / "a.md")) == "sub/a.md"
    assert relative_to("/elsewhere/b.md") == "/elsewhere/b.md"
    below_here = relative_maker(Path("."))
    assert below_here("sub/a.md") == below_here(Path("sub/a.md")) == "sub/a.md"
    assert below_here("/abs/a.md") == "/abs/a.md"
    at_root = relative_maker(Path("/"))
    assert at_root("/abs/a.md") == at_root(Path("/abs/a.md")) == "abs/a.md"


@pytest.mark.skipif(sys.platform == "win32", reason="surrogate-escaped names are POSIX's")
def test_a_name_that_is_not_utf8_keeps_its_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    names = site(folder)
    if f"sub/{ODD}" not in names:
        pytest.skip("this file system refuses names that are not UTF-8")
    articles = warm_open(folder, IndexCache(tmp_path / "cache"))
    odd = [a for a in articles if a.path.name == ODD]
    assert len(odd) == 1
    assert os.fsencode(odd[0].path_text).endswith(b"/sub/caf\xe9.md")
    assert odd[0].path == folder / "sub" / ODD
    assert read_article(odd[0].path).error is None


def test_paths_by_text_make_a_path_only_for_the_texts_looked_up(
    path_count: Callable[[], int],
) -> None:
    articles = [light_at(f"/site/{i}.md", None, {}, None, None) for i in range(50)]
    before = path_count()
    paths = PathsByText(articles)
    assert len(paths) == 50
    assert list(paths)[:2] == ["/site/0.md", "/site/1.md"]
    assert "/site/7.md" in paths
    assert paths.get("/elsewhere.md") is None
    assert path_count() == before
    assert paths["/site/7.md"] is articles[7].path == Path("/site/7.md")


def test_the_workspace_finds_documents_by_path_without_making_one_per_document(
    path_count: Callable[[], int],
) -> None:
    # The report panel finds its findings' documents this way among 100,000 rows.
    documents = [Document(light_at(f"/site/{i}.md", None, {}, None, None)) for i in range(50)]
    wanted, missing = Path("/site/7.md"), Path("/site/none.md")
    before = path_count()
    workspace = Workspace()
    workspace.adopt(documents)
    assert workspace.document(wanted) is documents[7]
    assert workspace.document(missing) is None
    assert path_count() == before


def test_a_light_article_makes_its_fingerprint_on_demand() -> None:
    article = light_at("/site/a.md", (12, 34, "d" * 32), {}, None, None)
    assert article.content_digest == "d" * 32
    fingerprint = article.fingerprint
    assert fingerprint == Fingerprint(12, 34, "d" * 32)
    assert type(fingerprint) is Fingerprint
    assert article.fingerprint is fingerprint  # made once, then kept
    assert article.content_digest == "d" * 32
    held = Article(Path("/site/a.md"), b"", Fingerprint(12, 34, "d" * 32), {}, None, None, False)
    assert light_at("/site/a.md", (12, 34, "d" * 32), {}, None, None) == held
    assert repr(light_at("/site/a.md", (12, 34, "d" * 32), {}, None, None)) == repr(held)
    unpickled = pickle.loads(pickle.dumps(light_at("/site/a.md", (12, 34, "e"), {}, None, None)))
    assert unpickled.fingerprint == Fingerprint(12, 34, "e")
    replaced = dataclasses.replace(light_at("/a.md", (1, 2, "f"), {}, None, None), data={})
    assert replaced.fingerprint == Fingerprint(1, 2, "f")
    assert light_at("/a.md", None, {}, "unreadable", None).content_digest is None
    assert Article(Path("/a.md"), b"", Fingerprint(1, 2, "g")).content_digest == "g"


def test_a_warm_open_makes_no_fingerprint_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    site(folder)
    for i in range(40):
        (folder / f"more-{i}.md").write_bytes(FRONT)
    cache = IndexCache(tmp_path / "cache")
    scanned = [light(a) for a in scan(folder) if a.has_front_matter]
    made = [0]
    real = article_module.Fingerprint

    def counted(*values: Any) -> Fingerprint:
        made[0] += 1
        return real(*values)

    monkeypatch.setattr(article_module, "Fingerprint", counted)
    articles = warm_open(folder, cache)
    workspace = Workspace(cache)
    workspace.open(folder)
    workspace.add(articles)
    digest = rows_digest(articles)
    assert made[0] == 0
    assert digest == rows_digest(scanned)
    assert [a.fingerprint for a in articles] == [a.fingerprint for a in scanned]
    assert made[0] == len(articles)


def test_documents_in_a_site_inherit_by_their_path_text_without_keeping_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    (root / "_people").mkdir(parents=True)
    (root / "_config.yml").write_text(
        "collections:\n  people: {output: true}\n"
        "defaults:\n  - scope: {path: _people, type: people}\n    values: {layout: profile}\n",
        encoding="utf-8",
    )
    for name in ("ann", "bob"):
        (root / "_people" / f"{name}.md").write_text(f"---\nname: {name}\n---\n")
    (root / "page.md").write_text("---\ntitle: Page\n---\n")
    cache = IndexCache(tmp_path / "cache")
    warm_open(root, cache)
    made = [0]
    real = article_module.Path

    def counted(text: str) -> Path:
        made[0] += 1
        return real(text)

    monkeypatch.setattr(article_module, "Path", counted)
    workspace = Workspace(cache)
    workspace.open(root, find_site(root))
    documents = {d.path_text: d for d in workspace.read()}
    assert made[0] == 0  # no article made its Path
    assert documents[os.fspath(root / "_people" / "ann.md")].inherited.get(("layout",)) == (
        "profile"
    )
    assert not documents[os.fspath(root / "page.md")].inherited
