"""Stage 2 of the engine for the whole plan: every week's runs, then the weekly rest day.

Each week is laid out in turn (``week.py``, ``race_week.py``); a cut-back week is kept lower than
the full week before it (V2), and the taper is sized from the peak the runner really ran (T2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta

from runlift.plan.layout.days import RunContext, choose_long_dates
from runlift.plan.layout.race_week import lay_out_race_week
from runlift.plan.layout.week import WeekRuns, lay_out_week
from runlift.plan.model import (
    WEEKDAYS,
    Kind,
    Phase,
    Session,
    Settings,
    Slot,
    Violation,
)
from runlift.plan.targets.weeks import WeekTarget, taper_peak


def _km(runs: Iterable[Session]) -> float:
    return sum(r.distance_km or 0.0 for r in runs)


def _lower_than(week: WeekRuns, full_km: float) -> WeekRuns:
    """V2: a cut-back week really is lower than the full week before it; at the smallest
    volumes, where every run is already as short as a run gets, it drops an easy run."""
    runs = list(week.runs)
    easy = [r for r in runs if r.kind in (Kind.EASY, Kind.STRIDES)]
    while easy and len(runs) > 1 and _km(runs) > full_km * 0.9:
        runs.remove(easy.pop(0))
    return WeekRuns(tuple(runs), week.warnings)


def _days_left(start: date) -> float:
    return (7 - start.weekday()) / 7


def lay_out_runs(
    ctx: RunContext, targets: tuple[WeekTarget, ...]
) -> tuple[list[Session], list[Violation]]:
    """Every week's runs in date order, and the notes of sessions that found no day."""
    long_dates = choose_long_dates(ctx, targets)
    hard_dates = {d for d in long_dates.values() if d is not None}
    if ctx.settings.race_date is not None:
        hard_dates.add(ctx.settings.race_date)
    runs: list[Session] = []
    notes: list[Violation] = []
    peak_km = 0.0
    last_full_km = ctx.settings.weekly_km
    week: WeekRuns = WeekRuns((), ())
    for target in targets:
        if target.taper_fraction is not None:  # T2: a share of the peak the runner really ran
            peak = taper_peak([peak_km], ctx.settings.weekly_km)
            target = replace(target, target_km=peak * target.taper_fraction)
            if target.index == 1:  # V11: a plan that starts mid-week in its taper
                target = replace(target, target_km=target.target_km * _days_left(ctx.start))
        if target.phase is Phase.RACE:
            week = lay_out_race_week(ctx, target, hard_dates, week.runs)
        else:
            week = lay_out_week(ctx, target, long_dates[target.index], hard_dates)
        if target.cutback:
            week = _lower_than(week, last_full_km)
        elif target.taper_fraction is None:
            last_full_km = _km(week.runs)
        if target.taper_fraction is None and not target.lead_in:
            peak_km = max(peak_km, _km(week.runs))
        runs += week.runs
        notes += week.warnings
    return runs, notes


def rest_days(
    settings: Settings, targets: Iterable[WeekTarget], usable: Callable[[date], bool]
) -> list[Session]:
    """V5: the runner's full rest day, as an (optional, transparent) calendar entry."""
    offset = WEEKDAYS.index(settings.rest)
    why = "Full rest: no run, no strength. Adaptation happens when you rest (V5)."
    days = [t.start + timedelta(days=offset) for t in targets]
    return [
        Session(
            id="",
            date=day,
            slot=Slot.ALLDAY,
            start=None,
            minutes=0,
            kind=Kind.REST,
            title="Rest day",
            description=f"No training today.\n\nWhy today: {why}",
            why=why,
        )
        for day in days
        if usable(day) and day != settings.race_date
    ]
