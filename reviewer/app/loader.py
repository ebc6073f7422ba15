"""Loading a folder off the GUI thread, streaming articles to the window in batches.

With the core's ``loading.open_folder`` (light articles, parsed in parallel, from the on-disk
index cache when it is on), the worker passes its batches on: the first one at once, the
rest gathered for BATCH_SECONDS, so a fast warm reopen makes a few big batches rather than
hundreds of small ones. Without it (an older core), files are read one by one as before.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from reviewer.core.article import Article
from reviewer.core.folder.scan import article_paths
from reviewer.core.store import read_article

#: Seconds a batch gathers articles before it is passed on (the first goes at once).
BATCH_SECONDS = 0.1
#: Set (to anything but "" or "0") to never use the index cache.
NO_CACHE_ENV = "REVIEWER_NO_INDEX_CACHE"


def cache_supported() -> bool:
    """True when the core has the index cache and the parallel folder load."""
    try:
        from reviewer.core.folder import index, loading  # noqa: F401
    except ImportError:
        return False
    return True


def cache_disabled_by_env() -> bool:
    """True when the environment turns the index cache off."""
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def index_cache() -> Any:
    """The user's index cache (the core's ``IndexCache``), or None without one."""
    if not cache_supported():
        return None
    from reviewer.core.folder.index import IndexCache

    return IndexCache()


_Batches = Generator[tuple[list[Article], int, int], None, None]


class _Worker(QObject):
    """Reads the files of a folder; runs in its own thread.

    Signals:
        found(int): how many files the folder holds (sent once, before the first batch).
        batch(int, list, int): the load's number, Articles just read, files handled so far.
        done(int, bool, str): the load's number; True when cancelled; an error message.
    """

    found = Signal(int)
    batch = Signal(int, list, int)
    done = Signal(int, bool, str)

    def __init__(
        self, folder: Path, cancel: threading.Event, generation: int, use_cache: bool
    ) -> None:
        super().__init__()
        self._folder = folder
        self._cancel = cancel
        self._generation = generation
        self._use_cache = use_cache

    def run(self) -> None:
        problem = ""
        try:
            if cache_supported():
                self._send(self._light_batches())
            else:
                self._send(self._read_one_by_one())
        except Exception as exc:  # reported, never lost in a thread
            problem = f"{type(exc).__name__}: {exc}"
        self.done.emit(self._generation, self._cancel.is_set(), problem)

    def _light_batches(self) -> _Batches:
        from reviewer.core.folder.loading import open_folder

        cache = index_cache() if self._use_cache else None
        for batch in open_folder(self._folder, cache=cache, cancelled=self._cancel.is_set):
            yield batch.articles, batch.done, batch.total

    def _read_one_by_one(self) -> _Batches:
        paths = list(article_paths(self._folder))
        for done, path in enumerate(paths, 1):
            if self._cancel.is_set():
                return
            yield [read_article(path)], done, len(paths)

    def _send(self, batches: _Batches) -> None:
        try:
            self._pass_on(batches)
        finally:
            batches.close()  # a cancelled load ends its pool now

    def _pass_on(self, batches: _Batches) -> None:
        pending: list[Article] = []
        handled = 0
        last = 0.0  # the first batch goes at once
        total_sent = False
        for articles, done, total in batches:
            if not total_sent:
                self.found.emit(total)
                total_sent = True
            pending.extend(articles)
            handled = done
            if time.monotonic() - last >= BATCH_SECONDS:
                self.batch.emit(self._generation, pending, handled)
                pending, last = [], time.monotonic()
            if self._cancel.is_set():
                break
        if not total_sent:
            self.found.emit(0)
        if pending or handled:
            self.batch.emit(self._generation, pending, handled)


class FolderLoader(QObject):
    """Loads one folder at a time; starting a new load cancels the previous one.

    Signals:
        started(Path): a load began.
        total_known(int): the number of files to read.
        articles_read(list): a batch of Articles, in folder order.
        progressed(int): how many files have been handled so far.
        finished(bool): the load ended; True when it was cancelled.
        failed(str): the load stopped on an unexpected error (rows read so far stay).
    """

    started = Signal(object)
    total_known = Signal(int)
    articles_read = Signal(list)
    progressed = Signal(int)
    finished = Signal(bool)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._generation = 0  # which load's signals count: older ones are ignored
        self._cancel = threading.Event()
        #: Whether loads use the index cache (the window sets it from the preferences).
        self.use_cache: Callable[[], bool] = lambda: not cache_disabled_by_env()

    def load(self, folder: Path) -> None:
        """Start reading ``folder``."""
        self.cancel()
        self._cancel = threading.Event()
        self._generation += 1
        thread = QThread(self)
        use_cache = self.use_cache() and not cache_disabled_by_env()
        worker = _Worker(folder, self._cancel, self._generation, use_cache)
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

    def _on_worker_batch(self, generation: int, articles: list[Article], handled: int) -> None:
        if generation == self._generation:
            if articles:
                self.articles_read.emit(articles)
            self.progressed.emit(handled)

    def _on_worker_done(self, generation: int, cancelled: bool, problem: str) -> None:
        if generation == self._generation:
            if problem:
                self.failed.emit(problem)
            self.finished.emit(cancelled)
