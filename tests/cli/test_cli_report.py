"""``reviewer report``: the findings as a table or JSON, and one kind's fixes applied."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Run

COUNT = 20


def item(n: int) -> str:
    return f"""\
---
title: "Item {n}: a clean headline"
category: news
publishedDateTime: 2024-03-{10 + n}T10:{n:02d}:00Z
originalUrl: "https://example.org/news/item-{n}"
quality: {40 + n}
published: true
# a comment kept
provider:
  name: Example News
---
Body of item {n}.
"""


def news(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for n in range(COUNT):
        (folder / f"item-{n:02d}.md").write_text(item(n), encoding="utf-8")
    return folder


def plant(folder: Path, n: int, old: str, new: str) -> Path:
    path = folder / f"item-{n:02d}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def planted(folder: Path) -> tuple[Path, Path]:
    garbled = plant(folder, 3, '"Item 3: a clean headline"', '"Itâ€™s cafÃ© time"')
    texted = plant(folder, 4, "quality: 44", 'quality: "44"')
    return garbled, texted


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_a_clean_folder_reports_nothing(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    status, out, err = cli("report", folder, "--format", "json")
    assert (status, json.loads(out), err) == (0, [], "")
    status, out, _err = cli("report", folder)
    assert status == 0
    assert out == "news: 20 files, 0 findings\n"


def test_the_findings_as_json(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    planted(folder)
    status, out, err = cli("report", folder, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == [
        {
            "path": "item-03.md",
            "field": "title",
            "kind": "mojibake",
            "value": "Itâ€™s cafÃ© time",
            "expected": None,
            "fix": "It’s café time",
        },
        {
            "path": "item-04.md",
            "field": "quality",
            "kind": "type",
            "value": "44",
            "expected": "a number",
            "fix": 44,
        },
    ]
    status, out, _err = cli("report", folder, "--format", "json", "--kind", "type")
    assert [row["kind"] for row in json.loads(out)] == ["type"]


def test_the_table_groups_by_collection_and_kind(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    planted(folder)
    status, out, _err = cli("report", folder)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "news: 20 files, 2 findings"
    assert lines[1].startswith("  type: 1 — ")
    assert lines[2].startswith("    item-04.md: quality is the text '44'; expected a number")
    assert lines[3].startswith("  mojibake: 1 — ")
    assert (
        lines[4] == "    item-03.md: title is garbled: 'Itâ€™s cafÃ© time' becomes 'It’s café time'"
    )


def test_fix_dry_run_prints_the_diffs_and_changes_nothing(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    planted(folder)
    before = snapshot(folder)
    status, out, err = cli("report", folder, "--fix", "mojibake", "--dry-run")
    assert (status, err) == (0, "")
    assert snapshot(folder) == before
    assert out.splitlines() == [
        "would change: item-03.md",
        "--- item-03.md",
        "+++ item-03.md",
        "@@ -1,5 +1,5 @@",
        " ---",
        '-title: "Itâ€™s cafÃ© time"',
        '+title: "It’s café time"',
        " category: news",
        " publishedDateTime: 2024-03-13T10:03:00Z",
        ' originalUrl: "https://example.org/news/item-3"',
        "1 file would change",
    ]


def test_fix_writes_only_the_fixed_values(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    garbled, texted = planted(folder)
    others = {p: p.read_bytes() for p in folder.iterdir() if p not in (garbled, texted)}
    old = texted.read_bytes()
    status, out, err = cli("report", folder, "--fix", "type")
    assert (status, err) == (0, "")
    assert out.splitlines() == ["fixed: item-04.md", "1 file fixed"]
    assert texted.read_bytes() == old.replace(b'quality: "44"', b"quality: 44")
    assert all(p.read_bytes() == raw for p, raw in others.items())
    status, out, _err = cli("report", folder, "--fix", "mojibake")
    assert status == 0
    assert '"It’s café time"' in garbled.read_text(encoding="utf-8")
    status, out, _err = cli("report", folder, "--format", "json")
    assert json.loads(out) == []


def test_a_file_changed_since_the_report_is_left_alone(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    garbled, _texted = planted(folder)
    cli("report", folder)  # the index cache now holds the garbled title
    text = garbled.read_text(encoding="utf-8").replace("Itâ€™s cafÃ© time", "Itâ€™s tea time")
    garbled.write_text(text, encoding="utf-8")
    status, _out, _err = cli("report", folder, "--fix", "mojibake")
    assert status == 0  # the report reads the file again: the fix is made to what is there
    assert '"It’s tea time"' in garbled.read_text(encoding="utf-8")


def test_a_file_that_cannot_be_written_is_status_1(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    garbled, _texted = planted(folder)
    garbled.chmod(0o444)
    old = garbled.read_bytes()
    status, out, err = cli("report", folder, "--fix", "mojibake")
    assert status == 1
    assert "item-03.md" in err
    assert garbled.read_bytes() == old
    assert out.splitlines()[-1] == "0 files fixed (1 with problems)"


def test_usage_errors(cli: Run, tmp_path: Path) -> None:
    folder = news(tmp_path / "news")
    assert cli("report", tmp_path / "nowhere")[0] == 2
    assert cli("report", folder, "--dry-run")[0] == 2
    assert cli("report", folder, "--fix", "missing")[0] == 2  # not fixable
    assert cli("report", folder, "--kind", "nonsense")[0] == 2
    assert cli("report", folder, "--stale-days", "-3")[0] == 2


def test_a_site_is_reported_per_collection(cli: Run, tmp_path: Path) -> None:
    root = tmp_path / "site"
    news(root / "_news")
    people = root / "_people"
    people.mkdir()
    for n in range(COUNT):
        (people / f"p{n:02d}.md").write_text(f"---\nname: Person {n}\nbio: Hi.\n---\n", "utf-8")
    (people / "p03.md").write_text("---\nname: Person 3\n---\n", "utf-8")
    (root / "_config.yml").write_text("collections: [news, people]\n", "utf-8")
    status, out, _err = cli("report", root)
    assert status == 0
    assert out.splitlines() == [
        "news: 20 files, 0 findings",
        "people: 20 files, 1 finding",
        "  missing: 1 — A field nearly every file of the collection has is missing here",
        "    _people/p03.md: bio is missing (95% of the files have it)",
        "2 collections, 1 finding",
    ]
