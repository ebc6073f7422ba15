"""Edit ▸ Preferences…: every action with its shortcut, each one changeable."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.app import settings
from reviewer.app.context import AppContext
from reviewer.app.keymap import Keymap, keys_text
from reviewer.app.keys import WHO_WINS
from reviewer.app.settings import Settings

_ERROR_STYLE = "color: #b3261e; font-weight: bold;"


def preferences_keys() -> list[QKeySequence]:
    """The platform's Preferences shortcut, or Ctrl+, where it has none."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    return list(keys) or [QKeySequence("Ctrl+,")]


def install_preferences(context: AppContext) -> QAction:
    """Add Edit ▸ Preferences… to the window and register it."""
    action = QAction("&Preferences…", context.view)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.setStatusTip("Change the keyboard shortcuts")
    action.setShortcuts(preferences_keys())
    action.triggered.connect(lambda: open_preferences(context))
    menu = context.actions.menu("menu.edit")
    menu.addSeparator()
    menu.addAction(action)
    context.actions.register("preferences", action, "Edit ▸ Preferences")
    return action


def open_preferences(context: AppContext) -> PreferencesDialog:
    """Show the preferences (one dialog at a time) and return it."""
    window = context.view
    found = [d for d in window.findChildren(QDialog) if isinstance(d, PreferencesDialog)]
    dialog = found[0] if found else PreferencesDialog(context.keymap, window, context.settings)
    if dialog.isVisible():
        dialog.activateWindow()
    else:
        dialog.open()
    return dialog


def _fetch_images_box(store: Settings, parent: QWidget) -> QCheckBox:
    """The "Fetch remote images" check box, kept in ``store`` as soon as it is clicked."""
    box = QCheckBox("Fetch remote images (http and https addresses of image fields)", parent)
    box.setToolTip(
        "Off: thumbnails show only the site's own files and images fetched before; "
        "no network request is made."
    )
    box.setChecked(store.get(settings.FETCH_REMOTE_IMAGES))
    box.toggled.connect(lambda on: store.set(settings.FETCH_REMOTE_IMAGES, on))
    return box


class PreferencesDialog(QDialog):
    """A table of actions and shortcuts; a change applies at once, or is refused on a conflict."""

    def __init__(
        self, keymap: Keymap, parent: QWidget | None = None, store: Settings | None = None
    ) -> None:
        super().__init__(parent)
        self.keymap = keymap
        #: "Fetch remote images": applies at once (None without settings to keep it in).
        self.fetch_images: QCheckBox | None = None
        if store is not None:
            self.fetch_images = _fetch_images_box(store, self)
        self._filling = False
        self.setWindowTitle("Preferences — Keyboard Shortcuts")
        intro = QLabel(
            "Click a shortcut and press the new keys. A change takes effect at once and is "
            "remembered. Keys another action already uses are refused.",
            self,
        )
        intro.setWordWrap(True)
        #: Which action a key reaches where (the search box, a field, the table).
        self.precedence = QLabel(WHO_WINS, self)
        self.precedence.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut", "Default"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 200)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.reset_button: QPushButton = buttons.addButton(
            "Reset to Defaults", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setToolTip("Give every action its default shortcuts again")
        self.reset_button.clicked.connect(self.reset)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.fetch_images is not None:
            layout.addWidget(self.fetch_images)
        layout.addWidget(intro)
        layout.addWidget(self.precedence)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.edits: dict[str, QKeySequenceEdit] = {}
        self._fill()
        self.resize(620, 560)

    def _fill(self) -> None:
        entries = self.keymap.entries()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            name = QTableWidgetItem(entry.label)
            name.setToolTip(entry.action.statusTip() or entry.label)
            self.table.setItem(row, 0, name)
            edit = QKeySequenceEdit(self.table)
            edit.setMaximumSequenceLength(1)
            edit.setClearButtonEnabled(True)
            edit.setToolTip(f"Press the new shortcut for “{entry.label}”")
            edit.editingFinished.connect(lambda i=entry.id: self._on_edited(i))
            edit.keySequenceChanged.connect(lambda k, i=entry.id: self._on_changed(i, k))
            self.table.setCellWidget(row, 1, edit)
            self.edits[entry.id] = edit
            default = QTableWidgetItem(keys_text(entry.defaults) or "—")
            self.table.setItem(row, 2, default)
        self.refresh()

    def refresh(self) -> None:
        """Show every action's current shortcut."""
        self._filling = True
        try:
            for action_id, edit in self.edits.items():
                keys = self.keymap.shortcuts(action_id)
                edit.setKeySequence(keys[0] if keys else QKeySequence())
                extra = keys_text(keys[1:])
                tip = f"Also: {extra}" if extra else "Press the new shortcut"
                edit.setToolTip(tip)
        finally:
            self._filling = False

    def assign(self, action_id: str, keys: QKeySequence) -> bool:
        """Give ``action_id`` the shortcut ``keys`` (empty: none); False when refused."""
        current = self.keymap.shortcuts(action_id)
        if (current and not keys.isEmpty() and current[0] == keys) or (
            keys.isEmpty() and not current
        ):
            return True  # unchanged: keep any secondary shortcuts too
        problem = self.keymap.assign(action_id, [] if keys.isEmpty() else [keys])
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        self.refresh()
        return not problem

    def reset(self) -> None:
        """Every action back to its defaults."""
        self.keymap.reset()
        self.message.hide()
        self.refresh()

    def _on_edited(self, action_id: str) -> None:
        if not self._filling:
            self.assign(action_id, self.edits[action_id].keySequence())

    def _on_changed(self, action_id: str, keys: QKeySequence) -> None:
        if not self._filling and keys.isEmpty():  # the clear button
            self.assign(action_id, keys)
