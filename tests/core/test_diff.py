"""The one diff helper: every view of a change shows a file the same way."""

from __future__ import annotations

from reviewer.core import diff


def test_crlf_lf_and_lone_cr_files_diff_alike() -> None:
    for newline in (b"\n", b"\r\n", b"\r"):
        before = newline.join([b"---", b"a: 1", b"b: 2", b"---", b""])
        after = before.replace(b"b: 2", b"b: 3")
        lines = diff.unified(before, after, "x.md")
        assert lines[:2] == ["--- x.md", "+++ x.md"]
        assert [line for line in lines[3:] if line[:1] in "+-"] == ["-b: 2", "+b: 3"]
        assert diff.counts(lines) == (1, 1)


def test_a_byte_order_mark_is_not_shown_as_a_change_or_a_character() -> None:
    before = b"\xef\xbb\xbf---\ntitle: a\n---\n"
    lines = diff.unified(before, before.replace(b"a\n", b"b\n"), "x.md")
    assert "-title: a" in lines and all("\ufeff" not in line for line in lines)
    assert diff.text_lines(before)[0] == "---"


def test_equal_texts_give_no_diff_and_bad_bytes_do_not_fail() -> None:
    assert diff.unified(b"same\n", b"same\n", "x.md") == []
    assert diff.text_lines(b"caf\xe9\n") == ["caf\ufffd"]
    assert diff.text_lines(b"no ending") == ["no ending"]
