"""Opening a folder fast: light articles in batches, from the index cache and a process pool.

``open_folder`` lists the folder's article files, yields a first batch at once, then the rest
in path order as they are ready. A file whose size and mtime_ns match its index row is not
read at all; new and changed files are parsed, in a pool of processes when there are many
(more than POOL_THRESHOLD), else in this process; their rows go back into the index, and
rows of files that are gone are removed. Files without front matter are listed in the index
but not yielded (no row in the window or in ``reviewer list``).
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import sys
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.article import ARTICLE_SUFFIXES, Article
from reviewer.core.index import FolderIndex, IndexCache
from reviewer.core.packing import (
    Unpacked,
    UnpackError,
    article_of,
    check_file,
    parse_files,
    unpack,
    unracy,
)
from reviewer.core.scan import SKIPPED_FOLDERS

#: More files than this to parse, and more than one worker: parse them in a process pool.
POOL_THRESHOLD = 2000
#: Files per pool task (small, so results stream and a cancel waits for little).
CHUNK = 64
#: Seconds between checks of ``cancelled`` while waiting for the pool.
POLL_SECONDS = 0.05

Entry = tuple[str, "os.DirEntry[str]"]
Results = list[tuple[str, bytes] | Article]


@dataclass(frozen=True, slots=True)
class Batch:
    """Light articles ready to list, in path order, with the load's progress.

    ``done`` counts the files handled so far (those without front matter too), ``total``
    the article files found; ``parsed`` how many of the handled files were read and parsed
    (the others came from the index cache).
    """

    articles: list[Article]
    done: int
    total: int
    parsed: int


def list_files(folder: Path) -> list[Entry]:
    """The article files below ``folder`` as (relative path, entry), in ``article_paths`` order.

    Hidden files and folders and SKIPPED_FOLDERS are left out; a folder's own files come
    before its subfolders; folders that cannot be read are skipped; links to folders are
    not followed.
    """
    found: list[Entry] = []
    stack: list[tuple[str, str]] = [(os.fspath(folder), "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if name not in SKIPPED_FOLDERS and not entry.is_symlink():
                    subfolders.append((entry.path, f"{prefix}{name}/"))
            elif os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                found.append((prefix + name, entry))
        stack.extend(reversed(subfolders))
    return found


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def default_workers() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_method() -> str:
    """fork where it is available and safe enough (not macOS), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"


def open_folder(
    folder: Path,
    *,
    cache: IndexCache | None,
    workers: int | None = None,
    batch: int = 500,
    cancelled: Callable[[], bool] | None = None,
) -> Generator[Batch, None, None]:
    """Light articles of every article file below ``folder`` with a front matter, in batches.

    ``cache`` None parses every file and leaves the index alone. ``workers`` caps the pool
    (default: the CPUs this process may use); 1 parses in this process. ``batch`` is the
    number of files per batch (a batch with no article is not yielded). When
    ``cancelled()`` turns true the load stops within a file, or a poll of the pool, and
    yields nothing more; closing the iterator stops it too. Either way the pool's processes
    are ended and joined, and the records made so far are kept in the index.
    """
    folder = Path(folder)
    stop = cancelled if cancelled is not None else _never
    files = list_files(folder)
    index = cache.open(folder) if cache is not None else None
    try:
        known = index.rows() if index is not None else {}
        if index is not None and known:
            listed = {rel for rel, _ in files}
            index.remove([rel for rel in known if rel not in listed])
        load = _Load(folder, files, known, index, stop, max(1, batch))
        yield from load.batches(default_workers() if workers is None else max(1, workers))
    finally:
        if index is not None:
            index.close()


def _never() -> bool:
    return False


class _Stopped(Exception):
    """``cancelled()`` turned true while waiting for the pool."""


_PARSE = None  # the plan of a file to parse


