"""The watcher after a load: the load's own listing is its first one (no walk of its own),
and it still notices files replaced, deleted and added."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window  # tests/app is on sys.path

from reviewer.app.context import AppContext
from reviewer.app.folder import watcher as watcher_module
from reviewer.core.document import Document


def test_a_loaded_big_folder_is_watched_from_the_loads_listing(
    qtbot: QtBot,
    context: AppContext,
    articles: Path,
    make_article: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(watcher_module, "FULL_CHECK", 2)  # the five articles: a big folder
    first_walks: list[object] = []
    real = watcher_module.FolderWatcher._on_first_listings  # noqa: SLF001

    def counted(self: watcher_module.FolderWatcher, job: object, result: object) -> None:
        first_walks.append(result)
        real(self, job, result)  # type: ignore[arg-type]

    monkeypatch.setattr(watcher_module.FolderWatcher, "_on_first_listings", counted)
    window = open_window(qtbot, context, None)
    given: list[dict[str, dict[str, int]]] = []
    window.loader.listed.connect(given.append)
    with qtbot.waitSignal(window.loader.finished, timeout=30_000):
        window.open_folder(articles)
    watcher = window.watcher
    watcher.settle()
    qtbot.waitUntil(lambda: not watcher.busy())
    qtbot.wait(50)  # any job's result delivered
    assert first_walks == []  # the load's listing was taken, no walk of the watcher's own
    listing = watcher._listings[str(articles)]  # noqa: SLF001 (what the watcher holds)
    # The load's (or, when the window was activated meanwhile, a later one equal to it).
    assert len(given) == 1 and listing == given[0][str(articles)]
    assert set(listing) == {p.name for p in articles.glob("*.md")}
    documents = {d.path.name: d for d in window.model.documents()}
    assert len(documents) == 6

    def shared(listing: dict[str, int]) -> bool:  # one str per name: the path's own
        return all(
            any(key is d.path.name for key in listing if key == name)
            for name, d in documents.items()
            if name in listing
        )

    assert shared(listing)

    watcher._watcher.blockSignals(True)  # noqa: SLF001 (only the checks this test asks for)
    changed: list[list[Document]] = []
    deleted: list[list[Document]] = []
    watcher.documents_changed.connect(changed.append)
    watcher.documents_deleted.connect(deleted.append)
    bravo = articles / "bravo-story.md"
    temp = articles / ".editor.tmp"
    temp.write_bytes(bravo.read_bytes().replace(b"quality: 70", b"quality: 71"))
    os.replace(temp, bravo)  # a new inode under the old name
    (articles / "echo-story.md").unlink()
    make_article(articles, "foxtrot-story")
    watcher.check_now([str(articles)])
    qtbot.waitUntil(lambda: not watcher.busy())  # a big folder is listed again in a thread
    assert shared(watcher._listings[str(articles)])  # noqa: SLF001 (the new listing's too)
    assert changed == [[documents["bravo-story.md"]]]
    assert deleted == [[documents["echo-story.md"]]]
    # The window lists the new file (it asks the watcher for ``new_files``) and only it.
    qtbot.waitUntil(lambda: len(window.model.documents()) == 7)
    added = window.model.documents()[-1]
    assert added.path == articles / "foxtrot-story.md"
    assert watcher.new_files(str(articles)) == []


def test_a_folder_without_a_listing_is_listed_when_first_watched(
    qtbot: QtBot, articles: Path
) -> None:
    from reviewer.core.store import read_article

    watcher = watcher_module.FolderWatcher()
    watcher.take_listings({str(articles / "other"): {"x.md": 1}})
    watcher.watch([Document(read_article(articles / "alpha-story.md"))])
    watcher.settle()
    listing = watcher._listings[str(articles)]  # noqa: SLF001
    assert listing == watcher_module.folder_articles(str(articles))
    # A listing taken later never replaces one the watcher already has.
    watcher.take_listings({str(articles): {}})
    assert watcher._listings[str(articles)] == listing  # noqa: SLF001
