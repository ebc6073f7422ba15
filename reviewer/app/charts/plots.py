"""The four charts of the Charts dock, each a pyqtgraph ``PlotWidget`` in a ``Chart`` frame.

Every chart draws the whole folder faint and the subset (the rows the search shows) strong
over it; with no search on, only the strong bars. A click on a bar asks for its search term
(``term_requested``); each chart's context menu exports it as a PNG image.

pyqtgraph has no type stubs: it is used through this module only, as ``Any``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer.core.charts import Backlog, Histogram, ProviderShare, Unit

#: The app's published green (the Fields tab's Published button), and the unpublished grey.
PUBLISHED = "#2e9d5b"
UNPUBLISHED = "#9aa0a6"
#: The histograms' blue (triage's primary buttons).
SCORES = "#1a73e8"
#: Pixels kept after a share label, beyond its own box.
LABEL_MARGIN = 4
#: The alpha of the whole folder's bars behind a search's subset.
FAINT = 55
#: Seconds in a day, and the day ordinal of 1970-01-01 (the date axis counts in seconds).
_DAY = 86400
_EPOCH = dt.date(1970, 1, 1).toordinal()


def color(name: str, alpha: int = 255) -> QColor:
    """``name`` with ``alpha``."""
    result = QColor(name)
    result.setAlpha(alpha)
    return result


def seconds(ordinals: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Day ordinals as the date axis's UTC seconds."""
    return (ordinals - _EPOCH).astype(np.float64) * _DAY


