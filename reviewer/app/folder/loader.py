"""Loading a folder off the GUI thread, streaming articles to the window in batches.

The load runs the workspace's ``listing`` (light articles, parsed in parallel, from the
on-disk index cache when it is on) as a job of the window's ``Workers``, and passes its
batches on: the first one at once, the rest gathered for BATCH_SECONDS, so a fast warm reopen
makes a few big batches rather than hundreds of small ones. The GUI thread ``add``s each
batch to the workspace (``ArticleModel.add``). The folders' listings the load began with
(names and inode numbers, ``Batch.listings``) go to the folder watcher (``listed``), which
then needs no walk of its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal

from reviewer.app.workers import Job, Workers
from reviewer.core.article import Article
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import Batch
from reviewer.core.folder.walk import Listings
from reviewer.workspace import Workspace

#: Seconds a batch gathers articles before it is passed on (the first goes at once).
BATCH_SECONDS = 0.1
#: Set (to anything but "" or "0") to never use the index cache.
NO_CACHE_ENV = "REVIEWER_NO_INDEX_CACHE"


def cache_disabled_by_env() -> bool:
    """True when the environment turns the index cache off."""
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def index_cache() -> IndexCache:
    """The user's index cache."""
    return IndexCache()


#: What the worker passes on: the number of files, the articles just read, files handled,
#: and with the first articles the folders' listings.
_Progress = tuple[int, list[Article], int, Listings | None]


def read_folder(batches: Iterator[Batch], job: Job) -> None:
    """Run a folder's listing (``Workspace.listing``) in ``job``'s thread, passing its
    batches on."""
    try:
        _pass_on(batches, job)
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()  # a cancelled load ends its pool now


def _pass_on(batches: Iterator[Batch], job: Job) -> None:
    pending: list[Article] = []
    total = handled = 0
    last = 0.0  # the first batch goes at once
    sent = False
    listings: Listings | None = None
    for batch in batches:
        total = batch.total
        pending.extend(batch.articles)
        handled = batch.done
        listings = listings or batch.listings
        if time.monotonic() - last >= BATCH_SECONDS:
            job.progress((total, pending, handled, listings))
            pending, last, sent, listings = [], time.monotonic(), True, None
        if job.cancelled():
            break
    if pending or handled or not sent:
        job.progress((total, pending, handled, listings))


class FolderLoader(QObject):
    """Loads one folder at a time; starting a new load cancels the previous one.

    Signals:
        started(Path): a load began.
        total_known(int): the number of files to read.
        listed(object): the listings the load began with, before the first articles
            (``Batch.listings``: each folder's path -> its article files' names -> inode).
        articles_read(list): a batch of Articles, in folder order.
        progressed(int): how many files have been handled so far.
        finished(bool): the load ended; True when it was cancelled.
        failed(str): the load stopped on an unexpected error (rows read so far stay).
    """

    started = Signal(object)
    total_known = Signal(int)
    listed = Signal(object)  # a dict: object, so that Qt never converts (copies) it
    articles_read = Signal(list)
    progressed = Signal(int)
    finished = Signal(bool)
    failed = Signal(str)

    def __init__(self, workers: Workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = workers
        self._job: Job | None = None  # the load whose signals count: older ones are ignored
        self._total_sent = False
        #: True from ``load`` until ``finished`` is sent.
        self.loading = False
        #: Whether loads use the index cache (the window sets it from the preferences).
        self.use_cache: Callable[[], bool] = lambda: not cache_disabled_by_env()

    def load(self, workspace: Workspace) -> None:
        """Start reading the folder ``workspace`` has open (through its index cache, when
        the preference and the environment allow it)."""
        self.cancel()
        use_cache = self.use_cache() and not cache_disabled_by_env()
        workspace.cache = index_cache() if use_cache else None
        self._total_sent = False
        self.loading = True
        self.started.emit(workspace.folder)
        # The listing is made here (it takes the folder and the cache now) and runs in the
        # worker, which never touches the workspace itself.
        jobs: list[Job] = []
        batches = workspace.listing(cancelled=lambda: bool(jobs) and jobs[0].cancelled())
        self._job = self._workers.start(
            "loader",
            lambda job: read_folder(batches, job),
            progressed=self._on_job_progressed,
            finished=self._on_job_finished,
            failed=self._on_job_failed,
        )
        jobs.append(self._job)

    def is_running(self) -> bool:
        """True while a folder is being read."""
        return self._job is not None and self._job.running()

    def cancel(self) -> None:
        """Stop the current load (rows already read stay) and wait for its thread."""
        if self._job is not None:
            self._job.cancel()
        self.wait()

    def wait(self) -> None:
        """Block until the current load's thread has ended (shutdown and tests)."""
        if self._job is not None:
            self._job.join()

    def _on_job_progressed(self, job: Job, value: Any) -> None:
        if job is not self._job:
            return
        total, articles, handled, listings = value
        if not self._total_sent:
            self._total_sent = True
            self.total_known.emit(total)
        if listings is not None:
            self.listed.emit(listings)
        if articles:
            self.articles_read.emit(articles)
        self.progressed.emit(handled)

    def _on_job_finished(self, job: Job, _result: object) -> None:
        if job is self._job:
            self.loading = False
            self.finished.emit(job.cancelled())

    def _on_job_failed(self, job: Job, problem: str) -> None:
        if job is self._job:
            self.loading = False
            self.failed.emit(problem)
            self.finished.emit(job.cancelled())
