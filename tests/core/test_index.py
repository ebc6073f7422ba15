"""The index cache: what a reopen reuses, and what makes it parse again or start over."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.core.article import Article, light
from reviewer.core.folder import index as index_module
from reviewer.core.folder import packing
from reviewer.core.folder.index import IndexCache, default_directory
from reviewer.core.folder.loading import open_folder
from reviewer.core.store import read_article

HOUR_NS = 3600 * 1_000_000_000


def article(title: str, extra: str = "") -> bytes:
    return (
        f"---\ntitle: {title}\npublished: false\npublishedDateTime: 2024-03-01T10:30:00Z\n"
        f"provider:\n  name: Contoso\n  domain: contoso.com\n{extra}---\nBody\n"
    ).encode()


def write(path: Path, data: bytes, age_hours: float | None = 2) -> Path:
    """Write ``data``; with an age, the mtime is that far in the past (not "racy")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if age_hours is not None:
        set_mtime(path, time.time_ns() - int(age_hours * HOUR_NS))
    return path


def set_mtime(path: Path, ns: int) -> None:
    os.utime(path, ns=(ns, ns))


def load(
    folder: Path, cache: IndexCache | None, **options: object
) -> tuple[dict[str, Article], int]:
    """The light articles by relative path, and how many files were parsed."""
    found: dict[str, Article] = {}
    parsed = 0
    for batch in open_folder(folder, cache=cache, **options):  # type: ignore[arg-type]
        parsed = batch.parsed
        for item in batch.articles:
            found[item.path.relative_to(folder).as_posix()] = item
    return found, parsed


def expected(folder: Path) -> dict[str, Article]:
    """What a load must give: each file read in full now, made light."""
    return {
        path.relative_to(folder).as_posix(): light(read_article(path))
        for path in sorted(folder.rglob("*.md"))
        if read_article(path).has_front_matter
    }


@pytest.fixture
def cache(tmp_path: Path) -> IndexCache:
    return IndexCache(tmp_path / "cache")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(root / "a.md", article("Alpha"))
    write(root / "b.md", article("Beta", "topics: [AI, Power Apps]\n"))
    write(root / "sub" / "c.md", article("Gamma"))
    write(root / "broken.md", b"---\ntitle: [unclosed\n---\n")
    write(root / "plain.md", b"no front matter\n")
    return root


def test_a_reopen_reads_no_file_and_gives_the_same_articles(
    folder: Path, cache: IndexCache
) -> None:
    first, parsed = load(folder, cache)
    assert parsed == 5
    assert first == expected(folder)
    again, parsed = load(folder, cache)
    assert parsed == 0
    assert again == first
    assert again["broken.md"].error is not None
    assert "plain.md" not in again


def test_a_file_grown_outside_the_app_is_parsed_again(folder: Path, cache: IndexCache) -> None:
    load(folder, cache)
    path = folder / "a.md"
    mtime = path.stat().st_mtime_ns
    path.write_bytes(article("Alpha, longer now"))
    set_mtime(path, mtime)  # only the size tells
    found, parsed = load(folder, cache)
    assert parsed == 1
    assert found["a.md"].title == "Alpha, longer now"
    assert found == expected(folder)


def test_a_file_rewritten_with_the_same_size_and_a_new_mtime_is_parsed_again(
    folder: Path, cache: IndexCache
) -> None:
    load(folder, cache)
    path = folder / "a.md"
    size, mtime = path.stat().st_size, path.stat().st_mtime_ns
    write(path, article("Omega"), age_hours=1)
    assert path.stat().st_size == size and path.stat().st_mtime_ns != mtime
    found, parsed = load(folder, cache)
    assert parsed == 1
    assert found["a.md"].title == "Omega"
    assert found["a.md"].fingerprint == read_article(path).fingerprint


