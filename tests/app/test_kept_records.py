"""The search records' texts kept with the folder's index (app/keptrecords.py): a warm
reopen of an unchanged folder makes its records from them, without folding again; a row
changed since makes its own."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_derived_restore import reopen as reopen_settled
from test_derived_restore import settle as settle_derived
from test_mainwindow import open_window

from reviewer.app import keptrecords
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.core.query import records

ITEM = """---
title: "{title}"
excerpt: "Caf\u00e9 cr\u00e8me, item {n}"
provider:
  name: Provider {n}
topics:
  - Topic {n}
published: false
---
Body {n}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "items"
    folder.mkdir()
    for n in range(6):
        (folder / f"item-{n}.md").write_text(ITEM.format(title=f"Title {n}", n=n), encoding="utf-8")
    return folder


class Folds:
    """Counts the words texts made by folding (records.words_text)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = records.words_text

        def counted(*args: Any) -> str:
            self.count += 1
            return real(*args)

        monkeypatch.setattr(records, "words_text", counted)


def texts_done(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.workers.running("search-texts"), timeout=20_000)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Every derived structure in, and the kept texts read or written."""
    settle_derived(qtbot, window)
    texts_done(qtbot, window)


def reopen(qtbot: QtBot, window: MainWindow) -> None:
    reopen_settled(qtbot, window)
    texts_done(qtbot, window)


def texts(window: MainWindow) -> list[str]:
    return [window.proxy.record(d).text for d in window.model.documents()]


def remake(window: MainWindow) -> list[str]:
    """Every record made again (as after a row changed), and their texts."""
    window.model.refresh(window.model.documents())
    return texts(window)


def test_a_reopened_folder_makes_its_records_from_the_kept_texts(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folds = Folds(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    assert folds.count == 6
    before = texts(window)
    store = window.kept_records.store()
    assert store.kept_digest(keptrecords.NAME, form=keptrecords.FORM) is not None

    reopen(qtbot, window)
    kept = window.proxy.kept_texts()
    assert sorted(text for _digest, text in kept.values()) == sorted(before)
    folds.count = 0
    assert remake(window) == before
    assert folds.count == 0  # every record made from its kept text
    window.list_pane.filter_edit.setText("creme 3")  # bare words match the kept texts
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5000)
    assert window.proxy.index(0, 1).data() == "Title 3"


def test_a_file_changed_since_folds_its_own_and_the_new_texts_are_kept(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folds = Folds(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    path = folder / "item-2.md"
    path.write_text(ITEM.format(title="Renamed", n=2), encoding="utf-8")
    reopen(qtbot, window)
    folds.count = 0
    remade = remake(window)
    assert folds.count == 1  # only the changed file's
    assert "renamed" in remade[2]
    reopen(qtbot, window)  # the new texts were kept
    folds.count = 0
    assert remake(window) == remade
    assert folds.count == 0


def test_an_edited_row_makes_its_own_record(
    qtbot: QtBot, context: AppContext, folder: Path
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    reopen(qtbot, window)
    assert window.proxy.kept_texts()
    document = window.model.documents()[1]
    document.set(("title",), "Edited title")
    window.model.refresh(document)
    assert window.proxy.record(document).title_folded == "edited title"


def test_a_kept_text_holds_only_for_the_same_bytes_unedited(
    qtbot: QtBot, context: AppContext, folder: Path
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    first, second = window.model.documents()[:2]
    assert first.article.fingerprint is not None
    window.proxy.take_texts(
        {
            os.fspath(first.path): (first.article.fingerprint.digest, "kept\nline"),
            os.fspath(second.path): ("another digest", "stale\nline"),
        }
    )
    remake(window)
    assert window.proxy.record(first).title_folded == "kept"
    assert window.proxy.record(second).title_folded == "title 1"
    first.set(("title",), "Changed")
    window.model.refresh(first)
    assert window.proxy.record(first).title_folded == "changed"
