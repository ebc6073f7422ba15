"""The Article value: one file as read, its front matter, and typed views of known fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from reviewer.core import fields
from reviewer.core.fields import Kind
from reviewer.core.frontmatter.split import Parts
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.shape import SHAPE_RULES, Shape, shape_of

#: File name endings that hold articles.
ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".html", ".htm", ".txt"})


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file was when it was read: size, modification time and content hash."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, raw: bytes, stat: os.stat_result) -> Fingerprint:
        """The fingerprint of ``raw``, read from a file whose stat is ``stat``."""
        return cls(stat.st_size, stat.st_mtime_ns, digest(raw))


def digest(raw: bytes) -> str:
    """A content hash (BLAKE2b, 128 bits) as hex."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One article file as read from disk.

    ``error`` is None for a readable article, else a sentence saying why it is not;
    ``parts`` is None when the file has no front matter at all (or could not be split).

    A *light* article (``complete`` False, made by ``light()`` or read from the index cache)
    holds only ``summarize()``'s part of the front matter, no bytes and no parts: enough for
    the table, search and facets. Its fingerprint is the file's when it was parsed. Open it
    with ``Document.load`` (or ``store.read_article``) before showing or changing it.

    A light article's ``shape`` is its whole front matter's key paths and value types
    (``core/shape.py``), which the summary alone lacks: what the schema of its collection is
    inferred from (``core/schema.py``). None for a full article (its data says it), for a file
    that cannot be read, and for a light article made without it.
    """

    # Held as text, and as three values, until first asked for (see _PATH_SLOT below).
    path: Path
    raw: bytes
    fingerprint: Fingerprint | None
    data: dict[str, Any] = field(default_factory=dict)
    parts: Parts | None = None
    error: str | None = None
    complete: bool = True
    shape: Shape | None = None

    @property
    def path_text(self) -> str:
        """The file's path as text (``os.fspath(self.path)``), without making the Path:
        what code that keys, compares or prints 100,000 paths uses."""
        held = _PATH_SLOT.__get__(self, Article)
        return held if type(held) is str else os.fspath(held)

    @property
    def content_digest(self) -> str | None:
        """The fingerprint's digest (None without one), without making the Fingerprint:
        what code that compares 100,000 rows' bytes uses (``rows_digest``, search texts)."""
        held = _FINGERPRINT_SLOT.__get__(self, Article)
        if held is None:
            return None
        return held[2] if type(held) is tuple else held.digest

    @property
    def has_front_matter(self) -> bool:
        """True when the file starts with a front matter (even one that failed to load).

        Light articles exist only for such files.
        """
        return self.parts is not None or self.error is not None or not self.complete

    def text(self, key: str) -> str:
        """The value of ``key`` as text ("" when missing or not text)."""
        value = self.data.get(key)
        return value if isinstance(value, str) else ""

    # The known fields by name, for code that means one of them; each reads as its kind
    # does (core/fields.py).

    @property
    def title(self) -> str:
        """The title."""
        return _TITLE(self.data)

    @property
    def excerpt(self) -> str:
        """The excerpt (summary)."""
        return _EXCERPT(self.data)

    @property
    def category(self) -> str:
        """The category ("news", ...)."""
        return _CATEGORY(self.data)

    @property
    def type(self) -> str:
        """The item type ("article", "video", ...)."""
        return _TYPE(self.data)

    @property
    def original_url(self) -> str:
        """The URL of the original story."""
        return _ORIGINAL_URL(self.data)

    @property
    def web_url(self) -> str:
        """The URL the site links to."""
        return _WEB_URL(self.data)

    @property
    def secured(self) -> str:
        """The opaque signature; shown, never changed."""
        return _SECURED(self.data)

    @property
    def published(self) -> bool | None:
        """Whether Jekyll renders the file: True unless ``published`` is false or null (a
        file without it is published; ``fields.publishes`` is the rule); None when the file
        cannot be read."""
        return _PUBLISHED(self.data) if self.error is None else None

    @property
    def published_written(self) -> bool:
        """True when the front matter writes ``published`` (any value); False when the
        state is Jekyll's default (published)."""
        return fields.PUBLISHED in self.data

    @property
    def published_value(self) -> Any:
        """``published`` as written: any value, MISSING when the front matter has none."""
        return self.data.get(fields.PUBLISHED, MISSING)

    @property
    def published_at(self) -> dt.datetime | None:
        """publishedDateTime as a datetime, from a timestamp, a date or a date string."""
        return _PUBLISHED_AT(self.data)

    @property
    def quality(self) -> int | None:
        """The quality score."""
        return _QUALITY(self.data)

    @property
    def heat(self) -> int | None:
        """The heat score."""
        return _HEAT(self.data)

    @property
    def provider(self) -> dict[str, Any]:
        """The provider mapping ({} when missing)."""
        value = self.data.get("provider")
        return value if isinstance(value, dict) else {}

    @property
    def provider_name(self) -> str:
        """The provider's name."""
        return _PROVIDER_NAME(self.data)

    @property
    def provider_domain(self) -> str:
        """The provider's domain."""
        return _PROVIDER_DOMAIN(self.data)

    @property
    def topics(self) -> list[str]:
        """The topics, as text."""
        return _TOPICS(self.data)

    @property
    def images(self) -> list[dict[str, Any]]:
        """The image entries ({url, width, height, isCached})."""
        return _IMAGES(self.data)

    @property
    def related(self) -> list[dict[str, Any]]:
        """The related items."""
        return _RELATED(self.data)


