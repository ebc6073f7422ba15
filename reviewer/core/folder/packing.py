"""Light articles as packed summaries: what the index cache stores and the loading pool returns.

An index *entry* keys a packed summary on the file's size, mtime_ns, inode number and ctime_ns, as
git's index does: ``cp -p``, ``tar -x`` or a rename can give a file another's size and
mtime, but not its inode and ctime (which only the system sets, to the time of any change).

A parsed file becomes a *packed summary*: one ``marshal`` blob of its size, mtime_ns, digest, error,
whether it has a front matter, whether it was "racy" (changed just before it was read, or
replaced around the read: checked by digest before it is trusted), its summary, and its
front matter's shape (``core/shape.py``: key paths and value types, packed on their own so
that files of one shape share one unpacked tuple).
``unpack`` turns a packed summary back into those values and ``article_of`` into a light Article.
marshal is several times faster to load than JSON or pickle and runs no code; datetimes and
dates, which it cannot hold, are written as ``(Ellipsis, kind, isoformat)`` tuples (YAML
never loads an Ellipsis, so no value from a file looks like one).

Light articles are what a window holds 100,000 of, so equal values are one object wherever
that is safe (summaries are never changed in place: ``Document`` copies what it edits):

- keys and short texts are interned, so 100,000 light articles share one "news", one
  "Microsoft" and one "publishedDateTime";
- equal long texts of one summary are one object (``webUrl`` is most often ``originalUrl``):
  marshal writes the second as a reference to the first;
- small mappings and lists of short texts (``provider``'s name and domain, ``topics``) are
  shared by every summary that holds an equal one (``SHARED_MAX`` distinct values at most).
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from reviewer.core.article import (
    MAX_SUMMARY_KEYS,
    Article,
    Fingerprint,
    digest,
    light,
    light_at,
    summarize,
)
from reviewer.core.errors import ArticleError
from reviewer.core.files import read_regular
from reviewer.core.shape import Shape, shape_of
from reviewer.core.shape import pack as pack_shape
from reviewer.core.shape import unpack as unpack_shape
from reviewer.core.store import read_article

#: Texts up to this long are interned when packed (provider names, topics, categories).
MAX_INTERNED = 40
#: A file modified this close to (or after) the moment it was read may change again within
#: the same mtime tick, unseen by size and mtime: its packed summary is checked by digest next time.
RACY_NS = 2_000_000_000
_VERSION = 4  # marshal format
_DATE, _DATETIME = 0, 1
_ATOMS = frozenset({type(None), bool, int, float, bytes})
#: Distinct small mappings and lists kept to be shared; past this many the table starts over
#: (values stay correct, only less is shared).
SHARED_MAX = 10_000
_SHARED: dict[tuple[Any, ...], Any] = {}


#: An index entry: relative path, size, mtime_ns, inode (``inode``), ctime_ns, packed summary.
Entry = tuple[str, int, int, int, int, bytes]
#: What an entry's packed summary holds true for: size, mtime_ns, inode and ctime_ns.
Identity = tuple[int, int, int, int]
_INT64 = 1 << 63


class Unpacked(NamedTuple):
    """A packed summary's values."""

    size: int
    mtime_ns: int
    digest: str
    error: str | None
    front: bool  # False: the file has no front matter (it is not listed)
    racy: bool
    data: dict[Any, Any]  # the summary ({} without front matter or with an error)
    shape: Shape | None  # the front matter's shape (None without front matter or with an error)


_new_tuple = tuple.__new__  # Unpacked without the keyword handling of its constructor


class UnpackError(ValueError):
    """Bytes that are not a packed summary (a damaged cache)."""


def inode(number: int) -> int:
    """An inode number as SQLite can hold it: a signed 64-bit integer (bigger ones wrap)."""
    if 0 <= number < _INT64:
        return number
    return (number + _INT64) % (2 * _INT64) - _INT64


def identity(stat: os.stat_result) -> Identity:
    """The size, mtime_ns, inode and ctime_ns of a file's stat, as a row holds them."""
    return stat.st_size, stat.st_mtime_ns, inode(stat.st_ino), stat.st_ctime_ns


def is_racy(mtime_ns: int, ctime_ns: int) -> bool:
    """True when a file changed so recently that it may change again unseen by its stat."""
    return max(mtime_ns, ctime_ns) >= time.time_ns() - RACY_NS


