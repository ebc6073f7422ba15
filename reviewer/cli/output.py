"""Turning articles into rows, and rows into JSON, CSV or an aligned table.

Text from the files reaches the terminal escaped: the table and the CSV write control and
direction characters as ``\\x1b``, ``\\n``, ``\\u202e`` (``reviewer.core.safetext``), and
the JSON is ASCII, so every such character is a ``\\u`` escape there (and loads back as
itself: JSON is the exact form).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import math
import os
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from reviewer.core import Article, fields
from reviewer.core.article import heading
from reviewer.core.fields import Field, Kind
from reviewer.core.safetext import escape

_Plan = tuple[tuple[str, Callable[[Article], Any]], ...]


def _value(field: Field) -> Callable[[Article], Any]:
    """How ``list`` writes ``field`` of an article: JSON values, null for no value."""
    read = field.read
    if field.kind is Kind.DATE:
        return lambda article: _isoformat(read(article.data))
    if field.kind in (Kind.TEXT, Kind.CHOICE, Kind.LONG_TEXT, Kind.URL):
        return lambda article: read(article.data) or None
    if field.kind in (Kind.IMAGES, Kind.RELATED):
        return lambda article: to_jsonable(read(article.data))
    if field.kind is Kind.BOOL:  # published: Jekyll's reading, unknown for an unreadable file
        return lambda article: read(article.data) if article.error is None else None
    return lambda article: read(article.data)  # numbers and text lists as they are


def _as_written(field: Field) -> _Plan:
    """For a field whose value is read by a rule (``published``: Jekyll's), what the file
    writes: ``NAME_written`` (whether it has the key; null for an unreadable file) and
    ``NAME_value`` (the value as written, null when absent)."""
    if field.effective is None or field.output is None or len(field.path) != 1:
        return ()
    key = field.path[0]
    return (
        (f"{field.output.name}_written", lambda a: key in a.data if a.error is None else None),
        (f"{field.output.name}_value", lambda a: to_jsonable(a.data.get(key))),
    )


def _isoformat(when: dt.datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


_plan: tuple[tuple[Field, ...], _Plan] | None = None


def _row_plan() -> _Plan:
    """The registry's output fields with how each is written, made again when it changes."""
    global _plan
    if _plan is None or _plan[0] is not fields.FIELDS:
        written = tuple(
            entry
            for f in fields.outputs()
            if f.output
            for entry in ((f.output.name, _value(f)), *_as_written(f))
        )
        _plan = (fields.FIELDS, written)
    return _plan[1]


def names() -> tuple[str, ...]:
    """The fields of one ``list`` row, in output order: the path, the registry's output
    fields (``fields.Field.output``; ``published`` followed by ``published_written`` and
    ``published_value``), the error."""
    return ("path", *(name for name, _value in _row_plan()), "error")


#: The fields of one ``list`` row, in output order (``names()`` when this was imported).
FIELDS = names()

#: Deepest nesting and most values ``to_jsonable`` converts before giving up.
MAX_DEPTH = 100
MAX_NODES = 1_000_000


class NotJsonableError(ValueError):
    """A value is too deep or too large to write as JSON."""


def article_row(article: Article, folder: Path) -> dict[str, Any]:
    """The ``list`` row of ``article``: plain JSON values, path relative to ``folder``.

    Its ``title`` is the row's heading (``article.heading``): the title, else the ``name``
    (a profile's), else the file's name, so that every row of every collection is named;
    null only for a file that cannot be read.
    """
    row: dict[str, Any] = {"path": relative(article.path, folder)}
    for name, value in _row_plan():
        row[name] = value(article)
    if "title" in row and article.error is None:
        row["title"] = heading(article.data, article.path_text)
    row["error"] = article.error
    return row


#: The fields of a row the table shows, or needs for its marks and counts.
TABLE_FIELDS = frozenset(
    ("path", "title", "published", "published_value", "publishedDateTime", "provider", "error")
)


def row_maker(
    folder: Path, only: frozenset[str] | None = None
) -> Callable[[Article], dict[str, Any]]:
    """``article_row`` for many articles of ``folder``, made faster; with ``only``, rows of
    those fields alone (the others not worked out: ``TABLE_FIELDS`` for the table)."""
    relative_to = relative_maker(folder)
    plan = tuple((n, v, n == "title") for n, v in _row_plan() if only is None or n in only)

    def make(article: Article) -> dict[str, Any]:
        path = article.path_text  # no Path made per row
        error = article.error
        row: dict[str, Any] = {"path": relative_to(path)}
        for name, value, title in plan:
            row[name] = heading(article.data, path) if title and error is None else value(article)
        row["error"] = error
        return row

    return make


def relative(path: Path, folder: Path) -> str:
    """``path`` relative to ``folder`` with forward slashes (as given when outside it)."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def relative_maker(folder: Path) -> Callable[[Path | str], str]:
    """``relative(path, folder)`` for many paths, given as Paths or as their text
    (``Article.path_text``): the text after the folder's own, with no Path made (a path
    that is not plainly below it takes ``relative``'s way)."""
    prefix = os.path.join(os.fspath(folder), "")
    if os.sep != "/" or prefix == "/":
        return lambda path: relative(Path(path), folder)
    if prefix == "./":  # below ".", a path's text is its own relative path (as_posix)
        return _text
    start = len(prefix)

    def relative_to(path: Path | str) -> str:
        text = os.fspath(path)
        if text.startswith(prefix):  # a Path's text holds no "//" nor "/./"
            return text[start:]
        return relative(Path(path), folder)

    return relative_to


def _text(path: Path | str) -> str:
    return os.fspath(path)


def to_jsonable(value: Any) -> Any:
    """A copy of ``value`` made of JSON types only.

    Dates and times become ISO 8601 text, bytes (``!!binary``) base64 text, sets sorted
    lists, NaN and infinities text, and mapping keys text. Works without recursion and
    raises NotJsonableError past MAX_DEPTH levels or MAX_NODES values (a cycle hits one).
    """
    root: list[Any] = [None]
    # Each entry: the value to convert, the container to put it in, its slot, its depth.
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    nodes = 0
    while stack:
        item, parent, slot, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise NotJsonableError(f"more than {MAX_NODES:,} values")
        if isinstance(item, dict):
            children: Iterable[tuple[Any, Any]] = ((_key(k), v) for k, v in item.items())
            converted: Any = {}
        elif isinstance(item, (list, tuple, set, frozenset)):
            members = _sorted(item) if isinstance(item, (set, frozenset)) else item
            converted = [None] * len(members)
            children = enumerate(members)
        else:
            parent[slot] = _scalar(item)
            continue
        if depth >= MAX_DEPTH:
            raise NotJsonableError(f"nested more than {MAX_DEPTH} levels deep")
        parent[slot] = converted
        pending = []
        for key, child in children:
            if isinstance(converted, dict):
                converted[key] = None  # keeps the source order of keys
            pending.append((child, converted, key, depth + 1))
        stack.extend(reversed(pending))
    return root[0]


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    scalar = _scalar(key)
    return json.dumps(scalar) if isinstance(scalar, (bool, type(None))) else str(scalar)


def _sorted(members: set[Any] | frozenset[Any]) -> list[Any]:
    return sorted(members, key=lambda m: (type(m).__name__, str(m)))


def write_json(value: Any, out: IO[str]) -> None:
    """Write ``value`` (already jsonable) as indented JSON; ASCII so any console takes it.

    ASCII also keeps a file's control and direction characters (ESC, U+202E) off the
    terminal: json writes each as a ``\\u`` escape, and a reader gets the character back.
    """
    json.dump(value, out, indent=2, allow_nan=False)
    out.write("\n")


#: Rows written at once by the streaming writers (fewer, bigger writes).
CHUNK_ROWS = 500


def write_json_rows(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """Write the rows as ``write_json`` writes a list of them, byte for byte, as they come.

    Each value is encoded by the C encoder (``json.dumps`` without indentation, or the
    ASCII string encoder); a list or mapping value is indented as ``write_json`` would, and
    the rows go out CHUNK_ROWS at a time.
    """
    chunk: list[str] = []
    first = True
    for row in rows:
        chunk.append(("[\n  {" if first else ",\n  {") + ",".join(_json_members(row)) + "\n  }")
        first = False
        if len(chunk) >= CHUNK_ROWS:
            out.write("".join(chunk))
            chunk.clear()
    chunk.append("[]\n" if first else "\n]\n")
    out.write("".join(chunk))


_encode_text = json.encoder.encode_basestring_ascii  # the C one where there is one
_MEMBER_KEYS: dict[str, str] = {}


def _json_members(row: dict[str, Any]) -> Iterable[str]:
    """``"key": value`` of each member of a row, each after a line break and 4 spaces."""
    keys = _MEMBER_KEYS
    for key, value in row.items():
        start = keys.get(key)
        if start is None:
            start = keys[key] = f"\n    {_encode_text(key)}: "
        yield start + (_encode_text(value) if value.__class__ is str else _json_value(value, 2))


#: Containers nested deeper than this are left to json (which finds cycles).
_JSON_DEPTH = 32


def _json_value(value: Any, level: int) -> str:
    """``value`` as ``json.dump(..., indent=2, allow_nan=False)`` writes it ``level`` deep
    (its lines after the first indented by ``level`` steps): the same text, without the
    pure-Python encoder (slow, and it leaves reference cycles behind for the collector,
    which a folder's load pauses)."""
    cls = value.__class__
    if cls is str:
        return _encode_text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if cls is int:
        return int.__repr__(value)
    if cls is float and math.isfinite(value):
        return float.__repr__(value)
    if level < _JSON_DEPTH:
        if cls is list or cls is tuple:
            if not value:
                return "[]"
            inner = "\n" + "  " * (level + 1)
            items = ("," + inner).join([_json_value(item, level + 1) for item in value])
            return f"[{inner}{items}\n{'  ' * level}]"
        if cls is dict and all(key.__class__ is str for key in value):
            if not value:
                return "{}"
            inner = "\n" + "  " * (level + 1)
            members = ("," + inner).join(
                [f"{_encode_text(k)}: {_json_value(v, level + 1)}" for k, v in value.items()]
            )
            return f"{{{inner}{members}\n{'  ' * level}}}"
    # Anything else (NaN, which it refuses; keys to convert; subclasses): json itself.
    text = json.dumps(value, indent=2, allow_nan=False)
    return text.replace("\n", "\n" + "  " * level)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """Write the rows as CSV with a header; lists are joined with "; ".

    Control and direction characters are escaped (a tab or newline as ``\\t``, ``\\n``), so
    each row is one line and none reaches the terminal; ``--format json`` is the exact form.
    Rows are written as they come, CHUNK_ROWS at a time.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = names()
    writer.writerow(header)
    cell = _csv_cell
    for count, row in enumerate(rows, 1):
        # Printable ASCII text, most cells, is written as it is (``_csv_cell``'s answer).
        writer.writerow(
            [
                v if v.__class__ is str and v.isascii() and v.isprintable() else cell(v)
                for v in map(row.__getitem__, header)
            ]
        )
        if count % CHUNK_ROWS == 0:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())


def _csv_cell(value: Any) -> str:
    if value.__class__ is str:
        return escape(value) if not value.isascii() or not value.isprintable() else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return escape("; ".join(map(str, value)))
    return escape(str(value))


#: The table's header; PUB: yes, no, yes* ... or ERR.
_HEADER = ("PUB", "DATE", "TITLE", "PROVIDER", "PATH")


def write_table(rows: Iterable[dict[str, Any]], out: IO[str], width: int) -> None:
    """Write the rows as aligned columns fitting ``width`` characters where possible.

    The columns' widths need every row: the rows are kept as their five cells only (the
    title already on one line and escaped), then written CHUNK_ROWS lines at a time.
    """
    header = _HEADER
    cells: list[tuple[str, str, str, str, str]] = []
    keep = cells.append
    provider_width = len(header[3])
    path_width = len(header[4])
    published = errors = 0
    implicit = False
    one_line = _one_line
    for r in rows:
        mark = _mark(r)
        provider = r["provider"] or ""
        path = escape(r["path"])
        date = (r["publishedDateTime"] or "")[:10]
        keep((mark, one_line(date), one_line(_title(r)), one_line(provider), path))
        if provider_width < 20:  # the width of the provider as written, as before
            provider_width = max(provider_width, text_width(provider))
        path_width = max(path_width, text_width(path))
        published += r["published"] is True
        errors += r["error"] is not None
        implicit = implicit or mark.endswith("*")
    provider_width = min(20, provider_width)
    fixed = 4 + 2 + 10 + 2 + 2 + provider_width + 2
    title_width = max(24, min(60, width - fixed - min(path_width, 30)))
    widths = (4, 10, title_width, provider_width)
    lines = [_table_line(header, widths, clip)]
    for line in cells:
        lines.append(_table_line(line, widths, _clip_line))
        if len(lines) >= CHUNK_ROWS:
            out.write("".join(lines))
            lines.clear()
    note = f"; * {IMPLICIT}" if implicit else ""
    lines.append(f"{len(cells)} files, {published} published, {errors} with errors{note}\n")
    out.write("".join(lines))


def _table_line(
    line: tuple[str, ...], widths: tuple[int, ...], fit: Callable[[str, int], str]
) -> str:
    fitted = [pad(fit(text, w), w) for text, w in zip(line, widths, strict=False)]
    return "  ".join([*fitted, line[4]]).rstrip() + "\n"


#: What a ``*`` after yes or no says in the table.
IMPLICIT = "no true or false written: yes and no as Jekyll reads the file"


def _mark(row: dict[str, Any]) -> str:
    """yes or no, as Jekyll reads the file; a * when it does not write true or false."""
    if row["error"] is not None:
        return "ERR"
    mark = "yes" if row["published"] else "no"
    return mark if isinstance(row["published_value"], bool) else mark + "*"


def _title(row: dict[str, Any]) -> str:
    if row["error"] is not None:
        return f"({row['error']})"
    return str(row["title"] or "")


def char_width(char: str) -> int:
    """Columns a character takes in a terminal: 2 for wide East Asian, 0 for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (ASCII: one each)."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def clip(text: str, width: int) -> str:
    """``text`` on one line (control characters escaped), cut to ``width`` columns with an
    ellipsis when too long."""
    return _clip_line(_one_line(text), width)


def _one_line(text: str) -> str:
    """``text`` escaped, its runs of white space one space (``clip``'s first step)."""
    return " ".join(escape(text).split())


def _clip_line(text: str, width: int) -> str:
    """``clip`` of text already on one line (``_one_line``: escaping it again changes
    nothing)."""
    if text.isascii():
        return text if len(text) <= width else text[: max(0, width - 1)] + "…"
    if text_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        kept.append(char)
        used += char_width(char)
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns."""
    return text + " " * max(0, width - text_width(text))
