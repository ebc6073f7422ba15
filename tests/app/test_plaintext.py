"""Text from files is shown as text, never as HTML.

A folder whose titles, keys, values and file names hold HTML tags is opened and its rows
selected; every label, tooltip and item tooltip in the window must then either be plain
text or hold the file's tags escaped (Qt would otherwise load ``<img src=...>``: a FIFO
freezes the window, /dev/zero aborts it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window, row_of_title  # tests/app is on sys.path

from reviewer.app import dialogs
from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.app.plaintext import plain_tip
from reviewer.app.table.columns import Column, Role

TITLE = "<img src='x.png'> <b>bold</b>"
HOSTILE = """\
---
title: "<img src='x.png'> <b>bold</b>"
excerpt: "&lt;ex&gt; not a tag"
category: "<i>cat</i>"
type: "<u>type</u>"
publishedDateTime: "<img src='x.png'> when"
webUrl: "https://example.org/<b>u</b>"
originalUrl: "https://example.org/story"
published: false
provider:
  name: "<b>prov</b>"
topics: ["<s>topic</s>"]
images:
  - url: "https://example.org/<b>img</b>.png"
related:
  - title: "<b>rel</b>"
---
"""
#: What the files hold that Qt would take for HTML; none may reach Qt as HTML.
MARKERS = (
    "<img src='x.png'>",
    "<b>bold</b>",
    "<b>x</b>",
    "<u>name",
    "<i>cat</i>",
    "<u>type</u>",
    "<b>u</b>",
    "<b>prov</b>",
    "<s>topic</s>",
    "<b>img</b>",
    "<b>rel</b>",
    "&lt;ex&gt;",
    "<i>empty",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    # The same story under a name that is a tag: a likely duplicate, so the banner shows.
    (folder / "<u>name.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "dup.md").write_text('---\n"<b>x</b>": 1\n"<b>x</b>": 2\n---\n', encoding="utf-8")
    return folder


def _as_html(text: str, format: Qt.TextFormat) -> bool:
    if format == Qt.TextFormat.PlainText:
        return False
    return format == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text)


def _assert_not_html(where: str, text: str, format: Qt.TextFormat = Qt.TextFormat.AutoText) -> None:
    if _as_html(text, format):
        for marker in MARKERS:
            assert marker not in text, f"{where} shows {marker!r} as HTML: {text!r}"


def _item_tooltips(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            column = 0
            while model.hasIndex(row, column, parent):  # list models hide columnCount
                tip = model.index(row, column, parent).data(Qt.ItemDataRole.ToolTipRole)
                if tip:
                    yield tip
                column += 1
            pending.append(model.index(row, 0, parent))


def assert_no_file_html(root: QWidget) -> None:
    """No label, tooltip or item tooltip under ``root`` shows the files' tags as HTML."""
    for label in root.findChildren(QLabel):
        _assert_not_html(f"label {label.objectName()!r}", label.text(), label.textFormat())
    for widget in [root, *root.findChildren(QWidget)]:
        _assert_not_html(f"tooltip of {type(widget).__name__}", widget.toolTip())
    for action in root.findChildren(QAction):
        _assert_not_html(f"tooltip of action {action.text()!r}", action.toolTip())
    for view in root.findChildren(QAbstractItemView):
        for tip in _item_tooltips(view):
            _assert_not_html(f"item tooltip in {type(view).__name__}", tip)


def shown(rich_or_plain: str) -> str:
    """The text a tooltip shows for ``rich_or_plain``."""
    if not GuiQt.mightBeRichText(rich_or_plain):
        return rich_or_plain
    document = QTextDocument()
    document.setHtml(rich_or_plain)
    return document.toPlainText()


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, folder: Path) -> MainWindow:
    window = open_window(qtbot, context, folder)
    qtbot.waitUntil(lambda: window.duplicates.keys() != frozenset(), timeout=10_000)
    window.browse.sidebar.flush()
    return window


def _select(window: MainWindow, name: str) -> None:
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, Column.TITLE).data(Role.DOCUMENT).path.name == name:
            window.select_row(row)
            return
    raise AssertionError(f"{name!r} not listed")


def test_no_file_text_is_shown_as_html(window: MainWindow) -> None:
    assert_no_file_html(window)
    for name in ("hostile.md", "<u>name.md", "dup.md"):
        _select(window, name)
        assert_no_file_html(window)
        if name == "<u>name.md":  # shown as what it is
            assert window.detail.name.full_text() == name
            assert window.detail.name.textFormat() == Qt.TextFormat.PlainText
            assert shown(window.detail.name.toolTip()) == name
            assert window.detail.similar_banner.isVisibleTo(window.detail)
            assert "&lt;img src=&#x27;x.png&#x27;&gt;" in window.detail.similar_banner.text()
    # Selected last: the duplicate key's error shows, as text.
    banner = window.detail.error_banner
    assert banner.isVisibleTo(window.detail)
    assert "<b>x</b>" in banner.text()
    assert banner.textFormat() == Qt.TextFormat.PlainText


def test_an_empty_folder_is_named_as_text(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "<i>empty"
    folder.mkdir()
    window = open_window(qtbot, context, folder)
    label = window.list_pane.empty_label
    assert label.isVisibleTo(window)
    assert_no_file_html(window)
    assert f"“{folder}” holds no article files" in shown(label.text())
    recent = window.menus.recent_menu.actions()[0]
    assert recent.text() == str(folder)


def test_title_tooltips_show_the_title_as_text(window: MainWindow) -> None:
    row = row_of_title(window, TITLE)
    tip = window.proxy.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "<b>" not in tip
    assert shown(tip).startswith(TITLE + "\n")
    broken = window.proxy.index(row_of_title(window, "dup.md"), Column.TITLE)
    assert "<b>x</b>" in shown(broken.data(Qt.ItemDataRole.ToolTipRole))


def test_search_error_tooltip(window: MainWindow) -> None:
    search = window.list_pane.filter_edit
    search.setText("title:\"<img src='x.png'>")  # a quote never closed
    assert search.toolTip()
    assert_no_file_html(window)
    assert "title:\"<img src='x.png'>" in shown(search.toolTip())


def test_error_dialog_shows_its_message_as_text(window: MainWindow) -> None:
    box = dialogs.error_dialog(window, f"“{TITLE}” could not be saved: <b>x</b>", "<b>x</b>")
    try:
        assert_no_file_html(box)
        texts = [shown(label.text()) for label in box.findChildren(QLabel)]
        assert f"“{TITLE}” could not be saved: <b>x</b>" in texts
    finally:
        box.close()


def test_plain_tip() -> None:
    assert plain_tip("") == ""
    assert plain_tip("Plain text\nkept as it is") == "Plain text\nkept as it is"
    for text in (TITLE, "a &lt; b", "<qt>x</qt>\n  two  spaces"):
        assert shown(plain_tip(text)) == text
        assert not any(tag in plain_tip(text) for tag in ("<img", "<b>", "<qt>"))
