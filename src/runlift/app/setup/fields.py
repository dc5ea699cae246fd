"""One widget per settings key, read and written as the plain values ``settings_io`` parses.

The widgets never judge a value: whatever the runner types goes to the engine's parser, and
its message comes back to the field. That keeps one owner for every rule about settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import QTime, Signal
from PySide6.QtGui import QCursor, QFocusEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from runlift.app.setup.date_field import DateField
from runlift.plan.distance_io import race_distance_text, volume_text
from runlift.plan.model import (
    WEEKDAYS,
    Equipment,
    Mode,
    Settings,
    Units,
)
from runlift.plan.race_io import format_race_result

# The fields asked in the runner's own unit (the settings keep kilometres, DESIGN.md).
UNIT_FIELDS: dict[str, dict[Units, tuple[str, str]]] = {
    "weekly_km": {
        Units.KM: ("Weekly km now", "e.g. 30"),
        Units.MI: ("Weekly miles now", "e.g. 20"),
    },
    "long_run_km": {
        Units.KM: ("Longest run (km)", "e.g. 12"),
        Units.MI: ("Longest run (mi)", "e.g. 8"),
    },
}


class Field:
    """A settings key, its widget, and how to read/write its value as plain text."""

    def __init__(self, key: str, widget: QWidget) -> None:
        self.key = key
        self.widget = widget

    def value(self) -> Any:
        return _read(self.widget)

    def load(self, settings_values: dict[str, Any]) -> None:
        self.widget.blockSignals(True)
        try:
            _write(self.widget, settings_values.get(self.key))
        finally:
            self.widget.blockSignals(False)


class EquipmentBox(QWidget):
    """A check box per piece of kit; bodyweight is always there (settings_io adds it)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for number, kit in enumerate(Equipment):
            box = QCheckBox(kit.value)
            box.setEnabled(kit is not Equipment.BODYWEIGHT)
            box.toggled.connect(self.changed)
            self.boxes[kit.value] = box
            layout.addWidget(box, number // 2, number % 2)

    def names(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]

    def set_names(self, names: list[str]) -> None:
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in names or name == Equipment.BODYWEIGHT.value)
            box.blockSignals(False)


def settings_values(settings: Settings) -> dict[str, Any]:
    """What each field shows for these settings (display forms, e.g. ``half`` not 21.0975)."""
    values: dict[str, Any] = {
        "mode": settings.mode.value,
        "race_date": settings.race_date,
        "distance_km": race_distance_text(settings.distance_km, settings.units),
        "base_weeks": settings.base_weeks or 12,
        "start": settings.start,
        "weekly_km": volume_text(settings.weekly_km, settings.units),
        "long_run_km": (
            ""
            if settings.long_run_km is None
            else volume_text(settings.long_run_km, settings.units)
        ),
        "runs_per_week": settings.runs,
        "long_run_day": settings.long_run_day,
        "rest_day": settings.rest,
        "strength_per_week": settings.strength_per_week,
        "strength_minutes": str(settings.strength_minutes),
        "core_per_week": settings.core_per_week,
        "equipment": [e.value for e in settings.equipment],
        "recent_race": format_race_result(settings.recent_race) if settings.recent_race else "",
        "unavailable": _compact_dates(settings.unavailable),
        "units": settings.units.value,
        "timezone": settings.timezone,
    }
    for day, times in zip(WEEKDAYS, settings.times, strict=True):
        values[f"{day}_am"] = times.am
        values[f"{day}_pm"] = times.pm
    return values


def in_units(text: str, units: Units) -> str:
    """What the runner typed into a field that asks in their unit, with that unit for the
    parser (``20`` → ``20 mi``): the parser converts it and names its bounds in that unit."""
    text = text.strip()
    if not text or text.lower().endswith(("km", "mi")):  # empty, or a unit of their own
        return text
    return f"{text} {units.value}"


