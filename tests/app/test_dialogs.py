"""The error dialog helper, the excepthook and the show-both comparison."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from reviewer.app import dialogs
from reviewer.core.document import Document
from reviewer.core.store import read_article


def test_error_dialog_has_details_and_copies(qtbot: QtBot) -> None:
    box = dialogs.error_dialog(
        None, "“a.md” could not be saved: permission denied", "a.md: details"
    )
    qtbot.addWidget(box)
    assert box.detailedText() == "a.md: details"
    copy = next(b for b in box.buttons() if b.text() == "Copy")
    copy.click()
    assert "permission denied" in QGuiApplication.clipboard().text()
    assert "a.md: details" in QGuiApplication.clipboard().text()
    assert box.isVisible()  # copying does not close the box


def test_excepthook_shows_and_logs(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "error_dialog", lambda _p, m, d="": shown.append((m, d)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    dialogs.install_excepthook()
    try:
        raise ValueError("boom")
    except ValueError:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(*sys.exc_info())
    assert "boom" in shown[0][0] and "edits are still here" in shown[0][0]
    assert "ValueError: boom" in shown[0][1]
    assert "ValueError: boom" in caplog.text


def test_show_both_diffs_theirs_against_mine(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, articles: Path
) -> None:
    path = articles / "alpha-story.md"
    document = Document(read_article(path))
    document.set(("published",), True)
    path.write_bytes(path.read_bytes().replace(b"quality: 10", b"quality: 12"))
    seen: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        text = dialog.findChild(QPlainTextEdit)
        assert text is not None
        seen.append(text.toPlainText())
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    dialogs.show_both(None, document, read_article(path))  # type: ignore[arg-type]
    changed = [
        line
        for line in seen[0].splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == ["-published: false", "+published: true"]  # their quality: 12 is kept


@pytest.mark.parametrize(
    ("button", "answer"),
    [
        (QMessageBox.StandardButton.Save, dialogs.Unsaved.SAVE),
        (QMessageBox.StandardButton.Discard, dialogs.Unsaved.DISCARD),
        (QMessageBox.StandardButton.Cancel, dialogs.Unsaved.CANCEL),
    ],
)
def test_ask_unsaved_maps_buttons(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    button: QMessageBox.StandardButton,
    answer: dialogs.Unsaved,
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: button.value)
    assert dialogs.ask_unsaved(None, 3) is answer  # type: ignore[arg-type]
