"""Keyboard triage: every single-key shortcut on the table, advance, undo, counter, saving."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot
from test_mainwindow import discard_edits, open_window, row_of_title

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import TRIAGE_ADVANCE, TRIAGE_SAVE_NOW
from reviewer.app.table.columns import Column, Role
from reviewer.app.table.proxy import Status
from reviewer.core.document import Document

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")

CTRL = Qt.KeyboardModifier.ControlModifier
TRIAGE_ORDER = ["Echo Story", "Alpha Story", "Charlie Story", "broken.md"]  # unpublished, newest


def opened(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = open_window(qtbot, context, folder)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def in_triage(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = opened(qtbot, context, folder)
    qtbot.keyClick(window.table, Qt.Key.Key_T, CTRL)
    assert window.triage.active
    return window


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(window.table, key, modifier)


def titles(window: MainWindow) -> list[str]:
    return [window.proxy.index(r, Column.TITLE).data() for r in range(window.proxy.rowCount())]


def selected_titles(window: MainWindow) -> list[str]:
    return [d.view.title or d.path.name for d in window.selected_documents()]


def current_title(window: MainWindow) -> str:
    return window.table.currentIndex().siblingAtColumn(Column.TITLE).data()


def document(window: MainWindow, title: str) -> Document:
    return window.proxy.index(row_of_title(window, title), Column.TITLE).data(Role.DOCUMENT)


def counter(window: MainWindow) -> str:
    return window.triage.counter.text()


# -- focus and moving


def test_table_has_focus_and_down_selects_the_first_row(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.table.hasFocus()  # given by the window once a folder has opened
    assert not window.table.selectionModel().hasSelection()
    press(qtbot, window, Qt.Key.Key_Down)
    assert window.table.selectionModel().selectedRows()[0].row() == 0
    assert current_title(window) == titles(window)[0]
    press(qtbot, window, Qt.Key.Key_Down)  # the arrows keep working
    assert current_title(window) == titles(window)[1]


def test_down_selects_the_first_row_in_triage(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.table.selectionModel().clear()
    press(qtbot, window, Qt.Key.Key_Down)
    assert selected_titles(window) == ["Echo Story"]


def test_j_and_k_move(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    window.table.selectionModel().clear()
    press(qtbot, window, Qt.Key.Key_J)
    assert selected_titles(window) == ["Echo Story"]
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    assert selected_titles(window) == ["Charlie Story"]
    press(qtbot, window, Qt.Key.Key_K)
    assert selected_titles(window) == ["Alpha Story"]
    press(qtbot, window, Qt.Key.Key_Up)
    press(qtbot, window, Qt.Key.Key_K)  # at the top it stays
    assert selected_titles(window) == ["Echo Story"]


def test_return_goes_to_the_fields_and_escape_comes_back(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.detail.tabs.setCurrentWidget(window.detail.source)
    press(qtbot, window, Qt.Key.Key_Return)
    focused = window.focusWidget()
    assert focused is not None and window.detail.isAncestorOf(focused)
    assert window.detail.tabs.currentWidget() is window.detail.fields
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert window.table.hasFocus()
    window.detail.fields.title.setFocus()  # Escape from any field of the pane
    qtbot.keyClick(window.detail.fields.title, Qt.Key.Key_Escape)
    assert window.table.hasFocus()


def test_slash_and_ctrl_f_focus_the_search(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    search = window.list_pane.filter_edit
    press(qtbot, window, Qt.Key.Key_Slash)
    assert search.hasFocus()
    assert search.text() == ""  # the slash itself is not typed
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert search.hasFocus()


# -- the mode


def test_triage_mode_shows_unpublished_newest_first_and_restores(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    header = window.table.horizontalHeader()
    header.setSortIndicator(Column.QUALITY, Qt.SortOrder.AscendingOrder)
    window.detail.tabs.setCurrentWidget(window.detail.source)
    before = titles(window)
    mode = window.triage.mode
    assert mode.isCheckable() and mode.shortcut() == QKeySequence("Ctrl+T")
    assert mode in window.menus.view_menu.actions()
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert toolbar is not None
    assert mode in toolbar.actions()

    press(qtbot, window, Qt.Key.Key_T, CTRL)
    assert mode.isChecked()
    assert window.proxy.status() == Status.UNPUBLISHED
    assert titles(window) == TRIAGE_ORDER
    assert header.sortIndicatorSection() == Column.DATE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert window.detail.tabs.currentWidget() is window.detail.fields
    assert selected_titles(window) == ["Echo Story"]
    assert window.triage.counter.isVisible()

    mode.trigger()  # the toolbar / View menu action
    assert not window.triage.active
    assert window.proxy.status() == Status.ALL
    assert header.sortIndicatorSection() == Column.QUALITY
    assert titles(window) == before
    assert not window.triage.counter.isVisible()


def test_triage_menu_lists_every_action_with_its_shortcut(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    shown = {a.text(): a.shortcut().toString() for a in window.triage.menu.actions()}
    assert shown["&Publish / Unpublish"] == "P"
    assert shown["&Skip"] == "S"
    assert shown["&Undo Last Decision"] == "U"
    assert shown["&Next Item"] == "J"
    assert shown["P&revious Item"] == "K"
    assert shown["&Edit Fields"] == "Return"
    assert shown["&Back to List"] == "Esc"
    assert shown["Searc&h"] == "/"
    assert shown["&Triage Mode"] == "Ctrl+T"
    menu_titles = [a.text() for a in window.menuBar().actions()]
    assert menu_titles.index("T&riage") == menu_titles.index("&Help") - 1


# -- decisions


def test_p_publishes_and_advances(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    echo = document(window, "Echo Story")
    press(qtbot, window, Qt.Key.Key_P)
    assert echo.view.published is True and echo.modified
    assert window.isWindowModified()
    assert window.editor.undo_stack.count() == 1
    assert selected_titles(window) == ["Alpha Story"]
    assert b"published: false" in (articles / "echo-story.md").read_bytes()  # not saved
    assert counter(window) == "decided 1 of 4"
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_P)  # P again on a published item unpublishes it
    assert echo.view.published is False


def test_p_on_a_selection_is_one_undo_step(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.select_row(0)
    window.table.selectionModel().select(
        window.proxy.index(1, Column.TITLE),
        window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows,
    )
    press(qtbot, window, Qt.Key.Key_P)
    assert [d.path.name for d in window.modified_documents()] == ["alpha-story.md", "echo-story.md"]
    assert window.editor.undo_stack.count() == 1
    assert selected_titles(window) == ["Charlie Story"]  # the row after the selection
    assert counter(window) == "decided 2 of 4"
    press(qtbot, window, Qt.Key.Key_U)
    assert window.modified_documents() == []
    assert sorted(selected_titles(window)) == ["Alpha Story", "Echo Story"]


def test_p_on_an_unreadable_file_does_nothing(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    window.select_row(row_of_title(window, "broken.md"))
    press(qtbot, window, Qt.Key.Key_P)
    assert window.editor.undo_stack.count() == 0
    assert window.triage.history == []
    assert "can be edited" in window.status.currentMessage()


def test_s_skips_and_u_undoes_the_skip(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    press(qtbot, window, Qt.Key.Key_S)
    assert selected_titles(window) == ["Alpha Story"]
    assert window.modified_documents() == []
    assert counter(window) == "decided 1 of 4"
    press(qtbot, window, Qt.Key.Key_S)
    assert counter(window) == "decided 2 of 4"
    press(qtbot, window, Qt.Key.Key_U)
    assert selected_titles(window) == ["Alpha Story"]
    assert counter(window) == "decided 1 of 4"
    press(qtbot, window, Qt.Key.Key_U)
    assert selected_titles(window) == ["Echo Story"]
    assert counter(window) == "decided 0 of 4"
    press(qtbot, window, Qt.Key.Key_U)  # nothing left: a message, no change
    assert "No decision" in window.status.currentMessage()


def test_u_undoes_a_publish_through_the_undo_stack(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    echo = document(window, "Echo Story")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_S)  # skipping Alpha, then U twice: the skip, then the publish
    press(qtbot, window, Qt.Key.Key_U)
    assert selected_titles(window) == ["Alpha Story"]
    assert echo.view.published is True
    press(qtbot, window, Qt.Key.Key_U)
    assert echo.view.published is False and not echo.modified
    assert selected_titles(window) == ["Echo Story"]
    stack = window.editor.undo_stack
    assert stack.index() == 0 and stack.canRedo()  # it was the stack's own undo
    assert not window.isWindowModified()


def test_u_after_another_edit_reverts_only_the_decision(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    echo, alpha = document(window, "Echo Story"), document(window, "Alpha Story")
    press(qtbot, window, Qt.Key.Key_P)
    window.editor.set_value(alpha, ("quality",), 11)
    press(qtbot, window, Qt.Key.Key_U)
    assert echo.view.published is False
    assert alpha.view.quality == 11  # the later edit stays
    assert window.editor.undo_stack.count() == 3
    window.editor.undo_stack.undo()  # and the decision's undo is itself undoable
    assert echo.view.published is True


def test_ctrl_z_is_the_normal_undo_and_u_skips_what_it_undid(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    echo, alpha = document(window, "Echo Story"), document(window, "Alpha Story")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_P)
    assert echo.view.published and alpha.view.published
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert alpha.view.published is False and echo.view.published is True
    qtbot.waitUntil(lambda: counter(window) == "decided 1 of 4")
    press(qtbot, window, Qt.Key.Key_U)  # Alpha's decision is already undone: Echo's goes
    assert echo.view.published is False
    assert window.modified_documents() == []


def test_advance_can_be_turned_off_and_is_remembered(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    advance = window.triage.advance
    assert advance.isChecked() and advance in window.triage.menu.actions()
    advance.trigger()
    assert context.settings.get(TRIAGE_ADVANCE) is False
    press(qtbot, window, Qt.Key.Key_P)
    assert selected_titles(window) == ["Echo Story"]
    press(qtbot, window, Qt.Key.Key_S)
    assert selected_titles(window) == ["Echo Story"]
    discard_edits(window)
    window.close()
    second = opened(qtbot, context, articles)
    assert not second.triage.advance.isChecked()


def test_advance_stops_at_the_last_row(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    window.select_row(window.proxy.rowCount() - 1)
    press(qtbot, window, Qt.Key.Key_S)
    assert selected_titles(window) == ["broken.md"]


def test_counter_follows_the_view(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    assert counter(window) == "decided 0 of 4"
    press(qtbot, window, Qt.Key.Key_P)
    assert counter(window) == "decided 1 of 4"
    qtbot.keyClicks(window.list_pane.filter_edit, "alpha")
    # Echo (decided) left the view but still counts; Alpha is the one row listed.
    qtbot.waitUntil(lambda: counter(window) == "decided 1 of 2")
    window.list_pane.filter_edit.clear()
    qtbot.waitUntil(lambda: counter(window) == "decided 1 of 4")


def test_a_new_triage_session_counts_from_zero(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    press(qtbot, window, Qt.Key.Key_T, CTRL)
    assert counter(window) == "decided 0 of 4"


# -- saving


def test_decisions_are_saved_by_ctrl_s_only(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = in_triage(qtbot, context, articles)
    assert not window.triage.save_now.isChecked()
    path = articles / "echo-story.md"
    before = path.read_bytes()
    press(qtbot, window, Qt.Key.Key_P)
    assert path.read_bytes() == before
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert path.read_bytes() == before.replace(b"published: false", b"published: true")
    assert not window.isWindowModified()


def test_save_decisions_immediately(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = in_triage(qtbot, context, articles)
    window.triage.save_now.trigger()
    assert context.settings.get(TRIAGE_SAVE_NOW) is True
    path = articles / "echo-story.md"
    before = path.read_bytes()
    press(qtbot, window, Qt.Key.Key_P)
    assert path.read_bytes() == before.replace(b"published: false", b"published: true")
    assert not window.isWindowModified()
    assert counter(window) == "decided 1 of 4"
    press(qtbot, window, Qt.Key.Key_U)  # undoing writes the file back too
    assert path.read_bytes() == before
    assert not window.isWindowModified()
    window.close()
    second = opened(qtbot, context, articles)
    assert second.triage.save_now.isChecked()
