"""Parsing files in worker processes, results in order: the cold half of ``open_folder``."""

from __future__ import annotations

import collections
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from reviewer.core.article import Article
from reviewer.core.folder.packing import Entry, parse_files

if TYPE_CHECKING:  # multiprocessing (about 7 ms of imports) comes with the first pool only:
    from concurrent.futures import Future  # a warm open parses nothing and makes none

#: Files per task at first (small, so the first results come soon and an ended pool wastes
#: little) ...
CHUNK = 64
#: ... and, after each worker's first two, this many times more (fewer tasks to send, wait
#: for and unpickle: measured, a fifth less of this process's time per file).
GROWTH = 4
#: Seconds between checks of ``stop`` while waiting for a result.
POLL_SECONDS = 0.05

Result = Entry | Article
Files = list[tuple[str, str]]


class Stopped(Exception):
    """``stop()`` turned true while waiting for the pool."""


def default_workers() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_method() -> str:
    """How worker processes start: fork where it is available and safe enough, else spawn.

    Not fork on macOS (system libraries break in a forked child). From Python 3.12 on,
    forking a process that runs other threads (the desktop app does) is deprecated: there
    the fork server is used, which forks from a process that has none.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "darwin" or "fork" not in methods:
        return "spawn"
    threaded = threading.active_count() > 1
    if sys.version_info >= (3, 12) and threaded and "forkserver" in methods:
        return "forkserver"
    return "fork"


def _chunks(files: Files, workers: int) -> list[Files]:
    """``files`` cut in tasks: 2 per worker of CHUNK files, then of CHUNK * GROWTH."""
    small = min(len(files), 2 * workers * CHUNK)
    big = CHUNK * GROWTH
    chunks = [files[i : i + CHUNK] for i in range(0, small, CHUNK)]
    chunks.extend(files[i : i + big] for i in range(small, len(files), big))
    return chunks


class ParsePool:
    """``parse_files`` run on chunks of ``files`` in worker processes; ``next`` gives the
    results one by one in the order of ``files``.

    Every chunk is submitted at once (the pool feeds its workers a few at a time). If the
    pool breaks (a worker was killed), the rest is parsed in this process. ``close`` ends
    the workers, at once when results are still pending, and joins them.
    """

    #: What the workers run on each chunk.
    task = staticmethod(parse_files)

    def __init__(self, files: Files, workers: int, stop: Callable[[], bool]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        self._timeout, self._broken = FutureTimeout, BrokenProcessPool  # what ``next`` catches
        self.stop = stop
        chunks = _chunks(files, workers)
        context = multiprocessing.get_context(start_method())
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["reviewer.core.folder.packing"])
        self.executor = ProcessPoolExecutor(max(1, min(workers, len(chunks))), mp_context=context)
        self.sent: collections.deque[tuple[Files, Future[list[Result]] | None]]
        self.sent = collections.deque(
            (chunk, self.executor.submit(self.task, chunk)) for chunk in chunks
        )
        self.results: collections.deque[Result] = collections.deque()

    def next(self) -> Result:
        """The next result (raises Stopped when stopped while waiting)."""
        while not self.results:
            chunk, future = self.sent[0]
            if future is None:
                self.results.extend(parse_files(chunk))
            else:
                try:
                    self.results.extend(future.result(timeout=POLL_SECONDS))
                except self._timeout:
                    if self.stop():
                        raise Stopped from None
                    continue
                except self._broken:
                    self.sent = collections.deque((c, None) for c, _ in self.sent)
                    continue
            self.sent.popleft()
        return self.results.popleft()

    def close(self) -> None:
        """End the workers (at once when results are still pending) and join them."""
        pending = any(future is not None and not future.done() for _, future in self.sent)
        if pending:
            # Stopped early: kill the workers rather than wait for their chunks. The pool
            # then fails every pending future itself (cancelling them first would race
            # with that: CPython 3.11 raises InvalidStateError in its manager thread).
            processes = getattr(self.executor, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
        self.executor.shutdown(wait=True)
