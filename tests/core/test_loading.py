"""open_folder: order, batches, errors, the process pool, and cancelling."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from reviewer.core.article import Article, light
from reviewer.core.folder import loading, pool
from reviewer.core.folder.index import IndexCache
from reviewer.core.folder.loading import Batch, list_files, open_folder
from reviewer.core.folder.scan import article_paths, scan

GOOD = b"---\ntitle: Good\npublished: true\ntopics: [AI]\n---\nBody\n"


def tree(root: Path) -> None:
    files = {
        "a.md": GOOD,
        "E.MD": GOOD,
        "b.markdown": GOOD,
        "d.txt": b"---\ntitle: Text\n---\n",
        "notes.json": b"{}",
        "README": GOOD,
        ".hidden.md": GOOD,
        "_posts/2021/deep.md": GOOD,
        "_posts/bad.md": b"---\ntitle: [unclosed\n---\n",
        "_posts/unterminated.md": b"---\ntitle: x\n",
        "_posts/latin1.md": b"---\ntitle: caf\xe9\n---\n",
        "_posts/plain.md": b"no front matter\n",
        "_posts/empty.md": b"",
        "_posts/only-fences.md": b"---\n---\n",
        "_posts/z/last.md": GOOD,
        ".git/objects/x.md": GOOD,
        "_site/out.html": GOOD,
        "node_modules/pkg/readme.md": GOOD,
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "_posts" / "gone.md").symlink_to(root / "nowhere.md")  # unreadable
    (root / "linked").symlink_to(root / "_posts", target_is_directory=True)  # not followed


def many(root: Path, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = f"---\ntitle: Item {i}\nquality: {i}\npublishedDateTime: 2024-01-02\n---\n"
        (root / f"{i:04d}.md").write_text(text if i % 7 else "no front matter\n")


def expected(folder: Path) -> list[Article]:
    return [light(a) for a in scan(folder) if a.has_front_matter]


def loaded(batches: list[Batch]) -> list[Article]:
    return [a for b in batches for a in b.articles]


def test_files_are_listed_as_article_paths_lists_them(tmp_path: Path) -> None:
    tree(tmp_path)
    assert [tmp_path / rel for rel in list_files(tmp_path)] == list(article_paths(tmp_path))


def test_light_articles_of_every_file_with_a_front_matter_in_path_order(
    tmp_path: Path,
) -> None:
    tree(tmp_path)
    batches = list(open_folder(tmp_path, cache=None))
    articles = loaded(batches)
    assert articles == expected(tmp_path)
    assert all(not a.complete and a.raw == b"" and a.parts is None for a in articles)
    names = [a.path.name for a in articles]
    assert "plain.md" not in names and "empty.md" not in names and "README" not in names
    errors = {a.path.name: a.error for a in articles if a.error}
    assert set(errors) == {"bad.md", "unterminated.md", "latin1.md", "gone.md"}
    assert errors["gone.md"] == "the file does not exist"
    assert batches[-1].done == batches[-1].total == len(list(article_paths(tmp_path)))


def test_batches_count_files_and_skip_empty_ones(tmp_path: Path) -> None:
    many(tmp_path, 30)
    batches = list(open_folder(tmp_path, cache=None, batch=4))
    assert [b.done for b in batches] == [4, 8, 12, 16, 20, 24, 28, 30]
    assert all(b.total == 30 and 0 < len(b.articles) <= 4 for b in batches)
    assert loaded(batches) == expected(tmp_path)
    assert batches[-1].parsed == 30


def test_an_empty_folder_gives_no_batch(tmp_path: Path) -> None:
    assert list(open_folder(tmp_path, cache=None)) == []
    assert list(open_folder(tmp_path / "missing", cache=None)) == []


class PoolSpy:
    """Counts the pools made (by replacing loading.ParsePool with a subclass)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made = 0
        spy = self
        original = loading.ParsePool

        class Spied(original):  # type: ignore[misc,valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                spy.made += 1
                super().__init__(*args, **kwargs)

        monkeypatch.setattr(loading, "ParsePool", Spied)


@pytest.fixture
def pool_spy(monkeypatch: pytest.MonkeyPatch) -> PoolSpy:
    monkeypatch.setattr(loading, "POOL_THRESHOLD", 3)
    monkeypatch.setattr(pool, "CHUNK", 4)
    return PoolSpy(monkeypatch)


def test_the_process_pool_gives_what_one_process_gives(tmp_path: Path, pool_spy: PoolSpy) -> None:
    tree(tmp_path / "tree")
    many(tmp_path / "many", 60)
    for folder in (tmp_path / "tree", tmp_path):
        alone = list(open_folder(folder, cache=None, workers=1, batch=5))
        assert pool_spy.made == 0
        pooled = list(open_folder(folder, cache=None, workers=2, batch=5))
        assert pool_spy.made == 1
        assert pooled == alone
        assert loaded(pooled) == expected(folder)
        assert multiprocessing.active_children() == []
        pool_spy.made = 0


