"""The article table model: a thin adapter over the core's documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from reviewer.app import icons
from reviewer.app.columns import HEADER_TIPS, HEADERS, Column, Role
from reviewer.core.document import Document

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ERROR_COLOR = QColor("#b3261e")
_DELETED_COLOR = QColor("#7a7a7a")


def local_time(when: dt.datetime | None) -> str:
    """A datetime shown in the local time zone (naive values are shown as written)."""
    if when is None:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def sort_key_of_date(when: dt.datetime | None) -> float:
    """A chronological sort key whatever the source format (missing dates sort first)."""
    if when is None:
        return float("-inf")
    try:
        return when.timestamp()  # naive values count as local time
    except (OverflowError, OSError, ValueError):
        return float("-inf")


class ArticleModel(QAbstractTableModel):
    """Rows are Documents; columns are Column members.

    Signals:
        edit_requested(Document, tuple, object): the view asked to change a value (the
            published checkbox); whoever owns the undo stack makes the change.
    """

    edit_requested = Signal(object, tuple, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: list[Document] = []
        self._rows: dict[int, int] = {}
        #: How many likely duplicates a document has (set by the window; none by default).
        self.similar_count: Callable[[Document], int] = lambda _document: 0

    # -- contents

    def documents(self) -> list[Document]:
        """Every document, in model order."""
        return self._documents

    def document(self, row: int) -> Document:
        """The document of ``row``."""
        return self._documents[row]

    def row_of(self, document: Document) -> int:
        """The row of ``document`` (-1 when absent)."""
        return self._rows.get(id(document), -1)

    def set_documents(self, documents: list[Document]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._documents = list(documents)
        self._rows = {id(d): row for row, d in enumerate(self._documents)}
        self.endResetModel()

    def append(self, documents: Iterable[Document]) -> None:
        """Add rows at the end."""
        new = list(documents)
        if not new:
            return
        first = len(self._documents)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for offset, document in enumerate(new):
            self._rows[id(document)] = first + offset
        self._documents.extend(new)
        self.endInsertRows()

    def refresh(self, document: Document) -> None:
        """Tell views that ``document``'s row changed."""
        row = self.row_of(document)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # -- Qt model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else len(self._documents)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if column == Column.PUBLISHED:  # a narrow column: an icon says it
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon("published")
            if role == _DISPLAY:
                return ""
        if role == _DISPLAY:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.PUBLISHED and self._documents[index.row()].editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        column = Column(index.column())
        if role == _DISPLAY:
            return self._display(document, column)
        if role == Role.SORT:
            return self._sort_key(document, column)
        if role == Role.DOCUMENT:
            return document
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.PUBLISHED:
            if not document.editable:
                return None
            checked = document.view.published
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == Column.TITLE:
            return self._status_icon(document)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(document, column)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(document)
        if role == Qt.ItemDataRole.ForegroundRole:
            if document.article.error is not None:
                return QBrush(_ERROR_COLOR)
            if document.deleted_on_disk:
                return QBrush(_DELETED_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.QUALITY, Column.HEAT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            index.isValid()
            and role == Qt.ItemDataRole.CheckStateRole
            and index.column() == Column.PUBLISHED
            and self._documents[index.row()].editable
        ):
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.edit_requested.emit(self._documents[index.row()], ("published",), checked)
            return True
        return False

    # -- helpers

    def refresh_column(self, column: Column) -> None:
        """Tell views every row's ``column`` changed."""
        if self._documents:
            self.dataChanged.emit(
                self.index(0, column), self.index(len(self._documents) - 1, column)
            )

    def _display(self, document: Document, column: Column) -> Any:
        article = document.view
        if column == Column.TITLE:
            if article.error is not None:
                return article.title or document.path.name
            return article.title or "(untitled)"
        if column == Column.DATE:
            return local_time(article.published_at)
        if column == Column.CATEGORY:
            return article.category
        if column == Column.PROVIDER:
            return article.provider_name
        if column == Column.TOPICS:
            return ", ".join(article.topics)
        if column == Column.QUALITY:
            return article.quality
        if column == Column.HEAT:
            return article.heat
        if column == Column.TYPE:
            return article.type
        if column == Column.FILE:
            return document.path.name
        if column == Column.SIMILAR:
            count = self.similar_count(document)
            return f"≈ {count}" if count else ""
        return None

    def _sort_key(self, document: Document, column: Column) -> Any:
        article = document.view
        if column == Column.PUBLISHED:
            return {True: 2, False: 1, None: 0}[article.published]
        if column == Column.DATE:
            return sort_key_of_date(article.published_at)
        if column in (Column.QUALITY, Column.HEAT):
            value = article.quality if column == Column.QUALITY else article.heat
            return float("-inf") if value is None else value
        if column == Column.SIMILAR:
            return self.similar_count(document)
        text = self._display(document, column)
        return str(text or "").casefold()

    @staticmethod
    def _status_icon(document: Document) -> Any:
        if document.article.error is not None:
            return icons.icon("error")
        if document.deleted_on_disk:
            return icons.icon("deleted")
        if document.modified:
            return icons.icon("modified")
        return None

    def _tooltip(self, document: Document, column: Column) -> str | None:
        if document.article.error is not None:
            return f"{document.path.name} could not be read: {document.article.error}"
        if document.deleted_on_disk:
            return f"{document.path.name} was deleted on disk; your copy is kept in memory"
        if column == Column.TITLE:
            status = " (modified, not saved)" if document.modified else ""
            return f"{document.view.title}{status}\n{document.path}"
        if column == Column.TOPICS:
            return ", ".join(document.view.topics) or None
        if column == Column.SIMILAR and (count := self.similar_count(document)):
            return f"Likely the same story as {count} other item(s); select it to see which"
        return None

    @staticmethod
    def _font(document: Document) -> QFont | None:
        if document.modified or document.deleted_on_disk:
            font = QFont()
            font.setBold(document.modified)
            font.setStrikeOut(document.deleted_on_disk)
            return font
        if document.article.error is not None:
            font = QFont()
            font.setItalic(True)
            return font
        return None
