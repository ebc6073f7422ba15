"""The sidebar: saved views, and facets (categories, topics, providers, types, years) with
counts that follow the current search, as calibre's Tag browser does.

The facets are the field registry's (``fields.facets()``) until ``Sidebar.set_facets`` gives
another field set (a collection's fields, inferred at run time); each is counted as its kind
says: a text's values, a list's items, a date's years. Counts are keyed by the field's search
name (its dotted key when it has none: ``twitter.username``), which is also how a click names
it in the search.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from reviewer.app.browse.views import SavedView
from reviewer.app.plaintext import plain_tip
from reviewer.app.table.searchbar import quote
from reviewer.core import fields
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.fields import Field, Kind
from reviewer.core.query import DATE_FIELD

_TERM_ROLE = Qt.ItemDataRole.UserRole + 1
_VIEW_ROLE = Qt.ItemDataRole.UserRole + 2


#: Documents counted per pass of the event loop (a few milliseconds), so counting 100,000
#: never freezes the window.
COUNT_CHUNK = 2000

When = Callable[[Document], "dt.datetime | None"]
#: Adds one document's values to a facet's counter.
_Views = list[Article]
_Add = Callable[[Counter[str], list[Document], _Views], None]
#: The date ``when`` gives (parsed once per version by the model).
_PUBLISHED_AT = fields.by_key("publishedDateTime").path


def _published_at(document: Document) -> dt.datetime | None:
    return document.view.published_at


def facet_key(field: Field) -> str:
    """The key of ``field``'s counts and sidebar group: its search name."""
    return field.search or field.name


def facets_of(shown: Iterable[Field]) -> tuple[Field, ...]:
    """The fields of ``shown`` that are facets, in the sidebar's order (a key given twice:
    its first field)."""
    found: dict[str, Field] = {}
    for field in shown:
        if field.facet is not None:
            found.setdefault(facet_key(field), field)
    return tuple(sorted(found.values(), key=lambda f: f.facet.order if f.facet else 0))


def new_counts(facets: Sequence[Field] | None = None) -> dict[str, Counter[str]]:
    """An empty counter per facet (of ``facets``; by default the registry's), in the
    sidebar's order."""
    return {facet_key(f): Counter() for f in (fields.facets() if facets is None else facets)}


def _adder(field: Field, when: When) -> _Add:
    """How the documents' values of ``field`` are counted: text once, each item of a list
    once, a date by its year; a facet at a time over a slice of documents, the counting
    itself done by ``Counter.update`` (in C), not a call and two look-ups per value."""
    read = field.read
    if field.kind is Kind.DATE:
        if field.path == _PUBLISHED_AT:

            def add_years(counter: Counter[str], documents: list[Document], _views: _Views) -> None:
                counter.update([str(p.year) for p in map(when, documents) if p is not None])

            return add_years

        def add_read_years(
            counter: Counter[str], _documents: list[Document], views: _Views
        ) -> None:
            counter.update([str(p.year) for v in views if (p := read(v.data)) is not None])

        return add_read_years
    if field.kind is Kind.TEXT_LIST:

        def add_items(counter: Counter[str], _documents: list[Document], views: _Views) -> None:
            counter.update(chain.from_iterable([set(read(v.data)) for v in views]))

        return add_items

    def add(counter: Counter[str], _documents: list[Document], views: _Views) -> None:
        counter.update([str(value) for v in views if (value := read(v.data))])

    return add


def count_facets(
    counts: dict[str, Counter[str]],
    documents: Iterable[Document],
    when: When = _published_at,
    facets: Sequence[Field] | None = None,
) -> None:
    """Add ``documents``' values of each facet (of ``facets``; by default the registry's:
    categories, topics, providers, types, years) ``counts`` has a counter for to ``counts``.
    A value a document inherits from its site's defaults counts (``Document.effective``), as
    searches see it, so a click on it finds what it counted."""
    shown = fields.facets() if facets is None else facets
    plan = [(counts[facet_key(f)], _adder(f, when)) for f in shown if facet_key(f) in counts]
    pairs = [(d, view) for d in documents if (view := d.effective).error is None]
    readable = [d for d, _view in pairs]
    views = [view for _d, view in pairs]
    for counter, add in plan:
        add(counter, readable, views)


