"""What the window does when files change on disk: reloads, conflicts, deletions, new files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reviewer.app import dialogs
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.store import read_article

if TYPE_CHECKING:
    from reviewer.app.mainwindow import MainWindow


def listed(article: Article) -> bool:
    """True for a file the list shows: one with a front matter, or that could not be read."""
    return article.has_front_matter or article.error is not None


class DiskChanges(QObject):
    """Follows the window's FolderWatcher, and the detail pane's reading of whole files."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.watcher.documents_changed.connect(self._on_documents_changed)
        window.watcher.documents_deleted.connect(self._on_documents_deleted)
        window.watcher.folder_changed.connect(self._on_folder_changed)
        window.detail.file_changed.connect(self._on_detail_file_changed)

    def _on_documents_changed(self, documents: list[Document]) -> None:
        w = self.window
        for document in documents:
            fresh = read_article(document.path)
            if not document.modified:
                document.reload(fresh)
            else:
                self._resolve_conflict(document, fresh)
            w.model.refresh(document)
            w.watcher.watch([document])
        self._after_change()

    def _on_detail_file_changed(self, document: Document) -> None:
        """A document opened in the detail pane was read in full and differs from its
        listing: show what the file holds now."""
        self.window.model.refresh(document)
        self.window.duplicates.update([document])
        self.window._update_counts()

    def _after_change(self) -> None:
        w = self.window
        w.detail.refresh()
        w._update_title()
        w._update_counts()
        w.menus.update_enabled()

    def _resolve_conflict(self, document: Document, fresh: Article) -> None:
        w = self.window
        answer = dialogs.ask_conflict(w, document.path.name)
        if answer is dialogs.Conflict.SHOW_BOTH:
            dialogs.show_both(w, document, fresh)
            answer = dialogs.ask_conflict(w, document.path.name)
        if answer is dialogs.Conflict.RELOAD:
            document.reload(fresh)
            document.revert()
        else:
            document.reload(fresh)  # keep my edited fields, now applied to their version

    def _on_documents_deleted(self, documents: list[Document]) -> None:
        for document in documents:
            document.deleted_on_disk = True
            self.window.model.refresh(document)
        self._after_change()
        self.window.status.showMessage(
            f"{len(documents)} file(s) deleted on disk; kept in the list", 5000
        )

    def _on_folder_changed(self, folder: str) -> None:
        w = self.window
        if w.loading:  # files not read yet are not new; the load brings them
            return
        articles = [read_article(path) for path in w.watcher.new_files(folder)]
        w.watcher.unlisted(a.path for a in articles if not listed(a))
        if articles:
            w._on_loader_articles_read(articles)
