"""View ▸ Report: the consistency report's kinds with their counts, each kind a search
(``is:mojibake``) next to git's states, its findings selecting their rows, and Fix… through
the bulk edit preview (every file's diff, one undo step, saved like any edit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from test_mainwindow import changed_lines, open_window, row_of_title

from reviewer.app.bulk import PlansDialog, file_preview
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.report import panel as report_panel
from reviewer.app.report.panel import ReportPanel, value_text
from reviewer.core.document import Document
from reviewer.core.frontmatter.values import MISSING
from reviewer.core.query import REPORT_STATES, parse
from reviewer.core.report import KIND_NAMES
from reviewer.workspace import plan
from reviewer.workspace.edits import SetValue

#: The planted problems: one of each of these kinds.
PLANTED = {"missing": 1, "type": 1, "mojibake": 1, "stale": 1}
GARBLED = "CafÃ© culture returns"
REPAIRED = "Café culture returns"


def plant(folder: Path, make_article: object) -> Path:
    """Twenty sound, published articles and four with one problem each: a title garbled by a
    wrong encoding, a quality written as text ("40"), a missing title, an unpublished item
    from 2024 (stale)."""
    write = make_article
    assert callable(write)
    folder.mkdir()
    for day in range(1, 21):
        write(folder, f"story-{day:02d}", published="true", date=f"2024-03-{day:02d}T10:00:00Z")
    garbled = write(folder, "garbled-story", published="true")
    text = garbled.read_text(encoding="utf-8")
    garbled.write_text(text.replace('title: "Garbled Story"', f'title: "{GARBLED}"'), "utf-8")
    write(folder, "quoted-story", quality='"40"', published="true")
    untitled = write(folder, "untitled-story", published="true")
    text = untitled.read_text(encoding="utf-8")
    untitled.write_text(text.replace('title: "Untitled Story"\n', ""), "utf-8")
    write(folder, "waiting-story", published="false", date="2024-03-02T10:00:00Z")
    return folder


@pytest.fixture
def planted(tmp_path: Path, make_article: object) -> Path:
    return plant(tmp_path / "planted", make_article)


def reported(qtbot: QtBot, window: MainWindow) -> ReportPanel:
    """The window's Report panel once its report is shown."""
    panel = window.report
    qtbot.waitUntil(lambda: panel.report is not None and not panel.busy(), timeout=10_000)
    return panel


def open_reported(
    qtbot: QtBot, context: AppContext, folder: Path
) -> tuple[MainWindow, ReportPanel]:
    window = open_window(qtbot, context, folder)
    panel = reported(qtbot, window)
    panel.action.trigger()  # View ▸ Report
    assert panel.dock.isVisible()
    return window, panel


def kind_rows(panel: ReportPanel) -> dict[str, str]:
    """The kinds listed: their name, and the count shown."""
    kinds = panel.view.kinds
    rows = {}
    for row in range(kinds.topLevelItemCount()):
        item = kinds.topLevelItem(row)
        assert item is not None
        rows[str(item.data(0, Qt.ItemDataRole.UserRole))] = item.text(1)
    return rows


def kind_item_rect(panel: ReportPanel, name: str) -> object:
    kinds = panel.view.kinds
    for row in range(kinds.topLevelItemCount()):
        item = kinds.topLevelItem(row)
        if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
            return kinds.visualItemRect(item).center()
    raise AssertionError(f"{name} not listed")


def document_named(window: MainWindow, name: str) -> Document:
    return next(d for d in window.model.documents() if d.path.name == name)


def test_the_report_states_are_the_report_kinds() -> None:
    assert REPORT_STATES == KIND_NAMES
    for name in KIND_NAMES:
        assert parse(f"is:{name}").states == {name}


