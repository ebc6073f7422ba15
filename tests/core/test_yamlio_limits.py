"""The loader's bounds on what a front matter may expand to: nesting depth and expanded size.

Every reader of the data (copying, comparing, summaries, JSON and YAML output, the index
cache) recurses over it or writes it out whole, so the loader refuses, with a sentence, what
would make them fail or run without end.
"""

from __future__ import annotations

import copy
import json
import marshal
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from core_support import CORPUS, FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.core import store
from reviewer.core.errors import ArticleError, EditError
from reviewer.core.frontmatter import edit, split, tree, values, yamlio


def _flow(n: int) -> str:
    return "a: " + "[" * n + "x" + "]" * n + "\n"


def _flow_maps(n: int) -> str:
    return "a: " + "{k: " * n + "x" + "}" * n + "\n"


def _block_lists(n: int) -> str:
    return "a:\n" + "- " * n + "x\n"


def _block_maps(n: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "leaf: x\n"


def _alias_chain(n: int) -> str:
    """Lines of up to 50 nested lists, each holding the one before it through an alias:
    the last one is ``n`` lists deep."""
    lines: list[str] = []
    while (made := len(lines) * 50) < n:
        step = min(50, n - made)
        inner = f"*a{len(lines) - 1}" if lines else "x"
        lines.append(f"a{len(lines)}: &a{len(lines)} " + "[" * step + inner + "]" * step)
    return "\n".join(lines) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "flow-lists": _flow,
    "flow-maps": _flow_maps,
    "block-lists": _block_lists,
    "block-maps": _block_maps,
    "aliases": _alias_chain,
}


def _compose(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=yamlio._BaseLoader)
    assert node is not None
    return node


def _levels(data: Any) -> int:
    """Levels of lists and mappings in ``data`` (the front matter itself is level 1)."""
    return values.nesting(data, 10_000)


