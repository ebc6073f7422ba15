"""Noticing files changed, added or deleted on disk by other programs.

Folders are always watched; individual files up to MAX_WATCHED_FILES (inotify watches are a
limited resource). When a folder changes (a file written through a rename, as editors and
reviewer's own saves do, or added, or deleted), its listing is read again (names and inode
numbers: one ``scandir``, no ``stat`` per file) and compared with the last one; only the
files whose inode changed, the files reported changed, and the documents with unsaved edits
are then checked with ``stat``. A folder holding few documents (up to FULL_CHECK) has every
document checked, as before. So a save in a folder of 100,000 files costs a listing, not
100,000 ``stat`` calls; and every save checks the file itself whatever the watcher saw.

A folder's first listing is the one its load began with (``take_listings``: the loader's walk
already read every name and inode, and its names are the str objects the documents' paths
end with, so the watcher keeps no copy of its own); only folders without one are listed when
first watched. Listings, and the ``stat`` of many documents at once, run as jobs of the
window's ``Workers`` (their results come back to the GUI thread). While the window saves in the
background the watcher is ``hold``-ing: changes are noted, and checked once it is released
(the files being written are not yet what the documents say they are).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from reviewer.app.workers import Job, Workers
from reviewer.core.article import digest
from reviewer.core.document import Document
from reviewer.core.errors import ReviewerError
from reviewer.core.files import read_regular
from reviewer.core.folder.walk import folder_articles

#: Individual files watched at most.
MAX_WATCHED_FILES = 2000
#: Documents watch() takes in at once; more are taken in WATCH_SLICE at a time when idle.
WATCH_NOW = 200
WATCH_SLICE = 5000
#: Folders with at most this many documents have every one checked on a change.
FULL_CHECK = 2000
#: More documents to ``stat`` than this at once are checked in a worker thread.
CHECK_HERE = 500


def changed_on_disk(document: Document, compare_content: bool = False) -> bool | None:
    """True when the file differs from what was read, None when it is gone.

    Size and modification time decide, unless ``compare_content``: then a file whose stat
    looks the same is hashed too (a quick rewrite can keep both within the clock's tick).
    """
    fingerprint = document.article.fingerprint
    try:
        stat = os.stat(document.path_text)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if fingerprint is None:
        return True
    if stat.st_size != fingerprint.size or stat.st_mtime_ns != fingerprint.mtime_ns:
        return True
    if compare_content:
        try:  # never a blocking open: the file may have been replaced by a FIFO
            return digest(read_regular(document.path_text)[0]) != fingerprint.digest
        except OSError:
            return False
        except ReviewerError:  # no longer a regular file, or too big: it changed
            return True
    return False


class FolderWatcher(QObject):
    """Watches a folder tree and reports which documents changed or vanished.

    Signals:
        documents_changed(list): documents whose file changed on disk.
        documents_deleted(list): documents whose file is gone.
        folder_changed(str): a watched folder changed (files may have been added: see
            ``new_files``).
    """

    documents_changed = Signal(list)
    documents_deleted = Signal(list)
    folder_changed = Signal(str)

    def __init__(self, workers: Workers | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = workers if workers is not None else Workers(self)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._documents: dict[str, dict[str, Document]] = {}  # folder -> name -> document
        self._listings: dict[str, dict[str, int]] = {}  # folder -> its last listing
        self._files: set[str] = set()  # files watched one by one
        self._unlisted: set[str] = set()  # files read that hold no article
        self._generation = 0  # which watch the listings being made are for
        self._dirty: set[str] = set()
        self._dirty_files: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=300)  # let writers finish
        self._timer.timeout.connect(self.check_now)
        self._held = 0  # hold() calls not yet released
        #: The documents with unsaved edits, if the owner keeps them (else every one is asked).
        self.modified: Callable[[], Iterable[Document]] | None = None
        self._listing: set[str] = set()  # big folders being listed again
        self._reported: dict[str, set[str]] = {}  # their files reported changed meanwhile
        self._pending: list[Document] = []  # to watch, not taken in yet
        self._intake = QTimer(self, singleShot=True, interval=0)
        self._intake.timeout.connect(lambda: self._take_in(WATCH_SLICE))

    def watch(self, documents: Iterable[Document]) -> None:
        """Start watching these documents' files and folders.

        A few are taken in at once; a load's big batches a slice at a time while the app is
        idle (100,000 paths take a second), and before any check.
        """
        self._pending.extend(documents)
        if len(self._pending) <= WATCH_NOW:
            self._take_in()
        elif not self._intake.isActive():
            self._intake.start()

    def take_listings(self, listings: Mapping[str, dict[str, int]]) -> None:
        """Take these folders' listings (folder -> article file name -> inode, as
        ``walk.list_files`` gives them to a load) as their first ones: what the next
        listing of each is compared with. A folder already listed keeps its own (newer)."""
        for folder, listing in listings.items():
            self._listings.setdefault(folder, listing)

    def _take_in(self, limit: int | None = None) -> None:
        documents = self._pending[:limit] if limit else self._pending
        self._pending = self._pending[len(documents) :]
        if self._pending:
            self._intake.start()
        new_folders: list[str] = []
        files: list[str] = []
        room = MAX_WATCHED_FILES - len(self._files)
        for document in documents:
            path = document.path_text  # no Path made per document
            cut = path.rfind(os.sep)
            # The path's own name: the str the load's listing holds (walk interns names),
            # not a copy.
            folder, name = path[: max(cut, 1)], sys.intern(path[cut + 1 :])
            known = self._documents.get(folder)
            if known is None:
                known = self._documents[folder] = {}
                new_folders.append(folder)
            known[name] = document
            if room > len(files) and path not in self._files:
                files.append(path)
        if new_folders:
            self._watcher.addPaths(new_folders)
        unlisted = [folder for folder in new_folders if folder not in self._listings]
        if unlisted:
            # A first listing of 100,000 names takes a few tenths of a second: not here, on
            # the way to the first rows. A change seen before it is ready checks every file.
            generation = self._generation
            self._workers.start(
                "watcher",
                lambda job: (generation, [(f, folder_articles(f)) for f in unlisted]),
                finished=self._on_first_listings,
            )
        if files:
            self._files.update(files)
            self._watcher.addPaths(files)

    def _on_first_listings(self, _job: Job, result: tuple[int, list[tuple[str, Any]]]) -> None:
        generation, found = result
        if generation == self._generation:  # not cleared meanwhile
            for folder, listing in found:
                self._listings.setdefault(folder, listing)

    def settle(self) -> None:
        """Wait for the listings and checks under way, and take their results (tests)."""
        self._workers.join("watcher")
        QCoreApplication.sendPostedEvents(self)  # their results, queued to this object

    def hold(self) -> None:
        """Note changes but check none until ``release`` (a save is writing the files)."""
        self._held += 1

    def release(self) -> None:
        """Check what changed while held (soon: as after any change)."""
        self._held = max(self._held - 1, 0)
        if not self._held and (self._dirty or self._dirty_files):
            self._timer.start()

    def clear(self) -> None:
        """Stop watching everything."""
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._generation += 1
        self._pending = []
        self._intake.stop()
        self._documents.clear()
        self._listings.clear()
        self._listing.clear()
        self._reported.clear()
        self._files.clear()
        self._unlisted.clear()
        self._dirty.clear()
        self._dirty_files.clear()

    def new_files(self, folder: str) -> list[Path]:
        """Article files directly in ``folder`` that no watched document stands for."""
        self._take_in()
        known = self._documents.get(folder, {})
        current = self._listings.get(folder)
        if current is None:
            current = folder_articles(folder)
        new = [os.path.join(folder, name) for name in sorted(current) if name not in known]
        return [Path(path) for path in new if path not in self._unlisted]

    def unlisted(self, paths: Iterable[Path]) -> None:
        """These files were read and hold no article: ``new_files`` leaves them out."""
        self._unlisted.update(os.fspath(path) for path in paths)

    def check_now(self, folders: Iterable[str] | None = None) -> None:
        """Compare documents in ``folders`` (default: those reported) with their files.

        A folder of more than FULL_CHECK documents is listed again in a thread (100,000
        names take a fifth of a second) and checked when its listing comes back. While the
        watcher is held, the folders are only noted.
        """
        if self._held:
            self._dirty.update(folders if folders is not None else ())
            return
        self._take_in()
        targets = set(folders) if folders is not None else set(self._dirty)
        reported, self._dirty_files = self._dirty_files, set()
        self._dirty.clear()
        changed: list[Document] = []
        deleted: list[Document] = []
        for folder in targets:
            documents = self._documents.get(folder, {})
            if len(documents) > FULL_CHECK:
                self._reported.setdefault(folder, set()).update(reported)
                if folder not in self._listing:
                    self._listing.add(folder)
                    self._list_again(folder)
                continue
            self._listings[folder] = folder_articles(folder)
            self._check(documents.values(), reported, changed, deleted)
            self.folder_changed.emit(folder)
        self._report(changed, deleted)

    def _list_again(self, folder: str) -> None:
        generation = self._generation
        self._workers.start(
            "watcher",
            lambda job: (folder, folder_articles(folder), generation),
            finished=self._on_listed,
        )

    def check_all(self) -> None:
        """Check every watched folder (e.g. when the window is activated again)."""
        self._take_in()
        self.check_now(list(self._documents))

    def busy(self) -> bool:
        """True while a big folder's listing is being read again or checked (tests)."""
        return bool(self._listing)

    def _on_listed(self, _job: Job, result: tuple[str, dict[str, int], int]) -> None:
        """A big folder's new listing: check the documents whose file it shows changed."""
        folder, now, generation = result
        if generation != self._generation:
            return
        if self._held:  # a save is writing: list it again once released
            self._listing.discard(folder)
            self._dirty.add(folder)
            return
        documents = self._documents.get(folder, {})
        before = self._listings.get(folder, now)  # none yet: only what was reported
        self._listings[folder] = now
        reported = self._reported.pop(folder, set())
        names = {name for name, _inode in now.items() ^ before.items()}  # in C: fast
        names.update(os.path.basename(f) for f in reported if os.path.dirname(f) == folder)
        suspects = {id(documents[name]): documents[name] for name in names if name in documents}
        modified = self.modified() if self.modified else documents.values()
        suspects.update(
            (id(d), d) for d in modified if d.modified and documents.get(d.path.name) is d
        )
        self.folder_changed.emit(folder)
        if len(suspects) <= CHECK_HERE:
            self._listing.discard(folder)
            changed: list[Document] = []
            deleted: list[Document] = []
            self._check(suspects.values(), reported, changed, deleted)
            self._report(changed, deleted)
            return
        # Many files seen changed (a save of thousands writes as many new inodes): their
        # stat calls would hold the GUI thread for a second; they are made in a worker.
        documents_to_check = list(suspects.values())

        def check(job: Job) -> tuple[str, int, list[Document], list[Document]]:
            changed: list[Document] = []
            deleted: list[Document] = []
            self._check(documents_to_check, reported, changed, deleted)
            return folder, generation, changed, deleted

        self._workers.start("watcher", check, finished=self._on_checked)

    def _on_checked(
        self, _job: Job, result: tuple[str, int, list[Document], list[Document]]
    ) -> None:
        folder, generation, changed, deleted = result
        if generation != self._generation:
            return
        self._listing.discard(folder)
        if self._held:  # a save began meanwhile: look again once it is over
            self._dirty.add(folder)
            return
        self._report(changed, deleted)

    @staticmethod
    def _check(
        documents: Iterable[Document],
        reported: set[str],
        changed: list[Document],
        deleted: list[Document],
    ) -> None:
        for document in documents:
            state = changed_on_disk(document, document.path_text in reported)
            if state is None and not document.deleted_on_disk:
                deleted.append(document)
            elif state:
                changed.append(document)

    def _report(self, changed: list[Document], deleted: list[Document]) -> None:
        if changed:
            self.documents_changed.emit(changed)
        if deleted:
            self.documents_deleted.emit(deleted)

    def _on_watcher_changed(self, path: str) -> None:
        if os.path.isdir(path):
            folder = path
        else:
            folder = os.path.dirname(path)
            self._dirty_files.add(path)
        self._dirty.add(folder)
        self._timer.start()