# A light article holds its path as the text the loader already has, and its fingerprint
# as its three values, and makes the Path and the Fingerprint only when ``path`` or
# ``fingerprint`` is first asked for: 100,000 Path objects cost a window about 23 MB and a
# warm open a tenth of its time, while most rows never need one (keys, digests, the
# command line's rows and the watcher take ``path_text`` and ``content_digest``). Each of
# the dataclass's slots ``path`` and ``fingerprint`` keeps either form; a property put in
# the slot's place makes the object once and keeps it (written with
# ``object.__setattr__``, as a frozen dataclass's own __init__ does). Everything else (the
# constructor, ``dataclasses.replace``, equality, repr, pickling) goes through the
# properties, so reads as before.
_PATH_SLOT: Any = Article.__dict__["path"]
_FINGERPRINT_SLOT: Any = Article.__dict__["fingerprint"]
# What light_at sets each slot with: straight, not through the dataclass's __init__ and
# the properties (half the time of a constructor call: a warm open makes 100,000). A field
# added to Article fails this unpacking on import: light_at must set it too.
(
    _SET_PATH,
    _SET_RAW,
    _SET_FINGERPRINT,
    _SET_DATA,
    _SET_PARTS,
    _SET_ERROR,
    _SET_COMPLETE,
    _SET_SHAPE,
) = (Article.__dict__[f.name].__set__ for f in dataclasses.fields(Article))
_new = object.__new__
#: The three values of a fingerprint not made yet: size, mtime_ns and digest.
FingerprintValues = tuple[int, int, str]


def _path(article: Article) -> Path:
    held = _PATH_SLOT.__get__(article, Article)
    if type(held) is str:
        held = Path(held)
        _PATH_SLOT.__set__(article, held)
    return held


def _fingerprint(article: Article) -> Fingerprint | None:
    held = _FINGERPRINT_SLOT.__get__(article, Article)
    if type(held) is tuple:
        held = Fingerprint(*held)
        _FINGERPRINT_SLOT.__set__(article, held)
    return held


# Setters reached only through object.__setattr__ (the dataclass's __init__, replace,
# unpickling): Article.__setattr__ still refuses, the instance is frozen.
type.__setattr__(Article, "path", property(_path, _PATH_SLOT.__set__, doc="The file's path."))
type.__setattr__(
    Article,
    "fingerprint",
    property(_fingerprint, _FINGERPRINT_SLOT.__set__, doc="What the file was when read."),
)


