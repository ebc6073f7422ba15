"""A light syntax tree of front matter with the source span of every node.

Built from PyYAML's parse events (not from composed nodes) so that an alias keeps its own
position instead of pointing at its anchor, and so that styles are known exactly. Nothing is
resolved or constructed here: the tree only says where each value's text is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from reviewer.core.frontmatter.yamlio import _BaseLoader


@dataclass(slots=True)
class Node:
    """A value's place in the text: ``text[start:end]`` is its source."""

    start: int
    end: int
    anchor: str | None = None


@dataclass(slots=True)
class Scalar(Node):
    """A scalar; ``style`` is "" (plain), "'", '"', "|" or ">"."""

    value: str = ""
    style: str = ""
    tag: str | None = None


@dataclass(slots=True)
class Alias(Node):
    """``*name``: a reference to an anchored node."""


@dataclass(slots=True)
class Sequence(Node):
    """A list, in block or flow style."""

    flow: bool = False
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    """A mapping, in block or flow style."""

    flow: bool = False
    pairs: list[tuple[Node, Node]] = field(default_factory=list)

    def find(self, key: str) -> tuple[Node, Node] | None:
        """The (key, value) pair whose key is the plain text ``key``."""
        for pair in self.pairs:
            if isinstance(pair[0], Scalar) and pair[0].value == key:
                return pair
        return None


def parse(text: str) -> Node | None:
    """Return the root node of ``text`` (None for an empty document)."""
    events: Iterator[yaml.Event] = iter(yaml.parse(text, Loader=_BaseLoader))
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            first = next(events)
            return None if isinstance(first, yaml.DocumentEndEvent) else _build(first, events)
    return None


def _span(event: yaml.Event) -> tuple[int, int]:
    assert event.start_mark is not None and event.end_mark is not None  # the parser sets both
    return event.start_mark.index, event.end_mark.index


def _build(event: yaml.Event, events: Iterator[yaml.Event]) -> Node:
    start, end = _span(event)
    if isinstance(event, yaml.ScalarEvent):
        return Scalar(start, end, event.anchor, event.value, event.style or "", event.tag)
    if isinstance(event, yaml.AliasEvent):
        return Alias(start, end, event.anchor)
    if isinstance(event, yaml.SequenceStartEvent):
        seq = Sequence(start, end, event.anchor, bool(event.flow_style))
        for child in events:
            if isinstance(child, yaml.SequenceEndEvent):
                seq.end = _span(child)[1]
                return seq
            seq.items.append(_build(child, events))
    if isinstance(event, yaml.MappingStartEvent):
        mapping = Mapping(start, end, event.anchor, bool(event.flow_style))
        for child in events:
            if isinstance(child, yaml.MappingEndEvent):
                mapping.end = _span(child)[1]
                return mapping
            key = _build(child, events)
            mapping.pairs.append((key, _build(next(events), events)))
    raise ValueError(f"unexpected YAML event {event!r}")


def key_sources(text: str) -> dict[str, str]:
    """Each top-level key's text as the front matter ``text`` writes it, by key: from the
    start of the key's line to the end of its value, without trailing blank lines.

    {} when the front matter is not a block mapping of plain keys (or not YAML): what the
    app shows of keys it does not edit is always the file's own text, never a re-dump.
    """
    try:
        root = parse(text)
    except (yaml.YAMLError, ValueError):
        return {}
    if not isinstance(root, Mapping) or root.flow:
        return {}
    found: dict[str, str] = {}
    for key, value in root.pairs:
        if isinstance(key, Scalar):
            start = text.rfind("\n", 0, key.start) + 1
            found[key.value] = text[start : value.end].rstrip()
    return found
