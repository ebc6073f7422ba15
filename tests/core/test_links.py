"""links: which addresses from a file are handed to a browser."""

from __future__ import annotations

import pytest

from reviewer.core.links import MAX_URL_LENGTH, is_openable_url, url_problem


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://example.org", True),
        ("  HTTPS://Example.org/x  ", True),
        ("https://example.org:8443/x", True),
        ("https://example.org/a@b", True),  # an @ in the path is no user name
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org/file", False),
        ("example.org/no-scheme", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("https://example.org/\nx", False),
        ("https://example.org/\x1b[2J", False),
        ("https://example.org/\u202egnp.exe", False),
        ("", False),
        ("http://[::1", False),
        ("https://example.org:port/", False),
        ("https://user:pw@example.org/", False),
        ("https://user@example.org/", False),
        ("https://:pw@example.org/", False),
        ("https://example.org\\@evil.example/", False),
    ],
)
def test_is_openable_url(url: str, openable: bool) -> None:
    assert is_openable_url(url) is openable
    assert (url_problem(url) is None) is openable


def test_credentials_are_named() -> None:
    problem = url_problem("https://user:pw@example.org/")
    assert problem is not None and "user name or password" in problem


def test_length_limit() -> None:
    base = "https://example.org/"
    assert is_openable_url(base + "a" * (MAX_URL_LENGTH - len(base)))
    problem = url_problem(base + "a" * 100_000)
    assert problem is not None and "100,020 characters" in problem
    assert not is_openable_url(base + "a" * (MAX_URL_LENGTH - len(base) + 1))
