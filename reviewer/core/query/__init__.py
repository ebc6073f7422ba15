"""The search language shared by the desktop app's search bar and ``reviewer list --query``.

``parse(text)`` gives a Query (or raises QueryError with the position of the problem);
``query.matches(record)`` tells whether an article's Record matches. See docs/search.md for
the language. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reviewer.core.query.match import Matcher, compile_tree
from reviewer.core.query.nodes import (
    DATE_FIELD,
    IS_VALUES,
    And,
    Contains,
    Everything,
    Node,
    QueryError,
    Words,
)
from reviewer.core.query.parser import parse_tree
from reviewer.core.query.records import Record, fold
from reviewer.core.query.text import describe

__all__ = [
    "DATE_FIELD",
    "IS_VALUES",
    "Query",
    "QueryError",
    "Record",
    "fold",
    "parse",
]


class Query:
    """A parsed search, compiled once into a function that is called for each record."""

    __slots__ = ("_match", "text", "tree")

    def __init__(self, text: str, tree: Node) -> None:
        #: The search as typed.
        self.text = text
        #: The parsed form (see ``nodes``).
        self.tree = tree
        self._match: Matcher = compile_tree(tree)

    def matches(self, record: Record) -> bool:
        """True when ``record`` matches the search."""
        return self._match(record)

    def filter(self, records: Iterable[Record]) -> list[Record]:
        """The records that match, in order."""
        match = self._match
        return [record for record in records if match(record)]

    @property
    def is_empty(self) -> bool:
        """True for the empty search, which matches everything."""
        return isinstance(self.tree, Everything)

    @property
    def normalized(self) -> str:
        """The search written one canonical way (relative dates become days).

        Two searches with the same normalized text match the same records.
        """
        return describe(self.tree)

    def narrows(self, previous: Query) -> bool:
        """True when every record this search matches is one ``previous`` matched too.

        For a search bar: when the editor only added to the search (another word, a longer
        word, another term), the new search need only be run on the previous results. A
        False answer means "not known", never "wider".
        """
        mine = _conjuncts(self.tree)
        return all(
            any(_implies(node, wanted) for node in mine) for wanted in _conjuncts(previous.tree)
        )

    def __repr__(self) -> str:
        return f"<Query {self.text!r}>"


def parse(text: str, now: dt.datetime | dt.date | None = None) -> Query:
    """Parse the search ``text``; QueryError says what is wrong and where.

    ``now`` anchors ``date:today``, ``yesterday`` and ``7daysago`` (default: the local date
    today); its calendar day is taken as written, in its own zone.
    """
    if now is None:
        today = dt.date.today()
    elif isinstance(now, dt.datetime):
        today = now.date()
    else:
        today = now
    return Query(text, parse_tree(text, today))


def _conjuncts(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Everything):
        return ()
    return node.items if isinstance(node, And) else (node,)


def _implies(node: Node, wanted: Node) -> bool:
    """True when a record matching ``node`` surely matches ``wanted``."""
    if node == wanted:
        return True
    if isinstance(node, Words) and isinstance(wanted, Words):
        return wanted.text in node.text
    if isinstance(node, Contains) and isinstance(wanted, Contains):
        return (
            node.field == wanted.field
            and node.number is None
            and wanted.number is None
            and wanted.text in node.text
        )
    return False
