"""Property-based tests of the save layer: an edit is exact, or refused and nothing is written.

Random front matters (PyYAML dumps in varied styles, and hand-assembled texts with comments and
blank lines) get random edits. Either apply_changes succeeds, the result loads to exactly the
intended data and every untouched key's lines (and every comment) are still there in order, or
it raises EditError and a store.save of the same edit leaves the file byte-identical.
"""

from __future__ import annotations

import copy
import datetime as dt
import string
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from core_support import assert_blocks_in_order, content_end, key_line_ranges
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reviewer.core import store
from reviewer.core.dates import to_datetime
from reviewer.core.errors import ArticleError, EditError
from reviewer.core.frontmatter import edit as edit_module
from reviewer.core.frontmatter import tree, yamlio
from reviewer.core.frontmatter.edit import MISSING, apply_changes, same

Changes = dict[tuple[str, ...], Any]
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- data -----------------------------------------------------------------------------------------

simple_keys = st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=8).filter(
    lambda k: not k[0].isdigit() and k.lower() not in ("y", "n", "yes", "no", "on", "off")
)
odd_keys = st.text(min_size=1, max_size=8).filter(lambda k: k != "<<")
keys = st.one_of(simple_keys, simple_keys, simple_keys, odd_keys)

texts = st.one_of(
    st.text(max_size=20),
    st.text(string.ascii_letters + " :#-'\"[]{},&*!|>%@`?", max_size=20),
    st.sampled_from(["yes", "No", "null", "~", "123", "1.5", "2021-09-20", "Lamps 🎉", "a: b"]),
)
scalars = st.one_of(
    texts,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(
        min_value=dt.datetime(1970, 1, 2),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([None, dt.timezone.utc]),
    ).map(lambda d: d.replace(microsecond=0)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=8,
)
front_data = st.dictionaries(keys, values, min_size=1, max_size=6)


def _dump(data: dict[str, Any], draw: st.DrawFn) -> str:
    return yaml.safe_dump(
        data,
        default_flow_style=draw(st.sampled_from([False, None, True])),
        default_style=draw(st.sampled_from([None, None, None, '"', "'"])),
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        indent=draw(st.sampled_from([2, 4])),
        width=draw(st.sampled_from([80, 10**6])),
    )


@st.composite
def front_matters(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    """(text, data, comment lines) of a random front matter."""
    data = draw(front_data)
    if draw(st.booleans()):
        text = _dump(data, draw)
        comments: list[str] = []
    else:  # assembled key by key, with comments, blank lines and trailing comments
        chunks: list[str] = []
        comments = []
        for key, value in data.items():
            if draw(st.booleans()):
                comment = f"# about {len(chunks)}"
                comments.append(comment)
                chunks.append(comment + "\n")
            if draw(st.booleans()):
                chunks.append("\n")
            chunk = _dump({key: value}, draw)
            if chunk.count("\n") == 1 and draw(st.booleans()) and "#" not in chunk:
                chunk = chunk.rstrip("\n") + "  # note\n"
            chunks.append(chunk)
        if draw(st.booleans()):
            comments.append("# the end")
            chunks.append("\n# the end\n")
        text = "".join(chunks)
    try:
        loaded = yamlio.load(text)
    except ArticleError:  # PyYAML cannot read back every dump it makes
        loaded = None
    if not isinstance(loaded, dict) or not same(loaded, data):
        loaded = None
    assume(loaded is not None)
    return text, data, comments


# -- edits ----------------------------------------------------------------------------------------


def _paths_of_kind(data: dict[str, Any], kind: type) -> list[str]:
    return [k for k, v in data.items() if isinstance(v, kind) and not isinstance(v, bool)]


@st.composite
def edits(draw: st.DrawFn, data: dict[str, Any]) -> Changes:
    """1-3 random changes on distinct top-level keys."""
    changes: Changes = {}
    used: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        existing = [k for k in data if k not in used]
        op = draw(
            st.sampled_from(
                ["set", "set", "new", "delete", "append", "remove", "nested", "nested-new", "whole"]
            )
        )
        if op in ("set", "delete", "whole") and existing:
            key = draw(st.sampled_from(existing))
            if op == "set":
                changes[(key,)] = draw(scalars)
            elif op == "delete":
                changes[(key,)] = MISSING
            else:
                changes[(key,)] = draw(values)
        elif op in ("append", "remove") and (
            lists := _paths_of_kind({k: data[k] for k in existing}, list)
        ):
            key = draw(st.sampled_from(lists))
            items = list(data[key])
            if op == "append":
                items.append(draw(values))
            elif items:
                del items[draw(st.integers(0, len(items) - 1))]
            changes[(key,)] = items
        elif op == "nested" and (maps := _paths_of_kind({k: data[k] for k in existing}, dict)):
            key = draw(st.sampled_from(maps))
            inner = list(data[key])
            sub = (
                draw(st.sampled_from(inner)) if bool(inner) and draw(st.booleans()) else draw(keys)
            )
            changes[(key, sub)] = draw(st.one_of(scalars, st.just(MISSING)))
        elif op == "nested-new":
            key = draw(keys.filter(lambda k: k not in data and k not in used))
            changes[(key, draw(keys))] = draw(scalars)
        else:
            key = draw(keys.filter(lambda k: k not in used))
            changes[(key,)] = draw(values)
        used.add(key)
    return changes


def _intended(data: dict[str, Any], changes: Changes) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for path, value in changes.items():
        target = result
        for part in path[:-1]:
            if not isinstance(target.get(part), dict):
                if value is MISSING:
                    break
                target[part] = {}
            target = target[part]
        else:
            if value is MISSING:
                target.pop(path[-1], None)
            else:
                target[path[-1]] = value
    return result


# -- the property ---------------------------------------------------------------------------------


def _check_kept(text: str, result: str, changes: Changes, comments: list[str]) -> None:
    """Lines of untouched keys, and comments outside changed keys, are kept in order.

    A line shared with a changed key (a one-line flow mapping) may change with it.
    """
    touched = {path[0] for path in changes}
    root = tree.parse(text)
    if isinstance(root, tree.Mapping) and root.flow:  # `{a: 1, b: 2}`: check the entries' text
        position = 0
        for key_node, value in root.pairs:
            assert isinstance(key_node, tree.Scalar)
            if key_node.value not in touched:
                entry = text[key_node.start : content_end(text, value)]
                found = result.find(entry, position)
                assert found >= 0, f"entry not kept (or out of order): {entry!r}"
                position = found + len(entry)
        return
    lines = text.split("\n")  # YAML also breaks lines at U+0085 etc.; the check does not
    ranges = key_line_ranges(text)
    changed = {
        index
        for key, (first, last) in ranges.items()
        if key in touched
        for index in range(first, last + 1)
    }
    blocks: list[tuple[int, list[str]]] = []
    for key, (first, last) in ranges.items():
        if key in touched:
            continue
        block: list[str] = []
        for index in range(first, last + 1):
            if index in changed:
                blocks.append((index, block))
                block = []
            else:
                block.append(lines[index])
        blocks.append((first, block))
    for index, line in enumerate(lines):
        if line in comments and index not in changed:
            blocks.append((index, [line]))
    blocks.sort(key=lambda pair: pair[0])
    assert_blocks_in_order(result.split("\n"), [block for _, block in blocks])


def _is_dateish(value: object) -> bool:
    return isinstance(value, dt.date) or (
        isinstance(value, str) and edit_module._is_date_text(value)
    )


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _in_order_of(model: Any, value: Any) -> Any:
    """``value`` with its mappings' keys in ``model``'s order, where both hold the same keys."""
    if isinstance(model, dict) and isinstance(value, dict) and set(model) == set(value):
        return {key: _in_order_of(model[key], value[key]) for key in model}
    if isinstance(model, list) and isinstance(value, list) and len(model) == len(value):
        return [_in_order_of(m, v) for m, v in zip(model, value, strict=True)]
    return value


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def _same_date(loaded: object, requested: dt.date) -> bool:
    """Whether ``loaded`` is ``requested`` written in a file's date style.

    A date keeps the file's form: a date-only value drops the time, a text date stays text,
    a naive time over a zoned one is taken as UTC.
    """
    wanted = (
        requested
        if isinstance(requested, dt.datetime)
        else dt.datetime(requested.year, requested.month, requested.day)
    )
    if isinstance(loaded, str):
        parsed = to_datetime(loaded)
        return parsed is not None and parsed.date() == wanted.date()
    if isinstance(loaded, dt.datetime):
        return _as_utc(loaded) == _as_utc(wanted)
    if isinstance(loaded, dt.date):
        return loaded in (wanted.date(), _as_utc(wanted).astimezone(dt.timezone.utc).date())
    return False


def _check_save_refused(text: str, changes: Changes) -> None:
    """A refused edit through store.save leaves the file byte-identical, with no temp file."""
    raw = b"---\n" + text.encode("utf-8") + b"---\nbody ---\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.md"
        path.write_bytes(raw)
        article = store.read_article(path)
        assert article.error is None, article.error
        try:
            store.save(article, changes)
        except EditError:
            pass
        else:
            raise AssertionError("store.save accepted an edit apply_changes refused")
        assert path.read_bytes() == raw
        assert [p.name for p in Path(folder).iterdir()] == ["article.md"]


def _run(text: str, data: dict[str, Any], comments: list[str], changes: Changes, crlf: bool) -> str:
    newline = "\r\n" if crlf else "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        result = apply_changes(text, changes, newline)
    except EditError:
        _check_save_refused(text, changes)
        return "refused"
    intended = _intended(data, changes)
    loaded = yamlio.load(result)
    for path, value in changes.items():
        if isinstance(value, dt.date) and _is_dateish(_lookup(data, path)):
            # The value takes the file's date form (see _same_date): check it, then take it.
            written = _lookup(loaded, path)
            assert _same_date(written, value), (result, value)
            _lookup(intended, path[:-1])[path[-1]] = written
    for path in changes:
        # A replaced block mapping keeps its keys' order in the file; new keys go last.
        parent = _lookup(intended, path[:-1]) if len(path) > 1 else intended
        if isinstance(parent, dict) and path[-1] in parent:
            parent[path[-1]] = _in_order_of(_lookup(loaded, path), parent[path[-1]])
    assert same(loaded, intended), (result, intended)
    if crlf:
        assert result.count("\n") == result.count("\r\n"), result
        text, result = text.replace("\r\n", "\n"), result.replace("\r\n", "\n")
    _check_kept(text, result, changes, comments)
    return "done"


def test_random_edits_are_exact_or_refused() -> None:
    outcomes: Counter[str] = Counter()

    @SETTINGS
    @given(st.data())
    def run(draw: st.DataObject) -> None:
        text, data, comments = draw.draw(front_matters())
        changes = draw.draw(edits(data))
        crlf = draw.draw(st.booleans())
        outcomes[_run(text, data, comments, changes, crlf)] += 1

    run()
    # Refusal is allowed, but the save layer must do most ordinary edits.
    assert outcomes["done"] >= 0.6 * sum(outcomes.values()), outcomes


def test_random_single_scalar_edits_on_block_dumps() -> None:
    """Setting one top-level value in a plain block-style file: always done, never refused."""
    outcomes: Counter[str] = Counter()
    block_data = st.dictionaries(simple_keys, values, min_size=1, max_size=6)

    @SETTINGS
    @given(block_data, st.data())
    def run(data: dict[str, Any], draw: st.DataObject) -> None:
        text = yaml.safe_dump(data, default_flow_style=False, sort_keys=False, allow_unicode=True)
        assume(same(yamlio.load(text), data))  # PyYAML cannot read back every dump it makes
        key = draw.draw(st.sampled_from(list(data)))
        value = draw.draw(scalars)
        outcomes[_run(text, data, [], {(key,): value}, crlf=False)] += 1

    run()
    assert outcomes["refused"] == 0, outcomes


def test_random_toggles_and_new_keys_never_refused() -> None:
    outcomes: Counter[str] = Counter()

    @SETTINGS
    @given(front_matters(), st.booleans(), st.booleans())
    def run(fm: tuple[str, dict[str, Any], list[str]], value: bool, crlf: bool) -> None:
        text, data, comments = fm
        key = "published"
        if key in data:
            return
        outcomes[_run(text, data, comments, {(key,): value}, crlf)] += 1

    run()
    assert outcomes["refused"] == 0, outcomes
