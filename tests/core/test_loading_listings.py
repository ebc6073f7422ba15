"""The listings a load hands on: every folder's article files and inodes, as the walk saw them,
sharing the walk's str objects (the app's watcher keeps no copy of its own)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reviewer.core.folder.loading import open_folder
from reviewer.core.folder.walk import Listings, folder_articles, list_files

FRONT = "---\ntitle: {}\n---\nBody\n"


def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "_site").mkdir()
    for name in ("a.md", "b.md", "sub/c.md", "_site/out.md"):
        (folder / name).write_text(FRONT.format(name))
    (folder / "plain.md").write_text("no front matter\n")
    (folder / "image.png").write_bytes(b"\x89PNG")
    return folder


def test_the_walk_gives_each_folders_articles_with_their_inodes(tmp_path: Path) -> None:
    folder = site(tmp_path)
    listings: Listings = {}
    rels = list_files(folder, None, listings)
    assert rels == ["a.md", "b.md", "plain.md", "sub/c.md"]
    root, sub = str(folder), str(folder / "sub")
    assert list(listings) == [root, sub]  # _site is never walked
    assert listings[root] == folder_articles(root)
    assert listings[sub] == folder_articles(sub) == {"c.md": os.stat(folder / "sub/c.md").st_ino}
    # The listing's names are the listed paths themselves, not copies; and any listing of
    # the folder gives the same str objects again.
    assert all(any(rel is name for name in listings[root]) for rel in rels[:3])
    again = folder_articles(root)
    assert all(any(rel is name for name in again) for rel in rels[:3])


def test_the_first_batch_carries_the_listings_and_its_paths_share_their_names(
    tmp_path: Path,
) -> None:
    folder = site(tmp_path)
    batches = list(open_folder(folder, cache=None, workers=1, batch=1))
    assert len(batches) == 3  # a.md (first), b.md, sub/c.md; plain.md is not an article
    listings = batches[0].listings
    assert listings is not None
    assert [b.listings for b in batches[1:]] == [None, None]
    assert listings[str(folder)] == folder_articles(str(folder))
    first = batches[0].articles[0]
    (name,) = (n for n in listings[str(folder)] if n == "a.md")
    assert first.path.name is name  # one str for the path's name and the listing's key
    deep = batches[2].articles[0]
    (name,) = (n for n in listings[str(folder / "sub")] if n == "c.md")
    assert deep.path == folder / "sub" / "c.md" and deep.path.name is name


def test_a_first_batch_without_articles_leaves_the_listings_to_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.md").write_text("no front matter\n")
    (folder / "b.md").write_text(FRONT.format("b"))
    batches = list(open_folder(folder, cache=None, workers=1, batch=1))
    assert [len(b.articles) for b in batches] == [1]
    assert batches[0].listings is not None and set(batches[0].listings[str(folder)]) == {
        "a.md",
        "b.md",
    }


def test_the_load_keeps_no_listings_once_handed_on(tmp_path: Path) -> None:
    folder = site(tmp_path)
    batches = open_folder(folder, cache=None, workers=1, batch=1)
    first = next(batches)
    seen = first.listings
    assert seen is not None
    del first
    # Only this name (and getrefcount's argument) holds them: not the running load.
    assert sys.getrefcount(seen) == 2
    batches.close()
