"""Sorting and filtering of the article table: the status filter and the search.

The rows shown are a Python list of source rows; Qt never calls back per row. A filter runs
the compiled search over precomputed Records in C loops (on the previous result, with only
the new terms, when a search narrows the last one); a sort is Python's sort over keys the
model keeps per column (see ``rowfilter``). A change of the row set is one layout change with
the persistent indexes (selection, current row) moved along. As before, an edit never moves
or hides a row; rows a load appends are placed in order.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from itertools import compress
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from reviewer.app.table import rowfilter
from reviewer.app.table.columns import Column
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.rowfilter import Status
from reviewer.core.document import Document
from reviewer.core.query import Query, QueryError, Record, parse

__all__ = ["ArticleFilterProxy", "Status"]

_Index = QModelIndex | QPersistentModelIndex
_VERTICAL = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_LAYOUT = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"
#: Search records built per pass of the event loop while idle (about 10 ms of work).
RECORDS_PER_PASS = 500
#: While rows keep coming (a load), one slice of records is made per this many ms (about
#: a quarter of the GUI thread, 16,000 records a second: a load's rows have theirs soon
#: after they come, so a search typed meanwhile finds few missing); at full pace after.
LOADING_PAUSE_MS = 30


class ArticleFilterProxy(QAbstractProxyModel):
    """Filters rows by status and by a search in the core's search language, and sorts them.

    Signals:
        records_built(): every row has its search record (made while the app was idle).
    """

    records_built = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model: ArticleModel | None = None
        self._columns = len(Column)  # the source model's, once set
        self._status = Status.ALL
        self._query: Query = parse("")
        self._column = -1
        self._order_by = Qt.SortOrder.AscendingOrder
        self._rows: list[int] = []  # proxy row -> source row
        self._shown: list[int] | None = []  # the same rows ascending (None: work it out)
        self._mask: list[Any] = []  # per source row: truthy when shown
        self._ordering: rowfilter.Ordering | None = None  # every row in order (None: to do)
        self._position: list[int] | None = None  # source row -> proxy row, when built
        self._scans = 0
        self._records = rowfilter.SearchRecords(None)
        self._stale = False  # a row changed since the last full filter: do not narrow
        self._forgotten = False  # the records of the next dataChanged's rows are forgotten
        self._idle = QTimer(self, singleShot=True, interval=0)
        self._idle.timeout.connect(self._build_some_records)
        self._inserted = 0.0  # time.monotonic() when rows last came

    # -- the public interface

    def set_status(self, status: Status) -> None:
        """Show all, only unpublished or only published items."""
        if status != self._status:
            narrowing = self._status == Status.ALL
            self._status = status
            self._refilter(self._query if narrowing else None)

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
            previous, self._query = self._query, query
            self._refilter(previous if query.narrows(previous) else None)
        return None

    def query(self) -> Query:
        """The search in force."""
        return self._query

    def refilter(self) -> None:
        """Run the search in force over every row again (rows read in full since it was
        applied may match now: an edit alone never hides or shows a row)."""
        self._refilter(None)

    def set_duplicates(self, documents: frozenset[int]) -> None:
        """The ids of documents that are likely duplicates (for ``is:duplicate``)."""
        if self._records.set_duplicates(documents) and "duplicate" in self._query.states:
            self._refilter(None)

    def set_states(self, states: Mapping[int, frozenset[str]], *, source: str) -> None:
        """Documents' states from outside the search, by id (``Record.states``), as
        ``source`` gives them: "git" (``is:changed``, ``is:conflicted``...), "report" (the
        consistency report's ``is:mojibake``...). A row has every source's states; a call
        replaces only its source's."""
        if self._records.set_states(states, source=source) & self._query.states:
            self._refilter(None)

    def record(self, document: Document) -> Record:
        """What the search sees of ``document``, kept until its row changes."""
        row = self._model.row_of(document) if self._model is not None else -1
        if row < 0:
            return self._records.new(document, document.view.published_at)
        return self._records.get(row)

    def records_ready(self) -> bool:
        """True when every row has its search record (tests, benchmarks)."""
        return self._records.missing == 0

    def take_texts(self, texts: Mapping[str, tuple[str, str]]) -> None:
        """Record texts an earlier opening made, by path (the digest of the file's bytes
        then, the text): records made from now on take them where they still hold."""
        self._records.take_texts(texts)

    def kept_texts(self) -> Mapping[str, tuple[str, str]]:
        """The record texts given by ``take_texts`` (by path)."""
        return self._records.texts

    def record_texts(self) -> list[str] | None:
        """Each source row's record text, when every row has its record (else None)."""
        if self._records.missing:
            return None
        return [record.text for record in self._records.items]  # type: ignore[union-attr]

    def documents(self) -> list[Document]:
        """The documents of the rows shown, in view order."""
        if self._model is None:
            return []
        return list(map(self._model.documents().__getitem__, self._rows))

    def source_rows(self) -> list[int]:
        """The source row of each row shown, in view order (do not change the list)."""
        return self._rows

    def sortColumn(self) -> int:
        """The column sorted by (-1: the folder's order)."""
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        """The order of the sort."""
        return self._order_by

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (-1: the folder's order); ties stay in the folder's order."""
        self._column = column if -1 <= column < self._columns else -1
        self._order_by = Qt.SortOrder(order)
        self._ordering = None  # every row in the new order, when first needed
        if self._model is not None:
            shown = self._shown_rows()
            self._relayout(self._arrange(shown, self._mask), shown)

    # -- Qt's proxy interface

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, ArticleModel)
        self.beginResetModel()
        if self._model is not None:
            for signal, slot in self._connections(self._model):
                signal.disconnect(slot)
        super().setSourceModel(model)
        self._model = model
        self._columns = model.columnCount()
        self._records = rowfilter.SearchRecords(model)
        for signal, slot in self._connections(model):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or self._model is None:
            return QModelIndex()
        return self._model.index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._row_of_source(source_index.row())
        return self.createIndex(row, source_index.column()) if row >= 0 else QModelIndex()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < self._columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: _Index | None = None) -> Any:
        if child is None:  # QObject.parent()
            return QObject.parent(self)
        return QModelIndex()

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._model is None:
            return None
        return self._model.cell(self._rows[index.row()], index.column(), role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or self._model is None:
            return Qt.ItemFlag.NoItemFlags
        return self._model.row_flags(self._rows[index.row()], index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._model is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._model.headerData(section, orientation, role)

    # -- filtering and ordering

    def _descending(self) -> bool:
        return self._order_by == Qt.SortOrder.DescendingOrder

    def _order(self) -> rowfilter.Ordering:
        """Every source row, in the current sort order."""
        assert self._model is not None
        if self._ordering is None:
            rows = list(range(self._model.rowCount()))
            if self._column >= 0:
                keys = self._model.sort_keys(self._column)
                rows = rowfilter.sorted_rows(rows, keys, self._descending())
            self._ordering = rowfilter.Ordering(rows)
        return self._ordering

    def _shown_rows(self) -> list[int]:
        """The source rows shown, ascending."""
        if self._shown is None:
            self._shown = list(compress(range(len(self._mask)), self._mask))
        return self._shown

    def _refilter(self, narrowed_from: Query | None) -> None:
        """Filter again; from the rows shown when ``narrowed_from`` (the search they passed)
        is given and no row changed since."""
        if self._model is None:
            return
        if narrowed_from is not None and not self._stale:
            query = self._query.residual(narrowed_from)
            shown, mask = self._select((self._shown_rows(), self._mask), query)
        else:
            shown, mask = self._select(None, self._query)
        self._stale = False
        self._relayout(self._arrange(shown, mask), shown, mask)

    def _select(
        self, candidates: tuple[list[int], list[Any]] | None, query: Query
    ) -> tuple[list[int], list[Any]]:
        assert self._model is not None
        status = None
        if self._status != Status.ALL:
            status = (self._model.published_flags(), self._status == Status.PUBLISHED)
        if not query.is_empty:
            self._records.build()
        count = self._model.rowCount()
        search = None if query.is_empty else query
        return rowfilter.select(count, candidates, status, search, self._records.items)

    def _arrange(self, shown: list[int], mask: list[Any]) -> list[int]:
        assert self._model is not None
        if self._column < 0:
            return list(shown)
        keys = self._model.sort_keys(self._column)
        return self._order().arrange(shown, mask, keys, self._descending())

    # -- the search records

    def _build_some_records(self) -> None:
        """Make some missing records while the event loop is idle, so a search starts fast."""
        self._records.build(RECORDS_PER_PASS)
        if self._records.missing:
            recent = time.monotonic() - self._inserted < LOADING_PAUSE_MS / 1000
            self._idle.start(LOADING_PAUSE_MS if recent else 0)
        else:
            self.records_built.emit()

    # -- following the source model

    def _connections(self, model: ArticleModel) -> list[tuple[Any, Any]]:
        return [
            (model.rows_refreshed, self._on_source_rows_refreshed),
            (model.dataChanged, self._on_source_data_changed),
            (model.rowsInserted, self._on_source_rows_inserted),
            (model.rowsRemoved, self._on_source_reset),
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._on_source_model_reset),
            (model.layoutChanged, self._on_source_reset),
            (model.headerDataChanged, self.headerDataChanged),
            (model.columnsAboutToBeInserted, self._on_source_columns_about_to_be_inserted),
            (model.columnsInserted, self._on_source_columns_changed),
            (model.columnsAboutToBeRemoved, self._on_source_columns_about_to_be_removed),
            (model.columnsRemoved, self._on_source_columns_changed),
        ]

    def _rebuild(self) -> None:
        count = self._model.rowCount() if self._model is not None else 0
        self._records.reset(count)
        self._ordering = None
        self._position = None
        self._stale = False
        if self._model is not None:
            shown, self._mask = self._select(None, self._query)
            self._shown, self._rows = shown, self._arrange(shown, self._mask)
        if self._records.missing:
            self._idle.start()

    def _on_source_columns_about_to_be_inserted(
        self, _parent: _Index, first: int, last: int
    ) -> None:
        self._ordering = None  # a sort by a column that moves is worked out again
        self.beginInsertColumns(QModelIndex(), first, last)

    def _on_source_columns_about_to_be_removed(
        self, _parent: _Index, first: int, last: int
    ) -> None:
        if first <= self._column <= last:
            self._column = -1  # sorted by a column that goes: the folder's order
        self._ordering = None
        self.beginRemoveColumns(QModelIndex(), first, last)

    def _on_source_columns_changed(self, _parent: _Index, first: int, last: int) -> None:
        """Columns came or went (a collection's own fields): the rows stay as they are."""
        inserted = self._model is not None and self._model.columnCount() > self._columns
        self._columns = self._model.columnCount() if self._model is not None else 0
        if inserted:
            self.endInsertColumns()
        else:
            self.endRemoveColumns()

    def _on_source_model_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _on_source_reset(self, *_args: object) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _on_source_rows_refreshed(self, rows: list[int]) -> None:
        """These rows changed (the dataChanged that follows spans others too)."""
        self._records.forget_rows(rows)
        self._forgotten = True

    def _on_source_data_changed(self, top: _Index, bottom: _Index, roles: Any = ()) -> None:
        first, last = top.row(), bottom.row()
        if self._forgotten:  # rows_refreshed said which rows changed
            self._forgotten = False
            self._stale = True
            self._idle.start()
        elif not (top.column() == bottom.column() in (Column.SIMILAR, Column.GIT)):
            self._records.forget(first, last)
            self._stale = True
            self._idle.start()
        if not self._rows:
            return
        if first == last:
            row = self._row_of_source(first)
            if row >= 0:
                self.dataChanged.emit(
                    self.index(row, top.column()), self.index(row, bottom.column()), roles
                )
        else:  # many rows: say all of them changed
            end = len(self._rows) - 1
            self.dataChanged.emit(
                self.index(0, top.column()), self.index(end, bottom.column()), roles
            )

    def _on_source_rows_inserted(self, _parent: _Index, first: int, last: int) -> None:
        assert self._model is not None
        new = list(range(first, last + 1))
        self._records.extend(len(new))
        self._inserted = time.monotonic()
        if not self._idle.isActive():  # a slice at a time while a load brings rows (never
            self._idle.start(LOADING_PAUSE_MS)  # put off by the next batch: few missing)
        self._mask.extend([True] * len(new))
        shown, self._mask = self._select((new, self._mask), self._query)
        if self._column < 0:
            self._ordering = None
        else:
            keys, descending = self._model.sort_keys(self._column), self._descending()
            if self._ordering is not None:
                self._ordering = self._ordering.merged(new, keys, descending)
            shown = rowfilter.sorted_rows(shown, keys, descending)
            merged = rowfilter.placed(self._rows, shown, keys, descending)
            if merged is not None:
                self._relayout(merged)  # they go between rows: one layout change
                return
        if shown:  # all after the rows shown
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(shown) - 1)
            self._rows.extend(shown)
            self._shown = None
            self._position = None
            self.endInsertRows()

    # -- row changes

    def _row_of_source(self, source: int) -> int:
        """The proxy row showing ``source`` (-1 when not shown)."""
        count = len(self._records.items)
        if self._position is None or len(self._position) != count:
            if (
                self._scans < rowfilter.SCANS
            ):  # a few look-ups: a scan (in C) is cheaper than a table
                self._scans += 1
                return rowfilter.find(self._rows, source)
            self._position = rowfilter.positions(self._rows, count)
        return self._position[source] if 0 <= source < count else -1

    def _relayout(
        self, rows: list[int], shown: list[int] | None = None, mask: list[Any] | None = None
    ) -> None:
        """Show ``rows`` (source rows, in order; ``shown``: the same ascending, when known;
        ``mask``: truthy per source row shown, when the set changes), keeping persistent
        indexes on their rows."""
        self.layoutAboutToBeChanged[_LAYOUT].emit([], _VERTICAL)  # type: ignore[index]
        persistent = self.persistentIndexList()
        old = self._rows
        sources = [old[index.row()] for index in persistent]
        self._rows, self._shown = rows, shown
        if mask is not None:
            self._mask = mask
        self._position, self._scans = None, 0
        if persistent:
            where = {source: self._row_of_source(source) for source in set(sources)}
            moved = [
                self.createIndex(where[s], index.column()) if where[s] >= 0 else QModelIndex()
                for s, index in zip(sources, persistent, strict=True)
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_LAYOUT].emit([], _VERTICAL)  # type: ignore[index]
