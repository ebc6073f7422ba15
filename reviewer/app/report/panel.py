"""View ▸ Report: the open folder's consistency report in a dock, its kinds as searches.

The report (``core.report.report``) runs in a worker over the folder's documents as edited
(``Document.effective`` in a site: what the site's defaults give counts), once the folder has
loaded and again, debounced, after edits, undo, saves and changes on disk. Each finding's
kind becomes a search state of its document (``is:mojibake``: ``ArticleFilterProxy.set_states``
with the source "report", next to git's). The panel lists the kinds found with their counts
(the description in the tooltip); clicking one puts ``is:<kind>`` in the search bar and lists
its findings (file, field, value, expected, fix), whose activation selects the row. Fix… on a
fixable kind opens the bulk edit preview of its fixes (``report.fix``).

With the index cache on, a report of the folder as read (no document edited) is kept in the
folder's ``DerivedStore`` and a warm reopen of the unchanged folder restores it
(``kept.restore_report``: the same files, the same site, no item turned stale since, the
site paths it looked at as they were). The report judges the folder by its schema: the one
the window inferred (``FolderFields``) when it is of the same data, that is of the same files
with no edit and nothing inherited from a site (the report looks at what Jekyll sees: a
file's values merged over its site's defaults, which the window's schema leaves out).

The report's checks (``core.report``, with their tables and patterns) and the fixes
(``report.fix``) are imported when first used, after the folder has loaded: the first window
does not wait for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.app.context import AppContext
from reviewer.app.plaintext import plain_tip, shown_name
from reviewer.app.site.fieldset import FolderFields
from reviewer.app.workers import Job, Reruns
from reviewer.core import kept
from reviewer.core.article import PathsByText
from reviewer.core.document import Document
from reviewer.core.folder.derived import DerivedStore, rows_digest
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.schema import Schema
from reviewer.core.site import Inherited

if TYPE_CHECKING:  # imported on first use (see the module's docstring)
    from reviewer.app.bulk import PlansDialog
    from reviewer.core.article import Article
    from reviewer.core.report import Finding, FindingKind, Report

#: The source of the search states the report gives (``ArticleFilterProxy.set_states``).
SOURCE = "report"
#: Requests to compute the report again within this many milliseconds make one run.
DEBOUNCE_MS = 400
#: The View menu's shortcut for the panel.
SHORTCUT = "Ctrl+Shift+R"
#: A value longer than this is cut in the findings list (the tooltip has it all).
_SHOWN_CHARS = 120
#: The widest the findings' columns are made (File, Field, Value, Expected), in pixels.
_COLUMN_WIDTHS = (280, 160, 360, 220)


def report(articles: Iterable[Article], **options: Any) -> Report:
    """``core.report.report`` (imported on first use, in the report's worker)."""
    from reviewer.core.report import report as checked

    return checked(articles, **options)


def finding_kinds() -> tuple[FindingKind, ...]:
    """The registry of finding kinds (``core.report.KINDS``, imported on first use)."""
    from reviewer.core.report import KINDS

    return KINDS


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


def value_text(value: Any) -> str:
    """A finding's value or fix in full, as YAML would tell it: text in quotes (``"40"`` is
    not ``40``), null, true, dates in ISO form; blank when absent (MISSING)."""
    if value is MISSING:
        return ""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def shown(text: str) -> str:
    """``text`` on one line, cut when long (the tooltip has it all)."""
    text = " ".join(text.splitlines())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


class ReportView(QWidget):
    """The panel's widgets: the summary, the kinds with their counts, a kind's findings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("No folder is open.", self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.fix_button = QPushButton("Fix…", self)
        self.fix_button.setEnabled(False)
        self.fix_button.setToolTip("See every file's change for this kind's fixes, then apply")
        self.kinds = QTreeWidget(self)
        self.kinds.setObjectName("reportKinds")
        self.kinds.setHeaderLabels(["Problem", "Count"])
        self.kinds.setRootIsDecorated(False)
        self.kinds.setUniformRowHeights(True)
        header = self.kinds.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.findings = QTreeWidget(self)
        self.findings.setObjectName("reportFindings")
        self.findings.setHeaderLabels(["File", "Field", "Value", "Expected", "Fix"])
        self.findings.setRootIsDecorated(False)
        self.findings.setUniformRowHeights(True)
        self.findings.setAlternatingRowColors(True)
        self.findings.setToolTip("Double-click (or Enter) to select the article in the table")
        self.empty = QLabel(self)
        self.empty.setObjectName("reportEmpty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.kinds)
        splitter.addWidget(self.findings)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 780])
        self.pages = QStackedWidget(self)
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    def show_empty(self, text: str) -> None:
        """No finding: ``text`` in the middle instead of the lists."""
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def show_lists(self) -> None:
        """The kinds and the findings."""
        self.pages.setCurrentIndex(0)

    def empty_shown(self) -> bool:
        """True while the empty state shows."""
        return self.pages.currentWidget() is self.empty


class ReportPanel(QObject):
    """View ▸ Report (Ctrl+Shift+R): the consistency report of the open folder, kept current.

    Signals:
        updated(): a new report is shown (or the panel was cleared for another folder).
    """

    updated = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.view)
        self.context = context
        #: The report shown (None: none yet for the open folder).
        self.report: Report | None = None
        #: How many items the report looked at.
        self.total = 0
        self._pending: list[Document] = []  # the documents of the report being made
        self._runs = Reruns(self._compute, DEBOUNCE_MS, self)
        #: How the last report came: "computed" or "restored" (from the folder's store).
        self.origin = ""
        fields = context.view.findChild(FolderFields)
        self._fields = fields if isinstance(fields, FolderFields) else None
        self._waiting = False  # for the window's schema, to judge by it
        if self._fields is not None:
            self._fields.inferred.connect(self._on_schema_inferred)
        self.view = ReportView()
        self.dock = QDockWidget("Report", context.view)
        self.dock.setObjectName("report-dock")
        self.dock.setWidget(self.view)
        context.view.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = self.dock.toggleViewAction()
        self.action.setText("&Report")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        tip = "Show or hide the consistency report: the folder's problems by kind"
        self.action.setToolTip(f"{tip} ({SHORTCUT})")
        self.action.setStatusTip(tip)
        context.actions.menu("menu.view").addAction(self.action)
        context.actions.register("report", self.action, "View ▸ Report")

        self.view.kinds.currentItemChanged.connect(self._on_kind_current)
        self.view.kinds.itemClicked.connect(self._on_kind_chosen)
        self.view.kinds.itemActivated.connect(self._on_kind_chosen)
        self.view.findings.itemActivated.connect(self._on_finding_activated)
        self.view.fix_button.clicked.connect(self._on_fix_clicked)
        context.loader.started.connect(self._on_loader_started)
        context.loader.finished.connect(self.refresh)
        context.saver.finished.connect(self.refresh)
        context.editor.documents_changed.connect(self.refresh)
        for signal in (
            context.watcher.documents_changed,
            context.watcher.documents_deleted,
            context.watcher.folder_changed,
        ):
            signal.connect(self.refresh)

    # -- answers

    def busy(self) -> bool:
        """True while a report is computed or waits to be (tests)."""
        return self._runs.busy()

    def counts(self) -> dict[str, int]:
        """The number of findings of each kind found (none: empty)."""
        if self.report is None:
            return {}
        return {name: count for name, count in self.report.counts_by_kind.items() if count}

    def current_kind(self) -> str | None:
        """The name of the kind chosen in the panel (None: none)."""
        item = self.view.kinds.currentItem()
        name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return name if isinstance(name, str) else None

    def findings(self, kind: str) -> list[Finding]:
        """The findings of ``kind`` in the report shown."""
        if self.report is None:
            return []
        return [f for f in self.report.findings if f.kind == kind]

    # -- computing

    def refresh(self, *_args: object) -> None:
        """Compute the report again, soon (requests close together make one run)."""
        if self.context.workspace.folder is None or self.context.loader.loading:
            return
        self._runs.request()

    def _on_schema_inferred(self, _schema: object) -> None:
        if self._waiting:
            self._waiting = False
            self.refresh()

    def _window_schema(self, unedited: bool) -> tuple[Schema, str] | None:
        """The window's schema of the folder and the digest of its rows, when the report may
        judge by it (nothing edited, nothing inherited); see the module's docstring."""
        fields = self._fields
        if fields is None or fields.schema is None or not unedited or fields.inherited:
            return None
        return fields.schema, fields.rows

    def _compute(self) -> Job | None:
        if self._fields is not None and self._fields.busy():
            self._waiting = True  # computed once the schema is in: it may be judged by it
            return None
        documents = self.context.model.documents()
        articles = [document.view for document in documents]  # as edited; made here
        workspace = self.context.workspace
        site = workspace.site
        # what each file inherits from its site (no site: nothing, and no dict of 100,000)
        inherited = {d.path: d.inherited for d in documents} if site is not None else {}
        now = dt.datetime.now(dt.timezone.utc)
        unedited = not any(document.modified for document in documents)
        store = DerivedStore.of(workspace.cache, workspace.folder) if unedited else None
        window_schema = self._window_schema(unedited)

        def inherits(path: Path) -> Inherited:
            return inherited[path]

        def work(job: Job) -> tuple[Report, str] | None:
            digest = rows = ""
            if store is not None or window_schema is not None:
                rows = rows_digest(articles)
            if store is not None:
                from reviewer.core.report import STALE_DAYS

                digest = kept.report_digest(rows, site, STALE_DAYS)
                paths = PathsByText(articles)  # a Path made only for a finding's file
                restored = kept.restore_report(store, digest, now, site, paths)
                if restored is not None:
                    return restored, "restored"
            schema = window_schema[0] if window_schema and window_schema[1] == rows else None
            found = report(
                articles,
                inherited=inherits if site is not None else None,
                site=site,
                now=now,
                cancelled=job.cancelled,
                schema=schema,
            )
            if not found.complete or job.cancelled():
                return None
            if store is not None:
                kept.keep_report(store, digest, found)
            return found, "computed"

        self._pending = documents
        return self.context.workers.start(
            "report", work, finished=self._on_computed, failed=self._on_failed
        )

    def _on_computed(self, job: Job, found: tuple[Report, str] | None) -> None:
        if not self._runs.finish(job):
            return  # for a folder open before
        if found is not None:
            self.origin = found[1]
            self._show(found[0], self._pending)

    def _on_failed(self, job: Job, message: str) -> None:
        if not self._runs.finish(job, again=False):
            return
        self.view.summary.setText(f"The report could not be made: {message}")

    def _on_loader_started(self, _folder: object) -> None:
        self._runs.stop()
        self._waiting = False
        self.report = None
        self.total = 0
        self.context.proxy.set_states({}, source=SOURCE)
        self.view.kinds.clear()
        self.view.findings.clear()
        self.view.show_lists()
        self.view.fix_button.setEnabled(False)
        self.view.summary.setText("Reading the folder…")
        self.updated.emit()

    # -- showing

    def _show(self, found: Report, documents: list[Document]) -> None:
        document_of = self.context.workspace.document  # by path text: no Path made per row
        states: dict[int, set[str]] = defaultdict(set)
        for finding in found.findings:
            document = document_of(finding.path)
            if document is not None:
                states[id(document)].add(finding.kind)
        self.report, self.total = found, len(documents)
        self.context.proxy.set_states(
            {key: frozenset(kinds) for key, kinds in states.items()}, source=SOURCE
        )
        chosen = self.current_kind()
        kinds = self.view.kinds
        kinds.blockSignals(True)
        kinds.clear()
        counts = self.counts()
        for kind in finding_kinds():
            count = counts.get(kind.name, 0)
            if not count:
                continue
            item = QTreeWidgetItem([kind.title, str(count)])
            item.setData(0, Qt.ItemDataRole.UserRole, kind.name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = plain_tip(f"{kind.description}\n\nSearch: is:{kind.name}")
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)
            kinds.addTopLevelItem(item)
            if kind.name == chosen:
                kinds.setCurrentItem(item)
        kinds.blockSignals(False)
        total = sum(counts.values())
        if total:
            problems = "1 problem" if total == 1 else f"{total} problems"
            self.view.summary.setText(f"{problems} in {_items(len(documents))}")
            self.view.show_lists()
        else:
            self.view.summary.setText(f"Checked {_items(len(documents))}")
            self.view.show_empty(f"No problems found in {_items(len(documents))}")
        self._fill_findings()
        self.updated.emit()

    def _fill_findings(self) -> None:
        kind = self.current_kind()
        tree = self.view.findings
        tree.clear()
        folder = self.context.workspace.folder
        for finding in self.findings(kind) if kind is not None else []:
            path = Path(finding.path)
            try:
                name = path.relative_to(folder) if folder is not None else path.name
            except ValueError:
                name = path
            texts = [value_text(finding.value), finding.expected or "", value_text(finding.fix)]
            item = QTreeWidgetItem(
                [shown_name(name), finding.field or "", *(shown(text) for text in texts)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(path))
            for column, text in enumerate(texts, start=2):
                if text:
                    item.setToolTip(column, plain_tip(text))
            item.setToolTip(0, plain_tip(str(path)))
            tree.addTopLevelItem(item)
        for column in range(tree.columnCount() - 1):  # the last one (Fix) takes the rest
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(tree.columnWidth(column), _COLUMN_WIDTHS[column]))
        entry = next((k for k in finding_kinds() if k.name == kind), None)
        fixable = entry is not None and entry.fixable and tree.topLevelItemCount() > 0
        self.view.fix_button.setEnabled(fixable)
        self.view.fix_button.setText(f"Fix {entry.title}…" if fixable and entry else "Fix…")

    # -- the editor's choices

    def show_kind(self, name: str) -> None:
        """Choose kind ``name`` in the panel and search ``is:<name>`` (as clicking it does)."""
        kinds = self.view.kinds
        for row in range(kinds.topLevelItemCount()):
            item = kinds.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
                kinds.setCurrentItem(item)
                self._on_kind_chosen(item)
                return

    def _on_kind_current(self, *_args: object) -> None:
        self._fill_findings()

    def _on_kind_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(name, str):
            self.context.list_pane.filter_edit.setText(f"is:{name}")

    def _on_finding_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = Path(str(item.data(0, Qt.ItemDataRole.UserRole)))
        document = self.context.workspace.document(path)
        if document is None:
            return
        selection = self.context.selection
        if selection.row_in_view(document) < 0:  # the search hides it: show the kind's rows
            kind = self.current_kind()
            if kind is not None:
                self.context.list_pane.filter_edit.setText(f"is:{kind}")
        selection.select_documents([document])

    def _on_fix_clicked(self) -> None:
        kind = self.current_kind()
        if kind is not None:
            self.fix(kind)

    def fix(self, kind: str) -> PlansDialog | None:
        """Open the preview of ``kind``'s fixes (None when it has none to make)."""
        from reviewer.app.report import fix as report_fix

        return report_fix.open_fix(
            self.context, self.findings(kind), kind, self.context.workspace.document
        )
