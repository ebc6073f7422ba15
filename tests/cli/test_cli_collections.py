"""``reviewer collections SITE`` and ``reviewer list`` inside a Jekyll site."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from cli_support import Run, write

CONFIG = """\
_people_defaults: &people
  category: people
  published: true
collections:
  news: {output: true}
  people: {output: true}
  events: {output: true}
defaults:
  - scope: {path: _news}
    values: {published: false}
  - scope: {path: _people, type: people}
    values:
      <<: *people
      layout: profile
"""

FILES = {
    "_news/a.md": "---\ntitle: A\n---\n",
    "_news/b.md": "---\ntitle: B\npublished: true\n---\n",
    "_news/bad.md": "---\ntitle: [B\n---\n",
    "_people/ann.md": "---\nname: Ann\nbio: Hi.\n---\n",
    "_people/notes.txt": "no front matter\n",
    "_communities/py.md": "---\nname: Python\nmembers: [ann]\n---\n",
    "_posts/2024-01-01-hi.md": "---\ntitle: Hi\npublished: false\n---\n",
    "_drafts/d.md": "---\ntitle: D\n---\n",
    "_site/x.md": "---\ntitle: output\n---\n",
    "_sass/y.md": "---\ntitle: style\n---\n",
    "_data/orgs/acme.yml": "name: ACME\n",
    "README.md": "# A site\n",
}

ROWS = [
    {"name": "news", "path": "_news", "count": 3, "unpublished": 1, "errors": 1},
    {"name": "people", "path": "_people", "count": 1, "unpublished": 0, "errors": 0},
    {"name": "events", "path": "_events", "count": 0, "unpublished": 0, "errors": 0},
    {"name": "communities", "path": "_communities", "count": 1, "unpublished": 0, "errors": 0},
    {"name": "drafts", "path": "_drafts", "count": 1, "unpublished": 0, "errors": 0},
    {"name": "posts", "path": "_posts", "count": 1, "unpublished": 1, "errors": 0},
]


@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    root = tmp_path / "jekyll"
    write(root / "_config.yml", CONFIG)
    for name, text in FILES.items():
        write(root / name, text)
    return root


def test_collections_as_json(cli: Run, jekyll: Path) -> None:
    status, out, err = cli("collections", jekyll, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == ROWS


def test_collections_from_a_folder_inside_and_without_the_cache(cli: Run, jekyll: Path) -> None:
    status, out, _err = cli("collections", jekyll / "_people", "--format=json", "--no-cache")
    assert status == 0 and json.loads(out) == ROWS


def test_collections_as_csv(cli: Run, jekyll: Path) -> None:
    status, out, _err = cli("collections", jekyll, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [{k: str(v) for k, v in row.items()} for row in ROWS]


def test_collections_as_a_table(cli: Run, jekyll: Path) -> None:
    status, out, _err = cli("collections", jekyll)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["COLLECTION", "FILES", "UNPUBLISHED", "ERRORS", "PATH"]
    assert lines[1].split() == ["news", "3", "1", "1", "_news"]
    assert lines[3].split() == ["events", "0", "0", "0", "_events", "(no", "folder)"]
    assert lines[-1] == "6 collections, 7 files, 2 unpublished, 1 with errors"


def test_a_folder_outside_a_site(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    status, out, err = cli("collections", tmp_path / "plain")
    assert status == 1 and out == ""
    assert "is not in a Jekyll site (no _config.yml" in err


def test_a_missing_folder_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    status, _out, err = cli("collections", tmp_path / "nowhere")
    assert status == 2 and "no such folder" in err


def test_a_broken_configuration_names_the_file_and_line(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "a: 1\na: 2\n")
    status, out, err = cli("collections", tmp_path)
    assert status == 1 and out == ""
    config = os.fspath(tmp_path / "_config.yml")
    assert f"{config}: invalid YAML at line 2, column 1: duplicate key 'a'" in err


def test_list_counts_published_by_the_inherited_defaults(cli: Run, jekyll: Path) -> None:
    status, out, _err = cli("list", jekyll / "_news", "--format", "json")
    assert status == 0
    rows = {r["path"]: r for r in json.loads(out)}
    assert rows["a.md"]["published"] is False  # inherited from _config.yml
    assert rows["a.md"]["published_written"] is False  # the file itself says nothing
    assert rows["b.md"]["published"] is True
    status, out, _err = cli("list", jekyll / "_news", "--status", "published", "--format=json")
    assert [r["path"] for r in json.loads(out)] == ["b.md"]
    status, out, _err = cli("list", jekyll / "_news")
    assert out.splitlines()[-1].startswith("3 files, 1 published, 1 with errors")


def test_list_searches_inherited_values(cli: Run, jekyll: Path) -> None:
    status, out, _err = cli("list", jekyll, "--query", "category:people", "--format=json")
    assert status == 0
    assert [r["path"] for r in json.loads(out)] == ["_people/ann.md"]


def test_list_with_a_broken_configuration_warns_and_lists(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "defaults: [\n")
    write(tmp_path / "_news" / "a.md", "---\ntitle: A\n---\n")
    status, out, err = cli("list", tmp_path, "--format=json")
    assert status == 0 and [r["path"] for r in json.loads(out)] == ["_news/a.md"]
    assert "reviewer list: warning: " in err and "_config.yml: invalid YAML" in err
