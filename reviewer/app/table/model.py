"""The article table model: a thin adapter over the workspace's documents.

Its rows are ``workspace.documents``, in order. Documents come and go through the model
(``open``, ``add``), which tells the views; ``refresh`` says documents changed (the window
calls it for every edit, save and reload).

data() is O(1): display values are kept per version of a document (``Document.view``), its
date parsed once per version; sort keys are kept per column for every row and worked out
again for a row when ``refresh`` says its document changed.

The columns are the field registry's (``columns.table_columns()``, read when the model is
made): how each cell shows, sorts, aligns and checks is worked out then, from its field's
kind, so data() looks nothing up in the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
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
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.app.table.columns import FILE, Column, Role, table_columns
from reviewer.core import fields
from reviewer.core.article import Article, heading
from reviewer.core.document import MISSING, Document, NotLoadedError
from reviewer.core.fields import Field, Kind, Sort, TableColumn
from reviewer.core.site import Site
from reviewer.workspace import Workspace

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_ERROR_COLOR = QColor("#b3261e")
_DELETED_COLOR = QColor("#7a7a7a")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: Display tuples kept at most (rows shown on screen; a long scroll starts over).
MAX_DISPLAY_CACHE = 20_000
_PUBLISHED_KEYS = {True: 2, False: 1, None: 0}
#: Rows ``refresh`` reports changed one by one; more are one change of the rows between.
REFRESH_ONE_BY_ONE = 64
#: The key the model keeps parsed per row (``when``): the publication date.
_PUBLISHED_AT = fields.by_key("publishedDateTime").path
#: A cell's value from its row, document and the document's view.
_Cell = Callable[[int, Document, Article], Any]


def local_time(when: dt.datetime | None) -> str:
    """A datetime shown in the local time zone (naive values are shown as written)."""
    if when is None:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def file_time(when: dt.datetime | None) -> str:
    """A datetime as the file writes it: in its own offset, never converted (so its day is
    the one ``date:`` searches by)."""
    return "" if when is None else when.strftime("%Y-%m-%d %H:%M")


def offset_tip(when: dt.datetime | None) -> str | None:
    """The tooltip of a date shown by ``file_time``: its offset, and the same moment in UTC
    and in the local time zone."""
    if when is None:
        return None
    offset = when.utcoffset()
    if offset is None:
        return f"{file_time(when)}, with no offset written (read as local time)"
    written = when.strftime("%z")
    written = "+00:00 (UTC)" if not offset else f"{written[:3]}:{written[3:]}"
    utc = file_time(when.astimezone(dt.timezone.utc))
    return (
        f"{file_time(when)} at offset {written}, as the file writes it; the search's day"
        f" is this one.\nUTC: {utc} · your time zone: {local_time(when)}"
    )


def sort_key_of_date(when: dt.datetime | None) -> float:
    """A chronological sort key whatever the source format (missing dates sort first)."""
    if when is None:
        return float("-inf")
    try:
        return when.timestamp()  # naive values count as local time
    except (OverflowError, OSError, ValueError):
        return float("-inf")


def _number_key(value: int | None) -> float:
    return float("-inf") if value is None else value


class ArticleModel(QAbstractTableModel):
    """Rows are the workspace's Documents; columns are Column members.

    Signals:
        edit_requested(Document, tuple, object): the view asked to change a value (the
            published checkbox); whoever owns the undo stack makes the change.
        rows_refreshed(list): the rows ``refresh`` worked out again, in order, sent before
            its dataChanged when that one spans rows that did not change.
        columns_changed(): ``set_fields`` changed the columns after the fixed ones.
    """

    edit_requested = Signal(object, tuple, object)
    rows_refreshed = Signal(list)
    columns_changed = Signal()

    def __init__(self, workspace: Workspace | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The documents shown (a workspace of its own when none is given).
        self.workspace = workspace if workspace is not None else Workspace()
        self._rows: dict[int, int] = {}
        #: How many likely duplicates a document has (set by the window; none by default).
        self.similar_count: Callable[[Document], int] = lambda _document: 0
        #: A note on a row for this session only ("" for none; triage marks skips): an icon
        #: in the Similar column and a line in the Published and Similar tooltips.
        self.row_note: Callable[[Document], str] = lambda _document: ""
        #: The Image column's picture of a row, asked only for rows painted (set by the
        #: window's thumbnails, ``app/images.py``; none by default).
        self.thumbnail: Callable[[Document], Any] = lambda _document: None
        #: The Git column of a row: a short state ("M", "?"; "" when unchanged or unknown)
        #: and its words for the tooltip (set by the window's git status, ``app/git``).
        self.git_state: Callable[[Document], tuple[str, str]] = lambda _document: ("", "")
        self._set_columns(table_columns())
        self._clear_caches()
        #: data() of the roles asked less often than display and check, by role.
        self._other_roles: dict[int, Callable[[int, int, Document], Any]] = {
            int(Qt.ItemDataRole.DecorationRole): self._decoration,
            int(Qt.ItemDataRole.ForegroundRole): self._foreground,
            int(Qt.ItemDataRole.FontRole): lambda _row, _column, d: self._font(d),
            int(Qt.ItemDataRole.TextAlignmentRole): lambda _row, column, _d: self._aligns[column],
            int(Role.DOCUMENT): lambda _row, _column, document: document,
            int(Qt.ItemDataRole.ToolTipRole): self._tooltip_text,
            int(Role.SORT): self._sort_value,
        }

    @property
    def columns(self) -> tuple[tuple[TableColumn, Field | None], ...]:
        """Every column, by position, with its field (None for FILE and SIMILAR)."""
        return self._column_list

    def set_fields(self, extra: Iterable[Field]) -> None:
        """Show a column, after the fixed ones, for each of these fields that has one (a
        collection's own fields: ``schema.Schema.fields()``), in the order given.

        The columns are inserted and removed as columns (the rows, their search records and
        the selection stay); each gets the next position, whatever its field's says.
        """
        fixed = table_columns()
        wanted = [f for f in extra if f.column is not None]
        columns = fixed + tuple(
            (replace(_column_of(f), position=position), f)
            for position, f in enumerate(wanted, len(fixed))
        )
        if [f for _column, f in columns] == [f for _column, f in self._column_list]:
            return
        if self._columns > len(fixed):
            self.beginRemoveColumns(QModelIndex(), len(fixed), self._columns - 1)
            self._set_columns(fixed)
            self.endRemoveColumns()
        for column in [column for column in self._keys if column >= len(fixed)]:
            del self._keys[column]  # the fixed columns' keys still hold: 100,000 kept
        self._display.clear()
        if len(columns) > len(fixed):
            self.beginInsertColumns(QModelIndex(), len(fixed), len(columns) - 1)
            self._set_columns(columns)
            self.endInsertColumns()
        self.columns_changed.emit()

    def _set_columns(self, columns: tuple[tuple[TableColumn, Field | None], ...]) -> None:
        """Work out, per column, everything data(), sort_keys() and setData() need."""
        self._column_list = columns
        self._columns = len(columns)
        self._headers = tuple(column.header for column, _field in columns)
        self._tips = tuple(column.tip or None for column, _field in columns)
        self._paths = tuple(f.path if f is not None else None for _column, f in columns)
        self._aligns = tuple(
            _RIGHT if f is not None and f.kind is Kind.INT else None for _column, f in columns
        )
        #: Per column: how a checkbox column reads its value (None: not a checkbox).
        self._checks = tuple(
            f.read if f is not None and f.kind is Kind.BOOL else None for _column, f in columns
        )
        #: Per column: how a list column reads its items, for its tooltip (None: not a list).
        self._lists = tuple(
            f.read if f is not None and f.kind is Kind.TEXT_LIST else None for _column, f in columns
        )
        self._shows = tuple(self._shower(column, f) for column, f in columns)
        self._sorters = tuple(
            self._sorter(column, f, shows)
            for (column, f), shows in zip(columns, self._shows, strict=True)
        )

    def _shower(self, column: TableColumn, field: Field | None) -> _Cell:
        """How ``column`` shows a row (DisplayRole)."""
        if field is None:  # SIMILAR is asked each time
            if column is FILE:
                return lambda _row, document, _view: document.path.name
            return lambda _row, _document, _view: None
        read = field.read
        kind = field.kind
        if kind is Kind.BOOL:  # a checkbox (published: as Jekyll reads it)
            if field.effective is None:
                return lambda _row, _document, _view: None
            written = fields.reader(kind, field.path)  # True, False, or None: not written so
            return lambda _row, _document, view: (
                "*" if view.error is None and written(view.data) is None else None
            )
        if kind is Kind.DATE:
            if field.path == _PUBLISHED_AT:
                when = self.when
                return lambda row, _document, _view: file_time(when(row))
            return lambda _row, _document, view: file_time(read(view.data))
        if kind is Kind.TEXT_LIST:
            return lambda _row, _document, view: ", ".join(read(view.data))
        if kind in (Kind.IMAGES, Kind.RELATED):
            return lambda _row, _document, view: str(len(read(view.data)) or "")
        if column.position == Column.TITLE:  # a row always has a title: its name, its file's
            return lambda _row, document, view: (
                document.path.name if view.error is not None else heading(view.data, document.path)
            )
        return lambda _row, _document, view: read(view.data)

    def _sorter(self, column: TableColumn, field: Field | None, shows: _Cell) -> _Cell:
        """How ``column`` sorts a row (the key kept per row by ``sort_keys``)."""
        if field is None:
            if column is FILE:
                return lambda _row, document, _view: document.path.name.casefold()
            return lambda _row, _document, _view: 0  # SIMILAR: counted each time
        read = field.read
        sort = field.sort
        if sort is Sort.FLAG:
            return lambda _row, _document, view: (
                _PUBLISHED_KEYS.get(read(view.data), 0) if view.error is None else 0
            )
        if sort is Sort.NUMBER:
            return lambda _row, _document, view: _number_key(read(view.data))
        if sort is Sort.DATE:
            if field.path == _PUBLISHED_AT:
                when = self.when
                return lambda row, _document, _view: sort_key_of_date(when(row))
            return lambda _row, _document, view: sort_key_of_date(read(view.data))
        return lambda row, document, view: shows(row, document, view).casefold()

    def _clear_caches(self) -> None:
        self._display: dict[int, tuple[Article, tuple[Any, ...]]] = {}
        self._when: list[tuple[Article, dt.datetime | None] | None] = [None] * len(self._documents)
        self._keys: dict[int, list[Any]] = {}
        self._published = [d.effective.published is True for d in self._documents]
        self._state = [_state(d) for d in self._documents]
        self._counts = [0, 0, 0]  # unpublished, modified, errors
        self._modified: set[int] = set()  # rows with unsaved changes
        for row, state in enumerate(self._state):
            self._count(row, state, 1)

    # -- contents

    @property
    def _documents(self) -> list[Document]:
        return self.workspace.documents

    def documents(self) -> list[Document]:
        """Every document, in model order (do not change the list)."""
        return self._documents

    def document(self, row: int) -> Document:
        """The document of ``row``."""
        return self._documents[row]

    def row_of(self, document: Document) -> int:
        """The row of ``document`` (-1 when absent)."""
        return self._rows.get(id(document), -1)

    def row_of_id(self, key: int) -> int:
        """The row of the document whose ``id()`` is ``key`` (-1 when absent)."""
        return self._rows.get(key, -1)

    def open(self, folder: Path | None, site: Site | None = None) -> None:
        """Start over with ``folder`` (in ``site``) open in the workspace, no row yet."""
        self.set_documents([], folder, site)

    def set_documents(
        self, documents: Iterable[Document], folder: Path | None = None, site: Site | None = None
    ) -> None:
        """Replace every row: the workspace opens ``folder`` (in the Jekyll ``site``, whose
        defaults its files inherit) and takes ``documents``."""
        self.beginResetModel()
        self.workspace.open(folder, site)
        self.workspace.adopt(documents)
        self._rows = {id(d): row for row, d in enumerate(self._documents)}
        self._clear_caches()
        self.endResetModel()

    def add(self, articles: Iterable[Article]) -> list[Document]:
        """A document for each article, added to the workspace as rows at the end (files
        already listed are left out); the documents added."""
        first = self.rowCount()
        added = self.workspace.add(articles)
        self._insert(first, added)
        return added

    def append(self, documents: Iterable[Document]) -> None:
        """Add these documents to the workspace, as rows at the end."""
        first = self.rowCount()
        self._insert(first, self.workspace.adopt(documents))

    def _insert(self, first: int, new: list[Document]) -> None:
        """Rows for ``new``, the documents the workspace holds from row ``first`` on."""
        if not new:
            return
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.update(zip(map(id, new), range(first, first + len(new)), strict=True))
        self._when.extend([None] * len(new))
        published = [d.effective.published is True for d in new]
        self._published.extend(published)
        states = [_state(d, p) for d, p in zip(new, published, strict=True)]
        self._state.extend(states)
        counts = self._counts
        for bit in range(3):
            counts[bit] += sum(1 for state in states if state & (1 << bit))
        self._modified.update(row for row, state in enumerate(states, first) if state & 2)
        self.endInsertRows()

    def refresh(self, documents: Document | Iterable[Document]) -> None:
        """These documents changed (edited, saved, reloaded): work their rows out again.

        A few rows are reported changed one by one; more as one change of every row from
        the first to the last (a bulk edit of 100,000 rows is one signal, not 100,000).
        """
        if isinstance(documents, Document):
            documents = (documents,)
        rows = sorted(row for row in map(self.row_of, documents) if row >= 0)
        for row in rows:
            self._work_out(row)
        last = self._columns - 1
        if len(rows) <= REFRESH_ONE_BY_ONE:
            for row in rows:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        else:
            self.rows_refreshed.emit(rows)
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))

    def _work_out(self, row: int) -> None:
        """The row's caches and counts, for its document as it is now."""
        document = self._documents[row]
        self._display.pop(row, None)
        self._when[row] = None
        self._published[row] = document.effective.published is True
        state = _state(document)
        self._count(row, self._state[row], -1)
        self._count(row, state, 1)
        self._state[row] = state
        for column, keys in self._keys.items():
            if row < len(keys):
                keys[row] = self._sort_key(row, column)

    def refresh_column(self, column: int) -> None:
        """Tell views every row's ``column`` changed (the Similar counts)."""
        self._keys.pop(column, None)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    # -- what the proxy, the status bar and the sidebar read, without Qt calls

    def published_flags(self) -> list[bool]:
        """Per row: True when the document (as edited) says published: true."""
        return self._published

    def is_modified(self, row: int) -> bool:
        """True when the document of ``row`` has unsaved changes (a flag kept per row)."""
        return bool(self._state[row] & 2)

    def count_editable(self, rows: Iterable[int]) -> int:
        """How many of ``rows`` can be edited (not unreadable: a flag kept per row)."""
        state = self._state
        return sum(1 for row in rows if not state[row] & 4)

    def any_unpublished(self, rows: Iterable[int]) -> bool:
        """True when one of ``rows`` is unpublished and editable (a flag kept per row)."""
        state = self._state
        return any(state[row] & 1 for row in rows)

    def counts(self) -> tuple[int, int, int]:
        """How many documents are unpublished (and editable), modified, unreadable."""
        unpublished, modified, errors = self._counts
        return unpublished, modified, errors

    def modified_documents(self) -> list[Document]:
        """Every document with unsaved changes, in model order."""
        documents = self._documents
        return [documents[row] for row in sorted(self._modified) if documents[row].modified]

    def when(self, row: int) -> dt.datetime | None:
        """The row's publication date, parsed once per version of its document."""
        document = self._documents[row]
        view = document.effective
        cached = self._when[row]
        if cached is None or cached[0] is not view:
            cached = (view, view.published_at)
            self._when[row] = cached
        return cached[1]

    def sort_keys(self, column: int) -> list[Any]:
        """A sort key for every row, for ``column`` (kept; do not change the list)."""
        if column == Column.SIMILAR:  # the duplicate groups change on their own
            count = self.similar_count
            return [count(d) for d in self._documents]
        if column == Column.GIT:  # so do the files' states in git
            state = self.git_state
            return [state(d)[0] for d in self._documents]
        keys = self._keys.setdefault(column, [])
        if len(keys) < self.rowCount():
            keys.extend(self._sort_key(row, column) for row in range(len(keys), self.rowCount()))
        return keys

    def cell(self, row: int, column: int, role: int) -> Any:
        """data() of a source row without a QModelIndex (the proxy calls this)."""
        document = self._documents[row]
        if role == _DISPLAY:
            if column == Column.SIMILAR:
                count = self.similar_count(document)
                return f"≈ {count}" if count else ""
            if column == Column.GIT:
                return self.git_state(document)[0]
            return self._shown(row, document)[column]
        if role == _CHECK:
            check = self._checks[column]
            if check is None or document.article.error is not None:
                return None
            checked = check(document.effective.data)
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        other = self._other_roles.get(role)
        return other(row, column, document) if other is not None else None

    def _decoration(self, _row: int, column: int, document: Document) -> Any:
        if column == Column.IMAGE:
            return self.thumbnail(document)
        if column == Column.SIMILAR:
            return icons.icon("skipped") if self.row_note(document) else None
        return self._status_icon(document) if column == Column.TITLE else None

    def _foreground(self, _row: int, column: int, document: Document) -> Any:
        if document.article.error is not None:
            return QBrush(_ERROR_COLOR)
        if document.deleted_on_disk or self._inherited(document, column) is not None:
            return QBrush(_DELETED_COLOR)  # grey: not the file's own value
        return None

    def _inherited(self, document: Document, column: int) -> str | None:
        """Where the value shown in ``column`` comes from when the file does not write it
        but inherits it from the site's defaults; None for the file's own values."""
        path = self._paths[column]
        if path is None or not document.inherited.data or path[0] in document.view.data:
            return None
        try:
            return document.inherited_source(path)
        except NotLoadedError:
            return None

    def _tooltip_text(self, row: int, column: int, document: Document) -> Any:
        source = self._inherited(document, column)
        if column == Column.DATE and document.article.error is None:
            tip = offset_tip(self.when(row))  # the offset the column does not show
        else:
            tip = self._tooltip(document, column)
        if source is not None:
            inherited = f"Inherited from {source}; the file does not write it"
            tip = f"{tip}\n{inherited}" if tip else inherited
        if column in (Column.PUBLISHED, Column.SIMILAR) and (note := self.row_note(document)):
            tip = f"{tip}\n{note}" if tip else note
        return plain_tip(tip) if tip else None  # a title is text, never HTML

    def _sort_value(self, row: int, column: int, document: Document) -> Any:
        if column == Column.SIMILAR:
            return self.similar_count(document)
        if column == Column.GIT:
            return self.git_state(document)[0]
        return self.sort_keys(column)[row]

    def row_flags(self, row: int, column: int) -> Qt.ItemFlag:
        """flags() of a source row without a QModelIndex."""
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._checks[column] is not None and self._documents[row].article.error is None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # -- Qt model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else len(self._state)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else self._columns

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self._columns:
            return None
        if section == Column.PUBLISHED:  # a narrow column: an icon says it
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon("published")
            if role == _DISPLAY:
                return ""
        if role == _DISPLAY:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.row_flags(index.row(), index.column())

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and role == _CHECK):
            return False
        path = self._paths[index.column()]
        document = self._documents[index.row()]
        if self._checks[index.column()] is None or path is None or not document.editable:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.edit_requested.emit(document, path, checked)
        return True

    # -- helpers

    def _count(self, row: int, state: int, step: int) -> None:
        for bit in range(3):
            if state & (1 << bit):
                self._counts[bit] += step
        if state & 2:
            if step > 0:
                self._modified.add(row)
            else:
                self._modified.discard(row)

    def _shown(self, row: int, document: Document) -> tuple[Any, ...]:
        """The row's display values by column, kept until its document changes (what Jekyll
        reads: the file's values over those it inherits from the site's defaults)."""
        view = document.effective
        cached = self._display.get(row)
        if cached is not None and cached[0] is view:
            return cached[1]
        if len(self._display) >= MAX_DISPLAY_CACHE:
            self._display.clear()
        values = tuple([show(row, document, view) for show in self._shows])
        self._display[row] = (view, values)
        return values

    def _sort_key(self, row: int, column: int) -> Any:
        document = self._documents[row]
        return self._sorters[column](row, document, document.effective)

    @staticmethod
    def _status_icon(document: Document) -> Any:
        if document.article.error is not None:
            return icons.icon("error")
        if document.deleted_on_disk:
            return icons.icon("deleted")
        if document.modified:
            return icons.icon("modified")
        return None

    def _tooltip(self, document: Document, column: int) -> str | None:
        name = shown_name(document.path.name)
        if document.article.error is not None:
            return f"{name} could not be read: {document.article.error}"
        if document.deleted_on_disk:
            return f"{name} was deleted on disk; your copy is kept in memory"
        if column == Column.TITLE:
            status = " (modified, not saved)" if document.modified else ""
            title = heading(document.effective.data, document.path)
            return f"{title}{status}\n{shown_name(document.path)}"
        items = self._lists[column]
        if items is not None:
            return ", ".join(items(document.effective.data)) or None
        if column == Column.PUBLISHED:  # what Jekyll does, and why when the file is unclear
            return fields.published_state(document.effective.data.get(fields.PUBLISHED, MISSING))
        if column == Column.SIMILAR and (count := self.similar_count(document)):
            return f"Likely the same story as {count} other item(s); select it to see which"
        if column == Column.GIT:
            return self.git_state(document)[1] or None
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


def _column_of(field: Field) -> TableColumn:
    assert field.column is not None
    return field.column


def _state(document: Document, published: bool | None = None) -> int:
    """Bits: 1 unpublished (and editable), 2 modified, 4 unreadable (``published``: whether
    Jekyll publishes the document, when known)."""
    modified = 2 if document.changes else 0
    if document.article.error is not None:
        return 4 | modified
    if published is None:
        published = document.effective.published is True
    return (0 if published else 1) | modified
