"""The Charts dock's contents, and the counting a worker does for it.

Imported when the dock is first shown (``dock.py`` does): pyqtgraph and numpy cost a
quarter of a second to import, which a window that never shows its charts does not pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.charts.plots import BacklogChart, Chart, HistogramChart, ProvidersChart
from reviewer.app.workers import Job
from reviewer.core.article import Article
from reviewer.core.charts import Charts as ChartData
from reviewer.core.charts import Columns, Unit, charts, columns

#: A backlog spanning more days than this is drawn per week unless Day is chosen.
WEEKS_FROM_DAYS = 120


@dataclass(frozen=True)
class Counted:
    """A worker's result: the articles counted, their values, the charts."""

    articles: list[Article]
    values: Columns
    charts: ChartData


def auto_unit(values: Columns) -> Unit:
    """Week when the dated items span more than WEEKS_FROM_DAYS days, else Day."""
    days = values.day[values.day != 0]
    if len(days) and int(days.max()) - int(days.min()) > WEEKS_FROM_DAYS:
        return Unit.WEEK
    return Unit.DAY


def count(
    job: Job | None,
    articles: list[Article],
    previous: Counted | None,
    rows: Any,
    unit: Unit | None,
) -> Counted | None:
    """The charts of ``articles`` with the subset ``rows`` (in a worker); ``previous``'s
    values are used again when it counted these very articles. None when cancelled."""
    values = None
    if (
        previous is not None
        and len(previous.articles) == len(articles)
        and all(a is b for a, b in zip(previous.articles, articles, strict=True))
    ):
        values = previous.values
    if values is None:
        values = columns(articles)
    if job is not None and job.cancelled():
        return None
    return Counted(articles, values, charts(values, rows, unit or auto_unit(values)))


class ChartsView(QWidget):
    """The dock's contents: the unit switch, a summary line and the four charts.

    Signals:
        unit_chosen(object): Day or Week was clicked (a ``Unit``).
    """

    unit_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.units = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Backlog per", self))
        for unit in Unit:
            button = QToolButton(self)
            button.setText(unit.value.capitalize())
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setObjectName(f"unit-{unit.value}")
            button.setToolTip(f"One bar per {unit.value}")
            button.clicked.connect(lambda _c=False, u=unit: self.unit_chosen.emit(u))
            self.units.addButton(button)
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addWidget(self.summary, 1)
        self.backlog = BacklogChart(self)
        self.providers = ProvidersChart(self)
        self.quality = HistogramChart("Quality", "quality", self)
        self.heat = HistogramChart("Heat", "heat", self)
        grid = QGridLayout()
        grid.setSpacing(6)
        grid.addWidget(self.backlog, 0, 0, 1, 2)
        grid.addWidget(self.providers, 0, 2, 2, 1)  # the full height: a row per provider
        grid.addWidget(self.quality, 1, 0)
        grid.addWidget(self.heat, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)
        self.clear("Open a folder to see its charts.")

    @property
    def charts(self) -> list[Chart]:
        """The four charts."""
        return [self.backlog, self.providers, self.quality, self.heat]

    def set_unit(self, unit: Unit) -> None:
        """Check the button of ``unit``."""
        for button in self.units.buttons():
            button.setChecked(button.objectName() == f"unit-{unit.value}")

    def clear(self, message: str) -> None:
        """Every chart empty, with ``message``."""
        for chart in self.charts:
            chart.clear(message)
        self.summary.setText("")

    def show_charts(self, data: ChartData) -> None:
        """Draw ``data``."""
        narrowed = data.narrowed
        self.set_unit(data.backlog.unit)
        self.backlog.show_backlog(data.backlog, narrowed)
        self.providers.show_share(data.providers, narrowed)
        self.quality.show_histogram(data.quality, narrowed)
        self.heat.show_histogram(data.heat, narrowed)
        self.summary.setText(summary(data))


def summary(data: ChartData) -> str:
    """The line over the charts: how many items, how many in the search, what is not drawn."""
    parts = [f"{data.total:,} items"]
    if data.narrowed:
        parts.append(f"{data.subset_total:,} in the search (strong; the rest faint)")
    backlog = data.backlog
    if backlog.undated:
        parts.append(f"{backlog.undated:,} without a date")
    outside = backlog.earlier + backlog.later
    if outside:
        parts.append(f"{outside:,} dated far from the rest, not drawn")
    return " · ".join(parts)
