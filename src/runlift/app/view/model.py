"""The plan as a table: one row per week, a week column, then Monday … Sunday.

Each day cell carries the sessions of that day (``SESSIONS_ROLE``), its date, and the broken
rules that concern it, so the view can paint chips and the tests can read the same data
without any widget.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from runlift.app.view.chips import chip_label
from runlift.plan.content.describe import format_distance
from runlift.plan.model import WEEKDAYS, Phase, Plan, Session, Slot, Violation, Week

SESSIONS_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
WEEK_ROLE = Qt.ItemDataRole.UserRole + 3
VIOLATIONS_ROLE = Qt.ItemDataRole.UserRole + 4
IS_TODAY_ROLE = Qt.ItemDataRole.UserRole + 5
WEEK_KM_ROLE = Qt.ItemDataRole.UserRole + 6  # the week's running with the race in it
FREE_DAY_ROLE = Qt.ItemDataRole.UserRole + 7  # a day of the plan with nothing on it
FREE_DAY = "Rest"  # what such a day says: no session is a rest day too

WEEK_COLUMN = 0
_SLOT_ORDER = {Slot.AM: 0, Slot.ALLDAY: 1, Slot.PM: 2}
_TODAY_BACKGROUND = "#fff59d"

Index = QModelIndex | QPersistentModelIndex


def week_label(week: Week) -> str:
    """``Race week``, ``3 wk to race`` (race mode) or ``Week 5`` (base mode)."""
    if week.to_race is None:
        return f"Week {week.index}"
    if week.to_race == 0:
        return "Race week"
    return f"{week.to_race} wk to race"


def week_marks(week: Week) -> str:
    """The phase, plus the taper and strength cut-back marks a runner looks for (T1, T3)."""
    marks = [week.phase.value.title()]
    if week.cutback and week.phase is not Phase.TAPER:
        marks.append("cutback")
    if week.strength_cutback:
        marks.append("strength cut-back")
    return " · ".join(marks)


class PlanTableModel(QAbstractTableModel):
    """Weeks × days of one plan; read-only, rebuilt whenever the plan changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self._today: date | None = None
        self._by_day: dict[date, tuple[Session, ...]] = {}
        self._violations_by_day: dict[date, tuple[Violation, ...]] = {}
        self._week_km: dict[date, float] = {}  # week start → its running, race included

    # -- feeding ---------------------------------------------------------------------------
    def set_plan(self, plan: Plan | None, today: date | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._today = today
        self._by_day = sessions_by_day(plan)
        self._violations_by_day = _violations_by_day(plan)
        # once per plan, not at every paint of a week cell
        self._week_km = {w.start: plan.shown_km(w) for w in plan.weeks} if plan else {}
        self.endResetModel()

    @property
    def plan(self) -> Plan | None:
        return self._plan

    # -- lookups used by the view and the tests --------------------------------------------
    def day_of(self, index: Index) -> date | None:
        if not index.isValid() or index.column() == WEEK_COLUMN or self._plan is None:
            return None
        week = self._plan.weeks[index.row()]
        return week.start + timedelta(days=index.column() - 1)

    def index_of_date(self, day: date) -> QModelIndex:
        if self._plan is None:
            return QModelIndex()
        for row, week in enumerate(self._plan.weeks):
            offset = (day - week.start).days
            if 0 <= offset < 7:
                return self.index(row, offset + 1)
        return QModelIndex()

    def index_of_session(self, session_id: str) -> QModelIndex:
        session = self._plan.session(session_id) if self._plan else None
        return self.index_of_date(session.date) if session else QModelIndex()

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        return self._by_day.get(day, ())

    def rows_where(self, predicate: Callable[[Week], bool]) -> list[int]:
        weeks = self._plan.weeks if self._plan else ()
        return [row for row, week in enumerate(weeks) if predicate(week)]

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._plan is None else len(self._plan.weeks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(WEEKDAYS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return "Week" if section == WEEK_COLUMN else WEEKDAYS[section - 1].title()
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != WEEK_COLUMN:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None:
            return None
        week = self._plan.weeks[index.row()]
        if role == WEEK_ROLE:
            return week
        if index.column() == WEEK_COLUMN:
            return self._week_data(week, role)
        day = week.start + timedelta(days=index.column() - 1)
        return self._day_data(day, role)

    def _week_data(self, week: Week, role: int) -> Any:
        if role == WEEK_KM_ROLE:
            return self._week_km.get(week.start, week.run_km)
        if role == Qt.ItemDataRole.DisplayRole:
            plan = self._plan
            km = self._week_km.get(week.start, week.run_km)
            volume = format_distance(km, plan.settings.units) if plan else ""
            return f"{week_label(week)}\n{week_marks(week)} · {volume}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Starts {week.start:%a %d %b %Y}; phase {week.phase.value}"
        return None

    def _day_data(self, day: date, role: int) -> Any:
        sessions = self._by_day.get(day, ())
        if role == SESSIONS_ROLE:
            return sessions
        if role == DATE_ROLE:
            return day
        if role == VIOLATIONS_ROLE:
            return self._violations_by_day.get(day, ())
        if role == IS_TODAY_ROLE:
            return day == self._today
        if role == FREE_DAY_ROLE:
            return not sessions and self._in_plan(day)
        if role == Qt.ItemDataRole.DisplayRole:
            units = self._plan.settings.units if self._plan else None
            if not sessions and self._in_plan(day):
                return FREE_DAY
            return " · ".join(chip_label(s, units) for s in sessions if units)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._day_tooltip(day, sessions)
        if role == Qt.ItemDataRole.BackgroundRole and day == self._today:
            return QColor(_TODAY_BACKGROUND)
        return None

    def _in_plan(self, day: date) -> bool:
        plan = self._plan
        if plan is None or not plan.sessions:
            return False
        first = plan.settings.start or plan.sessions[0].date
        return first <= day <= plan.sessions[-1].date

    def _day_tooltip(self, day: date, sessions: tuple[Session, ...]) -> str:
        lines = [f"{day:%a %d %b %Y}", *(s.title for s in sessions)]
        lines += [f"⚠ {v.rule}: {v.message}" for v in self._violations_by_day.get(day, ())]
        return "\n".join(lines)


def sessions_by_day(plan: Plan | None) -> dict[date, tuple[Session, ...]]:
    """Each day's sessions in the order of the day: morning, all-day, evening."""
    grouped: dict[date, list[Session]] = defaultdict(list)
    for session in plan.sessions if plan else ():
        grouped[session.date].append(session)
    return {day: tuple(sorted(items, key=_session_order)) for day, items in grouped.items()}


def _session_order(session: Session) -> tuple[int, str, str]:
    start = session.start.isoformat() if session.start else ""
    return (_SLOT_ORDER[session.slot], start, session.id)


def _violations_by_day(plan: Plan | None) -> dict[date, tuple[Violation, ...]]:
    if plan is None:
        return {}
    grouped: dict[date, list[Violation]] = defaultdict(list)
    for violation in plan.warnings:
        day = violation.date
        if violation.session_id:
            session = plan.session(violation.session_id)
            day = session.date if session else day
        if day is not None:
            grouped[day].append(violation)
    return {day: tuple(items) for day, items in grouped.items()}
