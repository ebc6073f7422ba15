"""The main window: folder opening, the article table, the detail pane, saving."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QSplitter

from reviewer.app import (
    browse,
    bulk,
    cachemenu,
    dialogs,
    diskchanges,
    dupes,
    keymap,
    preferences,
    settings,
    triage,
)
from reviewer.app.actions import Actions
from reviewer.app.columns import Column, Role
from reviewer.app.context import AppContext
from reviewer.app.detail import DetailPane
from reviewer.app.editing import Editor, SaveFailure
from reviewer.app.listpane import ListPane
from reviewer.app.loader import FolderLoader
from reviewer.app.model import ArticleModel
from reviewer.app.plaintext import shown_name
from reviewer.app.proxy import ArticleFilterProxy, Status
from reviewer.app.statusbar import StatusBar
from reviewer.app.watcher import FolderWatcher
from reviewer.core.article import Article
from reviewer.core.document import Document

#: Folders with at least this many rows have their objects frozen for the garbage collector.
FREEZE_ROWS = 10_000


class MainWindow(QMainWindow):
    """The one window of the app."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.folder: Path | None = None
        self.loading = False
        self.editor = Editor(self)
        self.model = ArticleModel(self)
        self.proxy = ArticleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loader = FolderLoader(self)
        self.watcher = FolderWatcher(self)
        self.watcher.modified = self.model.modified_documents

        self.list_pane = ListPane(self.proxy, self)
        self.detail = DetailPane(self.editor, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.table = self.list_pane.table
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.menus = Actions(self)
        self.keymap = keymap.Keymap(self)  # registers every action's shortcuts; then the others
        self.triage = triage.Triage(self)
        self.bulk = bulk.BulkEdit(self)
        preferences.install_preferences(self)
        self.browse = browse.Browse(self)
        self.duplicates = dupes.Duplicates(self)
        self.cache_actions = cachemenu.CacheActions(self)
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)

        self.model.edit_requested.connect(self.editor.set_value)
        self.editor.documents_changed.connect(self._on_editor_documents_changed)
        self.editor.save_failed.connect(self._on_editor_save_failed)
        self.editor.undo_stack.cleanChanged.connect(self._on_undo_stack_clean_changed)
        self.loader.total_known.connect(self.status.start_progress)
        self.loader.articles_read.connect(self._on_loader_articles_read)
        self.loader.finished.connect(self._on_loader_finished)
        self.loader.progressed.connect(self.status.set_progress)
        self.loader.failed.connect(self._on_loader_failed)
        self.status.cancel_requested.connect(self.loader.cancel)
        self.list_pane.status_changed.connect(self._on_status_filter_changed)
        self.list_pane.filter_text_changed.connect(self._on_filter_text_changed)
        self.list_pane.open_requested.connect(self.choose_folder)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.proxy.rowsInserted.connect(self._update_counts)
        self.proxy.modelReset.connect(self._update_counts)
        self.proxy.layoutChanged.connect(self._on_proxy_layout_changed)
        self.proxy.records_built.connect(self._freeze_objects)
        self.disk = diskchanges.DiskChanges(self)
        self._restore_state()
        self._update_title()
        self._update_counts()

    # -- opening folders

    def choose_folder(self) -> None:
        """Ask for a folder with the native dialog and open it."""
        start = str(self.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Open Folder of Articles", start)
        if chosen:
            self.open_folder(Path(chosen))

    def open_folder(self, folder: Path) -> bool:
        """Open ``folder`` (asking about unsaved changes first); False when cancelled."""
        if not self.confirm_discard():
            return False
        folder = folder.resolve()
        if not folder.is_dir():
            dialogs.error_dialog(self, f"“{folder}” is not a folder that can be opened.")
            return False
        self.loader.cancel()
        gc.unfreeze()  # the old folder's objects may go (see _freeze_objects)
        self.watcher.clear()
        self.editor.undo_stack.clear()
        self.detail.set_document(None)
        self.model.set_documents([])
        self.folder = folder
        self.context.settings.add_recent_folder(str(folder))
        self.menus.update_recent()
        self.list_pane.show_table(True)
        self.loading = True
        self.loader.load(folder)
        self._update_title()
        return True

    def reload_folder(self) -> None:
        """Read the current folder again."""
        if self.folder is not None:
            self.open_folder(self.folder)

    def _on_loader_articles_read(self, articles: list[Article]) -> None:
        documents = [Document(a) for a in articles if diskchanges.listed(a)]
        self.model.append(documents)
        self.watcher.watch(documents)
        self._freeze_objects()
        if (
            self.model.rowCount() == len(documents)
            and documents
            and not self.table.currentIndex().isValid()
        ):
            self.table.setFocus()

    def _on_loader_failed(self, problem: str) -> None:
        dialogs.error_dialog(
            self, "Reading the folder stopped on an unexpected error; the rows read stay.", problem
        )

    def _on_loader_finished(self, cancelled: bool) -> None:
        self.loading = False
        self.status.stop_progress()
        shown = self.model.rowCount()
        if cancelled:
            self.status.showMessage(f"Loading cancelled: {shown} articles listed", 5000)
        self.list_pane.show_table(True, empty=shown == 0, folder=self.folder)
        header = self.table.horizontalHeader()
        wanted = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        if (self.proxy.sortColumn(), self.proxy.sortOrder()) != wanted:
            self.proxy.sort(*wanted)  # rows were placed in order as they came
        self._update_counts()
        self._freeze_objects()

    def _freeze_objects(self) -> None:
        """In a big folder, keep the garbage collector from walking every loaded object
        again and again (a full collection of 100,000 articles pauses the app for up to half
        a second): what is loaded so far is frozen (cheap: lists are spliced). The objects
        are unfrozen when another folder opens."""
        if self.model.rowCount() >= FREEZE_ROWS:
            gc.freeze()

    # -- selection and editing

    def current_document(self) -> Document | None:
        """The document of the current row, if any."""
        index = self.table.currentIndex()
        return index.data(Role.DOCUMENT) if index.isValid() else None

    def selected_rows(self) -> list[int]:
        """The selected table rows, in view order, from the selection's ranges (no per-cell
        indexes: selecting all of 100,000 rows is one range)."""
        count = self.proxy.rowCount()
        selection = self.table.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.size())]
        spans = sorted((max(r.top(), 0), min(r.bottom(), count - 1)) for r in ranges if r.isValid())
        rows: list[int] = []
        end = -1  # the last row taken so far
        for top, bottom in spans:
            if bottom > end:
                rows.extend(range(max(top, end + 1), bottom + 1))
                end = bottom
        return rows

    def selected_documents(self) -> list[Document]:
        """The documents of the selected rows, in view order."""
        documents = self.model.documents()
        sources = self.proxy.source_rows()
        return [documents[sources[row]] for row in self.selected_rows()]

    def modified_documents(self) -> list[Document]:
        """Every document with unsaved changes."""
        return self.model.modified_documents()

    def toggle_published(self) -> None:
        """Flip published on the selected rows (one undo step)."""
        documents = [d for d in self.selected_documents() if d.editable]
        if not documents:
            return
        value = not all(d.view.published for d in documents)
        word = "Publish" if value else "Unpublish"
        count = f"{len(documents)} articles" if len(documents) > 1 else documents[0].path.name
        self.editor.set_values(documents, ("published",), value, f"{word} {count}")

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.set_document(current.data(Role.DOCUMENT) if current.isValid() else None)
        self.menus.update_enabled()

    def _on_proxy_layout_changed(self) -> None:
        self._update_counts()
        if not self.table.currentIndex().isValid() and self.detail.document() is not None:
            # The current row is no longer listed (a new filter): show nothing, as Qt would
            # have moved the current row away from a removed row.
            self._on_current_row_changed(QModelIndex(), QModelIndex())
            self.duplicates._show_similar()

    def _on_editor_documents_changed(self, documents: list[Document]) -> None:
        for document in documents:
            self.model.refresh(document)
        self._update_title()
        self._update_counts()
        self.menus.update_enabled()

    # -- saving

    def save_all(self) -> bool:
        """Save every modified article; True when all were saved."""
        return self._save(self.modified_documents())

    def save_selected(self) -> bool:
        """Save the selected modified articles."""
        return self._save([d for d in self.selected_documents() if d.modified])

    def _save(self, documents: list[Document], force: bool = False) -> bool:
        if not documents:
            return True
        failed = self.editor.save(documents, force=force)
        saved = len(documents) - len(failed)
        if saved:
            self.status.showMessage(f"Saved {saved} article{'s' if saved != 1 else ''}", 4000)
        if not self.modified_documents():
            self.editor.undo_stack.setClean()
        if any(failure.document is self.detail.document() for failure in failed):
            self.detail.refresh()  # the saved ones were refreshed as the editor reported them
        self._update_title()
        return not failed

    def _on_editor_save_failed(self, failed: list[SaveFailure]) -> None:
        lines = [f"{failure.document.path}: {failure.reason}" for failure in failed]
        count = len(failed)
        message = (
            f"{count} article{'s' if count != 1 else ''} could not be saved. "
            "Your edits are kept; nothing was half-written."
        )
        if count == 1:
            document, reason, _read_only = failed[0]
            message = f"“{document.path.name}” could not be saved: {reason}. Your edits are kept."
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

    def revert_current(self) -> None:
        """Drop the current article's unsaved changes (undoable)."""
        document = self.current_document()
        if document is not None:
            self.editor.revert_document(document)

    def confirm_discard(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; False means stop."""
        modified = self.modified_documents()
        if not modified:
            return True
        answer = dialogs.ask_unsaved(self, len(modified))
        if answer is dialogs.Unsaved.SAVE:
            return self.save_all()
        return answer is dialogs.Unsaved.DISCARD

    # -- window state

    def _on_undo_stack_clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        name = shown_name(self.folder) if self.folder else "No folder"
        self.setWindowTitle(f"{name}[*] — reviewer")
        self.setWindowModified(bool(self.modified_documents()))

    def _update_counts(self) -> None:
        unpublished, modified, errors = self.model.counts()
        self.status.set_counts(self.proxy.rowCount(), unpublished, modified, errors)

    def _on_status_filter_changed(self, status: Status) -> None:
        self.proxy.set_status(status)
        self.context.settings.set(settings.STATUS_FILTER, int(status))
        self._update_counts()

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_counts()

    def _restore_state(self) -> None:
        store = self.context.settings
        self.restoreGeometry(store.get(settings.GEOMETRY))
        self.restoreState(store.get(settings.WINDOW_STATE))
        if not self.splitter.restoreState(store.get(settings.SPLITTER)):
            self.splitter.setSizes([200, 700, 460])
        self.list_pane.restore_header(store.get(settings.HEADER))
        self.list_pane.set_status(Status(store.get(settings.STATUS_FILTER) % len(Status)))

    def save_state(self) -> None:
        """Remember geometry, splitter, columns and sort order."""
        store = self.context.settings
        store.set(settings.GEOMETRY, self.saveGeometry())
        store.set(settings.WINDOW_STATE, self.saveState())
        store.set(settings.SPLITTER, self.splitter.saveState())
        store.set(settings.HEADER, self.table.horizontalHeader().saveState())
        store.store.sync()

    def select_row(self, row: int) -> None:
        """Make proxy ``row`` current and selected."""
        index = self.proxy.index(row, Column.TITLE)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)

    # -- Qt events

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.loader.cancel()
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
