"""``reviewer list`` with the index cache, and ``--no-cache``."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from cli_support import Run, write

from reviewer.cli.search import parse_query
from reviewer.core.folder.index import IndexCache
from reviewer.core.query.light import summaries_answer


def listed(cli: Run, *args: object) -> list[dict[str, Any]]:
    status, out, err = cli("list", *args, "--format", "json")
    assert (status, err) == (0, "")
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.sqlite3"))


def test_list_fills_the_cache_and_lists_the_same_from_it(
    cli: Run, site: Path, cache_dir: Path
) -> None:
    assert cache_files(cache_dir) == []
    first = listed(cli, site)
    assert cache_files(cache_dir) == [IndexCache(cache_dir).path_for(site)]
    assert listed(cli, site) == first
    assert listed(cli, site, "--no-cache") == first
    assert len(first) == 5


def test_no_cache_neither_uses_nor_makes_one(cli: Run, site: Path, cache_dir: Path) -> None:
    rows = listed(cli, site, "--no-cache")
    assert cache_files(cache_dir) == []
    assert {r["path"] for r in rows} >= {"news/2024-03-01-published.md"}


def test_a_file_changed_outside_is_listed_as_it_now_is(
    cli: Run, site: Path, cache_dir: Path
) -> None:
    listed(cli, site)
    path = site / "news" / "2024-02-10-unpublished.md"
    write(path, path.read_text().replace("Draft item", "Draft item, edited"))
    write(site / "news" / "added.md", "---\ntitle: Added\n---\n")
    (site / "news" / "sub" / "no-published.md").unlink()
    rows = {r["path"]: r for r in listed(cli, site)}
    assert rows["news/2024-02-10-unpublished.md"]["title"] == "Draft item, edited"
    assert rows["news/added.md"]["title"] == "Added"
    assert "news/sub/no-published.md" not in rows
    assert listed(cli, site, "--no-cache") == list(rows.values())


def test_a_file_copied_over_with_its_size_and_mtime_kept_is_listed_as_it_now_is(
    cli: Run, site: Path, cache_dir: Path
) -> None:
    path = write(site / "news" / "scored.md", "---\ntitle: Scored\nquality: 37\n---\n")
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))
    assert {r["path"]: r["quality"] for r in listed(cli, site)}["news/scored.md"] == 37
    write(path, "---\ntitle: Scored\nquality: 38\n---\n")  # as `cp -p` or `tar -x` do
    os.utime(path, ns=(old, old))
    rows = {r["path"]: r for r in listed(cli, site)}
    assert rows["news/scored.md"]["quality"] == 38
    assert listed(cli, site, "--no-cache") == list(rows.values())


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_cache_is_private_to_its_user(cli: Run, site: Path, cache_dir: Path) -> None:
    cache_dir.chmod(0o755)
    old = os.umask(0o022)
    try:
        listed(cli, site)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache_dir.iterdir()} == {0o600}


@pytest.mark.parametrize(
    "query",
    ["power", "provider.name:verge", "is:error", "secured:abc", "-secured:abc", "has:images"],
)
def test_queries_find_the_same_with_and_without_the_cache(cli: Run, site: Path, query: str) -> None:
    listed(cli, site)  # the cache is filled
    assert listed(cli, site, "--query", query) == listed(cli, site, "--query", query, "--no-cache")


def test_a_search_on_values_summaries_lack_reads_the_files() -> None:
    assert summaries_answer(parse_query("power -is:published date:2024 quality:>3"))
    assert summaries_answer(parse_query("provider.domain:verge topics:=ai"))
    assert not summaries_answer(parse_query("power or secured:abc"))
    assert not summaries_answer(parse_query("-(related.title:x)"))
    assert not summaries_answer(parse_query("has:images"))  # an image's other keys count
    assert not summaries_answer(parse_query("updated:>=2021"))  # may be long, or nested
    fields = parse_query("a title:x (-quality:>3 or date:2021) has:y").fields
    assert fields == ["title", "quality", "publishedDateTime", "y"]


def test_help_mentions_no_cache(cli: Run) -> None:
    status, out, _ = cli("list", "--help")
    assert status == 0 and "--no-cache" in out
