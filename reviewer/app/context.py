"""The one object handed to the window and to each of its features instead of globals.

As git-cola's ApplicationContext: the outside world makes it with the settings, and the
window fills in the rest as it builds its parts, then hands it to each feature (triage,
bulk edit, browse, duplicates, disk changes, the cache menu, the preferences). A feature
reads what it needs here, connects to the signals of these parts, and adds its actions and
menus through ``actions``; it never imports the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from reviewer.app.detail.detail import DetailPane
from reviewer.app.editing import Editor
from reviewer.app.folder.loader import FolderLoader
from reviewer.app.folder.saver import Saver
from reviewer.app.folder.watcher import FolderWatcher
from reviewer.app.keymap import Keymap
from reviewer.app.registry import ActionRegistry
from reviewer.app.settings import Settings
from reviewer.app.statusbar import StatusBar
from reviewer.app.table.listpane import ListPane
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy
from reviewer.app.table.selection import Selection
from reviewer.app.workers import Workers
from reviewer.workspace import Workspace


class AppContext:
    """What the window and its features share.

    Only ``settings`` comes from outside; the window sets every other attribute as it builds
    the part (each window its own copy: see ``for_window``), before any feature is made.
    """

    #: The window: the parent of dialogs, the owner of the menu bar and the toolbar.
    view: QMainWindow
    #: The open folder's documents and the operations on them (shared with the CLI).
    workspace: Workspace
    #: The undo stack and every edit (``editor.undo_stack``).
    editor: Editor
    #: Saves, at once or in a worker.
    saver: Saver
    #: Every action and menu by id.
    actions: ActionRegistry
    #: The shortcuts of the registered actions.
    keymap: Keymap
    #: The owner of every worker thread.
    workers: Workers
    #: Reads folders off the GUI thread (``started``, ``finished``).
    loader: FolderLoader
    #: Notices files changed, added or deleted on disk.
    watcher: FolderWatcher
    #: The table's rows (an adapter over ``workspace.documents``).
    model: ArticleModel
    #: The rows shown: the status filter, the search, the sort.
    proxy: ArticleFilterProxy
    #: The table's selected and current documents.
    selection: Selection
    #: The search bar, the status filter and the table.
    list_pane: ListPane
    #: One document's fields, source and changes.
    detail: DetailPane
    #: Counts, messages and progress.
    status: StatusBar

    def __init__(self, settings: Settings) -> None:
        #: The user's settings (from outside: a QSettings, or a test's INI file).
        self.settings = settings

    def for_window(self) -> AppContext:
        """A context with the same settings and nothing else yet, for one window to fill."""
        return AppContext(self.settings)
