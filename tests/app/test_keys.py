"""Keys that act on the documents from every widget; Next/Previous Article from a field."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.keys import WHO_WINS
from reviewer.app.mainwindow import MainWindow
from reviewer.app.preferences import PreferencesDialog
from reviewer.app.table.columns import Column

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def opened(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = open_window(qtbot, context, folder)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_row(0)
    window.table.setFocus()
    return window


def title_at(window: MainWindow, row: int) -> str:
    return str(window.proxy.index(row, Column.TITLE).data())


def test_escape_in_the_search_box_returns_to_the_table(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    search = window.list_pane.filter_edit
    window.list_pane.focus_filter()
    qtbot.keyClicks(search, "story")
    assert search.hasFocus()
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert window.table.hasFocus()
    assert search.text() == "story"  # the search stays


def test_document_undo_wins_in_the_search_box(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    document = window.current_document()
    assert document is not None
    before = document.view.published
    window.toggle_published()
    assert document.view.published is not before
    search = window.list_pane.filter_edit
    window.list_pane.focus_filter()
    qtbot.keyClicks(search, "zz")
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert document.view.published is before  # the toggle was undone, not the typing
    assert search.text() == "zz"
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL | SHIFT)
    assert document.view.published is not before
    assert search.text() == "zz"


@pytest.mark.parametrize(
    ("key", "action_id"),
    [
        (Qt.Key.Key_E, "bulk_edit"),
        (Qt.Key.Key_P, "toggle_published"),
        (Qt.Key.Key_S, "save"),
        (Qt.Key.Key_T, "triage.mode"),
    ],
)
def test_application_shortcuts_act_from_the_search_box(
    qtbot: QtBot, context: AppContext, articles: Path, key: Qt.Key, action_id: str
) -> None:
    window = opened(qtbot, context, articles)
    window.toggle_published()  # something to save
    action = window.context.actions.action(action_id)
    action.setEnabled(True)
    seen: list[bool] = []
    action.triggered.disconnect()
    action.triggered.connect(lambda *_args: seen.append(True))
    search = window.list_pane.filter_edit
    window.list_pane.focus_filter()
    qtbot.keyClicks(search, "story")
    qtbot.keyClick(search, key, CTRL)
    assert seen == [True]
    window.editor.undo()


def test_text_undo_wins_inside_a_field_being_edited(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    document = window.current_document()
    assert document is not None
    window.toggle_published()
    published = document.view.published
    stack = window.editor.undo_stack
    title = window.detail.fields.title
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, "X")
    assert document.view.title.endswith("X")
    steps = stack.index()
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)  # the field's typing first
    assert not title.text().endswith("X")
    assert not document.view.title.endswith("X")
    assert document.view.published is published
    assert stack.index() >= steps  # no document step was undone
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)  # nothing left to undo in the field
    assert stack.index() < steps  # a document step now


def test_next_and_previous_article_from_a_field_keep_the_edit(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    registry = window.context.actions
    assert registry.action("next_article").shortcut().toString() == "Alt+Down"
    assert registry.action("previous_article").shortcut().toString() == "Alt+Up"
    assert registry.action("next_article") in registry.menu("menu.edit").actions()
    assert not window.keymap.conflicts("next_article", registry.action("next_article").shortcuts())
    first = window.current_document()
    assert first is not None
    title = window.detail.fields.title
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " edited")
    qtbot.keyClick(title, Qt.Key.Key_Down, ALT)
    assert window.table.currentIndex().row() == 1
    assert window.detail.document() is window.current_document() is not first
    assert first.view.title.endswith(" edited")
    focused = QApplication.focusWidget()
    assert focused is window.detail.fields.title  # still in the field, now the next article's
    assert title.text() == title_at(window, 1)
    qtbot.keyClick(title, Qt.Key.Key_Up, ALT)
    assert window.current_document() is first
    assert title.text().endswith(" edited")
    window.list_pane.focus_filter()  # from the search box too
    qtbot.keyClick(window.list_pane.filter_edit, Qt.Key.Key_Down, ALT)
    assert window.table.currentIndex().row() == 1


def test_a_date_being_typed_is_kept_when_moving_on(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    first = window.current_document()
    assert first is not None
    quality = window.detail.fields.editor("quality")
    quality.setFocus()
    quality.selectAll()
    qtbot.keyClicks(quality, "42")
    window.context.actions.action("next_article").trigger()
    assert first.view.data.get("quality") == 42


def test_the_shortcuts_help_says_which_wins_where(qtbot: QtBot, context: AppContext) -> None:
    window = open_window(qtbot, context, None)
    dialog = PreferencesDialog(window.keymap, window)
    qtbot.addWidget(dialog)
    assert dialog.precedence.text() == WHO_WINS
    assert "search box" in WHO_WINS and "field" in WHO_WINS


def test_a_topic_typed_and_not_added_is_kept_when_moving_on(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    first = window.current_document()
    assert first is not None
    topics = window.detail.fields.editor("topics")
    topics.input.setFocus()
    qtbot.keyClicks(topics.input, "Harbours")
    qtbot.keyClick(topics.input, Qt.Key.Key_Down, ALT)
    assert window.current_document() is not first
    assert "Harbours" in first.view.topics


def test_undo_off_does_not_undo_the_search_text(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    search = window.list_pane.filter_edit
    window.list_pane.focus_filter()
    qtbot.keyClicks(search, "zz")
    assert not window.menus.undo.isEnabled()  # nothing to undo (or a big edit under way)
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert search.text() == "zz"
