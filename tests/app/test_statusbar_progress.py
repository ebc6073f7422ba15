"""The status bar's progress moves without painting at once (a paint during a load takes
the table's pending repaints with it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer.app.statusbar import StatusBar


class Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_progress_is_painted_with_the_next_paint_not_in_set_progress(qtbot: QtBot) -> None:
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.start_progress(1000)
    qtbot.waitExposed(bar)
    QApplication.processEvents()
    paints = Paints()
    bar.progress.installEventFilter(paints)
    bar.set_progress(500)
    assert bar.progress.value() == 500
    assert paints.count == 0  # not painted inside the call
    qtbot.waitUntil(lambda: paints.count > 0, timeout=2000)  # but soon after