def facet_counts(
    documents: Iterable[Document],
    when: When = _published_at,
    facets: Sequence[Field] | None = None,
) -> dict[str, Counter[str]]:
    """How many of ``documents`` have each value of each facet (of ``facets``; by default
    the registry's: each category, topic, provider, type and year)."""
    counts = new_counts(facets)
    count_facets(counts, documents, when, facets)
    return counts


class FacetCounter(QObject):
    """Counts facets over a list of documents a slice at a time while the event loop is idle.

    ``facets`` are the fields counted (the registry's facets until set); a new set takes
    effect at the next ``start``.

    Signals:
        counted(dict): the counts, when every document has been counted.
    """

    counted = Signal(dict)

    def __init__(
        self,
        parent: QObject | None = None,
        when: When = _published_at,
        facets: Sequence[Field] | None = None,
    ) -> None:
        super().__init__(parent)
        self.when = when
        self.facets: tuple[Field, ...] = fields.facets() if facets is None else tuple(facets)
        self._counting: tuple[Field, ...] = self.facets
        self._documents: list[Document] = []
        self._done = 0
        self._counts: dict[str, Counter[str]] = {}
        #: The documents of the last ``start`` (counted or queued), and their ids.
        self._base: list[Document] = []
        self._ids: set[int] = set()
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)

    def start(self, documents: list[Document], same_values: bool = False) -> None:
        """Count ``documents`` (a count under way starts over). With ``same_values`` (no
        document's values changed since the last ``start``), when ``documents`` include all
        those of the last ``start`` (rows a load added), only the others are counted, into
        the running counts: a load's batches never make the count start over."""
        ids = {id(d) for d in documents}
        if same_values and self._counts and self._counting == self.facets and self._ids <= ids:
            new = [d for d in documents if id(d) not in self._ids]
            self._documents = self._documents[self._done :] + new
            self._done = 0
            self._base, self._ids = documents, ids
            if new or self._documents:
                self._timer.start()
            return
        self._documents = documents
        self._base, self._ids = documents, ids  # the base keeps them alive: ids stay theirs
        self._done = 0
        self._counting = self.facets
        self._counts = new_counts(self._counting)
        self._timer.start()

    def busy(self) -> bool:
        """True while a count is under way."""
        return self._timer.isActive()

    def documents(self) -> list[Document]:
        """The documents of the last ``start`` (counted, or being counted)."""
        return self._base

    def finish(self) -> None:
        """Count what is left now."""
        if self._timer.isActive():
            self._timer.stop()
            self._step(len(self._documents))

    def _step(self, size: int = COUNT_CHUNK) -> None:
        self._timer.stop()
        start, self._done = self._done, min(self._done + size, len(self._documents))
        count_facets(self._counts, self._documents[start : self._done], self.when, self._counting)
        if self._done < len(self._documents):
            self._timer.start()
        else:
            self._documents = []
            self.counted.emit(self._counts)


def facet_term(field: str, value: str, by_year: bool | None = None) -> str:
    """The search term that selects ``value`` of ``field``: a year of a date field (by
    default, of ``date:``), else the exact value."""
    if by_year is None:
        by_year = field == DATE_FIELD
    if by_year:
        return f"{field}:{value}"
    return f"{field}:={quote(value)}"


