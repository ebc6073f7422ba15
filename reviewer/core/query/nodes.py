"""The parsed form of a search: a tree of nodes, and the error a bad search raises."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.core.errors import ReviewerError


class QueryError(ReviewerError):
    """A search that cannot be understood.

    ``position`` and ``length`` mark the characters at fault (0-based, in the search text),
    so an editor can highlight them; ``str(error)`` is the sentence saying what is wrong.
    """

    def __init__(
        self, message: str, position: int, length: int = 1, incomplete: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.length = max(length, 1)
        #: True when typing more at the end can complete the search (an open quote or
        #: parenthesis, a trailing ``or``, ``-`` or ``title:``): a search bar may wait
        #: before showing the error.
        self.incomplete = incomplete


#: The states of a file in git, which the app gives its rows (``reviewer status``'s words).
GIT_STATES = ("changed", "conflicted", "staged", "untracked")
#: The kinds of finding of the consistency report (``core.report.KIND_NAMES``, in its order),
#: which the app gives the rows it finds them in (``is:mojibake``).
REPORT_STATES = (
    "unreadable",
    "missing",
    "misspelt",
    "type",
    "format",
    "mojibake",
    "url",
    "image-size",
    "duplicate-url",
    "stale",
)
#: States a record is given from outside the search (``Record.states``): git's and the
#: report's, which the search does not work out itself; a record without them matches none.
RECORD_STATES = (*GIT_STATES, *REPORT_STATES)

#: What ``is:`` accepts.
IS_VALUES = (
    "published",
    "unpublished",
    "modified",
    "error",
    "duplicate",
    "invalid",
    *RECORD_STATES,
)

#: The field that reads publishedDateTime as a date (``date:2021-09``).
DATE_FIELD = "date"


@dataclass(frozen=True)
class Words:
    """Bare words or a quoted phrase: found in the title, excerpt, provider or topics."""

    text: str  # folded


@dataclass(frozen=True)
class Contains:
    """``field:value``: a value of the field contains ``text`` (a number: equals it)."""

    field: str
    text: str  # folded
    number: float | None = None


@dataclass(frozen=True)
class Equals:
    """``field:=value``: a value of the field is ``text`` (ignoring case and accents)."""

    field: str
    text: str  # folded
    number: float | None = None


@dataclass(frozen=True)
class Regex:
    """``field:~regex``: a value of the field matches the regular expression."""

    field: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class NumberRange:
    """``field:>40``, ``field:30..50``: a numeric value of the field lies in the range."""

    field: str
    low: float | None
    high: float | None
    low_open: bool = False  # True: the value must be above ``low``, not equal to it
    high_open: bool = False
    #: For a year (``updated:>2021``): date values from ``days[0]`` to ``days[1]`` match too.
    days: tuple[dt.date | None, dt.date | None] | None = None


@dataclass(frozen=True)
class DateRange:
    """``date:2021-09``, ``date:>=2021-09-01``: a calendar day within [low, high]."""

    field: str  # DATE_FIELD for publishedDateTime
    low: dt.date | None
    high: dt.date | None


@dataclass(frozen=True)
class Is:
    """``is:published`` and the other states of IS_VALUES."""

    state: str


@dataclass(frozen=True)
class Has:
    """``has:field``: a value that is not null or blank text (lists and mappings: inside them).

    ``missing:field`` is ``Not(Has(field))``.
    """

    field: str


@dataclass(frozen=True)
class Not:
    """``not X`` or ``-X``."""

    item: Node


@dataclass(frozen=True)
class And:
    """``X Y`` or ``X and Y``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """``X or Y``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Everything:
    """The empty search."""


Node = (
    Words
    | Contains
    | Equals
    | Regex
    | NumberRange
    | DateRange
    | Is
    | Has
    | Not
    | And
    | Or
    | Everything
)


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly inside ``node``."""
    if isinstance(node, Not):
        return (node.item,)
    if isinstance(node, (And, Or)):
        return node.items
    return ()


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node inside it, depth first, in the order written."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def conjuncts(node: Node) -> tuple[Node, ...]:
    """The terms that must all hold (``a b c``: a, b, c; the empty search has none)."""
    if isinstance(node, Everything):
        return ()
    return node.items if isinstance(node, And) else (node,)
