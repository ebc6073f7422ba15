"""The window fits the work: a first run's size, the table's columns, a detail pane that wraps."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import FIRST_RUN_SHARE, MainWindow
from reviewer.app.table.columns import Column

STRETCH = QHeaderView.ResizeMode.Stretch


def test_a_first_run_takes_most_of_the_screen_centred(qtbot: QtBot, context: AppContext) -> None:
    window = open_window(qtbot, context, None)
    screen = window.screen() or QApplication.primaryScreen()
    area = screen.availableGeometry()
    assert window.width() == max(window.minimumWidth(), round(area.width() * FIRST_RUN_SHARE))
    assert window.height() == max(window.minimumHeight(), round(area.height() * FIRST_RUN_SHARE))
    if window.width() < area.width():
        middle = window.frameGeometry().center()
        assert abs(middle.x() - area.center().x()) <= 2
        assert abs(middle.y() - area.center().y()) <= 40  # the title bar, where there is one


def test_the_title_stretches_and_numbers_fit_their_content(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    pane = window.list_pane
    header = window.table.horizontalHeader()
    assert header.sectionResizeMode(Column.TITLE) == STRETCH
    for section in (Column.QUALITY, Column.SIMILAR):
        assert section in pane.narrow
        assert header.sectionSize(section) == pane.fitted_width(section) < 100
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 900)
    shown = [s for s in range(header.count()) if not header.isSectionHidden(s)]
    total = sum(header.sectionSize(s) for s in shown)
    assert total == window.table.viewport().width()  # every column in view, Title the rest
    qtbot.waitUntil(lambda: window.table.horizontalScrollBar().maximum() == 0)
    window.save_state()  # a second start keeps the widths and the stretching Title
    again = open_window(qtbot, context, articles)
    assert again.table.horizontalHeader().sectionResizeMode(Column.TITLE) == STRETCH


def test_the_detail_pane_wraps_down_to_the_window_minimum(
    qtbot: QtBot, context: AppContext, articles: Path
) -> None:
    window = open_window(qtbot, context, articles)
    window.select_row(0)
    for width in (1400, 1000, window.minimumWidth()):
        window.resize(width, window.minimumHeight())
        qtbot.wait(20)
        fields = window.detail.fields
        viewport = fields.viewport()
        assert not fields.horizontalScrollBar().isVisible(), width
        assert fields.form_widget.width() <= viewport.width(), width
        for editor in fields.editors.values():
            assert right_edge(editor, fields.form_widget) <= viewport.width(), (width, editor)
        date = fields.editor("publishedDateTime")
        assert right_edge(date.now, fields.form_widget) <= viewport.width()  # Now not clipped
        for path in fields.editors:
            revert = fields.revert_button(path) if path in revert_paths(window) else None
            if revert is not None:
                assert right_edge(revert, fields.form_widget) <= viewport.width(), width


def right_edge(widget: QWidget, ancestor: QWidget) -> int:
    return widget.mapTo(ancestor, QPoint(widget.width(), 0)).x()


def revert_paths(window: MainWindow) -> set[tuple[str, ...]]:
    paths = set()
    for path in window.detail.fields.editors:
        try:
            window.detail.fields.revert_button(path)
        except StopIteration:
            continue
        paths.add(path)
    return paths
