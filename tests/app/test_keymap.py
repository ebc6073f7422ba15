"""Changeable shortcuts: the registry, the preferences dialog, conflicts, reset, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QKeySequenceEdit, QTableWidget
from pytestqt.qtbot import QtBot
from test_mainwindow import discard_edits, open_window, row_of_title

from reviewer.app.context import AppContext
from reviewer.app.keymap import Keymap
from reviewer.app.mainwindow import MainWindow
from reviewer.app.preferences import PreferencesDialog, open_preferences
from reviewer.app.settings import shortcut_option

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def opened(qtbot: QtBot, context: AppContext, folder: Path | None) -> MainWindow:
    window = open_window(qtbot, context, folder)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    return window


def keys(window: MainWindow, action_id: str) -> list[str]:
    return [k.toString() for k in window.keymap.shortcuts(action_id)]


def set_keys(dialog: PreferencesDialog, action_id: str, text: str) -> None:
    """What the key sequence editor does when the user presses new keys."""
    edit = dialog.edits[action_id]
    edit.setKeySequence(QKeySequence(text))
    edit.editingFinished.emit()


def redo_keys() -> list[str]:
    """The platform's Redo, Ctrl+Shift+Z and Ctrl+Y (repeats dropped), as actions.py sets them."""
    found = [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
    return list(dict.fromkeys([*found[:1], "Ctrl+Shift+Z", "Ctrl+Y"]))


def test_every_action_is_registered_with_its_defaults(qtbot: QtBot, context: AppContext) -> None:
    window = opened(qtbot, context, None)
    expected = {
        "open": ["Ctrl+O"],
        "save": ["Ctrl+S"],
        "save_selected": ["Ctrl+Shift+S"],
        "undo": ["Ctrl+Z"],
        "redo": redo_keys(),
        "toggle_published": ["Ctrl+P"],
        "find": ["Ctrl+F"],
        "quit": ["Ctrl+Q"],
        "reload": ["F5"],
        "triage.mode": ["Ctrl+T"],
        "triage.publish": ["P"],
        "triage.details": ["Return", "Enter"],
        "bulk_edit": ["Ctrl+E"],
        "preferences": ["Ctrl+,"],
    }
    for action_id, shortcut in expected.items():
        assert keys(window, action_id) == shortcut, action_id
        assert window.keymap.is_default(action_id)
    ids = [entry.id for entry in window.keymap.entries()]
    assert {"revert", "select_all", "about", "triage.skip", "triage.advance"} <= set(ids)
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError, match="twice"):
        window.keymap.register("save", window.menus.save)


def test_preferences_open_from_the_edit_menu_shortcut(qtbot: QtBot, context: AppContext) -> None:
    window = opened(qtbot, context, None)
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)  # no folder: the window has the focus
    found = [d for d in window.findChildren(QDialog) if isinstance(d, PreferencesDialog)]
    assert len(found) == 1 and found[0].isVisible()
    dialog = found[0]
    rows = {cell_text(dialog.table, r, 0): r for r in range(dialog.table.rowCount())}
    row = rows["File ▸ Save"]
    edit = dialog.table.cellWidget(row, 1)
    assert isinstance(edit, QKeySequenceEdit)
    assert edit.keySequence() == QKeySequence("Ctrl+S")
    assert cell_text(dialog.table, row, 2) == "Ctrl+S"
    assert open_preferences(window.context) is dialog  # one dialog at a time


