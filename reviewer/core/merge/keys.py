"""The merge by key: two versions of a front matter that share a base, merged key by key.

For each top-level key (and, where both sides changed it, each key of nested mappings):

- a key only THEIR version changed (its value, or only its text) gets their entry, copied
  as written: the merge of a change is that change's own bytes;
- a key only OUR version changed keeps ours, and so does one both changed alike;
- a key added or removed on one side follows that side;
- a key both changed differently is merged below it when both values are mappings (key by
  key, recursively) or lists of distinct strings (as sets: our order, what they removed
  dropped, what they added appended in their order); those merged values are written into
  our text by the save layer's text surgery (``frontmatter.edit.apply_changes``);
- anything else is a **conflict**: the key's whole top-level entry is put between git's
  diff3 markers (see ``markers``). For a conflict below the top (``provider.name``) each
  side of the block is the merged entry with that side's value at the conflicting paths,
  so choosing a side keeps every change that did not conflict.

The result starts from our text: our bytes (BOM, line endings, quotes, comments, blank
lines) stay, and only what they changed is patched in. The result is loaded again and must
hold exactly the merged values (with every conflict taken as ours), or the whole file is
merged line by line instead. So is a file that cannot be merged by key: a version without a
front matter or with one that does not load, fences or line endings changed, or comments
and blank lines between keys changed on their side. Bytes are never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reviewer.core.errors import ArticleError, EditError
from reviewer.core.frontmatter import edit, split, yamlio
from reviewer.core.frontmatter.values import MISSING, KeyPath, same
from reviewer.core.merge import markers
from reviewer.core.merge.layout import Layout, Unmergeable

#: A line merge: (base, current, other) to (merged bytes, clean). Markers where not clean.
Merger = Callable[[bytes, bytes, bytes], tuple[bytes, bool]]


@dataclass(frozen=True)
class MergeResult:
    """What a merge gives: the file's bytes and what is left to settle.

    ``conflicts``: the key paths whose values both sides changed differently (each inside a
    conflict block); ``line_conflicts``: the line merge left git's markers (in the body,
    or anywhere when the whole file was merged by lines); ``by_lines``: why the whole file
    was merged line by line ("" when merged by key).
    """

    data: bytes
    conflicts: tuple[KeyPath, ...] = ()
    line_conflicts: bool = False
    by_lines: str = ""

    @property
    def clean(self) -> bool:
        """True when nothing is left to settle."""
        return not self.conflicts and not self.line_conflicts


@dataclass(frozen=True)
class _Version:
    parts: split.Parts
    data: dict[str, Any]
    layout: Layout


def merge(base: bytes, current: bytes, other: bytes, merge_body: Merger) -> MergeResult:
    """Merge ``other``'s changes since ``base`` into ``current`` (see the module's text).

    ``merge_body`` merges what is not merged by key (the bodies, or whole files) by lines,
    with its arguments in this function's order.
    """
    if current == other or other == base:
        return MergeResult(current)
    if current == base:
        return MergeResult(other)
    try:
        b, c, o = _read(base, "the base version"), _read(current, "ours"), _read(other, "theirs")
        bom, opening, closing = (
            _pick(getattr(b.parts, name), getattr(c.parts, name), getattr(o.parts, name))
            for name in ("bom", "opening", "closing")
        )
        if bom is None or opening is None or closing is None:
            raise Unmergeable("both sides changed the fences or the byte order mark")
        if not b.parts.newline == c.parts.newline == o.parts.newline:
            raise Unmergeable("the versions' line endings differ")
        front, conflicts = _merge_front(b, c, o)
    except Unmergeable as exc:
        merged, clean = merge_body(base, current, other)
        return MergeResult(merged, line_conflicts=not clean, by_lines=str(exc))
    body = _pick(b.parts.body, c.parts.body, o.parts.body)
    body_clean = True
    if body is None:
        body, body_clean = merge_body(b.parts.body, c.parts.body, o.parts.body)
    data = b"".join((bom, opening, front.encode("utf-8"), closing, body))
    return MergeResult(data, tuple(conflicts), line_conflicts=not body_clean)


def _pick(base: bytes, current: bytes, other: bytes) -> bytes | None:
    """The three-way pick of a piece: the side that changed it, None when both did."""
    if current in (other, base):
        return other if current == base else current
    return current if other == base else None


def _read(raw: bytes, name: str) -> _Version:
    try:
        parts = split.split(raw)
        if parts is None:
            raise Unmergeable(f"{name} has no front matter")
        data = yamlio.load(split.decode_front(parts.front))
    except ArticleError as exc:
        raise Unmergeable(f"{name}: {exc}") from None
    layout = Layout(split.decode_front(parts.front))
    if not all(isinstance(key, str) for key in data) or list(layout.entries) != list(data):
        raise Unmergeable(f"the keys of {name} are not all plain text")
    return _Version(parts, data, layout)


def _merge_front(b: _Version, c: _Version, o: _Version) -> tuple[str, list[KeyPath]]:
    """The merged front matter text and its conflicts' key paths."""
    if c.layout.text == b.layout.text:
        return o.layout.text, []
    if o.layout.text in (b.layout.text, c.layout.text):
        return c.layout.text, []
    if o.layout.gaps() not in (b.layout.gaps(), c.layout.gaps()):
        raise Unmergeable("theirs changed comments or blank lines between keys")
    plan = _Plan(b, c, o)
    plan.decide()
    return plan.write()


