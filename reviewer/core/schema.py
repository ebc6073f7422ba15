"""A collection's fields, inferred from its files' front matters: its *schema*.

A Jekyll site's collections have different shapes: news items have a title, a provider and
topics; profiles (``_people``) a name, a bio and ``twitter.username``; communities a list of
members. The field registry (``core/fields.py``) knows the news fields only. ``infer`` (or a
``SchemaBuilder`` fed file by file) looks at every key path of a collection's front matters
and says, per path, how many files have it, with which value types, a few examples, how many
distinct values, and which ``fields.Kind`` fits it. ``Schema.fields()`` turns that into the
collection's fields: the registry's known fields the collection uses, as they are, and a
derived ``Field`` for each other path worth showing, with a table column and, for a path of
few values, a facet.

Light articles hold summaries, not whole front matters: their ``shape`` (``core/shape.py``)
gives every path and type exactly; examples and distinct values come from what the summary
holds (its short top-level scalars and the registry's fields), so a nested or long value
has no examples and is never a choice when inferred from light articles.

Memory stays bounded however many files are added: at most MAX_PATHS paths, MAX_EXAMPLES
examples and MAX_DISTINCT distinct values per path; work per file is bounded by the walk of
``shape.nodes`` and at most MAX_CHARS characters of values looked at.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reviewer.core import fields, shape
from reviewer.core.fields import Facet, Field, Kind, TableColumn
from reviewer.core.query.records import MAX_CHARS, as_text
from reviewer.core.shape import KeyPath, Shape

if TYPE_CHECKING:
    from reviewer.core.article import Article

#: Paths a schema keeps; keys past this many are not counted (``Schema.truncated``).
MAX_PATHS = 500
#: Examples kept per path, each cut to EXAMPLE_CHARS characters.
MAX_EXAMPLES = 5
EXAMPLE_CHARS = 40
#: Distinct values counted per path: more than this is "many" (``PathInfo.distinct``).
MAX_DISTINCT = 64
#: Text values are told apart by their first this many characters.
DISTINCT_CHARS = 100
#: Items of one text list looked at.
MAX_LIST_ITEMS = 100
#: Text of at most this many distinct values, each used twice on average, is a choice.
MAX_CHOICES = 12
#: A text list of at most this many distinct words (used twice on average) is a facet.
MAX_FACET_WORDS = 50
#: A derived column is shown when at least this share of the files has its field.
SHOWN_SHARE = 0.5
#: Derived columns' positions start here (0..10 are the table's fixed columns).
FIRST_POSITION = 100
#: Shapes held before their counts are added to the paths' (files mostly share a few).
_MAX_PENDING = 256
#: Keys never given a derived field.
_NOT_SHOWN = frozenset({"secured"})
_WIDTHS = {Kind.BOOL: 44, Kind.INT: 64, Kind.DATE: 130, Kind.LONG_TEXT: 240}


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a collection's files hold at one key path."""

    path: KeyPath
    #: Files that have the path, and their share of the collection's files.
    files: int
    share: float
    #: Each value type (``shape.TYPES``) with the number of files that have it, most first.
    types: tuple[tuple[str, int], ...]
    #: A few distinct values as short text, in the order first seen.
    examples: tuple[str, ...]
    #: Distinct values (of a text list: distinct items) among those seen, at most
    #: MAX_DISTINCT (which means "that many or more"); None when no value was seen (a light
    #: article's summary lacks nested and long values).
    distinct: int | None
    #: How many files gave values (text lists: items) to count, and how many values.
    valued: int
    values: int
    #: A key of the mappings in a list (``actions.url``): shown only, never a field.
    listed: bool
    #: The kind of field that fits, None when shown only (mappings, lists of mappings
    #: without a url, nulls).
    kind: Kind | None

    @property
    def name(self) -> str:
        """The dotted name, as searches write it: "twitter.username", "actions.url"."""
        return ".".join(self.path)

    @property
    def type(self) -> str:
        """The most common value type."""
        return self.types[0][0] if self.types else shape.NULL


