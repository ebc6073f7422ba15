"""``reviewer publish``, ``unpublish`` and ``set``: minimal edits, and no edit on failure."""

from __future__ import annotations

import difflib
import errno
import os
from pathlib import Path

import pytest
from cli_support import PUBLISHED, UNPUBLISHED, Run, write

from reviewer.cli import editing
from reviewer.core import Article, read_article, store


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines a diff from ``before`` to ``after`` removes (-) and adds (+)."""
    diff = difflib.ndiff(before.decode().splitlines(True), after.decode().splitlines(True))
    return [line for line in diff if line[:1] in "+-"]


def test_publish_changes_one_line(cli: Run, site: Path) -> None:
    path = site / "news/2024-02-10-unpublished.md"
    before = path.read_bytes()
    assert cli("publish", path) == (0, f"published: {path}\n", "")
    after = path.read_bytes()
    assert changed_lines(before, after) == ["- published: false\n", "+ published: true\n"]


def test_unpublish_changes_one_line(cli: Run, site: Path) -> None:
    path = site / "news/2024-03-01-published.md"
    assert cli("unpublish", path) == (0, f"unpublished: {path}\n", "")
    assert path.read_text() == PUBLISHED.replace("published: true", "published: false")


def test_publish_adds_a_missing_key_as_one_line(cli: Run, site: Path) -> None:
    path = site / "news/sub/no-published.md"
    before = path.read_bytes()
    assert cli("publish", path)[0] == 0
    assert changed_lines(before, path.read_bytes()) == ["+ published: true\n"]
    assert read_article(path).published is True


def test_a_file_already_so_is_unchanged(cli: Run, site: Path) -> None:
    path = site / "news/2024-03-01-published.md"
    stat = path.stat()
    assert cli("publish", path) == (0, f"unchanged: {path}\n", "")
    assert path.read_text() == PUBLISHED
    assert path.stat().st_mtime_ns == stat.st_mtime_ns


def test_crlf_and_bom_are_kept(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: x\r\npublished: false\r\n---\r\nbody\r\n")
    assert cli("publish", path)[0] == 0
    assert path.read_bytes() == b"\xef\xbb\xbf---\r\ntitle: x\r\npublished: true\r\n---\r\nbody\r\n"


def test_several_files_each_reported_bad_ones_untouched(cli: Run, site: Path) -> None:
    good = site / "news/2024-02-10-unpublished.md"
    broken = site / "news/broken.md"
    laughs = site / "news/laughs.md"
    plain = site / "about.md"
    missing = site / "news/missing.md"
    untouched = {p: p.read_bytes() for p in (broken, laughs, plain)}
    status, out, err = cli("publish", broken, good, laughs, plain, missing)
    assert status == 1
    assert out == f"published: {good}\n"
    lines = err.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{broken}: invalid YAML at line 2")
    assert lines[1].startswith(f"{laughs}: ") and "aliases" in lines[1]
    assert lines[2] == f"{plain}: the file has no front matter"
    assert lines[3] == f"{missing}: the file does not exist"
    assert read_article(good).published is True
    for path, raw in untouched.items():
        assert path.read_bytes() == raw
    assert not missing.exists()


def test_publish_never_gives_an_empty_file_a_front_matter(cli: Run, tmp_path: Path) -> None:
    # A file without a front matter is not an article, empty or not: a search-wide set
    # must not turn a README into a page.
    path = write(tmp_path / "empty.md", "")
    assert cli("publish", path) == (1, "", f"{path}: the file has no front matter\n")
    assert path.read_bytes() == b""
    assert cli("publish", "--dry-run", path)[0] == 1
    assert path.read_bytes() == b""


def test_set_values_are_yaml_and_dotted_keys_reach_nested_mappings(cli: Run, site: Path) -> None:
    path = site / "news/2024-03-01-published.md"
    before = path.read_bytes()
    status, out, err = cli(
        "set", path, "quality=40", "topics=[AI, Power Apps]", "provider.name=ARN", "heat="
    )
    assert (status, out, err) == (0, f"updated: {path}\n", "")
    article = read_article(path)
    assert article.quality == 40
    assert article.topics == ["AI", "Power Apps"]
    assert article.provider == {"name": "ARN", "domain": "microsoft.com"}
    assert article.data["heat"] is None
    assert "# A comment the CLI must never lose" in path.read_text()
    assert len(changed_lines(before, path.read_bytes())) <= 8  # quality, heat, name, 2 topics


def test_set_adds_new_keys(cli: Run, site: Path) -> None:
    path = site / "news/sub/no-published.md"
    assert cli("set", path, "published=false", "excerpt='Short: sweet'")[0] == 0
    article = read_article(path)
    assert article.published is False
    assert article.excerpt == "Short: sweet"


def test_set_in_a_flow_mapping(cli: Run, site: Path) -> None:
    path = site / "news/2024-02-10-unpublished.md"
    assert cli("set", path, "provider.name=Ars Technica")[0] == 0
    assert read_article(path).provider == {"name": "Ars Technica", "domain": "theverge.com"}
    assert path.read_text() == UNPUBLISHED.replace("The Verge", "Ars Technica")


def test_set_the_same_value_is_unchanged(cli: Run, site: Path) -> None:
    path = site / "news/2024-03-01-published.md"
    assert cli("set", path, "quality=42") == (0, f"unchanged: {path}\n", "")
    assert path.read_text() == PUBLISHED


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("title", "is not KEY=VALUE"),
        ("=5", "is not a key"),
        ("provider..name=x", "is not a key"),
        ("title=[unclosed", "the value is not valid YAML"),
        ("title=a: b: c", "the value is not valid YAML"),
        ("title=!!python/object/apply:os.system [echo hi]", "is not allowed"),
        ("title=&a [*a]", "the value is not valid YAML"),
        ("title=!!set {a}", "a set (!!set) value cannot be written"),
        ("title=[!!binary aGk=]", "a binary (!!binary) value cannot be written"),
        ("title={1: a}", "mapping keys in the value must be text"),
    ],
)
def test_set_usage_errors_exit_2_and_write_nothing(
    cli: Run, site: Path, assignment: str, message: str
) -> None:
    path = site / "news/2024-03-01-published.md"
    status, out, err = cli("set", path, "quality=1", assignment)
    assert status == 2
    assert out == ""
    assert message in err
    assert assignment in err
    assert path.read_text() == PUBLISHED


@pytest.mark.parametrize(
    "assignment",
    ["title.sub=x", "topics.first=x", "quality.x=1"],
)
def test_set_never_replaces_a_value_in_passing(cli: Run, site: Path, assignment: str) -> None:
    path = site / "news/2024-03-01-published.md"
    status, out, err = cli("set", path, assignment)
    assert status == 1
    assert out == ""
    key = assignment.split(".")[0]
    assert err == f"{path}: {key} is not a mapping, so {assignment[:-2]} cannot be set in it\n"
    assert path.read_text() == PUBLISHED


def test_set_creates_missing_mappings(cli: Run, site: Path) -> None:
    path = site / "news/sub/no-published.md"
    assert cli("set", path, "author.name=Ada", "author.site.url=https://example.org")[0] == 0
    assert read_article(path).data["author"] == {
        "name": "Ada",
        "site": {"url": "https://example.org"},
    }


@pytest.mark.parametrize("command", [["publish"], ["unpublish"], ["set", "quality=1"]])
def test_editing_a_broken_file_leaves_it_byte_identical(
    cli: Run, site: Path, command: list[str]
) -> None:
    path = site / "news/broken.md"
    before = path.read_bytes()
    args = [command[0], path, *command[1:]]
    status, out, err = cli(*args)
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}: invalid YAML")
    assert path.read_bytes() == before


def test_a_file_changed_since_it_was_read_is_not_overwritten(
    cli: Run, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = site / "news/2024-02-10-unpublished.md"
    other = UNPUBLISHED.replace("Draft item", "Changed elsewhere")

    real_render = store.render

    def render_then_change(article: Article, changes: object) -> bytes:
        new = real_render(article, changes)  # type: ignore[arg-type]
        # Another program, which takes no lock, saves between our read and our write.
        write(path, other)
        return new

    monkeypatch.setattr(store, "render", render_then_change)
    status, out, err = cli("publish", path)
    assert (status, out) == (1, "")
    assert err == f"{path}: {path.name} was changed by another program while it was being saved\n"
    assert path.read_text() == other


def test_a_refused_write_is_reported(cli: Run, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = site / "news/2024-02-10-unpublished.md"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    status, out, err = cli("publish", path)
    assert (status, out) == (1, "")
    assert err == f"{path}: the disk is full (or over quota); the file is as it was\n"
    assert path.read_text() == UNPUBLISHED


def test_parse_value() -> None:
    assert editing.parse_value("") is None
    assert editing.parse_value("  ") is None
    assert editing.parse_value("40") == 40
    assert editing.parse_value("true") is True
    assert editing.parse_value("'40'") == "40"
    assert editing.parse_value("[a, b]") == ["a", "b"]
    assert editing.parse_value("{name: ARN}") == {"name": "ARN"}
    assert editing.parse_value("Hello world") == "Hello world"
    with pytest.raises(ValueError, match="aliases"):
        editing.parse_value(
            "[&a [x, x, x, x, x, x, x, x, x, x], " + ", ".join(["*a"] * 20000) + "]"
        )


def test_two_set_commands_started_together_both_land(site: Path) -> None:
    """Two `reviewer set` processes on one file: each change lands (issue 9: one was lost
    in about one run of nine, both exiting 0)."""
    import subprocess
    import sys

    path = site / "news/2024-02-10-unpublished.md"
    command = [sys.executable, "-m", "reviewer", "set", str(path)]
    for run in range(8):
        racers = [
            subprocess.Popen([*command, f"heat={100 + run}"], stderr=subprocess.PIPE),
            subprocess.Popen([*command, f"quality={200 + run}"], stderr=subprocess.PIPE),
        ]
        for racer in racers:
            _, err = racer.communicate(timeout=60)
            assert racer.returncode == 0, err
        article = read_article(path)
        assert (article.heat, article.quality) == (100 + run, 200 + run), run


def test_a_typed_value_is_read_by_the_files_strict_loader(cli: Run, site: Path) -> None:
    """Issue 10: `set F 'provider={name: a, name: b}'` silently kept b (a plain loader)."""
    path = site / "news/2024-03-01-published.md"
    before = path.read_bytes()
    status, out, err = cli("set", path, "provider={name: a, name: b}")
    assert (status, out) == (2, "")
    assert "duplicate key 'name'" in err
    deep = "[" * 150 + "]" * 150
    status, _out, err = cli("set", path, f"topics={deep}")
    assert status == 2 and "nested 150 levels deep" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("quality=abc", "quality must be a number, not the text 'abc'."),
        ("published=maybe", "published must be true or false, not the text 'maybe'."),
        ("publishedDateTime=not-a-date", "publishedDateTime must be a date"),
        ("webUrl=ftp://example.org/x", "webUrl must be"),
        ("topics={a: 1}", "topics must be"),
        ("secured=abc", "secured is protected"),
    ],
)
def test_values_are_checked_against_their_field(
    cli: Run, site: Path, assignment: str, message: str
) -> None:
    """Issue 11: these were all written with exit status 0."""
    path = site / "news/2024-03-01-published.md"
    before = path.read_bytes()
    status, out, err = cli("set", path, assignment)
    assert (status, out) == (2, "")
    assert message in err
    assert path.read_bytes() == before


def test_a_protected_field_is_set_only_when_forced(cli: Run, site: Path) -> None:
    path = site / "news/2024-03-01-published.md"
    status, out, _err = cli("set", "--force", path, "secured=new-signature")
    assert (status, out) == (0, f"updated: {path}\n")
    assert read_article(path).data["secured"] == "new-signature"
