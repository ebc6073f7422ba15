"""File ▸ Use Index Cache and File ▸ Clear Index Cache: the on-disk index of opened folders.

The index cache (the core's ``IndexCache``, in the user's cache folder or
``$REVIEWER_CACHE_DIR``) makes reopening a folder fast: unchanged files are not read again.
It only ever feeds the list: the detail pane and every save read the file itself. Setting
``REVIEWER_NO_INDEX_CACHE=1`` turns it off whatever the preference says.
"""

from __future__ import annotations

import contextlib

from PySide6.QtGui import QAction

from reviewer.app import settings
from reviewer.app.context import AppContext
from reviewer.app.folder.loader import NO_CACHE_ENV, cache_disabled_by_env, index_cache

#: Files an earlier version kept beside an index (its duplicate groups, now in the index file
#: itself: ``core.folder.derived``), removed when the cache is cleared.
LEGACY_SUFFIX = ".duplicates"


class CacheActions:
    """The two File menu actions, and the loader's cache preference."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        window = context.view
        store = context.settings
        self.use = QAction("Use &Index Cache", window)
        self.use.setCheckable(True)
        self.use.setChecked(store.get(settings.INDEX_CACHE))
        self.use.setStatusTip("Remember opened folders on disk so that reopening them is fast")
        self.use.toggled.connect(lambda on: store.set(settings.INDEX_CACHE, on))
        self.clear = QAction("Clear Index &Cache", window)
        self.clear.setStatusTip("Forget every folder's index; the next open reads every file")
        self.clear.triggered.connect(self.clear_cache)
        if cache_disabled_by_env():
            self.use.setEnabled(False)
            self.use.setStatusTip(f"Turned off by the environment ({NO_CACHE_ENV})")
        context.loader.use_cache = lambda: store.get(settings.INDEX_CACHE)
        menu = context.actions.menu("menu.file")
        before = context.actions.action("quit")
        menu.insertAction(before, self.use)
        menu.insertAction(before, self.clear)
        menu.insertSeparator(before)
        context.actions.register("use_index_cache", self.use, "File ▸ Use Index Cache")
        context.actions.register("clear_index_cache", self.clear, "File ▸ Clear Index Cache")

    def clear_cache(self) -> bool:
        """Delete every folder's index (the structures derived from its rows are in it)."""
        cache = index_cache()
        cache.clear()
        with contextlib.suppress(OSError):
            for path in cache.directory.glob(f"*{LEGACY_SUFFIX}"):
                path.unlink(missing_ok=True)
        self.context.status.showMessage(
            "Index cache cleared: the next time a folder opens, every file is read", 5000
        )
        return True