@dataclass(frozen=True, slots=True)
class Schema:
    """The key paths of a collection's files, in the order they first appear."""

    #: The files looked at (unreadable ones are not counted).
    files: int
    paths: tuple[PathInfo, ...]
    #: True when paths past MAX_PATHS were not counted.
    truncated: bool = False

    def get(self, key: str | KeyPath) -> PathInfo | None:
        """The path ``key`` names (a key path or a dotted name), or None."""
        path = tuple(key.split(".")) if isinstance(key, str) else tuple(key)
        return next((info for info in self.paths if info.path == path), None)

    def fields(self) -> tuple[Field, ...]:
        """The collection's fields, in order of first appearance: the registry's fields it
        uses, as they are, and a derived field for each other path worth showing (a scalar
        or text list, nested or not, not listed, not ``secured``; see ``derived``)."""
        known = {f.path: f for f in fields.FIELDS}
        taken = {name.casefold() for name in fields.search_names()}
        derived_paths = [
            info for info in self.paths if info.path not in known and _worth_showing(info)
        ]
        positions = column_positions(info.name for info in derived_paths)
        facet_order = _facet_orders(derived_paths)
        found: list[Field] = []
        for info in self.paths:
            field = known.get(info.path)
            if field is not None:
                found.append(field)
            elif _worth_showing(info):
                found.append(
                    derived(
                        info,
                        self.files,
                        positions[info.name],
                        facet_order.get(info.name),
                        search=info.name.casefold() not in taken,
                    )
                )
        return tuple(found)

    def facets(self) -> tuple[Field, ...]:
        """The fields of ``fields()`` that are sidebar facets: the registry's the collection
        uses, then derived ones of few values (choices, booleans, text lists), by share."""
        return tuple(sorted((f for f in self.fields() if f.facet), key=lambda f: _order(f.facet)))

    def search_names(self) -> tuple[str, ...]:
        """The field names to offer in search completion, in ``fields()``'s order: the
        registry's fields' search names ("date" for publishedDateTime) and the derived
        fields' dotted names (``query.records.lookup`` reads them: "twitter.username")."""
        return tuple(f.search for f in self.fields() if f.search)


def infer(datas: Iterable[Mapping[str, Any]]) -> Schema:
    """The schema of front matters ``datas`` (whole ones: use ``infer_articles`` for light
    articles)."""
    builder = SchemaBuilder()
    for data in datas:
        builder.add(data)
    return builder.schema()


def infer_articles(articles: Iterable[Article]) -> Schema:
    """The schema of ``articles``, full or light (see ``SchemaBuilder.add_article``)."""
    builder = SchemaBuilder()
    for article in articles:
        builder.add_article(article)
    return builder.schema()


class _Stats:
    """What is known so far of one path."""

    __slots__ = ("distinct", "examples", "files", "listed", "types", "valued", "values")

    def __init__(self) -> None:
        self.files = 0
        self.types: Counter[str] = Counter()
        self.listed = False
        self.examples: list[str] = []
        self.distinct: set[Any] | None = set()  # None: more than MAX_DISTINCT
        self.valued = 0
        self.values = 0


class SchemaBuilder:
    """A schema made file by file (the app adds each batch of a listing as it comes).

    ``add`` a front matter (with its shape when it is a light article's summary), then
    ``schema()`` at any time; adding more after it is fine. Not thread-safe: one thread
    owns a builder. About 20 us per light news article (2 s for 100,000): build it off the
    GUI thread, in the loader's thread batch by batch or in a worker.
    """

    def __init__(self) -> None:
        self._files = 0
        self._paths: dict[KeyPath, _Stats] = {}
        self._pending: Counter[Shape] = Counter()
        self._truncated = False

    def add(self, data: Mapping[str, Any], file_shape: Shape | None = None) -> None:
        """Count one file: its front matter ``data``, and its ``file_shape`` when ``data``
        is only a summary (None: the shape of ``data``)."""
        if file_shape is None:
            file_shape = shape.shape_of(data)
        self._files += 1
        if file_shape not in self._pending:  # its paths in file order, before any value's
            for path, _kind, _listed in file_shape:
                self._stats(path)
        self._pending[file_shape] += 1
        if len(self._pending) > _MAX_PENDING:
            self._flush()
        self._add_values(data, file_shape)

    def add_article(self, article: Article) -> None:
        """Count one article, full or light; one that cannot be read is not counted."""
        if article.error is not None:
            return
        self.add(article.data, None if article.complete else article.shape)

    def schema(self) -> Schema:
        """The schema of the files added so far."""
        self._flush()
        total = self._files
        infos = [_info(path, stats, total, self._paths) for path, stats in self._paths.items()]
        return Schema(total, tuple(infos), self._truncated)

    def _flush(self) -> None:
        for file_shape, count in self._pending.items():
            seen: set[KeyPath] = set()
            for path, kind, listed in file_shape:
                stats = self._stats(path)
                if stats is None:
                    continue
                if path not in seen:
                    seen.add(path)
                    stats.files += count
                stats.types[kind] += count
                stats.listed = stats.listed or listed
        self._pending.clear()

    def _stats(self, path: KeyPath) -> _Stats | None:
        stats = self._paths.get(path)
        if stats is None:
            if len(self._paths) >= MAX_PATHS:
                self._truncated = True
                return None
            stats = self._paths[path] = _Stats()
        return stats

    def _add_values(self, data: Mapping[str, Any], file_shape: Shape) -> None:
        """Note the values of one file: examples and distinct values of each path (those of
        its shape only: a summary holds no other)."""
        budget = [MAX_CHARS]
        counted: set[KeyPath] = set()
        for path, value, _listed in shape.nodes(data):
            if budget[0] <= 0:
                break
            stats = self._paths.get(path)
            if stats is None:
                continue
            if _note(stats, value, budget) and path not in counted:
                counted.add(path)
                stats.valued += 1


