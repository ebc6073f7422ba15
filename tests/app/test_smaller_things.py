"""Issue 11's smaller things: what the detail pane shows, Select All and a filter change,
Open URL with no browser, and triage's marks, messages and undo labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app import dialogs
from reviewer.app.context import AppContext

ROWS = 1_050


@pytest.fixture(autouse=True)
def no_modal_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(*_args: object) -> None:
        raise AssertionError("unexpected modal prompt")

    monkeypatch.setattr(dialogs, "ask_unsaved", unexpected)
    monkeypatch.setattr(dialogs, "ask_conflict", unexpected)


@pytest.fixture
def many(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(ROWS):
        make_article(folder, f"story-{i:04}", quality=i % 100)
    return folder


def test_on_open_the_detail_pane_shows_no_unselected_article(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    assert window.table.currentIndex().isValid()  # Qt makes the first row current...
    assert window.selected_rows() == []  # ...without selecting it
    assert window.detail.document() is None
    window.select_row(1)
    assert window.detail.document() is window.current_document() is not None


def test_select_all_then_a_filter_change_keeps_only_rows_still_selected_and_visible(
    qtbot: QtBot, context: AppContext, many: Path
) -> None:
    window = open_window(qtbot, context, many)
    assert window.proxy.rowCount() == ROWS
    window.menus.select_all.trigger()
    assert len(window.selected_rows()) == ROWS
    window.list_pane.filter_edit.setText("quality:>=90")  # narrower: all still selected
    shown = window.proxy.rowCount()
    assert 0 < shown < ROWS
    assert len(window.selected_rows()) == shown
    narrowed = {id(d) for d in window.selected_documents()}
    window.list_pane.filter_edit.setText("")  # wider: the rows brought in are not selected
    assert window.proxy.rowCount() == ROWS
    assert {id(d) for d in window.selected_documents()} == narrowed
    window.menus.select_all.trigger()
    window.list_pane.filter_edit.setText("quality:<10")  # another subset
    assert len(window.selected_rows()) == window.proxy.rowCount()
    window.list_pane.filter_edit.setText("quality:>=90")  # none of these was selected
    assert window.selected_rows() == []