class Chart(QFrame):
    """A titled pyqtgraph plot, an empty state in its place when there is nothing to draw,
    and a context menu with Export as PNG….

    Signals:
        term_requested(str): a bar was clicked: add this term to the search.
    """

    term_requested = Signal(str)

    def __init__(
        self, title: str, axes: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.title = title
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.plot: Any = pg.PlotWidget(
            background=palette.color(QPalette.ColorRole.Base), axisItems=axes
        )
        self.plot.setObjectName("chart-plot")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.setTitle(title, color=text.name(), size="10pt")
        item.showGrid(x=False, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(color(text.name(), 140))
            axis.setTextPen(text)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 12px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.export_menu = QMenu(self)
        self.export_action = self.export_menu.addAction("Export as PNG…")
        self.export_action.triggered.connect(self.choose_export)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plot.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu_requested)
        self.plot.customContextMenuRequested.connect(self._on_plot_menu_requested)
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)
        self.plot.scene().sigMouseMoved.connect(self._on_moved)
        self.bars: list[Any] = []

    # -- drawing

    def clear(self, message: str) -> None:
        """No bars; ``message`` in the plot's place."""
        self.plot.getPlotItem().clear()
        self.bars = []
        self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)
        self.export_action.setEnabled(False)

    def _draw(self, layers: list[dict[str, Any]]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.bars = []
        for layer in layers:
            bar = pg.BarGraphItem(pen=pg.mkPen(None), **layer)
            item.addItem(bar)
            self.bars.append(bar)
        self.stack.setCurrentWidget(self.plot)
        self.export_action.setEnabled(True)

    def showing_plot(self) -> bool:
        """True when bars are drawn (not the empty state)."""
        return self.stack.currentWidget() is self.plot

    # -- bars under the mouse

    def bar_at(self, x: float, y: float) -> int | None:
        """The bar at the view's point (x, y), None for none (each chart says)."""
        return None

    def term(self, bar: int) -> str | None:
        """The search term of ``bar`` (None: it has none)."""
        return None

    def tip(self, bar: int) -> str:
        """What hovering ``bar`` says."""
        return ""

    def _view_point(self, scene_pos: QPointF) -> QPointF | None:
        box = self.plot.getPlotItem().getViewBox()
        if not self.bars or not box.sceneBoundingRect().contains(scene_pos):
            return None
        point: QPointF = box.mapSceneToView(scene_pos)
        return point

    def bar_under(self, scene_pos: QPointF) -> int | None:
        """The bar at a point of the plot's scene."""
        point = self._view_point(scene_pos)
        return None if point is None else self.bar_at(point.x(), point.y())

    def _on_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        bar = self.bar_under(event.scenePos())
        term = None if bar is None else self.term(bar)
        if term:
            event.accept()
            self.term_requested.emit(term)

    def _on_moved(self, scene_pos: QPointF) -> None:
        bar = self.bar_under(scene_pos)
        tip = "" if bar is None else self.tip(bar)
        if bar is not None and self.term(bar):
            tip += "\nClick to search for these items"
        self.plot.setToolTip(tip)

    # -- exporting

    def _on_menu_requested(self, pos: QPoint) -> None:
        self.export_menu.popup(self.mapToGlobal(pos))

    def _on_plot_menu_requested(self, pos: QPoint) -> None:
        self.export_menu.popup(self.plot.mapToGlobal(pos))

    def choose_export(self) -> None:
        """Ask where (a native save dialog), then export the chart as a PNG image."""
        name = self.title.lower().replace(" ", "-") + ".png"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export Chart as PNG", name, "PNG image (*.png)"
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        self.export_png(path)

    def export_png(self, path: str) -> bool:
        """Save the chart as drawn to ``path`` as a PNG image; True when written."""
        return bool(self.plot.grab().save(path, "PNG"))


def _stacked(
    x: Any, width: float, low: Any, high: Any, first: str, second: str, alpha: int = 255
) -> list[dict[str, Any]]:
    """Two layers of vertical bars, ``high`` stacked on ``low``."""
    return [
        {"x0": x, "width": width, "height": low, "brush": color(first, alpha)},
        {"x0": x, "width": width, "y0": low, "height": high, "brush": color(second, alpha)},
    ]


class BacklogChart(Chart):
    """Items per day or week, published (green) under unpublished (grey)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Backlog", {"bottom": pg.DateAxisItem(utcOffset=0)}, parent)
        self.data: Backlog | None = None
        self.narrowed = False
        item = self.plot.getPlotItem()
        item.setLabel("left", "Items")
        base = self.palette().color(QPalette.ColorRole.Base)
        self.legend = item.addLegend(
            offset=(10, 5),
            labelTextColor=self.palette().text().color(),
            brush=color(base.name(), 210),
        )

    def show_backlog(self, backlog: Backlog, narrowed: bool) -> None:
        """Draw ``backlog``; the whole faint under the subset when ``narrowed``."""
        self.data, self.narrowed = backlog, narrowed
        if not len(backlog):
            self.clear("No item has a date." if backlog.undated else "No items.")
            return
        x = seconds(backlog.starts)
        width = backlog.unit.days * _DAY * 0.85
        layers: list[dict[str, Any]] = []
        if narrowed:
            layers += _stacked(
                x, width, backlog.published, backlog.unpublished, PUBLISHED, UNPUBLISHED, FAINT
            )
        layers += _stacked(
            x,
            width,
            backlog.subset_published,
            backlog.subset_unpublished,
            PUBLISHED,
            UNPUBLISHED,
        )
        self._draw(layers)
        item = self.plot.getPlotItem()
        self.legend.clear()
        strong = self.bars[-2:]
        self.legend.addItem(strong[0], "Published")
        self.legend.addItem(strong[1], "Unpublished")
        if narrowed:
            self.legend.addItem(self.bars[0], "Not in the search")
        span = backlog.unit.days * _DAY
        item.setXRange(float(x[0]) - span * 0.5, float(x[-1]) + span * 1.5, padding=0.02)
        top = int((backlog.published + backlog.unpublished).max())
        item.setYRange(0, max(1, top) * 1.15, padding=0)

    def bar_at(self, x: float, y: float) -> int | None:
        data = self.data
        if data is None or not len(data) or y < 0:
            return None
        day = math.floor(x / _DAY) + _EPOCH
        bar = (day - int(data.starts[0])) // data.unit.days
        return bar if 0 <= bar < len(data) else None

    def term(self, bar: int) -> str | None:
        return None if self.data is None else self.data.term(bar)

    def tip(self, bar: int) -> str:
        data = self.data
        if data is None:
            return ""
        first, last = data.first_day(bar), data.last_day(bar)
        when = first.isoformat() if first == last else f"{first} to {last}"
        published, unpublished = int(data.published[bar]), int(data.unpublished[bar])
        text = f"{when}: {published + unpublished} items, {published} published"
        if self.narrowed:
            shown = int(data.subset_published[bar] + data.subset_unpublished[bar])
            text += f"\n{shown} in the search"
        return text


class ProvidersChart(Chart):
    """The top providers' items, published (green) and not (grey), with the published
    share at the end of each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Published share by provider", None, parent)
        self.data: ProviderShare | None = None
        self.narrowed = False
        self.labels: list[Any] = []
        self._widest = 0.0  # pixels of the widest share label, for the room kept after bars
        self.plot.getPlotItem().setLabel("bottom", "Items")
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._fit_labels)

    def _row(self, bar: int) -> int:
        """The y of ``bar``: the first provider at the top."""
        assert self.data is not None
        return len(self.data.names) - 1 - bar

    def show_share(self, share: ProviderShare, narrowed: bool) -> None:
        """Draw ``share``; the whole faint under the subset when ``narrowed``."""
        self.data, self.narrowed = share, narrowed
        if not share.names:
            self.clear("No items.")
            return
        count = len(share.names)
        y = np.arange(count - 1, -1, -1, dtype=np.float64)
        layers: list[dict[str, Any]] = []
        passes = [(FAINT, share.published, share.total)] if narrowed else []
        passes.append((255, share.subset_published, share.subset_total))
        for alpha, published, total in passes:
            layers.append(
                {
                    "x0": 0,
                    "y": y,
                    "height": 0.7,
                    "width": published,
                    "brush": color(PUBLISHED, alpha),
                }
            )
            layers.append(
                {
                    "x0": published,
                    "y": y,
                    "height": 0.7,
                    "width": total - published,
                    "brush": color(UNPUBLISHED, alpha),
                }
            )
        self._draw(layers)
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(float(y[i]), n) for i, n in enumerate(share.names)]])
        text = self.palette().text().color()
        total = share.total
        self._widest = 0.0
        for bar in range(count):
            shown = share.subset_total[bar]
            label = f"{share.subset_published[bar] / shown:.0%} of {shown:,}" if shown else "–"
            mark = pg.TextItem(label, color=text, anchor=(0, 0.5))
            mark.setPos(float(total[bar]), float(y[bar]))
            item.addItem(mark)
            # in pixels: a TextItem is not scaled with the plot (its margins included)
            self._widest = max(self._widest, mark.boundingRect().width() + LABEL_MARGIN)
        item.setYRange(-0.6, count - 0.4, padding=0)
        self._fit_labels()

    def _fit_labels(self, *_args: object) -> None:
        """Keep room after the longest bar for its share label, in pixels of the plot as it
        is now (a label is drawn in pixels, the bars in items: a narrow dock needs more)."""
        if self.data is None or not self.data.names:
            return
        longest = max(1, int(self.data.total.max()))
        pixels = self.plot.getPlotItem().getViewBox().width()
        room = self._widest / pixels if pixels > 0 else 0.3
        room = min(max(room, 0.15), 0.75)  # a bar keeps at least a quarter of the width
        self.plot.getPlotItem().setXRange(0, longest / (1 - room), padding=0)

    def bar_at(self, x: float, y: float) -> int | None:
        data = self.data
        if data is None or x < 0:
            return None
        row = round(y)
        if abs(y - row) > 0.4 or not 0 <= row < len(data.names):
            return None
        return len(data.names) - 1 - row

    def term(self, bar: int) -> str | None:
        return None if self.data is None else self.data.term(bar)

    def tip(self, bar: int) -> str:
        data = self.data
        if data is None:
            return ""
        total, published = int(data.total[bar]), int(data.published[bar])
        text = f"{data.names[bar]}: {total} items, {published} published ({data.share(bar):.0%})"
        if self.narrowed:
            text += f"\n{int(data.subset_total[bar])} in the search"
        return text


