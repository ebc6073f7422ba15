"""Compiling a tree of nodes into one function that tells whether a record matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reviewer.core.query.nodes import (
    DATE_FIELD,
    RECORD_STATES,
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
from reviewer.core.query.records import Record, as_text, is_blank
from reviewer.core.query.values import MAX_REGEX_TEXT

Matcher = Callable[[Record], bool]


def compile_tree(node: Node) -> Matcher:
    """One function for the whole tree: built once, then called for every record."""
    if isinstance(node, Words):
        return _words((node.text,))
    if isinstance(node, And):
        return _and(node.items)
    if isinstance(node, Or):
        return _any([compile_tree(item) for item in sorted(node.items, key=cost)])
    if isinstance(node, Not):
        if isinstance(node.item, Everything):
            return _nothing
        inner = compile_tree(node.item)
        return lambda record: not inner(record)
    if isinstance(node, Everything):
        return _everything
    if isinstance(node, Contains):
        return _contains(node)
    if isinstance(node, Equals):
        return _equals(node)
    if isinstance(node, Regex):
        return _regex(node)
    if isinstance(node, NumberRange):
        return _number_range(node)
    if isinstance(node, DateRange):
        return _date_range(node)
    if isinstance(node, Is):
        return _is(node.state)
    if isinstance(node, Has):
        field = node.field
        return lambda record: not is_blank(record.leaves(field))
    raise TypeError(f"not a query node: {node!r}")


def _everything(record: Record) -> bool:
    return True


def _nothing(record: Record) -> bool:
    return False


def _and(items: tuple[Node, ...]) -> Matcher:
    """All of ``items``, the cheapest first; the bare words among them in one pass.

    Matching has no side effects, so the order changes only the time taken.
    """
    words = tuple(item.text for item in items if isinstance(item, Words))
    others = sorted((item for item in items if not isinstance(item, Words)), key=cost)
    first = [compile_tree(item) for item in others if cost(item) < _WORDS_COST]
    last = [compile_tree(item) for item in others if cost(item) >= _WORDS_COST]
    matchers = first + ([_words(words)] if words else []) + last
    if len(matchers) == 1:
        return matchers[0]
    if len(matchers) == 2:
        one, two = matchers
        return lambda record: one(record) and two(record)
    return lambda record: all(matcher(record) for matcher in matchers)


_WORDS_COST = 3


def cost(node: Node) -> int:
    """A rough rank of how long ``node`` takes to match one record (0 is cheapest)."""
    if isinstance(node, (Is, Everything)):
        return 0
    if isinstance(node, DateRange) and node.field == DATE_FIELD:
        return 1
    if isinstance(node, (NumberRange, DateRange, Has)):
        return 2
    if isinstance(node, Words):
        return _WORDS_COST
    if isinstance(node, (Contains, Equals)):
        return 4
    if isinstance(node, Regex):
        return 5
    if isinstance(node, Not):
        return cost(node.item)
    return max(cost(item) for item in node.items)


def _any(matchers: list[Matcher]) -> Matcher:
    if len(matchers) == 2:
        first, second = matchers
        return lambda record: first(record) or second(record)
    return lambda record: any(matcher(record) for matcher in matchers)


def _words(texts: tuple[str, ...]) -> Matcher:
    """Every text is in the record's folded title, excerpt, provider or topics."""
    if len(texts) == 1:
        word = texts[0]
        return lambda record: word in record.text
    if len(texts) == 2:
        first, second = texts

        def both(record: Record) -> bool:
            text = record.text
            return first in text and second in text

        return both

    def every(record: Record) -> bool:
        text = record.text
        return all(word in text for word in texts)

    return every


def _contains(node: Contains) -> Matcher:
    """A text value contains the text; a number value equals the number (40 is not 140)."""
    field, text, number = node.field, node.text, node.number

    def contains(record: Record) -> bool:
        for value in record.texts(field):
            if text in value:
                return True
        return number is not None and number in record.numbers(field)

    return contains


def _equals(node: Equals) -> Matcher:
    """A value equals the text (ignoring case and accents) or the number."""
    field, text, number = node.field, node.text, node.number
    if number is None:
        return lambda record: text in record.folded(field)
    return lambda record: text in record.folded(field) or number in record.numbers(field)


def _regex(node: Regex) -> Matcher:
    """A value (as written, not folded) matches; each value is searched in its first part."""
    field, search = node.field, node.pattern.search

    def matches(record: Record) -> bool:
        for value in record.leaves(field):
            text = value if isinstance(value, str) else as_text(value)
            if search(text[:MAX_REGEX_TEXT] if len(text) > MAX_REGEX_TEXT else text):
                return True
        return False

    return matches


def _number_range(node: NumberRange) -> Matcher:
    """A number value in the range (or, for a year, a date value in its days)."""
    field, low, high = node.field, node.low, node.high
    low_open, high_open = node.low_open, node.high_open

    def within(record: Record) -> bool:
        for value in record.numbers(field):
            if low is not None and (value <= low if low_open else value < low):
                continue
            if high is not None and (value >= high if high_open else value > high):
                continue
            return True
        return False

    if node.days is None:
        return within
    days = _date_range(DateRange(field, *node.days))
    return lambda record: within(record) or days(record)


def _date_range(node: DateRange) -> Matcher:
    """A calendar day in [low, high]; publishedDateTime's day is computed once per record."""
    field, low, high = node.field, node.low, node.high
    if field == DATE_FIELD:
        return _published_range(low, high)

    def within(record: Record) -> bool:
        for day in record.dates(field):
            if (low is None or day >= low) and (high is None or day <= high):
                return True
        return False

    return within


def _published_range(low: dt.date | None, high: dt.date | None) -> Matcher:
    if low is not None and high is not None:

        def between(record: Record) -> bool:
            day = record.published_date
            return day is not None and low <= day <= high

        return between
    if low is not None:

        def since(record: Record) -> bool:
            day = record.published_date
            return day is not None and day >= low

        return since
    if high is not None:

        def until(record: Record) -> bool:
            day = record.published_date
            return day is not None and day <= high

        return until
    return lambda record: record.published_date is not None


def _is(state: str) -> Matcher:
    if state == "published":
        return lambda record: record.published is True
    if state == "unpublished":
        return lambda record: record.published is not True
    if state == "modified":
        return lambda record: record.modified
    if state == "error":
        return lambda record: record.error is not None
    if state == "duplicate":
        return lambda record: record.duplicate
    if state == "invalid":
        return lambda record: record.invalid
    if state in RECORD_STATES:
        return lambda record: state in record.states
    raise ValueError(f"unknown state {state!r}")