@contextmanager
def _frames_left(count: int) -> Iterator[None]:
    """Python's recursion limit set ``count`` frames above the current stack."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back  # type: ignore[assignment]
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + count)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _last_key(shape: str, depth: int) -> str:
    """A key of ``SHAPES[shape](depth)`` whose value is nested deepest and aliased nowhere."""
    return {"aliases": f"a{(depth - 1) // 50}", "block-maps": "k0"}.get(shape, "a")


def _article(tmp_path: Path, front: str) -> Path:
    path = tmp_path / "deep.md"
    path.write_text("---\ntitle: deep\npublished: false\n" + front + "---\nbody\n")
    return path


# -- nesting


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("depth", [600, 999, 10_000])
def test_deep_files_are_an_error_with_a_reason(tmp_path: Path, shape: str, depth: int) -> None:
    if shape in ("block-maps", "aliases"):
        depth = min(depth, 2_000)  # a line per level: 10,000 block maps would be 50 MB
    article = store.read_article(_article(tmp_path, SHAPES[shape](depth)))
    assert article.error is not None
    assert "nested" in article.error
    assert f"at most {yamlio.MAX_DEPTH}" in article.error
    assert "\n" not in article.error


@pytest.mark.parametrize("shape", ["flow-lists", "block-lists", "aliases"])
def test_the_error_says_how_deep(shape: str) -> None:
    with pytest.raises(ArticleError) as info:
        yamlio.load(SHAPES[shape](600))
    assert str(info.value) == (
        f"the front matter is nested 601 levels deep; at most {yamlio.MAX_DEPTH} are allowed"
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_the_deepest_allowed_file_loads(shape: str) -> None:
    data = yamlio.load(SHAPES[shape](yamlio.MAX_DEPTH - 1))
    assert _levels(data) == yamlio.MAX_DEPTH
    with pytest.raises(ArticleError, match="nested 101 levels deep"):
        yamlio.load(SHAPES[shape](yamlio.MAX_DEPTH))


@pytest.mark.parametrize("shape", SHAPES)
def test_a_90_deep_file_is_read_edited_and_saved(tmp_path: Path, shape: str) -> None:
    path = _article(tmp_path, SHAPES[shape](89))
    article = store.read_article(path)
    assert article.error is None
    assert _levels(article.data) == 90
    raw = store.render(article, {("published",): True})
    assert raw == article.raw.replace(b"published: false", b"published: true")
    key = _last_key(shape, 89)
    saved = store.save(article, {("published",): True, ("title",): "still deep", (key,): [1]})
    assert saved.data["published"] is True
    assert saved.data[key] == [1]
    for other in article.data.keys() - {"published", "title", key}:
        assert values.same(saved.data[other], article.data[other])


@pytest.mark.parametrize("shape", SHAPES)
def test_readers_of_the_deepest_file_fit_in_a_few_hundred_frames(shape: str) -> None:
    # MAX_DEPTH's promise: whatever called them, the readers of the data stay far from
    # Python's limit of 1,000 frames.
    text = SHAPES[shape](yamlio.MAX_DEPTH - 1)
    with _frames_left(500):
        data = yamlio.load(text)
        copy.deepcopy(data)
        values.unshared_copy(data)
        assert values.same(data, values.unshared_copy(data))
        json.dumps(data)
        json.dumps(data, indent=2)
        yaml.safe_dump(data)
        pickle.dumps(data)
        marshal.dumps(data)
        tree.parse(text)
        edit.apply_changes(text, {(_last_key(shape, yamlio.MAX_DEPTH - 1),): "flat"})
        edit.apply_changes(text, {("added",): [1, [2]]})


def test_an_edit_that_would_nest_too_deeply_is_refused() -> None:
    deep: Any = "x"
    for _ in range(yamlio.MAX_DEPTH):
        deep = [deep]
    with pytest.raises(EditError, match="more than 100 levels deep"):
        edit.apply_changes("a: 1\n", {("b",): deep})
    with pytest.raises(EditError, match="more than 100 levels deep"):
        edit.apply_changes("a: 1\n", {("b", "c"): deep[0]})
    assert edit.apply_changes("a: 1\n", {("b",): deep[0]}).startswith("a: 1\nb:")


def test_an_edit_with_a_value_that_holds_itself_is_refused() -> None:
    loop: list[Any] = [1]
    loop.append(loop)
    with pytest.raises(EditError, match="levels deep"):
        edit.apply_changes("a: 1\n", {("b",): loop})


def test_nesting_counts_without_recursion() -> None:
    assert values.nesting("x", 5) == 0
    assert values.nesting({"a": [1, {"b": []}]}, 5) == 4
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    assert values.nesting(deep, 200) == 201
    assert values.nesting(deep, 10**6) == 100_000


# -- the pre-test that spares typical files the walk


def test_typical_files_are_not_walked() -> None:
    paths = sorted(FIXTURES.glob("*.md")) + sorted(CORPUS.glob("news/*.md"))
    for path in paths:
        parts = split.split(path.read_bytes())
        assert parts is not None
        assert yamlio._surely_shallow(split.decode_front(parts.front)), path.name


@pytest.mark.parametrize("shape", SHAPES)
def test_deep_files_are_never_taken_for_shallow(shape: str) -> None:
    if shape == "aliases":  # a text with a `*` is always walked
        return
    assert not yamlio._surely_shallow(SHAPES[shape](yamlio.MAX_DEPTH))


_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85"])


@st.composite
def _nested_text(draw: st.DrawFn) -> tuple[str, int]:
    """A front matter nested as tightly as YAML allows: block collections indented as
    little as they may be (a list at its key's column, `- - x` and `- k:` on one line),
    then flow ones (`[k: [...]]` is two levels for one `[`). Returns it and its depth."""
    size = draw(st.integers(0, 80))
    blocks = draw(st.lists(st.sampled_from(["map", "seq"]), min_size=size, max_size=size))
    size = draw(st.integers(0, 60))
    flows = draw(st.lists(st.sampled_from(["[", "{", "[k: "]), min_size=size, max_size=size))
    compact = draw(st.lists(st.booleans(), min_size=len(blocks), max_size=len(blocks)))
    newline = draw(_BREAKS)
    lines: list[str] = []
    pending = ""  # the start of the current line, when a collection is written on it
    kind, column = "map", 0  # the innermost block collection: the root mapping
    for child, on_one_line in zip(blocks, compact, strict=True):
        if kind == "map":
            lines.append((pending or " " * column) + "k:")
            pending = ""
            column += 1 if child == "map" else 0
        else:
            dash = (pending or " " * column) + "-"
            if on_one_line:
                pending = dash + " "
                column = len(pending)
            else:
                lines.append(dash)
                pending, column = "", column + 1
        kind = child
    closers = {"[": "]", "{": "}", "[k: ": "]"}
    inner = "".join(flows) + "x" + "".join(closers[f] for f in reversed(flows))
    indicator = "k: " if kind == "map" else "- "
    lines.append((pending or " " * column) + indicator + inner)
    depth = 1 + len(blocks) + sum(2 if f == "[k: " else 1 for f in flows)
    return newline.join(lines) + newline, depth


@settings(max_examples=400, deadline=None)
@given(_nested_text())
def test_the_pre_test_never_passes_a_text_nested_too_deeply(case: tuple[str, int]) -> None:
    text, depth = case
    try:
        node = yaml.compose(text, Loader=yamlio._BaseLoader)
    except yaml.YAMLError:  # a line break libyaml does not take here
        return
    assert node is not None
    assert yamlio._measure(node, sizes=False)[2] == depth, text  # the generator is right
    if depth > yamlio.MAX_DEPTH:
        assert not yamlio._surely_shallow(text), text


def test_the_pre_test_is_tight_enough_for_a_nest_of_flow_collections() -> None:
    # Up to 52 levels of `[`/`{` under 48 of block: what the bound allows without a walk.
    assert yamlio._surely_shallow("a: " + "[" * 26 + "]" * 26 + "\n")
    assert not yamlio._surely_shallow("a: " + "[" * 27 + "]" * 27 + "\n")


# -- expanded size


def _laughs(lines: int, per_line: int = 100, size: int = 10_000) -> str:
    """A ~10 KB text anchored once and aliased ``per_line`` times on each of ``lines`` lines."""
    head = f"a: &longname {'x' * size}"
    row = "[" + ", ".join(["*longname"] * per_line) + "]"
    return "\n".join([head] + [f"l{i}: {row}" for i in range(lines)]) + "\n"


def test_a_long_text_aliased_many_times_is_refused_though_under_the_node_limit() -> None:
    text = _laughs(900)  # 1 MB: 90,000 aliases of 10 KB, 900 MB once written out
    assert 900_000 < len(text.encode()) < 1_100_000
    node = _compose(text)
    nodes, chars, _ = yamlio._measure(node, sizes=False)
    assert nodes < yamlio.MAX_EXPANDED_NODES < chars
    with pytest.raises(ArticleError) as info:
        yamlio.load(text)
    assert str(info.value) == (
        "the front matter expands to more than 33,554,432 characters of text through "
        "aliases; refused"
    )


def test_aliases_of_long_texts_within_the_limit_load() -> None:
    data = yamlio.load(_laughs(20))  # 20 MB of text once written out
    assert len(data["l19"]) == 100
    assert data["l19"][0] is data["a"]  # shared, as PyYAML builds it: nothing is copied


def test_the_character_limit_counts_keys_and_values_once_aliases_are_followed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlio, "MAX_EXPANDED_CHARS", 20)
    assert yamlio.load("a: &x 12345\nb: *x\nc: *x\n")  # 3 + 15: 18 characters
    with pytest.raises(ArticleError, match="more than 20 characters"):
        yamlio.load("a: &x 12345\nb: *x\nc: *x\nd: *x\n")  # 4 + 20
    # Without an alias the text's own size is the bound: no limit applies.
    assert yamlio.load("a: 12345678901234567890\n")


def test_expanded_size_checks_everything_but_leaves_the_node_count_to_its_caller() -> None:
    # cli/editing.parse_value compares the node count itself and turns an ArticleError
    # into its own error.
    node = _compose("[&a x, *a, *a]")
    assert yamlio.expanded_size(node) == 4
    laughs = _compose("[&a [" + ", ".join(["x"] * 400) + "]" + ", *a" * 400 + "]")
    assert yamlio.expanded_size(laughs) == yamlio.MAX_EXPANDED_NODES + 1
    wide = _compose(_laughs(900))
    with pytest.raises(ArticleError, match=r"^the value expands to more than"):
        yamlio.expanded_size(wide)
    deep = _compose("[" * 200 + "]" * 200)
    with pytest.raises(ArticleError, match=r"^the value is nested 200 levels deep"):
        yamlio.expanded_size(deep)
    loop = _compose("&a [*a]")
    with pytest.raises(ArticleError, match="refers to itself"):
        yamlio.expanded_size(loop)


def test_the_walk_does_not_recurse() -> None:
    # Built by hand: far deeper than any parser would compose.
    node: yaml.Node = yaml.ScalarNode("tag:yaml.org,2002:str", "x")
    for _ in range(90_000):
        node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node])
    assert yamlio._measure(node, sizes=True)[2] == 90_000
    with pytest.raises(ArticleError, match="nested 90,000 levels deep"):
        yamlio.check_size(node)
