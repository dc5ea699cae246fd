"""A session chip's menu in the plan table: move it to another day, skip or restore it, edit
its distance."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from runlift.plan.content.describe import distance_in_units
from runlift.plan.distance_io import bounds_in, parse_amount
from runlift.plan.model import Kind, Session, Units


class ChipActions(Protocol):
    """What the menu's entries do: the plan table's own edits."""

    def has_day(self, day: date) -> bool: ...
    def move_session(self, session_id: str, day: date) -> None: ...
    def skip_session(self, session_id: str, skip: bool = True) -> None: ...
    def change_distance(self, session_id: str, km: float) -> None: ...


def session_menu(parent: QWidget, view: ChipActions, session: Session, units: Units) -> QMenu:
    """A chip's menu: move it to a day of its fortnight, skip or restore it, edit its distance."""
    menu = QMenu(parent)
    move = menu.addMenu("Move to")
    monday = session.date - timedelta(days=session.date.weekday())
    for offset in range(-7, 14):
        day = monday + timedelta(days=offset)
        if day != session.date and view.has_day(day):
            action = move.addAction(f"{day:%a %d %b}")
            action.triggered.connect(lambda _=False, d=day: view.move_session(session.id, d))
    if session.kind is Kind.RACE:
        move.setEnabled(False)
    skip = menu.addAction("Restore" if session.skipped else "Skip")
    skip.triggered.connect(lambda: view.skip_session(session.id, not session.skipped))
    skip.setEnabled(session.kind is not Kind.RACE)
    if session.is_run and session.kind is not Kind.RACE:
        distance = menu.addAction("Edit distance…")
        distance.triggered.connect(lambda: ask_distance(parent, view, session, units))
    return menu


def ask_distance(parent: QWidget, view: ChipActions, session: Session, units: Units) -> None:
    shown = distance_in_units(session.distance_km or 5.0, units)
    if units is Units.MI:  # runs in miles go in half-mile steps, as runners write them
        shown = round(shown * 2) / 2
    low, high = bounds_in("distance", units)  # what the edit then takes
    value, ok = QInputDialog.getDouble(
        parent, "Edit distance", f"{session.title} ({units.value}):", shown, low, high, 1,
        Qt.WindowType.Dialog, 0.5,
    )  # fmt: skip
    if ok:
        km = parse_amount(value, "distance", units, bare=units)  # the plan's own reading
        view.change_distance(session.id, km)
