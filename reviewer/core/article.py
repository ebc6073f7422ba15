"""The Article value: one file as read, its front matter, and typed views of known fields."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.core.dates import to_datetime
from reviewer.core.frontmatter.split import Parts

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
    """

    path: Path
    raw: bytes
    fingerprint: Fingerprint | None
    data: dict[str, Any] = field(default_factory=dict)
    parts: Parts | None = None
    error: str | None = None
    complete: bool = True

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

    @property
    def title(self) -> str:
        """The title."""
        return self.text("title")

    @property
    def excerpt(self) -> str:
        """The excerpt (summary)."""
        return self.text("excerpt")

    @property
    def category(self) -> str:
        """The category ("news", ...)."""
        return self.text("category")

    @property
    def type(self) -> str:
        """The item type ("article", "video", ...)."""
        return self.text("type")

    @property
    def original_url(self) -> str:
        """The URL of the original story."""
        return self.text("originalUrl")

    @property
    def web_url(self) -> str:
        """The URL the site links to."""
        return self.text("webUrl")

    @property
    def secured(self) -> str:
        """The opaque signature; shown, never changed."""
        return self.text("secured")

    @property
    def published(self) -> bool | None:
        """True or False as the file says, None when missing or not a boolean."""
        value = self.data.get("published")
        return value if isinstance(value, bool) else None

    @property
    def published_at(self) -> dt.datetime | None:
        """publishedDateTime as a datetime, from a timestamp, a date or a date string."""
        return to_datetime(self.data.get("publishedDateTime"))

    @property
    def quality(self) -> int | None:
        """The quality score."""
        return _int(self.data.get("quality"))

    @property
    def heat(self) -> int | None:
        """The heat score."""
        return _int(self.data.get("heat"))

    @property
    def provider(self) -> dict[str, Any]:
        """The provider mapping ({} when missing)."""
        value = self.data.get("provider")
        return value if isinstance(value, dict) else {}

    @property
    def provider_name(self) -> str:
        """The provider's name."""
        name = self.provider.get("name")
        return name if isinstance(name, str) else ""

    @property
    def provider_domain(self) -> str:
        """The provider's domain."""
        domain = self.provider.get("domain")
        return domain if isinstance(domain, str) else ""

    @property
    def topics(self) -> list[str]:
        """The topics, as text."""
        return [str(t) for t in _list(self.data.get("topics")) if _is_plain(t)]

    @property
    def images(self) -> list[dict[str, Any]]:
        """The image entries ({url, width, height, isCached})."""
        return [i for i in _list(self.data.get("images")) if isinstance(i, dict)]

    @property
    def related(self) -> list[dict[str, Any]]:
        """The related items."""
        return [i for i in _list(self.data.get("related")) if isinstance(i, dict)]


#: Keys a summary keeps whatever their value (provider and images trimmed, see summarize).
SUMMARY_KEYS = frozenset(
    {
        "title",
        "excerpt",
        "category",
        "type",
        "publishedDateTime",
        "quality",
        "heat",
        "published",
        "provider",
        "topics",
        "originalUrl",
        "webUrl",
        "images",
    }
)
#: What a summary keeps of the provider mapping and of each image mapping.
PROVIDER_KEYS = ("name", "domain")
IMAGE_KEYS = ("url", "width", "height")
#: Other top-level keys are kept when their value is a scalar of at most this many characters.
MAX_SUMMARY_SCALAR = 200


def summarize(article: Article) -> dict[str, Any]:
    """The part of ``article``'s front matter the table, search and facets need.

    The keys of SUMMARY_KEYS (``provider`` cut to its name and domain, each image mapping to
    its url, width and height), and every other top-level key whose value is a short scalar:
    not a list or mapping, and text of at most MAX_SUMMARY_SCALAR characters. Values are as
    loaded, keys in file order.
    """
    summary: dict[str, Any] = {}
    for key, value in article.data.items():
        if key in SUMMARY_KEYS:
            if key == "provider" and isinstance(value, dict):
                value = {k: value[k] for k in value if k in PROVIDER_KEYS}
            elif key == "images" and isinstance(value, list):
                value = [_trimmed_image(item) for item in value]
        elif not _short_scalar(value):
            continue
        summary[key] = value
    return summary


def light(article: Article) -> Article:
    """``article`` as the listing holds it: its summary, fingerprint and error, no bytes."""
    if not article.complete:
        return article
    return Article(
        article.path, b"", article.fingerprint, summarize(article), None, article.error, False
    )


def in_summary(summary: dict[str, Any], path: tuple[Any, ...]) -> bool:
    """True when ``summary`` (a light article's data) holds the value at key ``path`` in full.

    A key it lacks may still be in the file (with a long or nested value), unless it is one
    of SUMMARY_KEYS; of ``provider`` only the name and domain are kept, of ``images`` not all.
    """
    if not path:
        return False
    key = path[0]
    if key == "provider" and isinstance(summary.get(key), dict):
        return len(path) > 1 and path[1] in PROVIDER_KEYS
    if key == "images" and isinstance(summary.get(key), list):
        return False
    return key in SUMMARY_KEYS or key in summary


def summary_answers(field: str) -> bool:
    """True when a search on ``field`` (a key, dotted for nested keys, matched ignoring
    case) finds the same in a summary as in the whole front matter."""
    return field.casefold() in _ANSWERED


_ANSWERED = frozenset(
    [k.casefold() for k in SUMMARY_KEYS - {"provider", "images"}]
    + [f"provider.{k}" for k in PROVIDER_KEYS]
    + [f"images.{k}" for k in IMAGE_KEYS]
)


def _trimmed_image(item: Any) -> Any:
    return {k: item[k] for k in item if k in IMAGE_KEYS} if isinstance(item, dict) else item


def _short_scalar(value: object) -> bool:
    if isinstance(value, (str, bytes)):
        return len(value) <= MAX_SUMMARY_SCALAR
    if isinstance(value, int):  # and bool
        return value.bit_length() <= 664  # about 200 digits
    return not isinstance(value, (list, dict, set, frozenset, tuple))


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_plain(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
