"""Noticing files changed, added or deleted on disk by other programs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from reviewer.core.article import digest
from reviewer.core.document import Document

#: Individual files watched at most (inotify watches are a limited resource); folders are
#: always watched, and every save checks the file itself whatever the watcher saw.
MAX_WATCHED_FILES = 2000


def changed_on_disk(document: Document, compare_content: bool = False) -> bool | None:
    """True when the file differs from what was read, None when it is gone.

    Size and modification time decide, unless ``compare_content``: then a file whose stat
    looks the same is hashed too (a quick rewrite can keep both within the clock's tick).
    """
    fingerprint = document.article.fingerprint
    try:
        stat = os.stat(document.path)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if fingerprint is None:
        return True
    if stat.st_size != fingerprint.size or stat.st_mtime_ns != fingerprint.mtime_ns:
        return True
    if compare_content:
        try:
            return digest(document.path.read_bytes()) != fingerprint.digest
        except OSError:
            return False
    return False


class FolderWatcher(QObject):
    """Watches a folder tree and reports which documents changed or vanished.

    Signals:
        documents_changed(list): documents whose file changed on disk.
        documents_deleted(list): documents whose file is gone.
        folder_changed(str): a watched folder changed (files may have been added).
    """

    documents_changed = Signal(list)
    documents_deleted = Signal(list)
    folder_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._documents: dict[str, dict[str, Document]] = {}
        self._dirty: set[str] = set()
        self._dirty_files: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=300)  # let writers finish
        self._timer.timeout.connect(self.check_now)

    def watch(self, documents: Iterable[Document]) -> None:
        """Start watching these documents' files and folders."""
        folders: set[str] = set()
        files: list[str] = []
        for document in documents:
            folder = str(document.path.parent)
            self._documents.setdefault(folder, {})[str(document.path)] = document
            folders.add(folder)
            files.append(str(document.path))
        new_folders = sorted(folders - set(self._watcher.directories()))
        if new_folders:
            self._watcher.addPaths(new_folders)
        watched = set(self._watcher.files())
        files = [f for f in files if f not in watched]
        room = MAX_WATCHED_FILES - len(watched)
        if room > 0 and files:
            self._watcher.addPaths(files[:room])

    def clear(self) -> None:
        """Stop watching everything."""
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)
        self._documents.clear()
        self._dirty.clear()
        self._dirty_files.clear()

    def check_now(self, folders: Iterable[str] | None = None) -> None:
        """Compare documents in ``folders`` (default: those reported) with their files."""
        targets = set(folders) if folders is not None else set(self._dirty)
        reported, self._dirty_files = self._dirty_files, set()
        self._dirty.clear()
        changed: list[Document] = []
        deleted: list[Document] = []
        for folder in targets:
            for document in self._documents.get(folder, {}).values():
                state = changed_on_disk(document, str(document.path) in reported)
                if state is None and not document.deleted_on_disk:
                    deleted.append(document)
                elif state:
                    changed.append(document)
            self.folder_changed.emit(folder)
        if changed:
            self.documents_changed.emit(changed)
        if deleted:
            self.documents_deleted.emit(deleted)

    def check_all(self) -> None:
        """Check every watched folder (e.g. when the window is activated again)."""
        self.check_now(list(self._documents))

    def _on_watcher_changed(self, path: str) -> None:
        if os.path.isdir(path):
            folder = path
        else:
            folder = str(Path(path).parent)
            self._dirty_files.add(path)
        self._dirty.add(folder)
        self._timer.start()