class _Load:
    """One run of open_folder: checking records, parsing, batching, storing records."""

    def __init__(
        self,
        folder: Path,
        files: list[Entry],
        known: dict[str, bytes],
        index: FolderIndex | None,
        stop: Callable[[], bool],
        size: int,
    ) -> None:
        self.folder = folder
        self.files = files
        self.known = known
        self.index = index
        self.stop = stop
        self.size = size
        self.parsed = 0
        self.records: list[tuple[str, bytes]] = []  # made or refreshed, to store

    def batches(self, workers: int) -> Iterator[Batch]:
        """The first batch is made here, alone, to come fast; then a pool, when worth it,
        parses the new files after it. Known files are checked as they come, and parsed
        here when changed."""
        files, known, total = self.files, self.known, len(self.files)
        new = [(rel, entry.path) for rel, entry in files[self.size :] if rel not in known]
        pooled = workers > 1 and len(new) > POOL_THRESHOLD
        pool = None
        articles: list[Article] = []
        try:
            for done, (rel, entry) in enumerate(files, 1):
                if self.stop():
                    return
                if pooled and pool is None and done > self.size:
                    pool = _Pool(new, workers, self.stop)
                values = self.check(rel, entry) if rel in known else _PARSE
                if values is not _PARSE:
                    if values.front:
                        articles.append(article_of(values, self.folder / rel))
                else:
                    self.parsed += 1
                    if pool is not None and done > self.size and rel not in known:
                        result = pool.next()
                    else:
                        result = parse_files([(rel, entry.path)])[0]
                    self.take(rel, result, articles)
                if done % self.size == 0 or done == total:
                    self.store()
                    if articles:
                        yield Batch(articles, done, total, self.parsed)
                        articles = []
        except _Stopped:
            return
        finally:
            if pool is not None:
                pool.close()
            self.store()

    def check(self, rel: str, entry: os.DirEntry[str]) -> Unpacked | None:
        """The values of the file's record when it still holds (checked by digest when
        racy), else _PARSE."""
        record = self.known[rel]
        try:
            stat = os.stat(entry.path)
            values = unpack(record)
        except (OSError, UnpackError):
            return _PARSE
        if values.size != stat.st_size or values.mtime_ns != stat.st_mtime_ns:
            return _PARSE
        if values.racy:  # same stat, but maybe not the same bytes: compare digests
            checked = check_file(entry.path, values)
            if checked is None:
                return _PARSE
            self.records.append((rel, unracy(record, *checked)))
        return values

    def take(self, rel: str, result: tuple[str, bytes] | Article, articles: list[Article]) -> None:
        """Keep a parsed file's record and its light article (when it has a front matter)."""
        if isinstance(result, Article):  # an unreadable file: no record
            articles.append(result)
            return
        self.records.append(result)
        values = unpack(result[1])
        if values.front:
            articles.append(article_of(values, self.folder / rel))

    def store(self) -> None:
        if self.index is not None and self.records:
            self.index.put(self.records)
        self.records = []


class _Pool:
    """Files parsed in worker processes, sent in chunks of CHUNK, results in order.

    If the pool breaks (a worker was killed), the rest is parsed in this process.
    """

    #: What the workers run on each chunk.
    task = staticmethod(parse_files)

    def __init__(self, files: list[tuple[str, str]], workers: int, stop: Callable[[], bool]):
        self.stop = stop
        chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
        context = multiprocessing.get_context(start_method())
        self.executor = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context)
        self.sent: collections.deque[tuple[list[tuple[str, str]], Future[Results] | None]]
        self.sent = collections.deque(
            (chunk, self.executor.submit(self.task, chunk)) for chunk in chunks
        )
        self.results: collections.deque[tuple[str, bytes] | Article] = collections.deque()

    def next(self) -> tuple[str, bytes] | Article:
        """The next result (raises _Stopped when cancelled while waiting)."""
        while not self.results:
            chunk, future = self.sent[0]
            if future is None:
                self.results.extend(parse_files(chunk))
            else:
                try:
                    self.results.extend(future.result(timeout=POLL_SECONDS))
                except FutureTimeout:
                    if self.stop():
                        raise _Stopped from None
                    continue
                except BrokenProcessPool:
                    self.sent = collections.deque((c, None) for c, _ in self.sent)
                    continue
            self.sent.popleft()
        return self.results.popleft()

    def close(self) -> None:
        """End the workers (at once when results are still pending) and join them."""
        pending = [future for _, future in self.sent if future is not None]
        for future in pending:
            future.cancel()
        if pending:  # stopped early: do not wait for the chunks being parsed
            processes = getattr(self.executor, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)
