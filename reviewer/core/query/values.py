"""Reading the values written in a search: numbers, days and periods, regular expressions."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Iterator
from typing import Any

from reviewer.core.query.nodes import QueryError

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_AGO = re.compile(r"(\d{1,5})(days?|weeks?)ago")

#: How dates can be written in a search (for messages).
DATE_FORMS = "2021, 2021-09, 2021-09-01, today, yesterday, 7daysago or 2weeksago"

#: The text a regular expression searches in each value is cut to this many characters.
MAX_REGEX_TEXT = 10_000

Period = tuple[dt.date, dt.date]


def parse_number(text: str) -> float | None:
    """``text`` as a number (``40``, ``-1.5``), or None."""
    return float(text) if _NUMBER.fullmatch(text) else None


def parse_period(text: str, today: dt.date) -> Period | None:
    """The first and last day ``text`` names: a year, a month, a day or a relative day.

    ``today`` is the day relative days count from. None when ``text`` is no date form.
    """
    lowered = text.lower()
    try:
        if lowered == "today":
            return today, today
        if lowered == "yesterday":
            day = today - dt.timedelta(days=1)
            return day, day
        match = _AGO.fullmatch(lowered)
        if match:
            count = int(match.group(1)) * (7 if match.group(2).startswith("week") else 1)
            day = today - dt.timedelta(days=count)
            return day, day
        if _YEAR.fullmatch(text):
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        match = _MONTH.fullmatch(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1) if year < 9999 else None
            last = following - dt.timedelta(days=1) if following else dt.date(9999, 12, 31)
            return first, last
        match = _DAY.fullmatch(text)
        if match:
            day = dt.date(*(int(part) for part in match.groups()))
            return day, day
    except (ValueError, OverflowError):  # month 13, day 31 of a short month, year 0
        return None
    return None


def next_day(day: dt.date) -> dt.date | None:
    """The day after ``day`` (None after the last representable day)."""
    return None if day == dt.date.max else day + dt.timedelta(days=1)


def previous_day(day: dt.date) -> dt.date | None:
    """The day before ``day`` (None before the first representable day)."""
    return None if day == dt.date.min else day - dt.timedelta(days=1)


def compile_regex(pattern: str, position: int) -> re.Pattern[str]:
    """``pattern`` compiled to ignore case; QueryError saying what is wrong with a bad one.

    ``position`` is where the pattern starts in the search, for the error's position.
    Patterns that repeat a repetition (``(a+)+``) are refused: on some texts they take
    longer than anyone would wait, and searches run as the editor types.
    """
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        at = position + (exc.pos or 0) if exc.pos is not None else position
        raise QueryError(
            f"the regular expression is not valid: {exc.msg}", at, len(pattern) - (at - position)
        ) from None
    except (OverflowError, RecursionError):
        raise QueryError("the regular expression is too large", position, len(pattern)) from None
    if _nested_repeat(_parse(pattern), inside=False):
        raise QueryError(
            "the regular expression repeats a repetition, as (a+)+ does; such patterns can "
            "take forever on some texts, so write it without a repeat inside a repeated group",
            position,
            len(pattern),
        )
    return compiled


def _parse(pattern: str) -> Any:
    # The standard library's own regular-expression parser (named sre_parse before 3.11).
    try:
        parser = importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        parser = importlib.import_module("sre_parse")
    return parser.parse(pattern, re.IGNORECASE)


def _nested_repeat(items: Any, inside: bool) -> bool:
    """True when a repeat of variable length sits inside a repeat of more than one time."""
    for op, argument in items:
        if str(op) in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = argument
            if inside and low != high:
                return True
            if _nested_repeat(sub, inside or high > 1):
                return True
        else:
            for sub in _subpatterns(argument):
                if _nested_repeat(sub, inside):
                    return True
    return False


def _subpatterns(argument: Any) -> Iterator[Any]:
    """The parsed sub-patterns inside a node's argument (groups, branches, assertions)."""
    if hasattr(argument, "data"):  # a SubPattern
        yield argument
    elif isinstance(argument, (tuple, list)):
        for part in argument:
            yield from _subpatterns(part)
