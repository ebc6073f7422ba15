"""Keyboard triage: one key per decision on the table, a decision history, a progress counter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QWidget

from reviewer.app import settings
from reviewer.app.actions import TOOLBAR
from reviewer.app.context import AppContext
from reviewer.app.plaintext import short_title
from reviewer.app.table.columns import Column, Role
from reviewer.app.table.proxy import Status
from reviewer.app.triage.cardview import CardActions, TriageView
from reviewer.core.document import Document

PUBLISHED: tuple[str, ...] = ("published",)
_LOCAL = Qt.ShortcutContext.WidgetWithChildrenShortcut
_MOVE_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up)
#: The actions, by attribute; each is in the keymap as "triage.<name>".
_NAMES = (
    "mode",
    "publish",
    "skip",
    "undo",
    "next",
    "previous",
    "details",
    "back",
    "search",
    "advance",
    "save_now",
)


@dataclass
class Decision:
    """One triage decision: a publish/unpublish (an undo command) or a skip (no edit)."""

    kind: str  # "publish" or "skip"
    documents: list[Document]
    command: QUndoCommand | None = None
    position: int = 0  # the undo stack's index just before the command was pushed
    before: tuple[Any, ...] = ()  # published values before, for a reverse edit


class Triage(QObject):
    """Triage mode, its single-key actions and its "Triage" menu."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self.table = context.list_pane.table
        self.history: list[Decision] = []
        self.active = False
        self._session_start = 0
        self._saved_view: tuple[Status, int, Qt.SortOrder] | None = None
        self._in_view: set[int] | None = None  # ids of the documents listed, while in triage
        self._skipped: set[int] = set()  # ids of the documents skipped (this session only)
        self._index = context.editor.undo_stack.index()
        self._deciding = False
        context.model.row_note = self._note
        store = context.settings

        self.mode = self._action("&Triage Mode", "Ctrl+T", "Show unpublished items, newest first")
        self.mode.setCheckable(True)
        self.mode.toggled.connect(self.set_active)
        table, detail = self.table, context.detail
        self.publish = self._action("&Publish / Unpublish", "P", "Decide: publish", table)
        self.skip = self._action("&Skip", "S", "Decide: leave it as it is, go on", table)
        self.undo = self._action("&Undo Last Decision", "U", "Take back the last decision", table)
        self.next = self._action("&Next Item", "J", "Select the next row", table)
        self.previous = self._action("P&revious Item", "K", "Select the previous row", table)
        self.details = self._action("&Edit Fields", "Return", "Move to the fields", table)
        self.details.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.back = self._action("&Back to List", "Escape", "Return to the table", detail)
        self.search = self._action("Searc&h", "/", "Type in the search bar", table)
        self.advance = self._action("&Advance After a Decision", None, "Select the next row")
        self.advance.setCheckable(True)
        self.advance.setChecked(store.get(settings.TRIAGE_ADVANCE))
        self.advance.toggled.connect(lambda on: store.set(settings.TRIAGE_ADVANCE, on))
        self.save_now = self._action(
            "Save Decisions &Immediately", None, "Write each decision to its file at once"
        )
        self.save_now.setCheckable(True)
        self.save_now.setChecked(store.get(settings.TRIAGE_SAVE_NOW))
        self.save_now.toggled.connect(lambda on: store.set(settings.TRIAGE_SAVE_NOW, on))
        self.publish.triggered.connect(self.decide_publish)
        self.skip.triggered.connect(self.decide_skip)
        self.undo.triggered.connect(self.undo_last)
        self.next.triggered.connect(lambda: self.move(1))
        self.previous.triggered.connect(lambda: self.move(-1))
        self.details.triggered.connect(self.edit_fields)
        self.back.triggered.connect(lambda: self.table.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.search.triggered.connect(context.list_pane.focus_filter)

        self.counter = QLabel(context.status)
        self.counter.setContentsMargins(0, 0, 12, 0)
        self.counter.setToolTip("Items with a decision in this triage session, of those listed")
        context.status.insertPermanentWidget(0, self.counter)
        self.counter.hide()
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self.update_counter)
        self._build_menus()
        #: The card in triage, the detail pane otherwise, in the detail pane's place.
        self.view = TriageView(
            context, CardActions(self.publish, self.skip, self.undo, self.details, self.back)
        )
        self._connect()
        self.table.installEventFilter(self)

    # -- building

    def _action(
        self, text: str, keys: str | None, tip: str, widget: QWidget | None = None
    ) -> QAction:
        action = QAction(text, self.context.view)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip)
        if widget is not None:  # a single key: only while that widget has the focus
            action.setShortcutContext(_LOCAL)
            widget.addAction(action)
        return action

    def _build_menus(self) -> None:
        c = self.context
        menu = QMenu("T&riage", c.view)
        menu.addAction(self.mode)
        menu.addSeparator()
        menu.addActions([self.publish, self.skip, self.undo])
        menu.addSeparator()
        menu.addActions([self.next, self.previous, self.details, self.back, self.search])
        menu.addSeparator()
        menu.addActions([self.advance, self.save_now])
        self.menu = c.actions.register_menu("menu.triage", menu)
        c.view.menuBar().insertMenu(c.actions.menu("menu.help").menuAction(), menu)
        view_menu = c.actions.menu("menu.view")
        view_menu.addSeparator()
        view_menu.addAction(self.mode)
        toolbar = c.view.findChild(QToolBar, TOOLBAR)
        if isinstance(toolbar, QToolBar):
            toolbar.addSeparator()
            toolbar.addAction(self.mode)
        for name in _NAMES:
            action = getattr(self, name)
            c.actions.register(
                f"triage.{name}", action, f"Triage ▸ {action.text().replace('&', '')}"
            )

    def _connect(self) -> None:
        proxy = self.context.proxy
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged):
            signal.connect(self._view_changed)
        proxy.modelReset.connect(self._view_changed)
        self.context.model.modelReset.connect(self._forget)
        self.context.editor.undo_stack.indexChanged.connect(self._schedule_count)
        self.context.editor.undo_stack.indexChanged.connect(self._on_undo_index_changed)

    # -- the mode

    def set_active(self, on: bool) -> None:
        """Enter triage (unpublished, newest first, Fields tab) or leave it (view restored)."""
        if on == self.active:
            return
        self.active = on
        self.mode.setChecked(on)
        c = self.context
        header = self.table.horizontalHeader()
        if on:
            self._saved_view = (
                c.proxy.status(),
                header.sortIndicatorSection(),
                header.sortIndicatorOrder(),
            )
            c.list_pane.set_status(Status.UNPUBLISHED)
            self._sort(Column.DATE, Qt.SortOrder.DescendingOrder)
            c.detail.tabs.setCurrentWidget(c.detail.fields)
            self._session_start = len(self.history)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.selectionModel().hasSelection() and c.proxy.rowCount():
                c.selection.select_row(0)
        elif self._saved_view is not None:
            status, section, order = self._saved_view
            c.list_pane.set_status(status)
            self._sort(section, order)
        self.counter.setVisible(on)
        self._in_view = None
        self.update_counter()
        self.view.set_active(on)

    def edit_fields(self) -> None:
        """Show the detail pane (in triage it is behind the card) and focus its first field."""
        self.view.show_details()
        self.context.detail.focus_fields()

    def _sort(self, section: int, order: Qt.SortOrder) -> None:
        header, proxy = self.table.horizontalHeader(), self.context.proxy
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (section, order):
            header.setSortIndicator(section, order)  # the table sorts the proxy
        elif (proxy.sortColumn(), proxy.sortOrder()) != (section, order):
            proxy.sort(section, order)  # sorting is slow on big folders: only when needed

    # -- decisions

    def decide_publish(self) -> None:
        """Publish the selection (unpublish it when all of it is published), then advance."""
        c = self.context
        documents = [d for d in c.selection.documents() if d.editable]
        if not documents:
            c.status.showMessage("Select an article that can be edited first", 4000)
            return
        following, first_row = self._following()
        value = not all(d.view.published for d in documents)
        word = "Publish" if value else "Unpublish"
        first = documents[0]
        count = (
            f"{len(documents)} articles"
            if len(documents) > 1
            else short_title(first.view.title, first.path.name)
        )
        stack = c.editor.undo_stack
        position = stack.index()
        before = tuple(d.get(PUBLISHED) for d in documents)
        self._deciding = True
        try:
            c.editor.set_values(documents, PUBLISHED, value, f"{word} {count}")
        finally:
            self._deciding = False
        command = stack.command(position) if stack.index() == position + 1 else None
        self.history.append(Decision("publish", documents, command, position, before))
        if self.save_now.isChecked():
            self._save(documents)
        c.status.showMessage(f"{word}ed {count}", 3000)
        self._advance(following, first_row)
        self.update_counter()

    def decide_skip(self) -> None:
        """Leave the selection as it is and go on."""
        documents = self.context.selection.documents()
        if not documents:
            return
        following, first_row = self._following()
        self.history.append(Decision("skip", documents))
        self._mark_skipped(documents, True)
        self._advance(following, first_row)
        self.update_counter()

    def undo_last(self) -> None:
        """Take back the last decision still in effect and select its items again."""
        c = self.context
        stack = c.editor.undo_stack
        while self.history:
            decision = self.history.pop()
            self._session_start = min(self._session_start, len(self.history))
            if decision.kind == "publish":
                if not self._live(decision):
                    continue  # already undone with Ctrl+Z
                if stack.index() == decision.position + 1:
                    c.editor.undo()
                else:  # other edits came after it: put the old values back as a new step
                    steps = [
                        (d, PUBLISHED, value)
                        for d, value in zip(decision.documents, decision.before, strict=True)
                    ]
                    c.editor.apply(steps, "Undo decision")
                if self.save_now.isChecked():
                    self._save(decision.documents)
            else:
                self._mark_skipped(decision.documents, False)
            self.select_documents(decision.documents)
            c.status.showMessage("Decision undone", 3000)
            break
        else:
            c.status.showMessage("No decision to undo", 3000)
        self.update_counter()

    # -- what a skip leaves, and the message after an undo

    def _note(self, document: Document) -> str:
        return "Skipped in this triage session" if id(document) in self._skipped else ""

    def _mark_skipped(self, documents: list[Document], on: bool) -> None:
        keys = {id(d) for d in documents}
        if on:
            self._skipped |= keys
        else:
            still = {id(d) for x in self.history if x.kind == "skip" for d in x.documents}
            self._skipped -= keys - still
        self.context.model.refresh(documents)

    def _on_undo_index_changed(self, index: int) -> None:
        """In triage, an undo or redo (Ctrl+Z, the toolbar) replaces the status message of
        the decision it takes back, which would otherwise still say it was made."""
        previous, self._index = self._index, index
        if not self.active or self._deciding or index == previous:
            return
        stack = self.context.editor.undo_stack
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self.context.status):
            return  # the window is going away
        if index < previous:
            self.context.status.showMessage(f"Undone: {stack.text(index)}", 3000)
        else:
            self.context.status.showMessage(f"Redone: {stack.text(index - 1)}", 3000)

    def _live(self, decision: Decision) -> bool:
        if decision.kind != "publish":
            return True
        stack = self.context.editor.undo_stack
        return (
            decision.command is not None
            and stack.index() > decision.position
            and stack.command(decision.position) is decision.command
        )

    def _save(self, documents: list[Document]) -> None:
        if any(d.modified for d in documents):
            self.context.saver.save(documents)
            self.context.detail.refresh()

    # -- moving

    def move(self, step: int) -> None:
        """Select the row ``step`` rows away from the current one (the first when none)."""
        rows = self.context.proxy.rowCount()
        if not rows:
            return
        current = self.table.currentIndex()
        if not self.table.selectionModel().hasSelection() or not current.isValid():
            self.context.selection.select_row(0)
            return
        self.context.selection.select_row(max(0, min(rows - 1, current.row() + step)))

    def select_documents(self, documents: list[Document]) -> None:
        """Select the rows of ``documents`` that are in view; the first becomes current."""
        self.context.selection.select_documents(documents)

    def row_in_view(self, document: Document) -> int:
        """The table row showing ``document``, or -1."""
        return self.context.selection.row_in_view(document)

    def _following(self) -> tuple[Document | None, int]:
        """The document after the selection, and the selection's first row (before a decision)."""
        rows = self.context.selection.rows()
        if not rows:
            current = self.table.currentIndex()
            rows = [current.row()] if current.isValid() else [-1]
        following = max(rows) + 1
        proxy = self.context.proxy
        if 0 <= following < proxy.rowCount():
            return proxy.index(following, Column.TITLE).data(Role.DOCUMENT), min(rows)
        return None, min(rows)

    def _advance(self, following: Document | None, first_row: int) -> None:
        if not self.advance.isChecked():
            return
        row = self.row_in_view(following) if following is not None else -1
        if row >= 0:
            self.context.selection.select_row(row)
        elif first_row >= 0 and not self.table.selectionModel().hasSelection():
            rows = self.context.proxy.rowCount()  # the decided rows left the view
            if rows:
                self.context.selection.select_row(min(first_row, rows - 1))

    # -- the counter

    def decided(self) -> list[Document]:
        """The items with a decision in effect in this triage session."""
        found: dict[int, Document] = {}
        for decision in self.history[self._session_start :]:
            if self._live(decision):
                found.update((id(d), d) for d in decision.documents)
        return list(found.values())

    def update_counter(self) -> None:
        """Show "decided N of M": M counts the rows in view plus decided items that left it."""
        if not self.active:
            return
        if self._in_view is None:  # worked out again only when the rows in view change
            self._in_view = set(map(id, self.context.proxy.documents()))
        decided = {id(d) for d in self.decided()}
        text = f"decided {len(decided)} of {len(self._in_view | decided)}"
        self.counter.setText(text)
        self.view.set_progress(text, len(self._in_view - decided))

    def _view_changed(self, *_args: object) -> None:
        self._in_view = None
        self._schedule_count()

    def _schedule_count(self, *_args: object) -> None:
        if self.active:
            self._recount.start()

    def _forget(self) -> None:
        self.history.clear()
        self._skipped.clear()
        self._session_start = 0

    # -- keys the table does not handle as we want

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Up with nothing selected selects the first row (Qt would skip it)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _MOVE_KEYS
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not self.table.selectionModel().hasSelection()
            and self.context.proxy.rowCount()
        ):
            self.context.selection.select_row(0)
            return True
        return super().eventFilter(watched, event)
