"""The known front-matter fields, each declared once: what it is and where it shows.

``FIELDS`` is the registry. Each ``Field`` says its key path, label and kind, whether the
app may edit it, and whether and how it is a table column, a sidebar facet, a search field
and a column of ``reviewer list``'s output. The table, the detail pane's Fields tab, the
search completion, the sidebar, the CLI output and the summaries kept for the listing are
all built from it, so adding a field is one more ``Field`` here.

The orders differ between places (the table's columns, the sidebar's groups and the
output's columns each have their own), so each place's position is declared with the field.
A column's position is also what saved views and the table header's saved state remember:
give a new column the next free number, never an old one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from reviewer.core.dates import to_datetime
from reviewer.core.frontmatter.values import MISSING

#: A path of keys into nested mappings: ``("provider", "name")``.
KeyPath = tuple[str, ...]


class Kind(Enum):
    """What a field holds, which says how it is read, shown, edited, sorted and checked."""

    TEXT = "text"  # one line of text
    CHOICE = "choice"  # one line of text, offered from the values the folder uses
    LONG_TEXT = "long text"  # text of a few lines
    BOOL = "bool"  # true or false
    INT = "int"  # a number: the editor takes whole numbers, a float is valid too
    DATE = "date"  # a date, or a date and time
    URL = "url"  # an http(s) address
    TEXT_LIST = "text list"  # a list of words (topics)
    IMAGES = "images"  # a list of image mappings (url, width, height, isCached): shown only
    RELATED = "related"  # a list of related-story mappings (title, provider, date): shown only


class Sort(Enum):
    """How a table column sorts."""

    FLAG = "flag"  # no value, then false, then true
    NUMBER = "number"  # no value first
    DATE = "date"  # chronologically, no date first
    TEXT = "text"  # by the text shown, ignoring case


#: How each kind sorts as a column.
SORT_OF_KIND = {
    Kind.BOOL: Sort.FLAG,
    Kind.INT: Sort.NUMBER,
    Kind.DATE: Sort.DATE,
}


@dataclass(frozen=True, slots=True)
class TableColumn:
    """How a field shows as a column of the article table."""

    #: The column's name in the app (its ``Column`` member): "TITLE".
    name: str
    #: Its place, counting from 0; saved views and header states keep it: never reuse one.
    position: int
    header: str
    tip: str = ""
    #: Its default width in pixels, and whether it starts hidden.
    width: int = 100
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Facet:
    """How a field shows as a group of the sidebar: its values (years, for a date) counted."""

    title: str
    #: Its place among the groups, counting from 0.
    order: int
    #: Whether the group starts open.
    expanded: bool = False


@dataclass(frozen=True, slots=True)
class Output:
    """How a field shows in ``reviewer list``'s output (after ``path``, before ``error``)."""

    #: The JSON key and CSV column name.
    name: str
    #: Its place among the fields written, counting from 0.
    order: int


@dataclass(frozen=True, slots=True)
class Field:
    """One known front-matter field."""

    path: KeyPath
    label: str
    kind: Kind
    #: What the field is for, one line (the detail pane's tooltip).
    tip: str = ""
    #: Never edited in the app (it may still be shown).
    protected: bool = False
    #: Shown on the detail pane's Fields tab (else under Other fields, untouched).
    form: bool = True
    #: Kept in the light articles the listing holds (``article.summarize``).
    summary: bool = True
    column: TableColumn | None = None
    facet: Facet | None = None
    #: Its name in searches and their completion ("date" for publishedDateTime).
    search: str | None = None
    output: Output | None = None
    #: How the field is read when what counts is not the value as written: ``published``
    #: is Jekyll's reading of it (``published()``). None: as its kind reads it.
    effective: Callable[[Mapping[str, Any]], Any] | None = field(
        default=None, repr=False, compare=False
    )
    #: ``read(data)``: the field's value in a front matter, typed by kind (see ``reader``),
    #: or its ``effective`` value.
    read: Callable[[Mapping[str, Any]], Any] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "read", self.effective or reader(self.kind, self.path))

    @property
    def name(self) -> str:
        """The dotted key: "provider.name"."""
        return ".".join(self.path)

    @property
    def editable(self) -> bool:
        """True when the Fields tab edits it."""
        return self.form and not self.protected

    @property
    def sort(self) -> Sort:
        """How its table column sorts."""
        return SORT_OF_KIND.get(self.kind, Sort.TEXT)

    def problem(self, value: Any) -> str | None:
        """Why ``value`` does not fit this field, in one sentence, or None when it does.

        Null (None) is no value and fits every field.
        """
        if value is None:
            return None
        expected = _CHECKS[self.kind](value)
        if expected is None:
            return None
        return f"{self.name} must be {expected}, not {describe(value)}."


