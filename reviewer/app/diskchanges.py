"""What the window does when files change on disk: reloads, conflicts, deletions, new files."""

from __future__ import annotations

from PySide6.QtCore import QObject

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.store import read_article
from reviewer.workspace import listed


class DiskChanges(QObject):
    """Follows the window's FolderWatcher, and the detail pane's reading of whole files.

    A document whose file changed takes the new version (``Workspace.reload``), asking
    first when it has unsaved edits; every change is then reported as the editor's
    ``documents_changed``, which the table, the detail pane, the counts and the likely
    duplicates follow.
    """

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        context.watcher.documents_changed.connect(self._on_documents_changed)
        context.watcher.documents_deleted.connect(self._on_documents_deleted)
        context.watcher.folder_changed.connect(self._on_folder_changed)
        context.detail.file_changed.connect(self._on_detail_file_changed)

    def _on_documents_changed(self, documents: list[Document]) -> None:
        c = self.context
        for document in documents:
            fresh = read_article(document.path)
            if not document.modified:
                c.workspace.reload(document, fresh)
            else:
                self._resolve_conflict(document, fresh)
            c.watcher.watch([document])
        c.editor.notify(documents)

    def _on_detail_file_changed(self, document: Document) -> None:
        """A document opened in the detail pane was read in full and differs from its
        listing: show what the file holds now."""
        self.context.editor.notify([document])

    def _resolve_conflict(self, document: Document, fresh: Article) -> None:
        c = self.context
        answer = dialogs.ask_conflict(c.view, document.path.name)
        if answer is dialogs.Conflict.SHOW_BOTH:
            dialogs.show_both(c.view, document, fresh)
            answer = dialogs.ask_conflict(c.view, document.path.name)
        c.workspace.reload(document, fresh)  # keeps my edited fields, now on their version
        if answer is dialogs.Conflict.RELOAD:
            document.revert()

    def _on_documents_deleted(self, documents: list[Document]) -> None:
        for document in documents:
            document.deleted_on_disk = True
        self.context.editor.notify(documents)
        self.context.status.showMessage(
            f"{len(documents)} file(s) deleted on disk; kept in the list", 5000
        )

    def _on_folder_changed(self, folder: str) -> None:
        c = self.context
        if c.loader.loading:  # files not read yet are not new; the load brings them
            return
        articles = [read_article(path) for path in c.watcher.new_files(folder)]
        c.watcher.unlisted(a.path for a in articles if not listed(a))
        c.model.add(a for a in articles if listed(a))
