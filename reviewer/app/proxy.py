"""Sorting and filtering of the article table: the status filter and the search."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from reviewer.app.columns import Role
from reviewer.app.model import ArticleModel
from reviewer.core.document import Document
from reviewer.core.query import Query, QueryError, Record, parse


class Status(IntEnum):
    """The always-visible status filter."""

    ALL = 0
    UNPUBLISHED = 1
    PUBLISHED = 2


class ArticleFilterProxy(QSortFilterProxyModel):
    """Filters rows by status and by a search in the core's search language."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = Status.ALL
        self._query: Query = parse("")
        self._records: dict[int, tuple[object, bool, bool, Record]] = {}
        self._duplicates: frozenset[int] = frozenset()
        self.setSortRole(Role.SORT)
        self.setDynamicSortFilter(False)

    def set_status(self, status: Status) -> None:
        """Show all, only unpublished or only published items."""
        if status != self._status:
            with self._filter_change():
                self._status = status

    def status(self) -> Status:
        """The current status filter."""
        return self._status

    def set_text(self, text: str) -> QueryError | None:
        """Show only items matching the search ``text``.

        A search with an error leaves the previous one in force and returns the error (the
        search bar shows it).
        """
        try:
            query = parse(text)
        except QueryError as error:
            return error
        if query.normalized != self._query.normalized:
            with self._filter_change():
                self._query = query
        return None

    def query(self) -> Query:
        """The search in force."""
        return self._query

    def set_duplicates(self, documents: frozenset[int]) -> None:
        """The ids of documents that are likely duplicates (for ``is:duplicate``)."""
        if documents != self._duplicates:
            with self._filter_change():
                self._duplicates = documents

    def record(self, document: Document) -> Record:
        """What the search sees of ``document``, kept until its values change."""
        key = id(document)
        view = document.view
        duplicate = key in self._duplicates
        cached = self._records.get(key)
        if cached is None or cached[0] is not view or cached[1:3] != (document.modified, duplicate):
            record = Record.from_document(document, duplicate)
            cached = (view, document.modified, duplicate, record)
            self._records[key] = cached
        return cached[3]

    @contextmanager
    def _filter_change(self) -> Iterator[None]:
        # Qt 6.10 replaced invalidateFilter() by a begin/end pair around the change.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            yield
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # older Qt 6
            yield
            self.invalidateRowsFilter()
        # Without dynamic sorting (rows must not jump while being edited), rows a new filter
        # lets in are not placed in order: sort again.
        if self.sortColumn() >= 0:
            self.sort(self.sortColumn(), self.sortOrder())

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ArticleModel)
        document = model.document(source_row)
        if self._status != Status.ALL:
            published = document.view.published is True
            if published != (self._status == Status.PUBLISHED):
                return False
        return self._query.is_empty or self._query.matches(self.record(document))
