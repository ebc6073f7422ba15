"""View ▸ Charts: the dock's bars match the counts, follow the search, narrow it when
clicked, and export as PNG."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QToolButton
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window

from reviewer.app.charts import dock as charts_dock
from reviewer.app.charts import view as charts_view
from reviewer.app.charts.plots import Chart, seconds
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.core.charts import Charts as ChartData
from reviewer.core.charts import Unit


@pytest.fixture
def news(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    """Seven articles of three days of March 2024 and one without a date."""
    folder = tmp_path / "news"
    folder.mkdir()
    rows = [
        ("a1", "2024-03-01T08:00:00Z", "true", "Example News", 10),
        ("a2", "2024-03-01T09:00:00Z", "false", "Example News", 20),
        ("b1", "2024-03-03 23:30:00 -05:00", "true", "Café Times", 30),  # its own day: 3rd
        ("c1", "2024-03-05T12:00:00Z", "false", "Example News", 40),
        ("c2", "2024-03-05T13:00:00Z", "false", "Café Times", 50),
        ("c3", "2024-03-05T14:00:00Z", "true", "Daily Planet", 60),
        ("x1", "", "false", "Daily Planet", 70),  # no date
    ]
    for slug, date, published, provider, quality in rows:
        make_article(
            folder, slug, date=date, published=published, provider=provider, quality=quality
        )
    return folder


def show_charts(qtbot: QtBot, window: MainWindow) -> ChartData:
    """View ▸ Charts, then wait for the counts."""
    charts = window.charts
    with qtbot.waitSignal(charts.updated, timeout=10_000):
        charts.action.trigger()
    data = charts.data()
    assert data is not None
    return data


def settle(qtbot: QtBot, window: MainWindow) -> ChartData:
    """Wait until the charts follow the latest change."""

    def followed() -> bool:
        data = window.charts.data()
        shown = window.proxy.rowCount()
        return not window.charts.pending() and data is not None and data.subset_total == shown

    qtbot.waitUntil(followed, timeout=10_000)
    data = window.charts.data()
    assert data is not None
    return data


def click(chart: Chart, x: float, y: float) -> None:
    """A left click on the plot at the view's point (x, y)."""
    box = chart.plot.getPlotItem().getViewBox()
    where = chart.plot.mapFromScene(box.mapViewToScene(QPointF(x, y)))
    QTest.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)


def heights(bar: Any) -> list[int]:
    return [int(h) for h in bar.opts["height"]]


def test_view_charts_action(qtbot: QtBot, context: AppContext, news: Path) -> None:
    window = open_window(qtbot, context, news)
    action = window.charts.action
    assert window.context.actions.action(charts_dock.ACTION_ID) is action
    assert action in window.context.actions.menu("menu.view").actions()
    assert action.shortcut() == QKeySequence(charts_dock.SHORTCUT)
    assert window.keymap.conflicts(charts_dock.ACTION_ID, [action.shortcut()]) == []
    assert not window.charts.dock.isVisible()
    qtbot.wait(charts_dock.PAUSE_MS + 100)
    assert window.charts.data() is None  # nothing counted while hidden
    show_charts(qtbot, window)
    assert window.charts.dock.isVisible() and action.isChecked()


def test_bars_match_the_counts(qtbot: QtBot, context: AppContext, news: Path) -> None:
    window = open_window(qtbot, context, news)
    data = show_charts(qtbot, window)
    assert data.total == data.subset_total == 7 and not data.narrowed
    backlog = data.backlog
    assert backlog.unit is Unit.DAY
    assert [backlog.first_day(i).day for i in range(len(backlog))] == [1, 2, 3, 4, 5]
    assert backlog.published.tolist() == [1, 0, 1, 0, 1]
    assert backlog.unpublished.tolist() == [1, 0, 0, 0, 2]
    assert backlog.undated == 1
    view = window.charts.view
    assert all(chart.showing_plot() for chart in view.charts)
    published, unpublished = view.backlog.bars  # no search: the strong bars alone
    assert heights(published) == [1, 0, 1, 0, 1]
    assert heights(unpublished) == [1, 0, 0, 0, 2]
    assert list(published.opts["x0"]) == list(seconds(backlog.starts))
    assert data.providers.names == ("Example News", "Café Times", "Daily Planet")
    assert data.providers.total.tolist() == [3, 2, 2]
    shares = [int(w) for w in view.providers.bars[0].opts["width"]]
    assert shares == [1, 1, 1]  # published per provider
    assert sum(heights(view.quality.bars[0])) == 7
    assert "7 items" in view.summary.text() and "1 without a date" in view.summary.text()


def test_the_search_is_highlighted(qtbot: QtBot, context: AppContext, news: Path) -> None:
    window = open_window(qtbot, context, news)
    show_charts(qtbot, window)
    window.list_pane.filter_edit.setText('provider.name:="Café Times"')
    data = settle(qtbot, window)
    assert data.narrowed and data.subset_total == window.proxy.rowCount() == 2
    view = window.charts.view
    faint_published, faint_unpublished, published, unpublished = view.backlog.bars
    assert heights(faint_published) == [1, 0, 1, 0, 1]  # the whole folder, faint
    assert heights(faint_unpublished) == [1, 0, 0, 0, 2]
    assert faint_published.opts["brush"].alpha() < published.opts["brush"].alpha()
    assert heights(published) == [0, 0, 1, 0, 0]
    assert heights(unpublished) == [0, 0, 0, 0, 1]
    assert "2 in the search" in view.summary.text()
    window.list_pane.filter_edit.setText("")
    data = settle(qtbot, window)
    assert not data.narrowed and len(view.backlog.bars) == 2


