"""Strict, safe loading: clear sentences for bad input, and tags are never run."""

from __future__ import annotations

import datetime as dt
import gc
import re
from pathlib import Path

import pytest
import yaml
from core_support import fixture_paths

from reviewer.core import store
from reviewer.core.errors import ArticleError
from reviewer.core.frontmatter import emit, yamlio


def _error(text: str) -> str:
    with pytest.raises(ArticleError) as info:
        yamlio.load(text)
    message = str(info.value)
    assert "\n" not in message, "an error is one sentence on one line"
    return message


def test_loads_a_mapping_with_typed_values() -> None:
    data = yamlio.load(
        "title: a\nquality: 3\npublished: true\nwhen: 2021-09-20T16:44:00Z\nday: 2021-09-20\n"
    )
    assert data == {
        "title": "a",
        "quality": 3,
        "published": True,
        "when": dt.datetime(2021, 9, 20, 16, 44, tzinfo=dt.timezone.utc),
        "day": dt.date(2021, 9, 20),
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # PyYAML knows three spellings of each; Jekyll's Psych takes any case.
        *((t, False) for t in ("false", "False", "FALSE", "FaLsE", "no", "nO", "off", "oFF")),
        *((t, True) for t in ("true", "tRUE", "yes", "yEs", "on", "oN")),
        *((t, None) for t in ("null", "NULL", "nULL", "~", "")),
        # Text for both (YAML 1.1 has y and n as booleans; neither library does).
        *((t, t) for t in ("y", "Y", "n", "N", "nope", "offline", "truthy", "nulls")),
        ("'no'", "no"),
        ('"FaLsE"', "FaLsE"),
    ],
)
def test_booleans_and_nulls_read_as_jekyll_reads_them(text: str, value: object) -> None:
    loaded = yamlio.load(f"v: {text}\n")["v"]
    assert loaded == value and type(loaded) is type(value)
    assert yamlio.load_value(text) == value if text else yamlio.load_value(text) is None


@pytest.mark.parametrize("text", ["nO", "oFF", "FaLsE", "tRUE", "nULL", "Yes", "null"])
def test_text_jekyll_would_read_as_a_boolean_or_null_is_written_quoted(text: str) -> None:
    assert emit.plain(text) is None
    assert yamlio.load(f"title: {emit.string(text)}\n") == {"title": text}


@pytest.mark.parametrize("text", ["y", "n", "nope", "offline", "Noon"])
def test_other_text_is_written_plain(text: str) -> None:
    assert emit.plain(text) == text


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_front_matter_is_an_empty_mapping(text: str) -> None:
    assert yamlio.load(text) == {}


def test_invalid_yaml_names_the_file_line_and_column() -> None:
    # Front line 3 is file line 4: the opening fence is line 1.
    message = _error("title: a\nx: [1, 2\ny: 3\n")
    assert message.startswith("invalid YAML at line 4, column 2:")


def test_bad_indentation_line_is_the_file_line() -> None:
    assert _error("title: a\n  b: c\n").startswith("invalid YAML at line 3, column 4:")


def test_line_numbers_through_a_whole_file() -> None:
    raw = b"---\ntitle: a\nexcerpt: b\nbad: [\n---\nbody\n"
    article = store.parse_article(Path("broken.md"), raw, None)
    assert article.error is not None
    match = re.search(r"line (\d+)", article.error)
    assert match is not None
    assert int(match[1]) in (4, 5)  # the `[` is on file line 4; libyaml stops at the end


def test_tab_indentation_is_refused_with_a_line() -> None:
    assert "line 3" in _error("a:\tb\n\tc: d\n")


def test_control_character_names_line_and_column() -> None:
    message = _error("x: 1\na: éé🎉\x01\n")
    assert message == "invalid YAML at line 3, column 7: the character U+0001 is not allowed"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- a\n- b\n", "a list"),
        ("just text\n", "plain text"),
        ("42\n", "a number"),
        ("~\n", "an empty value"),
        ("true\n", "a true/false value"),
    ],
)
def test_not_a_mapping(text: str, kind: str) -> None:
    assert _error(text) == f"the front matter is {kind}, not a mapping of keys to values"


def test_duplicate_keys_are_refused() -> None:
    assert _error("a: 1\nb: 2\na: 3\n") == "invalid YAML at line 4, column 1: duplicate key 'a'"


def test_duplicate_nested_keys_are_refused() -> None:
    assert "duplicate key 'x'" in _error("a:\n  x: 1\n  x: 2\n")