def test_a_recent_file_changed_within_its_mtime_is_caught_by_its_digest(
    tmp_path: Path, cache: IndexCache
) -> None:
    root = tmp_path / "fresh"
    path = write(root / "a.md", article("Alpha"), age_hours=None)  # just written: racy
    load(root, cache)
    mtime = path.stat().st_mtime_ns
    path.write_bytes(article("Omega"))  # same size ...
    set_mtime(path, mtime)  # ... and the same mtime: only the bytes differ
    found, _ = load(root, cache)
    assert found["a.md"].title == "Omega"


def test_an_added_file_is_parsed_alone(folder: Path, cache: IndexCache) -> None:
    load(folder, cache)
    write(folder / "sub" / "new.md", article("New"))
    found, parsed = load(folder, cache)
    assert parsed == 1
    assert found["sub/new.md"].title == "New"
    assert found == expected(folder)


def test_a_deleted_file_is_gone_from_the_list_and_from_the_index(
    folder: Path, cache: IndexCache
) -> None:
    load(folder, cache)
    (folder / "b.md").unlink()
    found, parsed = load(folder, cache)
    assert parsed == 0
    assert "b.md" not in found and found == expected(folder)
    index = cache.open(folder)
    assert "b.md" not in index.packed_by_path() and "a.md" in index.packed_by_path()
    index.close()


def test_a_renamed_file_is_a_deleted_one_and_a_new_one(folder: Path, cache: IndexCache) -> None:
    load(folder, cache)
    (folder / "b.md").rename(folder / "sub" / "b2.md")
    found, parsed = load(folder, cache)
    assert parsed == 1
    assert "b.md" not in found and found["sub/b2.md"].title == "Beta"
    index = cache.open(folder)
    assert set(index.packed_by_path()) == {"a.md", "broken.md", "plain.md", "sub/c.md", "sub/b2.md"}
    index.close()


def test_a_cache_from_another_version_is_rebuilt(
    folder: Path, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = index_module.STAMP
    monkeypatch.setattr(index_module, "STAMP", stamp.replace("schema", "schema 0 then"))
    load(folder, cache)
    monkeypatch.setattr(index_module, "STAMP", stamp)
    write(folder / "a.md", article("Changed"), age_hours=3)
    found, parsed = load(folder, cache)
    assert parsed == 5  # nothing of the old cache was used
    assert found == expected(folder)
    index = cache.open(folder)
    assert index.problem is None  # rebuilt with the current stamp
    index.close()
    assert load(folder, cache)[1] == 0


def test_the_rebuild_of_an_old_cache_says_why(
    folder: Path, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "STAMP", "schema 0")
    load(folder, cache)
    monkeypatch.undo()
    index = cache.open(folder)
    assert index.active and index.problem is not None and "rebuilt" in index.problem
    assert index.packed_by_path() == {}
    index.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: os.urandom(len(data)), id="garbage"),
        pytest.param(lambda data: b"not a database at all\n", id="text"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:100], id="header-only"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(
            lambda data: data[:4096] + os.urandom(len(data) - 8192) + data[-4096:],
            id="pages-overwritten",
        ),
    ],
)
def test_a_damaged_cache_file_is_rebuilt_without_harm(
    tmp_path: Path, cache: IndexCache, damage: object
) -> None:
    root = tmp_path / "big"
    for i in range(300):  # enough rows for many pages
        write(root / f"{i:03d}.md", article(f"Item {i}", f"excerpt: {'words ' * 40}\n"))
    load(root, cache)
    path = cache.path_for(root)
    assert path.stat().st_size > 8192 * 4
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    found, _ = load(root, cache)
    assert found == expected(root)
    again, parsed = load(root, cache)
    assert again == found
    assert parsed == 0  # the rebuilt cache is used


def test_a_damaged_record_is_parsed_again(folder: Path, cache: IndexCache) -> None:
    load(folder, cache)
    with sqlite3.connect(cache.path_for(folder)) as db:
        db.execute("UPDATE files SET packed = ? WHERE path = 'a.md'", (b"\x00garbage",))
        db.execute("UPDATE files SET packed = ? WHERE path = 'b.md'", ("text, not bytes",))
    db.close()
    found, parsed = load(folder, cache)
    assert parsed == 2
    assert found == expected(folder)
    assert load(folder, cache)[1] == 0


