"""A warm reopen of an unchanged folder restores its derived structures from the folder's
store (core/folder/derived.py) instead of computing them: the report, the schema and the
duplicate groups; a changed file or an edit makes them computed again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from test_mainwindow import loading, open_window, row_of_title
from test_report_panel import plant

from reviewer.app import dupes
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.report import panel as report_panel
from reviewer.app.report.panel import ReportPanel
from reviewer.app.site import fieldset
from reviewer.core.report import report


class Calls:
    """Counts the calls of the functions it wraps (and the ``schema`` each report got)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reports: list[object] = []
        self.schemas = 0
        self.inputs = 0
        real_report = report_panel.report
        real_infer = fieldset.infer_articles
        real_input = dupes.duplicate_input

        def counted_report(*args: Any, **kwargs: Any) -> Any:
            self.reports.append(kwargs.get("schema"))
            return real_report(*args, **kwargs)

        def counted_infer(*args: Any, **kwargs: Any) -> Any:
            self.schemas += 1
            return real_infer(*args, **kwargs)

        def counted_input(*args: Any, **kwargs: Any) -> Any:
            self.inputs += 1
            return real_input(*args, **kwargs)

        monkeypatch.setattr(report_panel, "report", counted_report)
        monkeypatch.setattr(fieldset, "infer_articles", counted_infer)
        monkeypatch.setattr(dupes, "duplicate_input", counted_input)

    def reset(self) -> None:
        self.reports, self.schemas, self.inputs = [], 0, 0


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every structure derived from the rows is in."""
    qtbot.waitUntil(
        lambda: (
            window.is_idle()
            and window.report.report is not None
            and window.duplicates.ready()
            and window.folder_fields.schema is not None
        ),
        timeout=20_000,
    )


def reopen(qtbot: QtBot, window: MainWindow) -> None:
    with loading(qtbot, window):
        window.reload_folder()
    settle(qtbot, window)


def shown(panel: ReportPanel) -> dict[str, Any]:
    """Everything the Report dock shows: the summary, the kinds with their counts and
    tooltips, and each kind's findings as listed (every column, every tooltip)."""
    kinds = panel.view.kinds
    listed: dict[str, Any] = {"summary": panel.view.summary.text()}
    names = []
    for row in range(kinds.topLevelItemCount()):
        item = kinds.topLevelItem(row)
        assert item is not None
        names.append(item.data(0, 256))
        listed[f"kind {row}"] = [(item.text(c), item.toolTip(c)) for c in range(2)]
    for name in names:
        panel.show_kind(name)
        tree = panel.view.findings
        rows = []
        for row in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(row)
            assert item is not None
            rows.append([(item.text(c), item.toolTip(c)) for c in range(tree.columnCount())])
        listed[name] = (rows, panel.view.fix_button.isEnabled(), panel.view.fix_button.text())
    return listed


def searched(window: MainWindow, names: list[str]) -> dict[str, int]:
    found = {}
    for name in names:
        window.list_pane.filter_edit.setText(f"is:{name}")
        found[name] = window.proxy.rowCount()
    window.list_pane.filter_edit.clear()
    return found


@pytest.fixture
def folder(tmp_path: Path, make_article: Callable[..., Path]) -> Path:
    planted = plant(tmp_path / "planted", make_article)
    make_article(planted, "tram-a", title="City opens new tram line to the harbour")
    make_article(
        planted, "tram-b", title="City opens new tram line to the harbour!", provider="Courier"
    )
    return planted


def test_an_unchanged_folder_reopened_restores_its_report_schema_and_duplicates(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    panel = window.report
    assert panel.origin == "computed"
    assert len(calls.reports) == 1
    assert calls.reports[0] is window.folder_fields.schema  # judged by the window's schema
    assert calls.schemas == 0  # fed batch by batch while the folder loaded
    assert calls.inputs > 0
    before = shown(panel)
    names = [name for name, count in panel.counts().items() if count]
    assert {"mojibake", "stale", "missing", "type"} <= set(names)
    searches = searched(window, names)
    found, schema = panel.report, window.folder_fields.schema
    groups = len(window.duplicates.keys())
    assert groups == 2
    assert found is not None

    calls.reset()
    reopen(qtbot, window)
    assert calls.reports == []  # restored: nothing computed again
    assert calls.schemas == 0
    assert calls.inputs == 0
    assert panel.origin == "restored"
    assert panel.report == found
    assert window.folder_fields.schema == schema
    assert len(window.duplicates.keys()) == groups
    assert shown(panel) == before  # the dock shows exactly what the computation showed
    assert searched(window, names) == searches

    # what the window's schema gave is what the report infers for itself
    alone = report([d.view for d in window.model.documents()], now=found.judged_at)
    assert (alone.findings, alone.counts_by_kind) == (found.findings, found.counts_by_kind)


def test_a_changed_file_makes_them_computed_again(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    path = folder / "story-03.md"
    path.write_text(path.read_text("utf-8").replace("Story 03", "Story three"), "utf-8")
    calls.reset()
    reopen(qtbot, window)
    assert len(calls.reports) >= 1
    assert window.report.origin == "computed"
    assert calls.schemas == 1  # inferred again in one go: a schema was kept
    assert calls.inputs > 0
    assert window.folder_fields.schema is not None
    assert window.folder_fields.schema.get("title") is not None
    assert len(window.duplicates.keys()) == 2
    calls.reset()
    reopen(qtbot, window)  # and the new ones were kept
    assert (calls.reports, calls.schemas, calls.inputs) == ([], 0, 0)


def test_an_edit_makes_the_report_computed_and_not_kept(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    panel = window.report
    window.select_row(row_of_title(window, "CafÃ© culture returns"))
    document = window.detail.document()
    assert document is not None
    calls.reset()
    window.editor.set_value(document, ("title",), "Café culture returns")
    qtbot.waitUntil(lambda: not panel.busy() and len(calls.reports) == 1, timeout=10_000)
    assert calls.reports == [None]  # edited: not the window's schema of the files as read
    assert panel.origin == "computed"
    assert panel.counts().get("mojibake", 0) == 0
    document.revert()


def test_a_report_no_longer_holds_once_an_item_turns_stale(
    qtbot: QtBot, context: AppContext, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(monkeypatch)
    window = open_window(qtbot, context, folder)
    settle(qtbot, window)
    found = window.report.report
    assert found is not None and found.judged_at is not None
    assert found.holds_at(found.judged_at)
    assert not found.holds_at(found.judged_at - dt.timedelta(seconds=1))
    fresh = folder / "fresh-story.md"
    now = dt.datetime.now(dt.timezone.utc)
    when = (now - dt.timedelta(days=29, hours=23)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fresh.write_text(
        fresh.parent.joinpath("waiting-story.md")
        .read_text("utf-8")
        .replace("2024-03-02T10:00:00Z", when)
        .replace("Waiting Story", "Fresh Story"),
        "utf-8",
    )
    calls.reset()
    reopen(qtbot, window)
    found = window.report.report
    assert found is not None and found.stale_until is not None
    assert found.holds_at(found.stale_until - dt.timedelta(seconds=1))
    assert not found.holds_at(found.stale_until)