def light_at(
    path_text: str,
    fingerprint: Fingerprint | FingerprintValues | None,
    data: dict[str, Any],
    error: str | None,
    shape: Shape | None,
) -> Article:
    """A light article of the file at ``path_text``, holding the text, not a Path, until
    ``path`` is asked for; ``fingerprint`` may be its three values (size, mtime_ns,
    digest), the Fingerprint then made when asked for.

    ``path_text`` must be what ``os.fspath`` gives for the file's Path (no "//", "/./" or
    trailing separator, the system's separators): a folder's Path's text joined with a
    name the folder's listing gave, as the loader makes it.
    """
    article: Article = _new(Article)
    _SET_PATH(article, path_text)
    _SET_RAW(article, b"")
    _SET_FINGERPRINT(article, fingerprint)
    _SET_DATA(article, data)
    _SET_PARTS(article, None)
    _SET_ERROR(article, error)
    _SET_COMPLETE(article, False)
    _SET_SHAPE(article, shape)
    return article


class PathsByText(Mapping[str, Path]):
    """Articles' paths by their text (``Article.path_text``), each Path made only when
    looked up: what maps a few texts back to the files' own Paths among 100,000 rows
    without making every row's."""

    __slots__ = ("_articles",)

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = {article.path_text: article for article in articles}

    def __getitem__(self, text: str) -> Path:
        return self._articles[text].path

    def __contains__(self, text: object) -> bool:
        return text in self._articles

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


def _reader(key: str) -> Callable[[Mapping[str, Any]], Any]:
    return fields.by_key(key).read


_TITLE = _reader("title")
_EXCERPT = _reader("excerpt")
_CATEGORY = _reader("category")
_TYPE = _reader("type")
_ORIGINAL_URL = _reader("originalUrl")
_WEB_URL = _reader("webUrl")
_SECURED = _reader("secured")
_PUBLISHED = _reader("published")
_PUBLISHED_AT = _reader("publishedDateTime")
_QUALITY = _reader("quality")
_HEAT = _reader("heat")
_PROVIDER_NAME = _reader("provider.name")
_PROVIDER_DOMAIN = _reader("provider.domain")
_TOPICS = _reader("topics")
_IMAGES = _reader("images")
_RELATED = _reader("related")


def _kept_inside() -> dict[str, tuple[str, ...]]:
    kept: dict[str, tuple[str, ...]] = {}
    for f in fields.summary_fields():
        if len(f.path) == 2:
            kept[f.path[0]] = (*kept.get(f.path[0], ()), f.path[1])
    return kept


#: Keys a summary keeps whatever their value: those of the registry's summary fields
#: (``fields.Field.summary``), some trimmed (see summarize).
SUMMARY_KEYS = frozenset(f.path[0] for f in fields.summary_fields())
#: Of a mapping that holds summary fields, the keys a summary keeps ({"provider": ("name",
#: "domain")}); of the image lists, the keys of each image mapping.
KEPT_INSIDE = _kept_inside()
IMAGE_LISTS = frozenset(f.path[0] for f in fields.summary_fields() if f.kind is Kind.IMAGES)
IMAGE_KEYS = ("url", "width", "height")
#: What a summary keeps of the provider mapping.
PROVIDER_KEYS = KEPT_INSIDE.get("provider", ())
#: Other top-level keys are kept when their value is a scalar of at most this many characters.
MAX_SUMMARY_SCALAR = 200
#: ... or a list of at most this many such texts (a community's members, a page's tags):
#: the sidebar counts them and searches see them without reading the file.
MAX_SUMMARY_WORDS = 64
#: ... or a mapping of at most this many short scalars (a profile's ``twitter: {username,
#: url, followers}``): its values show as columns without reading the file.
MAX_SUMMARY_KEYS = 16
#: What summaries keep, in eight hex digits: the index cache's stamp holds it, so caches made
#: before a change to the registry's summary fields, or to how shapes are made
#: (``shape.SHAPE_RULES``), are rebuilt, not trusted.
SUMMARY_SHAPE = hashlib.blake2b(
    repr(
        (
            sorted(SUMMARY_KEYS),
            sorted(KEPT_INSIDE.items()),
            sorted(IMAGE_LISTS),
            IMAGE_KEYS,
            MAX_SUMMARY_SCALAR,
            MAX_SUMMARY_WORDS,
            MAX_SUMMARY_KEYS,
            SHAPE_RULES,
        )
    ).encode(),
    digest_size=4,
).hexdigest()


