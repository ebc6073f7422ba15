"""Which source rows the table shows, and in what order: plain Python over lists, no Qt.

The proxy keeps, per source row, a search Record and the published flag, and for the sort
one key per row. Filtering and ordering 100,000 rows must take a few milliseconds on top of
the search itself, so everything here runs in C loops (``compress``, ``map``,
``itemgetter``) rather than per-row Python code, and visits the records in the order they
were made (the folder's order), which is far kinder to the CPU's caches than the sort order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import IntEnum
from itertools import compress, repeat
from operator import itemgetter, not_
from typing import TYPE_CHECKING, Any

from reviewer.core.document import Document
from reviewer.core.query import Query, Record

if TYPE_CHECKING:
    from reviewer.app.table.model import ArticleModel

#: Look-ups of a row's position answered by a scan after a change, before building a table.
SCANS = 16


class Status(IntEnum):
    """The always-visible status filter."""

    ALL = 0
    UNPUBLISHED = 1
    PUBLISHED = 2


def matching(query: Query, records: Sequence[Any], rows: list[int] | None) -> list[Any]:
    """Per row of ``rows`` (None: every record), whether its record matches ``query``."""
    return query.mask(records if rows is None else map(records.__getitem__, rows))


def select(
    count: int,
    candidates: tuple[list[int], list[Any]] | None,
    status: tuple[Sequence[bool], bool] | None,
    query: Query | None,
    records: Sequence[Any],
) -> tuple[list[int], list[Any]]:
    """The source rows that pass, ascending, and a mask: per source row, truthy when it passes.

    ``candidates`` limits the rows looked at: (rows ascending, their mask); None: all
    ``count`` rows. ``status`` is (each row's published flag, the value wanted), or None for
    any; ``query`` the search (None: none), matched against ``records[row]``.
    """
    if candidates is None:
        if status is None and query is None:
            return list(range(count)), [True] * count
        if status is not None:
            published, wanted = status
            flags = list(map(wanted.__eq__, published))
        else:
            flags = matching(query, records, None)  # type: ignore[arg-type]  # query is set
            query = None
        rows = list(compress(range(count), flags))
        if query is None:
            return rows, flags
        mask = flags
    else:
        rows, mask = candidates
        if status is not None:
            published, wanted = status
            passed = list(map(wanted.__eq__, map(published.__getitem__, rows)))
            rows, mask = _keep(rows, mask, passed)
    if query is not None:
        rows, mask = _keep(rows, mask, matching(query, records, rows))
    return rows, mask


def _keep(rows: list[int], mask: list[Any], passed: list[Any]) -> tuple[list[int], list[Any]]:
    """The ``rows`` whose ``passed`` is truthy, and ``mask`` (copied) cleared for the others."""
    kept = list(compress(rows, passed))
    if len(kept) == len(rows):
        return kept, mask
    mask = list(mask)
    deque(map(mask.__setitem__, compress(rows, map(not_, passed)), repeat(False)), maxlen=0)
    return kept, mask


class Ordering:
    """Every source row in the sort order, and a fast way to put a subset in that order."""

    def __init__(self, order: list[int]) -> None:
        self.order = order
        self._getter: Callable[[Sequence[Any]], Any] | None = None

    def merged(self, new: list[int], keys: Sequence[Any], descending: bool) -> Ordering:
        """This order with the ``new`` (later) source rows merged in."""
        return Ordering(sorted_rows(self.order + new, keys, descending))

    def arrange(
        self, shown: list[int], mask: Sequence[Any], keys: Sequence[Any], descending: bool
    ) -> list[int]:
        """``shown`` (ascending source rows; ``mask``: truthy per row shown) in the sort
        order (ties in the folder's order)."""
        order = self.order
        count = len(order)
        if len(shown) == count:
            return list(order)
        if len(shown) < 2 or count < 2:
            return list(shown)
        if len(shown) * len(shown).bit_length() < count:  # a few rows: sort just them
            return sorted(shown, key=keys.__getitem__, reverse=descending)
        if self._getter is None:
            self._getter = itemgetter(*order)
        return list(compress(order, self._getter(mask)))


def placed(
    rows: list[int], new: list[int], keys: Sequence[Any], descending: bool
) -> list[int] | None:
    """``rows`` with ``new`` (later source rows, both in order) merged in, or None when
    every new row goes after the last of ``rows`` (they can just be appended)."""
    if not (rows and new):
        return None
    last, first_new = keys[rows[-1]], keys[new[0]]
    if not (first_new > last if descending else first_new < last):
        return None
    return sorted_rows(rows + new, keys, descending)  # two sorted runs: a merge


def find(rows: list[int], source: int) -> int:
    """The index of ``source`` in ``rows`` (-1 when absent), by a scan in C."""
    try:
        return rows.index(source)
    except ValueError:
        return -1


def sorted_rows(rows: list[int], keys: Sequence[Any], descending: bool) -> list[int]:
    """``rows`` (ascending) sorted by ``keys``, ties kept in the folder's order."""
    return sorted(rows, key=keys.__getitem__, reverse=descending)


def positions(rows: list[int], count: int) -> list[int]:
    """Source row -> its index in ``rows`` (-1 when absent)."""
    position = [-1] * count
    deque(map(position.__setitem__, rows, range(len(rows))), maxlen=0)
    return position


class SearchRecords:
    """One search Record per source row of ``model``, made when first needed, kept until
    the row changes (``forget``)."""

    def __init__(self, model: ArticleModel | None) -> None:
        self.model = model
        self.items: list[Record | None] = []
        self.missing = 0  # how many items are None
        self._scan = 0  # every row below this has its record, but those in _forgotten
        self._forgotten: list[int] = []
        self.duplicates: frozenset[int] = frozenset()  # ids of documents with a duplicate
        self.states: dict[int, frozenset[str]] = {}  # ids -> states given (Record.states)
        self._sources: dict[str, Mapping[int, frozenset[str]]] = {}  # source -> its states
        #: Record texts kept from an earlier opening of the folder (``take_texts``): by a
        #: file's path, the digest of its bytes then and its record's text.
        self.texts: Mapping[str, tuple[str, str]] = {}

    def reset(self, count: int) -> None:
        """``count`` rows, no record made yet."""
        self.items = [None] * count
        self.missing = count
        self._scan = 0
        self._forgotten = []

    def take_texts(self, texts: Mapping[str, tuple[str, str]]) -> None:
        """Record texts an earlier opening made (by path: the digest of the file's bytes
        then, the text): a record made from now on for an unedited file whose bytes are the
        same takes its text from there, folding nothing."""
        self.texts = texts

    def kept_text(self, document: Document) -> str | None:
        """The text kept for ``document`` when it still holds (None: fold it)."""
        if not self.texts or document.modified:
            return None
        digest = document.article.content_digest  # no Fingerprint made per row
        kept = self.texts.get(document.path_text)  # nor Path
        if kept is None or digest is None or kept[0] != digest:
            return None
        return kept[1]

    def extend(self, count: int) -> None:
        """``count`` more rows at the end."""
        self.items.extend([None] * count)
        self.missing += count

    def get(self, row: int) -> Record:
        """The record of source ``row``."""
        record = self.items[row]
        if record is None:
            assert self.model is not None
            document = self.model.document(row)
            record = self.new(document, self.model.when(row), self.kept_text(document))
            self.items[row] = record
            self.missing -= 1
        return record

    def new(self, document: Document, when: Any, text: str | None = None) -> Record:
        """A record of ``document`` as edited (``when``: its parsed publication date;
        ``text``: its words' text when kept)."""
        key = id(document)
        return Record.from_document(
            document, key in self.duplicates, when, self.states.get(key, frozenset()), text
        )

    def build(self, limit: int | None = None) -> None:
        """Make missing records: all of them (a search needs them), or ``limit`` of them."""
        items, forgotten = self.items, self._forgotten
        built = 0
        while self.missing and (limit is None or built < limit):
            if forgotten:
                row = forgotten.pop()
                if row >= len(items) or items[row] is not None:
                    continue
            else:
                row = self._scan = items.index(None, self._scan)
            self.get(row)
            built += 1

    def forget(self, first: int, last: int) -> None:
        """Rows ``first`` to ``last`` changed: their records are made again when needed."""
        items = self.items
        for row in range(first, min(last + 1, len(items))):
            if items[row] is not None:
                items[row] = None
                self.missing += 1
                self._forgotten.append(row)

    def forget_rows(self, rows: Iterable[int]) -> None:
        """These rows changed: their records are made again when needed."""
        items = self.items
        count = len(items)
        for row in rows:
            if row < count and items[row] is not None:
                items[row] = None
                self.missing += 1
                self._forgotten.append(row)

    def set_duplicates(self, documents: frozenset[int]) -> bool:
        """Mark the records of documents that are likely duplicates; True when any changed."""
        changed = documents ^ self.duplicates
        self.duplicates = documents
        if self.model is None:
            return bool(changed)
        for key in changed:
            row = self.model.row_of_id(key)
            record = self.items[row] if 0 <= row < len(self.items) else None
            if record is not None:
                record.duplicate = key in documents
        return bool(changed)

    def set_states(self, states: Mapping[int, frozenset[str]], *, source: str) -> frozenset[str]:
        """Give documents (by id) their states from outside the search (``Record.states``),
        as ``source`` sees them ("git": ``is:changed``...; "report": ``is:mojibake``...): a
        record has the union of every source's states, and each source's call replaces only
        its own. Returns the states some record gained or lost."""
        before_source = self._sources.get(source, {})
        if states:
            self._sources[source] = dict(states)
        else:
            self._sources.pop(source, None)
        others = [given for name, given in self._sources.items() if name != source]
        touched: set[str] = set()
        for key in before_source.keys() | states.keys():
            old = self.states.get(key, frozenset())
            new = states.get(key, frozenset()).union(
                *(given.get(key, frozenset()) for given in others)
            )
            if old == new:
                continue
            if new:
                self.states[key] = new
            else:
                del self.states[key]
            touched |= old ^ new
            if self.model is None:
                continue
            row = self.model.row_of_id(key)
            record = self.items[row] if 0 <= row < len(self.items) else None
            if record is not None:
                record.states = new
        return frozenset(touched)