class Sidebar(QTreeWidget):
    """Saved views and facets; clicking a facet adds its term to the search.

    Signals:
        term_requested(str): add this term to the search.
        view_requested(str): show the saved view of this name.
    """

    term_requested = Signal(str)
    view_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("Click a value to add it to the search; counts follow the search")
        self.views_item = QTreeWidgetItem(self, ["Saved views"])
        self.views_item.setExpanded(True)
        _heading(self.views_item)
        #: A group per facet, by its key (search name); which count years.
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._by_year: set[str] = set()
        self._add_groups(fields.facets())
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)
        self._pending: list[Document] | Callable[[], list[Document]] | None = None
        #: The documents last given (counted again for a new set of facets).
        self._counted: list[Document] | Callable[[], list[Document]] | None = None
        self._same_values = False  # what set_documents said, for the count it starts
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._start_count)
        self.counter = FacetCounter(self)
        self.counter.counted.connect(self._fill_counts)

    def set_facets(self, shown: Sequence[Field]) -> None:
        """A group for each field of ``shown`` that is a facet (a collection's fields; the
        registry's by default), instead of the current groups; the saved views stay. The
        rows are counted again (soon) when documents were given before. The same facets
        again change nothing."""
        facets = facets_of(shown)
        if facets == self.counter.facets:
            return
        for item in self.groups.values():
            self.invisibleRootItem().removeChild(item)
        self.groups.clear()
        self._by_year.clear()
        self._add_groups(facets)
        self.counter.facets = facets
        if self._pending is None:
            self._pending = self._counted
        if self._pending is not None:
            self._timer.start()

    def facets(self) -> tuple[Field, ...]:
        """The fields the groups count, in order."""
        return self.counter.facets

    def _add_groups(self, facets: Iterable[Field]) -> None:
        for field in facets:
            assert field.facet is not None
            item = QTreeWidgetItem(self, [field.facet.title])
            item.setExpanded(field.facet.expanded)
            _heading(item)
            self.groups[facet_key(field)] = item
            if field.kind is Kind.DATE:
                self._by_year.add(facet_key(field))

    def add_group(self, title: str, position: int = 1) -> QTreeWidgetItem:
        """A group of another feature's terms (the git states), at top-level ``position``
        (1: under the saved views); ``set_terms`` fills it. ``set_facets`` leaves it."""
        item = QTreeWidgetItem([title])
        self.insertTopLevelItem(min(position, self.topLevelItemCount()), item)
        item.setExpanded(True)
        _heading(item)
        return item

    def set_terms(self, group: QTreeWidgetItem, terms: Iterable[tuple[str, int, str]]) -> None:
        """Fill ``group`` (from ``add_group``) with (label, count, search term) rows; a click
        adds the term to the search, as a facet's value does. The group counts its rows, as
        a facet counts its values."""
        group.takeChildren()
        for label, count, term in terms:
            child = QTreeWidgetItem(group, [label, f"{count:,}"])
            child.setData(0, _TERM_ROLE, term)
            child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            child.setToolTip(0, plain_tip(f"Add {term} to the search"))
        group.setText(1, f"{group.childCount():,}" if group.childCount() else "")

    def set_views(self, views: list[SavedView]) -> None:
        """List the saved views."""
        self.views_item.takeChildren()
        for view in views:
            child = QTreeWidgetItem(self.views_item, [view.name])
            child.setData(0, _VIEW_ROLE, view.name)
            child.setToolTip(0, plain_tip(view.search or "(no search)"))
        if not views:
            hint = QTreeWidgetItem(self.views_item, ["(View ▸ Saved Views ▸ Save…)"])
            hint.setFlags(Qt.ItemFlag.NoItemFlags)

    def set_documents(
        self,
        documents: list[Document] | Callable[[], list[Document]],
        same_values: bool = False,
    ) -> None:
        """Count facets over ``documents`` (the rows the search shows, or a function that
        gives them), soon: after a short pause, a slice at a time. ``same_values``: no
        document's values changed since the last call (rows were added, hidden, shown or
        sorted), so rows already counted need not be counted again."""
        self._same_values = (self._same_values or not self._timer.isActive()) and same_values
        self._pending = self._counted = documents
        self._timer.start()

    def busy(self) -> bool:
        """True while facets are counted or wait to be."""
        return self._timer.isActive() or self.counter.busy()

    def flush(self) -> None:
        """Count now (tests, and before a screenshot)."""
        if self._timer.isActive():
            self._timer.stop()
            self._start_count()
        self.counter.finish()

    def _start_count(self) -> None:
        pending, self._pending = self._pending, None
        documents = pending() if callable(pending) else pending or []
        self.counter.start(documents, self._same_values)

    def _fill_counts(self, counts: dict[str, Counter[str]]) -> None:
        self.setUpdatesEnabled(False)
        for field, group in self.groups.items():
            group.takeChildren()
            counter = counts.get(field, Counter())
            by_year = field in self._by_year
            if by_year:
                ordered = sorted(counter.items(), reverse=True)
            else:
                ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            for value, count in ordered:
                term = facet_term(field, value, by_year)
                child = QTreeWidgetItem(group, [value, f"{count:,}"])
                child.setData(0, _TERM_ROLE, term)
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                child.setToolTip(0, plain_tip(f"Add {term} to the search"))
            group.setText(1, f"{len(counter):,}" if counter else "")
        self.setUpdatesEnabled(True)

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        term = item.data(0, _TERM_ROLE)
        if term:
            self.term_requested.emit(term)
            return
        view = item.data(0, _VIEW_ROLE)
        if view:
            self.view_requested.emit(view)


def _heading(item: QTreeWidgetItem) -> None:
    """Make ``item`` a group's heading: bold, not selectable."""
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
