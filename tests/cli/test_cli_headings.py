"""``reviewer list`` names every row: the title, else the ``name`` (profiles, communities),
else the file's name (``article.heading``), in every format and from the index cache too."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cli_support import Run, write

PEOPLE = {
    "_people/jane-doe.md": "---\nname: Jane Doe\ntwitter:\n  username: jd\n---\n",
    "_people/li-wei.md": "---\nname: Li Wei\nlocation: Berlin\n---\nAbout Li.\n",
    "_people/no-name.md": "---\nlocation: Paris\n---\n",
    "_people/titled.md": "---\ntitle: A title wins\nname: Not this\n---\n",
    "_people/blank-title.md": "---\ntitle: ''\nname: Named\n---\n",
    "_people/broken.md": "---\nname: [oops\n---\n",
}
EXPECTED = {
    "jane-doe.md": "Jane Doe",
    "li-wei.md": "Li Wei",
    "no-name.md": "no-name",
    "titled.md": "A title wins",
    "blank-title.md": "Named",
    "broken.md": None,  # cannot be read: no heading, its error instead
}


def people(root: Path) -> Path:
    for name, text in PEOPLE.items():
        write(root / name, text)
    return root / "_people"


def test_list_json_gives_profiles_their_names_as_titles(cli: Run, tmp_path: Path) -> None:
    folder = people(tmp_path)
    for _ in range(2):  # read, then from the index cache
        status, out, err = cli("list", folder, "--format", "json")
        assert (status, err) == (0, "")
        rows = {row["path"]: row for row in json.loads(out)}
        assert {path: row["title"] for path, row in rows.items()} == EXPECTED
        assert rows["broken.md"]["error"] is not None


def test_list_csv_and_table_show_the_names(cli: Run, tmp_path: Path) -> None:
    folder = people(tmp_path)
    _, out, _ = cli("list", folder, "--format", "csv")
    titles = {row["path"]: row["title"] for row in csv.DictReader(io.StringIO(out))}
    assert titles == {path: title or "" for path, title in EXPECTED.items()}
    _, table, _ = cli("list", folder)
    lines = {line.split()[-1]: line for line in table.splitlines()[1:-1]}
    assert "Jane Doe" in lines["jane-doe.md"]
    assert "no-name" in lines["no-name.md"].removesuffix("no-name.md")
    assert "(invalid YAML" in lines["broken.md"]


def test_a_news_item_without_a_title_is_listed_by_its_file_name(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "2024-03-01-untitled.md", "---\npublished: true\ncategory: news\n---\n")
    status, out, _ = cli("list", tmp_path, "--format", "json")
    assert status == 0
    (row,) = json.loads(out)
    assert row["title"] == "2024-03-01-untitled"
