"""The review of the save: every pending change listed before several files are written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.savereview import SaveReviewDialog
from reviewer.core.document import Document


def document(window: MainWindow, name: str) -> Document:
    found = window.workspace.document(window.folder / name) if window.folder else None
    assert found is not None
    return found


def rows(dialog: SaveReviewDialog) -> dict[str, list[tuple[str, str]]]:
    listed = {}
    for i in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(i)
        assert item is not None
        children = [item.child(j) for j in range(item.childCount())]
        listed[item.text(0)] = [
            (c.text(0), c.text(1)) for c in children if isinstance(c, QTreeWidgetItem)
        ]
    return listed


def test_saving_several_files_shows_the_review_first(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    alpha, bravo = document(window, "alpha-story.md"), document(window, "bravo-story.md")
    before = {p: p.read_bytes() for p in (alpha.path, bravo.path)}
    window.editor.set_value(alpha, ("published",), True)
    window.editor.set_value(bravo, ("title",), "Bravo, Retold")
    window.menus.save.trigger()  # Ctrl+S
    dialog = window.save_review.dialog
    assert dialog is not None and dialog.isVisible()
    assert {p: p.read_bytes() for p in before} == before  # nothing written yet
    assert rows(dialog) == {
        "alpha-story.md": [("Published", "false → true")],
        "bravo-story.md": [("Title", "Bravo Story → Bravo, Retold")],
    }
    assert dialog.summary.text() == "Saving writes 2 articles:"
    first = dialog.tree.topLevelItem(0)
    assert first is not None
    dialog.tree.setCurrentItem(first)  # the exact diff, on demand
    assert "-published: false\n+published: true" in dialog.diff.toPlainText()
    dialog.drop_current()  # Alpha's changes go, undoably
    assert not alpha.modified
    assert window.editor.undo_stack.undoText().startswith("Revert")
    assert list(rows(dialog)) == ["bravo-story.md"]
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None
    save.click()
    assert alpha.path.read_bytes() == before[alpha.path]
    assert b'title: "Bravo, Retold"' in bravo.path.read_bytes()
    assert not bravo.modified
    window.editor.undo_stack.undo()  # the dropped change comes back
    assert alpha.modified and alpha.view.published is True


def test_one_file_is_saved_at_once_and_the_review_can_be_cancelled(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    alpha, bravo = document(window, "alpha-story.md"), document(window, "bravo-story.md")
    window.editor.set_value(alpha, ("quality",), 11)
    window.menus.save.trigger()
    assert window.save_review.dialog is None and not alpha.modified
    window.editor.set_value(alpha, ("quality",), 12)
    window.editor.set_value(bravo, ("quality",), 13)
    window.save_review.action.trigger()  # File ▸ Review Changes…
    dialog = window.save_review.dialog
    assert dialog is not None
    dialog.reject()
    assert alpha.modified and bravo.modified
    assert window.save_review.dialog is None
