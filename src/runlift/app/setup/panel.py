"""The setup form: the runner's race and week. Changes apply live, one field at a time: a pick
(drop-down, spin box, check box) at once, typed text after a short pause.

A value the engine refuses is marked at its field with the engine's own message and the plan
stays as it was; the other fields keep working. Distances are asked in the runner's unit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.setup import fields as sf
from runlift.app.setup.date_field import DateField
from runlift.app.setup.plan_name import PlanNameField
from runlift.errors import SettingsError
from runlift.plan.content.describe import format_distance
from runlift.plan.model import WEEKDAYS, Mode, Settings, Units
from runlift.plan.paces import format_pace_range, goal_pace, training_paces, vdot_from_race
from runlift.plan.race_io import parse_race_result, race_default_km
from runlift.plan.settings_io import settings_from_dict
from runlift.plan.targets.readiness import current_long_run, long_run_out_of_share

DEBOUNCE_MS = 300  # typed text only: a pick applies at once
_RACE_KEYS = ("race_date", "distance_km")
_CLEARABLE: dict[str, Any] = {
    "start": None, "strength_per_week": None, "recent_race": None, "long_run_km": None,
}  # fmt: skip
_INVALID_STYLE = "border: 2px solid #d32f2f; border-radius: 3px;"
RESULT_EXAMPLE = "e.g. 10k 50:00 or half 1:45:00"


class SetupPanel(QScrollArea):
    """Every setting of the plan, edited in place; the plan follows as you type."""

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.fields: dict[str, sf.Field] = {}
        self._errors: dict[str, QLabel] = {}
        self._questions: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        self._marks: dict[str, str] = {}  # marked field → the changed field that caused it
        self._pending: list[str] = []
        self.applying = False  # True while this panel pushes changes (not an undo)
        self._shown = state.document.settings  # the settings the form's unmarked fields show
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_pending)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)
        self.setWidget(self._build())
        self.load(state.document.settings)

    # -- public ------------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        """Show these settings (after Open, New) and drop any marks."""
        values = sf.settings_values(settings)
        for field in self.fields.values():
            field.load(values)
        for key in list(self._marks):
            self._clear(key)
        self._pending.clear()
        self._shown = settings
        self._update_mode_rows(settings.mode.value)
        self._show_units(settings.units)
        self._ask(settings)

    def follow(self, settings: Settings) -> None:
        """Undo/redo moved: show settings now in force, only if they changed.

        A plan edit changes no setting, so nothing is reloaded; a field showing a refused
        value keeps it and its mark, so the runner can still fix what was typed.
        """
        if settings == self._shown:
            return
        values = sf.settings_values(settings)
        for key, field in self.fields.items():
            if key not in self._marks:
                field.load(values)
        self._pending = [key for key in self._pending if key in self._marks]
        self._shown = settings
        self._update_mode_rows(self.fields["mode"].value())
        self._show_units(settings.units)
        self._ask(settings)

    def apply_pending(self) -> None:
        """Apply the fields changed since the last call (the debounce timer calls this)."""
        self._timer.stop()
        pending, self._pending = self._pending, []
        self.applying = True
        try:
            applied = [key for key in pending if self._apply_field(key)]
            if applied:  # a fixed field may make an earlier refused value valid again
                for origin in sorted(set(self._marks.values()) - set(pending)):
                    self._apply_field(origin)
                self._clear_stale()
        finally:
            self.applying = False
            self._shown = self._state.document.settings

    def error_text(self, key: str) -> str:
        label = self._errors[key]
        return label.text() if key in self._marks else ""

    def is_marked(self, key: str) -> bool:
        return key in self._marks

    def caption(self, key: str) -> str:
        """The label in front of a field (it names the unit the field asks for)."""
        return self._captions[key].text()

    # -- applying ----------------------------------------------------------------------------
    def _changed(self, key: str, at_once: bool = False) -> None:
        if key not in self._pending:
            self._pending.append(key)
        if key == "mode":
            self._update_mode_rows(self.fields["mode"].value())
        if key == "recent_race":
            self._update_paces()
        if at_once:
            self.apply_pending()
        else:
            self._timer.start()

    def _apply_field(self, key: str) -> bool:
        current = self._state.document.settings
        try:
            settings = self._parse(key, current)
        except SettingsError as error:
            self._mark(error, key)
            return False
        refused = self._state.change_settings(settings, key)
        if refused is not None:
            self._mark(refused, key)
            return False
        for marked, origin in list(self._marks.items()):
            if key in (marked, origin):
                self._clear(marked)
        if key == "units":
            self._reload_in_units(settings)
        self._ask(settings)
        return True

    def question_text(self, key: str) -> str:
        """What the form asks under a field whose value was taken but does not fit (or "")."""
        label = self._questions.get(key)
        return label.text() if label is not None and not label.isHidden() else ""

    def _ask(self, settings: Settings) -> None:
        """V3: a longest run over ~60% of the weekly km is taken, and asked about at the field."""
        label = self._questions["long_run_km"]
        if long_run_out_of_share(settings) and settings.long_run_km is not None:
            units = settings.units
            given = format_distance(settings.long_run_km, units)
            week = format_distance(settings.weekly_km, units)
            start = format_distance(current_long_run(settings), units)
            label.setText(
                f"{given} is more than half of {week} a week: is that right? The plan starts "
                f"the long run at {start}."
            )
            label.show()
        else:
            label.hide()

    def _reload_in_units(self, settings: Settings) -> None:
        """Units switched: the distance fields show the same distances in the new unit."""
        values = sf.settings_values(settings)
        for key in (*sf.UNIT_FIELDS, "distance_km"):
            if key not in self._marks and key not in self._pending:
                self.fields[key].load(values)
        self._show_units(settings.units)

    def _parse(self, key: str, base: Settings) -> Settings:
        value = self.fields[key].value()
        widget = self.fields[key].widget
        if isinstance(widget, DateField):  # as typed, in the order the locale writes dates
            value = widget.day(key)
        if key in _CLEARABLE and (value is None or value == ""):
            cleared: dict[str, Any] = {key: _CLEARABLE[key]}
            return replace(base, **cleared)
        if key in sf.UNIT_FIELDS:  # typed in the unit the label asks for
            value = sf.in_units(value, base.units)
        values: dict[str, Any] = {key: value}
        if key == "mode":  # switching mode brings that mode's own fields along
            keys = _RACE_KEYS if value == Mode.RACE.value else ("base_weeks",)
            values.update({k: self.fields[k].value() for k in keys})
        return settings_from_dict(values, base)

    def _clear_stale(self) -> None:
        """Drop marks on fields whose shown value is the one in force after an accepted change."""
        current = self._state.document.settings
        for key in list(self._marks):
            try:
                stale = self._parse(key, current) == current
            except SettingsError:
                stale = False
            if stale:
                self._clear(key)

    def _mark(self, error: SettingsError, changed: str) -> None:
        """Only the refused field is marked: the other field the rule names still holds a
        value that is in force, and the message names both."""
        for key in (changed,):
            self._marks[key] = changed
            self._errors[key].setText(error.message)
            sf.keep_in_place(self, self._errors[key].show)
            widget = self.fields[key].widget
            widget.setProperty("invalid", True)
            widget.setStyleSheet(_INVALID_STYLE)
            widget.setToolTip(error.message)

    def _clear(self, key: str) -> None:
        self._marks.pop(key, None)
        self._errors[key].hide()
        widget = self.fields[key].widget
        widget.setProperty("invalid", False)
        widget.setStyleSheet("")
        widget.setToolTip("")

    # -- live extras -------------------------------------------------------------------------
    def _update_mode_rows(self, mode: str) -> None:
        race = mode == Mode.RACE.value
        for key in (*_RACE_KEYS, "base_weeks"):
            form, cell = self._rows[key]
            form.setRowVisible(cell, race == (key != "base_weeks"))

    def _show_units(self, units: Units) -> None:
        """Labels, hints and paces in the unit of the plan."""
        for key, words in sf.UNIT_FIELDS.items():
            label, hint = words[units]
            self._captions[key].setText(label)
            self.fields[key].widget.setPlaceholderText(hint)  # type: ignore[attr-defined]
        self._update_paces()

    def _update_paces(self) -> None:
        """P1/P2: the VDOT and training paces of the race typed so far, as you type."""
        text = self.fields["recent_race"].value().strip()
        settings = self._state.document.settings
        units = settings.units
        if not text:
            self.paces_label.setText("No race result: sessions are described by effort (P3).")
            return
        try:
            result = parse_race_result(text, units=units, default_km=race_default_km(settings))
            vdot = vdot_from_race(result.distance_km, result.seconds)
        except SettingsError as error:
            self.paces_label.setText(error.message)
            return
        # Two paces a line: a side panel's width, and no pace is broken after its slash.
        each = [format_pace_range(p, units) for p in training_paces(vdot).values()]
        if settings.mode is Mode.RACE and settings.distance_km:  # the race's pace, as its runs say
            each.append(format_pace_range(goal_pace(vdot, settings.distance_km), units))
        lines = [" · ".join(each[i : i + 2]) for i in range(0, len(each), 2)]
        self.paces_label.setText("\n".join([f"VDOT {vdot:.1f}", *lines]))

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> QWidget:
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        self.plan_name = PlanNameField(self._state)  # the document's name, not a setting
        layout.addWidget(self.plan_name.row())
        layout.addWidget(self._group("Goal", self._goal_fields()))
        layout.addWidget(self._group("Running", self._running_fields()))
        layout.addWidget(self._group("Strength", self._strength_fields()))
        layout.addWidget(self._paces_group())
        layout.addWidget(self._times_group())
        layout.addWidget(self._group("Calendar", self._calendar_fields()))
        layout.addStretch(1)
        return body

    def _goal_fields(self) -> list[tuple[str, str, QWidget]]:
        return [
            ("mode", "Plan for", sf.mode_combo()),
            ("race_date", "Race date", sf.date_edit()),
            ("distance_km", "Distance", sf.distance_combo()),
            ("base_weeks", "Weeks", sf.spin(1, 104)),
            ("start", "Start", sf.date_edit("today")),
        ]

    def _running_fields(self) -> list[tuple[str, str, QWidget]]:
        return [
            ("weekly_km", "Weekly km now", sf.line_edit()),  # hints: in the plan's unit
            ("long_run_km", "Longest run (km)", sf.line_edit()),
            ("runs_per_week", "Runs a week", sf.spin(1, 7)),
            ("long_run_day", "Long-run day", sf.weekday_combo()),
            ("rest_day", "Rest day", sf.weekday_combo()),
        ]

    def _strength_fields(self) -> list[tuple[str, str, QWidget]]:
        return [
            ("strength_per_week", "Sessions a week", sf.strength_combo()),
            ("strength_minutes", "Minutes each", sf.line_edit("e.g. 45")),
            ("core_per_week", "Extra core sessions", sf.spin(0, 3)),
            ("equipment", "Equipment", sf.EquipmentBox()),
        ]

    def _calendar_fields(self) -> list[tuple[str, str, QWidget]]:
        return [
            ("units", "Units", sf.units_combo()),
            ("timezone", "Timezone", sf.timezone_combo()),
            ("unavailable", "Unavailable", sf.line_edit("2027-02-01..2027-02-05, 2027-03-10")),
        ]

    def _group(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: label above
        for key, label, widget in rows:
            caption = QLabel(label)
            cell = self._register(key, widget)
            form.addRow(caption, cell)
            caption.setBuddy(widget)
            self._rows[key] = (form, cell)
            self._captions[key] = caption
        return group

    def _register(self, key: str, widget: QWidget) -> QWidget:
        """The widget with its error line underneath (hidden while the value is fine)."""
        self.fields[key] = sf.Field(key, widget)
        sf.connect_changed(
            widget,
            lambda *_signal_args, key=key: self._changed(key),
            lambda *_signal_args, key=key: self._changed(key, at_once=True),
        )
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet("color: #d32f2f;")
        error.hide()
        self._errors[key] = error
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        if key in ("long_run_km",):  # a value taken, but asked about
            question = QLabel()
            question.setWordWrap(True)
            question.setStyleSheet("color: #8a5a00;")
            question.hide()
            self._questions[key] = question
            box.addWidget(question)
        return cell

    def _paces_group(self) -> QGroupBox:
        group = QGroupBox("Recent race and paces")
        form = QFormLayout(group)
        widget = sf.line_edit(RESULT_EXAMPLE)  # a time alone is over the race distance
        form.addRow("Result", self._register("recent_race", widget))
        self.paces_label = QLabel()
        self.paces_label.setWordWrap(True)
        self.paces_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Paces", self.paces_label)
        return group

    def _times_group(self) -> QGroupBox:
        group = QGroupBox("Training times")
        grid = QGridLayout(group)
        grid.addWidget(QLabel("Morning"), 0, 1)
        grid.addWidget(QLabel("Evening"), 0, 2)
        for row, day in enumerate(WEEKDAYS, start=1):
            grid.addWidget(QLabel(day.title()), row, 0)
            for column, slot in enumerate(("am", "pm"), start=1):
                grid.addWidget(self._register(f"{day}_{slot}", sf.time_edit()), row, column)
        return group
