"""``reviewer list`` in its three formats, the status filter, and ``reviewer check``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import Run, write

from reviewer.cli.output import FIELDS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()

PATHS = {
    "news/2024-02-10-unpublished.md",
    "news/2024-03-01-published.md",
    "news/broken.md",
    "news/laughs.md",
    "news/sub/no-published.md",
}
#: What Jekyll publishes: published: true, and no published key.
LIVE = {"news/2024-03-01-published.md", "news/sub/no-published.md"}


def listed(cli: Run, *args: object) -> list[dict[str, Any]]:
    status, out, err = cli("list", *args, "--format", "json")
    assert (status, err) == (0, "")
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def by_path(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["path"]: row for row in rows}


def assert_schema(row: dict[str, Any]) -> None:
    assert set(FIELDS) <= set(row)
    assert isinstance(row["path"], str) and "\\" not in row["path"]
    assert row["published"] in (True, False, None)
    for key in ("title", "publishedDateTime", "category", "provider", "type", "error"):
        assert row[key] is None or isinstance(row[key], str), key
    assert isinstance(row["topics"], list) and all(isinstance(t, str) for t in row["topics"])
    for key in ("quality", "heat"):
        assert row[key] is None or (isinstance(row[key], int) and not isinstance(row[key], bool))


def test_json_is_one_array_with_the_schema(cli: Run, site: Path) -> None:
    rows = listed(cli, site)
    for row in rows:
        assert_schema(row)
    assert {row["path"] for row in rows} == PATHS  # about.md has no front matter


def test_json_values(cli: Run, site: Path) -> None:
    rows = by_path(listed(cli, site))
    assert rows["news/2024-03-01-published.md"] == {
        "path": "news/2024-03-01-published.md",
        "title": "Power Apps: what's new",
        "published": True,
        "published_written": True,
        "published_value": True,
        "publishedDateTime": "2024-03-01T10:30:00+00:00",
        "category": "news",
        "provider": "Microsoft",
        "topics": ["Power Apps", "AI"],
        "quality": 42,
        "heat": 7,
        "type": "article",
        "error": None,
    }
    draft = rows["news/2024-02-10-unpublished.md"]
    assert (draft["published"], draft["published_written"], draft["published_value"]) == (
        False,
        True,
        False,
    )
    assert draft["publishedDateTime"] == "2024-02-10T00:00:00"
    assert draft["provider"] == "The Verge"
    assert draft["topics"] == ["AI"]
    unset = rows["news/sub/no-published.md"]
    # No published key: Jekyll publishes the file.
    assert (unset["published"], unset["published_written"], unset["published_value"]) == (
        True,
        False,
        None,
    )
    assert unset["publishedDateTime"] is None
    assert unset["provider"] is None
    assert unset["error"] is None


def test_files_with_errors_are_listed_with_the_reason(cli: Run, site: Path) -> None:
    rows = by_path(listed(cli, site))
    assert "invalid YAML at line 2" in rows["news/broken.md"]["error"]
    laughs = rows["news/laughs.md"]
    assert "aliases" in laughs["error"]
    assert laughs["published"] is None
    assert laughs["topics"] == []


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("all", PATHS),
        ("published", LIVE),
        ("unpublished", PATHS - LIVE),  # published: false, and the unreadable files
    ],
)
def test_status_filter(cli: Run, site: Path, status: str, expected: set[str]) -> None:
    assert {row["path"] for row in listed(cli, site, "--status", status)} == expected


def test_paths_are_relative_to_the_folder_given(
    cli: Run, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.parent)
    assert {row["path"] for row in listed(cli, "site/news/sub")} == {"no-published.md"}
    monkeypatch.chdir(site / "news")
    assert {row["path"] for row in listed(cli, ".")} == {p[5:] for p in PATHS}


def test_empty_folder_gives_an_empty_array(cli: Run, tmp_path: Path) -> None:
    assert listed(cli, tmp_path) == []


def test_csv_has_a_header_and_one_row_per_file(cli: Run, site: Path) -> None:
    status, out, _ = cli("list", site, "--format", "csv")
    assert status == 0
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == FIELDS
    rows = {row["path"]: row for row in reader}
    assert set(rows) == PATHS
    published = rows["news/2024-03-01-published.md"]
    assert published["title"] == "Power Apps: what's new"
    assert published["published"] == "true"
    assert published["topics"] == "Power Apps; AI"
    unset = rows["news/sub/no-published.md"]
    assert (unset["published"], unset["published_written"], unset["published_value"]) == (
        "true",
        "false",
        "",
    )
    assert rows["news/broken.md"]["error"].startswith("invalid YAML")


def test_csv_respects_the_status_filter(cli: Run, site: Path) -> None:
    _, out, _ = cli("list", site, "--format", "csv", "--status", "published")
    assert len(out.splitlines()) == 1 + len(LIVE)


def test_table_is_aligned_and_readable(cli: Run, site: Path) -> None:
    long_title = "A very long title " * 10
    write(site / "news/long.md", f"---\ntitle: {long_title}\npublished: false\n---\n")
    write(site / "news/wide.md", "---\ntitle: 日本語のタイトル\npublished: true\n---\n")
    status, out, _ = cli("list", site)
    assert status == 0
    lines = out.splitlines()
    header, rows, summary = lines[0], lines[1:-1], lines[-1]
    assert header.split() == ["PUB", "DATE", "TITLE", "PROVIDER", "PATH"]
    assert len(rows) == len(PATHS) + 2
    column = header.index("PATH")
    for row in rows:
        # Every path starts in the PATH column (wide characters count as two).
        path = row.rsplit("  ", 1)[-1]
        assert path in PATHS | {"news/long.md", "news/wide.md"}
        before = row[: -len(path)]
        assert len(before) + sum(1 for c in before if ord(c) > 0x3000) == column
    by_file = {row.rsplit("  ", 1)[-1]: row for row in rows}
    assert by_file["news/2024-03-01-published.md"].startswith("yes   2024-03-01  Power Apps")
    assert by_file["news/2024-02-10-unpublished.md"].startswith("no    2024-02-10")
    assert by_file["news/sub/no-published.md"].startswith("yes*  ")  # no key: published
    assert by_file["news/broken.md"].startswith("ERR")
    assert summary == (
        "7 files, 3 published, 2 with errors; * no true or false written: yes and no as"
        " Jekyll reads the file"
    )
    assert "invalid YAML" in by_file["news/broken.md"]
    assert "…" in by_file["news/long.md"]
    assert long_title.strip() not in out


def test_table_keeps_each_file_on_one_line(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "a.md", '---\ntitle: "two\\nlines\\tand tab"\n---\n')
    _, out, _ = cli("list", tmp_path)
    assert len(out.splitlines()) == 3
    assert r"two\nlines\tand tab" in out  # escaped, as every control character is


@pytest.mark.parametrize("command", ["list", "check"])
def test_missing_folder_is_a_usage_error(cli: Run, tmp_path: Path, command: str) -> None:
    status, out, err = cli(command, tmp_path / "nowhere")
    assert status == 2
    assert out == ""
    assert f"{tmp_path / 'nowhere'}: no such folder" in err


@pytest.mark.parametrize("command", ["list", "check"])
def test_a_file_is_not_a_folder(cli: Run, site: Path, command: str) -> None:
    status, _, err = cli(command, site / "about.md")
    assert status == 2
    assert "not a folder" in err


def test_check_reports_each_problem_file(cli: Run, site: Path) -> None:
    write(site / "news/string.md", '---\ntitle: x\npublished: "false"\n---\n')
    write(site / "news/empty.md", "---\ntitle: x\npublished:\n---\n")
    status, out, err = cli("check", site)
    assert status == 1
    assert err == ""
    problems = dict(line.split(": ", 1) for line in out.splitlines())
    assert set(problems) == {"news/broken.md", "news/laughs.md", "news/string.md", "news/empty.md"}
    assert problems["news/broken.md"].startswith("invalid YAML at line 2")
    assert "aliases" in problems["news/laughs.md"]
    assert problems["news/string.md"] == (
        "published is the text 'false': Jekyll publishes the file (only false or null hides"
        " one); write true or false."
    )
    assert problems["news/empty.md"] == (
        "published is empty (null): Jekyll hides the file as if it were false; write false."
    )


def test_check_passes_a_clean_folder(cli: Run, site: Path) -> None:
    (site / "news/broken.md").unlink()
    (site / "news/laughs.md").unlink()
    assert cli("check", site) == (0, "", "")


@pytest.mark.corpus
def test_corpus_lists_with_the_schema(cli: Run) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    rows = listed(cli, CORPUS)
    assert len(rows) > 600
    for row in rows:
        assert_schema(row)
        assert row["error"] is None, row
    assert len({row["path"] for row in rows}) == len(rows)


def test_check_and_is_invalid_report_values_of_the_wrong_kind(cli: Run, tmp_path: Path) -> None:
    """Issue 11: after `set quality=abc` and the like, check flagged only `published`."""
    folder = tmp_path / "site"
    write(folder / "good.md", "---\ntitle: Good\nquality: 40\npublished: true\n---\n")
    write(
        folder / "bad.md",
        "---\ntitle: Bad\nquality: abc\npublishedDateTime: not-a-date\npublished: true\n---\n",
    )
    status, out, _err = cli("check", folder)
    assert status == 1
    assert out.startswith("bad.md: publishedDateTime must be a date")
    assert "quality must be a number, not the text 'abc'." in out and "good.md" not in out
    status, out, _err = cli("list", folder, "--query", "is:invalid", "--format", "csv")
    assert status == 0 and "bad.md" in out and "good.md" not in out
