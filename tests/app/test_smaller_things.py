"""Issue 11's smaller things: what the detail pane shows, Select All and a filter change,
Open URL with no browser, and triage's marks, messages and undo labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QIcon
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column
from reviewer.core.document import Document

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")

ROWS = 1_050


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


def in_triage(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = open_window(qtbot, context, folder)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.triage.active
    window.select_row(0)
    return window


def cell(window: MainWindow, document: Document, column: int, role: int) -> object:
    row = window.selection.row_in_view(document)
    return window.proxy.index(row, column).data(role)


def test_a_skip_leaves_a_mark_on_the_row_for_the_session(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    skipped = window.current_document()
    assert skipped is not None
    tip = Qt.ItemDataRole.ToolTipRole
    assert "Skipped" not in str(cell(window, skipped, Column.PUBLISHED, tip))
    assert cell(window, skipped, Column.SIMILAR, Qt.ItemDataRole.DecorationRole) is None
    qtbot.keyClick(window.table, Qt.Key.Key_S)
    assert window.current_document() is not skipped  # advanced
    assert "Skipped in this triage session" in str(cell(window, skipped, Column.PUBLISHED, tip))
    assert "Skipped" in str(cell(window, skipped, Column.SIMILAR, tip))
    icon = cell(window, skipped, Column.SIMILAR, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    qtbot.keyClick(window.table, Qt.Key.Key_U)  # the skip taken back: no mark
    assert "Skipped" not in str(cell(window, skipped, Column.PUBLISHED, tip))
    assert cell(window, skipped, Column.SIMILAR, Qt.ItemDataRole.DecorationRole) is None


def test_the_status_message_is_refreshed_after_an_undo(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    document = window.current_document()
    assert document is not None
    qtbot.keyClick(window.table, Qt.Key.Key_P)
    message = window.statusBar().currentMessage()
    assert message.startswith("Published")
    window.menus.undo.trigger()
    qtbot.waitUntil(lambda: not window.editor.busy())
    assert window.statusBar().currentMessage() == f"Undone: {window.editor.undo_stack.redoText()}"
    window.menus.redo.trigger()
    qtbot.waitUntil(lambda: not window.editor.busy())
    assert window.statusBar().currentMessage().startswith("Redone: Publish")


def test_undo_labels_use_titles_shortened(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    title = "A very long title about the city council's budget meeting of last Tuesday"
    make_article(folder, "long-title-story-with-a-long-file-name", title=title)
    window = in_triage(qtbot, context, folder)
    qtbot.keyClick(window.table, Qt.Key.Key_P)
    text = window.editor.undo_stack.undoText()
    assert "long-title-story" not in text  # not the file name
    assert text == f"Publish “{title[:39].rstrip()}…”"
    assert len(text) < len(title)
    assert window.menus.undo.text() == f"&Undo {text}"
    window.triage.set_active(False)
    window.editor.undo()
    window.select_row(0)
    window.toggle_published()  # the window's toggle too
    assert window.editor.undo_stack.undoText() == text


def test_open_url_with_no_browser_says_so_in_the_window(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    window.select_row(0)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    window.detail.fields.original_url.open_button.click()
    assert "No web browser" in window.statusBar().currentMessage()