def _compact_dates(days: tuple[date, ...]) -> str:
    """Runs of consecutive dates as ``first..last`` (the form the parser reads back)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()}..{r[-1].isoformat()}"
        for r in runs
    )


# -- widget factories --------------------------------------------------------------------
def combo(items: list[tuple[str, Any]], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    # Long entries (time zones) must not widen the whole form.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    for text, data in items:
        box.addItem(text, data)
    return box


def mode_combo() -> QComboBox:
    return combo([("Race", Mode.RACE.value), ("Base (no race)", Mode.BASE.value)])


def weekday_combo() -> QComboBox:
    return combo([(day.title(), day) for day in WEEKDAYS])


def distance_combo() -> QComboBox:
    names = [("5k", "5k"), ("10k", "10k"), ("half", "half"), ("marathon", "marathon")]
    box = combo(names, editable=True)
    box.setToolTip("5k, 10k, half, marathon or a distance like 15km or 50mi")
    return box


def units_combo() -> QComboBox:
    return combo([("kilometres", Units.KM.value), ("miles", Units.MI.value)])


def strength_combo() -> QComboBox:
    items: list[tuple[str, Any]] = [("auto (from minutes)", None)]
    return combo(items + [(str(n), n) for n in range(4)])


class TimezoneCombo(QComboBox):
    """An editable time-zone box whose ~600 names are read when the runner first opens it or
    types in it, not at start-up (the names come from the disk)."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setMaxVisibleItems(20)
        self.filled = False

    def fill(self) -> None:
        if self.filled:
            return
        self.filled = True
        text = self.currentText()
        self.blockSignals(True)
        try:
            self.addItems(sorted(available_timezones()))
            row = self.findText(text)
            if row >= 0:
                self.setCurrentIndex(row)
            self.setEditText(text)
        finally:
            self.blockSignals(False)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.fill()  # the completer offers the names while typing
        super().focusInEvent(event)


def timezone_combo() -> TimezoneCombo:
    return TimezoneCombo()


def spin(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    return box


def date_edit(optional_text: str | None = None) -> DateField:
    """A day typed or picked; an optional one left empty shows ``optional_text``."""
    return DateField(optional_text)


def time_edit() -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    return edit


def line_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def connect_changed(
    widget: QWidget, typed: Callable[..., None], picked: Callable[..., None]
) -> None:
    """Call ``picked`` for a choice made in one go (a drop-down pick, a spin-box step, a check
    box) and ``typed`` for text the runner may still be writing (loading blocks both)."""
    if isinstance(widget, EquipmentBox):
        widget.changed.connect(picked)
    elif isinstance(widget, DateField):
        widget.picked.connect(picked)  # read when the field is left, not at each key
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(picked)
        if widget.isEditable():
            widget.editTextChanged.connect(typed)
    elif isinstance(widget, QDateEdit):
        widget.dateChanged.connect(typed)
    elif isinstance(widget, QTimeEdit):
        widget.timeChanged.connect(typed)
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(picked)
    elif isinstance(widget, QLineEdit):
        widget.textChanged.connect(typed)


# -- reading and writing any of the widgets above ----------------------------------------
def _read(widget: QWidget) -> Any:
    if isinstance(widget, EquipmentBox):
        return widget.names()
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return widget.currentText()
        return widget.currentData()
    if isinstance(widget, DateField):
        return widget.text()  # read as a day by the form, which names the field in an error
    if isinstance(widget, QTimeEdit):
        return widget.time().toString("HH:mm")
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(f"no reader for {type(widget).__name__}")


def _write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, EquipmentBox):
        widget.set_names(list(value or []))
    elif isinstance(widget, QComboBox):
        _write_combo(widget, value)
    elif isinstance(widget, DateField):
        widget.set_day(value or None)
    elif isinstance(widget, QTimeEdit):
        widget.setTime(QTime(value.hour, value.minute))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value or ""))


def _write_combo(box: QComboBox, value: Any) -> None:
    row = box.findData(value)
    if row < 0 and box.isEditable():
        box.setEditText(str(value or ""))
    else:
        box.setCurrentIndex(max(row, 0))


def keep_in_place(area: QScrollArea, change: Callable[[], None]) -> None:
    """Show or hide a line in the form without moving the field the runner is reaching for
    (the one under the pointer, else the one being typed in): the form scrolls by what the
    line adds above it, so an error does not move the next field away just as it is clicked."""
    content = area.widget()
    candidates = [QApplication.widgetAt(QCursor.pos()), QApplication.focusWidget()]
    anchor = next((w for w in candidates if w is not None and content is not None
                   and content.isAncestorOf(w)), None)  # fmt: skip
    if anchor is None or content is None:
        change()
        return
    before = anchor.mapTo(content, anchor.rect().topLeft()).y()
    change()
    layout = content.layout()
    if layout is not None:
        layout.activate()
    after = anchor.mapTo(content, anchor.rect().topLeft()).y()
    bar = area.verticalScrollBar()
    bar.setMaximum(max(bar.maximum(), content.height() - area.viewport().height()))
    bar.setValue(bar.value() + after - before)