def test_merge_keys_are_not_duplicates() -> None:
    data = yamlio.load("b: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n")
    assert data == {"b": {"x": 1}, "c": {"x": 2}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: a\npublishedDateTime: 2021-02-30\n",
            "invalid YAML at line 3, column 20: '2021-02-30' is not a valid date"
            " (day is out of range for month)",
        ),
        (
            "d: 2021-09-20T25:61:00Z\n",
            "invalid YAML at line 2, column 4: '2021-09-20T25:61:00Z' is not a valid date"
            " (hour must be in 0..23)",
        ),
        ("a: !!int ''\n", "invalid YAML at line 2, column 4: '' is not a valid whole number"),
        ("a: !!int 0.5\n", "invalid YAML at line 2, column 4: '0.5' is not a valid whole number"),
        ("a: !!float x\n", "invalid YAML at line 2, column 4: 'x' is not a valid number"),
        ("a: !!bool x\n", "invalid YAML at line 2, column 4: 'x' is not a valid true/false value"),
        ("a: !!timestamp x\n", "invalid YAML at line 2, column 4: 'x' is not a valid date"),
        (
            "a: {b: [!!int x]}\n",
            "invalid YAML at line 2, column 9: 'x' is not a valid whole number",
        ),
    ],
)
def test_values_that_fit_no_type_are_errors_not_crashes(text: str, message: str) -> None:
    assert _error(text) == message


def test_impossible_date_in_a_file_is_an_article_error(tmp_path: Path) -> None:
    path = tmp_path / "typo.md"
    path.write_text("---\ntitle: x\npublishedDateTime: 2021-02-30T10:00:00Z\n---\n")
    article = store.read_article(path)
    assert article.error is not None
    assert article.error.startswith("invalid YAML at line 3")


def test_unhashable_key_is_refused() -> None:
    assert "not a plain value" in _error("? [a]\n: 1\n")


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system ['touch {marker}']\n", "!!python/object/apply"),
        ("a: !!python/object/new:os.system ['touch {marker}']\n", "!!python/object/new"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!python/object:subprocess.Popen {{args: ['touch', '{marker}']}}\n", "!!python"),
        ("a: !foo touch {marker}\n", "!foo"),
        ("a: !foo [touch, '{marker}']\n", "!foo"),
        ("a: !<tag:example.com,2000:run> touch {marker}\n", "tag:example.com"),
    ],
)
def test_tags_are_refused_and_never_run(tmp_path: Path, text: str, tag: str) -> None:
    marker = tmp_path / "ran"
    message = _error(text.format(marker=marker))
    assert tag in message
    assert "not allowed" in message
    assert not marker.exists()


def test_tags_in_a_file_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.md"
    path.write_text(
        f"---\ntitle: x\nrun: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    )
    article = store.read_article(path)
    assert article.error is not None
    assert "line 3" in article.error
    assert not marker.exists()


def test_billion_laughs_is_refused() -> None:
    lines = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for index in range(1, 10):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    message = _error("\n".join(lines) + "\n")
    assert "expands to more than" in message


def test_moderate_aliasing_is_fine() -> None:
    text = "a: &a [1, 2, 3]\nb: *a\nc: [*a, *a]\n"
    assert yamlio.load(text) == {"a": [1, 2, 3], "b": [1, 2, 3], "c": [[1, 2, 3], [1, 2, 3]]}


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x\n  - 1\n  - *x\n"])
def test_recursive_alias_is_refused(text: str) -> None:
    assert "refers to itself" in _error(text)


def test_undefined_alias() -> None:
    assert _error("a: *nope\n").startswith("invalid YAML at line 2, column 4:")


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "a: " + "{x: " * 3000 + "1" + "}" * 3000 + "\n",
        "a:\n" + "".join(" " * i + "- \n" for i in range(3000)),
    ],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    message = _error(text)
    assert "nest" in message


def test_deep_nesting_within_limits_loads() -> None:
    data = yamlio.load("a: " + "[" * 50 + "1" + "]" * 50 + "\n")
    value = data["a"]
    for _ in range(50):
        assert isinstance(value, list)
        value = value[0]
    assert value == 1


