"""The main window end to end: open, list, filter, edit, undo, save, conflicts, prompts."""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from pytestqt.wait_signal import SignalBlocker

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.settings import LAST_FOLDER
from reviewer.app.table.columns import Column
from reviewer.app.table.proxy import Status
from reviewer.core.document import Document

# A modal question a test did not answer fails it (tests/app/conftest.py).
pytestmark = pytest.mark.usefixtures("no_modal_prompts")


def open_window(qtbot: QtBot, context: AppContext, folder: Path | None) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window, before_close_func=discard_edits)
    window.show()
    if folder is not None:
        with loading(qtbot, window):
            window.open_folder(folder)
    return window


def discard_edits(window: MainWindow) -> None:
    """At teardown: nothing left to ask about."""
    for document in window.model.documents():
        document.revert()


def loading(qtbot: QtBot, window: MainWindow) -> SignalBlocker:
    """Wait, around the call that starts a load, until every row read has arrived."""
    return qtbot.waitSignal(window.loader.finished, timeout=30_000)


def current(window: MainWindow) -> Document:
    """The current row's document, which the test has selected."""
    document = window.current_document()
    assert document is not None
    return document


def row_of_title(window: MainWindow, title: str) -> int:
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, Column.TITLE).data() == title:
            return row
    raise AssertionError(f"{title!r} not listed")


def rewrite(path: Path, old: bytes, new: bytes) -> None:
    """Another program edits ``path``; its mtime moves on even within one clock tick."""
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(old, new))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_empty_state_without_folder(qtbot: QtBot, context: AppContext) -> None:
    window = open_window(qtbot, context, None)
    assert window.list_pane.stack.currentWidget() is window.list_pane.empty
    assert "Open Folder" in window.list_pane.empty_label.text()
    assert "No folder" in window.windowTitle()


