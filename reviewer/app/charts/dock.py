"""View ▸ Charts (Ctrl+Shift+C): a dock with the backlog per day or week, the published share
by provider and the quality and heat histograms of the open folder, the rows the search shows
drawn strong over the whole folder drawn faint.

The counting (``core/charts``) runs in a worker, only while the dock is visible, a moment
after the rows or the search last changed (several changes in a row are counted once). The
documents' values are taken again only when a document changed (``Document.effective`` as
the GUI thread has it, handed over as frozen articles); a new search only counts again.
A click on a bar adds its term to the search bar: a day, a week's range, a provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel

from reviewer.app.context import AppContext
from reviewer.app.workers import Job

if TYPE_CHECKING:  # imported when the dock is first shown (pyqtgraph, numpy: see view.py)
    from reviewer.app.charts.view import ChartsView, Counted
    from reviewer.core.charts import Charts as ChartData
    from reviewer.core.charts import Unit

#: The action's id and default shortcut.
ACTION_ID = "view_charts"
SHORTCUT = "Ctrl+Shift+C"
#: The dock's object name (the window's saved state finds it by it).
DOCK_NAME = "charts-dock"
#: How long the rows must stay unchanged before they are counted (ms).
PAUSE_MS = 200


class Charts(QObject):
    """View ▸ Charts: the dock, its action, and the counting that keeps it current.

    Signals:
        updated(): the charts were drawn again (tests wait for it).
    """

    updated = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = c = context
        self.dock = QDockWidget("Charts", c.view)
        self.dock.setObjectName(DOCK_NAME)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._view: ChartsView | None = None  # made when first shown
        self.dock.setWidget(QLabel("Charts", self.dock))
        c.view.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = self.dock.toggleViewAction()
        self.action.setText("&Charts")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        tip = "Show the backlog, providers, quality and heat of the folder as charts"
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip} ({SHORTCUT})")
        c.actions.register(ACTION_ID, self.action, "View ▸ Charts")
        c.actions.menu("menu.view").addAction(self.action)

        self._unit: Unit | None = None  # None: by the span of the dates (auto_unit)
        self._counted: Counted | None = None
        self._job: Job | None = None
        self._again = False  # something changed while a job ran
        self._dirty = True  # changed while hidden
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self.refresh)

        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        c.loader.started.connect(self._on_loader_started)
        c.loader.finished.connect(self._on_loader_finished)
        for signal in (
            c.proxy.layoutChanged,
            c.proxy.rowsInserted,
            c.proxy.rowsRemoved,
            c.proxy.modelReset,
            c.model.dataChanged,
            c.editor.documents_changed,
        ):
            signal.connect(self.schedule)

    @property
    def view(self) -> ChartsView:
        """The dock's contents (made, and pyqtgraph imported, on first use)."""
        if self._view is None:
            from reviewer.app.charts.view import ChartsView

            self._view = ChartsView(self.dock)
            self._view.unit_chosen.connect(self.set_unit)
            for chart in self._view.charts:
                chart.term_requested.connect(self._on_chart_term_requested)
            self.dock.setWidget(self._view)
        return self._view

    # -- when to count

    def visible(self) -> bool:
        """True while the dock is shown."""
        return self.dock.isVisible()

    def schedule(self, *_args: object) -> None:
        """Count again in a moment (only while visible and not loading; else when shown)."""
        self._dirty = True
        if self.visible() and not self._loading:
            self._timer.start()

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            _ = self.view
        if visible and self._dirty:
            self._timer.start(0)

    def _on_loader_started(self, *_args: object) -> None:
        self._loading = True
        self._timer.stop()

    def _on_loader_finished(self, *_args: object) -> None:
        self._loading = False
        self.schedule()

    def set_unit(self, unit: Unit) -> None:
        """Draw the backlog per ``unit`` from now on."""
        self._unit = unit
        self.view.set_unit(unit)
        self.schedule()
        self._timer.start(0)

    def pending(self) -> bool:
        """True while a count waits or runs."""
        return self._timer.isActive() or self._job is not None

    # -- counting

    def refresh(self) -> None:
        """Count the folder and the search now (in a worker), then draw."""
        c = self.context
        if self._job is not None and self._job.running():
            self._again = True
            return
        self._dirty = self._again = False
        if c.workspace.folder is None:
            self._counted = None
            self.view.clear("Open a folder to see its charts.")
            self.updated.emit()
            return
        from reviewer.app.charts import view

        articles = [d.effective for d in c.model.documents()]
        rows = list(c.proxy.source_rows())
        previous, unit = self._counted, self._unit
        self._job = c.workers.start(
            "charts",
            lambda job: view.count(job, articles, previous, rows, unit),
            finished=self._on_job_finished,
            failed=self._on_job_failed,
        )

    def _on_job_finished(self, job: Job, counted: Counted | None) -> None:
        if job is not self._job:
            return
        self._job = None
        if counted is not None:
            self._counted = counted
            if not counted.articles:
                self.view.clear("The folder has no articles.")
            else:
                self.view.show_charts(counted.charts)
            self.updated.emit()
        if self._again or self._dirty:
            self.schedule()

    def _on_job_failed(self, job: Job, problem: str) -> None:
        if job is self._job:
            self._job = None
            self.view.clear(f"The charts could not be drawn: {problem}")
            self.updated.emit()

    def data(self) -> ChartData | None:
        """The charts drawn last (None before the first count)."""
        return None if self._counted is None else self._counted.charts

    # -- clicks

    def _on_chart_term_requested(self, term: str) -> None:
        self.context.list_pane.filter_edit.add_term(term)
