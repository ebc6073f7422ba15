"""The list side of the window: status filter, search bar, and the table (or an empty state)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QObject,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.plaintext import shown_name
from reviewer.app.table.columns import SIMILAR, Column, table_columns
from reviewer.app.table.proxy import Status
from reviewer.app.table.searchbar import SearchBar
from reviewer.core.fields import Field, Kind, TableColumn

#: The Title column's least width when a folder's own columns are added.
MIN_TITLE_WIDTH = 240
#: A first run's share of the table's width for the text columns besides Title (which gets
#: the rest), after the numbers, the date and the check; and their least width.
TEXT_SHARES = {Column.CATEGORY: 0.1, Column.PROVIDER: 0.15, Column.TOPICS: 0.15}
MIN_TEXT_WIDTH = 56

_STATUS_LABELS = {
    Status.ALL: ("All", "Show every article"),
    Status.UNPUBLISHED: ("Unpublished", "Show only what Jekyll hides (published: false or null)"),
    Status.PUBLISHED: ("Published", "Show only what Jekyll publishes (all but published: false)"),
}


class ListPane(QWidget):
    """Filters above the article table; an empty state until a folder with articles is open.

    Signals:
        status_changed(Status): the status filter changed.
        filter_text_changed(str): the search to apply changed (while the text cannot be
            read, the editor's last settled search: ``SearchBar.search_changed``).
        open_requested(): the empty state's "Open Folder…" button was clicked.
    """

    status_changed = Signal(Status)
    filter_text_changed = Signal(str)
    open_requested = Signal()

    def __init__(self, proxy: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The table's columns (default widths, which start hidden, headers for the menu).
        self.columns: list[TableColumn] = []
        #: The columns of numbers, sized to their content rather than to a fixed width.
        self.narrow: list[int] = []
        self._take_columns(table_columns())
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        filters = QHBoxLayout()
        filters.setSpacing(0)
        for status, (label, tip) in _STATUS_LABELS.items():
            button = QToolButton(self)
            button.setText(label)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setAutoRaise(False)
            self.status_group.addButton(button, int(status))
            filters.addWidget(button)
        self.status_group.button(int(Status.ALL)).setChecked(True)
        self.status_group.idToggled.connect(self._on_status_toggled)
        filters.addSpacing(8)
        self.filter_edit = SearchBar(self)
        self.filter_edit.search_changed.connect(self.filter_text_changed)
        filters.addWidget(self.filter_edit, 1)

        self.table = QTableView(self)
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setToolTip("Click to sort; right-click to choose columns")
        self._fit_pending = False
        # The header gets a selection of its own, always empty: Qt's header asks, for each
        # column it paints, whether every row is selected (one flags() per row), so after
        # Select All on 20,000 rows each repaint of the header took 0.6 s. Rows are selected
        # whole here, so no column is ever highlighted anyway.
        header.setSelectionModel(QItemSelectionModel(proxy, header))
        self._default_header()
        header.sectionResized.connect(self._on_section_resized)
        self.table.viewport().installEventFilter(self)

        self.empty = QWidget(self)
        self.empty_label = QLabel(self.empty)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.open_button = QPushButton("Open Folder…", self.empty)
        self.open_button.setToolTip("Choose a folder of article files (Ctrl+O)")
        self.open_button.clicked.connect(self.open_requested)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        self.show_table(False)

    def show_table(self, loaded: bool, empty: bool = False, folder: Path | None = None) -> None:
        """Show the table, or an empty state saying what to do."""
        if loaded and not empty:
            self.stack.setCurrentWidget(self.table)
            return
        if loaded:
            shown = html.escape(shown_name(folder))  # a rich-text label: the name escaped
            self.empty_label.setText(
                f"<h3>No articles here</h3><p>“{shown}” holds no article files "
                "(.md, .markdown, .html, .txt) with front matter.</p>"
                "<p>Open another folder, or drop one onto this window.</p>"
            )
        else:
            self.empty_label.setText(
                "<h3>No folder open</h3><p>Open a folder of article files with "
                "<b>File ▸ Open Folder…</b> (Ctrl+O), or drop a folder onto this window.</p>"
            )
        self.stack.setCurrentWidget(self.empty)

    def set_status(self, status: Status) -> None:
        """Select a status filter button (emits status_changed)."""
        self.status_group.button(int(status)).setChecked(True)
        self.status_changed.emit(status)

    def focus_filter(self) -> None:
        """Put the cursor in the search bar, text selected."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def restore_header(self, state: QByteArray, columns: int | None = None) -> None:
        """Restore column order, widths, visibility and sort order (the Title column always
        takes the width the others leave). ``columns``: how many columns the state was saved
        with, when known; columns added since take their defaults (Qt would show them all).
        """
        self._fit_pending = False
        header = self.table.horizontalHeader()
        if columns is not None and columns > header.count():
            state = QByteArray()  # made with a folder's own columns, not there yet
        if state.isEmpty() or not header.restoreState(state):
            self._default_header()
        elif columns is not None:
            for column in self.columns[columns:]:
                header.setSectionHidden(column.position, column.hidden)
                header.resizeSection(column.position, column.width)
        self.table.horizontalHeader().setSectionResizeMode(
            Column.TITLE, QHeaderView.ResizeMode.Stretch
        )

    def set_columns(self, columns: Sequence[tuple[TableColumn, Field | None]]) -> None:
        """The model's columns changed (a collection's own fields came or went): the new
        ones take their default width and visibility; the others keep theirs."""
        known = len(self.columns)
        self._take_columns(columns)
        header = self.table.horizontalHeader()
        for column in self.columns[known:]:
            header.setSectionHidden(column.position, column.hidden)
            if column.position in self.narrow:
                header.resizeSection(column.position, self.fitted_width(column.position))
            else:
                header.resizeSection(column.position, column.width)

    def leave_room_for_title(self) -> None:
        """Narrow the folder's own text columns (not below MIN_TEXT_WIDTH) so that the
        Title, which takes what the others leave, keeps MIN_TITLE_WIDTH of the table."""
        new = self.columns[len(table_columns()) :]
        header = self.table.horizontalHeader()
        shown = [c for c in self.columns if not header.isSectionHidden(c.position)]
        others = sum(header.sectionSize(c.position) for c in shown if c.position != Column.TITLE)
        excess = others - (self.table.viewport().width() - MIN_TITLE_WIDTH)
        text = [c for c in new if c in shown and c.position not in self.narrow]
        if excess <= 0 or not text:
            return
        for column in text:
            width = header.sectionSize(column.position)
            header.resizeSection(
                column.position, max(MIN_TEXT_WIDTH, width - excess // len(text) - 1)
            )

    def _take_columns(self, columns: Sequence[tuple[TableColumn, Field | None]]) -> None:
        self.columns = [column for column, _field in columns]
        self.narrow = [
            column.position
            for column, field in columns
            if column is SIMILAR or (field is not None and field.kind is Kind.INT)
        ]

    def header_width(self, section: int) -> int:
        """The width that shows ``section``'s header whole, with room for the sort arrow."""
        metrics = self.table.horizontalHeader().fontMetrics()
        return metrics.horizontalAdvance(str(self.columns[section].header)) + 22

    def fitted_width(self, section: int) -> int:
        """A column of numbers' width: its header or a four-digit number, whichever is wider,
        with room for the sort arrow."""
        metrics = self.table.horizontalHeader().fontMetrics()
        return max(self.header_width(section), metrics.horizontalAdvance("8888") + 16)

    def fit_columns(self) -> None:
        """Share the table's width as a first run does: numbers, the date and the check as
        they need, then TEXT_SHARES of what is left to the text columns; Title takes the
        rest (and stretches with the window)."""
        header = self.table.horizontalHeader()
        shown = [c.position for c in self.columns if not header.isSectionHidden(c.position)]
        shared = [*TEXT_SHARES, Column.TITLE]
        fixed = sum(header.sectionSize(p) for p in shown if p not in shared)
        rest = max(0, self.table.viewport().width() - fixed)
        for position, share in TEXT_SHARES.items():
            if position in shown:
                least = max(MIN_TEXT_WIDTH, self.header_width(position))
                header.resizeSection(position, max(least, int(rest * share)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._fit_pending
            and watched is self.table.viewport()
            and event.type() == QEvent.Type.Resize
            and self.table.isVisible()
        ):
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _on_section_resized(self, *_args: object) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._fit_pending = False  # the editor sizes the columns now

    def _default_header(self) -> None:
        header = self.table.horizontalHeader()
        for column in self.columns:
            header.setSectionHidden(column.position, column.hidden)
            header.resizeSection(column.position, column.width)
        for section in self.narrow:
            header.resizeSection(section, self.fitted_width(section))
        sample = header.fontMetrics().horizontalAdvance("2024-03-12 10:00")
        header.resizeSection(Column.DATE, sample + 24)  # a date, as wide as it is shown
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        self._fit_pending = True  # no widths remembered: share the width once it is known
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)

    def _on_status_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.status_changed.emit(Status(button_id))

    def _on_header_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in self.columns:
            section = column.position
            action = QAction(column.header, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(section))
            action.setEnabled(section != Column.TITLE)  # the title always stays
            action.toggled.connect(lambda on, c=section: header.setSectionHidden(c, not on))
            menu.addAction(action)
        menu.popup(header.mapToGlobal(position))
