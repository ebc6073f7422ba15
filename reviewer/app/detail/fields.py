"""Small field widgets for the detail pane, and the pure helpers behind them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QRect, QSize, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QIcon, QWheelEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from reviewer.app import icons
from reviewer.app.detail.colors import CHANGED_COLOR
from reviewer.app.openurl import open_in_browser
from reviewer.app.plaintext import plain_tip
from reviewer.app.table.model import local_time
from reviewer.core.dates import to_datetime
from reviewer.core.document import MISSING
from reviewer.core.fields import published_state, publishes
from reviewer.core.links import url_problem

_NO_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0), QTimeZone.utc())


def display_text(value: Any) -> str:
    """A front-matter value as a text field shows it ("" for missing or null)."""
    if value is MISSING or value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def zone_name(when: dt.datetime) -> str:
    """The zone a datetime is written in: "UTC", "UTC+02:00", or "no zone in file"."""
    offset = when.utcoffset()
    if offset is None:
        return "no zone in file"
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def revert_icon() -> QIcon:
    """The icon of the per-field revert buttons (the theme's undo icon when there is one)."""
    return QIcon.fromTheme("edit-undo")


class FieldLabel(QLabel):
    """A field's label; bold with a coloured marker while the field has an unsaved change."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._text = text
        self._changed = False

    def set_changed(self, changed: bool) -> None:
        """Show or clear the unsaved-change marker."""
        if changed == self._changed:
            return
        self._changed = changed
        self.setText(f"{self._text} ●" if changed else self._text)
        self.setStyleSheet(f"color: {CHANGED_COLOR}; font-weight: bold;" if changed else "")

    def is_changed(self) -> bool:
        """True while the marker is shown."""
        return self._changed


class RevertButton(QToolButton):
    """A small button that puts one field back to its value on disk."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = revert_icon()
        if icon.isNull():
            self.setText("↺")
        else:
            self.setIcon(icon)
        self.setAutoRaise(True)
        self.setToolTip("Revert to the value on disk")
        self.setAccessibleName(f"Revert {field}")
        self.setEnabled(False)


class WrapLayout(QBoxLayout):
    """A row of widgets that becomes a column when its width cannot hold them side by side,
    so that a narrow detail pane wraps instead of scrolling sideways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight, parent)

    def _items_min(self) -> list[int]:
        items = [self.itemAt(i) for i in range(self.count())]
        return [item.minimumSize().width() for item in items if item is not None]

    def _row_width(self) -> int:
        widths = self._items_min()
        margins = self.contentsMargins()
        spacing = max(self.spacing(), 0) * max(len(widths) - 1, 0)
        return sum(widths) + spacing + margins.left() + margins.right()

    def minimumSize(self) -> QSize:
        margins = self.contentsMargins()
        width = max(self._items_min(), default=0) + margins.left() + margins.right()
        return QSize(width, super().minimumSize().height())

    def setGeometry(self, rect: QRect) -> None:
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if rect.width() >= self._row_width()
            else QBoxLayout.Direction.TopToBottom
        )
        if self.direction() != wanted:
            self.setDirection(wanted)
        super().setGeometry(rect)


def field_row(*widgets: QWidget, stretch_first: bool = True) -> QWidget:
    """Widgets side by side in one form row; the first takes the spare width unless told not to."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    first, *rest = widgets
    layout.addWidget(first, 1 if stretch_first else 0)
    if not stretch_first:
        layout.addStretch(1)  # keeps the last widget (the revert button) at the right edge
    for widget in rest:
        layout.addWidget(widget)
    return row


class PublishedToggle(QPushButton):
    """A prominent on/off button for ``published`` (Space toggles it when focused).

    Signals:
        edited(bool): the user switched it.
    """

    edited = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setMinimumWidth(150)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(
            "QPushButton { padding: 5px 14px; font-weight: bold; }"
            "QPushButton:checked { background-color: #2e9d5b; color: white;"
            " border: 1px solid #23794a; border-radius: 4px; }"
        )
        self.clicked.connect(self.edited)
        self.toggled.connect(self._update_look)
        self.show_value(MISSING)

    def show_value(self, value: Any) -> None:
        """Show the file's value (True, False, MISSING or anything else) as Jekyll reads
        it: published unless false or null; "(not set)" when not true or false."""
        self._unset = not isinstance(value, bool)
        self._state = published_state(value)
        self.setChecked(publishes(value))
        self._update_look(self.isChecked())

    def _update_look(self, checked: bool) -> None:
        unset = " (not set)" if self._unset else ""
        if checked:
            self.setText("Published" + unset)
            self.setIcon(icons.icon("published"))
        else:
            self.setText("Unpublished" + unset)
            self.setIcon(icons.icon("unpublished"))
        state = "shown on the site" if checked else "hidden from the site"
        self.setToolTip(
            f"The article is {state}. Click or press Space to switch."
            + (f"\n{self._state}" if self._unset else "")
        )


def _wheel_when_focused(widget: QWidget, event: QWheelEvent) -> bool:
    """Pass a wheel event on to the scroll area unless ``widget`` has the focus.

    Scrolling the form must not change the value under the pointer by accident.
    """
    if widget.hasFocus():
        return False
    event.ignore()
    return True


class FieldCombo(QComboBox):
    """An editable combo box that takes the wheel only when focused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Change the value only when focused; otherwise let the form scroll."""
        if not _wheel_when_focused(self, event):
            super().wheelEvent(event)


class _DateTimeEdit(QDateTimeEdit):
    def wheelEvent(self, event: QWheelEvent) -> None:
        if not _wheel_when_focused(self, event):
            super().wheelEvent(event)


class NullableSpinBox(QSpinBox):
    """An integer field whose lowest value stands for "no value" and reads "(none)"."""

    LIMIT = 1_000_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-self.LIMIT, self.LIMIT)
        self.setSpecialValueText("(none)")
        self.setValue(self.minimum())
        self.setAccelerated(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Change the value only when focused; otherwise let the form scroll."""
        if not _wheel_when_focused(self, event):
            super().wheelEvent(event)

    def show_value(self, value: Any) -> None:
        """Show an integer, or "(none)" for anything else."""
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        self.setValue(self.minimum() if number is None else number)

    def number(self) -> int | None:
        """The value, or None when "(none)" is shown."""
        return None if self.value() == self.minimum() else self.value()

    def stepBy(self, steps: int) -> None:
        """Stepping away from "(none)" starts at 0, not at minus a million."""
        if self.value() == self.minimum() and steps > 0:
            self.setValue(0)
            steps -= 1
        super().stepBy(steps)


class DateTimeField(QWidget):
    """publishedDateTime, edited in the file's own zone, with that zone named beside it.

    Signals:
        edited(object): a new datetime (same tzinfo as before; naive stays naive), or a
            date when the file holds a date only.
    """

    edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateTimeEdit(self)
        self.edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.edit.setCalendarPopup(True)
        # The edit shows wall-clock fields; UTC has no daylight-saving gaps to skip over.
        if hasattr(self.edit, "setTimeZone"):  # Qt 6.7 and later
            self.edit.setTimeZone(QTimeZone.utc())
        else:
            self.edit.setTimeSpec(Qt.TimeSpec.UTC)
        self.edit.setMinimumDateTime(_NO_DATE)
        self.edit.setSpecialValueText("(none)")
        self.zone = QLabel(self)
        self.now = QToolButton(self)
        self.now.setText("Now")
        self.now.setToolTip("Set to the current time, in the file's zone")
        layout = WrapLayout(self)  # the zone and Now go under the date when narrow
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(field_row(self.zone, self.now, stretch_first=False))
        self._old: Any = MISSING
        self._filling = False
        self.edit.dateTimeChanged.connect(self._on_edit_changed)
        self.now.clicked.connect(self._on_now_clicked)
        self.show_value(MISSING)

    def show_value(self, value: Any) -> None:
        """Show the file's value in its own zone."""
        self._old = value
        when = to_datetime(value)
        date_only = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        self.edit.setDisplayFormat("yyyy-MM-dd" if date_only else "yyyy-MM-dd HH:mm:ss")
        if when is None:
            shown = _NO_DATE
            if value is MISSING or value is None:
                self.zone.setText("not set")
                tip = "The file has no date yet; a new date is written in UTC."
            else:
                self.zone.setText("unreadable date")
                tip = f"The file's value could not be read as a date: {value!r}"
        else:
            shown = QDateTime(
                QDate(when.year, when.month, when.day),
                QTime(when.hour, when.minute, when.second),
                QTimeZone.utc(),
            )
            self.zone.setText("date only" if date_only else zone_name(when))
            if when.tzinfo is None:
                tip = "The file gives no time zone; the time is shown as written."
            else:
                local = dt.datetime.now().astimezone().tzname() or "local"
                tip = f"In your time zone ({local}): {local_time(when)}"
        self.edit.setToolTip(plain_tip(tip))  # it may quote the file's value
        self.zone.setToolTip(plain_tip(f"The time zone the file writes this date in.\n{tip}"))
        if self.edit.dateTime() != shown:
            self._filling = True
            try:
                self.edit.setDateTime(shown)
            finally:
                self._filling = False

    def _on_edit_changed(self, value: QDateTime) -> None:
        if self._filling or value == _NO_DATE:
            return
        date, time = value.date(), value.time()
        fields = (date.year(), date.month(), date.day(), time.hour(), time.minute(), time.second())
        self.edited.emit(self._build(*fields))

    def _on_now_clicked(self) -> None:
        old = to_datetime(self._old)
        zone = dt.timezone.utc if old is None else old.tzinfo
        now = dt.datetime.now(zone) if zone is not None else dt.datetime.now()
        self.edited.emit(
            self._build(now.year, now.month, now.day, now.hour, now.minute, now.second)
        )

    def _build(self, *fields: int) -> dt.date:
        old = self._old
        if isinstance(old, dt.date) and not isinstance(old, dt.datetime):
            return dt.date(*fields[:3])
        when = to_datetime(old)
        zone = dt.timezone.utc if when is None else when.tzinfo
        micro = 0 if when is None else when.microsecond
        year, month, day, hour, minute, second = fields
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


class UrlField(QWidget):
    """An address field with an Open button that opens only the addresses ``url_problem``
    (in the core) allows; why another is not opened shows in the window's status bar.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("https://…")
        self.open_button = QToolButton(self)
        self.open_button.setText("Open")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.open_button)
        self.line.textChanged.connect(self._update_button)
        self.open_button.clicked.connect(self.open_url)
        self._update_button(self.line.text())

    def _update_button(self, text: str) -> None:
        # Enabled for any address, so that a click on one that is refused says why.
        problem = url_problem(text)
        self.open_button.setEnabled(bool(text.strip()))
        tip = f"Not opened: {problem}" if problem else f"Open {text.strip()} in your web browser"
        self.open_button.setToolTip(plain_tip(tip))

    def open_url(self) -> bool:
        """Open the address in the browser; True when the desktop says it did.

        A refused address (see ``url_problem``) is not handed on; that, or no browser to
        open it with, is said in the window.
        """
        message = open_in_browser(self.line.text())
        if message is not None:
            self._tell(message)
            return False
        return True

    def _tell(self, message: str) -> None:
        """Say ``message`` in the main window's status bar (the button's tooltip without one)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10_000)
        else:
            self.open_button.setToolTip(plain_tip(message))
