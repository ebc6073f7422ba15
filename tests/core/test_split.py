"""Splitting a file into BOM, fences, front matter and body, losing no byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_support import fixture_paths

from reviewer.core.errors import ArticleError
from reviewer.core.frontmatter.split import BOM, Parts, decode_front, split


def _split(raw: bytes) -> Parts:
    parts = split(raw)
    assert parts is not None
    assert parts.join() == raw
    return parts


def test_simple_file() -> None:
    parts = _split(b"---\ntitle: a\n---\nbody\n")
    assert parts == Parts(b"", b"---\n", b"title: a\n", b"---\n", b"body\n")
    assert parts.newline == "\n"


def test_bom_is_kept_apart() -> None:
    parts = _split(BOM + b"---\ntitle: a\n---\nbody")
    assert parts.bom == BOM
    assert parts.opening == b"---\n"
    assert parts.front == b"title: a\n"


def test_crlf() -> None:
    parts = _split(b"---\r\ntitle: a\r\nx: 1\r\n---\r\nbody\r\n")
    assert parts.front == b"title: a\r\nx: 1\r\n"
    assert parts.closing == b"---\r\n"
    assert parts.newline == "\r\n"


def test_closing_fence_without_newline_at_end_of_file() -> None:
    parts = _split(b"---\ntitle: a\n---")
    assert parts.closing == b"---"
    assert parts.body == b""


def test_dots_closing_fence() -> None:
    parts = _split(b"---\ntitle: a\n...\nbody\n")
    assert parts.front == b"title: a\n"
    assert parts.closing == b"...\n"
    assert parts.body == b"body\n"


def test_fence_with_trailing_blanks() -> None:
    parts = _split(b"--- \ntitle: a\n---\t\nbody")
    assert parts.opening == b"--- \n"
    assert parts.closing == b"---\t\n"


def test_dashes_inside_body_stay_in_body() -> None:
    raw = b"---\ntitle: a\n---\nintro\n---\nmore\n---\n"
    parts = _split(raw)
    assert parts.front == b"title: a\n"
    assert parts.body == b"intro\n---\nmore\n---\n"


def test_longer_dash_lines_do_not_close() -> None:
    parts = _split(b"---\nnote: x\n----\n--- x\n---\nbody")
    # `----` and `--- x` are not fences (a YAML reader would reject them, but split keeps them).
    assert parts.front == b"note: x\n----\n--- x\n"


def test_empty_front_matter() -> None:
    parts = _split(b"---\n---\nbody\n")
    assert parts.front == b""
    assert parts.body == b"body\n"


@pytest.mark.parametrize(
    "raw",
    [b"", b"just text\n", b"\n---\ntitle: a\n---\n", b"----\ntitle: a\n---\n", b"---", b"# t"],
)
def test_no_front_matter(raw: bytes) -> None:
    assert split(raw) is None


def test_no_front_matter_after_bom() -> None:
    assert split(BOM + b"plain text\n") is None


@pytest.mark.parametrize("raw", [b"---\ntitle: a\n", b"---\ntitle: a\n--\n", b"---\n"])
def test_unterminated_front_matter(raw: bytes) -> None:
    with pytest.raises(ArticleError, match="never closed"):
        split(raw)


def test_decode_front_names_bad_byte_and_line() -> None:
    front = b"title: ok\nexcerpt: caf\xe9\n"
    with pytest.raises(ArticleError) as info:
        decode_front(front)
    message = str(info.value)
    assert "0xe9" in message
    assert "line 3" in message  # the fence is line 1, `title` line 2, `excerpt` line 3


def test_decode_front_keeps_text() -> None:
    assert decode_front("title: Café 🎉\r\n".encode()) == "title: Café 🎉\r\n"


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_fixtures_round_trip(path: Path) -> None:
    raw = path.read_bytes()
    parts = split(raw)
    if parts is not None:
        assert parts.join() == raw
        assert parts.join(parts.front) == raw


def test_join_with_new_front_keeps_everything_else() -> None:
    raw = BOM + b"---\r\ntitle: a\r\n---\r\nbody\r\n---\r\n"
    parts = _split(raw)
    assert parts.join(b"title: b\r\n") == BOM + b"---\r\ntitle: b\r\n---\r\nbody\r\n---\r\n"


def test_key_sources_are_the_files_own_text() -> None:
    from reviewer.core.frontmatter.tree import key_sources

    text = (
        "title: 'Quoted: yes'\n"
        "related:\n"
        "  - title: Other   # a comment\n"
        "    url: https://example.org/x\n"
        "\n"
        "when: 2024-03-04T10:00:00+01:00\n"
        "flow: {a: 1, b: [x, y]}\n"
        "block: |\n"
        "  two\n"
        "  lines\n"
    )
    sources = key_sources(text)
    assert sources["title"] == "title: 'Quoted: yes'"
    assert sources["related"] == (
        "related:\n  - title: Other   # a comment\n    url: https://example.org/x"
    )
    assert sources["when"] == "when: 2024-03-04T10:00:00+01:00"
    assert sources["flow"] == "flow: {a: 1, b: [x, y]}"
    assert sources["block"] == "block: |\n  two\n  lines"
    assert key_sources("[a, b]\n") == {} and key_sources("a: [\n") == {}