def test_opening_lists_articles_and_errors(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    assert window.model.rowCount() == 6  # notes.md has no front matter and is left out
    assert window.list_pane.stack.currentWidget() is window.list_pane.table
    assert str(articles) in window.windowTitle()
    broken = row_of_title(window, "broken.md")
    assert "duplicate key" in window.proxy.index(broken, Column.TITLE).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert window.status.counts.text() == "6 shown · 3 unpublished · 0 modified · 1 with errors"
    assert context.settings.get(LAST_FOLDER) == str(articles)
    assert context.settings.recent_folders()[0] == str(articles)


def test_filters_are_instant(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = open_window(qtbot, context, articles)
    window.list_pane.status_group.button(int(Status.PUBLISHED)).click()
    assert window.proxy.rowCount() == 2
    window.list_pane.status_group.button(int(Status.ALL)).click()
    qtbot.keyClicks(window.list_pane.filter_edit, "food")
    assert window.proxy.rowCount() == 1
    assert window.status.counts.text().startswith("1 shown")


def test_toggle_undo_redo_and_save_one_line(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    path = articles / "alpha-story.md"
    before = path.read_bytes()
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    assert window.isWindowModified()
    assert window.status.counts.text().endswith("1 modified · 1 with errors")
    window.menus.undo.trigger()
    assert not window.isWindowModified()
    window.menus.redo.trigger()
    assert window.menus.save.isEnabled()
    window.menus.save.trigger()
    assert not window.isWindowModified()
    assert changed_lines(before, path.read_bytes()) == ["-published: false", "+published: true"]
    # Undo after a save makes the article modified again, with the old value.
    window.menus.undo.trigger()
    assert window.isWindowModified()
    assert current(window).view.published is False


def test_checkbox_click_goes_through_undo(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    row = row_of_title(window, "Echo Story")
    index = window.proxy.index(row, Column.PUBLISHED)
    assert window.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.editor.undo_stack.count() == 1
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_multi_selection_toggle_and_save_selected(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.list_pane.status_group.button(int(Status.UNPUBLISHED)).click()
    window.table.selectAll()
    window.menus.toggle.trigger()
    assert window.editor.undo_stack.count() == 1  # one step for the whole selection
    modified = window.modified_documents()
    assert len(modified) == 3
    window.list_pane.status_group.button(int(Status.ALL)).click()
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.save_selected.trigger()
    assert len(window.modified_documents()) == 2
    assert b"published: true" in (articles / "alpha-story.md").read_bytes()
    assert b"published: false" in (articles / "echo-story.md").read_bytes()


def test_save_conflict_keeps_edits(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "error_dialog", lambda _p, message, details="": shown.append(message)
    )
    path = articles / "alpha-story.md"
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    theirs = path.read_bytes().replace(b"quality: 10", b"quality: 11")
    path.write_bytes(theirs)
    window.watcher.blockSignals(True)  # a save racing the watcher: the save itself must notice
    window.menus.save.trigger()
    assert path.read_bytes() == theirs
    assert window.isWindowModified()
    assert shown and "alpha-story.md" in shown[0] and "changed by another program" in shown[0]


def test_os_error_on_save_is_reported(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "error_dialog", lambda _p, message, details="": shown.append(details)
    )
    path = articles / "alpha-story.md"
    before = path.read_bytes()
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    window.menus.save.trigger()
    assert path.read_bytes() == before
    assert window.isWindowModified()
    assert "the disk is full" in shown[0]
    assert sorted(p.name for p in articles.iterdir() if p.name.startswith(".")) == []


def test_unmodified_article_changed_on_disk_reloads_silently(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    path = articles / "alpha-story.md"
    rewrite(path, b'title: "Alpha Story"', b'title: "Alpha Story v2"')
    window.watcher.check_all()
    assert row_of_title(window, "Alpha Story v2") >= 0


def test_modified_article_changed_on_disk_asks(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    monkeypatch.setattr(dialogs, "ask_conflict", lambda *_a: dialogs.Conflict.KEEP_MINE)
    path = articles / "alpha-story.md"
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    rewrite(path, b"quality: 10", b"quality: 12")
    window.watcher.check_all()
    window.menus.save.trigger()
    text = path.read_bytes()
    assert b"quality: 12" in text and b"published: true" in text  # theirs kept, mine applied

    monkeypatch.setattr(dialogs, "ask_conflict", lambda *_a: dialogs.Conflict.RELOAD)
    window.menus.toggle.trigger()
    rewrite(path, b"quality: 12", b"quality: 13")
    window.watcher.check_all()
    assert not window.isWindowModified()
    assert current(window).view.quality == 13


def test_deleted_file_is_marked_not_lost(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = open_window(qtbot, context, articles)
    (articles / "echo-story.md").unlink()
    window.watcher.check_all()
    row = row_of_title(window, "Echo Story")
    assert "deleted" in window.proxy.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)


def test_new_file_on_disk_is_listed(
    qtbot: QtBot, context: AppContext, articles: Path, make_article: Callable[..., Path]
) -> None:
    window = open_window(qtbot, context, articles)
    make_article(articles, "foxtrot-story")
    window.watcher.check_now([str(articles)])
    assert row_of_title(window, "Foxtrot Story") >= 0


def test_close_with_unsaved_changes_asks(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    answers = iter([dialogs.Unsaved.CANCEL, dialogs.Unsaved.SAVE])
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_a: next(answers))
    assert not window.close()
    assert window.isVisible()
    assert window.close()
    assert b"published: true" in (articles / "alpha-story.md").read_bytes()


def test_open_other_folder_discard(
    qtbot: QtBot,
    context: AppContext,
    articles: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, context, articles)
    before = (articles / "alpha-story.md").read_bytes()
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_a: dialogs.Unsaved.DISCARD)
    other = tmp_path / "other"
    other.mkdir()
    with loading(qtbot, window):
        assert window.open_folder(other)
    assert (articles / "alpha-story.md").read_bytes() == before
    assert "No articles here" in window.list_pane.empty_label.text()


def test_drop_a_folder_opens_it(qtbot: QtBot, context: AppContext, articles: Path) -> None:
    window = open_window(qtbot, context, None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(articles))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with loading(qtbot, window):
        window.dropEvent(event)
    assert window.model.rowCount() == 6


def test_settings_restored_on_second_start(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    header = window.table.horizontalHeader()
    header.setSectionHidden(Column.TOPICS, True)
    header.resizeSection(Column.TITLE, 222)
    window.proxy.sort(Column.QUALITY, Qt.SortOrder.AscendingOrder)
    header.setSortIndicator(Column.QUALITY, Qt.SortOrder.AscendingOrder)
    window.splitter.setSizes([150, 500, 300])
    sizes = window.splitter.sizes()
    window.list_pane.status_group.button(int(Status.UNPUBLISHED)).click()
    window.close()

    second = open_window(qtbot, context, None)
    header2 = second.table.horizontalHeader()
    assert header2.isSectionHidden(Column.TOPICS)
    assert header2.sectionSize(Column.TITLE) == 222
    assert header2.sortIndicatorSection() == Column.QUALITY
    assert second.splitter.sizes() == sizes
    assert second.proxy.status() == Status.UNPUBLISHED
    assert second.menus.recent_menu.actions()[0].text() == str(articles)


def test_loading_can_be_cancelled(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        make_article(folder, f"item-{i:04d}")
    window = open_window(qtbot, context, None)
    with loading(qtbot, window) as blocker:
        window.open_folder(folder)
        window.loader.cancel()
    assert blocker.args == [True]  # reported as cancelled
    assert window.model.rowCount() < 400


def test_standard_shortcuts(qtbot: QtBot, context: AppContext) -> None:
    from PySide6.QtGui import QKeySequence

    window = open_window(qtbot, context, None)
    menus = window.menus
    expected = {
        menus.open: "Ctrl+O",
        menus.save: "Ctrl+S",
        menus.save_selected: "Ctrl+Shift+S",
        menus.undo: "Ctrl+Z",
        menus.toggle: "Ctrl+P",
        menus.find: "Ctrl+F",
        menus.quit: "Ctrl+Q",
        menus.reload: "F5",
    }
    for action, keys in expected.items():
        assert QKeySequence(keys) in action.shortcuts(), action.text()
    assert QKeySequence("Ctrl+Y") in menus.redo.shortcuts()
    assert "(Ctrl+S)" in menus.save.toolTip()


def test_corpus_opens_and_a_toggle_saves_one_line(
    qtbot: QtBot, context: AppContext, corpus_dir: Path, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder, copy_function=shutil.copyfile)  # writable
    window = open_window(qtbot, context, folder)
    assert window.model.rowCount() == 701  # every article; the README has no front matter
    assert not any(d.article.error for d in window.model.documents())
    window.list_pane.status_group.button(int(Status.UNPUBLISHED)).click()
    window.select_row(0)
    document = current(window)
    before = document.path.read_bytes()
    window.menus.toggle.trigger()
    window.menus.save.trigger()
    assert changed_lines(before, document.path.read_bytes()) == [
        "-published: false",
        "+published: true",
    ]


def test_folder_change_during_a_load_adds_no_twice_listed_rows(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        make_article(folder, f"item-{i:04d}")
    window = open_window(qtbot, context, None)
    with loading(qtbot, window):
        window.open_folder(folder)
        window.watcher.folder_changed.emit(str(folder.resolve()))
    assert window.model.rowCount() == 300
    assert len({str(d.path) for d in window.model.documents()}) == 300


def test_a_read_only_file_is_refused_then_saved_anyway_on_request(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, articles)
    shown: list[tuple[str, tuple[str, str, Callable[[], object]] | None]] = []
    monkeypatch.setattr(
        dialogs,
        "error_dialog",
        lambda _p, message, details="", action=None: shown.append((message, action)),
    )
    path = articles / "alpha-story.md"
    os.chmod(path, 0o444)
    before = path.read_bytes()
    window.select_row(row_of_title(window, "Alpha Story"))
    window.menus.toggle.trigger()
    window.menus.save.trigger()
    assert path.read_bytes() == before
    assert window.isWindowModified()
    message, action = shown[0]
    assert "read-only" in message and "alpha-story.md" in message
    assert action is not None
    label, tip, act = action
    assert label == "Save It Anyway" and "protection stays" in tip
    act()
    assert b"published: true" in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not window.isWindowModified()
    assert len(shown) == 1


def test_a_fifo_and_a_device_in_an_open_folder_do_not_block_the_window(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    rows = window.model.rowCount()
    os.mkfifo(articles / "pipe.md")
    (articles / "zero.md").symlink_to("/dev/zero")
    # What the watcher does when the folder changes: list it, read the new files (here).
    window.watcher.check_now([str(articles.resolve())])
    errors = {d.path.name: d.article.error for d in window.model.documents()}
    assert window.model.rowCount() == rows + 2
    assert "named pipe" in (errors["pipe.md"] or "")
    assert "character device" in (errors["zero.md"] or "")


def test_a_hidden_file_created_in_an_open_folder_is_not_listed(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    """Issue 10: the watcher had a lister of its own that did not skip dot-files."""
    window = open_window(qtbot, context, articles)
    rows = window.model.rowCount()
    (articles / ".draft.md").write_text("---\ntitle: Draft\n---\n", encoding="utf-8")
    (articles / "visible.md").write_text("---\ntitle: Visible\n---\n", encoding="utf-8")
    window.watcher.check_now([str(articles.resolve())])
    names = {d.path.name for d in window.model.documents()}
    assert "visible.md" in names and ".draft.md" not in names
    assert window.model.rowCount() == rows + 1
