"""What a search looks at: one Record per article, built once, cheap to match many times."""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from reviewer.core import fields
from reviewer.core.dates import to_datetime

if TYPE_CHECKING:
    from reviewer.core.article import Article
    from reviewer.core.document import Document

#: A value is flattened to at most this many values (nested lists and mappings walked) ...
MAX_NODES = 10_000
#: ... and at most this many characters of text, so no value can make a search slow.
MAX_CHARS = 100_000

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DATE_TEXT = re.compile(r"(?<!\d)\d{4}(?!\d).*\d|\d.*(?<!\d)\d{4}(?!\d)", re.DOTALL)
_EMPTY: tuple[Any, ...] = ()
#: Up to this many characters, ``fold`` looks for combining marks character by character;
#: a longer text (an excerpt with typographic quotes) by its distinct characters.
_SHORT_FOLD = 48


def fold(text: str) -> str:
    """``text`` for case- and accent-insensitive comparison: casefold, NFKD, no combining marks.

    Runs of whitespace become one space, so a phrase matches however the file spaced it.
    """
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        if len(decomposed) <= _SHORT_FOLD:
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        else:  # each distinct character looked at once, not each character: half the time
            marks = [c for c in set(decomposed) if unicodedata.combining(c)]
            folded = decomposed.translate(dict.fromkeys(map(ord, marks))) if marks else decomposed
    return " ".join(folded.split())


def as_text(value: Any) -> str:
    """A front-matter value (a leaf, not a list or mapping) as the text a search sees."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, bytes):  # !!binary, shown as base64 as the JSON output does
        return base64.b64encode(value).decode("ascii")
    return str(value)


def leaves(value: Any) -> tuple[Any, ...]:
    """The plain values inside ``value`` (itself when plain), depth first, in file order.

    Mapping keys are not included. The walk stops after MAX_NODES values or MAX_CHARS
    characters of text (long texts are cut), so huge or alias-expanded values stay cheap.
    """
    if not isinstance(value, (list, dict)):
        if isinstance(value, str) and len(value) > MAX_CHARS:
            return (value[:MAX_CHARS],)
        return (value,)
    found: list[Any] = []
    stack: list[Any] = [value]
    nodes = chars = 0
    while stack and nodes < MAX_NODES and chars < MAX_CHARS:
        item = stack.pop()
        nodes += 1
        if isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        else:
            if isinstance(item, str):
                item = item[: MAX_CHARS - chars]
                chars += len(item)
            found.append(item)
    return tuple(found)


def number(value: Any) -> float | None:
    """``value`` as a number: ints and floats, and text that is only a number; else None."""
    if isinstance(value, bool):
        return None
    is_number = isinstance(value, (int, float))
    if not is_number and not (
        isinstance(value, str) and len(value) < 64 and _NUMBER.fullmatch(value.strip())
    ):
        return None
    try:
        result = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return None if math.isnan(result) else result


def calendar_date(value: Any) -> dt.date | None:
    """The calendar day of a date value as written: a zone-aware time keeps its own offset.

    Text counts only when it is short and holds a four-digit year and a month or day with
    it: a parser would otherwise read "40" as 2040 and "May" as this year's May.
    """
    if isinstance(value, str) and (len(value) > 64 or not _DATE_TEXT.search(value)):
        return None
    when = to_datetime(value) if isinstance(value, (str, dt.date)) else None
    return when.date() if when is not None else None


_MISSING: Any = object()

#: Cache keys shared by all records (see Record._keep), and the longest text shared.
_SHARED_KEYS: dict[tuple[str, str], tuple[str, str]] = {}
_MAX_SHARED_KEYS = 4096
_MAX_SHARED_TEXT = 80

#: Key sets seen so far -> their keys by folded name; articles from one feed share one.
_KEY_INDEXES: dict[tuple[Any, ...], dict[str, str]] = {}
_MAX_KEY_INDEXES = 4096


def key_index(data: Mapping[str, Any]) -> dict[str, str]:
    """``data``'s keys by their casefolded names (the first key wins), shared between records."""
    keys = tuple(data)
    index = _KEY_INDEXES.get(keys)
    if index is None:
        if len(_KEY_INDEXES) >= _MAX_KEY_INDEXES:
            _KEY_INDEXES.clear()
        index = {}
        for key in keys:
            if isinstance(key, str):
                index.setdefault(key.casefold(), key)
        _KEY_INDEXES[keys] = index
    return index


