"""safetext: control and direction characters from files are shown as escapes, text as it is."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.core.safetext import UNSAFE, escape, escape_lines, has_unsafe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07\x1b[2J", r"\x1b]0;pwned\x07\x1b[2J"),
        ("a\nb\rc\td", r"a\nb\rc\td"),
        ("\x00\x7f", r"\x00\x7f"),
        ("\x85\x9b", r"\x85\x9b"),  # C1: next line, control sequence introducer
        ("txt\u202e.md", r"txt\u202e.md"),
        ("\u202a\u202b\u202c\u202d", r"\u202a\u202b\u202c\u202d"),
        ("\u2066\u2067\u2068\u2069", r"\u2066\u2067\u2068\u2069"),
        ("\u200e\u200f\u061c", r"\u200e\u200f\u061c"),
        ("line\u2028para\u2029", r"line\u2028para\u2029"),
        ("bytes\udcff", r"bytes\udcff"),  # a file name that is not UTF-8
    ],
)
def test_unsafe_characters_are_escaped(text: str, shown: str) -> None:
    assert escape(text) == shown
    assert has_unsafe(text)
    assert not has_unsafe(escape(text))


@pytest.mark.parametrize(
    "text",
    [
        "Power Apps: what's new",
        "Café Times — “quoted” ½",
        "שלום עולם",  # right-to-left letters are text, not controls
        "👩‍💻 👍🏽 🇫🇷",  # zero-width joiners and modifiers make emoji
        r"C:\temp\new.md",  # backslashes stay: Windows paths read as they are
        "",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert escape(text) == text
    assert not has_unsafe(text)


def test_escape_lines_keeps_newlines_and_tabs_only() -> None:
    assert escape_lines("a: 1\n\tb: \x1b[2J\r\n") == "a: 1\n\tb: \\x1b[2J\\r\n"
    assert escape_lines("x\u202ey\x85") == r"x\u202ey\x85"


_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])")
_SHORT = {"n": "\n", "r": "\r", "t": "\t"}


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _SHORT.get(m[1]) or chr(int(m[1][1:], 16)), text)


@given(st.text())
def test_escaped_text_is_one_safe_line_that_says_what_was_there(text: str) -> None:
    shown = escape(text)
    assert UNSAFE.search(shown) is None
    assert len(shown.splitlines()) <= 1
    assert escape(shown) == shown  # escaping twice changes nothing
    if "\\" not in text:  # backslashes are not escaped (see the module docstring)
        assert _unescape(shown) == text
