"""The window over the core's folder loading: the index cache, light documents read in full
when opened, selections of many rows, and the watcher on big folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from test_detail import ARTICLE  # tests/app is on sys.path
from test_mainwindow import current, loading, open_window, rewrite, row_of_title

from reviewer.app.context import AppContext
from reviewer.app.detail.detail import DetailPane
from reviewer.app.editing import Editor
from reviewer.app.folder import loader as loader_module
from reviewer.app.folder import watcher as watcher_module
from reviewer.app.folder.watcher import FolderWatcher
from reviewer.app.settings import INDEX_CACHE
from reviewer.app.table.columns import Column, Role
from reviewer.core.article import light
from reviewer.core.document import Document
from reviewer.core.store import read_article


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []


def test_folder_opens_through_the_index_cache_and_reopens_from_it(
    qtbot: QtBot, context: AppContext, articles: Path, index_cache_dir: Path
) -> None:
    window = open_window(qtbot, context, articles)
    titles = sorted(window.proxy.index(r, Column.TITLE).data() for r in range(6))
    assert window.model.rowCount() == 6
    assert window.detail.document() is None  # the first row is current, not selected
    window.select_row(0)
    shown = window.detail.document()
    assert shown is not None and shown.loaded  # read in full to be shown
    assert all(not d.loaded for d in window.model.documents() if d is not shown)  # listed
    assert cache_files(index_cache_dir)
    with loading(qtbot, window):
        window.reload_folder()
    assert sorted(window.proxy.index(r, Column.TITLE).data() for r in range(6)) == titles
    assert "duplicate key" in window.proxy.index(
        row_of_title(window, "broken.md"), Column.TITLE
    ).data(Qt.ItemDataRole.ToolTipRole)


def test_clear_index_cache_action_and_the_preference(
    qtbot: QtBot, context: AppContext, articles: Path, index_cache_dir: Path
) -> None:
    window = open_window(qtbot, context, articles)
    actions = window.cache_actions
    assert actions.clear.isEnabled() and actions.use.isChecked()
    assert cache_files(index_cache_dir)
    actions.clear.trigger()
    assert cache_files(index_cache_dir) == []
    actions.use.setChecked(False)
    assert context.settings.get(INDEX_CACHE) is False
    with loading(qtbot, window):
        window.reload_folder()
    assert window.model.rowCount() == 6
    assert cache_files(index_cache_dir) == []  # the preference turned it off


def test_environment_turns_the_cache_off(
    qtbot: QtBot,
    context: AppContext,
    articles: Path,
    index_cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(loader_module.NO_CACHE_ENV, "1")
    window = open_window(qtbot, context, articles)
    assert window.model.rowCount() == 6
    assert cache_files(index_cache_dir) == []
    assert not window.cache_actions.use.isEnabled()


def test_detail_pane_reads_a_light_document_in_full(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    text = ARTICLE.replace("secured:", f"longNote: {'word ' * 80}\nsecured:")
    path.write_text(text, encoding="utf-8")
    document = Document(light(read_article(path)))
    assert not document.loaded and "longNote" not in document.article.data
    pane = DetailPane(Editor())
    qtbot.addWidget(pane)
    changed: list[Document] = []
    pane.file_changed.connect(changed.append)
    pane.set_document(document)
    assert document.loaded
    assert "longNote" in pane.other.toPlainText()  # a field the listing leaves out
    pane.tabs.setCurrentWidget(pane.source)
    assert pane.source.text.toPlainText() == text
    assert changed == []  # the file is what was listed


def test_a_file_changed_since_listing_is_shown_as_it_is_now(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.select_row(row_of_title(window, "Echo Story"))
    document = current(window)
    window.select_row(row_of_title(window, "Alpha Story"))
    window.watcher.blockSignals(True)  # as if the change came while nobody watched
    rewrite(document.path, b'title: "Echo Story"', b'title: "Echo Story, revised"')
    source_row = window.model.row_of(document)
    document.article = light(document.article)  # listed before the change, not read yet
    document._view = None
    window.select_row(window.proxy.mapFromSource(window.model.index(source_row, 0)).row())
    assert window.detail.document() is document and document.loaded
    row = window.proxy.mapFromSource(window.model.index(source_row, 0)).row()
    assert window.proxy.index(row, Column.TITLE).data() == "Echo Story, revised"


def test_selected_documents_come_from_the_selection_ranges(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    proxy, selection = window.proxy, window.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    ranges = QItemSelection()
    for top, bottom in ((0, 1), (3, 3), (1, 2)):  # overlapping ranges, out of order
        ranges.select(proxy.index(top, 0), proxy.index(bottom, Column.FILE))
    selection.select(ranges, flags)
    expected = [proxy.index(r, 0).data(Role.DOCUMENT) for r in (0, 1, 2, 3)]
    assert window.selected_rows() == [0, 1, 2, 3]
    assert window.selected_documents() == expected
    by_indexes = sorted(selection.selectedRows(), key=lambda i: i.row())
    assert [i.data(Role.DOCUMENT) for i in by_indexes] == expected
    window.table.selectAll()
    assert window.selected_rows() == list(range(proxy.rowCount()))
    window.list_pane.filter_edit.setText("bravo")
    assert window.selected_documents() == [proxy.index(0, 0).data(Role.DOCUMENT)]


def test_current_row_hidden_by_a_search_stays_in_the_detail_pane_marked(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.select_row(row_of_title(window, "Alpha Story"))
    alpha = window.detail.document()
    assert alpha is not None and not window.detail.hidden_by_search()
    window.list_pane.filter_edit.setText("bravo")
    assert window.current_document() is None
    assert window.detail.document() is alpha  # still shown, marked as hidden by the search
    assert window.detail.hidden_by_search()
    assert window.detail.hidden_banner.isVisibleTo(window.detail)
    window.list_pane.filter_edit.setText("alpha")  # shown again: selected again, unmarked
    assert window.current_document() is alpha
    assert not window.detail.hidden_by_search()
    window.list_pane.filter_edit.setText("bravo")
    window.select_row(0)  # another article: the mark goes
    assert window.detail.document() is not alpha
    assert not window.detail.hidden_by_search()
    window.list_pane.filter_edit.setText("")
    window.select_row(row_of_title(window, "Bravo Story"))
    window.list_pane.filter_edit.setText("bravo")
    assert current(window).view.title == "Bravo Story"


def test_big_folder_checks_only_what_its_listing_says_changed(
    qtbot: QtBot, articles: Path, make_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher_module, "FULL_CHECK", 2)  # the five articles: a big folder
    documents = [Document(read_article(p)) for p in sorted(articles.glob("*-story.md"))]
    watcher = FolderWatcher()
    watcher.watch(documents)
    watcher.settle()  # its first listing is made in a thread
    watcher._watcher.blockSignals(True)  # only the checks this test asks for
    checked: list[str] = []
    real = watcher_module.changed_on_disk

    def spy(document: Document, compare_content: bool = False) -> bool | None:
        checked.append(document.path.name)
        return real(document, compare_content)

    monkeypatch.setattr(watcher_module, "changed_on_disk", spy)
    bravo = articles / "bravo-story.md"
    temp = articles / ".editor.tmp"
    temp.write_bytes(bravo.read_bytes().replace(b"quality: 70", b"quality: 71"))
    os.replace(temp, bravo)  # a new inode under the old name
    (articles / "echo-story.md").unlink()
    make_article(articles, "foxtrot-story")
    changed: list[list[Document]] = []
    deleted: list[list[Document]] = []
    watcher.documents_changed.connect(changed.append)
    watcher.documents_deleted.connect(deleted.append)
    watcher.check_now([str(articles)])
    qtbot.waitUntil(lambda: not watcher.busy())  # a big folder is listed in a thread
    assert sorted(checked) == ["bravo-story.md", "echo-story.md"]
    assert [d.path.name for d in changed[0]] == ["bravo-story.md"]
    assert [d.path.name for d in deleted[0]] == ["echo-story.md"]
    new = [p.name for p in watcher.new_files(str(articles))]
    assert new == ["broken.md", "foxtrot-story.md", "notes.md"]  # none watched yet
    watcher.unlisted([articles / "notes.md"])  # read: no article in it
    assert "notes.md" not in [p.name for p in watcher.new_files(str(articles))]
    checked.clear()
    watcher.check_all()
    qtbot.waitUntil(lambda: not watcher.busy())
    assert checked == []  # nothing changed since
