"""The table's selection and current row, as documents."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QTableView

from reviewer.app.table.columns import Column, Role
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy
from reviewer.core.document import Document

_SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
_CURRENT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
_REPLACE = QItemSelectionModel.SelectionFlag.ClearAndSelect


class Selection(QObject):
    """Which documents the table has selected, which one is current, and choosing them.

    Signals:
        current_changed(object): the current document (None: no row is current, or the
            current row left the view, e.g. hidden by a new search).
    """

    current_changed = Signal(object)

    def __init__(self, table: QTableView, proxy: ArticleFilterProxy, model: ArticleModel) -> None:
        super().__init__(table)
        self.table = table
        self.proxy = proxy
        self.model = model
        self._current: Document | None = None
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self._all_selected: set[int] | None = None  # the source rows, when all were selected
        proxy.layoutAboutToBeChanged.connect(self._on_layout_about_to_change)
        proxy.layoutChanged.connect(self._on_layout_changed)
        proxy.modelReset.connect(self._on_layout_changed)

    # -- reading

    def current(self) -> Document | None:
        """The document of the current row, if any."""
        index = self.table.currentIndex()
        document = index.data(Role.DOCUMENT) if index.isValid() else None
        return document if isinstance(document, Document) else None

    def rows(self) -> list[int]:
        """The selected table rows, in view order, from the selection's ranges (no per-cell
        indexes: selecting all of 100,000 rows is one range)."""
        count = self.proxy.rowCount()
        selection = self.table.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.size())]
        spans = sorted((max(r.top(), 0), min(r.bottom(), count - 1)) for r in ranges if r.isValid())
        rows: list[int] = []
        end = -1  # the last row taken so far
        for top, bottom in spans:
            if bottom > end:
                rows.extend(range(max(top, end + 1), bottom + 1))
                end = bottom
        return rows

    def documents(self) -> list[Document]:
        """The documents of the selected rows, in view order."""
        documents = self.model.documents()
        return [documents[row] for row in self.source_rows()]

    def source_rows(self) -> list[int]:
        """The model rows of the selected rows, in view order."""
        sources = self.proxy.source_rows()
        return [sources[row] for row in self.rows()]

    def any(self, wanted: Callable[[int], bool]) -> bool:
        """True when ``wanted`` holds for the model row of a selected row (the first ones are
        asked first, and no list of 100,000 is made when the first one answers)."""
        sources = self.proxy.source_rows()
        count = len(sources)
        selection = self.table.selectionModel().selection()
        for i in range(selection.size()):
            span = selection.at(i)
            if span.isValid():
                rows = range(max(span.top(), 0), min(span.bottom(), count - 1) + 1)
                if any(map(wanted, map(sources.__getitem__, rows))):
                    return True
        return False

    def row_in_view(self, document: Document) -> int:
        """The table row showing ``document``, or -1."""
        source = self.model.row_of(document)
        if source < 0:
            return -1
        index = self.proxy.mapFromSource(self.model.index(source, Column.TITLE))
        return index.row() if index.isValid() else -1

    # -- choosing

    def select_row(self, row: int) -> None:
        """Make table ``row`` current and the only one selected."""
        index = self.proxy.index(row, Column.TITLE)
        self.table.selectionModel().setCurrentIndex(index, _CURRENT)

    def select_documents(self, documents: list[Document]) -> None:
        """Select the rows of ``documents`` that are in view; the first becomes current."""
        rows = [r for r in (self.row_in_view(d) for d in documents) if r >= 0]
        if not rows:
            return
        self.select_row(rows[0])
        selection = self.table.selectionModel()
        for row in rows[1:]:
            selection.select(self.proxy.index(row, Column.TITLE), _SELECT_ROWS)

    # -- following the table

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document = current.data(Role.DOCUMENT) if current.isValid() else None
        self._current = document if isinstance(document, Document) else None
        self.current_changed.emit(self._current)

    def _all_rows_selected(self) -> bool:
        count = self.proxy.rowCount()
        selection = self.table.selectionModel().selection()
        if count == 0 or selection.size() != 1:
            return False
        only = selection.at(0)
        return only.top() == 0 and only.bottom() == count - 1

    def _on_layout_about_to_change(self, *_args: object) -> None:
        # Qt keeps a selection of every row of a big table as "everything" across a layout
        # change, so that rows a wider search brings in would come selected: remember which.
        self._all_selected = set(self.proxy.source_rows()) if self._all_rows_selected() else None

    def _reselect(self, selected: set[int]) -> None:
        """Select exactly the rows in view whose source row is in ``selected``."""
        spans: list[tuple[int, int]] = []
        for row, source in enumerate(self.proxy.source_rows()):
            if source in selected:
                if spans and spans[-1][1] == row - 1:
                    spans[-1] = (spans[-1][0], row)
                else:
                    spans.append((row, row))
        last = self.proxy.columnCount() - 1
        chosen = QItemSelection()
        for top, bottom in spans:
            chosen.select(self.proxy.index(top, 0), self.proxy.index(bottom, last))
        self.table.selectionModel().select(chosen, _REPLACE)

    def _on_layout_changed(self, *_args: object) -> None:
        selected, self._all_selected = self._all_selected, None
        if selected is not None:
            self._reselect(selected)
        if self._current is not None and not self.table.currentIndex().isValid():
            # The current row is no longer listed (a new search, another folder): nothing is
            # current, as Qt would have moved the current row away from a removed row.
            self._current = None
            self.current_changed.emit(None)
