"""What every rule check looks at: the plan, its days, and which weeks are whole."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from runlift.plan.constraints import day_map
from runlift.plan.model import Kind, Mode, Plan, Session, Settings, Severity, Violation, Week


@dataclass
class RuleContext:
    plan: Plan
    days: dict[date, list[Session]] = field(init=False)
    _active: list[Session] = field(init=False, repr=False)  # not skipped, by date
    _dates: list[date] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.days = day_map(self.plan.sessions)
        self._active = sorted((s for s in self.plan.sessions if not s.skipped),
                              key=lambda s: s.date)  # fmt: skip
        self._dates = [s.date for s in self._active]

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @property
    def start(self) -> date:
        return self.settings.start or self.plan.weeks[0].start

    @property
    def end(self) -> date:
        if self.settings.mode is Mode.RACE and self.settings.race_date is not None:
            return self.settings.race_date
        return self.plan.weeks[-1].start + timedelta(days=6)

    def sessions(self, kind: Kind | None = None) -> list[Session]:
        """The sessions not skipped (of one kind), by date."""
        return [s for s in self._active if kind is None or s.kind is kind]

    def between(self, first: date, end: date, kind: Kind | None = None) -> list[Session]:
        """The sessions not skipped from ``first`` up to, not including, ``end``, by date."""
        found = self._active[bisect_left(self._dates, first) : bisect_left(self._dates, end)]
        return [s for s in found if kind is None or s.kind is kind]

    def week_sessions(self, week: Week, kind: Kind | None = None) -> list[Session]:
        return self.between(week.start, week.start + timedelta(days=7), kind)

    def week_days(self, week: Week) -> list[date]:
        return [week.start + timedelta(days=i) for i in range(7)]

    def is_whole(self, week: Week) -> bool:
        """Starts inside the plan and has no unavailable day (race week may be one)."""
        days = self.week_days(week)
        return days[0] >= self.start and not set(self.settings.unavailable).intersection(days)

    def is_full_week(self, week: Week) -> bool:
        """Wholly inside the plan, no unavailable day, not race week."""
        days = self.week_days(week)
        unavailable = set(self.settings.unavailable)
        return (
            days[0] >= self.start
            and days[-1] <= self.end
            and not unavailable.intersection(days)
            and week.to_race != 0
        )

    def at(self, session: Session, rule: str, severity: Severity, message: str) -> Violation:
        return Violation(
            rule, severity, f"{session.date:%a %d %b}: {message}.", session.date, session.id
        )
