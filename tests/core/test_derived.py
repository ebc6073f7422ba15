"""The store of derived structures kept in a folder's index file (core/folder/derived.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from core_support import derived_store

from reviewer.core.article import Article, Fingerprint
from reviewer.core.folder.derived import DerivedStore, digest, plain, rows_digest, unplain
from reviewer.core.folder.index import IndexCache


def test_a_value_comes_back_for_its_digest_and_format_only(tmp_path: Path) -> None:
    _cache, _folder, store = derived_store(tmp_path)
    value = {"groups": [(1, 2, ("same url",), 98.5)], "n": None, "ok": True, "b": b"x"}
    assert store.put("groups", "abc", value)
    assert store.get("groups", "abc") == value
    assert store.get("groups", "abd") is None  # another digest
    assert store.get("groups", "abc", form=2) is None  # another format
    assert store.get("report", "abc") is None  # another name
    assert store.put("groups", "abd", [1])  # the latest replaces it
    assert store.get("groups", "abd") == [1]
    assert store.get("groups", "abc") is None


def test_a_second_store_of_the_same_folder_sees_the_values(tmp_path: Path) -> None:
    cache, folder, store = derived_store(tmp_path)
    store.put("schema", "d", [1, 2, 3], form=3)
    assert DerivedStore.of(cache, folder).get("schema", "d", form=3) == [1, 2, 3]


def test_a_damaged_value_gives_none(tmp_path: Path) -> None:
    cache, folder, store = derived_store(tmp_path)
    store.put("report", "d", [1, 2, 3])
    with sqlite3.connect(cache.path_for(folder)) as db:
        db.execute("UPDATE derived SET value = ? WHERE name = 'report'", (b"\xff\x00junk",))
    assert store.get("report", "d") is None


def test_a_value_that_is_not_plain_data_is_not_kept(tmp_path: Path) -> None:
    _cache, _folder, store = derived_store(tmp_path)
    assert not store.put("report", "d", [object()])
    assert store.get("report", "d") is None


def test_without_an_index_nothing_is_kept_and_nothing_raises(tmp_path: Path) -> None:
    off = DerivedStore.of(None, tmp_path)
    assert not off.put("report", "d", 1)
    assert off.get("report", "d") is None
    cache = IndexCache(tmp_path / "cache")
    never_listed = DerivedStore.of(cache, tmp_path)  # no index file made for it
    assert not never_listed.put("report", "d", 1)
    assert never_listed.get("report", "d") is None
    assert not cache.path_for(tmp_path).exists()  # the store never makes an index file


def test_a_damaged_or_unwritable_index_file_keeps_nothing_quietly(tmp_path: Path) -> None:
    cache, folder, store = derived_store(tmp_path)
    store.put("report", "d", 1)
    cache.path_for(folder).write_bytes(b"this is not SQLite at all" * 100)
    assert store.get("report", "d") is None
    assert not store.put("report", "d", 1)


def test_clearing_the_index_cache_forgets_the_values(tmp_path: Path) -> None:
    cache, folder, store = derived_store(tmp_path)
    store.put("report", "d", 1)
    cache.clear()
    assert store.get("report", "d") is None
    index = cache.open(folder)  # listed again: a new, empty index
    index.close()
    assert store.get("report", "d") is None


def test_the_index_opened_again_keeps_the_values(tmp_path: Path) -> None:
    cache, folder, store = derived_store(tmp_path)
    store.put("report", "d", 1)
    index = cache.open(folder)
    assert index.active
    index.close()
    assert store.get("report", "d") == 1


def _article(name: str, content: str, error: str | None = None) -> Article:
    fingerprint = None if error else Fingerprint(len(content), 1, content)
    return Article(Path("/f") / name, b"", fingerprint, {}, None, error, False)


def test_the_rows_digest_follows_paths_bytes_errors_and_order() -> None:
    a, b = _article("a.md", "one"), _article("b.md", "two")
    same = rows_digest([a, b])
    assert rows_digest([_article("a.md", "one"), _article("b.md", "two")]) == same
    assert rows_digest([b, a]) != same
    assert rows_digest([a, _article("b.md", "three")]) != same
    assert rows_digest([a, _article("c.md", "two")]) != same
    assert rows_digest([a]) != same
    broken = rows_digest([a, _article("b.md", "", "invalid YAML")])
    assert broken != same
    assert rows_digest([a, _article("b.md", "", "another problem")]) != broken


def test_plain_values_keep_dates_and_digests_tell_values_apart() -> None:
    value = {
        "when": dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "day": dt.date(2024, 5, 1),
        "list": ["a", 1, 2.5, None, True],
    }
    assert unplain(plain(value)) == value
    assert digest(plain(value)) == digest(plain(dict(value)))
    assert digest(plain(value), 1) != digest(plain(value), 2)


def test_the_kept_digest_says_whether_a_value_is_kept(tmp_path: Path) -> None:
    _cache, _folder, store = derived_store(tmp_path)
    assert store.kept_digest("schema") is None
    store.put("schema", "d1", [1], form=2)
    assert store.kept_digest("schema", form=2) == "d1"
    assert store.kept_digest("schema", form=3) is None
    assert DerivedStore(None).kept_digest("schema") is None
