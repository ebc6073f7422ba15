"""The status bar: counts, load progress with a cancel button, and what is still prepared."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

#: ``set_progress`` moves the bar in this many steps at most.
PROGRESS_STEPS = 50
#: Work derived from the rows after a load is named in the status bar once it has taken
#: this long (ms): a moment's work shows nothing.
WORKING_AFTER_MS = 700


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
        self.working = QLabel(self)
        self.working.setObjectName("derived-work")
        self._working_timer = QTimer(self, singleShot=True, interval=WORKING_AFTER_MS)
        self._working_timer.timeout.connect(self.working.show)
        self.addPermanentWidget(self.working)
        self.working.hide()
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
            # QProgressBar paints itself at once in setValue, and that paint takes the
            # window's pending repaints with it (the table, while a load brings rows:
            # 16 ms a step at 100,000 rows): the new value is painted with the next paint.
            self.progress.setUpdatesEnabled(False)
            self.progress.setValue(value)
            self.progress.setUpdatesEnabled(True)

    def stop_progress(self) -> None:
        """Hide the progress bar."""
        self.progress.hide()
        self.cancel.hide()

    def set_working(self, parts: list[str]) -> None:
        """Name the structures still being worked out from the rows (``parts``; none: hide
        the note), shown only once the work has taken WORKING_AFTER_MS."""
        if not parts:
            self._working_timer.stop()
            self.working.hide()
            return
        self.working.setText(f"Preparing {', '.join(parts)}…")
        self.working.setToolTip(
            "Worked out from the rows in the background: "
            + ", ".join(parts)
            + ".\nThe table can be used meanwhile; searches, the sidebar's counts and the "
            "report are complete once this note is gone."
        )
        if not self.working.isVisible() and not self._working_timer.isActive():
            self._working_timer.start()

    def set_counts(self, shown: int, unpublished: int, modified: int, errors: int = 0) -> None:
        """Update the counts label."""
        text = f"{shown:,} shown · {unpublished:,} unpublished · {modified:,} modified"
        if errors:
            text += f" · {errors:,} with errors"
        self.counts.setText(text)
