"""The Open buttons of the address fields: only safe addresses go to the browser, and the
window says why another is not opened, or that no browser could open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from test_mainwindow import open_window, row_of_title  # tests/app is on sys.path

from reviewer.app.context import AppContext
from reviewer.app.mainwindow import MainWindow
from reviewer.core.links import MAX_URL_LENGTH


@pytest.fixture
def window(
    qtbot: QtBot, context: AppContext, tmp_path: Path, make_article: Callable[..., Path]
) -> MainWindow:
    folder = tmp_path / "links"
    folder.mkdir()
    make_article(folder, "story", title="A story")
    window = open_window(qtbot, context, folder)
    window.select_row(row_of_title(window, "A story"))
    return window


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://user:pw@example.org/", "user name or password"),
        ("https://example.org/" + "a" * 100_000, f"over {MAX_URL_LENGTH:,} characters"),
        ("javascript:alert(1)", "Only http:// and https://"),
        ("file:///etc/passwd", "Only http:// and https://"),
    ],
)
def test_a_refused_address_says_why_in_the_window(
    window: MainWindow, opened: list[QUrl], url: str, reason: str
) -> None:
    field = window.detail.fields.web_url
    field.line.setText(url)
    assert field.open_button.isEnabled()
    field.open_button.click()
    assert opened == []
    message = window.statusBar().currentMessage()
    assert message.startswith("Not opened: ") and reason in message
    assert url not in message


def test_no_browser_is_said(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    field = window.detail.fields.original_url
    assert not field.open_url()
    assert "No web browser" in window.statusBar().currentMessage()


def test_a_good_address_is_opened(window: MainWindow, opened: list[QUrl]) -> None:
    window.detail.fields.original_url.open_button.click()
    assert opened == [QUrl("https://example.org/story")]  # originalUrl