def reader(kind: Kind, path: KeyPath) -> Callable[[Mapping[str, Any]], Any]:
    """The function that reads a field of ``kind`` at ``path`` from a front matter's data.

    Text kinds give the text ("" when missing or not text), BOOL True, False or None, INT an
    int or None (never a bool), DATE a datetime or None (a date is midnight, text is read by
    dateutil), TEXT_LIST the items that are text or numbers, as text, and IMAGES and
    RELATED the items that are mappings. A nested path through a value that is not a
    mapping reads as missing.
    """
    typed = _TYPED[kind]
    if len(path) == 1:
        key = path[0]
        return lambda data: typed(data.get(key))

    def read(data: Mapping[str, Any]) -> Any:
        value: Any = data
        for key in path:
            if not isinstance(value, dict):
                return typed(None)
            value = value.get(key)
        return typed(value)

    return read


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _words(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(t) for t in value if isinstance(t, (str, int, float)) and not isinstance(t, bool)]


def _mappings(value: Any) -> list[dict[str, Any]]:
    return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []


_TYPED: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: _text,
    Kind.CHOICE: _text,
    Kind.LONG_TEXT: _text,
    Kind.URL: _text,
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.DATE: to_datetime,
    Kind.TEXT_LIST: _words,
    Kind.IMAGES: _mappings,
    Kind.RELATED: _mappings,
}


# -- Jekyll's reading of published

#: The key whose value says whether Jekyll renders a file.
PUBLISHED = "published"


def publishes(value: Any) -> bool:
    """Whether Jekyll renders a file whose ``published`` is ``value`` (``MISSING`` for a
    file without the key): unless it is false or null.

    Jekyll 4 renders a file unless ``data.fetch("published", true)`` is false or nil, Ruby's
    two false values: a file without the key is published, and so is one with any other
    value, the text ``'false'``, a list or the number 0 included. Booleans and nulls are
    read as Jekyll's YAML library (Ruby's Psych) reads them: ``no``, ``off`` and ``FaLsE``
    are false, ``n`` is text (the loader does the same: ``frontmatter/yamlio``).
    """
    return value is not False and value is not None


def published(data: Mapping[str, Any]) -> bool:
    """Whether Jekyll renders a file with the front matter ``data`` (see ``publishes``)."""
    return publishes(data.get(PUBLISHED, MISSING))


def published_state(value: Any) -> str:
    """What Jekyll does with a file whose ``published`` is ``value`` (``MISSING`` when it
    has none), in one sentence: "Published: the file has no published key, ...".
    """
    if value is True or value is False:
        return f"{'Published' if value else 'Not published'} (published: {str(value).lower()})."
    if value is MISSING:
        return "Published: the file has no published key, and Jekyll publishes such a file."
    if value is None:
        return "Not published: published is empty (null), which Jekyll reads as false."
    return (
        f"Published: published is {describe(value)}, and Jekyll publishes any value but"
        " false or null."
    )


def published_problem(data: Mapping[str, Any]) -> str | None:
    """Why the ``published`` value of the front matter ``data`` is a trap, or None when it
    is true, false or not written: any other value is read by Jekyll's rule
    (``publishes``), which is seldom what the writer meant."""
    if PUBLISHED not in data or isinstance(data[PUBLISHED], bool):
        return None
    value = data[PUBLISHED]
    if value is None:
        return "published is empty (null): Jekyll hides the file as if it were false; write false."
    return (
        f"published is {describe(value)}: Jekyll publishes the file (only false or null hides"
        " one); write true or false."
    )


# -- validation: each check gives what is expected, or None when the value fits


