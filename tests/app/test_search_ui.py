"""The search bar, the facets sidebar and saved views, in the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window  # tests/app is on sys.path

from reviewer.app.browse.sidebar import facet_term
from reviewer.app.browse.views import SavedView, ViewStore
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.table.columns import Column
from reviewer.app.table.proxy import Status
from reviewer.app.table.searchbar import SearchBar, quote


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = []
    for i in range(item.childCount()):
        child = item.child(i)
        assert child is not None
        found.append(child)
    return found


def titles(window: MainWindow) -> list[str]:
    return sorted(
        window.proxy.index(r, Column.TITLE).data() for r in range(window.proxy.rowCount())
    )


def test_search_language_filters_the_table(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    bar.setText("quality:>60")
    assert titles(window) == ["Bravo Story", "Echo Story"]
    bar.setText("is:published -delta")
    assert titles(window) == ["Bravo Story"]
    bar.setText("provider.name:cafe or topics:=food")
    assert titles(window) == ["Charlie Story"]
    bar.setText("is:error")
    assert titles(window) == ["broken.md"]


def test_syntax_error_is_shown_and_the_last_good_search_stays(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    bar.setText("quality:>60")
    shown = window.proxy.rowCount()
    with qtbot.waitSignal(bar.error_changed) as blocker:
        bar.setText("quality:>60 title:~(")
    assert blocker.args[0]  # a sentence saying what is wrong
    assert "border" in bar.styleSheet()
    assert blocker.args[0] in bar.toolTip() and "^" in bar.toolTip()
    assert window.proxy.rowCount() == shown
    bar.setText("quality:>60")
    assert bar.error() == "" and bar.styleSheet() == ""


def test_completion_offers_fields_and_values(qtbot: QtBot) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.set_completions(["secured"], {"category": ["news", "events"]})
    assert "secured:" in bar._candidates("se")
    assert "category:news" in bar._candidates("category:n")
    assert "is:unpublished" in bar._candidates("is:u")
    bar.setText("category:ne")
    bar._on_completer_activated("category:news")
    assert bar.text() == "category:news"


def test_quote_and_facet_terms() -> None:
    assert quote("news") == "news"
    assert quote("Power Apps") == '"Power Apps"'
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert facet_term("topics", "Power Apps") == 'topics:="Power Apps"'
    assert facet_term("date", "2024") == "date:2024"


def test_facets_follow_the_search_and_clicks_add_terms(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    sidebar = window.browse.sidebar
    sidebar.flush()
    topics = sidebar.groups["topics"]
    counts = {child.text(0): child.text(1) for child in children(topics)}
    assert counts == {"Cities": "4", "Food": "1"}
    window.list_pane.filter_edit.setText("is:published")
    sidebar.flush()
    years = sidebar.groups["date"]
    assert sorted(child.text(0) for child in children(years)) == ["2021", "2024"]
    window.list_pane.filter_edit.clear()
    sidebar.flush()
    food = next(child for child in children(topics) if child.text(0) == "Food")
    sidebar.itemClicked.emit(food, 0)
    assert window.list_pane.filter_edit.text() == "topics:=Food"
    assert titles(window) == ["Charlie Story"]


def test_saved_views_round_trip(
    qtbot: QtBot, context: AppContext, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = open_window(qtbot, context, articles)
    window.list_pane.filter_edit.setText("quality:>20")
    window.list_pane.set_status(Status.UNPUBLISHED)
    window.table.sortByColumn(Column.QUALITY, Qt.SortOrder.AscendingOrder)
    window.table.horizontalHeader().setSectionHidden(Column.TOPICS, True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Good unpublished", True))
    window.browse.views_menu.save_current()
    assert [v.name for v in window.browse.store.views()] == ["Good unpublished"]
    assert children(window.browse.sidebar.views_item)[0].text(0) == "Good unpublished"
    assert any(a.text() == "Good unpublished" for a in window.browse.views_menu.menu.actions())

    window.list_pane.filter_edit.clear()
    window.list_pane.set_status(Status.ALL)
    window.table.horizontalHeader().setSectionHidden(Column.TOPICS, False)
    window.browse.sidebar.itemClicked.emit(window.browse.sidebar.views_item.child(0), 0)
    assert window.list_pane.filter_edit.text() == "quality:>20"
    assert window.proxy.status() == Status.UNPUBLISHED
    assert window.table.horizontalHeader().isSectionHidden(Column.TOPICS)
    assert window.table.horizontalHeader().sortIndicatorSection() == Column.QUALITY
    assert titles(window) == ["Charlie Story", "Echo Story"]

    second = ViewStore(context.settings)  # remembered per user
    assert second.get("Good unpublished") == window.browse.store.get("Good unpublished")
    second.delete("Good unpublished")
    assert second.views() == []


def test_unreadable_saved_views_are_skipped(context: AppContext) -> None:
    from reviewer.app import settings as options

    context.settings.set(options.SAVED_VIEWS, '[{"name": "ok"}, {"bogus": 1}, 3]')
    assert ViewStore(context.settings).views() == [SavedView(name="ok")]
    context.settings.set(options.SAVED_VIEWS, "not json")
    assert ViewStore(context.settings).views() == []


def test_detail_pane_suggests_values_seen_in_the_folder(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    combo = window.detail.fields.category
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=5000)
    assert [combo.itemText(i) for i in range(combo.count())] == ["news"]
    completions = window.list_pane.filter_edit._candidates("topics:")
    assert "topics:Cities" in completions and "topics:Food" in completions


def test_completions_come_from_the_sidebar_count_when_every_row_is_shown(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    # The sidebar counts the shown documents by the same facets: when that is every
    # document, the completions take its counts instead of counting them all again.
    window = open_window(qtbot, context, articles)
    qtbot.waitUntil(lambda: not window.browse.busy(), timeout=5000)
    assert window.browse.completion_counter.documents() == []  # never started
    completions = window.list_pane.filter_edit._candidates("topics:")
    assert "topics:Cities" in completions and "topics:Food" in completions


def test_completions_count_every_document_when_a_search_hides_some(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.list_pane.filter_edit.setText("topics:Food")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5000)
    window.list_pane.filter_edit.set_completions([], {})
    window.browse._on_model_rows_inserted()  # as rows a load brings while searching
    qtbot.waitUntil(lambda: not window.browse.busy(), timeout=5000)
    assert len(window.browse.completion_counter.documents()) == len(window.model.documents())
    completions = window.list_pane.filter_edit._candidates("topics:")
    assert "topics:Cities" in completions and "topics:Food" in completions


def test_sidebar_toggle_has_a_changeable_shortcut(qtbot: QtBot, context: AppContext) -> None:
    from PySide6.QtGui import QKeySequence

    window = open_window(qtbot, context, None)
    assert window.browse.toggle.shortcut() == QKeySequence("Ctrl+B")
    assert window.keymap.entry("show_sidebar").action is window.browse.toggle
    window.browse.toggle.trigger()
    assert not window.browse.sidebar.isVisibleTo(window)


#: Typed searches open the completion popup, which the offscreen platform cannot raise.
TYPING = pytest.mark.qt_log_ignore("This plugin does not support")


@TYPING
def test_a_misspelt_field_is_pointed_out_with_the_nearest_names(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    qtbot.keyClicks(bar, "qualty:>50")
    assert window.proxy.rowCount() == 0
    assert bar.error() == ""
    assert "border" in bar.styleSheet()
    assert "qualty" in bar.toolTip() and "did you mean quality?" in bar.toolTip()
    bar.setText("quality:>50")
    assert bar.hint() == "" and bar.styleSheet() == ""
    # A field some article has, or the registry knows, is no slip.
    bar.setText("provider.name:nowhere-to-be-found")
    assert window.proxy.rowCount() == 0 and bar.hint() == ""


@TYPING
def test_a_misspelt_field_is_pointed_out_when_typing_pauses(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    with qtbot.waitSignal(bar.settled):
        qtbot.keyClicks(bar, "qualty:>50 or story")
    assert window.proxy.rowCount() > 0
    assert "did you mean quality?" in bar.toolTip()


def test_an_empty_result_says_what_was_searched_and_clears(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    empty = window.search_hints.empty
    assert empty.isHidden()
    bar.setText("nothing-like-this")
    assert window.proxy.rowCount() == 0
    assert not empty.isHidden()
    assert "nothing-like-this" in empty.text() and "Clear the search" in empty.text()
    empty.linkActivated.emit("clear")
    assert bar.text() == "" and window.proxy.rowCount() > 0
    assert empty.isHidden()


@TYPING
def test_a_search_that_cannot_be_read_keeps_the_last_settled_search(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    bar = window.list_pane.filter_edit
    with qtbot.waitSignal(bar.settled):
        qtbot.keyClicks(bar, "quality:>60")
    assert titles(window) == ["Bravo Story", "Echo Story"]
    bar.end(False)
    qtbot.keyClick(bar, Qt.Key.Key_Backspace)  # quality:>6, read at once: every story
    assert len(titles(window)) > 2
    qtbot.keyClicks(bar, " title:~(")  # cannot be read: the search of before, not quality:>6
    assert bar.error()
    assert titles(window) == ["Bravo Story", "Echo Story"]


def test_dates_show_as_the_file_writes_them_and_agree_with_the_search(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    folder = tmp_path / "dates"
    folder.mkdir()
    make_article(folder, "late-evening", date="2024-03-04T23:30-05:00")
    window = open_window(qtbot, context, folder)
    index = window.proxy.index(0, Column.DATE)
    assert index.data() == "2024-03-04 23:30"  # its own offset, not 2024-03-05 04:30 UTC
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "-05:00" in tip and "UTC: 2024-03-05 04:30" in tip
    window.list_pane.filter_edit.setText("date:2024-03-04")  # the day the column shows
    assert window.proxy.rowCount() == 1
    window.list_pane.filter_edit.setText("date:2024-03-05")
    assert window.proxy.rowCount() == 0
