"""Likely duplicates in the window: found in another process, kept current as articles change.

The first search over a folder's documents runs in another Python process
(``core.duplicates.worker.build_elsewhere``: rapidfuzz and the normalization of every title
and URL never hold the window's interpreter lock, so the search records and the rest of a
load's work go on meanwhile); a worker thread waits for it and restores the index it sends
(``DuplicateIndex.from_state``), which edits then keep current in place. With the index
cache on, the index is also kept in the folder's index file (``store``), so a warm reopen of
an unchanged folder restores it without comparing anything, nor even reading the documents'
titles and addresses (what the index was told is then the files as read).

A warm reopen restores only the groups (``DuplicateGroups``: what the window shows, a few
objects per group), not the index's entries (an object per document, with its normalized
title, numbers and URLs: 120 MB while 100,000 are made, 75 MB held): the index is restored
from the store, in a worker, the first time a document's title, URLs, provider or date
differ from what it was told (an edit, a file changed on disk), and kept current from then
on as after a first search."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer.app.context import AppContext
from reviewer.app.table.columns import Column
from reviewer.app.table.proxy import Status
from reviewer.app.workers import Job
from reviewer.core.article import Article
from reviewer.core.document import Document
from reviewer.core.duplicates import DupInput, DuplicateGroups, DuplicateIndex, Key
from reviewer.core.duplicates.worker import (
    ELSEWHERE_MIN_ROWS,
    build_elsewhere,
    folder_digest,
    keep,
    restore,
    restore_groups,
)
from reviewer.core.folder.derived import DerivedStore, rows_digest
from reviewer.workspace import duplicate_input

#: What the window answers from: the index, or only its groups (a warm reopen's).
Answers = DuplicateIndex | DuplicateGroups
#: What a duplicates job gives: the answers, what the index was told (by key; none for
#: the files as read) and the digest of the rows as read it is kept under (None: not kept).
Built = tuple[Answers, dict[Key, DupInput], "str | None"]

#: Changed documents compared again with their neighbours per pass of the event loop.
UPDATE_SLICE = 500


class Duplicates(QObject):
    """Which documents are likely duplicates, and of which others, and why.

    The first search over a folder runs as a worker job when the folder has loaded; edits
    then update the index in place (a changed title or URL is compared with its neighbours
    only), UPDATE_SLICE documents per pass of the event loop. A warm reopen restores only
    the groups; the first change that needs comparing again restores the index (a worker
    job), meanwhile the changed documents wait (``ready`` is False). (A first search keeps
    its index: edits right after it are compared at once.)

    Signals:
        changed(): the groups changed.
    """

    changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        self._index: Answers | None = None
        self._documents: dict[int, int] = {}  # id() -> position in _listed and _read
        self._listed: list[Document] = []  # the documents the index knows, in its order
        self._read: list[Article] = []  # their files as read: what a restored index was told
        self._inputs: dict[Key, DupInput] = {}  # what the index was told since, by id()
        self._digest: str | None = None  # of the rows as read: the index kept in the store
        self._job: Job | None = None
        self._pending: dict[int, Document] = {}  # changed, not compared again yet
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._update_some)
        context.loader.finished.connect(self._on_loader_finished)
        context.loader.started.connect(self._on_loader_started)
        context.editor.documents_changed.connect(self.update)
        context.model.similar_count = self.count
        self.changed.connect(self._on_changed)
        context.selection.current_changed.connect(self.show_similar)
        context.detail.similar_activated.connect(self._on_detail_similar_activated)

    # -- showing them

    def _on_changed(self) -> None:
        self.context.model.refresh_column(Column.SIMILAR)
        self.context.proxy.set_duplicates(self.keys())
        self.show_similar(self.context.selection.current())

    def show_similar(self, document: Document | None) -> None:
        """Show ``document``'s likely duplicates in the detail pane (none for None)."""
        self.context.detail.set_similar([] if document is None else self.similar(document))

    def _on_detail_similar_activated(self, document: Document) -> None:
        c = self.context
        row = c.model.row_of(document)
        if row < 0:
            return
        index = c.proxy.mapFromSource(c.model.index(row, 0))
        if not index.isValid():  # hidden by the search: show everything first
            c.list_pane.filter_edit.clear()
            c.list_pane.set_status(Status.ALL)
            index = c.proxy.mapFromSource(c.model.index(row, 0))
        c.selection.select_row(index.row())

    # -- answers

    def ready(self) -> bool:
        """True once the open folder's duplicates are found (and no change waits)."""
        return self._index is not None and not self._pending

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
                result.append((self._listed[self._documents[other]], reason))
        return result

    def keys(self) -> frozenset[int]:
        """The ids of every document in a group."""
        if self._index is None:
            return frozenset()
        return frozenset(k for k in self._index.grouped() if isinstance(k, int))

    def restored(self) -> bool:
        """True while only the groups are here (a warm reopen's), not the index."""
        return isinstance(self._index, DuplicateGroups)

    # -- keeping it current

    def _on_loader_started(self, _folder: object) -> None:
        if self._job is not None:
            self._job.cancel()  # its index is for the folder before: ignored when it comes
        self._job = None
        self._index = None
        self._documents, self._listed, self._read = {}, [], []
        self._inputs = {}
        self._digest = None
        self._pending = {}
        self.changed.emit()

    def _on_loader_finished(self, _cancelled: bool) -> None:
        documents = [d for d in self.context.workspace.documents if d.editable]
        self._listed = documents
        self._read = [d.article for d in documents]
        self._documents = {id(d): i for i, d in enumerate(documents)}
        store = self.store()
        unedited = not any(d.modified for d in documents)
        self._start(store if unedited else None, None, full=False)

    def _start(self, store: DerivedStore | None, digest: str | None, *, full: bool) -> None:
        """Start the job that finds (or restores) the groups, or the index when ``full``."""
        documents = self._listed

        def build(job: Job) -> Built | None:
            return _build(job, documents, store, digest, full=full)

        self._job = self.context.workers.start(
            "duplicates", build, finished=self._on_built, failed=self._on_failed
        )

    def _on_failed(self, job: Job, _problem: str) -> None:
        if job is self._job:  # none found: an empty index, kept current by edits
            self._on_built(job, (DuplicateIndex(), {}, None))

    def store(self) -> DerivedStore | None:
        """Where the open folder's groups are kept, in its index file (None: the index
        cache is off): a warm reopen of an unchanged folder restores them from there."""
        workspace = self.context.workspace
        if workspace.cache is None or workspace.folder is None:
            return None
        return DerivedStore.of(workspace.cache, workspace.folder)

    def _on_built(self, job: Job, built: Built | None) -> None:
        if job is not self._job or built is None:
            return
        self._job = None
        self._index, self._inputs, self._digest = built
        self._pending.update(  # edited meanwhile
            (id(d), d) for d in self.context.model.modified_documents() if id(d) in self._documents
        )
        self._update_some()
        self.changed.emit()

    def update(self, documents: list[Document]) -> None:
        """These documents' values changed: compare them again with their neighbours (a
        few now, many a slice at a time)."""
        if self._index is None:
            return
        known = self._documents
        self._pending.update((id(d), d) for d in documents if id(d) in known)
        if len(self._pending) <= UPDATE_SLICE:
            self._update_some()
        elif not self._timer.isActive():
            self._timer.start()

    def _told(self, key: int) -> DupInput:
        """What the index was last told of ``key``'s document (the file as read, unless
        told otherwise since)."""
        told = self._inputs.get(key)
        return told or DupInput.from_article(key, self._read[self._documents[key]])

    def _update_some(self) -> None:
        index = self._index
        if index is None:
            self._pending = {}
            return
        if isinstance(index, DuplicateGroups):
            self._need_index()
            return
        keys = list(self._pending)[:UPDATE_SLICE]
        inputs = self._inputs
        changed = []  # those whose title, URLs, provider or date changed (not a publish)
        for key in keys:
            item = duplicate_input(self._pending.pop(key))
            if self._told(key) != item:
                inputs[key] = item
                changed.append(item)
        if self._pending:
            self._timer.start()
        if not changed:
            return
        before = {tuple(index.group_of(item.key)) for item in changed}
        for item in changed:
            index.update(item)
        if {tuple(index.group_of(item.key)) for item in changed} != before:
            self.changed.emit()

    def _need_index(self) -> None:
        """Only the groups are here: restore the index when a waiting document must be
        compared again (they all wait for it), else forget those that need not (a slice at
        a time, as ``_update_some``)."""
        if self._job is not None:
            return  # it is coming: they wait
        for key in list(self._pending)[:UPDATE_SLICE]:
            if self._told(key) != duplicate_input(self._pending[key]):
                self._start(self.store(), self._digest, full=True)
                return
            del self._pending[key]
        if self._pending:
            self._timer.start()