def test_change_a_shortcut_it_works_and_is_remembered(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = opened(qtbot, context, articles)
    dialog = open_preferences(window.context)
    set_keys(dialog, "toggle_published", "Ctrl+Alt+P")
    assert not dialog.message.isVisible()
    assert keys(window, "toggle_published") == ["Ctrl+Alt+P"]
    assert "(Ctrl+Alt+P)" in window.menus.toggle.toolTip()
    dialog.close()  # it is window-modal: the window takes keys again
    window.select_row(row_of_title(window, "Alpha Story"))
    qtbot.keyClick(window.table, Qt.Key.Key_P, CTRL)  # the old keys do nothing now
    assert window.modified_documents() == []
    qtbot.keyClick(window.table, Qt.Key.Key_P, CTRL | ALT)
    assert [d.path.name for d in window.modified_documents()] == ["alpha-story.md"]

    # A single key for a table action, pressed in the editor as a user would.
    dialog = open_preferences(window.context)
    edit = dialog.edits["triage.skip"]
    edit.setFocus()
    with qtbot.waitSignal(edit.editingFinished, timeout=3000):
        qtbot.keyClick(edit, Qt.Key.Key_X)
    assert keys(window, "triage.skip") == ["X"]
    assert context.settings.get(shortcut_option("triage.skip")) == "X"
    dialog.close()
    discard_edits(window)
    window.close()

    second = opened(qtbot, context, articles)
    assert keys(second, "toggle_published") == ["Ctrl+Alt+P"]
    assert keys(second, "triage.skip") == ["X"]
    assert second.triage.skip.shortcut() == QKeySequence("X")
    second.select_row(0)
    first = second.current_document()
    qtbot.keyClick(second.table, Qt.Key.Key_X)
    assert second.triage.history[-1].kind == "skip"
    assert second.triage.history[-1].documents == [first]
    qtbot.keyClick(second.table, Qt.Key.Key_P, CTRL | ALT)
    assert len(second.modified_documents()) == 1


def test_conflicts_are_refused_with_a_clear_message(qtbot: QtBot, context: AppContext) -> None:
    window = opened(qtbot, context, None)
    dialog = open_preferences(window.context)
    set_keys(dialog, "toggle_published", "Ctrl+S")
    assert dialog.message.isVisible()
    text = dialog.message.text()
    assert "Ctrl+S" in text and "File ▸ Save" in text and "Toggle Published" in text
    assert keys(window, "toggle_published") == ["Ctrl+P"]  # unchanged
    assert dialog.edits["toggle_published"].keySequence() == QKeySequence("Ctrl+P")
    assert not context.settings.store.contains(shortcut_option("toggle_published").key)
    # A single key taken by a table action conflicts too, and so does a secondary shortcut.
    assert "Triage ▸ Publish / Unpublish" in window.keymap.assign(
        "triage.skip", [QKeySequence("P")]
    )
    assert "Redo" in window.keymap.assign("open", [QKeySequence("Ctrl+Y")])
    set_keys(dialog, "toggle_published", "Ctrl+Alt+P")  # a free one clears the message
    assert not dialog.message.isVisible()


def test_reset_to_defaults(qtbot: QtBot, context: AppContext) -> None:
    window = opened(qtbot, context, None)
    dialog = open_preferences(window.context)
    set_keys(dialog, "save", "Ctrl+Alt+S")
    set_keys(dialog, "triage.publish", "Y")
    assert keys(window, "save") == ["Ctrl+Alt+S"]
    dialog.reset_button.click()
    assert keys(window, "save") == ["Ctrl+S"]
    assert keys(window, "triage.publish") == ["P"]
    assert dialog.edits["save"].keySequence() == QKeySequence("Ctrl+S")
    assert not any(k.startswith("shortcuts/") for k in context.settings.store.allKeys())
    window.close()
    second = opened(qtbot, context, None)
    assert keys(second, "save") == ["Ctrl+S"]


def test_a_shortcut_can_be_removed_and_stays_removed(qtbot: QtBot, context: AppContext) -> None:
    window = opened(qtbot, context, None)
    dialog = open_preferences(window.context)
    dialog.edits["find"].clear()  # the editor's clear button
    assert keys(window, "find") == []
    assert window.menus.find.toolTip() == window.menus.find.statusTip()
    window.close()
    second = opened(qtbot, context, None)
    assert keys(second, "find") == []
    assert not second.keymap.is_default("find")


def test_choosing_the_defaults_again_forgets_the_override(
    qtbot: QtBot, context: AppContext
) -> None:
    window = opened(qtbot, context, None)
    keymap: Keymap = window.keymap
    assert keymap.assign("save", [QKeySequence("Ctrl+Alt+S")]) == ""
    assert context.settings.store.contains(shortcut_option("save").key)
    assert keymap.assign("save", [QKeySequence("Ctrl+S")]) == ""
    assert not context.settings.store.contains(shortcut_option("save").key)
    # Setting the first of two shortcuts again keeps the second one.
    dialog = open_preferences(window.context)
    set_keys(dialog, "triage.details", "Return")
    assert keys(window, "triage.details") == ["Return", "Enter"]
