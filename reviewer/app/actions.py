"""The window's actions, menus and toolbar, with standard shortcuts."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from reviewer import __version__
from reviewer.app.plaintext import plain_tip, shown_name

if TYPE_CHECKING:
    from reviewer.app.mainwindow import MainWindow

_Key = QKeySequence.StandardKey


class Actions:
    """Creates every action of ``window`` and puts it in the menus."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window
        self.open = self._action(
            "&Open Folder…", w.choose_folder, _Key.Open, "Open a folder of articles"
        )
        self.reload = self._action(
            "Re&load Folder", w.reload_folder, _Key.Refresh, "Read the folder again"
        )
        self.save = self._action("&Save", w.save_all, _Key.Save, "Save every modified article")
        self.save_selected = self._action(
            "Save Se&lected", w.save_selected, "Ctrl+Shift+S", "Save only the selected articles"
        )
        self.revert = self._action(
            "&Revert File to Disk",
            w.revert_current,
            None,
            "Drop the unsaved changes of the current article",
        )
        self.quit = self._action("&Quit", w.close, _Key.Quit, "Quit reviewer")
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        stack = w.editor.undo_stack
        self.undo = stack.createUndoAction(w, "&Undo")
        self.undo.setShortcut(_Key.Undo)
        self.redo = stack.createRedoAction(w, "&Redo")
        self.redo.setShortcuts([QKeySequence(_Key.Redo), QKeySequence("Ctrl+Y")])
        self.toggle = self._action(
            "Toggle &Published",
            w.toggle_published,
            "Ctrl+P",
            "Publish or unpublish the selected articles",
        )
        self.find = self._action(
            "&Filter…", w.list_pane.focus_filter, _Key.Find, "Type words to filter the list"
        )
        self.select_all = self._action(
            "Select &All", w.table.selectAll, _Key.SelectAll, "Select every row"
        )
        self.about = self._action("&About reviewer", self._about, None, "About this app")

        menu_bar = w.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.open)
        self.recent_menu = QMenu("Open &Recent", w)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.reload)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_selected, self.revert])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.toggle, self.select_all, self.find])
        self.view_menu = menu_bar.addMenu("&View")
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about)

        toolbar = QToolBar("Main", w)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.open, self.save, self.undo, self.redo, self.toggle])
        w.addToolBar(toolbar)
        self.view_menu.addAction(toolbar.toggleViewAction())
        self.update_recent()
        self.update_enabled()

    def _action(self, text: str, slot: object, shortcut: object, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]  # str or StandardKey
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def update_recent(self) -> None:
        """Rebuild File > Open Recent from the settings."""
        self.recent_menu.clear()
        folders = self.window.context.settings.recent_folders()
        for folder in folders:
            # A folder's name as text: "&" is no shortcut mark, "<i>" no HTML in the tooltip.
            action = self.recent_menu.addAction(shown_name(folder).replace("&", "&&"))
            action.setToolTip(plain_tip(shown_name(folder)))
            action.triggered.connect(partial(self.window.open_folder, Path(folder)))
        self.recent_menu.setEnabled(bool(folders))

    def update_enabled(self) -> None:
        """Enable the actions that make sense now."""
        w = self.window
        any_modified = w.model.counts()[1] > 0
        current = w.current_document()
        self.save.setEnabled(any_modified)
        self.save_selected.setEnabled(any(d.modified for d in w.selected_documents()))
        self.revert.setEnabled(current is not None and current.modified)
        self.toggle.setEnabled(current is not None and current.editable)
        self.reload.setEnabled(w.folder is not None)

    def _about(self) -> None:
        QMessageBox.about(
            self.window,
            "About reviewer",
            f"<h3>reviewer {__version__}</h3><p>Review and publish the article files of a Jekyll "
            "site. Saving changes only the values you edit; everything else in each file stays "
            "exactly as it was.</p>",
        )