class _Plan:
    """What happens to each top-level key, then the text that does it."""

    def __init__(self, b: _Version, c: _Version, o: _Version) -> None:
        self.b, self.c, self.o = b, c, o
        self.newline = c.parts.newline
        self.changes: dict[KeyPath, Any] = {}  # merged values our text gets by surgery
        self.take: dict[str, str | None] = {}  # keys whose entry is theirs (None: removed)
        self.conflicted: dict[str, list[KeyPath]] = {}

    def decide(self) -> None:
        b, c, o = self.b, self.c, self.o
        for key in dict.fromkeys([*b.data, *c.data, *o.data]):
            bv, cv, ov = (v.data.get(key, MISSING) for v in (b, c, o))
            bt, ct, ot = (v.layout.text_of(key) for v in (b, c, o))
            if ot == bt and same(ov, bv):
                continue  # theirs left it alone
            if ct == bt and same(cv, bv):
                self.take[key] = ot  # only theirs changed it: their text
                continue
            if same(cv, ov) or same(bv, ov):
                continue  # the same change, or theirs only rewrote the text
            found: list[KeyPath] = []
            _merge_value((key,), bv, cv, ov, self.changes, found)
            if found:
                self.conflicted[key] = found

    def write(self) -> tuple[str, list[KeyPath]]:
        text = self._surgery(self.c.layout.text)
        layout = Layout(text)
        try:
            intended = yamlio.load(text)
        except ArticleError as exc:
            raise Unmergeable(f"the merged values could not be written: {exc}") from None
        for key, entry in self.take.items():
            edit.put(intended, (key,), MISSING if entry is None else self.o.data[key])
        merged = self._splice(layout, with_blocks=True)
        check = self._splice(layout, with_blocks=False) if self.conflicted else merged
        try:
            result = yamlio.load(check)
        except ArticleError as exc:
            raise Unmergeable(f"the merge by key would not load: {exc}") from None
        if set(result) != set(intended) or any(not same(result[k], intended[k]) for k in result):
            raise Unmergeable("the merge by key would not hold the merged values")
        return merged, [path for paths in self.conflicted.values() for path in paths]

    def _surgery(self, text: str) -> str:
        """Our text with the merged values written; a key whose values cannot be written
        exactly becomes a conflict on its whole entry."""
        if not self.changes:
            return text
        try:
            return edit.apply_changes(text, self.changes, self.newline)
        except EditError:
            pass
        for key in dict.fromkeys(path[0] for path in self.changes):
            some = {p: v for p, v in self.changes.items() if p[0] == key}
            try:
                text = edit.apply_changes(text, some, self.newline)
            except EditError:
                self.conflicted[key] = [(key,)]
        return text

    def _splice(self, layout: Layout, *, with_blocks: bool) -> str:
        """The merged text: their entries in, conflict blocks (or our side of them)."""
        splices: list[tuple[int, int, str]] = []
        for key, entry_text in self.take.items():
            entry = layout.entries.get(key)
            if entry is not None:
                splices.append((entry.start, entry.end, entry_text or ""))
            elif entry_text is not None:
                at = self._insertion(key, layout)
                splices.append((at, at, entry_text))
        for key, paths in self.conflicted.items():
            ours = layout.text_of(key) or ""
            text = self._block(key, paths, ours) if with_blocks else ours
            entry = layout.entries.get(key)
            if entry is not None:
                splices.append((entry.start, entry.end, text))
            else:
                at = self._insertion(key, layout)
                splices.append((at, at, text))
        order = sorted(
            range(len(splices)), key=lambda i: (splices[i][0], splices[i][1] > splices[i][0], i)
        )
        out: list[str] = []
        position = 0
        for index in order:
            start, end, text = splices[index]
            if start < position:
                raise Unmergeable("two merged keys overlap")
            out.append(layout.text[position:start])
            if text and start == len(layout.text) and layout.text[-1:] not in ("", "\n"):
                text = self.newline + text  # after a last line without a line break
            out.append(text)
            position = end
        out.append(layout.text[position:])
        return "".join(out)

    def _insertion(self, key: str, layout: Layout) -> int:
        """Where a key our text lacks goes: after the key before it in theirs (or in the
        base) that our text has; else before our first key; else at the end."""
        order = list(self.o.data if key in self.o.data else self.b.data)
        for previous in reversed(order[: order.index(key)]):
            entry = layout.entries.get(previous)
            if entry is not None:
                return entry.end
        first = next(iter(layout.entries.values()), None)
        return first.start if first is not None else len(layout.text)

    def _block(self, key: str, paths: list[KeyPath], ours: str) -> str:
        base_text = self.b.layout.text_of(key) or ""
        theirs_text = self.o.layout.text_of(key) or ""
        if paths != [(key,)] and ours:
            base_text = self._side(ours, paths, self.b.data, base_text)
            theirs_text = self._side(ours, paths, self.o.data, theirs_text)
        return markers.block(ours, base_text, theirs_text, self.newline)

    def _side(self, ours: str, paths: list[KeyPath], data: dict[str, Any], whole: str) -> str:
        """Our merged entry with ``data``'s values at ``paths`` (``whole``, that side's own
        entry, when that cannot be written exactly)."""
        try:
            return edit.apply_changes(ours, {p: _lookup(data, p) for p in paths}, self.newline)
        except (EditError, ArticleError):
            return whole


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


