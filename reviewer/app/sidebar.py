"""The sidebar: saved views, and facets (categories, topics, providers, types, years) with
counts that follow the current search, as calibre's Tag browser does."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

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


def facet_counts(documents: Iterable[Document]) -> dict[str, Counter[str]]:
    """How many of ``documents`` have each category, topic, provider, type and year."""
    counts: dict[str, Counter[str]] = {field: Counter() for _, field in FACETS}
    for document in documents:
        article = document.view
        if article.error is not None:
            continue
        if article.category:
            counts["category"][article.category] += 1
        counts["topics"].update(set(article.topics))
        if article.provider_name:
            counts["provider.name"][article.provider_name] += 1
        if article.type:
            counts["type"][article.type] += 1
        if article.published_at is not None:
            counts["date"][str(article.published_at.year)] += 1
    return counts


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
        self._pending: list[Document] | None = None
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._fill_counts)

    def set_views(self, views: list[SavedView]) -> None:
        """List the saved views."""
        self.views_item.takeChildren()
        for view in views:
            child = QTreeWidgetItem(self.views_item, [view.name])
            child.setData(0, _VIEW_ROLE, view.name)
            child.setToolTip(0, view.search or "(no search)")
        if not views:
            hint = QTreeWidgetItem(self.views_item, ["(View ▸ Saved Views ▸ Save…)"])
            hint.setFlags(Qt.ItemFlag.NoItemFlags)

    def set_documents(self, documents: list[Document]) -> None:
        """Count facets over ``documents`` (the rows the search shows), soon."""
        self._pending = documents
        self._timer.start()

    def flush(self) -> None:
        """Count now (tests, and before a screenshot)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fill_counts()

    def _fill_counts(self) -> None:
        documents, self._pending = self._pending or [], None
        counts = facet_counts(documents)
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
                child.setToolTip(0, f"Add {facet_term(field, value)} to the search")
            group.setText(1, f"{len(counter):,}" if counter else "")

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        term = item.data(0, _TERM_ROLE)
        if term:
            self.term_requested.emit(term)
            return
        view = item.data(0, _VIEW_ROLE)
        if view:
            self.view_requested.emit(view)
