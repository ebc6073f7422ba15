"""The search records' texts kept with the folder's index (app/keptrecords.py): a warm
reopen of an unchanged folder makes its records from them, without folding again; a row
changed since makes its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import loading, open_window

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


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.is_idle, timeout=20_000)
    qtbot.waitUntil(lambda: not window.workers.running("search-texts"), timeout=20_000)


def reopen(qtbot: QtBot, window: MainWindow) -> None:
    with loading(qtbot, window):
        window.reload_folder()
    settle(qtbot, window)


def texts(window: MainWindow) -> list[str]:
    return [window.proxy.record(d).text for d in window.model.documents()]


def test_an_unchanged_folder_reopened_makes_its_records_from_the_kept_texts(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folds = Folds(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    assert folds.count == 6
    before = texts(window)
    store = window.kept_records.store()
    assert store.kept_digest(keptrecords.NAME, form=keptrecords.FORM) is not None

    folds.count = 0
    reopen(qtbot, window)
    assert folds.count == 0  # every record made from its kept text
    assert texts(window) == before
    window.list_pane.filter_edit.setText("creme 3")  # bare words match the kept texts
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5000)
    assert window.proxy.index(0, 1).data() == "Title 3"


def test_a_file_changed_since_makes_the_records_again_and_keeps_new_texts(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folds = Folds(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    path = folder / "item-2.md"
    path.write_text(ITEM.format(title="Renamed", n=2), encoding="utf-8")
    folds.count = 0
    reopen(qtbot, window)
    assert folds.count == 6  # the rows are not the same: nothing taken from the kept texts
    assert "renamed" in texts(window)[2]
    folds.count = 0
    reopen(qtbot, window)
    assert folds.count == 0  # and the new texts were kept


def test_an_edited_row_makes_its_own_record(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    reopen(qtbot, window)
    document = window.model.documents()[1]
    document.set(("title",), "Edited title")
    window.model.refresh(document)
    assert window.proxy.record(document).title_folded == "edited title"


def test_a_kept_text_is_used_until_its_row_changes(
    qtbot: QtBot, context: AppContext, folder: Path
) -> None:
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    proxy, model = window.proxy, window.model
    proxy.hold_records(True)
    proxy.take_texts([f"kept {n}\nline" for n in range(6)])
    model.refresh(model.documents())  # every row changed: the kept texts are forgotten too
    proxy.take_texts([f"kept {n}\nline" for n in range(6)])
    assert proxy.record(model.document(0)).title_folded == "kept 0"  # taken as is
    model.refresh(model.document(0))  # the row changed since: it folds its own again
    proxy.hold_records(False)
    qtbot.waitUntil(proxy.records_ready, timeout=5000)
    assert proxy.record(model.document(0)).title_folded == "title 0"
    assert proxy.record(model.document(1)).title_folded == "kept 1"
