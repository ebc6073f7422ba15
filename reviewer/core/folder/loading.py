"""Opening a folder fast: light articles in batches, from the index cache and a process pool.

``open_folder`` lists the folder's article files, yields a first batch at once, then the rest
in path order, a batch at a time. A file whose size, mtime_ns, inode and ctime_ns match its
entry in the index cache is not read at all; new and changed files are parsed, in a pool of
processes when there are many new ones (more than POOL_THRESHOLD), else in this process;
their entries go into the index, and the entries of files that are gone are removed. Files
without front matter get an entry but are not yielded (no row in the window or in
``reviewer list``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.article import Article, light_at
from reviewer.core.collector import collector_paused
from reviewer.core.files import remove_stale_temporaries
from reviewer.core.folder.index import FolderIndex, IndexCache
from reviewer.core.folder.packing import (
    Entry,
    Identity,
    Unpacked,
    UnpackError,
    article_of,
    check_file,
    identity,
    inode,
    parse_files,
    unpack,
    unracy,
)
from reviewer.core.folder.pool import ParsePool, Stopped, default_workers, start_method
from reviewer.core.folder.walk import Listings, list_files

#: More new files than this after the first batch, and more than one worker: a pool.
POOL_THRESHOLD = 2000
#: Most files in the first batch, made in this process before anything else.
FIRST_BATCH = 100

__all__ = [
    "POOL_THRESHOLD",
    "Batch",
    "default_workers",
    "list_files",
    "open_folder",
    "start_method",
]


@dataclass(frozen=True, slots=True)
class Batch:
    """Light articles ready to list, in path order, with the load's progress.

    ``done`` counts the files handled so far (those without front matter too), ``total``
    the article files found; ``parsed`` how many of the handled files were read and parsed
    (the others came from the index cache). The first batch yielded carries ``listings``:
    each listed folder's article files with their inode numbers, as the walk saw them
    (``walk.list_files``), for the app's folder watcher; later batches have None.
    """

    articles: list[Article]
    done: int
    total: int
    parsed: int
    listings: Listings | None = None


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
    number of files per batch (the first has at most FIRST_BATCH, to come sooner; a batch
    with no article is not yielded). When
    ``cancelled()`` turns true the load stops within a file, or a poll of the pool, and
    yields nothing more; closing the generator stops it too. Either way the pool's
    processes are ended and joined, and the packed summaries made so far are kept in the index.

    While a load runs (until it ends, is closed or is garbage collected) Python's cyclic
    garbage collector is paused: run it to its end or close it.
    """
    folder = Path(folder)
    stop = cancelled if cancelled is not None else _never
    index = None
    with collector_paused():
        try:
            temporaries: list[str] = []
            listings: Listings = {}
            rels = list_files(folder, temporaries, listings)
            remove_stale_temporaries(temporaries)  # what crashed saves left
            index = cache.open(folder) if cache is not None else None
            load = _Load(folder, rels, index, stop, max(1, batch))
            load.listings = listings  # handed on with the first batch, then not kept here
            del listings
            yield from load.batches(default_workers() if workers is None else max(1, workers))
        finally:
            if index is not None:
                index.close()


def _never() -> bool:
    return False


def _text_maker(folder: Path) -> Callable[[str], str]:
    """A function giving the text of ``folder / rel`` (``os.fspath``'s) for a relative path
    with "/" between parts, without making a Path: light articles hold it as text
    (``article.light_at``) and make their Path only when asked."""
    base = os.fspath(folder)
    base = "" if base == os.curdir else os.path.join(base, "")  # Path("./a") is "a"
    if os.sep == "/":
        return base.__add__
    return lambda rel: base + rel.replace("/", os.sep)


