"""Where things are in front-matter text (lines, columns, spans of values), and its habits."""

from __future__ import annotations

import re

from reviewer.core.errors import EditError
from reviewer.core.frontmatter import tree

#: The offset after a `:` or `-` indicator, and the column of its key (None: write flow style).
Lead = tuple[int, "int | None"]
_PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*[ \t\r\n]+)*")


class TextPositions:
    """Offsets and columns in ``text``, the extent of the values parsed from it (``root``),
    and the file's habits of indentation and quoting, for text written into it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: tree.Node | None = None

    def _content_start(self, node: tree.Node) -> int:
        """Where a value's text starts, after its anchor (`&a`) and tag (`!!str`) if any."""
        if node.anchor is None and not self.text.startswith("!", node.start):
            return node.start
        match = _PROPERTIES.match(self.text, node.start)
        return match.end() if match else node.start

    def _content_end(self, node: tree.Node) -> int:
        """Where a value's own text ends (block values report the start of the next token)."""
        if isinstance(node, tree.Sequence) and not node.flow and node.items:
            return self._content_end(node.items[-1])
        if isinstance(node, tree.Mapping) and not node.flow and node.pairs:
            return self._content_end(node.pairs[-1][1])
        if isinstance(node, tree.Scalar) and node.style in ("|", ">"):
            end = node.end
            while end > node.start and self.text[end - 1] in " \t\r\n":
                end -= 1
            return end
        return node.end

    def _after_colon(
        self, pair: tuple[tree.Node, tree.Node], mapping: tree.Mapping | None = None
    ) -> Lead:
        """The lead of ``pair``'s value; inside a ``{...}`` mapping, no column: write flow."""
        key, value = pair
        colon = self.text.find(":", key.end, value.start if value.start > key.end else None)
        if colon < 0:
            raise EditError("cannot find the `:` after a key")
        in_flow = mapping is not None and mapping.flow
        return colon + 1, None if in_flow else self._key_column(key)

    def _dash(self, item: tree.Node) -> tuple[int, int]:
        """The offset of an item's `-` and the number of spaces after it."""
        dash = self.text.rfind("-", 0, item.start)
        if dash < 0 or self.text[dash + 1 : item.start].strip():
            raise EditError("cannot find the `-` of a list item")
        return dash, item.start - dash - 1

    def _dash_starts_line(self, item: tree.Node) -> bool:
        dash = self._dash(item)[0]
        return not self.text[self._line_start(dash) : dash].strip()

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """The offset just after the line break of the line holding ``index``."""
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def _column(self, index: int) -> int:
        return index - self._line_start(index)

    def _key_column(self, key: tree.Node) -> int:
        """The column keys of ``key``'s mapping start at (that of `?` for an explicit key)."""
        before = self.text[self._line_start(key.start) : key.start].rstrip(" \t")
        if before.endswith("?") and not before[:-1].strip(" -"):
            return self._column(self._line_start(key.start) + len(before) - 1)
        return self._column(key.start)

    def _block_scalar_indent(self, node: tree.Scalar) -> int:
        first_line = self._line_end(node.start)
        body = self.text[first_line : self._content_end(node)]
        for line in body.splitlines():
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return self._column(node.start) + 2

    # -- the file's own habits

    def _seq_indent(self) -> int:
        """How far this file indents a list's dashes under its key (2 unless it shows otherwise)."""
        if isinstance(self.root, tree.Mapping):
            for key, value in self.root.pairs:
                if isinstance(value, tree.Sequence) and not value.flow and value.items:
                    dash = self._dash(value.items[0])[0]
                    return max(0, self._column(dash) - self._column(key.start))
        return 2

    def _string_style(self, mapping: tree.Mapping | None = None) -> str:
        """The quote style for new text in ``mapping``: its own habit, else the file's."""
        if mapping is not None and mapping is not self.root:
            style = _text_style(mapping)
            if style is not None:
                return style
        root = self.root if isinstance(self.root, tree.Mapping) else None
        return (_text_style(root) if root is not None else None) or ""

    def _item_style(self, node: tree.Sequence) -> str:
        for item in reversed(node.items):
            if isinstance(item, tree.Scalar):
                return item.style if item.style in ("'", '"') else ""
            if isinstance(item, tree.Mapping):  # a list of records: the record's text style
                return _text_style(item) or self._string_style()
        return ""


def _text_style(mapping: tree.Mapping) -> str | None:
    """The quote style most of ``mapping``'s text values use (None when it has none)."""
    styles = [
        value.style
        for _, value in mapping.pairs
        if isinstance(value, tree.Scalar)
        and value.style in ("", '"', "'")
        and any(ch.isalpha() for ch in value.value)
    ]
    return max(sorted(set(styles)), key=styles.count) if styles else None