def _note(stats: _Stats, value: Any, budget: list[int]) -> bool:
    """Note ``value`` (a scalar, or a text list's items) in ``stats``; True when it was one
    to count (not a mapping, list of mappings or null)."""
    if value is None or isinstance(value, dict):
        return False
    if isinstance(value, list):
        items = [item for item in value[:MAX_LIST_ITEMS] if isinstance(item, str)]
        for item in items:
            _note_one(stats, item, budget)
        return bool(items)
    _note_one(stats, value, budget)
    return True


def _note_one(stats: _Stats, value: Any, budget: list[int]) -> None:
    stats.values += 1
    if isinstance(value, str):
        key: Any = value[:DISTINCT_CHARS]
        budget[0] -= len(key)
    else:
        key = (type(value).__name__, value)
    if stats.distinct is not None and key not in stats.distinct:
        if len(stats.distinct) >= MAX_DISTINCT:
            stats.distinct = None
        else:
            stats.distinct.add(key)
    if len(stats.examples) < MAX_EXAMPLES:
        example = _example(value)
        if example and example not in stats.examples:
            stats.examples.append(example)


def _example(value: Any) -> str:
    text = " ".join(as_text(value if not isinstance(value, str) else value[:200]).split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def _info(path: KeyPath, stats: _Stats, total: int, paths: Mapping[KeyPath, _Stats]) -> PathInfo:
    types = tuple(sorted(stats.types.items(), key=lambda pair: (-pair[1], pair[0])))
    seen = stats.valued > 0
    distinct = (
        (len(stats.distinct) if stats.distinct is not None else MAX_DISTINCT) if seen else None
    )
    has_url = (*path, "url") in paths
    return PathInfo(
        path=path,
        files=stats.files,
        share=stats.files / total if total else 0.0,
        types=types,
        examples=tuple(stats.examples),
        distinct=distinct,
        valued=stats.valued,
        values=stats.values,
        listed=stats.listed,
        kind=infer_kind(stats.types, distinct, stats.values, has_url=has_url),
    )


def infer_kind(
    types: Mapping[str, int], distinct: int | None, values: int, *, has_url: bool = False
) -> Kind | None:
    """The kind of field that fits values of ``types`` (files per value type), of which
    ``values`` were seen, ``distinct`` distinct (None: none seen).

    The most common type decides (nulls and empty lists do not count): text is long text
    when any is long, an address when all are, a choice when there are at most MAX_CHOICES
    distinct values each used twice on average, else text; numbers are INT, dates DATE,
    lists of text TEXT_LIST, lists of mappings with a ``url`` IMAGES. None: shown only.
    """
    counted = {t: n for t, n in types.items() if t not in (shape.NULL, shape.LIST) and n}
    if not counted:
        return None
    text = sum(n for t, n in counted.items() if t in shape.TEXT_TYPES)
    groups = {t: n for t, n in counted.items() if t not in shape.TEXT_TYPES}
    if counted.get(shape.DATE, 0) and counted.get(shape.DATETIME, 0):
        groups[shape.DATETIME] += groups.pop(shape.DATE)
    if text:
        groups["text"] = text
    top = max(groups, key=lambda t: (groups[t], t))
    if top == "text":
        if counted.get(shape.LONG_TEXT):
            return Kind.LONG_TEXT
        if counted.get(shape.URL) == text:
            return Kind.URL
        if distinct is not None and distinct <= MAX_CHOICES and values >= 2 * distinct:
            return Kind.CHOICE
        return Kind.TEXT
    return _KIND_OF_TYPE.get(top) or (Kind.IMAGES if top == shape.MAPPINGS and has_url else None)


_KIND_OF_TYPE = {
    shape.NUMBER: Kind.INT,
    shape.BOOL: Kind.BOOL,
    shape.DATE: Kind.DATE,
    shape.DATETIME: Kind.DATE,
    shape.TEXT_LIST: Kind.TEXT_LIST,
}


def _worth_showing(info: PathInfo) -> bool:
    return info.kind is not None and not info.listed and info.path[0] not in _NOT_SHOWN


def _is_facet(info: PathInfo) -> bool:
    if info.kind is Kind.CHOICE or info.kind is Kind.BOOL:
        return True
    if info.kind is Kind.TEXT_LIST and info.distinct is not None:
        return info.distinct <= MAX_FACET_WORDS and info.values >= 2 * info.distinct
    return False


def _facet_orders(infos: Iterable[PathInfo]) -> dict[str, int]:
    """The derived facets' orders: after the registry's, the most used first."""
    facets = sorted((i for i in infos if _is_facet(i)), key=lambda i: (-i.files, i.name))
    first = FIRST_POSITION
    return {info.name: first + n for n, info in enumerate(facets)}


def _order(facet: Facet | None) -> int:
    return facet.order if facet is not None else 0


def derived(
    info: PathInfo, total: int, position: int, facet_order: int | None, *, search: bool = True
) -> Field:
    """The field of a path the registry does not know: labelled from its keys, with a tip
    of its share and examples, editable when its kind is (not IMAGES), and a table column
    ``FIELD:<dotted name>`` at ``position``, hidden unless SHOWN_SHARE of the files have it
    (none for IMAGES: a list of pictures is no cell);
    a facet when ``facet_order`` is given; searched by its dotted name when ``search``."""
    assert info.kind is not None
    name = info.name
    title = label(info.path)
    tip = f"{name}: in {info.files:,} of {total:,} files ({round(100 * info.share)}%)"
    if info.examples:
        tip += "; e.g. " + ", ".join(info.examples)
    column = None
    if info.kind is not Kind.IMAGES:  # as the registry's images: in the detail pane only
        column = TableColumn(
            f"FIELD:{name}",
            position,
            title,
            tip,
            width=_WIDTHS.get(info.kind, 160),
            hidden=info.share < SHOWN_SHARE,
        )
    return Field(
        info.path,
        title,
        info.kind,
        tip,
        protected=info.kind is Kind.IMAGES,
        summary=False,
        column=column,
        facet=Facet(title, facet_order) if facet_order is not None else None,
        search=name if search else None,
    )


_ACRONYMS = {w.lower(): w for w in ("URL", "ID", "AMP", "CDN", "HTML", "API", "RSS", "SEO")}
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")


def label(path: KeyPath) -> str:
    """A label from a key path: ("twitter", "username") -> "Twitter username",
    ("publishedDateTime",) -> "Published date time", ("image_url",) -> "Image URL";
    words in capitals stay so ("webIRI" -> "Web IRI"), and a few are always (url, id...)."""
    words = [
        word if len(word) > 1 and word.isupper() else _ACRONYMS.get(word.lower(), word.lower())
        for key in path
        for word in _WORD.findall(key)
    ]
    text = " ".join(words) or ".".join(path)
    return text[:1].upper() + text[1:]


def column_position(name: str) -> int:
    """The stable position of the derived column of the field named ``name`` (dotted):
    FIRST_POSITION or more, from a hash of the name, so a saved view finds it again."""
    hashed = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=3).digest()
    return FIRST_POSITION + int.from_bytes(hashed, "big")


def column_positions(names: Iterable[str]) -> dict[str, int]:
    """Each name's ``column_position``, made unique: a name whose position another name
    took (rare: 16 million positions) takes the next free one, in name order."""
    positions: dict[str, int] = {}
    taken: set[int] = set()
    for name in sorted(set(names)):
        position = column_position(name)
        while position in taken:
            position += 1
        taken.add(position)
        positions[name] = position
    return positions
