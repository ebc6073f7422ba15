"""File ▸ Use Index Cache and File ▸ Clear Index Cache: the on-disk index of opened folders.

The index cache (the core's ``IndexCache``, in the user's cache folder or
``$REVIEWER_CACHE_DIR``) makes reopening a folder fast: unchanged files are not read again.
It only ever feeds the list: the detail pane and every save read the file itself. Setting
``REVIEWER_NO_INDEX_CACHE=1`` turns it off whatever the preference says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from reviewer.app import settings
from reviewer.app.keymap import find_menu
from reviewer.app.loader import NO_CACHE_ENV, cache_disabled_by_env, cache_supported, index_cache

if TYPE_CHECKING:
    from reviewer.app.mainwindow import MainWindow


class CacheActions:
    """The two File menu actions, and the loader's cache preference."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        store = window.context.settings
        self.use = QAction("Use &Index Cache", window)
        self.use.setCheckable(True)
        self.use.setChecked(store.get(settings.INDEX_CACHE))
        self.use.setStatusTip("Remember opened folders on disk so that reopening them is fast")
        self.use.toggled.connect(lambda on: store.set(settings.INDEX_CACHE, on))
        self.clear = QAction("Clear Index &Cache", window)
        self.clear.setStatusTip("Forget every folder's index; the next open reads every file")
        self.clear.triggered.connect(self.clear_cache)
        if not cache_supported():
            for action in (self.use, self.clear):
                action.setEnabled(False)
        elif cache_disabled_by_env():
            self.use.setEnabled(False)
            self.use.setStatusTip(f"Turned off by the environment ({NO_CACHE_ENV})")
        window.loader.use_cache = lambda: store.get(settings.INDEX_CACHE)
        menu = find_menu(window.menuBar(), "&File")
        if menu is not None:
            before = window.menus.quit
            menu.insertAction(before, self.use)
            menu.insertAction(before, self.clear)
            menu.insertSeparator(before)
        window.keymap.register("use_index_cache", self.use, "File ▸ Use Index Cache")
        window.keymap.register("clear_index_cache", self.clear, "File ▸ Clear Index Cache")

    def clear_cache(self) -> bool:
        """Delete every folder's index; False when there is no cache to clear."""
        cache = index_cache()
        if cache is None:
            return False
        cache.clear()
        self.window.status.showMessage(
            "Index cache cleared: the next time a folder opens, every file is read", 5000
        )
        return True