def test_clicking_a_day_narrows_the_table(qtbot: QtBot, context: AppContext, news: Path) -> None:
    window = open_window(qtbot, context, news)
    data = show_charts(qtbot, window)
    chart = window.charts.view.backlog
    day = float(seconds(data.backlog.starts)[4])  # 2024-03-05
    click(chart, day + 0.4 * 86400, 1.0)
    assert window.list_pane.filter_edit.text() == "date:2024-03-05"
    assert window.proxy.rowCount() == 3
    data = settle(qtbot, window)
    assert data.subset_total == 3


def test_clicking_a_week_adds_its_range(qtbot: QtBot, context: AppContext, news: Path) -> None:
    window = open_window(qtbot, context, news)
    show_charts(qtbot, window)
    week = window.charts.view.findChild(QToolButton, "unit-week")
    assert week is not None
    week.click()
    data = settle(qtbot, window)
    assert data.backlog.unit is Unit.WEEK and len(data.backlog) == 2  # Feb 26 and Mar 4
    chart = window.charts.view.backlog
    click(chart, float(seconds(data.backlog.starts)[0]) + 3 * 86400, 0.5)
    assert window.list_pane.filter_edit.text() == "date:2024-02-26..2024-03-03"
    assert window.proxy.rowCount() == 3


def test_clicking_a_provider_narrows_the_table(
    qtbot: QtBot, context: AppContext, news: Path
) -> None:
    window = open_window(qtbot, context, news)
    window.list_pane.filter_edit.setText("is:published")
    show_charts(qtbot, window)
    chart = window.charts.view.providers
    click(chart, 0.5, 1.0)  # the second bar from the top: Café Times
    assert window.list_pane.filter_edit.text() == 'is:published provider.name:="Café Times"'
    assert window.proxy.rowCount() == 1
    click(chart, 0.5, 1.45)  # between two bars: nothing
    assert window.list_pane.filter_edit.text() == 'is:published provider.name:="Café Times"'


def test_export_as_png(
    qtbot: QtBot, context: AppContext, news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, context, news)
    show_charts(qtbot, window)
    target = tmp_path / "out" / "backlog"
    target.parent.mkdir()
    asked: list[str] = []

    def save_name(_parent: object, caption: str, name: str, _filter: str) -> tuple[str, str]:
        asked.append(name)
        return str(target), "PNG image (*.png)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    chart = window.charts.view.backlog
    assert [a.text() for a in chart.export_menu.actions()] == ["Export as PNG…"]
    chart.export_action.trigger()
    written = target.with_suffix(".png")
    assert asked == ["backlog.png"]
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(written))
    assert image.width() > 50 and image.height() > 50


def test_empty_states(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> None:
    window = open_window(qtbot, context, None)
    window.charts.action.trigger()
    view = window.charts.view
    assert all(not chart.showing_plot() for chart in view.charts)
    assert view.backlog.empty.text() == "Open a folder to see its charts."
    undated = tmp_path / "undated"
    undated.mkdir()
    make_article(undated, "one", date="", quality='"high"')
    with qtbot.waitSignal(window.charts.updated, timeout=10_000):
        window.open_folder(undated)
    assert view.backlog.empty.text() == "No item has a date."
    assert view.quality.empty.text() == "No item has a quality score."
    assert view.providers.showing_plot()
    assert not view.backlog.export_action.isEnabled()


def test_counting_runs_off_the_gui_thread(
    qtbot: QtBot, context: AppContext, news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads: list[str] = []
    original = charts_view.count

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(charts_view, "count", spy)
    window = open_window(qtbot, context, news)
    show_charts(qtbot, window)
    assert threads and all(name == "reviewer-charts" for name in threads)
    counted = np.asarray(window.charts.data().backlog.published)  # type: ignore[union-attr]
    assert counted.sum() == 3


def test_pyqtgraph_is_imported_only_when_the_charts_are_shown() -> None:
    """A window that never shows its charts does not pay for pyqtgraph and numpy."""
    code = (
        "import sys; import reviewer.app.charts.dock; "
        "print(sorted(m for m in ('pyqtgraph', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("width", [1400, 900, 620])
def test_share_labels_fit_after_the_bars_however_narrow_the_dock(
    qtbot: QtBot, context: AppContext, news: Path, width: int
) -> None:
    # A label is drawn in pixels, the bars in items: the room after the longest bar follows
    # the plot's width (a fixed 30 % cut "50% of 2" short in a narrow dock).
    window = open_window(qtbot, context, news)
    window.resize(width, 700)
    show_charts(qtbot, window)
    chart = window.charts.view.providers
    qtbot.waitUntil(lambda: chart.data is not None and bool(chart.data.names), timeout=5000)
    box = chart.plot.getPlotItem().getViewBox()
    (low, high), _ = box.viewRange()
    assert chart.data is not None
    per_pixel = (high - low) / box.width()
    for mark in [i for i in box.addedItems if type(i).__name__ == "TextItem"]:
        right = mark.pos().x() + mark.boundingRect().width() * per_pixel
        assert right <= high, (mark.toPlainText(), right, high)
