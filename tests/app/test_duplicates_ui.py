"""Likely duplicates in the window: the Similar column, is:duplicate, the detail pane's links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from test_mainwindow import current, open_window, row_of_title  # tests/app is on sys.path

from reviewer.app.context import AppContext
from reviewer.app.table.columns import Column


def _folder(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    folder = tmp_path / "dupes"
    folder.mkdir()
    make_article(folder, "a", title="City opens new tram line to the harbour", provider="Gazette")
    make_article(folder, "b", title="City opens new tram line to the harbour!", provider="Courier")
    make_article(folder, "c", title="Library extends its opening hours", provider="Gazette")
    return folder


def test_duplicates_are_marked_searchable_and_linked(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    window = open_window(qtbot, context, _folder(tmp_path, make_article))
    qtbot.waitUntil(lambda: window.duplicates.keys() != frozenset(), timeout=10_000)
    row_a = row_of_title(window, "City opens new tram line to the harbour")
    assert window.proxy.index(row_a, Column.SIMILAR).data() == "≈ 1"
    row_c = row_of_title(window, "Library extends its opening hours")
    assert window.proxy.index(row_c, Column.SIMILAR).data() == ""

    window.select_row(row_a)
    banner = window.detail.similar_banner
    assert banner.isVisibleTo(window.detail)
    assert "1 similar item" in banner.text() and "similar title" in banner.text()
    window.detail.similar_banner.linkActivated.emit("0")
    assert current(window).view.title == "City opens new tram line to the harbour!"

    window.list_pane.filter_edit.setText("is:duplicate")
    assert window.proxy.rowCount() == 2
    window.list_pane.filter_edit.setText("-is:duplicate")
    assert window.proxy.rowCount() == 1


def test_an_edit_that_ends_a_duplicate_updates_the_marks(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    window = open_window(qtbot, context, _folder(tmp_path, make_article))
    qtbot.waitUntil(lambda: window.duplicates.keys() != frozenset(), timeout=10_000)
    row = row_of_title(window, "City opens new tram line to the harbour!")
    window.select_row(row)
    document = current(window)
    window.editor.set_value(document, ("title",), "Completely different story about bicycles")
    assert window.duplicates.keys() == frozenset()
    assert not window.detail.similar_banner.isVisibleTo(window.detail)


def test_the_window_says_once_when_all_derived_work_is_done(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    window = open_window(qtbot, context, None)
    fired: list[bool] = []
    window.derived_idle.connect(lambda: fired.append(True))
    window.open_folder(_folder(tmp_path, make_article))
    assert not window.is_idle()
    qtbot.waitUntil(lambda: fired == [True], timeout=30_000)
    assert window.is_idle()
    assert window.derived.busy() == []
    assert window.duplicates.keys() != frozenset()  # the groups are in
    assert window.proxy.records_ready()
    assert window.folder_fields.schema is not None
    qtbot.wait(200)
    assert fired == [True]  # once per folder
    window.reload_folder()
    assert not window.is_idle()
    qtbot.waitUntil(lambda: fired == [True, True], timeout=30_000)
    assert window.is_idle()
