"""No control or direction character from a file reaches the terminal, and no line is forged.

Every command that prints text from a file is run on a folder whose titles, provider, topics,
keys and file names hold ESC, BEL, CR, C1 controls, newlines and U+202E.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import Run, write

from reviewer.core.safetext import UNSAFE

#: Values written with YAML's escapes, so the parsed values hold the characters themselves.
EVIL = """\
---
title: "\\e]0;pwned\\a\\e[2J\\rTitle \\u202e gnp"
provider:
  name: "CSI \\x9b 31m"
topics: ["\\u2066isolated", "tab\\there"]
published: false
quality: 3
---
"""
TITLE = "\x1b]0;pwned\x07\x1b[2J\rTitle \u202e gnp"
#: A file name that tries to print a line of its own, and one that reverses its end.
FORGED = "bad\nx.md: fine\ny.md"
REVERSED = "a\u202edm.txt.md"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    write(folder / "evil.md", EVIL)
    write(folder / FORGED, '---\ntitle: ok\npublished: "yes"\n---\n')
    write(folder / REVERSED, "---\ntitle: reversed\npublished: true\n---\n")
    write(folder / "dup.md", '---\n"\\e[31mkey": 1\n"\\e[31mkey": 2\n---\n')
    return folder


def assert_safe(*outputs: str) -> None:
    """Nothing but printable text and line ends: no ESC, BEL, CR, C1, U+202E, tab..."""
    for output in outputs:
        for line in output.split("\n"):
            assert UNSAFE.search(line) is None, repr(line)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_list(cli: Run, hostile: Path, fmt: str) -> None:
    status, out, err = cli("list", "--format", fmt, hostile)
    assert status == 0
    assert_safe(out, err)
    if fmt == "table":
        assert len(out.splitlines()) == 1 + 4 + 1  # header, a line per file, the summary
        assert r"\x1b]0;pwned\x07\x1b[2J\rTitle \u202e gnp"[:40] in out
        assert r"bad\nx.md: fine\ny.md" in out
        assert r"a\u202edm.txt.md" in out


def test_csv_stays_valid_with_one_line_per_row(cli: Run, hostile: Path) -> None:
    _, out, _ = cli("list", "--format", "csv", hostile)
    assert len(out.splitlines()) == 5
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {r"bad\nx.md: fine\ny.md", r"a\u202edm.txt.md", "dup.md", "evil.md"}
    evil = rows["evil.md"]
    assert evil["title"] == r"\x1b]0;pwned\x07\x1b[2J\rTitle \u202e gnp"
    assert evil["provider"] == r"CSI \x9b 31m"
    assert evil["topics"] == r"\u2066isolated; tab\there"
    assert r"'\x1b[31mkey'" in rows["dup.md"]["error"]


def test_json_is_ascii_and_exact(cli: Run, hostile: Path) -> None:
    """JSON escapes them itself (ASCII output: ``\\u001b``, ``\\u202e``) and keeps the values."""
    _, out, _ = cli("list", "--format", "json", hostile)
    assert out.isascii()
    rows = {row["path"]: row for row in json.loads(out)}
    assert rows["evil.md"]["title"] == TITLE
    assert FORGED in rows and REVERSED in rows


def test_check_cannot_be_forged(cli: Run, hostile: Path) -> None:
    status, out, err = cli("check", hostile)
    assert status == 1
    assert_safe(out, err)
    lines = out.splitlines()
    assert len(lines) == 2  # the file with published: "yes", and dup.md
    assert not any(line.startswith("x.md") for line in lines)
    assert (
        r"bad\nx.md: fine\ny.md: published is the text 'yes': Jekyll publishes the file (only"
        " false or null hides one); write true or false."
    ) in lines
    assert any(line.startswith("dup.md: ") and r"\x1b[31mkey" in line for line in lines)


def test_show_yaml_escapes_what_the_file_holds(cli: Run, tmp_path: Path) -> None:
    # Characters YAML allows as they are: U+202E, NEL and a carriage return (a line break).
    path = tmp_path / "raw.md"
    path.write_bytes('---\ntitle: a \u202e b \x85 c\rnext: 1\nc: "x\ty"\n---\n'.encode())
    status, out, err = cli("show", path)
    assert (status, err) == (0, "")
    assert out == 'title: a \\u202e b \\x85 c\\rnext: 1\nc: "x\ty"\n'  # tab, newline kept
    assert_safe(out.replace("\t", " "))


def test_show_json(cli: Run, hostile: Path) -> None:
    _, out, _ = cli("show", "--format", "json", hostile / "evil.md")
    assert out.isascii()
    assert json.loads(out)["title"] == TITLE


def test_problem_lines_are_escaped(cli: Run, hostile: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw.md"
    raw.write_bytes(b'---\ntitle: "raw \x1b[2J \x07"\n---\n')  # YAML refuses ESC
    for path in (raw, hostile / "dup.md", hostile / FORGED):
        status, out, err = cli("set", path, "nested.key=1", "--dry-run")
        assert_safe(out, err)
    status, out, err = cli("show", hostile / "dup.md")
    assert status == 1
    assert_safe(out, err)
    assert r"duplicate key '\x1b[31mkey'" in err
    status, _, err = cli("show", tmp_path / FORGED)
    assert status == 1
    assert_safe(err)
    assert len(err.splitlines()) == 1


def test_dry_run_lines_are_escaped(cli: Run, hostile: Path) -> None:
    status, out, err = cli("set", "--dry-run", hostile / FORGED, "quality=5")
    assert (status, err) == (0, "")
    assert_safe(out)
    assert out.splitlines()[0] == rf"would change: {hostile}/bad\nx.md: fine\ny.md"
    status, out, err = cli("set", "--dry-run", "--query", "reversed", hostile, "quality=5")
    assert status == 0
    assert_safe(out, err)
    assert r"a\u202edm.txt.md" in out


def test_dry_run_diff_shows_the_title_escaped(cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "t.md", "---\ntitle: a \u202e b\r\nquality: 3\n---\n")
    _, out, _ = cli("set", "--dry-run", path, "quality=4")
    assert_safe(out)
    assert r" title: a \u202e b" in out.splitlines()


def test_usage_errors_are_escaped(cli: Run, tmp_path: Path) -> None:
    status, _, err = cli("list", tmp_path / "no\x1b[2Jwhere\nx.md: fine")
    assert status == 2
    assert_safe(err)
    assert len(err.splitlines()) == 1
    status, _, err = cli("list", "--query", 'title:"\x1b[2J\u202e', tmp_path)
    assert status == 2
    assert_safe(err)
    search, carets = err.splitlines()[1:]
    assert search == r'  title:"\x1b[2J\u202e'
    assert carets == "        " + "^" * len(r'"\x1b[2J\u202e')  # under the quote and the rest