def _words(value: Any) -> bool:
    """A list of distinct strings (``topics``): merged as a set."""
    return (
        isinstance(value, list)
        and all(isinstance(item, str) for item in value)
        and len(set(value)) == len(value)
    )


def _merge_value(
    path: KeyPath,
    b: Any,
    c: Any,
    o: Any,
    changes: dict[KeyPath, Any],
    conflicts: list[KeyPath],
) -> Any:
    """The merged value at ``path``; what our value needs changed goes in ``changes``, the
    paths both sides changed differently in ``conflicts`` (their value: ours)."""
    if same(c, o) or same(b, o):
        return c
    if same(b, c):
        changes[path] = o
        return o
    mappings = all(isinstance(v, dict) for v in (b, c, o))
    if mappings and all(isinstance(k, str) for v in (b, c, o) for k in v):
        merged: dict[str, Any] = {}
        for key in dict.fromkeys([*c, *o]):
            value = _merge_value(
                (*path, key),
                b.get(key, MISSING),
                c.get(key, MISSING),
                o.get(key, MISSING),
                changes,
                conflicts,
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    if _words(b) and _words(c) and _words(o):
        removed = {item for item in b if item not in o}
        words = [item for item in c if item not in removed]
        words += [item for item in o if item not in b and item not in c]
        if not same(words, c):
            changes[path] = words
        return words
    conflicts.append(path)
    return c
