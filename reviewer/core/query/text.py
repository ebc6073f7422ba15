"""Writing a parsed search back as text, one canonical way."""

from __future__ import annotations

import re

from reviewer.core.query.nodes import (
    DATE_FIELD,
    And,
    Contains,
    DateRange,
    Equals,
    Everything,
    Has,
    Is,
    Node,
    Not,
    NumberRange,
    Or,
    Regex,
    Words,
)
from reviewer.core.query.values import parse_number

_PLAIN = re.compile(r'[^\s"()\-][^\s"()]*')
_PLAIN_VALUE = re.compile(r'[^\s"()<>][^\s"()]*')
_KEYWORDS = ("and", "or", "not")


def describe(node: Node) -> str:
    """``node`` as search text that parses back to the same tree."""
    if isinstance(node, Everything):
        return ""
    if isinstance(node, Words):
        word = node.text
        plain = _is_plain(word) and ":" not in word and word.lower() not in _KEYWORDS
        return word if plain else quote(word)
    if isinstance(node, Contains):
        keep_text = node.number is None and parse_number(node.text) is not None
        return f"{node.field}:{_value(node.text, force=keep_text or '..' in node.text)}"
    if isinstance(node, Equals):
        keep_text = node.number is None and parse_number(node.text) is not None
        return f"{node.field}:={_value(node.text, force=keep_text)}"
    if isinstance(node, Regex):
        return f"{node.field}:~{quote(node.pattern.pattern)}"
    if isinstance(node, NumberRange):
        return _number_range(node)
    if isinstance(node, DateRange):
        return _date_range(node)
    if isinstance(node, Is):
        return f"is:{node.state}"
    if isinstance(node, Has):
        return f"has:{_value(node.field)}"
    if isinstance(node, Not):
        if isinstance(node.item, Everything):
            return "-()"  # never produced by parsing text; written for completeness
        inner = describe(node.item)
        return f"-({inner})" if isinstance(node.item, (And, Or)) else f"-{inner}"
    if isinstance(node, And):
        return " ".join(
            f"({describe(i)})" if isinstance(i, Or) else describe(i) for i in node.items
        )
    if isinstance(node, Or):
        return " or ".join(describe(item) for item in node.items)
    raise TypeError(f"not a query node: {node!r}")


def quote(text: str) -> str:
    """``text`` in double quotes, with quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _is_plain(text: str) -> bool:
    return bool(text) and _PLAIN.fullmatch(text) is not None


def _value(text: str, force: bool = False) -> str:
    """A field's value, quoted when it would otherwise read differently."""
    plain = _PLAIN_VALUE.fullmatch(text) is not None and not text.startswith(("//", "=", "~"))
    return text if plain and not force else quote(text)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _number_range(node: NumberRange) -> str:
    low, high, field = node.low, node.high, node.field
    if low is not None and high is not None and not node.low_open and not node.high_open:
        return f"{field}:{_number(low)}..{_number(high)}"
    parts = []
    if low is not None:
        parts.append(f"{field}:{'>' if node.low_open else '>='}{_number(low)}")
    if high is not None:
        parts.append(f"{field}:{'<' if node.high_open else '<='}{_number(high)}")
    return " ".join(parts) if parts else f"{field}:-1e999..1e999"


def _date_range(node: DateRange) -> str:
    field = DATE_FIELD if node.field == DATE_FIELD else node.field
    low = node.low.isoformat() if node.low else ""
    high = node.high.isoformat() if node.high else ""
    if node.low and node.high and node.low == node.high:
        return f"{field}:{low}"
    return f"{field}:{low}..{high}"
