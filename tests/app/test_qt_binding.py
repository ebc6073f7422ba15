"""Guards against a broken Qt binding release (see the PySide6 pin in pyproject.toml)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a None reference per call and crashed the app."""
    line = QLineEdit()
    qtbot.addWidget(line)
    before = sys.getrefcount(None)
    for _ in range(200):
        line.setToolTip("x")
    assert sys.getrefcount(None) - before > -50
