"""The shape of a front matter: its key paths and the types of their values, not the values.

A light article keeps only a summary of its front matter (``article.summarize``): nested keys
(``twitter.username``) and lists (``members``) are not in it. Its *shape* is what the schema
of a collection (``core/schema.py``) needs from every file and the summary lacks: which key
paths the file has and what type of value each holds. Shapes are small and most files of a
collection have one of a few, so ``shape_of`` interns them: 100,000 light articles of one
collection share a handful of shape tuples, and every path string once.

Key paths are tuples of keys, as everywhere (``("twitter", "username")``). The keys of the
mappings in a list of mappings (``actions: [{url, type}]``) get the list's path followed by
their key, ``("actions", "url")``, marked as *listed*: a search names them ``actions.url``
(``query.records.lookup`` reaches through lists the same way).

The walk is bounded as ``query.records.leaves`` is: at most MAX_NODES values per file, and a
list's type is read from its first LIST_SAMPLE items, so a huge or alias-expanded value
costs no more than a small one.
"""

from __future__ import annotations

import datetime as dt
import marshal
import re
import sys
from collections.abc import Mapping
from typing import Any

from reviewer.core.links import MAX_URL_LENGTH

#: A key path: ("twitter", "username").
KeyPath = tuple[str, ...]
#: One entry of a shape: a key path, the type of its value (one of TYPES), and whether it
#: is a key of the mappings in a list of mappings (``actions.url``).
ShapeEntry = tuple[KeyPath, str, bool]
#: A file's shape: its entries in file order (depth first), each once.
Shape = tuple[ShapeEntry, ...]

# The value types. Text is told apart by what the schema needs to choose a field's kind, so
# that a light article's shape says it without the value: long text and addresses.
TEXT = "text"  # one line of at most LONG_TEXT characters
LONG_TEXT = "long text"  # longer, or several lines
URL = "url"  # text that looks like an http(s) address (see ``text_type``)
NUMBER = "number"  # an int or float, never a bool
BOOL = "bool"
DATE = "date"
DATETIME = "datetime"
NULL = "null"
MAPPING = "mapping"
TEXT_LIST = "list of text"  # a non-empty list whose items are all text
MAPPINGS = "list of mappings"  # a non-empty list whose items are all mappings
LIST = "list"  # an empty list, or one of other or mixed items
OTHER = "other"  # bytes (!!binary), sets (!!set), ...
#: Every value type, and the text types among them.
TYPES = frozenset(
    {TEXT, LONG_TEXT, URL, NUMBER, BOOL, DATE, DATETIME, NULL, MAPPING, TEXT_LIST, MAPPINGS}
    | {LIST, OTHER}
)
TEXT_TYPES = frozenset({TEXT, LONG_TEXT, URL})

#: Text longer than this (or of several lines) is long text: an excerpt or a bio, not a name.
LONG_TEXT_CHARS = 160
#: At most this many values of one file are walked (as ``query.records.MAX_NODES``).
MAX_NODES = 10_000
#: Mappings nested deeper than this are not walked (the loader refuses 100 levels).
MAX_DEPTH = 100
#: A list's type is read from its first items.
LIST_SAMPLE = 50
#: How shapes are made, for the index cache's stamp (``article.SUMMARY_SHAPE``): a change
#: to a rule above rebuilds the caches. Bump the first number when a rule changes in code.
SHAPE_RULES = (2, LONG_TEXT_CHARS, MAX_NODES, MAX_DEPTH, LIST_SAMPLE, MAX_URL_LENGTH)
#: Shapes and entries kept for sharing; past this many, new ones are not shared (still right).
MAX_SHARED = 8192

_SHAPES: dict[Shape, Shape] = {}
_ENTRIES: dict[ShapeEntry, ShapeEntry] = {}
_PACKED: dict[bytes, Shape] = {}
_END: Any = object()
_ADDRESS = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)


