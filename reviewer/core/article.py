"""The Article value: one file as read, its front matter, and typed views of known fields."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer.core.dates import to_datetime
from reviewer.core.split import Parts

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
    """

    path: Path
    raw: bytes
    fingerprint: Fingerprint | None
    data: dict[str, Any] = field(default_factory=dict)
    parts: Parts | None = None
    error: str | None = None

    @property
    def has_front_matter(self) -> bool:
        """True when the file starts with a front matter (even one that failed to load)."""
        return self.parts is not None or self.error is not None

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


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_plain(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