def _expect_text(value: Any) -> str | None:
    return None if isinstance(value, str) else "text"


def _expect_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def _expect_number(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None if math.isfinite(value) else "a finite number"
    return "a number"


_DATE_EXPECTED = "a date, or a date and time with its offset (2021-09-20T16:44:00+00:00)"


def _expect_date(value: Any) -> str | None:
    if isinstance(value, dt.date):  # a datetime is a date
        return None
    if isinstance(value, str):
        when = to_datetime(value)
        if when is not None and when.utcoffset() is not None:
            return None
    return _DATE_EXPECTED


def _expect_url(value: Any) -> str | None:
    expected = "an http:// or https:// address"
    if not isinstance(value, str):
        return expected
    if not value:  # a cleared address field
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return expected
    if parts.scheme.lower() not in ("http", "https") or not host or value != value.strip():
        return expected
    return None


def _expect_words(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return None
    return "a list of text"


def _expect_mappings(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return None
    return "a list of mappings"


_CHECKS: dict[Kind, Callable[[Any], str | None]] = {
    Kind.TEXT: _expect_text,
    Kind.CHOICE: _expect_text,
    Kind.LONG_TEXT: _expect_text,
    Kind.URL: _expect_url,
    Kind.BOOL: _expect_bool,
    Kind.INT: _expect_number,
    Kind.DATE: _expect_date,
    Kind.TEXT_LIST: _expect_words,
    Kind.IMAGES: _expect_mappings,
    Kind.RELATED: _expect_mappings,
}

#: Text longer than this is cut in ``describe``.
_SHOWN_TEXT = 40


def describe(value: Any) -> str:
    """A value in a few words, for a message: "the text 'high'", "the number 3", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_TEXT else value[: _SHOWN_TEXT - 1] + "…"
        return f"the text {shown!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.datetime):
        return f"the time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of type {type(value).__name__}"


# -- the registry

FIELDS: tuple[Field, ...] = (
    Field(
        ("published",),
        "Published",
        Kind.BOOL,
        "Whether the site shows this article",
        column=TableColumn(
            "PUBLISHED",
            0,
            "Published",
            "Whether the site shows the item: unless published is false (or null), as Jekyll"
            " reads it; * marks a file that does not write true or false",
            width=44,
        ),
        output=Output("published", 1),
        effective=published,
    ),
    Field(
        ("title",),
        "Title",
        Kind.TEXT,
        "The headline shown on the site",
        column=TableColumn("TITLE", 1, "Title", width=360),
        search="title",
        output=Output("title", 0),
    ),
    Field(
        ("excerpt",),
        "Excerpt",
        Kind.LONG_TEXT,
        "The short summary shown under the title",
        search="excerpt",
    ),
    Field(
        ("category",),
        "Category",
        Kind.CHOICE,
        "The site section of the article",
        column=TableColumn("CATEGORY", 3, "Category"),
        facet=Facet("Categories", 0, expanded=True),
        search="category",
        output=Output("category", 3),
    ),
    Field(
        ("type",),
        "Type",
        Kind.CHOICE,
        "The kind of item: article, video, …",
        column=TableColumn("TYPE", 8, "Type", hidden=True),
        facet=Facet("Types", 3, expanded=True),
        search="type",
        output=Output("type", 8),
    ),
    Field(
        ("publishedDateTime",),
        "Date",
        Kind.DATE,
        "When the article was published, in the file's own time zone",
        column=TableColumn(
            "DATE",
            2,
            "Date",
            "publishedDateTime as the file writes it (hover: its offset)",
            width=130,
        ),
        facet=Facet("Years", 4, expanded=True),
        search="date",
        output=Output("publishedDateTime", 2),
    ),
    Field(
        ("quality",),
        "Quality",
        Kind.INT,
        "The editorial quality score",
        column=TableColumn("QUALITY", 6, "Quality", "Quality score from the feed"),
        search="quality",
        output=Output("quality", 6),
    ),
    Field(
        ("heat",),
        "Heat",
        Kind.INT,
        "How much attention the story gets",
        column=TableColumn("HEAT", 7, "Heat", "Heat score from the feed", hidden=True),
        search="heat",
        output=Output("heat", 7),
    ),
    Field(("originalUrl",), "Original URL", Kind.URL, "The original story", search="originalUrl"),
    Field(("webUrl",), "Web URL", Kind.URL, "The address the site links to", search="webUrl"),
    Field(
        ("provider", "name"),
        "Provider name",
        Kind.TEXT,
        "Who published the original story",
        column=TableColumn("PROVIDER", 4, "Provider"),
        facet=Facet("Providers", 2),
        search="provider.name",
        output=Output("provider", 4),
    ),
    Field(
        ("provider", "domain"),
        "Provider domain",
        Kind.TEXT,
        "The provider's web domain: example.org",
        search="provider.domain",
    ),
    Field(
        ("topics",),
        "Topics",
        Kind.TEXT_LIST,
        "The article's topics, in order",
        column=TableColumn("TOPICS", 5, "Topics", width=160),
        facet=Facet("Topics", 1),
        search="topics",
        output=Output("topics", 5),
    ),
    Field(("images",), "Images", Kind.IMAGES, "The article's pictures (read-only)", protected=True),
    Field(
        ("related",),
        "Related",
        Kind.RELATED,
        "Related stories (read-only)",
        protected=True,
        summary=False,
    ),
    Field(
        ("secured",),
        "Secured",
        Kind.TEXT,
        "The opaque signature the site checks; shown, never changed",
        protected=True,
        form=False,
        summary=False,
    ),
)


# -- lookups: each reads FIELDS when called (callers on hot paths keep what they need)


def by_key(key: str | KeyPath) -> Field:
    """The field at ``key``: a key path or a dotted name. KeyError when there is none."""
    found = find(key)
    if found is None:
        raise KeyError(key)
    return found


def find(key: str | KeyPath) -> Field | None:
    """The field at ``key`` (a key path or a dotted name), or None."""
    path = tuple(key.split(".")) if isinstance(key, str) else tuple(key)
    return next((f for f in FIELDS if f.path == path), None)


def problems(data: Mapping[str, Any]) -> list[str]:
    """Why each known field's value in a front matter's ``data`` does not fit it, in
    registry order ([] when all fit; a field the data lacks fits)."""
    found = []
    for f in FIELDS:
        value: Any = data
        for key in f.path:
            value = value.get(key) if isinstance(value, dict) else None
        problem = f.problem(value)
        if problem is not None:
            found.append(problem)
    return found


def value_problem(path: KeyPath, value: Any) -> str | None:
    """Why ``value`` cannot be written at ``path``: it does not fit the known field there;
    None for a fitting value, a removal (``MISSING``) or an unknown key."""
    field = find(path)
    if field is None or value is MISSING:
        return None
    return field.problem(value)


def columns() -> tuple[Field, ...]:
    """The fields that are table columns, by position."""
    return tuple(sorted((f for f in FIELDS if f.column), key=lambda f: _column(f).position))


def facets() -> tuple[Field, ...]:
    """The fields that are sidebar facets, in the sidebar's order."""
    return tuple(sorted((f for f in FIELDS if f.facet), key=lambda f: _facet(f).order))


def outputs() -> tuple[Field, ...]:
    """The fields ``reviewer list`` writes, in its order."""
    return tuple(sorted((f for f in FIELDS if f.output), key=lambda f: _output(f).order))


def form() -> tuple[Field, ...]:
    """The fields of the detail pane's Fields tab, in order (some only shown)."""
    return tuple(f for f in FIELDS if f.form)


def editable() -> tuple[Field, ...]:
    """The fields the app edits, in the Fields tab's order."""
    return tuple(f for f in FIELDS if f.editable)


def search_names() -> tuple[str, ...]:
    """The field names offered in search completion, in registry order."""
    return tuple(f.search for f in FIELDS if f.search)


def summary_fields() -> tuple[Field, ...]:
    """The fields light articles keep."""
    return tuple(f for f in FIELDS if f.summary)


def _column(f: Field) -> TableColumn:
    assert f.column is not None
    return f.column


def _facet(f: Field) -> Facet:
    assert f.facet is not None
    return f.facet


def _output(f: Field) -> Output:
    assert f.output is not None
    return f.output
