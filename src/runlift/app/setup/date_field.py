"""A day the runner types or picks: ``2026-12-27``, ``27.12.2026`` or ``12/27/2026`` in the
order their locale writes dates, and a calendar to pick from that is wide enough for its
header. What was typed is read when the field is left (Enter, Tab, a click elsewhere), so a
half-typed year never becomes a plan."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from runlift.errors import SettingsError
from runlift.plan.date_io import read_day


def locale_month_first(locale: QLocale | None = None) -> bool | None:
    """Whether the locale writes a slash date month first (``12/27/2026``); None where it
    writes no slash dates, so a slash date that could be two days is asked about."""
    shape = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "/" not in shape:
        return None
    return shape.lower().find("m") < shape.lower().find("d")


class DateField(QWidget):
    """``text()`` is what is in the field; ``day(field)`` reads it (SettingsError)."""

    picked = Signal()  # a day picked in the calendar, or typed and the field left

    def __init__(self, optional_text: str | None = None) -> None:
        super().__init__()
        self.optional_text = optional_text
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(optional_text or "YYYY-MM-DD")
        self.edit.setToolTip("Type a date (2026-12-27, 27.12.2026) or pick one with ▾")
        self.edit.editingFinished.connect(self._left)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Pick the day in a calendar")
        self.button.clicked.connect(self.show_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked_in_calendar)
        self.calendar.activated.connect(self._picked_in_calendar)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self._last = ""

    # -- reading and writing ---------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text().strip()

    def day(self, field: str) -> date | None:
        """The day typed (None: empty, for an optional date)."""
        if not self.text():
            return None
        return read_day(self.text(), field, locale_month_first(self.locale()))

    def set_day(self, day: date | None) -> None:
        self.edit.setText(day.isoformat() if day else "")
        self._last = self.text()

    def date(self) -> QDate:  # a QDateEdit's reading, for code that wants one
        try:
            day = self.day("date")
        except SettingsError:  # not a day (yet): no date, as an empty QDateEdit has
            return QDate()
        return QDate(day.year, day.month, day.day) if day else QDate()

    def setDate(self, day: QDate) -> None:
        self.set_day(_python_day(day))
        self.picked.emit()

    # -- the calendar ----------------------------------------------------------------------
    def show_calendar(self) -> None:
        """The calendar under the field, on the day in it, wide enough for its month header."""
        shown = self.date()
        if shown.isValid():
            self.calendar.setSelectedDate(shown)
        hint = self.calendar.sizeHint()
        self.calendar.resize(max(hint.width(), self.width(), 300), max(hint.height(), 220))
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked_in_calendar(self, day: QDate) -> None:
        self.calendar.hide()
        self.set_day(_python_day(day))
        self.picked.emit()

    def _left(self) -> None:
        if self.text() != self._last:
            self._last = self.text()
            self.picked.emit()


def _python_day(day: QDate) -> date | None:
    return date(day.year(), day.month(), day.day()) if day.isValid() else None