def pack(article: Article, racy: bool | None = None) -> bytes | None:
    """The packed summary of ``article`` (read in full); None for an unreadable file.

    ``racy`` None: racy when the fingerprint's mtime_ns is recent (see ``is_racy``).
    """
    fingerprint = article.fingerprint
    if fingerprint is None:
        return None
    flat: dict[Any, Any] = {}
    times: list[Any] = []  # top-level keys whose value is a date or datetime
    nested: list[bool] = []  # not empty when a date or datetime is nested, or is a key
    shared: list[Any] = []  # top-level keys whose value is a mapping or list to share
    texts: dict[str, str] = {}  # long texts, one object for equal ones
    shape = b""
    if article.error is None and article.has_front_matter:
        shape = pack_shape(shape_of(article.data))
        for key, value in summarize(article).items():
            kind = type(value)
            if kind is str:
                if len(value) <= MAX_INTERNED:
                    value = sys.intern(value)
                else:
                    value = texts.setdefault(value, value)
            elif (kind is dict or kind is list) and type(key) is str and _shareable(value):
                shared.append(key)
                value = _encode(value, nested)
            elif kind is dt.datetime or kind is dt.date:
                times.append(key)
                value = (Ellipsis, _DATETIME if kind is dt.datetime else _DATE, value.isoformat())
            elif kind not in _ATOMS:
                value = _encode(value, nested)
            flat[sys.intern(key) if type(key) is str else _encode(key, nested)] = value
    if racy is None:
        racy = is_racy(fingerprint.mtime_ns, 0)
    values = (
        fingerprint.size,
        fingerprint.mtime_ns,
        fingerprint.digest,
        article.error,
        article.has_front_matter,
        racy,
        flat,
        tuple(times),
        bool(nested),
        shape,
        tuple(shared),
    )
    try:
        return marshal.dumps(values, _VERSION)
    except ValueError:  # a value marshal cannot hold (none that YAML loads): not cached
        return None


def unpack(packed: bytes) -> Unpacked:
    """The values of ``packed``; UnpackError when it is damaged."""
    try:
        values = marshal.loads(packed)
        size, mtime_ns, hexdigest, error, front, racy, data, times, deep, packed_shape = values[:10]
        if type(data) is not dict or type(size) is not int or type(mtime_ns) is not int:
            raise UnpackError("not a packed summary")
        shape = unpack_shape(packed_shape) if packed_shape else None
        for key in times:
            marker, kind, text = data[key]
            if marker is not Ellipsis:
                raise UnpackError("not a packed date")
            data[key] = (dt.datetime if kind else dt.date).fromisoformat(text)
        if deep:
            data = _decode(data)
        if len(values) > 10:  # packed summaries made before sharing have no such keys
            _share(data, values[10])
        return _new_tuple(Unpacked, (size, mtime_ns, hexdigest, error, front, racy, data, shape))
    except (ValueError, TypeError, EOFError, KeyError, IndexError, OverflowError) as exc:
        raise UnpackError(f"damaged packed summary ({exc})") from None


def unracy(rel: str, packed: bytes, size: int, mtime_ns: int, ino: int, ctime_ns: int) -> Entry:
    """The entry of ``packed`` for the same bytes seen with a new stat (racy again only if
    still recent)."""
    values = list(marshal.loads(packed))
    values[0], values[1] = size, mtime_ns
    values[5] = is_racy(mtime_ns, ctime_ns)
    return rel, size, mtime_ns, ino, ctime_ns, marshal.dumps(tuple(values), _VERSION)


def article_of(values: Unpacked, path: Path | str) -> Article:
    """The light article of a packed summary's values, at ``path``: a Path, or its text as
    ``article.light_at`` takes it (the Path then made only when asked for)."""
    if isinstance(path, str):  # the Fingerprint made when asked for
        return light_at(path, values[:3], values.data, values.error, values.shape)
    fingerprint = Fingerprint(values.size, values.mtime_ns, values.digest)
    return Article(path, b"", fingerprint, values.data, None, values.error, False, values.shape)


