"""The index cache: what each file of a folder held when it was last parsed, on disk.

One SQLite file per folder (named by a hash of the folder's resolved path) in the user's
cache folder, holding a row per article file: its relative path, size, mtime_ns, inode,
ctime_ns and packed summary (size, mtime_ns, digest, error and summary, packed by ``packing``). A
folder opened again is stat'ed file by file and only new or changed files are parsed
(``loading.open_folder``): a file whose size, mtime_ns, inode or ctime_ns differ from its
row's.

The cache is never trusted blindly. Its ``meta`` table holds a stamp (schema, reviewer,
Python and PyYAML versions) and the folder's path: a cache with another stamp, a damaged
file or one that is not SQLite at all is deleted and rebuilt, and every SQLite or OS error
turns the cache off for the rest of the load instead of failing it. It only ever lists
articles: the detail pane and every save read the file itself.

The cache holds titles and more of files that may be private: its folder is 0700 and its
files 0600 (SQLite gives journals the database file's permissions), whatever the umask, and
a cache folder or file of the user's that others may read is made private when opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from reviewer import __version__
from reviewer.core.article import SUMMARY_SHAPE
from reviewer.core.folder.packing import Entry, Identity

#: Bump when the rows' meaning or the summary's packing changes (4: too deep or too big
#: files are errors; 5: the column "packed"; 6: booleans and nulls read as Jekyll reads them,
#: `fAlse` is false; 7: packed summaries hold the front matter's shape).
SCHEMA = 7
#: What a cache file must say it was made by to be used (the summary's shape too: a field
#: added to the registry's summaries rebuilds the caches).
STAMP = (
    f"schema {SCHEMA}; reviewer {__version__}; python {sys.version_info[0]}."
    f"{sys.version_info[1]}; pyyaml {yaml.__version__} libyaml {yaml.__with_libyaml__};"
    f" summary {SUMMARY_SHAPE}"
)
#: Cache file name ending.
SUFFIX = ".sqlite3"
#: The cache folder's permissions (and those of the parents it makes, as XDG asks) ...
DIRECTORY_MODE = 0o700
#: ... and its files'.
FILE_MODE = 0o600
#: Index files and the journals SQLite may leave beside them.
_JOURNALS = ("-journal", "-wal", "-shm")
#: A row's columns, as ``packing.Entry`` has them.
_ROW = "path, size, mtime_ns, ino, ctime_ns, packed"
#: Paths looked up per query (SQLite allows 999 parameters in old versions).
_MAX_PARAMETERS = 500

_CREATE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    packed BLOB NOT NULL
);
"""


def default_directory() -> Path:
    """Where caches go: $REVIEWER_CACHE_DIR, else the platform's user cache folder."""
    override = os.environ.get("REVIEWER_CACHE_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "reviewer" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "reviewer"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else home / ".cache"
    return base / "reviewer"


def folder_key(folder: Path) -> str:
    """The folder's resolved path, as the cache knows it."""
    return os.path.realpath(folder)


class IndexCache:
    """The cache folder, holding one index file per article folder."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()

    def path_for(self, folder: Path) -> Path:
        """The index file of ``folder``."""
        name = hashlib.sha256(folder_key(folder).encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / f"{name[:32]}{SUFFIX}"

    def open(self, folder: Path) -> FolderIndex:
        """The index of ``folder``: valid and possibly empty, or turned off (never raises)."""
        return FolderIndex(self.path_for(folder), folder_key(folder))

    def clear(self, folder: Path | None = None) -> None:
        """Remove ``folder``'s index, or every index (files in use are left to their owner)."""
        if folder is not None:
            remove_index(self.path_for(folder))
            return
        with contextlib.suppress(OSError):
            for path in self.directory.iterdir():
                if path.name.endswith(SUFFIX):
                    remove_index(path)


def storable(rel: str) -> bool:
    """True when SQLite text can hold the relative path ``rel`` (valid UTF-8)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def remove_index(path: Path) -> None:
    """Delete an index file with its WAL files (quietly: a file in use may stay)."""
    for name in (path, *(Path(f"{path}{journal}") for journal in _JOURNALS)):
        with contextlib.suppress(OSError):
            name.unlink()


def private_directory(path: Path) -> None:
    """Make the folder ``path`` and its missing parents, 0700; or make ``path``, when it is
    the user's, private (0700) if others had access to it. Raises OSError."""
    _make_directories(path)
    found = os.stat(path)
    if not stat.S_ISDIR(found.st_mode):
        raise NotADirectoryError(f"not a folder: {path}")
    _make_private(path, found, DIRECTORY_MODE)


def _make_directories(path: Path) -> None:
    try:
        os.mkdir(path, DIRECTORY_MODE)
    except FileExistsError:
        pass
    except FileNotFoundError:
        if path.parent == path:
            raise
        _make_directories(path.parent)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, DIRECTORY_MODE)


