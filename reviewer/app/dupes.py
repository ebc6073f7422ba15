"""Likely duplicates in the window: found off the GUI thread, kept current as articles change."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reviewer.app.columns import Column
from reviewer.app.proxy import Status
from reviewer.core.document import Document
from reviewer.core.duplicates import DupInput, DuplicateIndex

if TYPE_CHECKING:
    from reviewer.app.mainwindow import MainWindow


def dup_input(document: Document) -> DupInput:
    """What duplicate detection looks at in a document, as edited."""
    return DupInput.from_article(id(document), document.view)


class Duplicates(QObject):
    """Which documents are likely duplicates, and of which others, and why.

    The first search over a folder runs in a thread when the folder has loaded; edits then
    update the index in place (a changed title or URL is compared with its neighbours only).

    Signals:
        changed(): the groups changed.
        _built(int, object): internal; a DuplicateIndex finished in the worker thread.
    """

    changed = Signal()
    _built = Signal(int, object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._index: DuplicateIndex | None = None
        self._documents: dict[int, Document] = {}
        self._generation = 0
        self._built.connect(self._on_built)
        window.loader.finished.connect(self._on_loader_finished)
        window.loader.started.connect(self._on_loader_started)
        window.editor.documents_changed.connect(self._on_documents_changed)
        window.model.similar_count = self.count
        self.changed.connect(self._on_changed)
        window.table.selectionModel().currentRowChanged.connect(self._show_similar)
        window.detail.similar_activated.connect(self._on_detail_similar_activated)

    # -- showing them

    def _on_changed(self) -> None:
        self.window.model.refresh_column(Column.SIMILAR)
        self.window.proxy.set_duplicates(self.keys())
        self._show_similar()

    def _show_similar(self, *_args: object) -> None:
        document = self.window.current_document()
        self.window.detail.set_similar([] if document is None else self.similar(document))

    def _on_detail_similar_activated(self, document: Document) -> None:
        row = self.window.model.row_of(document)
        if row < 0:
            return
        index = self.window.proxy.mapFromSource(self.window.model.index(row, 0))
        if not index.isValid():  # hidden by the search: show everything first
            self.window.list_pane.filter_edit.clear()
            self.window.list_pane.set_status(Status.ALL)
            index = self.window.proxy.mapFromSource(self.window.model.index(row, 0))
        self.window.select_row(index.row())

    # -- answers

    def count(self, document: Document) -> int:
        """How many other documents this one is likely a duplicate of (0: none)."""
        if self._index is None:
            return 0
        return max(len(self._index.group_of(id(document))) - 1, 0)

    def similar(self, document: Document) -> list[tuple[Document, str]]:
        """The other members of ``document``'s group, with the reason for each."""
        if self._index is None:
            return []
        key = id(document)
        partners = self._index.partners(key)
        result = []
        for other in self._index.group_of(key):
            if other != key and other in self._documents:
                reason = partners.get(other, "similar to a similar item")
                result.append((self._documents[other], reason))
        return result

    def keys(self) -> frozenset[int]:
        """The ids of every document in a group."""
        if self._index is None:
            return frozenset()
        return frozenset(k for k in self._index.groups().group_of if isinstance(k, int))

    # -- keeping it current

    def _on_loader_started(self, _folder: object) -> None:
        self._generation += 1
        self._index = None
        self._documents = {}
        self.changed.emit()

    def _on_loader_finished(self, _cancelled: bool) -> None:
        documents = [d for d in self.window.model.documents() if d.editable]
        self._documents = {id(d): d for d in documents}
        generation = self._generation

        def build() -> None:  # in a thread: even what it reads off 100,000 items takes a while
            self._built.emit(generation, DuplicateIndex([dup_input(d) for d in documents]))

        threading.Thread(target=build, name="reviewer-duplicates", daemon=True).start()

    def _on_built(self, generation: int, index: DuplicateIndex) -> None:
        if generation == self._generation:
            for document in self.window.model.modified_documents():  # edited meanwhile
                if id(document) in self._documents:
                    index.update(dup_input(document))
            self._index = index
            self.changed.emit()

    def update(self, documents: list[Document]) -> None:
        """These documents' values changed: compare them again with their neighbours."""
        self._on_documents_changed(documents)

    def _on_documents_changed(self, documents: list[Document]) -> None:
        if self._index is None:
            return
        index = self._index
        known = [d for d in documents if id(d) in self._documents]
        before = {tuple(index.group_of(id(d))) for d in known}
        for document in known:
            index.update(dup_input(document))
        if {tuple(index.group_of(id(d))) for d in known} != before:
            self.changed.emit()