def _shareable(value: dict[Any, Any] | list[Any]) -> bool:
    """True for a small mapping of texts to short texts, or a small list of short texts:
    values many summaries hold equal (a provider, a list of topics), shared once unpacked.

    Texts only: 1, 1.0 and True are equal, and a shared value must be the same."""
    items = value.values() if type(value) is dict else value
    return (
        len(value) <= MAX_SUMMARY_KEYS
        and all(type(item) is str and len(item) <= MAX_INTERNED for item in items)
        and (type(value) is list or all(type(key) is str for key in value))
    )


def _share(data: dict[Any, Any], keys: tuple[Any, ...]) -> None:
    """Replace the values of ``keys`` in ``data`` by the equal value unpacked before, if any."""
    shared = _SHARED
    if len(shared) > SHARED_MAX:
        shared.clear()
    for key in keys:
        value = data[key]
        if type(value) is dict:
            data[key] = shared.setdefault((True, *value.items()), value)
        elif type(value) is list:
            data[key] = shared.setdefault((False, *value), value)
        else:
            raise UnpackError("not a shared value")


def _encode(value: Any, nested: list[bool]) -> Any:
    """``value`` with short texts interned and dates as tuples (noted in ``nested``)."""
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= MAX_INTERNED else value
    if kind in _ATOMS:
        return value
    if kind is dict:
        return {_encode(k, nested): _encode(v, nested) for k, v in value.items()}
    if kind is list:
        return [_encode(v, nested) for v in value]
    if isinstance(value, dt.date):
        nested.append(True)
        kind_code = _DATETIME if isinstance(value, dt.datetime) else _DATE
        return (Ellipsis, kind_code, value.isoformat())
    if isinstance(value, (set, frozenset)):
        return kind(_encode(v, nested) for v in value)
    if isinstance(value, tuple):  # !!omap and !!pairs load as lists of tuples
        return tuple(_encode(v, nested) for v in value)
    if isinstance(value, str):  # a str subclass
        return _encode(str(value), nested)
    if isinstance(value, dict):
        return {_encode(k, nested): _encode(v, nested) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v, nested) for v in value]
    return value  # anything else: marshal refuses it and the file is not cached


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, tuple):
        if len(value) == 3 and value[0] is Ellipsis:
            kind = dt.datetime if value[1] == _DATETIME else dt.date
            return kind.fromisoformat(value[2])
        return tuple(_decode(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(_decode(v) for v in value)
    return value


def parse_files(files: list[tuple[str, str]]) -> list[Entry | Article]:
    """Read and parse ``(rel, path)`` files: an Entry for each, or a light Article for a file
    that cannot have a packed summary (unreadable: it is not cached).

    Runs in the loading pool's processes too: it takes and returns picklable values.

    The row's size and mtime_ns are those of the read (its fstat); its inode and ctime_ns
    come from a stat of the path taken after the read, and one before it must agree: else
    the file changed or was replaced around the read, and the row is marked racy (its
    packed is checked by digest before it is trusted), so that it never vouches for bytes
    it was not made from.
    """
    results: list[Entry | Article] = []
    for rel, name in files:
        before = _identity_of(name)
        article = read_article(Path(name))
        fingerprint = article.fingerprint
        after = _identity_of(name) if fingerprint is not None else None
        if fingerprint is None or after is None:
            racy = True
            ino = ctime_ns = 0
        else:
            size, mtime_ns, ino, ctime_ns = after
            same = size == fingerprint.size and mtime_ns == fingerprint.mtime_ns
            racy = before != after or not same or is_racy(fingerprint.mtime_ns, ctime_ns)
        packed = pack(article, racy)
        if packed is None or fingerprint is None:
            results.append(light(article))
        else:
            results.append((rel, fingerprint.size, fingerprint.mtime_ns, ino, ctime_ns, packed))
    return results


def _identity_of(name: str) -> Identity | None:
    try:
        return identity(os.stat(name))
    except OSError:
        return None


def check_file(name: str, expected: Unpacked) -> Identity | None:
    """The file's size, mtime_ns, inode and ctime_ns (those of the bytes read) when it
    still holds the bytes ``expected`` was made from (same digest); None when it does not
    or cannot be read (parse it again)."""
    try:
        raw, stat = read_regular(name)  # never a blocking open, never unbounded
    except (OSError, ArticleError):
        return None
    if len(raw) != expected.size or digest(raw) != expected.digest:
        return None
    return identity(stat)
