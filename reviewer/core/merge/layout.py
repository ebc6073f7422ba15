"""Where each top-level key's entry is in a front matter's text, for the merge by key.

An **entry** is a key's whole text as written: from the start of the key's line to the end
of the line its value ends on (a comment on that line included). What lies between entries
(comments and blank lines on lines of their own) is a **gap**.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from reviewer.core.frontmatter import tree
from reviewer.core.frontmatter.spans import TextPositions


class Unmergeable(Exception):
    """The front matters cannot be merged by key; the reason is a sentence."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One top-level key's text: ``text[start:end]``, ending after its last line break."""

    key: str
    start: int
    end: int


class Layout(TextPositions):
    """The entries and gaps of a front matter's text (a block mapping of text keys)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        try:
            root = tree.parse(text)
        except (yaml.YAMLError, ValueError) as exc:
            raise Unmergeable(f"the front matter cannot be parsed ({exc})") from None
        self.root = root
        self.entries: dict[str, Entry] = {}
        if root is None:
            return
        if not isinstance(root, tree.Mapping) or root.flow:
            raise Unmergeable("the front matter is not a block mapping of keys")
        previous_end = 0
        for key, value in root.pairs:
            if not isinstance(key, tree.Scalar):
                raise Unmergeable("a key of the front matter is not plain text")
            start = self._line_start(key.start)
            if text[start : key.start].strip() or start < previous_end:
                raise Unmergeable(f"the key {key.value!r} does not start its own line")
            end = self._line_end(self._content_end(value))
            self.entries[key.value] = Entry(key.value, start, end)
            previous_end = end

    def text_of(self, key: str) -> str | None:
        """The entry of ``key`` as written (None when the front matter lacks it)."""
        entry = self.entries.get(key)
        return None if entry is None else self.text[entry.start : entry.end]

    def gaps(self) -> str:
        """The texts between entries (and before the first, after the last), joined: what
        changes when a comment or blank line between keys is written or deleted (not when
        a key is removed, which leaves the gaps around it together)."""
        found: list[str] = []
        position = 0
        for entry in self.entries.values():
            found.append(self.text[position : entry.start])
            position = entry.end
        found.append(self.text[position:])
        return "".join(found)

    def line_end(self, index: int) -> int:
        """The offset after the line break of the line holding ``index``."""
        return self._line_end(index)
