"""Derived structures kept with a folder's index: what a warm reopen restores instead of
computing again.

The duplicate groups, the consistency report, the folder's schema... are derived from the
folder's rows, and cost seconds at 100,000 files. ``DerivedStore`` keeps each one's latest
value in the table ``derived`` of the folder's index file (``index.IndexCache.path_for``), so
clearing the index cache, or an index rebuilt for another version, forgets them too. A value
is kept under its ``name`` with a digest of exactly what it was derived from (``digest``;
the rows' is ``rows_digest``) and a format number; ``get`` gives it back only when both
match.

Values are plain data kept with ``marshal`` (no code is ever run from the cache, unlike
pickle): None, booleans, numbers, text, bytes, and lists, tuples, dicts and sets of them.
Dates are not plain: ``plain`` and ``unplain`` turn YAML values into plain data and back
(the index's own packing of summaries). Nothing here raises: an index turned off, missing,
locked or damaged keeps nothing and restores nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reviewer.core.article import Article
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.packing import _decode, _encode

_CREATE = """
CREATE TABLE IF NOT EXISTS derived (
    name TEXT PRIMARY KEY,
    form INTEGER NOT NULL,
    digest TEXT NOT NULL,
    value BLOB NOT NULL
)
"""
#: How long (seconds) a write waits for the loader's transaction on the same file.
_BUSY_SECONDS = 5


class DerivedStore:
    """The derived values kept in one folder's index file (``index_file`` None: none kept).

    Safe to use from any thread: each call opens its own connection to the file.
    """

    def __init__(self, index_file: Path | None) -> None:
        self.index_file = index_file

    @classmethod
    def of(cls, cache: IndexCache | None, folder: Path | None) -> DerivedStore:
        """The store of ``folder``'s index in ``cache`` (a store that keeps nothing when
        either is None: the index cache is off)."""
        if cache is None or folder is None:
            return cls(None)
        return cls(cache.path_for(folder))

    def get(self, name: str, digest: str, *, form: int = 1) -> Any:
        """The value kept as ``name`` for ``digest`` in format ``form``; None when none is
        (another digest or format, a damaged value, no index)."""
        if self.index_file is None or not self.index_file.is_file():
            return None
        try:
            with contextlib.closing(self._connect()) as db:
                found = db.execute(
                    "SELECT form, digest, value FROM derived WHERE name = ?", (name,)
                ).fetchone()
        except (sqlite3.Error, OSError):
            return None  # no table yet, or no index at all
        if found is None or found[0] != form or found[1] != digest:
            return None
        try:
            return marshal.loads(found[2])
        except (EOFError, ValueError, TypeError):
            return None

    def kept_digest(self, name: str, *, form: int = 1) -> str | None:
        """The digest of the value kept as ``name`` in format ``form`` (None: none kept, or
        the file is busy: this never waits, so it may be asked on the GUI thread)."""
        if self.index_file is None or not self.index_file.is_file():
            return None
        try:
            with contextlib.closing(self._connect(timeout=0)) as db:
                found = db.execute(
                    "SELECT digest FROM derived WHERE name = ? AND form = ?", (name, form)
                ).fetchone()
        except (sqlite3.Error, OSError):
            return None
        return None if found is None else str(found[0])

    def put(self, name: str, digest: str, value: Any, *, form: int = 1) -> bool:
        """Keep ``value`` as ``name`` for ``digest`` (replacing the one kept before), in one
        transaction; True when kept. Quietly not when there is no index file (the index
        cache is off, or the folder was never listed with it) or it cannot be written, or
        ``value`` is not plain data."""
        if self.index_file is None or not self.index_file.is_file():
            return False  # never made here: the index makes it, private, with its stamp
        try:
            data = marshal.dumps(value)
        except ValueError:
            return False
        try:
            with contextlib.closing(self._connect()) as db, db:
                db.execute(_CREATE)
                db.execute(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)", (name, form, digest, data)
                )
        except (sqlite3.Error, OSError):
            return False
        return True

    def _connect(self, timeout: float = _BUSY_SECONDS) -> sqlite3.Connection:
        assert self.index_file is not None
        # ``mode=rw``: an index removed meanwhile is not made again, empty, by SQLite.
        uri = f"{self.index_file.as_uri()}?mode=rw"
        return sqlite3.connect(uri, uri=True, timeout=timeout)


def digest(*parts: Any) -> str:
    """A digest of plain values (``plain`` ones: dates turned into data first)."""
    return hashlib.sha256(marshal.dumps(parts)).hexdigest()


def rows_digest(articles: Iterable[Article]) -> str:
    """A digest of the rows a structure is derived from, in order: each file's path and the
    digest of its bytes (or its error). Unchanged files give the same digest whether they
    were read or taken from the index."""
    hasher = hashlib.sha256()
    update = hasher.update
    for article in articles:
        mark = article.content_digest  # no Fingerprint made
        if mark is None:
            mark = f"!{article.error}"
        update(f"{article.path_text}\0{mark}\n".encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def plain(value: Any) -> Any:
    """``value`` (a YAML value) as plain data ``marshal`` keeps (dates as tuples)."""
    return _encode(value, [])


def unplain(value: Any) -> Any:
    """The YAML value ``plain`` gave ``value`` for."""
    return _decode(value)