def test_view_report_toggles_the_dock_with_a_shortcut_of_its_own(
    qtbot: QtBot, context: AppContext
) -> None:
    window = open_window(qtbot, context, None)
    panel = window.report
    view_menu = window.context.actions.menu("menu.view")
    assert panel.action in view_menu.actions()
    assert isinstance(view_menu, QMenu)
    assert panel.action.shortcut() == QKeySequence("Ctrl+Shift+R")
    assert window.context.actions.action("report") is panel.action
    shortcuts = [
        key.toString()
        for entry in window.context.actions.entries()
        if entry.action is not panel.action
        for key in entry.action.shortcuts()
    ]
    assert "Ctrl+Shift+R" not in shortcuts
    assert not panel.dock.isVisible()
    panel.action.trigger()
    assert panel.dock.isVisible()
    assert panel.view.summary.text() == "No folder is open."


def test_the_panel_shows_each_planted_kind_with_its_count(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    _window, panel = open_reported(qtbot, context, planted)
    assert panel.counts() == PLANTED
    assert kind_rows(panel) == {name: "1" for name in KIND_NAMES if name in PLANTED}
    assert panel.view.summary.text() == "4 problems in 24 items"
    assert not panel.view.empty_shown()
    item = panel.view.kinds.topLevelItem(0)
    assert item is not None and item.data(0, Qt.ItemDataRole.UserRole) == "missing"
    assert "nearly every file" in item.toolTip(0) and "is:missing" in item.toolTip(0)
    assert not panel.view.fix_button.isEnabled()  # no kind chosen yet


def test_clicking_a_kind_searches_it_and_its_finding_selects_the_row(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    window, panel = open_reported(qtbot, context, planted)
    kinds = panel.view.kinds
    qtbot.mouseClick(kinds.viewport(), Qt.MouseButton.LeftButton, pos=kind_item_rect(panel, "type"))
    assert window.list_pane.filter_edit.text() == "is:type"
    assert window.proxy.rowCount() == 1
    assert window.proxy.documents()[0].path.name == "quoted-story.md"
    findings = panel.view.findings
    assert findings.topLevelItemCount() == 1
    row = findings.topLevelItem(0)
    assert row is not None
    assert [row.text(c) for c in range(5)] == [
        "quoted-story.md",
        "quality",
        '"40"',
        "a number",
        "40",
    ]
    assert panel.view.fix_button.isEnabled()

    qtbot.mouseClick(
        kinds.viewport(), Qt.MouseButton.LeftButton, pos=kind_item_rect(panel, "mojibake")
    )
    assert window.list_pane.filter_edit.text() == "is:mojibake"
    assert [d.path.name for d in window.proxy.documents()] == ["garbled-story.md"]
    panel.show_kind("stale")
    assert window.list_pane.filter_edit.text() == "is:stale"
    assert [d.path.name for d in window.proxy.documents()] == ["waiting-story.md"]
    assert not panel.view.fix_button.isEnabled()  # stale has no fix
    panel.show_kind("missing")
    row = findings.topLevelItem(0)
    assert row is not None
    assert (row.text(1), row.text(2), row.text(4)) == ("title", "", "")

    # A finding's activation selects its row, the search showing it if it hid it.
    window.list_pane.filter_edit.setText("is:published")
    assert window.proxy.rowCount() == 23
    findings.itemActivated.emit(row, 0)
    assert [d.path.name for d in window.selection.documents()] == ["untitled-story.md"]
    window.list_pane.filter_edit.setText("is:stale")
    assert window.proxy.rowCount() == 1
    findings.itemActivated.emit(row, 0)
    assert window.list_pane.filter_edit.text() == "is:missing"
    assert [d.path.name for d in window.selection.documents()] == ["untitled-story.md"]


def test_git_states_and_report_states_coexist(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    window, _panel = open_reported(qtbot, context, planted)
    garbled = document_named(window, "garbled-story.md")
    other = document_named(window, "story-01.md")
    proxy = window.proxy
    proxy.set_states(
        {id(garbled): frozenset({"changed"}), id(other): frozenset({"changed"})}, source="git"
    )

    def found(search: str) -> list[str]:
        window.list_pane.filter_edit.setText(search)
        return sorted(d.path.name for d in proxy.documents())

    assert found("is:changed") == ["garbled-story.md", "story-01.md"]
    assert found("is:mojibake") == ["garbled-story.md"]
    assert found("is:changed is:mojibake") == ["garbled-story.md"]
    assert found("is:changed -is:mojibake") == ["story-01.md"]
    # Each source replaces only its own states.
    proxy.set_states({id(other): frozenset({"staged"})}, source="git")
    assert found("is:mojibake") == ["garbled-story.md"]
    assert found("is:changed or is:staged") == ["story-01.md"]
    proxy.set_states({}, source="report")
    assert found("is:mojibake") == []
    assert found("is:staged") == ["story-01.md"]
    proxy.set_states({}, source="git")
    assert found("is:staged") == []


def test_the_report_follows_edits_and_undo(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    window, panel = open_reported(qtbot, context, planted)
    window.list_pane.filter_edit.setText("is:type")
    window.select_row(row_of_title(window, "Quoted Story"))
    quoted = document_named(window, "quoted-story.md")
    with qtbot.waitSignal(panel.updated, timeout=10_000):
        window.editor.set_value(quoted, ("quality",), 40)
    reported(qtbot, window)
    assert "type" not in panel.counts()
    assert window.proxy.rowCount() == 0  # the search is run again: no row is of that kind now
    with qtbot.waitSignal(panel.updated, timeout=10_000):
        window.menus.undo.trigger()
    reported(qtbot, window)
    assert panel.counts()["type"] == 1
    assert window.proxy.rowCount() == 1


def test_fix_previews_every_diff_applies_one_undo_step_and_saves_one_line(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    window, panel = open_reported(qtbot, context, planted)
    path = planted / "garbled-story.md"
    before = path.read_bytes()
    panel.show_kind("mojibake")
    assert panel.view.fix_button.isEnabled()
    qtbot.mouseClick(panel.view.fix_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(PlansDialog)
    assert isinstance(dialog, PlansDialog) and dialog.isVisible()
    assert dialog.summary.text() == "1 article will change; each file's change is below."
    lines = dialog.diff.toPlainText().splitlines()
    assert lines[:2] == ["--- garbled-story.md (now)", "+++ garbled-story.md (after the change)"]
    changed = [line for line in lines[2:] if line.startswith(("+", "-"))]
    assert changed == [f'-title: "{GARBLED}"', f'+title: "{REPAIRED}"']
    assert not window.isWindowModified()  # nothing changes before Apply

    with qtbot.waitSignal(panel.updated, timeout=10_000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    stack = window.editor.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Fix Mojibake in 1 article"
    garbled = document_named(window, "garbled-story.md")
    assert garbled.view.title == REPAIRED
    assert path.read_bytes() == before  # not saved yet
    reported(qtbot, window)
    assert "mojibake" not in panel.counts()

    window.menus.save.trigger()
    assert not window.isWindowModified()
    assert changed_lines(before, path.read_bytes()) == [
        f'-title: "{GARBLED}"',
        f'+title: "{REPAIRED}"',
    ]
    window.menus.undo.trigger()
    assert window.isWindowModified()
    assert garbled.view.title == GARBLED
    window.menus.save.trigger()
    assert path.read_bytes() == before


def test_fix_cancelled_changes_nothing(qtbot: QtBot, context: AppContext, planted: Path) -> None:
    window, panel = open_reported(qtbot, context, planted)
    dialog = panel.fix("type")
    assert dialog is not None
    assert [line for line in dialog.diff.toPlainText().splitlines() if line.startswith(("+", "-"))][
        2:
    ] == [
        '-quality: "40"',
        "+quality: 40",
    ]
    dialog.reject()
    assert window.editor.undo_stack.count() == 0
    assert not window.isWindowModified()
    assert panel.fix("stale") is None  # nothing to fix there
    assert window.status.currentMessage() == "Nothing to fix in Stale"


def test_a_folder_without_problems_says_so(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: object
) -> None:
    write = make_article
    assert callable(write)
    folder = tmp_path / "sound"
    folder.mkdir()
    for day in range(1, 4):
        write(folder, f"story-{day}", published="true", date=f"2024-03-0{day}T10:00:00Z")
    _window, panel = open_reported(qtbot, context, folder)
    assert panel.counts() == {}
    assert panel.view.empty_shown()
    assert panel.view.empty.text() == "No problems found in 3 items"
    assert panel.view.kinds.topLevelItemCount() == 0


def test_plans_dialog_shows_each_files_diff_and_applies_them_as_one_step(
    qtbot: QtBot, context: AppContext, planted: Path
) -> None:
    """bulk.PlansDialog: plans of different values per file, every diff, one undo step; a
    file with two changes shows them in one diff (file_preview)."""
    window = open_window(qtbot, context, planted)
    one, two = document_named(window, "story-01.md"), document_named(window, "story-02.md")
    plans = [
        plan(SetValue(("quality",), 11), [one]),
        plan(SetValue(("heat",), 7), [one]),
        plan(SetValue(("quality",), 22), [two]),
    ]
    dialog = PlansDialog(window.editor, plans, "Set some values", parent=window)
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "2 articles will change; each file's change is below."
    changed = [
        line for line in dialog.diff.toPlainText().splitlines() if line.startswith(("+", "-"))
    ]
    assert changed == [
        "--- story-01.md (now)",
        "+++ story-01.md (after the change)",
        "-quality: 50",
        "-heat: 3",
        "+quality: 11",
        "+heat: 7",
        "--- story-02.md (now)",
        "+++ story-02.md (after the change)",
        "-quality: 50",
        "+quality: 22",
    ]
    assert dialog.apply()
    stack = window.editor.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Set some values"
    assert (one.get(("quality",)), one.get(("heat",)), two.get(("quality",))) == (11, 7, 22)
    window.menus.undo.trigger()
    assert (one.get(("quality",)), one.get(("heat",)), two.get(("quality",))) == (50, 3, 50)
    # One step's preview is the workspace's exact diff of it.
    preview = file_preview(plans[2].steps)
    assert [line for line in preview if line.startswith(("+", "-"))] == changed[-4:]


def test_values_are_shown_as_yaml_tells_them() -> None:
    assert value_text("40") == '"40"'
    assert value_text(40) == "40"
    assert value_text(None) == "null"
    assert value_text(MISSING) == ""
    assert value_text(["a", 1]) == '["a", 1]'
    assert report_panel.shown("x" * 200).endswith("…")


def test_in_a_site_what_the_defaults_give_is_not_missing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    """Files are judged as Jekyll reads them: a type the site's defaults give is there; a title
    nobody gives is missing."""
    root = tmp_path / "site"
    news = root / "_news"
    news.mkdir(parents=True)
    (root / "_config.yml").write_text(
        "collections:\n  news:\n    output: true\n"
        'defaults:\n  - scope: {path: "_news/by-default.md"}\n    values:\n      type: article\n',
        encoding="utf-8",
    )
    story = "---\ntitle: Story {n}\ntype: article\npublished: true\n---\n"
    for n in range(18):
        (news / f"story-{n:02d}.md").write_text(story.format(n=n), encoding="utf-8")
    (news / "by-default.md").write_text("---\ntitle: Typed by the site\npublished: true\n---\n")
    (news / "untitled.md").write_text("---\ntype: article\npublished: true\n---\n")
    _window, panel = open_reported(qtbot, context, news)
    assert panel.counts() == {"missing": 1}
    assert [(f.path.name, f.field) for f in panel.findings("missing")] == [("untitled.md", "title")]