def summarize(article: Article) -> dict[str, Any]:
    """The part of ``article``'s front matter the table, search and facets need.

    The keys of SUMMARY_KEYS (``provider`` cut to its name and domain, as KEPT_INSIDE says,
    each image mapping to its url, width and height), and every other top-level key whose
    value is a short scalar: not a list or mapping, and text of at most MAX_SUMMARY_SCALAR
    characters, or a list of at most MAX_SUMMARY_WORDS such texts, or a mapping of at most
    MAX_SUMMARY_KEYS short scalars. Values are as loaded, keys in file order.
    """
    summary: dict[str, Any] = {}
    for key, value in article.data.items():
        if key in SUMMARY_KEYS:
            inside = KEPT_INSIDE.get(key)
            if inside is not None and isinstance(value, dict):
                value = {k: value[k] for k in value if k in inside}
            elif key in IMAGE_LISTS and isinstance(value, list):
                value = [_trimmed_image(item) for item in value]
        elif not (_short_scalar(value) or _short_words(value) or _short_mapping(value)):
            continue
        summary[key] = value
    return summary


def light(article: Article) -> Article:
    """``article`` as the listing holds it: its summary, fingerprint and error, no bytes."""
    if not article.complete:
        return article
    return Article(
        article.path,
        b"",
        article.fingerprint,
        summarize(article),
        None,
        article.error,
        False,
        shape_of(article.data) if article.error is None and article.has_front_matter else None,
    )


def heading(data: Mapping[str, Any], path: str | os.PathLike[str]) -> str:
    """What a row of a file with the front matter ``data`` at ``path`` is called: its
    ``title`` when that is text that is not blank, else its ``name`` (profiles and
    communities have a name, no title), else the file's name without its extension.

    A light article's data holds both (the title always, a name unless it is longer than
    MAX_SUMMARY_SCALAR characters).
    """
    title = _TITLE(data)
    if title.strip():
        return title
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        return name
    return PurePath(path).stem


def in_summary(summary: dict[str, Any], path: tuple[Any, ...]) -> bool:
    """True when ``summary`` (a light article's data) holds the value at key ``path`` in full.

    A key it lacks may still be in the file (with a long or nested value), unless it is one
    of SUMMARY_KEYS; of ``provider`` only the name and domain are kept, of ``images`` not all.
    """
    if not path:
        return False
    key = path[0]
    inside = KEPT_INSIDE.get(key)
    if inside is not None and isinstance(summary.get(key), dict):
        return len(path) > 1 and path[1] in inside
    if key in IMAGE_LISTS and isinstance(summary.get(key), list):
        return False
    return key in SUMMARY_KEYS or key in summary


def summary_answers(field: str) -> bool:
    """True when a search on ``field`` (a key, dotted for nested keys, matched ignoring
    case) finds the same in a summary as in the whole front matter."""
    return field.casefold() in _ANSWERED


_ANSWERED = frozenset(
    [k.casefold() for k in SUMMARY_KEYS - KEPT_INSIDE.keys() - IMAGE_LISTS]
    + [f"{key}.{k}".casefold() for key, inside in KEPT_INSIDE.items() for k in inside]
    + [f"{key}.{k}".casefold() for key in IMAGE_LISTS for k in IMAGE_KEYS]
)


def _trimmed_image(item: Any) -> Any:
    return {k: item[k] for k in item if k in IMAGE_KEYS} if isinstance(item, dict) else item


def _short_mapping(value: object) -> bool:
    return (
        isinstance(value, dict)
        and len(value) <= MAX_SUMMARY_KEYS
        and all(isinstance(key, str) and _short_scalar(item) for key, item in value.items())
    )


def _short_words(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= MAX_SUMMARY_WORDS
        and all(isinstance(item, str) and len(item) <= MAX_SUMMARY_SCALAR for item in value)
    )


def _short_scalar(value: object) -> bool:
    if isinstance(value, (str, bytes)):
        return len(value) <= MAX_SUMMARY_SCALAR
    if isinstance(value, int):  # and bool
        return value.bit_length() <= 664  # about 200 digits
    return not isinstance(value, (list, dict, set, frozenset, tuple))