def test_pure_python_loader_refuses_deep_nesting_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without libyaml there is no nesting limit in the parser: Python's recursion limit is
    # the guard, and it must turn into an ArticleError rather than escape.
    pure = type("PureStrict", (yamlio._NoDuplicateKeys, yaml.SafeLoader), {})
    monkeypatch.setattr(yamlio, "_StrictLoader", pure)
    monkeypatch.setattr(yamlio, "WITH_LIBYAML", False)
    assert yamlio.load("a: [[1]]\n") == {"a": [[1]]}
    message = _error("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message == "the front matter is nested too deeply; at most 100 levels are allowed"
    assert "duplicate key" in _error("a: 1\na: 2\n")
    assert _error("x: 1\na: éé🎉\x01\n").startswith("invalid YAML at line 3, column 7:")


def test_fixtures_load() -> None:
    for path in fixture_paths():
        article = store.read_article(path)
        assert article.error is None, (path.name, article.error)
        assert article.data, path.name


#: Front matters the one-pass construction must read exactly as PyYAML's constructor does:
#: every scalar kind and spelling, nesting, keys that are not text, and what it leaves to
#: the usual construction (merge keys, tags, duplicates, values that fail, odd keys).
SAME_EITHER_WAY = [
    "a: 1\nb: -0x1F\nc: 0o17\nd: 0b101\ne: 1_000\nf: 1:20\ng: +12\nh: 017",
    "a: 1.5\nb: .inf\nc: -.Inf\nd: .nan\ne: 6.8523015e+5\nf: 1_0.5\ng: 190:20:30.15",
    "a: yes\nb: Off\nc: fAlSe\nd: ~\ne: NULL\nf: y\ng: n\nh: ''\ni:\nj: 'true'",
    "a: 2019-08-26T15:00:16Z\nb: 2001-12-14 21:59:43.10 -5\nc: 2002-12-14\nd: 2021-02-30",
    "top:\n  - name: a\n    x: [1, {b: [c, 2]}]\n  - [[], {}]\nflow: {k: v, n: 1}",
    "1: a\ntrue: b\n2002-12-14: c\n~: d\n1.5: e\n",
    "1: a\n1.0: b\n",
    "true: a\n1: b\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "<<: {x: 1}\ny: 2\n",
    "=: value\n",
    "a: =\n",
    "a: !!str 12\nb: !!int '7'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''",
    "a: !!set {x, y}\nb: !!omap [{x: 1}]\nc: !!binary aGVsbG8=\nd: !!timestamp 2001-01-01",
    "a: !!int 'nope'\n",
    "? [a, b]\n: c\n",
    "? {a: 1}\n: c\n",
    "a: !custom x\n",
    "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    "- a\n- 1\n",
    "just text",
    "42",
    "emoji: 🎉\nkey 🔑: 'é'\n",
]


def _typed(value: object) -> object:
    """``value`` with every type spelled out (``1 == True == 1.0`` would hide a change)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (type(value).__name__, [_typed(item) for item in items])
    return (type(value).__name__, repr(value))


def _outcome(text: str) -> object:
    try:
        return _typed(yamlio.load_value(text))
    except ArticleError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("text", SAME_EITHER_WAY)
def test_the_one_pass_construction_reads_as_pyyaml_does(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _outcome(text)
    with monkeypatch.context() as patched:
        patched.setattr(yamlio, "_construct", _refuse)
        usual = _outcome(text)
    assert fast == usual


def test_plain_front_matters_are_built_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    construct = yamlio._construct
    inside = [False]

    def spy(loader: object, node: yaml.Node) -> object:
        """Counts the documents built (it calls itself for each value)."""
        if inside[0]:
            return construct(loader, node)
        inside[0] = True
        try:
            built.append(construct(loader, node))
        finally:
            inside[0] = False
        return built[-1]

    texts = [SAME_EITHER_WAY[i] for i in (0, 1, 2, 4)]  # numbers, booleans, nesting
    for path in fixture_paths():
        article = store.read_article(path)
        if article.parts is not None and article.error is None and b"*" not in article.raw:
            texts.append(article.parts.front.decode("utf-8"))
    monkeypatch.setattr(yamlio, "_construct", spy)
    for text in texts:
        fast = _outcome(text)
        with monkeypatch.context() as patched:
            patched.setattr(yamlio, "_construct", _refuse)
            assert _outcome(text) == fast
    assert len(built) == len(texts)


def _refuse(loader: object, node: yaml.Node) -> object:
    raise ValueError("the usual construction, please")


def test_a_load_leaves_no_reference_cycles() -> None:
    """The loading pool's workers are forked while the collector is paused: a cycle made
    per load (with the loader in it) would never be freed there."""
    texts = [SAME_EITHER_WAY[i] for i in (0, 2, 4, 8, 10, 16)]  # plain, duplicate, merge, bad
    gc.collect()
    gc.disable()
    try:
        for text in texts * 3:
            _outcome(text)
        assert gc.collect() == 0
    finally:
        gc.enable()
