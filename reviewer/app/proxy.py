"""Sorting and filtering of the article table: status filter and quick text filter."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from reviewer.app.columns import Role
from reviewer.app.model import ArticleModel
from reviewer.core.document import Document


class Status(IntEnum):
    """The always-visible status filter."""

    ALL = 0
    UNPUBLISHED = 1
    PUBLISHED = 2


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_text(document: Document) -> str:
    """What the quick filter looks in: title, excerpt, provider and topics, folded."""
    article = document.view
    parts = [article.title, article.excerpt, article.provider_name, *article.topics]
    if article.error is not None:
        parts += [document.path.name, article.error]
    return fold("\n".join(parts))


class ArticleFilterProxy(QSortFilterProxyModel):
    """Filters rows by status and by the words of the quick filter (all must match)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = Status.ALL
        self._words: list[str] = []
        self._texts: dict[int, tuple[object, str]] = {}
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

    def set_text(self, text: str) -> None:
        """Show only items whose text holds every word of ``text``."""
        words = fold(text).split()
        if words != self._words:
            with self._filter_change():
                self._words = words

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
        if self._words:
            text = self._text_of(document)
            return all(word in text for word in self._words)
        return True

    def _text_of(self, document: Document) -> str:
        # Cached per document, recomputed when its view (its data with changes) is a new object.
        key = id(document)
        view = document.view
        cached = self._texts.get(key)
        if cached is None or cached[0] is not view:
            cached = (view, search_text(document))
            self._texts[key] = cached
        return cached[1]
