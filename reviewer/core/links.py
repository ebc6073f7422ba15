"""Which addresses from a file may be handed to a web browser, and why not the others."""

from __future__ import annotations

from urllib.parse import urlsplit

from reviewer.core.safetext import has_unsafe

#: The schemes opened: a file's ``javascript:``, ``file:`` or ``smb:`` address is not.
OPENABLE_SCHEMES = ("http", "https")

#: The longest address opened, in characters. 2,048 is the limit that works everywhere:
#: the sitemap protocol allows no more, the old Internet Explorer and Edge stopped at 2,083,
#: and many servers and proxies refuse longer request lines. An article's own address is
#: far shorter; a longer one is broken or made to be (a 100,000-character address hands a
#: browser, or the command that starts it, megabytes to parse).
MAX_URL_LENGTH = 2048


def url_problem(text: str) -> str | None:
    """Why ``text`` is not opened in a browser, or None when it may be.

    Opened: an http or https address with a host name, no user name or password
    (``https://user:pw@host/`` logs in as someone, or hides the real host behind a
    plausible ``user@``), at most MAX_URL_LENGTH characters, and no spaces, control or
    direction characters. Leading and trailing spaces are ignored.
    """
    text = text.strip()
    if not text:
        return "No address to open"
    if len(text) > MAX_URL_LENGTH:
        return (
            f"The address is {len(text):,} characters long;"
            f" addresses over {MAX_URL_LENGTH:,} characters are not opened"
        )
    if any(ch.isspace() for ch in text) or has_unsafe(text):
        return "The address contains spaces, control or text-direction characters"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError:
        return "The address is not valid"
    if parts.scheme.lower() not in OPENABLE_SCHEMES:
        return "Only http:// and https:// addresses are opened"
    if "@" in parts.netloc:
        return "The address contains a user name or password (user:password@host)"
    if not host:
        return "The address has no host name"
    return None


def is_openable_url(text: str) -> bool:
    """True when ``url_problem`` finds nothing wrong with ``text``."""
    return url_problem(text) is None
