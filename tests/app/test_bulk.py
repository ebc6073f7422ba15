"""Bulk edit: scope, preview counts, sample diff, one undo step, confirmation, skipped files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window, row_of_title

from reviewer.app import bulk
from reviewer.app.bulk import BulkEditDialog, Operation
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column
from reviewer.core.document import Document
from reviewer.workspace import SetValue

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def no_unanswered_questions(
    no_modal_prompts: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail loudly on a question nobody answered, the bulk confirmation included."""
    monkeypatch.setattr(bulk, "confirm_many", no_modal_prompts)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def select_titles(window: MainWindow, *titles: str) -> None:
    selection = window.table.selectionModel()
    selection.clear()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    for title in titles:
        selection.select(window.proxy.index(row_of_title(window, title), Column.TITLE), flags)


def open_bulk(qtbot: QtBot, window: MainWindow) -> BulkEditDialog:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, CTRL)
    dialog = window.bulk.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_bulk_edit_is_in_the_edit_menu_with_ctrl_e(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    action = window.bulk.action
    assert action.shortcut() == QKeySequence("Ctrl+E")
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert isinstance(edit_menu, QMenu)
    assert action in edit_menu.actions()


def test_preview_counts_and_sample_diff_on_the_selection(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    before = snapshot(articles)
    select_titles(window, "Alpha Story", "Bravo Story", "Echo Story")
    dialog = open_bulk(qtbot, window)
    assert dialog.only_selected.isChecked()
    dialog.set_operation(Operation.PUBLISH)
    assert dialog.summary.text() == "2 of 3 selected articles will change."
    diff = dialog.diff.toPlainText()
    assert dialog.plan is not None
    first = dialog.plan.steps[0].document.path.name
    assert first in ("alpha-story.md", "echo-story.md")
    assert f"--- {first} (now)" in diff
    assert "-published: false\n+published: true" in diff
    assert diff.count("\n-") == 1 and diff.count("\n+") == 1 + 1  # the +++ header and the line
    assert dialog.apply_button.isEnabled()
    assert snapshot(articles) == before  # a preview never writes
    assert window.modified_documents() == []


def test_all_matching_the_search_and_errors_are_skipped(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    select_titles(window, "Alpha Story")
    dialog = open_bulk(qtbot, window)
    dialog.all_matching.setChecked(True)
    dialog.set_operation(Operation.CATEGORY, "politics")
    assert dialog.summary.text() == (
        "5 of 6 articles matching the search will change. 1 article skipped: it has errors."
    )
    assert "broken.md" in dialog.summary.toolTip()
    assert "-category: news\n+category: politics" in dialog.diff.toPlainText()
    assert dialog.apply()
    assert {d.path.name for d in window.modified_documents()} == {
        f"{name}-story.md" for name in ("alpha", "bravo", "charlie", "delta", "echo")
    }
    assert all(d.view.category == "politics" for d in window.modified_documents())


def test_all_matching_follows_the_quick_filter(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    qtbot.keyClicks(window.list_pane.filter_edit, "food")
    dialog = open_bulk(qtbot, window)
    assert not dialog.only_selected.isEnabled() and dialog.all_matching.isChecked()
    dialog.set_operation(Operation.PUBLISH)
    assert dialog.summary.text() == "1 of 1 articles matching the search will change."


def test_apply_is_one_undo_step(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = open_window(qtbot, context, articles)
    before = snapshot(articles)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.ADD_TOPIC, "Elections")
    assert dialog.summary.text().startswith("5 of 6 articles")
    assert dialog.apply()
    assert not dialog.isVisible()
    stack = window.editor.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Add topic “Elections” to 5 articles"
    changed = window.modified_documents()
    assert len(changed) == 5
    assert all(d.view.topics[-1] == "Elections" for d in changed)
    assert window.isWindowModified()
    window.menus.undo.trigger()
    assert window.modified_documents() == []
    assert not window.isWindowModified()
    window.menus.redo.trigger()
    assert len(window.modified_documents()) == 5
    window.menus.undo.trigger()
    assert snapshot(articles) == before


def test_topics_differ_per_document(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = open_window(qtbot, context, articles)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.REMOVE_TOPIC, "cities")  # case-insensitive
    assert dialog.summary.text().startswith("4 of 6 articles")  # Charlie has Food only
    assert dialog.apply()
    documents = {d.path.name: d for d in window.model.documents()}
    assert documents["alpha-story.md"].view.topics == []
    assert documents["charlie-story.md"].view.topics == ["Food"]
    assert not documents["charlie-story.md"].modified
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.ADD_TOPIC, "food")  # already there, in another case
    assert dialog.summary.text().startswith("4 of 6 articles")
    assert dialog.apply()
    assert documents["alpha-story.md"].view.topics == ["food"]
    assert documents["charlie-story.md"].view.topics == ["Food"]


def test_set_type_and_quality_and_unpublish(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.TYPE, "article")  # every readable one has it already
    assert dialog.summary.text().startswith("0 of 6 articles")
    assert not dialog.apply_button.isEnabled()
    assert dialog.diff.toPlainText() == ""
    dialog.set_operation(Operation.TYPE, "")
    assert not dialog.apply_button.isEnabled()
    dialog.set_operation(Operation.QUALITY, 50)
    assert dialog.summary.text().startswith("3 of 6 articles")  # alpha 10, bravo 70, echo 90
    assert "-quality: 90\n+quality: 50" in dialog.diff.toPlainText()  # Echo: newest first
    dialog.set_operation(Operation.UNPUBLISH)
    assert dialog.summary.text().startswith("2 of 6 articles")
    assert dialog.apply()
    assert window.editor.undo_stack.undoText() == "Unpublish 2 articles"


def test_sample_diff_starts_from_pending_edits(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    select_titles(window, "Alpha Story")
    alpha: Document = window.selected_documents()[0]
    window.editor.set_value(alpha, ("quality",), 12)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.QUALITY, 13)
    diff = dialog.diff.toPlainText()
    assert "-quality: 12\n+quality: 13" in diff
    assert alpha.view.quality == 12  # the preview worked on a copy


def test_topics_that_are_not_a_list_are_skipped(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    (articles / "odd.md").write_text("---\ntitle: Odd\ntopics: Cities\n---\n", encoding="utf-8")
    window = open_window(qtbot, context, articles)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.ADD_TOPIC, "Elections")
    assert dialog.summary.text() == (
        "5 of 7 articles matching the search will change. 2 articles skipped: see why on hover."
    )
    assert "odd.md: topics is not a list" in dialog.summary.toolTip()
    assert "broken.md: invalid YAML" in dialog.summary.toolTip()


@pytest.fixture
def many(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(55):
        make_article(folder, f"story-{number:02d}")
    return folder


def test_more_than_fifty_asks_and_no_changes_nothing(
    qtbot: QtBot, context: AppContext, many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, many)
    asked: list[tuple[int, str]] = []
    answer = {"yes": False}

    def confirm(_parent: object, count: int, description: str) -> bool:
        asked.append((count, description))
        return answer["yes"]

    monkeypatch.setattr(bulk, "confirm_many", confirm)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.PUBLISH)
    assert dialog.summary.text() == "55 of 55 articles matching the search will change."
    assert not dialog.apply()
    assert asked == [(55, "Publish 55 articles")]
    assert window.editor.undo_stack.count() == 0
    assert window.modified_documents() == []
    assert dialog.isVisible()  # the user can choose again
    answer["yes"] = True
    assert dialog.apply()
    assert len(window.modified_documents()) == 55
    assert window.editor.undo_stack.count() == 1


def test_fifty_or_fewer_do_not_ask(qtbot: QtBot, context: AppContext, many: Path) -> None:
    window = open_window(qtbot, context, many)
    for row in range(50):
        window.table.selectionModel().select(
            window.proxy.index(row, Column.TITLE),
            window.table.selectionModel().SelectionFlag.Select
            | window.table.selectionModel().SelectionFlag.Rows,
        )
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.PUBLISH)
    assert dialog.summary.text() == "50 of 50 selected articles will change."
    assert dialog.apply()  # confirm_many would raise: it is not asked
    assert len(window.modified_documents()) == 50


def test_sample_diff_of_an_article_not_yet_opened_is_the_one_line_it_changes(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    """Issue 10: the preview showed a light (listed, never opened) article as a new file."""
    window = open_window(qtbot, context, articles)
    light = [d for d in window.model.documents() if not d.loaded and d.editable]
    assert light, "the listing gives light documents"
    select_titles(window, light[0].view.title)
    dialog = open_bulk(qtbot, window)
    dialog.set_operation(Operation.QUALITY, 99)
    diff = dialog.diff.toPlainText().split("\n")
    assert not any(line.startswith("@@ -0,0") for line in diff)
    changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 2 and changed[1] == "+quality: 99"


def test_a_value_the_field_refuses_is_skipped_with_the_reason(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    select_titles(window, "Alpha Story", "Bravo Story")
    dialog = open_bulk(qtbot, window)
    # The dialog's edits are the workspace's: a value the field refuses is skipped by its plan.
    monkeypatch.setattr(Operation, "edit", lambda _op, _value: SetValue(("webUrl",), "nowhere"))
    dialog.set_operation(Operation.CATEGORY, "politics")
    assert dialog.summary.text() == (
        "0 of 2 selected articles will change. 2 articles skipped: webUrl must be an http://"
        " or https:// address, not the text 'nowhere'."
    )
    assert "alpha-story.md: webUrl must be" in dialog.summary.toolTip()
    assert not dialog.apply_button.isEnabled()
    monkeypatch.setattr(Operation, "edit", lambda _op, _value: SetValue(("secured",), "abc"))
    dialog.update_preview()
    assert "secured is protected" in dialog.summary.text()
    assert not dialog.apply()
    assert window.modified_documents() == []