def private_file(path: Path) -> None:
    """Make the file ``path`` (empty, 0600) unless it exists; make it and its journals, when
    they are the user's, private (0600) if others had access to them. Raises OSError."""
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        _make_private(fd, os.fstat(fd), FILE_MODE)
    finally:
        os.close(fd)
    for journal in _JOURNALS:
        name = Path(f"{path}{journal}")
        with contextlib.suppress(FileNotFoundError):
            _make_private(name, os.stat(name), FILE_MODE)


def _make_private(path: Path | int, found: os.stat_result, mode: int) -> None:
    """chmod ``path`` (or an open file) to ``mode`` when it is the user's and its group or
    others have any access to it (on POSIX systems)."""
    if os.name != "posix" or not stat.S_IMODE(found.st_mode) & 0o077:
        return
    if found.st_uid == os.geteuid():
        os.chmod(path, mode)


class FolderIndex:
    """One folder's index file, open. Errors turn it off (``active`` False), never raise."""

    def __init__(self, path: Path, folder: str) -> None:
        self.path = path
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        #: Why the cache was rebuilt or turned off (for tests and diagnostics), else None.
        self.problem: str | None = None
        try:
            self._db = self._connect()
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    @property
    def active(self) -> bool:
        """False once an error turned the cache off."""
        return self._db is not None

    def _connect(self) -> sqlite3.Connection:
        private_directory(self.path.parent)
        if self.path.exists():
            try:
                db = self._attach()
                stamp, folder = self._meta(db, "stamp"), self._meta(db, "folder")
                if stamp == STAMP and folder == self.folder:
                    return db
                self.problem = f"made by {stamp!r} for {folder!r}: rebuilt"
                db.close()
            except sqlite3.Error as exc:
                self.problem = f"unreadable ({exc}): rebuilt"
            remove_index(self.path)
        db = self._attach()
        # Rows of about 1 KB: bigger pages read a folder's rows faster (measured: a third).
        db.execute("PRAGMA page_size=16384")
        with db:
            db.executescript(_CREATE)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)", [("stamp", STAMP), ("folder", self.folder)]
            )
        return db

    def _attach(self) -> sqlite3.Connection:
        private_file(self.path)  # before SQLite makes it, or a journal, with the umask's mode
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        try:
            # Measured: reading every row is 3x slower from a WAL database, and fsyncs make
            # a cold load's writes twice as slow. A cache needs no durability: a file a
            # crash damaged is found unreadable and rebuilt, lost rows are parsed again.
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA synchronous=OFF")
        except sqlite3.Error:
            db.close()
            raise
        return db

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        found = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else str(found[0])

    def _fail(self, exc: BaseException) -> None:
        """Turn the cache off; a damaged file is deleted so the next load rebuilds it."""
        self.problem = f"turned off ({exc})"
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        busy = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
        if isinstance(exc, sqlite3.Error) and not busy:
            remove_index(self.path)

    def packed_by_path(self) -> dict[str, bytes]:
        """Every file's packed summary by relative path ({} when off or damaged)."""
        return dict(self._query("SELECT path, packed FROM files", ()))

    def paths(self) -> set[str]:
        """The relative path of every file with a row."""
        return {path for (path,) in self._query("SELECT path FROM files", ())}

    def rowids(self) -> dict[str, int]:
        """Every row's SQLite rowid by relative path (for ``entries_at``)."""
        return dict(self._query("SELECT path, rowid FROM files", ()))

    def entries_at(self, rowids: Sequence[int]) -> dict[str, Entry]:
        """The rows with these rowids, by relative path: the lookups are several times
        cheaper than ``entries``' by path (measured: 16 against 75 ms for 20,000 rows). A
        row names its own path, so a rowid that another process gave to another file since
        ``rowids`` only misses."""
        found: dict[str, Entry] = {}
        for start in range(0, len(rowids), _MAX_PARAMETERS):
            part = rowids[start : start + _MAX_PARAMETERS]
            marks = ",".join("?" * len(part))
            sql = f"SELECT {_ROW} FROM files WHERE rowid IN ({marks})"
            found.update((row[0], row) for row in self._query(sql, part))
        return found

    def stats(self) -> dict[str, Identity]:
        """The size, mtime_ns, inode and ctime_ns of every file with a packed summary, by relative
        path."""
        rows = self._query("SELECT path, size, mtime_ns, ino, ctime_ns FROM files", ())
        return {row[0]: row[1:] for row in rows}

    def entries(self, rels: list[str]) -> dict[str, Entry]:
        """The rows of the files ``rels`` that have one, by relative path."""
        found: dict[str, Entry] = {}
        for start in range(0, len(rels), _MAX_PARAMETERS):
            part = rels[start : start + _MAX_PARAMETERS]
            marks = ",".join("?" * len(part))
            sql = f"SELECT {_ROW} FROM files WHERE path IN ({marks})"
            try:
                rows = self._query(sql, part)
            except UnicodeEncodeError:  # a name that is not UTF-8: never stored, see put
                part = [rel for rel in part if storable(rel)]
                marks = ",".join("?" * len(part))
                sql = f"SELECT {_ROW} FROM files WHERE path IN ({marks})"
                rows = self._query(sql, part)
            found.update((row[0], row) for row in rows)
        return found

    def _query(self, sql: str, parameters: Sequence[str | int]) -> list[Any]:
        """The rows of a query; [] when off or damaged (a damaged file is started again)."""
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, parameters).fetchall()
        except UnicodeEncodeError:
            raise  # a parameter's fault, not the file's
        except (sqlite3.Error, ValueError, TypeError) as exc:
            self._fail(exc)
            with contextlib.suppress(sqlite3.Error, OSError):
                self._db = self._connect()  # start again from an empty index
            return []

    def put(self, rows: Iterable[Entry]) -> None:
        """Store (or replace) rows by relative path."""
        if self._db is None:
            return
        values = list(rows)
        if not values:
            return
        try:
            try:
                self._insert(values)
            except UnicodeEncodeError:
                # A file name that is not UTF-8 (a Linux file system allows any bytes):
                # SQLite text cannot hold it, so that file is parsed on every load.
                self._insert([row for row in values if storable(row[0])])
        except sqlite3.Error as exc:
            self._fail(exc)

    def _insert(self, values: list[Entry]) -> None:
        assert self._db is not None
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", values)

    def remove(self, rels: Iterable[str]) -> None:
        """Forget the rows of files that are gone."""
        if self._db is None:
            return
        values = [(rel,) for rel in rels]
        if not values:
            return
        try:
            with self._transaction():
                self._db.executemany("DELETE FROM files WHERE path = ?", values)
        except sqlite3.Error as exc:
            self._fail(exc)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        assert self._db is not None
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
