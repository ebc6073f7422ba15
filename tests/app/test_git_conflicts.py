"""Settling a merge's field conflicts in the window: two clones retitle z.md, git merges them
through reviewer's merge driver, and the detail pane offers the three versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.git import conflicts as conflicts_feature
from reviewer.app.git.conflicts import BODY_MESSAGE, ConflictsDialog
from reviewer.app.mainwindow import MainWindow
from reviewer.core.document import Document
from reviewer.workspace.git import setup_merge_driver
from tests.gitrepos import bare_remote, clone, commit_all, git, needs_git, write

pytestmark = [needs_git, pytest.mark.usefixtures("git_home")]

Z = """\
---
title: Zebra crossings return
published: false
heat: 3
topics: [Cities]
---
The first line of the body.
The second line.
"""


def merged_clones(tmp_path: Path, ours: str, theirs: str) -> Path:
    """Clone b merges clone a's version of news/z.md (``theirs``) into its own (``ours``)
    through reviewer's merge driver; b's folder, with the merge stopped on conflicts."""
    bare = bare_remote(tmp_path, {"news/z.md": Z, "news/other.md": "---\ntitle: Other\n---\n"})
    a, b = clone(bare, "a"), clone(bare, "b")
    write(a / "news" / "z.md", theirs)
    commit_all(a, "theirs")
    git(a, "push", "-q")
    write(b / "news" / "z.md", ours)
    commit_all(b, "ours")
    setup_merge_driver(b)
    git(b, "fetch", "-q")
    merging = git(b, "merge", "--no-edit", "origin/main", check=False)
    assert "CONFLICT" in merging, merging
    return b


OURS = Z.replace("Zebra crossings return", "Zebra crossings are back").replace("heat: 3", "heat: 5")
THEIRS = Z.replace("Zebra crossings return", "The zebra crossings return").replace(
    "published: false", "published: true"
)
#: What the merge settles by itself: our heat, their published.
SETTLED = Z.replace("heat: 3", "heat: 5").replace("published: false", "published: true")


def show(qtbot: QtBot, window: MainWindow, path: Path) -> Document:
    document = window.workspace.document(path)
    assert document is not None
    window.selection.select_documents([document])
    qtbot.waitUntil(lambda: window.detail.document() is document)
    return document


def open_conflicts(qtbot: QtBot, window: MainWindow, path: Path) -> ConflictsDialog:
    document = show(qtbot, window, path)
    banner = window.git_conflicts.banner
    qtbot.waitUntil(banner.isVisible)
    assert document.article.error is not None  # the markers break its front matter
    assert banner.resolve_button.isVisible()
    assert window.git_conflicts.action.isEnabled()
    banner.resolve_button.click()
    dialog = window.git_conflicts.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_use_theirs_writes_theirs_reloads_the_file_and_stages_it(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    b = merged_clones(tmp_path, OURS, THEIRS)
    z = b / "news" / "z.md"
    assert git(b, "diff", "--name-only", "--diff-filter=U") == "news/z.md\n"
    window = open_window(qtbot, context, b / "news")
    dialog = open_conflicts(qtbot, window, z)
    assert "1 field conflict" in window.git_conflicts.banner.label.text()
    assert "title" in window.git_conflicts.banner.label.text()
    assert not window.git_conflicts.banner.open_button.isVisible()  # the body merged
    assert list(dialog.rows) == ["title"]
    row = dialog.rows["title"]
    assert {side: view.toPlainText() for side, view in row.views.items()} == {
        "ours": "title: Zebra crossings are back",
        "base": "title: Zebra crossings return",
        "theirs": "title: The zebra crossings return",
    }
    row.buttons["theirs"].click()
    assert z.read_text() == SETTLED.replace("Zebra crossings return", "The zebra crossings return")
    document = window.workspace.document(z)
    assert document is not None and document.article.error is None
    assert document.view.title == "The zebra crossings return"
    assert git(b, "diff", "--name-only", "--diff-filter=U") == ""
    assert "M  news/z.md" in git(b, "status", "--porcelain").splitlines()  # staged
    assert window.status.currentMessage() == (
        "z.md: title settled; no conflict remains, and the file is added to git's index"
    )
    assert window.git_conflicts.dialog is None  # closed: nothing left
    qtbot.waitUntil(lambda: window.git_status.state(document) == "staged")  # the Git column
    qtbot.waitUntil(lambda: not window.git_conflicts.banner.isVisible())
    assert not window.git_conflicts.action.isEnabled()


def test_edit_writes_a_value_typed_as_yaml_into_our_side(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    b = merged_clones(tmp_path, OURS, THEIRS)
    z = b / "news" / "z.md"
    window = open_window(qtbot, context, b / "news")
    dialog = open_conflicts(qtbot, window, z)
    row = dialog.rows["title"]
    row.edit_button.click()
    assert row.value_edit.isVisible()
    assert row.value_edit.text() == "Zebra crossings are back"  # ours, prefilled
    row.value_edit.setText("[not: closed")
    row.write_button.click()
    assert row.problem.isVisible() and row.problem.text().startswith("Not a value:")
    assert "<<<<<<< ours" in z.read_text()  # nothing written
    row.value_edit.setText("'Zebras: back'")
    row.write_button.click()
    assert z.read_text() == SETTLED.replace(
        "title: Zebra crossings return", 'title: "Zebras: back"'
    )
    assert git(b, "diff", "--name-only", "--diff-filter=U") == ""


def test_a_body_conflict_is_left_to_a_text_editor(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def open_in_editor(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(conflicts_feature, "open_in_editor", open_in_editor)
    ours = OURS.replace("The second line.", "Our second line.")
    theirs = THEIRS.replace("The second line.", "Their second line.")
    b = merged_clones(tmp_path, ours, theirs)
    z = b / "news" / "z.md"
    window = open_window(qtbot, context, b / "news")
    dialog = open_conflicts(qtbot, window, z)
    assert dialog.editor_note.text() == BODY_MESSAGE and dialog.open_button.isVisible()
    banner = window.git_conflicts.banner
    assert BODY_MESSAGE in banner.label.text() and banner.open_button.isVisible()
    dialog.rows["title"].buttons["ours"].click()
    text = z.read_text()
    assert "title: Zebra crossings are back\n" in text and "<<<<<<<" in text  # the body's
    assert git(b, "diff", "--name-only", "--diff-filter=U") == "news/z.md\n"  # not staged
    assert window.status.currentMessage() == f"z.md: title settled; {BODY_MESSAGE}"
    assert window.git_conflicts.dialog is dialog and dialog.rows == {}
    dialog.open_button.click()
    assert opened == [z]
    dialog.reject()
    banner.open_button.click()
    assert opened == [z, z]
    qtbot.waitUntil(lambda: not banner.resolve_button.isVisible())  # checked again
    assert banner.isVisible() and banner.label.text() == BODY_MESSAGE


def test_a_file_without_conflicts_shows_no_banner(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    b = merged_clones(tmp_path, OURS, THEIRS)
    window = open_window(qtbot, context, b / "news")
    show(qtbot, window, b / "news" / "other.md")
    qtbot.wait(20)
    assert not window.git_conflicts.banner.isVisible()
    assert not window.git_conflicts.action.isEnabled()
