"""``reviewer show`` as written (yaml) and as parsed (json), and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PUBLISHED, Run, write


def front(text: str) -> str:
    """The text between the fences of ``text``."""
    return text.split("---\n")[1]


def test_yaml_is_the_front_matter_as_written(cli: Run, site: Path) -> None:
    status, out, err = cli("show", site / "news/2024-03-01-published.md")
    assert (status, err) == (0, "")
    assert out == front(PUBLISHED)
    assert "# A comment the CLI must never lose" in out


def test_yaml_of_a_crlf_file_with_bom(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: 'Caf\xc3\xa9'\r\npublished: no\r\n---\r\nbody\r\n")
    status, out, _ = cli("show", path)
    assert status == 0
    assert out == "title: 'Café'\npublished: no\n"


def test_yaml_of_an_empty_front_matter(cli: Run, tmp_path: Path) -> None:
    assert cli("show", write(tmp_path / "e.md", "---\n---\nbody\n")) == (0, "", "")


def test_json_is_the_parsed_data(cli: Run, site: Path) -> None:
    status, out, _ = cli("show", site / "news/2024-03-01-published.md", "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "title": "Power Apps: what's new",
        "category": "news",
        "type": "article",
        "publishedDateTime": "2024-03-01T10:30:00+00:00",
        "published": True,
        "quality": 42,
        "heat": 7,
        "provider": {"name": "Microsoft", "domain": "microsoft.com"},
        "topics": ["Power Apps", "AI"],
        "secured": "abc/DEF+123==",
    }


def test_json_of_values_json_has_no_type_for(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "odd.md",
        "---\n"
        "day: 2024-02-29\n"
        "stamp: 2024-02-29 12:00:00\n"
        "blob: !!binary aGVsbG8=\n"
        "tags: !!set {b, a}\n"
        "ratio: .nan\n"
        "big: -.inf\n"
        "2: number key\n"
        "true: bool key\n"
        "~: null key\n"
        "2024-01-01: date key\n"
        "nested: {list: [2024-01-02, !!binary AAE=]}\n"
        "---\n",
    )
    status, out, err = cli("show", path, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "day": "2024-02-29",
        "stamp": "2024-02-29T12:00:00",
        "blob": "aGVsbG8=",
        "tags": ["a", "b"],
        "ratio": "nan",
        "big": "-inf",
        "2": "number key",
        "true": "bool key",
        "null": "null key",
        "2024-01-01": "date key",
        "nested": {"list": ["2024-01-02", "AAE="]},
    }


def test_json_is_ascii_so_any_console_prints_it(cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "e.md", '---\ntitle: "Emoji 🎉 and café"\n---\n')
    status, out, _ = cli("show", path, "--format", "json")
    assert status == 0
    assert out.isascii()
    assert json.loads(out) == {"title": "Emoji 🎉 and café"}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_broken_file_names_the_file_and_the_problem(cli: Run, site: Path, fmt: str) -> None:
    path = site / "news/broken.md"
    status, out, err = cli("show", path, "--format", fmt)
    assert status == 1
    assert out == ""
    assert err.startswith(f"{path}: invalid YAML at line 2")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_billion_laughs_is_refused_not_expanded(cli: Run, site: Path, fmt: str) -> None:
    status, out, err = cli("show", site / "news/laughs.md", "--format", fmt)
    assert status == 1
    assert out == ""
    assert "aliases" in err


def test_no_front_matter(cli: Run, site: Path) -> None:
    path = site / "about.md"
    assert cli("show", path) == (1, "", f"{path}: the file has no front matter\n")


def test_missing_file(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    assert cli("show", path) == (1, "", f"{path}: the file does not exist\n")


def test_a_folder_is_not_a_file(cli: Run, tmp_path: Path) -> None:
    status, _, err = cli("show", tmp_path)
    assert status == 1
    assert err == f"{tmp_path}: it is a folder, not a file\n"