def test_the_pool_fills_the_cache_a_reopen_uses(tmp_path: Path, pool_spy: PoolSpy) -> None:
    many(tmp_path / "site", 50)
    cache = IndexCache(tmp_path / "cache")
    cold = list(open_folder(tmp_path / "site", cache=cache, workers=2, batch=5))
    assert pool_spy.made == 1 and cold[-1].parsed == 50
    warm = list(open_folder(tmp_path / "site", cache=cache, workers=2, batch=5))
    assert pool_spy.made == 1 and warm[-1].parsed == 0
    assert loaded(warm) == loaded(cold) == expected(tmp_path / "site")


PARENT = os.getpid()


def dying(files: list[tuple[str, str]]) -> list[Any]:
    """parse_files, except that a worker given 0021.md dies (as if killed)."""
    if os.getpid() != PARENT and any(rel == "0021.md" for rel, _ in files):
        os._exit(3)
    return pool.parse_files(files)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_broken_pool_leaves_the_rest_to_this_process(
    tmp_path: Path, pool_spy: PoolSpy, monkeypatch: pytest.MonkeyPatch
) -> None:
    many(tmp_path, 40)
    monkeypatch.setattr(pool, "start_method", lambda: "fork")  # the workers know dying()
    monkeypatch.setattr(pool.ParsePool, "task", staticmethod(dying))
    batches = list(open_folder(tmp_path, cache=None, workers=2, batch=5))
    assert pool_spy.made == 1
    assert loaded(batches) == expected(tmp_path)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_the_pool_works_with_spawned_processes(
    tmp_path: Path, pool_spy: PoolSpy, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    many(tmp_path, 20)
    monkeypatch.setattr(pool, "start_method", lambda: method)
    batches = list(open_folder(tmp_path, cache=None, workers=2, batch=5))
    assert pool_spy.made == 1
    assert loaded(batches) == expected(tmp_path)
    assert multiprocessing.active_children() == []


def test_cancelled_before_the_start_yields_nothing_and_makes_no_pool(
    tmp_path: Path, pool_spy: PoolSpy
) -> None:
    many(tmp_path, 50)
    cache = IndexCache(tmp_path / "cache")
    assert list(open_folder(tmp_path, cache=cache, workers=2, cancelled=lambda: True)) == []
    assert pool_spy.made == 0
    assert multiprocessing.active_children() == []


def test_cancel_during_the_pool_stops_it_and_keeps_what_was_parsed(
    tmp_path: Path, pool_spy: PoolSpy
) -> None:
    many(tmp_path / "site", 200)
    cache = IndexCache(tmp_path / "cache")
    stop = threading.Event()
    batches = []
    for batch in open_folder(
        tmp_path / "site", cache=cache, workers=2, batch=10, cancelled=stop.is_set
    ):
        batches.append(batch)
        if batch.done >= 30:
            stop.set()
    assert pool_spy.made == 1
    assert batches[-1].done == 30
    assert multiprocessing.active_children() == []
    # What was parsed is in the cache: the next load parses only the rest.
    again = list(open_folder(tmp_path / "site", cache=cache, workers=1, batch=10))
    assert loaded(again) == expected(tmp_path / "site")
    assert again[-1].parsed == 200 - 30


def test_closing_the_iterator_stops_the_pool(tmp_path: Path, pool_spy: PoolSpy) -> None:
    many(tmp_path, 200)
    iterator = open_folder(tmp_path, cache=None, workers=2, batch=10)
    next(iterator)
    next(iterator)
    iterator.close()
    assert pool_spy.made == 1
    assert multiprocessing.active_children() == []


def test_cancel_between_files_in_this_process(tmp_path: Path) -> None:
    many(tmp_path, 30)
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 12

    batches = list(open_folder(tmp_path, cache=None, workers=1, batch=5, cancelled=cancelled))
    assert [b.done for b in batches] == [5, 10]


def test_paths_are_the_paths_scan_gives_even_for_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    folder = Path("site")
    articles = loaded(list(open_folder(folder, cache=None)))
    paths = [a.path for a in scan(folder) if a.has_front_matter]
    assert [a.path for a in articles] == paths
    assert [str(a.path) for a in articles] == [str(p) for p in paths]
    assert [a.path.parts for a in articles] == [p.parts for p in paths]
    assert all(a.path.is_file() for a in articles if a.error is None)


def test_many_files_changed_since_the_last_open_are_parsed_in_the_pool(
    tmp_path: Path, pool_spy: PoolSpy
) -> None:
    many(tmp_path / "site", 40)
    cache = IndexCache(tmp_path / "cache")
    list(open_folder(tmp_path / "site", cache=cache, workers=1, batch=5))
    for path in (tmp_path / "site").iterdir():
        path.write_text(path.read_text().replace("Item", "Changed item"))
        os.utime(path, ns=(1, 1))  # an mtime of long ago: only a stat tells the change
    batches = list(open_folder(tmp_path / "site", cache=cache, workers=2, batch=5))
    assert pool_spy.made == 1
    assert batches[-1].parsed == 40
    assert loaded(batches) == expected(tmp_path / "site")
    assert all("Changed item" in a.title for a in loaded(batches))
    again = list(open_folder(tmp_path / "site", cache=cache, workers=2, batch=5))
    assert pool_spy.made == 1 and again[-1].parsed == 0