class HistogramChart(Chart):
    """How many items have each score (bins of whole numbers)."""

    def __init__(self, title: str, field: str, parent: QWidget | None = None) -> None:
        super().__init__(title, None, parent)
        self.field = field
        self.data: Histogram | None = None
        self.narrowed = False
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "Score")
        item.setLabel("left", "Items")

    def show_histogram(self, histogram: Histogram, narrowed: bool) -> None:
        """Draw ``histogram``; the whole faint under the subset when ``narrowed``."""
        self.data, self.narrowed = histogram, narrowed
        if not len(histogram.counts):
            self.clear(f"No item has a {self.field} score.")
            return
        edges = histogram.edges.astype(np.float64)
        width = float(edges[1] - edges[0])
        layers: list[dict[str, Any]] = []
        if narrowed:
            layers.append(
                {
                    "x0": edges[:-1],
                    "width": width * 0.9,
                    "height": histogram.counts,
                    "brush": color(SCORES, FAINT),
                }
            )
        layers.append(
            {
                "x0": edges[:-1],
                "width": width * 0.9,
                "height": histogram.subset_counts,
                "brush": color(SCORES),
            }
        )
        self._draw(layers)
        item = self.plot.getPlotItem()
        item.setXRange(float(edges[0]), float(edges[-1]), padding=0.03)
        item.setYRange(0, max(1, int(histogram.counts.max())) * 1.1, padding=0)

    def bar_at(self, x: float, y: float) -> int | None:
        data = self.data
        if data is None or y < 0 or not len(data.counts):
            return None
        bar = int(np.searchsorted(data.edges, x, side="right")) - 1
        return bar if 0 <= bar < len(data.counts) else None

    def term(self, bar: int) -> str | None:
        return None if self.data is None else self.data.term(self.field, bar)

    def tip(self, bar: int) -> str:
        data = self.data
        if data is None:
            return ""
        low, high = int(data.edges[bar]), int(data.edges[bar + 1]) - 1
        span = str(low) if low == high else f"{low} to {high}"
        text = f"{self.field} {span}: {int(data.counts[bar])} items"
        if self.narrowed:
            text += f"\n{int(data.subset_counts[bar])} in the search"
        return text


def unit_label(unit: Unit) -> str:
    """ "Day" or "Week"."""
    return unit.value.capitalize()
