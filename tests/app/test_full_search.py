"""Searches on fields the index does not hold read the files in full, in a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.table.columns import Column
from reviewer.core import store
from reviewer.core.article import Article
from reviewer.workspace import workspace as workspace_module


@pytest.fixture
def signed(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    folder = tmp_path / "signed"
    folder.mkdir()
    for slug in ("alpha-story", "bravo-story", "charlie-story"):
        make_article(folder, slug)
    path = folder / "bravo-story.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'secured: "c2lnbmF0dXJlLW9mLXtzbHVnfQ=="', 'secured: "UniqueSignature=="'
        ),
        encoding="utf-8",
    )
    return folder


def test_a_search_on_a_field_summaries_lack_reads_the_files_then_applies(
    qtbot: QtBot, context: AppContext, signed: Path
) -> None:
    window = open_window(qtbot, context, signed)
    assert not all(d.loaded for d in window.model.documents())  # listed from summaries
    bar = window.list_pane.filter_edit
    bar.setText("secured:uniquesignature")
    assert window.full_search.running()
    assert window.status.progress.format() == "Full files %v of %m"
    assert window.status.currentMessage().startswith("Reading the full files for this search")
    qtbot.waitUntil(lambda: not window.full_search.running(), timeout=10_000)
    assert [window.proxy.index(r, Column.TITLE).data() for r in range(window.proxy.rowCount())] == [
        "Bravo Story"
    ]
    assert all(d.loaded for d in window.model.documents())
    assert not window.status.progress.isVisible()


def test_reading_the_files_can_be_cancelled(
    qtbot: QtBot, context: AppContext, signed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, signed)
    # The work that follows a load (kept search texts written, the report...) done first:
    # what must not be running at the end is what this search started.
    qtbot.waitUntil(lambda: window.is_idle() and not window.workers.running(), timeout=20_000)
    gate = threading.Event()
    real = store.read_article

    def slow(path: Path) -> Article:
        gate.wait(5)
        return real(path)

    # The name the worker calls (Workspace.read_full): patching store's own did not hold
    # the reading back, and the test raced the reads.
    monkeypatch.setattr(workspace_module, "read_article", slow)
    window.list_pane.filter_edit.setText("secured:uniquesignature")
    assert window.full_search.running()
    window.status.cancel_requested.emit()  # the status bar's Cancel
    gate.set()
    qtbot.waitUntil(lambda: not window.full_search.running(), timeout=10_000)
    assert "cancelled" in window.status.currentMessage()
    assert not all(d.loaded for d in window.model.documents())
    assert not window.workers.running()


def test_a_search_summaries_answer_reads_nothing(
    qtbot: QtBot, context: AppContext, signed: Path
) -> None:
    window = open_window(qtbot, context, signed)
    window.list_pane.filter_edit.setText("title:bravo quality:>10")
    assert not window.full_search.running()
    assert window.proxy.rowCount() == 1
