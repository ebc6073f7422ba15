"""The main window: its parts, folder opening, the article table, the detail pane, saving.

The window holds one ``Workspace`` (the open folder's documents, shared in kind with the
command line) and builds the parts every feature shares, in an ``AppContext``: the editor
and its undo stack, the saver, the action registry and keymap, the workers, the loader and
watcher, the model, proxy, selection, list pane, detail pane and status bar. Each feature
(triage, bulk edit, browse, duplicates, disk changes, the cache menu, the preferences) is
then made from that context, in a line, and never sees the window itself.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QSplitter

from reviewer.app import (
    bulk,
    cachemenu,
    dialogs,
    diskchanges,
    dupes,
    fullsearch,
    keys,
    preferences,
    savereview,
    searchhints,
    settings,
    thumbnails,
)
from reviewer.app.actions import Actions
from reviewer.app.browse import browse
from reviewer.app.charts import dock as charts_dock
from reviewer.app.context import AppContext
from reviewer.app.derived import DerivedWork
from reviewer.app.detail.detail import DetailPane
from reviewer.app.editing import Editor
from reviewer.app.folder.loader import FolderLoader
from reviewer.app.folder.saver import Saver
from reviewer.app.folder.watcher import FolderWatcher
from reviewer.app.git import commit as git_commit
from reviewer.app.git import conflicts as git_conflicts
from reviewer.app.git.status import GitStatus
from reviewer.app.git.sync import GitSync
from reviewer.app.keptrecords import KeptRecords
from reviewer.app.keymap import Keymap
from reviewer.app.plaintext import short_title, shown_name
from reviewer.app.registry import ActionRegistry
from reviewer.app.report.panel import ReportPanel
from reviewer.app.site import fieldset, switcher, viewstate
from reviewer.app.statusbar import StatusBar
from reviewer.app.table.columns import Column
from reviewer.app.table.listpane import ListPane
from reviewer.app.table.model import ArticleModel
from reviewer.app.table.proxy import ArticleFilterProxy, Status
from reviewer.app.table.selection import Selection
from reviewer.app.triage import triage
from reviewer.app.workers import Workers
from reviewer.core.article import Article
from reviewer.core.collector import collector_paused
from reviewer.core.document import Document
from reviewer.core.errors import SiteError
from reviewer.core.schema import Schema
from reviewer.core.site import Site, find_site
from reviewer.workspace import SaveFailure, SaveReport, Workspace, listed, publish

_KEEP_SELECTION = QItemSelectionModel.SelectionFlag.NoUpdate
#: The share of the screen's available width and height a first run's window takes.
FIRST_RUN_SHARE = 0.85
#: A first run's shares of the window's width: the sidebar, the list, the detail pane.
FIRST_RUN_PANES = (0.15, 0.58, 0.27)
#: Folders with at least this many rows have their objects frozen for the garbage collector.
FREEZE_ROWS = 10_000
#: While the editor is busy, the collector's young generations are collected this often (ms).
YOUNG_COLLECTION_MS = 200


class MainWindow(QMainWindow):
    """The one window of the app.

    Signals:
        derived_idle(): every structure derived from the open folder's rows is complete
            (search records, facet counts and completions, duplicate groups, schema, git
            status in a repository, the report when shown, the charts when shown): sent
            once per opened folder, after its load (``is_idle`` says the same at any time).
    """

    derived_idle = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = c = context.for_window()
        c.view = self
        self.workers = c.workers = Workers(self)
        self.workspace = c.workspace = Workspace()
        self.editor = c.editor = Editor(self)
        self.model = c.model = ArticleModel(self.workspace, self)
        self.proxy = c.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loader = c.loader = FolderLoader(self.workers, self)
        self.watcher = c.watcher = FolderWatcher(self.workers, self)
        self.watcher.modified = self.model.modified_documents
        self.saver = c.saver = Saver(self.workspace, self.editor, self.workers, self.watcher, self)
        self._collector_pause = ExitStack()  # entered while the editor is busy
        self._young_collection = QTimer(self, interval=YOUNG_COLLECTION_MS)
        self._young_collection.timeout.connect(lambda: gc.collect(1))
        self._enable_later = QTimer(self, singleShot=True, interval=250)

        self.list_pane = c.list_pane = ListPane(self.proxy, self)
        self.detail = c.detail = DetailPane(self.editor, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.table = self.list_pane.table
        self.selection = c.selection = Selection(self.table, self.proxy, self.model)
        self.status = c.status = StatusBar(self)
        self.setStatusBar(self.status)
        c.actions = ActionRegistry(self)
        self.keymap = c.keymap = Keymap(c.settings, c.actions, self)
        self.menus = Actions(c)
        self._enable_later.timeout.connect(self.menus.update_enabled)

        # The features: each gets the context, and adds its actions, menus and reactions.
        self.triage = triage.Triage(c)
        self.bulk = bulk.BulkEdit(c)
        preferences.install_preferences(c)
        self.browse = browse.Browse(c)
        self.site = switcher.SiteSwitcher(c)
        self.folder_views = viewstate.FolderViews(c)
        self.folder_fields = fieldset.FolderFields(c)
        self.left = QSplitter(Qt.Orientation.Vertical, self)  # the collections over the sidebar
        self.left.addWidget(self.site.list)
        self.left.addWidget(self.browse.sidebar)
        self.left.setStretchFactor(1, 1)
        self.left.setChildrenCollapsible(False)
        self.splitter.insertWidget(0, self.left)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.duplicates = dupes.Duplicates(c)
        self.git_commit = git_commit.GitCommit(c)
        self.git_conflicts = git_conflicts.Conflicts(c)  # the detail pane's banner, Git menu
        self.git_status = GitStatus(c)  # the Git column, searches, sidebar group, branch
        self.git_sync = GitSync(c, self.git_status)
        self.git_commit.committed.connect(self.git_status.refresh)  # the states follow
        self.git_conflicts.staged.connect(self.git_status.refresh)
        self.cache_actions = cachemenu.CacheActions(c)
        self.disk = diskchanges.DiskChanges(c)
        self.search_hints = searchhints.SearchHints(c)
        self.save_review = savereview.SaveReview(c)
        self.full_search = fullsearch.FullSearch(c)
        self.kept_records = KeptRecords(c, self.proxy)  # record texts of an unchanged folder
        self.keys = keys.DocumentKeys(c)
        self.thumbnails = thumbnails.install_thumbnails(c)  # the strip and the Image column
        self.charts = charts_dock.Charts(c)  # View ▸ Charts: backlog, providers, scores
        self.report = ReportPanel(c)  # View ▸ Report: the consistency report, is:<kind>
        self.tabifyDockWidget(self.charts.dock, self.report.dock)  # one bottom area, tabs
        self.derived = self._derived_work()  # derived_idle: when all of the above is done
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)

        self.menus.open.triggered.connect(self.choose_folder)
        self.menus.reload.triggered.connect(self.reload_folder)
        self.menus.save.triggered.connect(self.save_review.save)  # several files: a review first
        self.menus.save_selected.triggered.connect(self.save_selected)
        self.menus.revert.triggered.connect(self.revert_current)
        self.menus.toggle.triggered.connect(self.toggle_published)
        self.menus.recent_requested.connect(self.open_folder)
        self.site.collection_requested.connect(self.open_folder)
        self.folder_fields.inferred.connect(self._on_folder_fields_inferred)
        self.model.edit_requested.connect(self.editor.set_value)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.editor.documents_changed.connect(self._on_editor_documents_changed)
        self.editor.busy_changed.connect(self._on_editor_busy_changed)
        self.editor.refused.connect(self._on_editor_refused)
        self.editor.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.saver.started.connect(self._on_saver_started)
        self.saver.progressed.connect(self.status.set_progress)
        self.saver.finished.connect(self._on_saver_finished)
        self.saver.failed.connect(self._on_saver_failed)
        self.loader.total_known.connect(self.status.start_progress)
        self.loader.listed.connect(self.watcher.take_listings)
        self.loader.articles_read.connect(self._on_loader_articles_read)
        self.loader.finished.connect(self._on_loader_finished)
        self.loader.progressed.connect(self.status.set_progress)
        self.loader.failed.connect(self._on_loader_failed)
        self.status.cancel_requested.connect(self._on_status_cancel_requested)
        self.list_pane.status_changed.connect(self._on_status_filter_changed)
        self.list_pane.filter_text_changed.connect(self._on_filter_text_changed)
        self.list_pane.open_requested.connect(self.choose_folder)
        self.selection.current_changed.connect(self._on_selection_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._show_current)
        self.proxy.layoutChanged.connect(self._show_current)
        self.proxy.rowsInserted.connect(self.update_counts)
        self.proxy.modelReset.connect(self.update_counts)
        self.proxy.layoutChanged.connect(self.update_counts)
        self.proxy.records_built.connect(self._freeze_objects)
        self._restore_state()
        self.update_title()
        self.update_counts()
        self.menus.update_enabled()

    def _derived_work(self) -> DerivedWork:
        """What is derived from a folder's rows after a load, and when it is all done."""
        derived = DerivedWork(lambda: self.loader.loading, self)
        derived.parts.update(
            {
                "search records": lambda: not self.proxy.records_ready(),
                "facet counts": self.browse.busy,
                "duplicates": lambda: not self.duplicates.ready(),
                "schema": self.folder_fields.busy,
                "git status": self.git_status.busy,
                "report": self.report.busy,
                "charts": lambda: self.charts.visible() and self.charts.pending(),
            }
        )
        derived.watch(
            self.loader.finished,
            self.proxy.records_built,
            self.browse.sidebar.counter.counted,
            self.browse.completion_counter.counted,
            self.duplicates.changed,
            self.folder_fields.inferred,
            self.git_status.changed,
            self.report.updated,
            self.charts.updated,
        )
        self.loader.started.connect(derived.folder_opened)
        derived.idle.connect(self.derived_idle)
        derived.working.connect(self.status.set_working)
        return derived

    def is_idle(self) -> bool:
        """True when no folder is loading and every structure derived from its rows is
        complete (see ``derived_idle``; ``derived.busy()`` names the parts still working)."""
        return self.derived.is_idle()

    # -- opening folders

    @property
    def folder(self) -> Path | None:
        """The open folder (None before one is opened)."""
        return self.workspace.folder

    @property
    def loading(self) -> bool:
        """True while the open folder is being read."""
        return self.loader.loading

    def choose_folder(self) -> None:
        """Ask for a folder with the native dialog and open it."""
        start = str(self.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Open Folder of Articles", start)
        if chosen:
            self.open_folder(Path(chosen))

    def open_folder(self, folder: Path) -> bool:
        """Open ``folder`` (asking about unsaved changes first); False when cancelled.

        A folder in a Jekyll site opens with the site's collections beside it, and its
        files inherit the site's defaults; the site's own folder opens the collection open
        last time (or the first). Each folder gets back its own search, columns and current
        file (``FolderViews``).
        """
        self.saver.finish_now()
        self.editor.finish()
        if not self.confirm_discard():
            return False
        folder = folder.resolve()
        if not folder.is_dir():
            dialogs.error_dialog(self, f"“{folder}” is not a folder that can be opened.")
            return False
        site = self._site_of(folder)
        if site is not None and folder == site.root:
            folder = self.site.collection_to_open(site) or folder
        if self.folder is not None:
            self.folder_views.leave(self.folder)
        self.folder_fields.cancel()
        self.loader.cancel()
        gc.unfreeze()  # the old folder's objects may go (see _freeze_objects)
        self.watcher.clear()
        self.editor.undo_stack.clear()
        self.detail.set_document(None)
        self.model.open(folder, site)
        self.detail.set_site(*((site.root, site.baseurl) if site is not None else (None, "")))
        self.model.set_fields(())
        self.list_pane.set_columns(self.model.columns)
        self.folder_views.enter(folder)
        self.site.show(site, folder)
        self.context.settings.add_recent_folder(str(site.root if site is not None else folder))
        self.menus.update_recent()
        self.list_pane.show_table(True)
        self.loader.load(self.workspace)
        self.update_title()
        return True

    def _site_of(self, folder: Path) -> Site | None:
        """The Jekyll site ``folder`` is in (None: none, or its configuration cannot be read,
        which is said: the folder then opens as a plain folder)."""
        try:
            return find_site(folder)
        except SiteError as exc:
            dialogs.error_dialog(
                self,
                "The site's configuration cannot be read; the folder opens without the"
                " site's collections and defaults.",
                str(exc),
            )
            return None

    def _on_folder_fields_inferred(self, schema: Schema) -> None:
        """The folder's own fields are known: its columns, form and facets follow them."""
        own = fieldset.own_fields(schema)
        self.model.set_fields(own)
        self.list_pane.set_columns(self.model.columns)
        if not self.folder_views.restore_header():  # never chosen: hide the unused ones
            header = self.table.horizontalHeader()
            for position in fieldset.unused_columns(schema, self.folder_fields.inherited):
                header.setSectionHidden(position, True)
            for position in fieldset.redundant_columns(schema, self.model.columns):
                header.setSectionHidden(position, True)
            self.list_pane.leave_room_for_title()
        self.detail.set_fields(fieldset.form_fields(schema, self.folder_fields.inherited))
        self.browse.set_facets(schema.facets())
        if self.folder is not None:
            self.folder_views.restore_current(self.folder)

    def reload_folder(self) -> None:
        """Read the current folder again."""
        if self.folder is not None:
            self.open_folder(self.folder)

    def add_articles(self, articles: list[Article]) -> list[Document]:
        """List these articles (those with a front matter, or unreadable) as new rows."""
        return self.model.add(a for a in articles if listed(a))

    def _on_loader_articles_read(self, articles: list[Article]) -> None:
        self.add_articles(articles)

    def _on_model_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        documents = self.model.documents()[first : last + 1]
        self.watcher.watch(documents)
        self._freeze_objects()
        if first == 0 and not self.table.currentIndex().isValid():
            self.table.setFocus()

    def _on_loader_failed(self, problem: str) -> None:
        dialogs.error_dialog(
            self, "Reading the folder stopped on an unexpected error; the rows read stay.", problem
        )

    def _on_loader_finished(self, cancelled: bool) -> None:
        self.status.stop_progress()
        self.folder_fields.infer()
        shown = self.model.rowCount()
        if cancelled:
            self.status.showMessage(f"Loading cancelled: {shown} articles listed", 5000)
        self.list_pane.show_table(True, empty=shown == 0, folder=self.folder)
        header = self.table.horizontalHeader()
        wanted = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        if (self.proxy.sortColumn(), self.proxy.sortOrder()) != wanted:
            self.proxy.sort(*wanted)  # rows were placed in order as they came
        self.update_counts()
        self.menus.update_enabled()
        self._freeze_objects()

    def _freeze_objects(self, *_args: object) -> None:
        """In a big folder, keep the garbage collector from walking every loaded object
        again and again (a full collection of 100,000 articles pauses the app for up to half
        a second): what is loaded so far is frozen (cheap: lists are spliced). The objects
        are unfrozen when another folder opens."""
        if self.model.rowCount() >= FREEZE_ROWS:
            gc.freeze()

    def _on_status_cancel_requested(self) -> None:
        if self.saver.running():
            self.saver.cancel()
        else:
            self.loader.cancel()

    # -- selection and editing

    def current_document(self) -> Document | None:
        """The document of the current row, if any."""
        return self.selection.current()

    def selected_rows(self) -> list[int]:
        """The selected table rows, in view order."""
        return self.selection.rows()

    def selected_documents(self) -> list[Document]:
        """The documents of the selected rows, in view order."""
        return self.selection.documents()

    def select_row(self, row: int) -> None:
        """Make table ``row`` current and selected."""
        self.selection.select_row(row)

    def modified_documents(self) -> list[Document]:
        """Every document with unsaved changes."""
        return self.model.modified_documents()

    def toggle_published(self) -> None:
        """Flip published on the selected rows (one undo step): publish them, or unpublish
        them when all are published already."""
        rows = self.selection.source_rows()
        editable = self.model.count_editable(rows)  # flags kept per row: no document is asked
        if not editable:
            return
        value = self.model.any_unpublished(rows)
        word = "Publish" if value else "Unpublish"
        documents = list(map(self.model.documents().__getitem__, rows))  # the plan skips errors
        if editable > 1:
            count = f"{editable} articles"
        else:
            first = next(d for d in documents if d.editable)
            count = short_title(first.view.title, first.path.name)
        self.editor.edit(publish(value), documents, f"{word} {count}")

    def revert_current(self) -> None:
        """Drop the current article's unsaved changes (undoable)."""
        document = self.current_document()
        if document is not None:
            self.editor.revert_document(document)

    def _on_selection_current_changed(self, _document: Document | None) -> None:
        self._show_current()
        self.menus.update_enabled()

    def _show_current(self, *_args: object) -> None:
        """The detail pane shows the current row only while it is selected (the table makes
        a row current, unselected, when it gets the focus). An article a search hides stays
        shown, marked as hidden, until another is selected; shown again by a search, it is
        selected again."""
        index = self.table.currentIndex()
        selected = index.isValid() and self.table.selectionModel().isRowSelected(index.row())
        document = self.selection.current() if selected else None
        shown = self.detail.document()
        if document is None and shown is not None and self.model.row_of(shown) >= 0:
            if self.selection.row_in_view(shown) < 0:
                self.detail.set_hidden_by_search(True)
                return
            if not index.isValid() and self.detail.hidden_by_search():
                self._show_again(shown)  # the search shows it again
                return
        self.detail.set_document(document)
        self.detail.set_hidden_by_search(False)

    def _show_again(self, document: Document) -> None:
        """Make ``document``, hidden by a search and now shown again, current again (and
        selected, when nothing else is)."""
        if not self.table.selectionModel().hasSelection():
            self.selection.select_documents([document])
            return
        index = self.proxy.index(self.selection.row_in_view(document), Column.TITLE)
        self.table.selectionModel().setCurrentIndex(index, _KEEP_SELECTION)

    def _on_editor_documents_changed(self, documents: list[Document]) -> None:
        self.model.refresh(documents)
        self.update_title()
        self.update_counts()
        if not self.editor.busy():
            self.menus.update_enabled()
        elif not self._enable_later.isActive():  # a big edit's slices: once in a while
            self._enable_later.start()

    def _on_editor_busy_changed(self, busy: bool) -> None:
        """While a big edit or a save runs, the fields wait, and so do the garbage
        collector's full walks: the hundreds of thousands of objects a bulk edit of 100,000
        rows makes would have it walk them all again and again (pauses of up to a second).
        Its young generations are still collected every YOUNG_COLLECTION_MS (about 2 ms: the
        objects made since; a save leaves a few reference cycles per file). After, what
        lives on is frozen with the rest (``_freeze_objects``)."""
        self.detail.fields.setEnabled(not busy)
        if busy:
            self._collector_pause.enter_context(collector_paused())
            self._young_collection.start()
            return
        self._young_collection.stop()
        gc.collect(1)
        self._freeze_objects()
        self._collector_pause.close()
        self.menus.update_enabled()

    def _on_editor_refused(self, why: str) -> None:
        self.status.showMessage(why, 3000)

    # -- saving

    def save_all(self) -> bool:
        """Save every modified article; True when all were saved (or their save began in
        the background: see the status bar)."""
        return self._save(self.modified_documents())

    def save_selected(self) -> bool:
        """Save the selected modified articles."""
        return self._save([d for d in self.selection.documents() if d.modified])

    def _save(self, documents: list[Document], force: bool = False) -> bool:
        report = self.saver.save(documents, force=force)
        return report is None or not report.failed

    def _on_saver_started(self, count: int) -> None:
        self.status.start_progress(count, "Saving %v of %m")

    def _on_saver_finished(self, report: SaveReport) -> None:
        self.status.stop_progress()
        saved = len(report.saved) + len(report.unchanged)
        if saved:
            self.status.showMessage(f"Saved {saved} article{'s' if saved != 1 else ''}", 4000)
        if any(failure.document is self.detail.document() for failure in report.failed):
            self.detail.refresh()  # the saved ones were refreshed as the editor reported them
        self.update_title()
        self.update_counts()
        self.menus.update_enabled()

    def _on_saver_failed(self, failed: list[SaveFailure]) -> None:
        lines = [f"{failure.document.path}: {failure.reason}" for failure in failed]
        count = len(failed)
        message = (
            f"{count} article{'s' if count != 1 else ''} could not be saved. "
            "Your edits are kept; nothing was half-written."
        )
        if count == 1:
            failure = failed[0]
            message = (
                f"“{failure.document.path.name}” could not be saved: {failure.reason}. "
                "Your edits are kept."
            )
        protected = [failure.document for failure in failed if failure.read_only]
        if not protected:
            dialogs.error_dialog(self, message, "\n".join(lines))
            return
        several = len(protected) > 1
        dialogs.error_dialog(
            self,
            message,
            "\n".join(lines),
            action=(
                f"Save {'Those' if several else 'It'} Anyway",
                "Write the write-protected file"
                + ("s" if several else "")
                + " anyway; the protection stays (as vim's :w!)",
                lambda: self._save([d for d in protected if d.modified], force=True),
            ),
        )

    def confirm_discard(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; False means stop."""
        modified = self.modified_documents()
        if not modified:
            return True
        answer = dialogs.ask_unsaved(self, len(modified))
        if answer is dialogs.Unsaved.SAVE:
            return self.saver.save_and_wait(modified)
        return answer is dialogs.Unsaved.DISCARD

    # -- window state

    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self.update_title()

    def update_title(self) -> None:
        """The folder's name (a site's: the site and the collection), and whether anything
        is unsaved."""
        name = shown_name(self.folder) if self.folder else "No folder"
        site = self.workspace.site
        if site is not None and self.folder is not None and self.folder != site.root:
            name = f"{shown_name(self.folder.name)} — {shown_name(site.root.name)}"
        self.setWindowTitle(f"{name}[*] — reviewer")
        self.setWindowModified(self.model.counts()[1] > 0)

    def update_counts(self, *_args: object) -> None:
        """The status bar's counts: shown, unpublished, modified, with errors."""
        unpublished, modified, errors = self.model.counts()
        self.status.set_counts(self.proxy.rowCount(), unpublished, modified, errors)
        if self.folder is not None:
            self.site.update_open(self.folder, self.model.rowCount(), unpublished, errors)

    def _on_status_filter_changed(self, status: Status) -> None:
        self.proxy.set_status(status)
        self.context.settings.set(settings.STATUS_FILTER, int(status))
        self.update_counts()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.update_counts()

    def _restore_state(self) -> None:
        store = self.context.settings
        if not self.restoreGeometry(store.get(settings.GEOMETRY)):
            self._first_run_geometry()
        self.restoreState(store.get(settings.WINDOW_STATE))
        if not self.splitter.restoreState(store.get(settings.SPLITTER)):
            width = self.width()  # the sidebar, the list and the detail pane share it
            self.splitter.setSizes([round(width * share) for share in FIRST_RUN_PANES])
        self.list_pane.restore_header(
            store.get(settings.HEADER), store.get(settings.HEADER_COLUMNS)
        )
        self.list_pane.set_status(Status(store.get(settings.STATUS_FILTER) % len(Status)))

    def _first_run_geometry(self) -> None:
        """No size remembered: FIRST_RUN_SHARE of the screen's available area, centred."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        width = max(self.minimumWidth(), round(area.width() * FIRST_RUN_SHARE))
        height = max(self.minimumHeight(), round(area.height() * FIRST_RUN_SHARE))
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)

    def save_state(self) -> None:
        """Remember geometry, splitter, columns and sort order."""
        store = self.context.settings
        store.set(settings.GEOMETRY, self.saveGeometry())
        store.set(settings.WINDOW_STATE, self.saveState())
        store.set(settings.SPLITTER, self.splitter.saveState())
        store.set(settings.HEADER, self.table.horizontalHeader().saveState())
        store.set(settings.HEADER_COLUMNS, self.table.horizontalHeader().count())
        store.store.sync()

    # -- Qt events

    def closeEvent(self, event: QCloseEvent) -> None:
        self.saver.finish_now()
        self.editor.finish()
        if not self.confirm_discard():
            event.ignore()
            return
        self.workers.shutdown()  # the load, listings, duplicates, saves: cancelled, joined
        self.save_state()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self.watcher.check_all)  # catch edits the watcher missed
        super().changeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_folder(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folder = _dropped_folder(event)
        if folder is not None:
            event.acceptProposedAction()
            self.open_folder(folder)


def _dropped_folder(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    for url in urls:
        if url.isLocalFile() and Path(url.toLocalFile()).is_dir():
            return Path(url.toLocalFile())
    return None