class _Load:
    """One run of open_folder: checking entries, parsing, batching, storing entries."""

    def __init__(
        self,
        folder: Path,
        rels: list[str],
        index: FolderIndex | None,
        stop: Callable[[], bool],
        size: int,
    ) -> None:
        self.folder = folder
        self.base = os.path.join(os.fspath(folder), "")  # + a relative path: the file
        self.text_of = _text_maker(folder)
        self.rels = rels
        self.index = index
        self.stop = stop
        self.size = size
        self.done = 0
        self.parsed = 0
        self.checked = 0  # files stat'ed against their row ...
        self.stale = 0  # ... and found changed
        self.rows: list[Entry] = []  # made or refreshed, to store
        self.listings: Listings | None = None  # for the first batch yielded

    def batches(self, workers: int) -> Generator[Batch, None, None]:
        """The first batch alone, fast: at most FIRST_BATCH files, parsed here (no pool to
        start), and only their rows read.

        Then the rows of files gone are removed and the rest comes a batch at a time. New
        files are parsed in a pool when there are many. Files with a row are stat'ed as
        their batch comes, and parsed here when changed; but when the first batch shows
        many changed files (a quarter or more: the folder was rewritten, a branch checked
        out), every file is stat'ed first and the changed ones go to the pool too.
        """
        rels, index, size = self.rels, self.index, self.size
        pool: ParsePool | None = None
        try:
            first = min(size, FIRST_BATCH)
            head = rels[:first]
            yield from self.chunk(head, index.entries(head) if index else {})
            if self.stop():
                return
            mass_change = self.stale > 0 and self.stale * 4 >= self.checked
            stats = index.stats() if index is not None and mass_change else {}
            # Rows are read by rowid, an integer key: cheaper than by path.
            rowids = index.rowids() if index is not None and not mass_change else {}
            paths = stats.keys() if mass_change else rowids.keys()
            if index is not None and paths:
                index.remove(paths - set(rels))
            if len(rels) <= first:
                return
            rest = rels[first:]
            # Kept instead of the paths or stats (less memory at peak): whether to parse
            # each file and, unless every file was stat'ed, its row's rowid (None: no row).
            ids: list[int | None] = []
            if mass_change:
                to_parse = self.changed(rest, stats)
            else:
                ids = [rowids.get(rel) for rel in rest]
                to_parse = [rowid is None for rowid in ids]
            del stats, paths, rowids
            if self.stop():
                return
            todo = [
                (rel, self.base + rel) for rel, parse in zip(rest, to_parse, strict=True) if parse
            ]
            if workers > 1 and len(todo) > POOL_THRESHOLD:
                pool = ParsePool(todo, workers, self.stop)
            del todo
            for start in range(0, len(rest), size):
                part = rest[start : start + size]
                flags = to_parse[start : start + size]
                rows = self.entries(part, flags, ids[start : start + size])
                yield from self.chunk(part, rows, pool, flags, stat=not mass_change)
                if self.stop():
                    return
        except Stopped:
            return
        finally:
            if pool is not None:
                pool.close()
            self.store()

    def entries(
        self, rels: list[str], to_parse: list[bool], rowids: list[int | None]
    ) -> dict[str, Entry]:
        """The rows of the files of ``rels`` not to parse, by their ``rowids`` when known
        (an integer key: cheaper than the path's), else by path."""
        if self.index is None:
            return {}
        if rowids:
            found = [rowid for rowid in rowids if rowid is not None]
            return self.index.entries_at(found) if found else {}
        wanted = [rel for rel, parse in zip(rels, to_parse, strict=True) if not parse]
        return self.index.entries(wanted) if wanted else {}

    def changed(self, rels: list[str], stats: dict[str, Identity]) -> list[bool]:
        """For each file: True when it must be parsed (new, or its size, mtime_ns, inode or
        ctime_ns differ from its row's, or it cannot be stat'ed)."""
        flags = []
        base = self.base
        for position, rel in enumerate(rels):
            known = stats.get(rel)
            if known is None:
                flags.append(True)
                continue
            if position % 1000 == 0 and self.stop():
                return [True] * len(rels)  # nothing more is taken anyway
            try:
                stat = os.stat(base + rel)
            except OSError:
                flags.append(True)
                continue
            flags.append(known != identity(stat))
        return flags

    def chunk(
        self,
        rels: list[str],
        rows: dict[str, Entry],
        pool: ParsePool | None = None,
        to_parse: list[bool] | None = None,
        stat: bool = True,
    ) -> Generator[Batch, None, None]:
        """Handle one batch of files; yield it when it holds an article.

        ``to_parse`` says which files to parse (by the pool, when there is one) without
        looking at their rows; the others are taken from their rows when these still hold
        (``stat``: compared with the file's stat here, else already).
        """
        articles: list[Article] = []
        # Locals: this loop runs once per file, 100,000 times for a big folder.
        base, text_of, stop, check, keep = (
            self.base,
            self.text_of,
            self.stop,
            self.check,
            articles.append,
        )
        for position, rel in enumerate(rels):
            if stop():
                return
            parse = to_parse is not None and to_parse[position]
            row = None if parse else rows.get(rel)
            values = check(row, stat) if row is not None else None
            if values is not None:
                if values.front:  # [:3]: size, mtime_ns, digest (a Fingerprint when asked)
                    text = text_of(rel)
                    keep(light_at(text, values[:3], values.data, values.error, values.shape))
            else:
                self.parsed += 1
                if pool is not None and parse:
                    result = pool.next()  # the pool has every file to parse, in order
                else:
                    result = parse_files([(rel, base + rel)])[0]
                self.take(rel, result, articles)
            self.done += 1
        self.store()
        if articles:
            yield self.batch(articles)

    def batch(self, articles: list[Article]) -> Batch:
        """The Batch of ``articles``; the first one made carries the listings, which this
        load then no longer holds (no local of a suspended generator keeps them)."""
        listings, self.listings = self.listings, None
        return Batch(articles, self.done, len(self.rels), self.parsed, listings)

    def check(self, row: Entry, stat: bool) -> Unpacked | None:
        """The values of a entry's packed summary when they still hold, else None: parse the file.

        With ``stat``, the file's size, mtime_ns, inode and ctime_ns are compared first; a
        racy packed summary is checked against the file's digest.
        """
        rel, size, mtime_ns, ino, ctime_ns, packed = row
        name = self.base + rel
        try:
            if stat:
                found = os.stat(name)
                self.checked += 1
                if (
                    found.st_mtime_ns != mtime_ns
                    or found.st_ctime_ns != ctime_ns
                    or found.st_size != size
                    or (found.st_ino != ino and inode(found.st_ino) != ino)
                ):
                    self.stale += 1
                    return None
            values = unpack(packed)
        except (OSError, UnpackError):
            return None
        if values.size != size or values.mtime_ns != mtime_ns:
            return None  # a damaged row
        if values.racy:  # same stat, but maybe not the same bytes: compare digests
            checked = check_file(name, values)
            if checked is None:
                return None
            self.rows.append(unracy(rel, packed, *checked))
        return values

    def take(self, rel: str, result: Entry | Article, articles: list[Article]) -> None:
        """Keep a parsed file's row and its light article (when it has a front matter)."""
        if isinstance(result, Article):  # an unreadable file: no row
            articles.append(result)
            return
        self.rows.append(result)
        values = unpack(result[-1])
        if values.front:
            articles.append(article_of(values, self.text_of(rel)))

    def store(self) -> None:
        if self.index is not None and self.rows:
            self.index.put(self.rows)
        self.rows = []
