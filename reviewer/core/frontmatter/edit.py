"""The save layer's text surgery: change values in front matter, and nothing else.

Each change is made by replacing the source span of one value (found in the light syntax tree)
with freshly written text in the same style, by inserting one line per new key or appended
list item, or by removing the lines of a removed key or item. Everything outside those spans
is never touched. The result is parsed again and must equal the intended data exactly, or the
edit is refused: an edit either does precisely what was asked or writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from typing import Any

from reviewer.core.collector import collector_paused
from reviewer.core.dates import DateStyle, to_datetime
from reviewer.core.errors import ArticleError, EditError
from reviewer.core.frontmatter import emit, tree, yamlio
from reviewer.core.frontmatter.spans import Lead, TextPositions
from reviewer.core.frontmatter.values import (
    MISSING,
    KeyPath,
    kept_indexes,
    nesting,
    put,
    same,
    unshared_copy,
)

__all__ = ["MISSING", "KeyPath", "apply_changes", "put", "same", "unshared_copy"]


def apply_changes(
    text: str,
    changes: MappingABC[KeyPath, Any],
    newline: str = "\n",
    *,
    data: dict[str, Any] | None = None,
) -> str:
    """Return ``text`` with ``changes`` made; raise EditError if that cannot be done exactly.

    ``data``: ``yamlio.load(text)`` when the caller has it already (a full article's data:
    one parse fewer of each edited file; it is read, never changed). The result is always
    loaded again and compared with what was asked.

    The work is linear in the size of ``text`` for each change (with the garbage collector
    paused on big texts: see collector.collector_paused).
    """
    if len(text) >= yamlio.PAUSE_COLLECTOR_AT:
        with collector_paused():
            return _apply_changes(text, changes, newline, data)
    return _apply_changes(text, changes, newline, data)


def _apply_changes(
    text: str, changes: MappingABC[KeyPath, Any], newline: str, data: dict[str, Any] | None
) -> str:
    if data is None:
        data = yamlio.load(text)
    # Not copy.deepcopy: it keeps aliased values shared, so changing one would change all.
    intended = unshared_copy(data)
    loaded: dict[str, Any] | None = data  # the data of ``text`` until a change edits it
    for path, value in changes.items():
        if not path or not all(isinstance(part, str) and part for part in path):
            raise EditError(f"not a key: {'.'.join(map(str, path))!r}")
        depth = len(path) + nesting(value, yamlio.MAX_DEPTH)
        if depth > yamlio.MAX_DEPTH:
            raise EditError(
                f"the new value of {'.'.join(path)!r} would nest the front matter more than "
                f"{yamlio.MAX_DEPTH} levels deep"
            )
        try:
            text, effective = _Surgeon(text, newline).change(path, value, loaded)
            loaded = None
        except ArticleError as exc:  # an earlier change in this call broke the text
            raise EditError(f"the edited front matter would not be valid: {exc}") from None
        except TypeError as exc:  # a value YAML cannot hold (bytes, a set, a time...)
            raise EditError(str(exc)) from None
        put(intended, path, effective)
    try:
        result = yamlio.load(text)
    except ArticleError as exc:
        raise EditError(f"the edited front matter would not be valid: {exc}") from None
    if not same(result, intended):
        raise EditError(
            f"the edit would change more than asked ({_first_difference(result, intended)})"
        )
    return text


def _first_difference(result: dict[str, Any], intended: dict[str, Any]) -> str:
    for key in dict.fromkeys([*result, *intended]):
        if not same(result.get(key, MISSING), intended.get(key, MISSING)):
            return f"the value of {key!r} would differ"
    return "the key order would differ"


@dataclass
class _Splice:
    start: int
    end: int
    text: str


class _Surgeon(TextPositions):
    """Works out the splices for one change against the current text."""

    def __init__(self, text: str, newline: str) -> None:
        super().__init__(text)
        self.newline = newline
        self.splices: list[_Splice] = []
        self.in_flow = False  # the changed value sits in a `{...}` mapping: write flow text

    # -- entry point

    def change(
        self, path: KeyPath, value: Any, data: dict[str, Any] | None = None
    ) -> tuple[str, Any]:
        """Make one change; ``data`` is the text loaded, when the caller has it already."""
        if data is None:
            data = yamlio.load(self.text)
        root = tree.parse(self.text)
        if root is not None and not isinstance(root, tree.Mapping):
            raise EditError("the front matter is not a mapping")
        self.root = root
        effective = self._change_in(root, data, path, value)
        return self._apply(), effective

    def _change_in(
        self, mapping: tree.Mapping | None, data: dict[str, Any], path: KeyPath, value: Any
    ) -> Any:
        key, rest = path[0], path[1:]
        pair = mapping.find(key) if mapping is not None else None
        self.in_flow = mapping is not None and mapping.flow
        if value is MISSING and (pair is None or (rest and not isinstance(data.get(key), dict))):
            return value  # nothing to remove
        if rest:
            child = data.get(key)
            if pair is not None and isinstance(pair[1], tree.Mapping) and isinstance(child, dict):
                if value is MISSING and len(rest) == 1 and list(child) == [rest[0]]:
                    # Removing the only key: the mapping becomes `{}`, not an empty value.
                    self._replace(pair[1], child, {}, self._after_colon(pair, mapping))
                    return value
                return self._change_in(pair[1], child, rest, value)
            # The parent is missing, not a mapping, or an alias: write it whole with the change.
            new_child: dict[str, Any] = unshared_copy(child) if isinstance(child, dict) else {}
            put(new_child, rest, value)
            if pair is None:
                self._insert_pair(mapping, key, new_child)
            else:
                self._replace(pair[1], child, new_child, self._after_colon(pair, mapping))
            return value
        if pair is None:
            self._insert_pair(mapping, key, value)
            return value
        if value is MISSING:
            self._delete_pair(mapping, pair)  # type: ignore[arg-type]
            return value
        return self._replace(pair[1], data[key], value, self._after_colon(pair, mapping))

    # -- replacing a value

    def _replace(self, node: tree.Node, old: Any, new: Any, lead: Lead) -> Any:
        """Replace ``node`` (holding ``old``) by ``new``; return the value the text now holds."""
        if same(old, new):
            return old
        if isinstance(node, tree.Alias):
            self._splice(node.start, node.end, self._inline(new))
            return new
        if isinstance(node, tree.Scalar) and emit.is_scalar(new):
            return self._replace_scalar(node, old, new)
        if isinstance(node, (tree.Sequence, tree.Mapping)) and not node.flow and new in ([], {}):
            return self._replace_whole(node, new, lead)  # a block cannot be empty: `[]`, `{}`
        if isinstance(node, tree.Sequence) and isinstance(new, list) and isinstance(old, list):
            if node.flow:
                self._splice(
                    self._content_start(node), node.end, emit.flow(new, self._item_style(node))
                )
                return new
            return self._replace_block_sequence(node, old, new, lead)
        if isinstance(node, tree.Mapping) and isinstance(new, dict) and isinstance(old, dict):
            if node.flow:
                self._splice(self._content_start(node), node.end, emit.flow(new))
                return new
            return self._replace_block_mapping(node, old, new)
        return self._replace_whole(node, new, lead)

    def _replace_scalar(self, node: tree.Scalar, old: Any, new: Any) -> Any:
        start, end = self._content_start(node), self._content_end(node)
        if node.tag is not None and type(new) is not type(old):
            # An explicit tag (`!!int 3`) would not fit the new value: drop it, keep the anchor.
            self._splice(node.start, start, f"&{node.anchor} " if node.anchor else "")
        if isinstance(new, dt.date) and (isinstance(old, dt.date) or _is_date_text(old)):
            when = (
                new if isinstance(new, dt.datetime) else dt.datetime(new.year, new.month, new.day)
            )
            style = DateStyle.infer(node.value, old)
            written = style.format(when)
            if isinstance(old, str):
                self._splice(start, end, emit.string(written, node.style, self.in_flow))
                return written
            self._splice(start, end, written)
            normal = style.normalize(when)
            return normal.date() if style.kind == "date" else normal
        if isinstance(new, str) and "\n" in new and node.style in ("|", ">"):
            indent = self._block_scalar_indent(node)
            literal = emit.literal_block(new, indent, self.newline)
            if literal is not None:
                self._splice(start, end, literal)
                return new
        quotes = node.style if node.style in ("'", '"') else ""
        original = node.value if node.style == "" else None
        text = emit.scalar(new, style=quotes, original=original, flow=self.in_flow)
        if start == end:  # an empty value (`key:`): keep a space after the colon
            text = " " + text if start > 0 and self.text[start - 1] == ":" else text
        self._splice(start, end, text)
        return new

    def _replace_block_sequence(
        self, node: tree.Sequence, old: list[Any], new: list[Any], lead: Lead
    ) -> Any:
        items = node.items
        n_old = len(old)
        if len(new) > n_old and all(same(a, b) for a, b in zip(old, new[:n_old], strict=True)):
            dash, gap = self._dash(items[-1])
            style = self._item_style(node)
            column = self._column(dash)
            lines = [self._item_lines(item, column, gap, style) for item in new[n_old:]]
            self._insert_lines(self._line_end(self._content_end(node)), lines)
            return new
        if len(new) < n_old:
            kept = kept_indexes(old, new)
            if kept is not None and all(self._dash_starts_line(items[i]) for i in range(n_old)):
                for index in range(n_old):
                    if index not in kept:
                        self._splice(*self._item_span(node, index), "")
                return new
        if len(new) == n_old:
            result = []
            for item, a, b in zip(items, old, new, strict=True):
                if self._loses_first_key(item, a, b):
                    self._rewrite_item(node, item, b)
                    result.append(b)
                else:
                    result.append(self._replace(item, a, b, (self._dash(item)[0] + 1, None)))
            return result
        return self._replace_whole(node, new, lead)

    def _loses_first_key(self, item: tree.Node, old: Any, new: Any) -> bool:
        """True for a `- key: ...` record whose first key (on the dash's line) goes."""
        return (
            isinstance(item, tree.Mapping)
            and not item.flow
            and isinstance(old, dict)
            and isinstance(new, dict)
            and bool(old)
            and bool(new)
            and next(iter(old)) not in new
            and self._dash_starts_line(item)
        )

    def _rewrite_item(self, node: tree.Sequence, item: tree.Node, new: dict[str, Any]) -> None:
        """Write list item ``item`` anew as block lines holding ``new``."""
        dash, gap = self._dash(item)
        lines = self._item_lines(new, self._column(dash), gap, self._item_style(node))
        self._splice(self._line_start(dash), self._content_end(item), lines)

    def _replace_block_mapping(
        self, node: tree.Mapping, old: dict[str, Any], new: dict[str, Any]
    ) -> Any:
        result: dict[str, Any] = {}
        for key_node, value_node in node.pairs:
            key = key_node.value if isinstance(key_node, tree.Scalar) else None
            if key not in old or not isinstance(key, str):
                raise EditError("a mapping with keys that are not text cannot be edited in place")
            if key not in new:
                self._delete_pair(node, (key_node, value_node))
            else:
                lead = self._after_colon((key_node, value_node))
                result[key] = self._replace(value_node, old[key], new[key], lead)
        for key, value in new.items():
            if key not in old:
                self._insert_pair(node, key, value)
                result[key] = value
        return result

    def _replace_whole(self, node: tree.Node, new: Any, lead: Lead) -> Any:
        """Write ``new`` in place of the whole value that follows a `:` or a `-`.

        ``lead`` is the offset after that indicator and the column of its key (None for a
        list item, whose new value is then written on its line in flow style).
        """
        position, key_column = lead
        end = self._content_end(node)
        if emit.is_scalar(new) or not new or key_column is None:
            self._splice(position, end, " " + self._inline(new, self._string_style()))
            return new
        indent = key_column + (2 if isinstance(new, dict) else self._seq_indent())
        lines = emit.block(new, indent, self._seq_indent(), self._string_style())
        self._splice(position, end, "".join(self.newline + line for line in lines))
        return new

    # -- keys and items

    def _inline(self, value: Any, style: str = "") -> str:
        """``value`` on one line, safe inside a flow collection when the change is in one."""
        return emit.flow(value, style) if self.in_flow else emit.inline(value, style)

    def _insert_pair(self, mapping: tree.Mapping | None, key: str, value: Any) -> None:
        if mapping is not None and mapping.flow:
            self._insert_flow_pair(mapping, key, value)
            return
        if mapping is None or not mapping.pairs:
            indent, at = 0, len(self.text)
        else:
            indent = self._key_column(mapping.pairs[0][0])
            at = self._line_end(self._content_end(mapping))
        head = " " * indent + emit.scalar(key) + ":"
        style = self._string_style(mapping)
        if isinstance(value, (dict, list)) and value:
            nested = indent + (2 if isinstance(value, dict) else self._seq_indent())
            lines = [head, *emit.block(value, nested, self._seq_indent(), style)]
        else:
            lines = [f"{head} {emit.inline(value, style)}"]
        self._insert_lines(at, lines)

    def _insert_flow_pair(self, mapping: tree.Mapping, key: str, value: Any) -> None:
        """Add ``key: value`` after the last entry of a ``{...}`` mapping."""
        close = mapping.end - 1
        if self.text[close : close + 1] != "}":
            raise EditError(f"cannot find the end of the mapping to add {key!r} to")
        entry = f"{emit.scalar(key, flow=True)}: {emit.flow(value, self._string_style(mapping))}"
        if mapping.pairs:
            after = self._content_end(mapping.pairs[-1][1])
            self._splice(after, after, ", " + entry)
        else:
            self._splice(close, close, entry)

    def _delete_pair(self, mapping: tree.Mapping, pair: tuple[tree.Node, tree.Node]) -> None:
        key_node, value_node = pair
        if mapping.flow:
            self._delete_flow_pair(mapping, pair)
            return
        start = self._line_start(key_node.start)
        if self.text[start : key_node.start].strip():
            raise EditError("cannot remove a key that does not start its own line")
        self._splice(start, self._line_end(self._content_end(value_node)), "")

    def _delete_flow_pair(self, mapping: tree.Mapping, pair: tuple[tree.Node, tree.Node]) -> None:
        """Remove ``key: value`` and one comma next to it from a ``{...}`` mapping."""
        index = next(i for i, p in enumerate(mapping.pairs) if p[0] is pair[0])
        if self.text[pair[0].start : pair[0].start + 1] == "?":
            raise EditError("cannot remove a key written with `?`")
        if index + 1 < len(mapping.pairs):  # `a: 1, b: 2` -> `b: 2`
            self._splice(pair[0].start, mapping.pairs[index + 1][0].start, "")
        elif index > 0:  # `a: 1, b: 2` -> `a: 1`
            end = self._content_end(pair[1])
            self._splice(self._content_end(mapping.pairs[index - 1][1]), end, "")
        else:
            self._splice(pair[0].start, self._content_end(pair[1]), "")

    def _item_lines(self, item: Any, dash: int, gap: int, style: str) -> str:
        prefix = " " * dash + "-" + " " * gap
        if isinstance(item, dict) and item:
            lines = emit.block(item, dash + 1 + gap, self._seq_indent(), style)
            lines[0] = prefix + lines[0].lstrip(" ")
            return self.newline.join(lines)
        return prefix + emit.inline(item, style)

    def _item_span(self, node: tree.Sequence, index: int) -> tuple[int, int]:
        start = self._line_start(self._dash(node.items[index])[0])
        if index + 1 < len(node.items):
            end = self._line_start(self._dash(node.items[index + 1])[0])
        else:
            end = self._line_end(self._content_end(node))
        return start, end

    # -- applying

    def _splice(self, start: int, end: int, text: str) -> None:
        self.splices.append(_Splice(start, end, text))

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        text = "".join(line + self.newline for line in lines)
        if at > 0 and not self.text[:at].endswith("\n"):
            text = self.newline + text
        self._splice(at, at, text)

    def _apply(self) -> str:
        ordered = sorted(enumerate(self.splices), key=lambda pair: (pair[1].start, pair[0]))
        out: list[str] = []
        position = 0
        for _, splice in ordered:
            if splice.start < position:
                raise EditError("two parts of one change overlap")
            out.append(self.text[position : splice.start])
            out.append(splice.text)
            position = splice.end
        out.append(self.text[position:])
        return "".join(out)


def _is_date_text(value: object) -> bool:
    """True for text that is a date the file writes as text ("Sep 20, 2021 4:44 PM")."""
    if not isinstance(value, str):
        return False
    when = to_datetime(value)
    return when is not None and DateStyle.infer(value, value).format(when) == value.strip()
