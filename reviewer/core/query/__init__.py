"""The search language shared by the desktop app's search bar and ``reviewer list --query``.

``parse(text)`` gives a Query (or raises QueryError with the position of the problem);
``query.matches(record)`` tells whether an article's Record matches. Nothing here imports Qt.

The language
------------
- Words match the title, excerpt, provider name and topics, ignoring case and accents
  (``cafe`` finds "Café", ``strasse`` finds "Straße"); several words must all be found.
  ``"quoted phrases"`` match as one piece, runs of spaces counting as one; inside quotes
  ``\\"`` is a quote and ``\\\\`` a backslash.
- ``field:text``: a value of the field contains the text (ignoring case and accents);
  ``field:=text``: a value equals it; ``field:~regex``: a value, as written, matches the
  regular expression (ignoring case; write it in quotes if it holds spaces). A number
  value is compared as a number: ``quality:40`` is 40, not 140. A regex sees the first
  10,000 characters of each value, and one that repeats a repetition (``(a+)+``) is
  refused: on some texts it would take longer than anyone waits.
- A field is any front-matter key. Keys are matched exactly, else ignoring case
  (``publisheddatetime``). Dotted keys reach nested mappings (``provider.domain:arn``)
  and the mappings of a list (``images.url:ytimg``). A list matches when any of its
  values does; a mapping when any value inside it does.
- ``is:published``: Jekyll renders the file (``published`` is not false or null: a file
  without it is published, and so is one with ``'false'`` quoted); ``is:unpublished``:
  Jekyll hides it (false or null), or the file could not be read; ``is:modified`` (unsaved
  changes), ``is:error``, ``is:duplicate``, ``is:invalid`` (a known field holds a value
  of the wrong kind: text where a number belongs, a date that cannot be read ...).
  ``is:changed``, ``is:conflicted``, ``is:staged``, ``is:untracked`` (GIT_STATES) and the
  consistency report's kinds, ``is:mojibake``, ``is:missing``, ``is:stale``... (REPORT_STATES),
  are states given from outside (``Record.states``; the app gives the git state of each
  file and the kinds the report finds in it): a record without them matches none.
  ``has:images``: present and not empty; ``missing:webUrl``: absent, null, blank or empty.
- Numbers: ``quality:>40``, ``heat:<=10``, ``quality:=40``, ``quality:30..50`` (both
  ends included; ``30..`` and ``..50`` are open). Text that holds only a number counts.
- ``date:`` reads publishedDateTime: ``date:2021``, ``date:2021-09``, ``date:2021-09-01``,
  ``date:today``, ``date:yesterday``, ``date:7daysago``, ``date:2weeksago``, with
  ``>``, ``>=``, ``<``, ``<=`` (``date:<7daysago``: before that day) or as a range of
  days ``date:2021-09-01..2021-09-30`` (inclusive). Dates are compared as calendar
  days, each value on the day it was written in its own offset (``2021-09-08T23:30-05:00``
  is the 8th, although it is the 9th in UTC): the day Jekyll shows for a post. Relative
  days count back from ``now``'s calendar day (local today by default). Any other field
  takes the same forms after an operator (``updated:>=2021-09``); a year there
  (``updated:>2021``) matches number values as a number and date values as a year.
- ``and`` (or just a space), ``or``, ``not`` or a leading ``-`` (``-is:published``), and
  parentheses; ``not`` binds tightest, then ``and``, then ``or``: ``a b or c`` is
  ``(a b) or c``. Keywords are any case; quote them to search for them (``"or"``).
- A word like ``https://...`` is a word, not a field. The empty search matches all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reviewer.core.query.match import Matcher, compile_tree
from reviewer.core.query.nodes import (
    DATE_FIELD,
    GIT_STATES,
    IS_VALUES,
    RECORD_STATES,
    REPORT_STATES,
    And,
    Contains,
    DateRange,
    Everything,
    Is,
    Node,
    QueryError,
    Words,
    conjuncts,
    walk,
)
from reviewer.core.query.parser import parse_tree
from reviewer.core.query.records import Record, fold
from reviewer.core.query.text import describe

__all__ = [
    "DATE_FIELD",
    "GIT_STATES",
    "IS_VALUES",
    "RECORD_STATES",
    "REPORT_STATES",
    "Query",
    "QueryError",
    "Record",
    "fold",
    "parse",
]


class Query:
    """A parsed search, compiled once into a function that is called for each record.

    ``match(record)`` is that function (the one evaluator of the search language);
    ``mask(records)`` runs it over many records at once.
    """

    __slots__ = ("match", "text", "tree")

    def __init__(self, text: str, tree: Node) -> None:
        #: The search as typed.
        self.text = text
        #: The parsed form (see ``nodes``).
        self.tree = tree
        #: True when a record matches the search.
        self.match: Matcher = compile_tree(tree)

    def matches(self, record: Record) -> bool:
        """True when ``record`` matches the search."""
        return self.match(record)

    def filter(self, records: Iterable[Record]) -> list[Record]:
        """The records that match, in order."""
        match = self.match
        return [record for record in records if match(record)]

    def mask(self, records: Iterable[Record]) -> list[bool]:
        """Per record, in order, whether it matches.

        One or two bare words (``power apps``, the most common quick filter) are tested
        inline, ``word in record.text`` as the compiled search does, without a function call
        per record: about a third less time on 100,000 records.
        """
        items = conjuncts(self.tree)
        if 0 < len(items) <= 2 and all(isinstance(item, Words) for item in items):
            words = [item.text for item in items]  # type: ignore[union-attr]  # all Words
            if len(words) == 1:
                word = words[0]
                return [word in record.text for record in records]
            first, second = words
            return [first in (text := record.text) and second in text for record in records]
        return list(map(self.match, records))

    @property
    def is_empty(self) -> bool:
        """True for the empty search, which matches everything."""
        return isinstance(self.tree, Everything)

    @property
    def states(self) -> frozenset[str]:
        """The ``is:`` states the search uses: with "duplicate", find duplicates first."""
        return frozenset(node.state for node in walk(self.tree) if isinstance(node, Is))

    @property
    def fields(self) -> list[str]:
        """The fields the search looks at, in order (``date:`` is publishedDateTime)."""
        found = []
        for node in walk(self.tree):
            field = getattr(node, "field", None)
            if isinstance(field, str):
                found.append("publishedDateTime" if _reads_date(node) else field)
        return found

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
        mine = conjuncts(self.tree)
        return all(
            any(_implies(node, wanted) for node in mine) for wanted in conjuncts(previous.tree)
        )

    def residual(self, previous: Query) -> Query:
        """What a record matching ``previous`` still has to pass to match this search.

        Only for a search that narrows ``previous``: its terms that ``previous`` holds as
        they are are left out (typing ``power a`` after ``power`` checks only ``a``).
        """
        known = set(conjuncts(previous.tree))
        mine = conjuncts(self.tree)
        left = tuple(node for node in mine if node not in known)
        if len(left) == len(mine):
            return self
        if not left:
            return Query(self.text, Everything())
        return Query(self.text, left[0] if len(left) == 1 else And(left))

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


def _reads_date(node: Node) -> bool:
    return isinstance(node, DateRange) and node.field == DATE_FIELD


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