def _find(data: Mapping[str, Any], name: str, index: Mapping[str, str] | None) -> Any:
    """The value of key ``name`` in ``data``; ignoring case unless ``index`` is None."""
    if name in data:
        return data[name]
    if index is None:
        return _MISSING
    key = index.get(name.casefold())
    return _MISSING if key is None else data[key]


def lookup(data: Mapping[str, Any], field: str, index: Mapping[str, str] | None = None) -> Any:
    """The value ``field`` names in ``data`` (a sentinel when absent; test with ``found``).

    A dotted field reaches nested mappings (``provider.domain``) and, through a list, the
    same key of each of its mappings (``images.url`` gives a list); a key that itself holds
    the dots is found first. Keys are matched exactly; only when that finds nothing are they
    matched ignoring case. ``index`` is ``key_index(data)`` when the caller has it.
    """
    value = _walk(data, field, None)
    if value is _MISSING:
        value = _walk(data, field, key_index(data) if index is None else index)
    return value


def _walk(data: Mapping[str, Any], field: str, index: Mapping[str, str] | None) -> Any:
    """``lookup`` with exact keys (``index`` None) or keys matched ignoring case."""
    value = _find(data, field, index)
    if value is not _MISSING or "." not in field:
        return value
    head, _, rest = field.partition(".")
    value = _find(data, head, index)
    if value is _MISSING or not rest:
        return value
    if isinstance(value, dict):
        return _walk(value, rest, None if index is None else key_index(value))
    if isinstance(value, list):
        found = [
            _walk(item, rest, None if index is None else key_index(item))
            for item in value
            if isinstance(item, dict)
        ]
        found = [item for item in found if item is not _MISSING]
        return found if found else _MISSING
    return _MISSING


def _topics(article: Article) -> list[str]:
    """The topics; a single topic written as text instead of a list counts too."""
    value = article.data.get("topics")
    return [value] if isinstance(value, str) else article.topics


def found(value: Any) -> bool:
    """True unless ``value`` is lookup's "absent" sentinel."""
    return value is not _MISSING


def is_blank(values: tuple[Any, ...]) -> bool:
    """True when ``values`` (a field's leaves) are only nulls and blank texts, or none."""
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


#: The form of ``words_text``: a text kept by an earlier version of this form is used
#: as is (``Record(text=...)``); change the number when the text changes.
WORDS_FORM = 1


def words_text(title: str, excerpt: str, provider: str, topics: Iterable[str]) -> str:
    """What bare words match: the folded title, excerpt, provider name and topics, one per
    line (the title first, so a record's ``title_folded`` is its first line)."""
    return "\n".join([fold(title), fold(excerpt), fold(provider), *(fold(t) for t in topics)])


