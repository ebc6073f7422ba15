"""Keys that act on the documents from every widget, and moving between articles.

A line edit takes some application shortcuts for itself: Ctrl+Z and Ctrl+Shift+Z undo its
text, Ctrl+E (on X11) moves to the end of the line. Qt asks the focused widget first, with a
ShortcutOverride event; here the window's text widgets are filtered so that the document
actions (``DOCUMENT_ACTIONS``) win, except undo and redo inside a detail-pane field that has
typing of its own to undo (``WHO_WINS`` says so in the Shortcuts help). Esc in the search
box gives the focus back to the table.

Edit ▸ Next Article and Previous Article (Alt+Down, Alt+Up) go to the neighbouring row of
the table from every widget; the field being edited keeps the focus, and its pending edit
is committed first (the field loses the focus for a moment, as when clicking elsewhere).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from reviewer.app.context import AppContext
from reviewer.app.table.columns import Column

#: The registered actions whose keys a text widget never takes while the action is enabled.
DOCUMENT_ACTIONS = (
    "undo",
    "redo",
    "save",
    "save_selected",
    "toggle_published",
    "bulk_edit",
    "triage.mode",
    "next_article",
    "previous_article",
)
#: Of those, the ones a detail-pane field keeps while it has typing of its own to undo.
TEXT_UNDO = ("undo", "redo")

#: Which action a key reaches where (the Shortcuts help).
WHO_WINS = (
    "Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) undo edits of the articles from every widget, the "
    "search box included. Only inside a field of the detail pane that has typing of its own to "
    "undo do they undo that typing first. Bulk Edit, Save, Toggle Published, Triage Mode and "
    "Next/Previous Article act on the articles from every widget. Esc in the search box "
    "returns to the table."
)


class DocumentKeys(QObject):
    """The document shortcuts' precedence over text widgets, and Next/Previous Article."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        view = context.view
        self.next = self._action(
            "next_article", "Ne&xt Article", "Alt+Down", "Go to the next article in the list"
        )
        self.previous = self._action(
            "previous_article",
            "Pre&vious Article",
            "Alt+Up",
            "Go to the previous article in the list",
        )
        self.next.triggered.connect(lambda: self.move(1))
        self.previous.triggered.connect(lambda: self.move(-1))
        menu = context.actions.menu("menu.edit")
        menu.addSeparator()
        menu.addActions([self.next, self.previous])
        self._filtered: set[int] = set()
        self._watch(context.list_pane.filter_edit)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        focus = QApplication.focusWidget()
        if focus is not None and view.isAncestorOf(focus):
            self._watch(focus)

    def _action(self, action_id: str, text: str, keys: str, tip: str) -> QAction:
        action = QAction(text, self.context.view)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({QKeySequence(keys).toString(_NATIVE)})")
        label = text.replace("&", "")
        self.context.actions.register(action_id, action, f"Edit ▸ {label}")
        return action

    # -- moving between articles

    def move(self, step: int) -> None:
        """Make the row ``step`` rows away from the current one current (the first or the
        last row when none is current); the focused field keeps the focus, its edit made."""
        c = self.context
        rows = c.proxy.rowCount()
        if rows == 0:
            return
        focus = QApplication.focusWidget()
        inside = focus is not None and c.detail.isAncestorOf(focus)
        if focus is not None and inside:
            _add_typed_topic(focus)
            focus.clearFocus()  # a date, a number: committed as the focus leaves the field
        current = c.list_pane.table.currentIndex()
        first = 0 if step > 0 else rows - 1
        row = current.row() + step if current.isValid() else first
        if 0 <= row < rows:
            c.selection.select_row(row)
            c.list_pane.table.scrollTo(c.proxy.index(row, Column.TITLE))
        else:
            c.status.showMessage(
                "This is the last article" if step > 0 else "This is the first article", 3000
            )
        if focus is not None and inside and focus.isVisible() and focus.isEnabled():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keys in text widgets

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.context.view.isAncestorOf(new):
            self._watch(new)

    def _watch(self, widget: QWidget) -> None:
        if id(widget) not in self._filtered:
            self._filtered.add(id(widget))
            widget.installEventFilter(self)
            widget.destroyed.connect(lambda: self._filtered.discard(id(widget)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            return self._document_key(watched, event)
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._held_undo(watched, event)
        ):
            return True  # undo is off (nothing to undo, or busy): not the widget's either
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and watched is self.context.list_pane.filter_edit
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and QApplication.activePopupWidget() is None  # Esc closes the completion first
        ):
            self.context.list_pane.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return False

    def _document_key(self, watched: QObject, event: QKeyEvent) -> bool:
        """True (the widget does not see the key, the shortcut runs) when ``event`` is the
        key of an enabled document action, unless it is a text undo the field keeps."""
        pressed = QKeySequence(event.keyCombination()).toString(_PORTABLE)
        registry = self.context.actions
        for action_id in DOCUMENT_ACTIONS:
            try:
                action = registry.action(action_id)
            except KeyError:
                continue
            keys = {k.toString(_PORTABLE) for k in action.shortcuts() if not k.isEmpty()}
            if pressed not in keys or not action.isEnabled():
                continue
            text_undo = action_id in TEXT_UNDO
            return not (text_undo and self._field_keeps(watched, action_id == "undo"))
        return False

    def _held_undo(self, watched: QObject, event: QKeyEvent) -> bool:
        """True when ``event`` is Undo's or Redo's key, that action is off, and ``watched``
        is no detail-pane field keeping its own typing to undo: a line edit would undo its
        text instead (the search box while a big edit is being made)."""
        pressed = QKeySequence(event.keyCombination()).toString(_PORTABLE)
        for action_id in TEXT_UNDO:
            action = self.context.actions.action(action_id)
            keys = {k.toString(_PORTABLE) for k in action.shortcuts() if not k.isEmpty()}
            if pressed in keys and not action.isEnabled():
                return not self._field_keeps(watched, action_id == "undo")
        return False

    def _field_keeps(self, watched: QObject, undo: bool) -> bool:
        """True when ``watched`` is a detail-pane field with typing of its own to undo (or
        redo)."""
        if not isinstance(watched, QWidget) or not self.context.detail.isAncestorOf(watched):
            return False
        if isinstance(watched, QLineEdit):
            return watched.isUndoAvailable() if undo else watched.isRedoAvailable()
        if isinstance(watched, (QPlainTextEdit, QTextEdit)):
            text = watched.document()
            return text.isUndoAvailable() if undo else text.isRedoAvailable()
        return False


def _add_typed_topic(focus: QWidget) -> None:
    """A topic typed in a list field and not added yet is added (as Enter would)."""
    from reviewer.app.detail.tagedit import TagEditor  # with the Fields tab (made late)

    widget: QWidget | None = focus
    while widget is not None and not isinstance(widget, TagEditor):
        widget = widget.parentWidget()
    if isinstance(widget, TagEditor) and focus is widget.input and widget.input.text().strip():
        widget.add_tag(widget.input.text())


_PORTABLE = QKeySequence.SequenceFormat.PortableText
_NATIVE = QKeySequence.SequenceFormat.NativeText
