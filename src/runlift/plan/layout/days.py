"""Which days of a week can hold runs, and which of them hold the long run and the quality runs."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from runlift.plan.content.steps import (
    Paces,
    round_km_up,
)
from runlift.plan.model import (
    KM_PER_MILE,
    WEEKDAYS,
    Mode,
    PaceRange,
    Phase,
    Settings,
    Units,
)
from runlift.plan.targets.readiness import (
    MIN_RUN_KM,
    race_class,
)
from runlift.plan.targets.weeks import WeekTarget

ONE_DAY = timedelta(days=1)


# Preferred weekdays for quality runs when spacing is equal: Tue, Thu, Wed, Sat, Fri, Mon, Sun.
QUALITY_DAY_ORDER = (1, 3, 2, 5, 4, 0, 6)


@dataclass(frozen=True)
class RunContext:
    """What every week's run layout needs to know about the whole plan."""

    settings: Settings
    start: date
    end: date
    paces: dict[str, PaceRange] | None
    race_pace: PaceRange | None
    usable: Callable[[date], bool]  # in the plan and not unavailable
    progress: Counter[str] = field(default_factory=Counter)  # V9: sessions met so far, by kind

    @functools.cached_property
    def workout_paces(self) -> Paces:
        if self.paces is None:
            return Paces(None)
        zones = {**self.paces, "RP": self.race_pace or self.paces["M"]}
        return Paces(zones)

    @property
    def unit_km(self) -> float:
        """Runs are rounded to half a unit: 0.5 km, or 0.5 mi with miles chosen."""
        return KM_PER_MILE if self.settings.units is Units.MI else 1.0

    @property
    def shortest_run_km(self) -> float:
        """V10: runs as short as 2 km; in miles the half mile at or above it (1.5 mi)."""
        return round_km_up(MIN_RUN_KM, self.unit_km)

    @property
    def race(self) -> str:
        distance = self.settings.distance_km
        return race_class(distance) if distance and self.settings.mode is Mode.RACE else "base"


def run_days(ctx: RunContext, week_start: date, race_week: bool = False) -> list[date]:
    """Days of the week a run may go on: usable, not the rest day, not the race eve (T4)."""
    rest = WEEKDAYS.index(ctx.settings.rest)
    race = ctx.settings.race_date
    eve = race - ONE_DAY if race is not None and not race_week else None
    days = [week_start + timedelta(days=i) for i in range(7)]
    return [d for d in days if d.weekday() != rest and ctx.usable(d) and d != eve]


def _long_options(ctx: RunContext, target: WeekTarget) -> list[date]:
    if target.phase is Phase.RACE or ctx.settings.runs < 2:
        return []
    options = run_days(ctx, target.start)
    if ctx.settings.race_date is not None:  # keep the taper's easy days before race week
        options = [d for d in options if d < ctx.settings.race_date - 2 * ONE_DAY]
    return options


def choose_long_dates(ctx: RunContext, targets: Sequence[WeekTarget]) -> dict[int, date | None]:
    """The long-run day of every week, or the nearest usable day when it is unavailable.

    A moved long run never lands next to another week's long run or the race (V4).
    """
    day_index = WEEKDAYS.index(ctx.settings.long_run_day)
    chosen: dict[int, date | None] = {}
    for target in targets:
        preferred = target.start + timedelta(days=day_index)
        chosen[target.index] = preferred if preferred in _long_options(ctx, target) else None
    for target in targets:
        if chosen[target.index] is not None or target.lead_in:
            continue
        taken = {d for d in chosen.values() if d is not None}
        if ctx.settings.race_date is not None:
            taken.add(ctx.settings.race_date)
        preferred = target.start + timedelta(days=day_index)
        options = [
            d for d in _long_options(ctx, target) if all(abs((d - t).days) >= 2 for t in taken)
        ]
        if options:
            chosen[target.index] = min(
                options, key=lambda d: (abs((d - preferred).days), d < preferred)
            )
    return chosen


def pick_quality_dates(candidates: Sequence[date], hard_dates: set[date], count: int) -> list[date]:
    """V4: hard days with at least one easy or rest day between them, spread out."""
    chosen: list[date] = []
    if not candidates:
        return chosen
    nearby = {h for h in hard_dates if abs((h - candidates[0]).days) <= 10}
    for _ in range(count):
        taken = nearby | set(chosen)
        free = [d for d in candidates if all(abs((d - h).days) >= 2 for h in taken)]
        if not free:
            break
        chosen.append(min(free, key=functools.partial(_spread_key, taken=taken)))
    return sorted(chosen)


def _spread_key(day: date, taken: set[date]) -> tuple[int, int]:
    gap = min((abs((day - h).days) for h in taken), default=7)
    return (-min(gap, 3), QUALITY_DAY_ORDER.index(day.weekday()))


def spread_easy(days: Sequence[date], count: int) -> list[date]:
    """Pick ``count`` easy days spread over the week (deterministic)."""
    if count >= len(days):
        return list(days)
    if count <= 0:
        return []
    step = len(days) / count
    return sorted({days[int(i * step)] for i in range(count)})
