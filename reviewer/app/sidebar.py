"""The sidebar: saved views, and facets (categories, topics, providers, types, years) with
counts that follow the current search, as calibre's Tag browser does."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from reviewer.app.plaintext import plain_tip
from reviewer.app.searchbar import quote
from reviewer.app.views import SavedView
from reviewer.core.document import Document

#: (group title, search field) of each facet, in order.
FACETS = (
    ("Categories", "category"),
    ("Topics", "topics"),
    ("Providers", "provider.name"),
    ("Types", "type"),
    ("Years", "date"),
)
_TERM_ROLE = Qt.ItemDataRole.UserRole + 1
_VIEW_ROLE = Qt.ItemDataRole.UserRole + 2


#: Documents counted per pass of the event loop (a few milliseconds), so counting 100,000
#: never freezes the window.
COUNT_CHUNK = 2000

When = Callable[[Document], "dt.datetime | None"]


def _published_at(document: Document) -> dt.datetime | None:
    return document.view.published_at


def count_facets(
    counts: dict[str, Counter[str]], documents: Iterable[Document], when: When = _published_at
) -> None:
    """Add ``documents``' categories, topics, providers, types and years to ``counts``."""
    categories, topics = counts["category"], counts["topics"]
    providers, types, years = counts["provider.name"], counts["type"], counts["date"]
    for document in documents:
        article = document.view
        if article.error is not None:
            continue
        if category := article.category:
            categories[category] += 1
        topics.update(set(article.topics))
        if provider := article.provider_name:
            providers[provider] += 1
        if kind := article.type:
            types[kind] += 1
        published = when(document)
        if published is not None:
            years[str(published.year)] += 1


def facet_counts(
    documents: Iterable[Document], when: When = _published_at
) -> dict[str, Counter[str]]:
    """How many of ``documents`` have each category, topic, provider, type and year."""
    counts: dict[str, Counter[str]] = {field: Counter() for _, field in FACETS}
    count_facets(counts, documents, when)
    return counts


class FacetCounter(QObject):
    """Counts facets over a list of documents a slice at a time while the event loop is idle.

    Signals:
        counted(dict): the counts, when every document has been counted.
    """

    counted = Signal(dict)

    def __init__(self, parent: QObject | None = None, when: When = _published_at) -> None:
        super().__init__(parent)
        self.when = when
        self._documents: list[Document] = []
        self._done = 0
        self._counts: dict[str, Counter[str]] = {}
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)

    def start(self, documents: list[Document]) -> None:
        """Count ``documents`` (a count under way starts over)."""
        self._documents = documents
        self._done = 0
        self._counts = {field: Counter() for _, field in FACETS}
        self._timer.start()

    def busy(self) -> bool:
        """True while a count is under way."""
        return self._timer.isActive()

    def finish(self) -> None:
        """Count what is left now."""
        if self._timer.isActive():
            self._timer.stop()
            self._step(len(self._documents))

    def _step(self, size: int = COUNT_CHUNK) -> None:
        self._timer.stop()
        start, self._done = self._done, min(self._done + size, len(self._documents))
        count_facets(self._counts, self._documents[start : self._done], self.when)
        if self._done < len(self._documents):
            self._timer.start()
        else:
            self._documents = []
            self.counted.emit(self._counts)


def facet_term(field: str, value: str) -> str:
    """The search term that selects ``value`` of ``field``."""
    if field == "date":
        return f"date:{value}"
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
        self.groups: dict[str, QTreeWidgetItem] = {}
        for title, field in FACETS:
            item = QTreeWidgetItem(self, [title])
            item.setExpanded(field in ("category", "type", "date"))
            self.groups[field] = item
        self.views_item.setExpanded(True)
        for item in [self.views_item, *self.groups.values()]:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.itemClicked.connect(self._on_item_clicked)
        self.itemActivated.connect(self._on_item_clicked)
        self._pending: list[Document] | Callable[[], list[Document]] | None = None
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._start_count)
        self.counter = FacetCounter(self)
        self.counter.counted.connect(self._fill_counts)

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

    def set_documents(self, documents: list[Document] | Callable[[], list[Document]]) -> None:
        """Count facets over ``documents`` (the rows the search shows, or a function that
        gives them), soon: after a short pause, a slice at a time."""
        self._pending = documents
        self._timer.start()

    def flush(self) -> None:
        """Count now (tests, and before a screenshot)."""
        if self._timer.isActive():
            self._timer.stop()
            self._start_count()
        self.counter.finish()

    def _start_count(self) -> None:
        pending, self._pending = self._pending, None
        documents = pending() if callable(pending) else pending or []
        self.counter.start(documents)

    def _fill_counts(self, counts: dict[str, Counter[str]]) -> None:
        self.setUpdatesEnabled(False)
        for field, group in self.groups.items():
            group.takeChildren()
            counter = counts[field]
            ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            if field == "date":
                ordered = sorted(counter.items(), reverse=True)
            for value, count in ordered:
                child = QTreeWidgetItem(group, [value, f"{count:,}"])
                child.setData(0, _TERM_ROLE, facet_term(field, value))
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                child.setToolTip(0, plain_tip(f"Add {facet_term(field, value)} to the search"))
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
