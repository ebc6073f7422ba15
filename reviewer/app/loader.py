"""Loading a folder off the GUI thread, streaming articles to the window in batches."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from reviewer.core.article import Article
from reviewer.core.scan import article_paths
from reviewer.core.store import read_article

BATCH_SECONDS = 0.05


class _Worker(QObject):
    """Reads the files of a folder; runs in its own thread.

    Signals:
        found(int): how many files the folder holds (sent once, before reading).
        batch(int, list): the load's number, and a list of Articles just read.
        done(int, bool): the load's number; True when it was cancelled.
    """

    found = Signal(int)
    batch = Signal(int, list)
    done = Signal(int, bool)

    def __init__(self, folder: Path, cancel: threading.Event, generation: int) -> None:
        super().__init__()
        self._folder = folder
        self._cancel = cancel
        self._generation = generation

    def run(self) -> None:
        paths = list(article_paths(self._folder))
        self.found.emit(len(paths))
        pending: list[Article] = []
        last = time.monotonic()
        for path in paths:
            if self._cancel.is_set():
                break
            pending.append(read_article(path))
            if time.monotonic() - last >= BATCH_SECONDS:
                self.batch.emit(self._generation, pending)
                pending, last = [], time.monotonic()
        if pending:
            self.batch.emit(self._generation, pending)
        self.done.emit(self._generation, self._cancel.is_set())


class FolderLoader(QObject):
    """Loads one folder at a time; starting a new load cancels the previous one.

    Signals:
        started(Path): a load began.
        total_known(int): the number of files to read.
        articles_read(list): a batch of Articles, in folder order.
        finished(bool): the load ended; True when it was cancelled.
    """

    started = Signal(object)
    total_known = Signal(int)
    articles_read = Signal(list)
    finished = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._generation = 0  # which load's signals count: older ones are ignored
        self._cancel = threading.Event()

    def load(self, folder: Path) -> None:
        """Start reading ``folder``."""
        self.cancel()
        self._cancel = threading.Event()
        self._generation += 1
        thread = QThread(self)
        worker = _Worker(folder, self._cancel, self._generation)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.found.connect(self.total_known)
        worker.batch.connect(self._on_worker_batch)
        worker.done.connect(self._on_worker_done)
        worker.done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker  # the worker has no parent: keep it alive
        self.started.emit(folder)
        thread.start()

    def is_running(self) -> bool:
        """True while a folder is being read."""
        return self._thread is not None and self._thread.isRunning()

    def cancel(self) -> None:
        """Stop the current load (rows already read stay)."""
        self._cancel.set()
        self.wait()

    def wait(self) -> None:
        """Block until the worker thread has ended (used on shutdown and in tests)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None

    def _on_worker_batch(self, generation: int, articles: list[Article]) -> None:
        if generation == self._generation:
            self.articles_read.emit(articles)

    def _on_worker_done(self, generation: int, cancelled: bool) -> None:
        if generation == self._generation:
            self.finished.emit(cancelled)