def _build(
    job: Job,
    documents: Sequence[Document],
    store: DerivedStore | None,
    digest: str | None,
    *,
    full: bool,
) -> Built | None:
    """The duplicates of ``documents`` (a worker job): restored from ``store`` when it keeps
    those of the rows as read (``digest``, computed when None), only the groups unless
    ``full``; else found, and kept there unless ``full`` (documents edited since may then
    be told as edited: nothing kept under the digest of the rows as read)."""
    if store is not None:
        if digest is None:
            digest = folder_digest(rows_digest(d.article for d in documents))
        keys = [id(d) for d in documents]
        if not full:
            groups = restore_groups(store, digest, keys)
            if groups is not None:  # a warm reopen: no input made, nothing compared
                return groups, {}, digest
        elif (state := restore(store, digest, keys)) is not None:
            return DuplicateIndex.from_state(state), {}, digest
    inputs = [duplicate_input(d) for d in documents]  # 100,000 take a while
    told = {item.key: item for item in inputs}
    if store is None and len(inputs) < ELSEWHERE_MIN_ROWS:  # small: at once, here
        return DuplicateIndex(inputs), told, None
    rows = [item.row() for item in inputs]
    state = build_elsewhere(rows, cancelled=job.cancelled)
    if state is None:
        return None
    if store is not None and digest is not None and not full and not job.cancelled():
        keep(store, digest, state, [row[0] for row in rows])  # for the next reopen
        return DuplicateIndex.from_state(state), told, digest
    return DuplicateIndex.from_state(state), told, None