class Record:
    """One article as a search sees it.

    Built once per article (``from_article``); the text bare words match is folded up front,
    and the values of other fields are folded, parsed as numbers or dates the first time a
    query asks for them, then kept.
    """

    __slots__ = (
        "_cache",
        "_invalid",
        "_keys",
        "data",
        "duplicate",
        "error",
        "modified",
        "published",
        "published_at",
        "published_date",
        "states",
        "text",
        "title_folded",
    )

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        published: bool | None = None,
        error: str | None = None,
        modified: bool = False,
        duplicate: bool = False,
        states: frozenset[str] = frozenset(),
        published_at: dt.datetime | None = None,
        title: str = "",
        excerpt: str = "",
        provider: str = "",
        topics: tuple[str, ...] | list[str] = (),
        text: str | None = None,
    ) -> None:
        self.data = data
        self.published = published
        self.error = error
        self.modified = modified
        self.duplicate = duplicate
        #: States given from outside the search (``nodes.RECORD_STATES``: ``is:changed``).
        self.states = states
        self.published_at = published_at
        #: The calendar day of publication as the file wrote it (in the value's own offset).
        self.published_date = published_at.date() if published_at is not None else None
        if text is None:
            text = words_text(title, excerpt, provider, topics)
        #: Folded title, excerpt, provider name and topics, one per line: bare words match here.
        self.text = text
        #: Folded title (what ``"x" in record.title_folded`` looks at): the text's first line.
        self.title_folded = text.partition("\n")[0]
        self._keys = key_index(data)
        self._cache: dict[tuple[str, str], tuple[Any, ...]] | None = None
        self._invalid: bool | None = None

    @property
    def invalid(self) -> bool:
        """True when a known field holds a value of the wrong kind (``is:invalid``):
        checked by the field registry the first time a search asks."""
        if self._invalid is None:
            self._invalid = bool(fields.problems(self.data)) if self.error is None else False
        return self._invalid

    @classmethod
    def from_article(
        cls,
        article: Article,
        modified: bool = False,
        duplicate: bool = False,
        published_at: Any = _MISSING,
        states: frozenset[str] = frozenset(),
        text: str | None = None,
    ) -> Record:
        """The record of ``article`` (pass ``Document.view`` to search edited values).

        ``published_at``: its publication date when already parsed (the table has it);
        ``states``: the states given from outside (``Record.states``); ``text``: its
        ``words_text`` when kept from before (nothing is folded again).
        """
        return cls(
            article.data,
            published=article.published,
            error=article.error,
            modified=modified,
            duplicate=duplicate,
            states=states,
            published_at=article.published_at if published_at is _MISSING else published_at,
            title=article.title,
            excerpt=article.excerpt,
            provider=article.provider_name,
            topics=_topics(article) if text is None else (),
            text=text,
        )

    @classmethod
    def from_document(
        cls,
        document: Document,
        duplicate: bool = False,
        published_at: Any = _MISSING,
        states: frozenset[str] = frozenset(),
        text: str | None = None,
    ) -> Record:
        """The record of a document as edited (its pending changes are searched), with
        what it inherits from its site's defaults (``Document.effective``)."""
        return cls.from_article(
            document.effective, document.modified, duplicate, published_at, states, text
        )

    def value(self, field: str) -> Any:
        """The raw value of ``field`` (see ``lookup``); test the result with ``found``."""
        return lookup(self.data, field, self._keys)

    def _keep(self, key: tuple[str, str], values: tuple[Any, ...]) -> tuple[Any, ...]:
        if values:  # absent fields are cheap to look up again and not worth the memory
            if self._cache is None:
                self._cache = {}
            # Every record keeps the same key object and the same short texts (a provider's
            # name, a topic), not copies of its own: a tenth of the memory at 100,000 records.
            if len(_SHARED_KEYS) >= _MAX_SHARED_KEYS:
                _SHARED_KEYS.clear()
            key = _SHARED_KEYS.setdefault(key, key)
            if key[0] in ("folded", "texts"):
                values = tuple(sys.intern(v) if len(v) <= _MAX_SHARED_TEXT else v for v in values)
            self._cache[key] = values
        return values

    # Each accessor reads the cache itself: they run once per record per keystroke.

    def leaves(self, field: str) -> tuple[Any, ...]:
        """The plain values of ``field``: one for a plain value, each one inside a list."""
        key = ("leaves", field)
        if self._cache is not None and key in self._cache:
            return self._cache[key]
        value = lookup(self.data, field, self._keys)
        return self._keep(key, _EMPTY if value is _MISSING else leaves(value))

    def folded(self, field: str) -> tuple[str, ...]:
        """The values of ``field`` as folded text."""
        key = ("folded", field)
        if self._cache is not None and key in self._cache:
            return self._cache[key]
        return self._keep(key, tuple(fold(as_text(v)) for v in self.leaves(field)))

    def texts(self, field: str) -> tuple[str, ...]:
        """The values of ``field`` that are not numbers, as folded text (what ``:`` searches)."""
        key = ("texts", field)
        if self._cache is not None and key in self._cache:
            return self._cache[key]
        values = tuple(
            fold(as_text(v))
            for v in self.leaves(field)
            if isinstance(v, bool) or not isinstance(v, (int, float))
        )
        return self._keep(key, values)

    def numbers(self, field: str) -> tuple[float, ...]:
        """The values of ``field`` that are numbers (or text holding just a number)."""
        key = ("numbers", field)
        if self._cache is not None and key in self._cache:
            return self._cache[key]
        values = (number(v) for v in self.leaves(field))
        return self._keep(key, tuple(v for v in values if v is not None))

    def dates(self, field: str) -> tuple[dt.date, ...]:
        """The calendar days of the values of ``field`` that are dates."""
        key = ("dates", field)
        if self._cache is not None and key in self._cache:
            return self._cache[key]
        values = (calendar_date(v) for v in self.leaves(field))
        return self._keep(key, tuple(v for v in values if v is not None))

    def __repr__(self) -> str:
        return f"<Record {self.title_folded[:40]!r}>"
