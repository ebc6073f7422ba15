"""A warm reopen restores only the duplicate groups (``DuplicateGroups``), not the index's
entries; the index is restored the first time a document must be compared again (an edit
of its title, URLs, provider or date, its file changed on disk). Whichever the window holds,
it shows the same: the Similar column, ``is:duplicate`` and the partners in the detail
pane, before and after an edit, restored or computed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_derived_restore import reopen, settle
from test_mainwindow import open_window, rewrite

from reviewer.app import dupes
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column
from reviewer.core.document import Document
from reviewer.core.duplicates import DupInput, DuplicateIndex, Key
from reviewer.core.duplicates import worker as dup_worker

TRAM = "City opens new tram line to the harbour"
BRIDGE = "Old bridge closes for repairs this winter"


@pytest.fixture
def folder(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    """Three groups among plain stories: one by title (three providers, one of them
    matching only the others' partner), one by a shared URL (same provider), one of two
    undated items with the same title."""
    news = tmp_path / "news"
    news.mkdir()
    for day in range(1, 13):
        make_article(news, f"story-{day:02d}", date=f"2024-03-{day:02d}T10:00:00Z")
    make_article(news, "tram-a", title=TRAM)
    make_article(news, "tram-b", title=TRAM + "!", provider="Courier")
    make_article(
        news,
        "tram-c",
        title="City opens a new tram line to the harbour today",
        provider="Gazette",
        date="2024-03-06T10:00:00Z",
    )
    make_article(news, "bridge-a", title=BRIDGE)
    bridge = make_article(news, "bridge-b", title="Winter repairs for an old bridge")
    bridge.write_text(
        bridge.read_text("utf-8").replace("example.org/bridge-b", "example.org/bridge-a"), "utf-8"
    )
    make_article(news, "ferry-a", title="Ferry to the islands runs again", provider="Post")
    make_article(news, "ferry-b", title="Ferry to the islands runs again", provider="Mail")
    return news


def by_name(window: MainWindow, name: str) -> Document:
    return next(d for d in window.model.documents() if d.path.name == name)


def shown(window: MainWindow) -> dict[str, Any]:
    """What the window shows of the duplicates, by file name: each row's Similar cell, the
    rows ``is:duplicate`` finds, each document's partners in the detail pane (in order)."""
    model = window.model
    cells = {
        model.document(row).path.name: model.index(row, Column.SIMILAR).data()
        for row in range(model.rowCount())
    }
    window.list_pane.filter_edit.setText("is:duplicate")
    found = sorted(
        model.document(window.proxy.mapToSource(window.proxy.index(row, 0)).row()).path.name
        for row in range(window.proxy.rowCount())
    )
    window.list_pane.filter_edit.clear()
    partners = {
        d.path.name: [(o.path.name, why) for o, why in window.duplicates.similar(d)]
        for d in model.documents()
    }
    return {"cells": cells, "is:duplicate": found, "partners": partners}


def computed(window: MainWindow) -> dict[str, Any]:
    """What a fresh index of the documents as they are now finds, by file name (each
    group's names, and each name's partners with their reasons)."""
    documents = window.model.documents()
    name: dict[Key, str] = {id(d): d.path.name for d in documents}
    groups = DuplicateIndex([DupInput.from_article(id(d), d.view) for d in documents]).groups()
    return {
        "groups": sorted(sorted(name[k] for k in members) for members in groups.members.values()),
        "reasons": {
            name[k]: {name[o]: why for o, why in r.items()} for k, r in groups.reasons.items()
        },
    }


def groups_shown(window: MainWindow) -> dict[str, Any]:
    """``computed``'s form of what the window answers."""
    documents = window.model.documents()
    name: dict[Key, str] = {id(d): d.path.name for d in documents}
    answers = window.duplicates._index  # noqa: SLF001
    assert answers is not None
    groups = answers.groups()
    return {
        "groups": sorted(sorted(name[k] for k in members) for members in groups.members.values()),
        "reasons": {
            name[k]: {name[o]: why for o, why in r.items()} for k, r in groups.reasons.items()
        },
    }


class Counted:
    """Counts the window's restores of the index's entries and of its groups."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entries = 0
        self.groups = 0
        real_restore, real_groups = dupes.restore, dupes.restore_groups

        def restore(*args: Any) -> Any:
            self.entries += 1
            return real_restore(*args)

        def restore_groups(*args: Any) -> Any:
            self.groups += 1
            return real_groups(*args)

        monkeypatch.setattr(dupes, "restore", restore)
        monkeypatch.setattr(dupes, "restore_groups", restore_groups)


def edit_title(qtbot: QtBot, window: MainWindow, name: str, title: str) -> None:
    window.editor.set_value(by_name(window, name), ("title",), title)
    settle(qtbot, window)


def test_a_warm_reopen_shows_the_groups_it_computed_without_the_index(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    assert not window.duplicates.restored()  # found: the index, kept current at once
    cold = shown(window)
    assert cold["is:duplicate"] == sorted(
        (
            "tram-a.md",
            "tram-b.md",
            "tram-c.md",
            "bridge-a.md",
            "bridge-b.md",
            "ferry-a.md",
            "ferry-b.md",
        )
    )
    assert cold["cells"]["tram-a.md"] == "≈ 2"
    assert not cold["cells"]["story-01.md"]
    assert groups_shown(window) == computed(window)

    reopen(qtbot, window)
    assert window.duplicates.restored()  # only the groups
    assert (counted.groups, counted.entries) == (2, 0)  # the cold one found none kept
    assert shown(window) == cold
    assert groups_shown(window) == computed(window)

    # a change that needs no comparing (not a title, URL, provider or date): still groups
    document = by_name(window, "tram-a.md")
    window.editor.set_value(document, ("quality",), 99)
    settle(qtbot, window)
    assert window.duplicates.restored()
    assert counted.entries == 0
    document.revert()


def test_many_changes_are_looked_at_a_slice_at_a_time_until_one_needs_the_index(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dupes, "UPDATE_SLICE", 2)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    reopen(qtbot, window)
    documents = window.model.documents()
    for document in documents:
        window.editor.set_value(document, ("quality",), 98)
    window.duplicates.update(documents)  # all at once: a slice per pass
    assert not window.duplicates.ready()
    settle(qtbot, window)
    assert window.duplicates.restored()  # none needed comparing
    window.editor.set_value(by_name(window, "story-07.md"), ("title",), TRAM)
    window.duplicates.update(documents)
    settle(qtbot, window)
    assert not window.duplicates.restored()
    assert shown(window)["cells"]["story-07.md"] == "≈ 3"
    assert groups_shown(window) == computed(window)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("tram-b.md", "A different story about buses altogether"),  # leaves its group
        ("story-03.md", TRAM),  # joins one
        ("ferry-b.md", "Ferry to the islands runs again, says the mayor"),  # reason changes
    ],
)
def test_an_edit_restores_the_index_and_shows_what_a_computed_one_shows(
    qtbot: QtBot,
    context: AppContext,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    title: str,
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    edit_title(qtbot, window, name, title)
    assert not window.duplicates.restored()
    edited_cold = shown(window)
    assert groups_shown(window) == computed(window)
    by_name(window, name).revert()
    window.editor.notify([by_name(window, name)])
    settle(qtbot, window)

    counted = Counted(monkeypatch)
    reopen(qtbot, window)
    assert window.duplicates.restored()
    assert counted.entries == 0
    edit_title(qtbot, window, name, title)
    assert counted.entries == 1  # the index, restored from the store for the edit
    assert not window.duplicates.restored()
    assert shown(window) == edited_cold
    assert groups_shown(window) == computed(window)
    assert shown(window) != {}  # and it is kept current from then on, as a computed one
    by_name(window, name).revert()
    window.editor.notify([by_name(window, name)])
    settle(qtbot, window)
    assert groups_shown(window) == computed(window)
    assert counted.entries == 1


def test_a_file_changed_on_disk_after_a_warm_reopen_is_compared_again(
    qtbot: QtBot, context: AppContext, folder: Path
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    reopen(qtbot, window)
    assert window.duplicates.restored()
    before = shown(window)
    assert not before["cells"]["story-05.md"]
    rewrite(folder / "story-05.md", b'title: "Story 05"', f'title: "{TRAM}"'.encode())
    window.watcher.documents_changed.emit([by_name(window, "story-05.md")])
    settle(qtbot, window)
    assert not window.duplicates.restored()
    assert by_name(window, "story-05.md").view.title == TRAM
    assert shown(window)["cells"]["story-05.md"] == "≈ 3"  # with the tram stories
    assert groups_shown(window) == computed(window)


def test_without_the_kept_entries_the_index_is_found_again_for_an_edit(
    qtbot: QtBot, context: AppContext, folder: Path
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    reopen(qtbot, window)
    assert window.duplicates.restored()
    store = window.duplicates.store()
    assert store is not None
    store.put(dup_worker.STORE_NAME, "another folder", (), form=dup_worker.STORE_FORM)
    edit_title(qtbot, window, "story-03.md", TRAM)
    assert not window.duplicates.restored()
    assert shown(window)["cells"]["story-03.md"] == "≈ 3"
    assert groups_shown(window) == computed(window)
