"""The status bar: counts, and load progress with a cancel button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

#: ``set_progress`` moves the bar in this many steps at most: each one is painted at once
#: (QProgressBar repaints in setValue), and while a load brings rows that paint takes the
#: window's pending repaints with it: 14 ms a step at 100,000 rows, 1 s a load at 200 steps.
PROGRESS_STEPS = 50


class StatusBar(QStatusBar):
    """Shows "N shown · U unpublished · M modified" and, while loading or saving, progress.

    Signals:
        cancel_requested(): the user clicked Cancel on the progress.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("Reading %v of %m")
        self.progress.setToolTip("Reading the folder's files; rows appear as they are read")
        self.cancel = QToolButton(self)
        self.cancel.setText("Cancel")
        self.cancel.setToolTip("Stop reading the folder (rows already read stay)")
        self.cancel.clicked.connect(self.cancel_requested)
        self.addPermanentWidget(self.counts)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel)
        self.stop_progress()

    def start_progress(self, total: int, text: str = "Reading %v of %m") -> None:
        """Show a progress bar for ``total`` files (``text``: "Saving %v of %m" for a save)."""
        reading = text.startswith("Reading")
        self.progress.setFormat(text)
        self.progress.setToolTip(
            "Reading the folder's files; rows appear as they are read"
            if reading
            else "Saving the modified files; edits wait until it is done"
        )
        self.cancel.setToolTip(
            "Stop reading the folder (rows already read stay)"
            if reading
            else "Stop saving (the files not saved yet keep their changes)"
        )
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel.show()

    def set_progress(self, done: int) -> None:
        """``done`` files were handled so far (the bar is moved, and painted, only when it
        moves by PROGRESS_STEPS-th of the whole or reaches the end: a load reports often)."""
        most = self.progress.maximum()
        value = min(done, most)
        step = max(most // PROGRESS_STEPS, 1)
        if value == most or value // step != self.progress.value() // step:
            self.progress.setValue(value)

    def advance(self, count: int) -> None:
        """``count`` more files were read."""
        self.progress.setValue(min(self.progress.value() + count, self.progress.maximum()))

    def stop_progress(self) -> None:
        """Hide the progress bar."""
        self.progress.hide()
        self.cancel.hide()

    def set_counts(self, shown: int, unpublished: int, modified: int, errors: int = 0) -> None:
        """Update the counts label."""
        text = f"{shown:,} shown · {unpublished:,} unpublished · {modified:,} modified"
        if errors:
            text += f" · {errors:,} with errors"
        self.counts.setText(text)
