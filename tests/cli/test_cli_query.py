"""``--query`` for ``list``, ``publish``, ``unpublish`` and ``set``, and ``--dry-run``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import PUBLISHED, UNPUBLISHED, Run, write

from reviewer.cli import editing
from reviewer.core import read_article
from reviewer.core.document import Document
from reviewer.core.query import Query
from reviewer.workspace import Workspace

DRAFT = "news/2024-02-10-unpublished.md"
LIVE = "news/2024-03-01-published.md"
UNSET = "news/sub/no-published.md"
BROKEN = "news/broken.md"
LAUGHS = "news/laughs.md"


def paths(cli: Run, site: Path, *args: object) -> list[str]:
    status, out, err = cli("list", site, "--format", "json", *args)
    assert (status, err) == (0, "")
    return [row["path"] for row in json.loads(out)]


def snapshot(site: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


# -- list --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("power", [LIVE]),
        ("POWÉR apps", [LIVE]),
        ("is:unpublished", [DRAFT, BROKEN, LAUGHS]),  # UNSET has no key: published
        ("is:published and quality:<5", [UNSET]),
        ("is:error", [BROKEN, LAUGHS]),
        ("provider.domain:verge", [DRAFT]),
        ("topics:=ai -is:published", [DRAFT]),
        ("date:2024-03", [LIVE]),
        ("date:2024-02-01..2024-02-29", [DRAFT]),
        ("missing:publishedDateTime -is:error", [UNSET]),
        ('title:~"^(draft|no) "', [DRAFT, UNSET]),
        ("nothing-matches-this", []),
    ],
)
def test_list_query(cli: Run, site: Path, query: str, expected: list[str]) -> None:
    assert paths(cli, site, "--query", query) == expected


def test_list_query_and_status_both_apply(cli: Run, site: Path) -> None:
    assert paths(cli, site, "--query", "ai", "--status", "unpublished") == [DRAFT]
    assert paths(cli, site, "--query", "ai", "--status", "published") == [LIVE]
    assert paths(cli, site, "--status", "unpublished", "--query", "-is:error") == [DRAFT]


def test_list_query_as_a_table(cli: Run, site: Path) -> None:
    status, out, err = cli("list", site, "--query", "is:published")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == (
        "2 files, 2 published, 0 with errors; * no true or false written: yes and no as Jekyll"
        " reads the file"
    )


@pytest.mark.parametrize(
    ("query", "caret"),
    [
        ("is:nope", "   ^^^^"),
        ("power (apps", "      ^"),
        ("title:~(a", "       ^^"),
        ("日本 date:2021-13", "          ^^^^^^^"),
        ("-", "^"),  # wide characters take two columns
    ],
)
def test_an_invalid_query_exits_2_with_a_caret(
    cli: Run, site: Path, query: str, caret: str
) -> None:
    status, out, err = cli("list", site, "--query", query)
    assert (status, out) == (2, "")
    first, shown, marks = err.splitlines()
    assert first.startswith("reviewer list: error: invalid search: ")
    assert shown == f"  {query}"
    assert marks == f"  {caret}"


def test_the_apps_git_states_are_refused_with_where_to_look(cli: Run, site: Path) -> None:
    status, out, err = cli("list", site, "--query", "is:changed or is:untracked")
    assert (status, out) == (2, "")
    assert "is:changed, is:untracked" in err and "reviewer status" in err


def test_the_apps_report_kinds_are_refused_with_where_to_look(cli: Run, site: Path) -> None:
    status, out, err = cli("list", site, "--query", "is:stale -is:mojibake")
    assert (status, out) == (2, "")
    assert "is:mojibake, is:stale" in err and "reviewer report" in err


def test_an_invalid_query_is_reported_before_anything_is_changed(cli: Run, site: Path) -> None:
    before = snapshot(site)
    for command in ("publish", "unpublish"):
        status, out, err = cli(command, "--query", "is:", site)
        assert (status, out) == (2, "")
        assert "needs a value" in err
    status, _, err = cli("set", "--query", "(a", site, "quality=1")
    assert status == 2 and "never closed" in err
    assert snapshot(site) == before


# -- publish, unpublish, set with --query ---------------------------------------------------------


def test_publish_query_changes_only_the_matches(cli: Run, site: Path) -> None:
    before = snapshot(site)
    status, out, err = cli("publish", "--query", "provider:verge or quality:3", site)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"published: {site / DRAFT}",
        f"published: {site / UNSET}",
        "2 files published (2 matched)",
    ]
    assert read_article(site / DRAFT).published is True
    assert read_article(site / UNSET).published is True
    assert (site / DRAFT).read_text() == UNPUBLISHED.replace("published: false", "published: true")
    after = snapshot(site)
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {site / DRAFT, site / UNSET}


def test_unpublish_query(cli: Run, site: Path) -> None:
    status, out, _ = cli("unpublish", "--query", "is:published", site)
    assert status == 0
    assert out.splitlines() == [
        f"unpublished: {site / LIVE}",
        f"unpublished: {site / UNSET}",  # no published key: Jekyll published it
        "2 files unpublished (2 matched)",
    ]
    assert (site / LIVE).read_text() == PUBLISHED.replace("published: true", "published: false")


def test_files_already_so_are_unchanged(cli: Run, site: Path) -> None:
    status, out, _ = cli("publish", "--query", "ai", site)
    assert status == 0
    assert out.splitlines() == [
        f"published: {site / DRAFT}",
        f"unchanged: {site / LIVE}",
        "1 file published (2 matched)",
    ]


def test_matching_files_with_errors_are_reported_not_edited(cli: Run, site: Path) -> None:
    before = snapshot(site)
    status, out, err = cli("publish", "--query", "is:unpublished or missing:published", site)
    assert status == 1
    assert out.splitlines() == [
        f"published: {site / DRAFT}",
        f"published: {site / UNSET}",
        "2 files published (4 matched, 2 with problems)",
    ]
    problems = err.splitlines()
    assert problems[0].startswith(f"{site / BROKEN}: invalid YAML at line 2")
    assert problems[1].startswith(f"{site / LAUGHS}: ") and "aliases" in problems[1]
    after = snapshot(site)
    for name in (BROKEN, LAUGHS, "about.md", LIVE):
        assert after[site / name] == before[site / name]


def test_no_match_changes_nothing(cli: Run, site: Path) -> None:
    before = snapshot(site)
    assert cli("publish", "--query", "zzz", site) == (0, "0 files published (0 matched)\n", "")
    assert snapshot(site) == before


def test_set_query(cli: Run, site: Path) -> None:
    status, out, err = cli(
        "set", "--query", "category:=news -is:error", site, "quality=50", "x.y=1"
    )
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "3 files updated (3 matched)"
    for name in (DRAFT, LIVE, UNSET):
        article = read_article(site / name)
        assert article.quality == 50
        assert article.data["x"] == {"y": 1}


def test_query_needs_exactly_one_folder(cli: Run, site: Path) -> None:
    status, out, err = cli("publish", "--query", "ai", site, site)
    assert (status, out) == (2, "")
    assert "give one FOLDER" in err
    status, _, err = cli("publish", "--query", "ai", site / DRAFT)
    assert status == 2 and "not a folder" in err
    status, _, err = cli("set", "--query", "ai", site / "nowhere", "a=1")
    assert status == 2 and "no such folder" in err


def test_a_file_changed_since_the_search_read_it_is_not_overwritten(
    cli: Run, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = UNPUBLISHED.replace("Draft item", "Changed elsewhere")
    find = editing.find

    def search_then_change(
        workspace: Workspace, query: Query, keep: Callable[[Document], Any]
    ) -> tuple[list[Any], list[tuple[str, list[str]]]]:
        found = find(workspace, query, keep)
        write(site / DRAFT, other)  # another program saves between the search and the write
        return found

    monkeypatch.setattr(editing, "find", search_then_change)
    status, out, err = cli("publish", "--query", "provider:verge", site)
    assert status == 1
    assert out == "0 files published (1 matched, 1 with problems)\n"
    assert "was changed by another program" in err
    assert (site / DRAFT).read_text() == other


# -- dry runs ------------------------------------------------------------------------------------


def test_dry_run_prints_diffs_and_writes_nothing(cli: Run, site: Path) -> None:
    before = snapshot(site)
    status, out, err = cli("publish", "--dry-run", "--query", "-is:error", site)
    assert (status, err) == (0, "")
    assert snapshot(site) == before
    assert not list(site.rglob(".reviewer-*"))
    draft = str(site / DRAFT)
    assert out == (
        f"would change: {draft}\n"
        f"--- {draft}\n"
        f"+++ {draft}\n"
        "@@ -2,7 +2,7 @@\n"
        " title: Draft item\n"
        " category: news\n"
        " publishedDateTime: 2024-02-10\n"
        "-published: false\n"
        "+published: true\n"
        " provider: {name: The Verge, domain: theverge.com}\n"
        " topics: [AI]\n"
        " ---\n"
        f"unchanged: {site / LIVE}\n"
        f"would change: {site / UNSET}\n"
        f"--- {site / UNSET}\n"
        f"+++ {site / UNSET}\n"
        "@@ -2,5 +2,6 @@\n"
        " title: 'No published key'\n"
        " category: news\n"
        " quality: 3\n"
        "+published: true\n"
        " ---\n"
        " Body.\n"
        "2 files would change (3 matched)\n"
    )


def test_dry_run_shows_the_same_change_a_real_run_makes(cli: Run, site: Path) -> None:
    status, out, _ = cli("set", "--dry-run", "--query", "ai", site, "quality=7", "topics=[x]")
    assert status == 0
    shown = [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in "---+++"]
    assert out.splitlines()[-1] == "2 files would change (2 matched)"
    before = {name: (site / name).read_text().splitlines() for name in (DRAFT, LIVE)}
    assert cli("set", "--query", "ai", site, "quality=7", "topics=[x]")[0] == 0
    made = []
    for name in (DRAFT, LIVE):
        after = (site / name).read_text().splitlines()
        made += [f"-{line}" for line in before[name] if line not in after]
        made += [f"+{line}" for line in after if line not in before[name]]
    assert sorted(shown) == sorted(made)


def test_dry_run_reports_problem_files(cli: Run, site: Path) -> None:
    query = "is:unpublished or missing:published"
    status, out, err = cli("unpublish", "--dry-run", "--query", query, site)
    assert status == 1
    assert out.splitlines() == [
        f"unchanged: {site / DRAFT}",
        f"would change: {site / UNSET}",
        f"--- {site / UNSET}",
        f"+++ {site / UNSET}",
        "@@ -2,5 +2,6 @@",
        " title: 'No published key'",
        " category: news",
        " quality: 3",
        "+published: false",
        " ---",
        " Body.",
        "1 file would change (4 matched, 2 with problems)",
    ]
    assert len(err.splitlines()) == 2


def test_dry_run_with_files(cli: Run, site: Path) -> None:
    before = snapshot(site)
    missing = site / "news/missing.md"
    status, out, err = cli("publish", "--dry-run", site / DRAFT, site / LIVE, missing)
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"would change: {site / DRAFT}"
    assert "-published: false" in lines and "+published: true" in lines
    assert f"unchanged: {site / LIVE}" in lines
    assert lines[-1] == "1 file would change (1 with problems)"
    assert err == f"{missing}: the file does not exist\n"
    assert snapshot(site) == before


def test_dry_run_set_refuses_what_a_save_would_refuse(cli: Run, site: Path) -> None:
    status, out, err = cli("set", "--dry-run", site / DRAFT, "title.x=1")
    assert status == 1
    assert out == "0 files would change (1 with problems)\n"
    assert "title is not a mapping" in err


def test_dry_run_diff_of_a_crlf_bom_file_has_plain_lines(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: x\r\npublished: false\r\n---\r\nbody\r\n")
    before = path.read_bytes()
    status, out, _ = cli("publish", "--dry-run", "--query", "x", tmp_path)
    assert status == 0
    assert "\r" not in out and "\ufeff" not in out
    assert "-published: false\n+published: true\n" in out
    assert path.read_bytes() == before


def test_help_shows_the_new_options(cli: Run) -> None:
    for command in ("list", "publish", "unpublish", "set"):
        status, out, _ = cli(command, "--help")
        assert status == 0
        assert "--query Q" in out
        assert "missing:webUrl" in out  # the search summary
        if command != "list":
            assert "--dry-run" in out


def test_a_query_may_start_with_a_minus(cli: Run, site: Path) -> None:
    assert paths(cli, site, "--query", "-is:error") == [DRAFT, LIVE, UNSET]
    assert paths(cli, site, "--query=-is:error") == [DRAFT, LIVE, UNSET]
    status, _, err = cli("list", site, "--query")
    assert status == 2 and "expected one argument" in err
    # After "--", "--query" is a name like any other.
    status, _, err = cli("publish", "--", "--query", "x")
    assert status == 1 and "--query: the file does not exist" in err


def test_is_duplicate_finds_articles_with_the_same_url(cli: Run, tmp_path: Path) -> None:
    story = "---\ntitle: {title}\noriginalUrl: https://example.com/story\n---\n"
    write(tmp_path / "a.md", story.format(title="Council approves the new budget"))
    write(tmp_path / "b.md", story.format(title="The new budget is approved"))
    write(tmp_path / "c.md", "---\ntitle: Something else entirely\n---\n")
    assert paths(cli, tmp_path, "--query", "is:duplicate") == ["a.md", "b.md"]
    assert paths(cli, tmp_path, "--query", "-is:duplicate") == ["c.md"]
    assert paths(cli, tmp_path, "--query", "is:modified") == []


def test_a_field_no_article_has_is_pointed_out_with_the_nearest(cli: Run, site: Path) -> None:
    """Issue 11: `qualty:>50` gave 0 rows with no hint."""
    status, out, err = cli("list", site, "--query", "qualty:>50", "--format", "json")
    assert status == 0 and json.loads(out) == []
    assert err == (
        "reviewer list: warning: no article in the folder has the field 'qualty'; "
        "did you mean quality?\n"
    )
    status, _out, err = cli("list", site, "--query", "quality:>50 provider.name:x")
    assert status == 0 and err == ""  # fields the folder has: no warning
    status, _out, err = cli("publish", "--dry-run", "--query", "-qualty:1", site)
    assert "reviewer publish: warning: no article in the folder has the field 'qualty'" in err