def test_a_moved_folder_is_read_at_its_new_place(
    tmp_path: Path, folder: Path, cache: IndexCache
) -> None:
    load(folder, cache)
    moved = tmp_path / "moved"
    folder.rename(moved)
    found, parsed = load(moved, cache)
    assert parsed == 5
    assert all(item.path.parent in (moved, moved / "sub") for item in found.values())
    assert found == expected(moved)
    # A new folder at the old place, with the same names, is not taken for the old one.
    write(folder / "a.md", article("Another alpha"), age_hours=5)
    found, _ = load(folder, cache)
    assert found == expected(folder)
    assert found["a.md"].title == "Another alpha"


def test_a_cache_file_made_for_another_folder_is_not_used(
    tmp_path: Path, folder: Path, cache: IndexCache
) -> None:
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    load(other, cache)
    shutil.copyfile(cache.path_for(other), cache.path_for(folder))
    found, parsed = load(folder, cache)
    assert parsed == 5
    assert found == expected(folder)


def test_without_a_usable_cache_folder_loading_still_works(tmp_path: Path, folder: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = IndexCache(blocker / "cache")
    found, parsed = load(folder, cache)
    assert found == expected(folder) and parsed == 5
    index = cache.open(folder)
    assert not index.active and index.problem is not None
    assert index.packed_by_path() == {}
    index.put([("x.md", 1, 2, 3, 4, b"")])  # quietly does nothing
    index.close()


def test_loading_without_a_cache_writes_none(tmp_path: Path, folder: Path) -> None:
    found, parsed = load(folder, None)
    assert found == expected(folder) and parsed == 5
    assert not (tmp_path / "cache").exists()


def test_clear_one_folder_or_all(tmp_path: Path, folder: Path, cache: IndexCache) -> None:
    other = tmp_path / "other"
    write(other / "x.md", article("X"))
    load(folder, cache)
    load(other, cache)
    assert cache.path_for(folder).exists() and cache.path_for(other).exists()
    cache.clear(folder)
    assert not cache.path_for(folder).exists() and cache.path_for(other).exists()
    assert load(folder, cache)[1] == 5
    cache.clear()
    assert list(cache.directory.iterdir()) == []
    IndexCache(tmp_path / "never-made").clear()  # nothing to clear: no error


def test_one_cache_file_per_folder_named_by_its_resolved_path(
    tmp_path: Path, folder: Path, cache: IndexCache
) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder, target_is_directory=True)
    assert cache.path_for(link) == cache.path_for(folder)
    assert cache.path_for(folder) != cache.path_for(tmp_path)
    assert cache.path_for(folder).parent == cache.directory


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_directory() == tmp_path / "mine"
    assert IndexCache().directory == tmp_path / "mine"
    monkeypatch.delenv("REVIEWER_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "reviewer"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert default_directory() == tmp_path / ".cache" / "reviewer"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_directory() == tmp_path / ".cache" / "reviewer"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_directory() == tmp_path / "Library" / "Caches" / "reviewer"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_directory() == tmp_path / "local" / "reviewer" / "cache"


def test_a_file_name_that_is_not_utf8_is_listed_but_not_cached(
    tmp_path: Path, cache: IndexCache
) -> None:
    root = tmp_path / "odd"
    write(root / "good.md", article("Good"))
    try:
        with open(os.fsencode(root) + b"/caf\xe9.md", "wb") as handle:
            handle.write(article("Latin-1 name"))
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    for parsed in (2, 1):  # the odd file is parsed every time, the other once
        found, count = load(root, cache)
        assert count == parsed
        assert sorted(a.title for a in found.values()) == ["Good", "Latin-1 name"]
    index = cache.open(root)
    assert index.problem is None and list(index.packed_by_path()) == ["good.md"]
    index.close()


def test_two_files_of_the_same_size_swapped_with_their_mtimes_show_their_own_data(
    tmp_path: Path, cache: IndexCache
) -> None:
    root = tmp_path / "swap"
    a = write(root / "a.md", article("Alpha"), age_hours=3)
    b = write(root / "b.md", article("Omega"), age_hours=2)
    load(root, cache)
    a_mtime, b_mtime = a.stat().st_mtime_ns, b.stat().st_mtime_ns
    os.rename(a, root / "swapping")  # as from a snapshot: same names, sizes and mtimes
    os.rename(b, a)
    os.rename(root / "swapping", b)
    set_mtime(a, a_mtime)
    set_mtime(b, b_mtime)
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (b.stat().st_size, a_mtime)
    found, parsed = load(root, cache)
    assert parsed == 2
    assert found["a.md"].title == "Omega" and found["b.md"].title == "Alpha"
    assert found == expected(root)
    assert load(root, cache)[1] == 0


def test_many_files_swapped_with_their_mtimes_show_their_own_data(
    tmp_path: Path, cache: IndexCache
) -> None:
    root = tmp_path / "many"
    for i in range(300):  # past the first batch: the mass-change pass stats the rest
        write(root / f"{i:03d}.md", article(f"Item {i:03d}"), age_hours=2 + i / 1000)
    load(root, cache)
    mtimes = {i: (root / f"{i:03d}.md").stat().st_mtime_ns for i in range(300)}
    for i in range(0, 300, 2):
        one, two = root / f"{i:03d}.md", root / f"{i + 1:03d}.md"
        os.rename(one, root / "swapping")
        os.rename(two, one)
        os.rename(root / "swapping", two)
        set_mtime(one, mtimes[i])
        set_mtime(two, mtimes[i + 1])
    found, parsed = load(root, cache, workers=1)
    assert parsed == 300
    assert found["000.md"].title == "Item 001" and found["299.md"].title == "Item 298"
    assert found == expected(root)


def test_a_file_overwritten_in_place_with_its_size_and_mtime_kept_is_parsed_again(
    folder: Path, cache: IndexCache
) -> None:
    load(folder, cache)
    path = folder / "a.md"
    before = path.stat()
    with open(path, "r+b") as handle:  # as `cp -p` does: the same inode, the old mtime
        handle.write(article("Omega"))
    set_mtime(path, before.st_mtime_ns)
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    found, parsed = load(folder, cache)
    assert parsed == 1
    assert found["a.md"].title == "Omega"
    assert found == expected(folder)


def test_a_racy_file_checked_by_its_digest_gets_a_row_keyed_on_its_stat(
    tmp_path: Path, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "fresh"
    path = write(root / "a.md", article("Alpha"), age_hours=None)  # just written: racy
    assert load(root, cache)[1] == 1
    monkeypatch.setattr(packing, "RACY_NS", -HOUR_NS)  # from now on nothing is racy
    found, parsed = load(root, cache)
    assert parsed == 0 and found["a.md"].title == "Alpha"  # same digest: kept
    index = cache.open(root)
    stat = path.stat()
    assert index.stats() == {
        "a.md": (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
    }
    (row,) = index.entries(["a.md"]).values()
    index.close()
    assert not packing.unpack(row[-1]).racy
    assert load(root, cache)[1] == 0


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_file_replaced_around_its_read_is_checked_by_its_digest_next_time(
    tmp_path: Path, cache: IndexCache, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    root = tmp_path / "race"
    path = write(root / "a.md", article("Alpha"), age_hours=3)
    other = write(tmp_path / "other.md", article("Omega"), age_hours=3)
    set_mtime(other, path.stat().st_mtime_ns)
    read = packing.read_article

    def replaced(name: Path) -> Article:
        """Read, with the file replaced by one of the same size and mtime just before or
        just after."""
        if moment == "before":
            os.rename(other, path)
        result = read(name)
        if moment == "after":
            os.rename(other, path)
        return result

    monkeypatch.setattr(packing, "read_article", replaced)
    monkeypatch.setattr(packing, "RACY_NS", -HOUR_NS)  # not racy for being recent
    (row,) = packing.parse_files([("a.md", str(path))])
    assert isinstance(row, tuple)  # an entry (an unreadable file would be an Article)
    assert packing.unpack(row[-1]).racy  # not sure which file the bytes came from
    monkeypatch.undo()
    index = cache.open(root)
    index.put([row])
    index.close()
    found, _ = load(root, cache)
    assert found["a.md"].title == "Omega"


def test_inode_numbers_past_63_bits_are_stored_wrapped(tmp_path: Path, cache: IndexCache) -> None:
    assert [packing.inode(n) for n in (0, 5, 2**63 - 1)] == [0, 5, 2**63 - 1]
    assert packing.inode(2**63) == -(2**63) and packing.inode(2**64 - 1) == -1
    assert packing.inode(2**64 + 5) == 5  # a 128-bit file id keeps its low 64 bits
    index = cache.open(tmp_path)
    index.put([("big.md", 1, 2, packing.inode(2**64 - 2), 4, b"")])
    assert index.stats() == {"big.md": (1, 2, -2, 4)}
    index.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, that leaves new files readable by others."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
def test_the_cache_folder_and_files_are_private_to_their_user(tmp_path: Path, folder: Path) -> None:
    cache = IndexCache(tmp_path / "made" / "here" / "reviewer")
    before = mode(tmp_path)
    load(folder, cache)
    assert mode(cache.directory) == 0o700
    # The parents it made are 0700 too, as XDG asks; those there already are left alone.
    assert mode(tmp_path / "made") == mode(tmp_path / "made" / "here") == 0o700
    assert mode(tmp_path) == before
    files = list(cache.directory.iterdir())
    assert files == [cache.path_for(folder)]
    assert {mode(path) for path in files} == {0o600}
    assert load(folder, cache)[1] == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
def test_sqlite_gives_journals_the_index_files_permissions(
    folder: Path, cache: IndexCache, journal: str
) -> None:
    load(folder, cache)
    db = sqlite3.connect(cache.path_for(folder), isolation_level=None)
    try:
        db.execute(f"PRAGMA journal_mode={journal}")
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM files")  # written to the journal, or the WAL
        made = sorted(path.name[-8:] for path in cache.directory.iterdir())
        assert len(made) == (2 if journal == "DELETE" else 3), made
        assert {mode(path) for path in cache.directory.iterdir()} == {0o600}
        db.execute("ROLLBACK")
    finally:
        db.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.usefixtures("umask_022")
def test_a_cache_open_to_others_is_made_private_when_opened(
    folder: Path, cache: IndexCache
) -> None:
    load(folder, cache)
    path = cache.path_for(folder)
    journal = Path(f"{path}-journal")
    journal.write_bytes(b"")  # an empty journal: not hot, left by SQLite as it is
    for name in (path, journal):
        name.chmod(0o644)
    cache.directory.chmod(0o755)
    assert load(folder, cache)[1] == 0  # the rows are still used
    assert mode(cache.directory) == 0o700
    assert {mode(name) for name in cache.directory.iterdir()} == {0o600}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_cache_folder_of_another_user_keeps_its_permissions(
    folder: Path, cache: IndexCache
) -> None:
    cache.directory.mkdir(mode=0o755)
    cache.directory.chmod(0o755)
    os.chown(cache.directory, 65534, 65534)
    load(folder, cache)
    assert mode(cache.directory) == 0o755
    assert mode(cache.path_for(folder)) == 0o600


def test_rows_read_by_rowid_name_their_own_path(tmp_path: Path, cache: IndexCache) -> None:
    index = cache.open(tmp_path)
    index.put([("a.md", 1, 2, 3, 4, b"A"), ("b.md", 5, 6, 7, 8, b"B")])
    rowids = index.rowids()
    assert set(rowids) == {"a.md", "b.md"}
    assert index.entries_at([rowids["b.md"]]) == {"b.md": ("b.md", 5, 6, 7, 8, b"B")}
    # A row replaced since (another process's load) has another rowid: the old one misses.
    index.put([("b.md", 9, 9, 9, 9, b"C")])
    assert index.entries_at([rowids["a.md"], rowids["b.md"]]) == {
        "a.md": ("a.md", 1, 2, 3, 4, b"A")
    }
    assert index.entries_at([]) == {}
    index.close()