def value_type(value: Any) -> str:
    """The type of a front-matter value, one of TYPES."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, str):
        return text_type(value)
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, dt.datetime):
        return DATETIME
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, dict):
        return MAPPING
    if isinstance(value, list):
        return _list_type(value)
    return OTHER


def text_type(text: str) -> str:
    """TEXT, LONG_TEXT or URL.

    URL is text that looks like an http(s) address: a scheme, a host without a user name,
    no spaces. It chooses a field's kind; ``links.url_problem`` (too slow to run on every
    value of every file) still decides what is opened, and ``Field.problem`` what is valid.
    """
    if len(text) <= MAX_URL_LENGTH and _ADDRESS.fullmatch(text):
        return URL
    if len(text) > LONG_TEXT_CHARS or "\n" in text:
        return LONG_TEXT
    return TEXT


def _list_type(items: list[Any]) -> str:
    sample = items[:LIST_SAMPLE]
    if not sample:
        return LIST
    if all(isinstance(item, str) for item in sample):
        return TEXT_LIST
    if all(isinstance(item, dict) for item in sample):
        return MAPPINGS
    return LIST


def nodes(data: Mapping[Any, Any]) -> list[tuple[KeyPath, Any, bool]]:
    """Each value below ``data``'s keys, with its key path and whether it is listed (a key
    of the mappings in a list), depth first in file order; at most MAX_NODES keys and list
    items visited, MAX_DEPTH mappings deep.

    Nested mappings are walked, and so are the mappings of a list whose first item is one;
    other lists are values. Keys that are not text (``1:``) are named by their text.
    """
    found: list[tuple[KeyPath, Any, bool]] = []
    _walk(data, (), False, found, [MAX_NODES], 0)
    return found


def _walk(
    mapping: Mapping[Any, Any],
    prefix: KeyPath,
    listed: bool,
    found: list[tuple[KeyPath, Any, bool]],
    budget: list[int],
    depth: int,
) -> None:
    """``nodes`` of one mapping (recursive: MAX_DEPTH bounds it; a plain loop is several
    times faster than an explicit stack here, and shapes are made for every file read)."""
    for key, value in mapping.items():
        budget[0] -= 1
        if budget[0] < 0:
            return
        path = (*prefix, key if isinstance(key, str) else str(key))
        found.append((path, value, listed))
        if depth >= MAX_DEPTH:
            continue
        if isinstance(value, dict):
            _walk(value, path, listed, found, budget, depth + 1)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                budget[0] -= 1
                if budget[0] < 0:
                    return
                if isinstance(item, dict):
                    _walk(item, path, True, found, budget, depth + 1)


def shape_of(data: Mapping[Any, Any]) -> Shape:
    """The shape of a front matter's ``data``: each (key path, value type, listed) once, in
    file order. Shared: equal shapes are one object, and so are equal entries."""
    seen: dict[ShapeEntry, None] = {}
    for path, value, listed in nodes(data):
        seen[(path, value_type(value), listed)] = None
    return shared(tuple(seen))


def shared(shape: Shape) -> Shape:
    """``shape`` as the one object of all equal shapes (its entries and keys shared too);
    ``packing.unpack`` passes each shape it reads through this."""
    found = _SHAPES.get(shape)
    if found is not None:
        return found
    if len(_SHAPES) >= MAX_SHARED:
        return shape
    entries = tuple(_entry(entry) for entry in shape)
    _SHAPES[entries] = entries
    return entries


def _entry(entry: ShapeEntry) -> ShapeEntry:
    found = _ENTRIES.get(entry)
    if found is not None:
        return found
    path, kind, listed = entry
    entry = (tuple(sys.intern(key) for key in path), sys.intern(kind), listed)
    if len(_ENTRIES) < MAX_SHARED:
        _ENTRIES[entry] = entry
    return entry


def pack(shape: Shape) -> bytes:
    """``shape`` as bytes, for the index cache's packed summaries (``folder/packing.py``)."""
    return marshal.dumps(shape, 4)


def unpack(packed: bytes) -> Shape:
    """The shape ``pack`` made ``packed`` of, shared; ValueError for bytes that are not one.

    Looked up by its bytes first: hashing them is cheaper than hashing the tuple, and the
    files of a collection have few shapes, so most are found without being loaded.
    """
    found = _PACKED.get(packed)
    if found is not None:
        return found
    try:
        shape = marshal.loads(packed)
    except (EOFError, TypeError) as exc:
        raise ValueError(f"not a packed shape ({exc})") from None
    if not _is_shape(shape):
        raise ValueError("not a packed shape")
    shape = shared(shape)
    if len(_PACKED) < MAX_SHARED:
        _PACKED[packed] = shape
    return shape


def _is_shape(value: Any) -> bool:
    return type(value) is tuple and all(
        type(entry) is tuple
        and len(entry) == 3
        and type(entry[0]) is tuple
        and all(type(key) is str for key in entry[0])
        and entry[1] in TYPES
        and type(entry[2]) is bool
        for entry in value
    )
