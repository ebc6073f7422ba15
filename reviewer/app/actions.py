"""The window's own actions, menus and toolbar, with standard shortcuts.

Each action is registered in the context's ``ActionRegistry`` under a stable id ("open",
"toggle_published"), and each menu too ("menu.file", "menu.edit", "menu.view",
"menu.help"): the features find them there. The window connects the actions that run its
own commands (open, save, toggle...).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from reviewer import __version__
from reviewer.app.context import AppContext
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.app.registry import plain_label

_Key = QKeySequence.StandardKey
#: The id of the main toolbar (its object name).
TOOLBAR = "main-toolbar"


class Actions(QObject):
    """Creates the window's actions and menus and registers them.

    Signals:
        recent_requested(Path): a folder of File ▸ Open Recent was chosen.
    """

    recent_requested = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        w = context.view
        registry = context.actions
        self.open = self._action(
            "open", "File", "&Open Folder…", _Key.Open, "Open a folder of articles"
        )
        self.reload = self._action(
            "reload", "File", "Re&load Folder", _Key.Refresh, "Read the folder again"
        )
        self.save = self._action("save", "File", "&Save", _Key.Save, "Save every modified article")
        self.save_selected = self._action(
            "save_selected",
            "File",
            "Save Se&lected",
            "Ctrl+Shift+S",
            "Save only the selected articles",
        )
        self.revert = self._action(
            "revert",
            "File",
            "&Revert File to Disk",
            None,
            "Drop the unsaved changes of the current article",
        )
        self.quit = self._action(
            "quit", "File", "&Quit", _Key.Quit, "Quit reviewer", register=False
        )
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit.triggered.connect(w.close)
        registry.register("quit", self.quit, "File ▸ Quit")
        self.undo = context.editor.undo_action(w)
        self.undo.setShortcut(_Key.Undo)
        registry.register("undo", self.undo, "Edit ▸ Undo")
        self.redo = context.editor.redo_action(w)
        # The platform's Redo, then Ctrl+Shift+Z and Ctrl+Y, each once (the keymap drops repeats).
        self.redo.setShortcuts(
            [QKeySequence(_Key.Redo), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        )
        registry.register("redo", self.redo, "Edit ▸ Redo")
        self.toggle = self._action(
            "toggle_published",
            "Edit",
            "Toggle &Published",
            "Ctrl+P",
            "Publish or unpublish the selected articles",
        )
        self.find = self._action(
            "find", "Edit", "&Filter…", _Key.Find, "Type words to filter the list"
        )
        self.find.triggered.connect(context.list_pane.focus_filter)
        self.select_all = self._action(
            "select_all", "Edit", "Select &All", _Key.SelectAll, "Select every row"
        )
        self.select_all.triggered.connect(context.list_pane.table.selectAll)
        self.about = self._action("about", "Help", "&About reviewer", None, "About this app")
        self.about.triggered.connect(self._about)  # fmt: skip

        menu_bar = w.menuBar()
        file_menu = registry.register_menu("menu.file", menu_bar.addMenu("&File"))
        file_menu.addAction(self.open)
        self.recent_menu = registry.register_menu("menu.file.recent", QMenu("Open &Recent", w))
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.reload)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_selected, self.revert])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = registry.register_menu("menu.edit", menu_bar.addMenu("&Edit"))
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.toggle, self.select_all, self.find])
        self.view_menu = registry.register_menu("menu.view", menu_bar.addMenu("&View"))
        help_menu = registry.register_menu("menu.help", menu_bar.addMenu("&Help"))
        help_menu.addAction(self.about)

        toolbar = QToolBar("Main", w)
        toolbar.setObjectName(TOOLBAR)
        toolbar.setMovable(False)
        toolbar.addActions([self.open, self.save, self.undo, self.redo, self.toggle])
        w.addToolBar(toolbar)
        self.toolbar = toolbar
        self.view_menu.addAction(toolbar.toggleViewAction())
        self.update_recent()

    def _action(
        self,
        action_id: str,
        menu: str,
        text: str,
        shortcut: object,
        tip: str,
        register: bool = True,
    ) -> QAction:
        action = QAction(text, self.context.view)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]  # str or StandardKey
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        if register:
            self.context.actions.register(action_id, action, f"{menu} ▸ {plain_label(action)}")
        return action

    def update_recent(self) -> None:
        """Rebuild File ▸ Open Recent from the settings."""
        self.recent_menu.clear()
        folders = self.context.settings.recent_folders()
        for folder in folders:
            # A folder's name as text: "&" is no shortcut mark, "<i>" no HTML in the tooltip.
            action = self.recent_menu.addAction(shown_name(folder).replace("&", "&&"))
            action.setToolTip(plain_tip(shown_name(folder)))
            action.triggered.connect(partial(self.recent_requested.emit, Path(folder)))
        self.recent_menu.setEnabled(bool(folders))

    def update_enabled(self) -> None:
        """Enable the actions that make sense now."""
        c = self.context
        current = c.selection.current()
        any_modified = c.model.counts()[1] > 0
        self.save.setEnabled(any_modified)
        self.save_selected.setEnabled(any_modified and c.selection.any(c.model.is_modified))
        self.revert.setEnabled(current is not None and current.modified)
        self.toggle.setEnabled(current is not None and current.editable)
        self.reload.setEnabled(c.workspace.folder is not None)

    def _about(self) -> None:
        QMessageBox.about(
            self.context.view,
            "About reviewer",
            f"<h3>reviewer {__version__}</h3><p>Review and publish the article files of a Jekyll "
            "site. Saving changes only the values you edit; everything else in each file stays "
            "exactly as it was.</p>",
        )
