"""An ordered list of tags (an article's topics): add, remove and reorder them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QWidget,
)

_VALUE = Qt.ItemDataRole.UserRole


class _TagList(QListWidget):
    """The list itself; reports drops and the keys that remove and move tags.

    Signals:
        reordered(): the user dropped an item in a new place.
        remove_pressed(): Delete or Backspace.
        move_pressed(int): Ctrl+Up (-1) or Ctrl+Down (+1).
    """

    reordered = Signal()
    remove_pressed = Signal()
    move_pressed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete removes the selected tag; Ctrl+Up and Ctrl+Down move it."""
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not ctrl:
            self.remove_pressed.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and ctrl:
            self.move_pressed.emit(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        """Move the dropped item, then report the new order."""
        before = [self.item(row).text() for row in range(self.count())]
        super().dropEvent(event)
        if [self.item(row).text() for row in range(self.count())] != before:
            self.reordered.emit()


class TagEditor(QWidget):
    """Tags in order: type and press Enter to add, Delete to remove, drag or Ctrl+Up/Down to move.

    Signals:
        tags_edited(list): the user changed the tags; carries the whole new list. Tags the
            file already had keep their original value (an int stays an int).
    """

    tags_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _TagList(self)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 8)
        self.list.setToolTip("Drag to reorder; Delete removes; Ctrl+Up and Ctrl+Down move")

        self.input = QLineEdit(self)
        self.input.setPlaceholderText("Add a topic…")
        self.input.setToolTip("Type a topic and press Enter to add it")
        self._words = QStringListModel(self)
        self.completer = QCompleter(self._words, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.input.setCompleter(self.completer)

        self.add_button = self._button("Add", "Add the typed topic (Enter)")
        self.remove_button = self._button(
            "Remove", "Remove the selected topic (Delete)", QStyle.StandardPixmap.SP_TrashIcon
        )
        self.up_button = self._button(
            "Up", "Move the selected topic up (Ctrl+Up)", QStyle.StandardPixmap.SP_ArrowUp
        )
        self.down_button = self._button(
            "Down", "Move the selected topic down (Ctrl+Down)", QStyle.StandardPixmap.SP_ArrowDown
        )

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.input, 0, 0)
        layout.addWidget(self.add_button, 0, 1)
        layout.addWidget(self.list, 1, 0, 3, 1)
        layout.addWidget(self.up_button, 1, 1)
        layout.addWidget(self.down_button, 2, 1)
        layout.addWidget(self.remove_button, 3, 1, Qt.AlignmentFlag.AlignTop)

        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._list_action("Move up\tCtrl+Up", lambda: self.move_selected(-1))
        self._list_action("Move down\tCtrl+Down", lambda: self.move_selected(1))
        self._list_action("Remove\tDelete", self.remove_selected)
        self.list.remove_pressed.connect(self.remove_selected)
        self.list.move_pressed.connect(self.move_selected)

        self.input.returnPressed.connect(self._on_input_return_pressed)
        # Queued: the completer writes the chosen word into the input after it reports it.
        self.completer.activated.connect(
            self._on_completer_activated, Qt.ConnectionType.QueuedConnection
        )
        self.add_button.clicked.connect(lambda: self.add_tag(self.input.text()))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.list.reordered.connect(self._emit)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.input.textChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(
        self, text: str, tip: str, pixmap: QStyle.StandardPixmap | None = None
    ) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        if pixmap is not None:
            button.setIcon(self.style().standardIcon(pixmap))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _list_action(self, text: str, slot: Callable[[], None]) -> None:
        action = QAction(text, self.list)
        action.triggered.connect(slot)
        self.list.addAction(action)

    # -- contents

    def set_tags(self, tags: list[Any]) -> None:
        """Show ``tags`` (no signal); the selection stays on the same tag when it can."""
        if tags == self.tags() and [type(t) for t in tags] == [type(t) for t in self.tags()]:
            return
        current = self.list.currentItem()
        selected = current.text() if current is not None else None
        self.list.clear()
        for tag in tags:
            item = QListWidgetItem(str(tag))
            item.setData(_VALUE, tag)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            self.list.addItem(item)
            if item.text() == selected:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def tags(self) -> list[Any]:
        """The tags in order, as values."""
        return [self.list.item(row).data(_VALUE) for row in range(self.list.count())]

    def set_suggestions(self, words: list[str]) -> None:
        """The words offered while typing a new tag."""
        self._words.setStringList(list(words))

    # -- editing

    def add_tag(self, text: str) -> bool:
        """Append ``text`` as a tag; a tag already there is selected instead. True if added."""
        text = text.strip()
        if not text:
            return False
        self.input.clear()
        for row in range(self.list.count()):
            if self.list.item(row).text().casefold() == text.casefold():
                self.list.setCurrentRow(row)
                return False
        item = QListWidgetItem(text)
        item.setData(_VALUE, text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self._emit()
        return True

    def remove_selected(self) -> None:
        """Remove the selected tag and select its neighbour."""
        row = self.list.currentRow()
        if row < 0 or not self.list.currentItem().isSelected():
            return
        self.list.takeItem(row)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._emit()

    def move_selected(self, delta: int) -> None:
        """Move the selected tag ``delta`` places (negative: up)."""
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentItem(item)
        self._emit()

    def _emit(self) -> None:
        self._update_buttons()
        self.tags_edited.emit(self.tags())

    def _on_input_return_pressed(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer reports the chosen word itself, with the full text
        self.add_tag(self.input.text())

    def _on_completer_activated(self, text: str) -> None:
        self.add_tag(text)

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        selected = row >= 0 and bool(self.list.selectedItems())
        self.add_button.setEnabled(bool(self.input.text().strip()))
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < self.list.count() - 1)
