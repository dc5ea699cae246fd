"""The runs of one week: long run, quality runs, easy runs, race and shake-out (V3-V5, T4)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from runlift.plan.describe import describe_run, pace_name, run_title
from runlift.plan.model import (
    WEEKDAYS,
    Kind,
    Mode,
    PaceRange,
    Phase,
    Session,
    Settings,
    Severity,
    Slot,
    Violation,
)
from runlift.plan.periodize import (
    LONG_RUN_CAP_KM,
    LONG_RUN_CAP_MIN,
    WeekTarget,
    long_run_share,
    race_class,
)

ONE_DAY = timedelta(days=1)
DEFAULT_EASY_S_PER_KM = 390  # "about 6:30/km" when there is no race result to pace from
# Preferred weekdays for quality runs when spacing is equal: Tue, Thu, Wed, Sat, Fri, Mon, Sun.
QUALITY_DAY_ORDER = (1, 3, 2, 5, 4, 0, 6)
# T2-style long-run share of the peak long run in the taper weeks (by weeks to race).
TAPER_LONG = {"marathon": {2: 0.80, 1: 0.60}, "half": {1: 0.75}}


@dataclass(frozen=True)
class RunContext:
    """What every week's run layout needs to know about the whole plan."""

    settings: Settings
    start: date
    end: date
    paces: dict[str, PaceRange] | None
    race_pace: PaceRange | None
    usable: Callable[[date], bool]  # in the plan and not unavailable


def half_km(value: float) -> float:
    """Round down to 0.5 km: a plan never rounds a run up past a limit."""
    return int(value * 2) / 2


def run_days(ctx: RunContext, week_start: date, race_week: bool = False) -> list[date]:
    """Days of the week a run may go on: usable, not the rest day, not the race eve (T4)."""
    rest = WEEKDAYS.index(ctx.settings.rest_day)
    race = ctx.settings.race_date
    eve = race - ONE_DAY if race is not None and not race_week else None
    days = [week_start + timedelta(days=i) for i in range(7)]
    return [d for d in days if d.weekday() != rest and ctx.usable(d) and d != eve]


def _long_options(ctx: RunContext, target: WeekTarget) -> list[date]:
    if target.phase is Phase.RACE or ctx.settings.runs_per_week < 2:
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
        if chosen[target.index] is not None:
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


def quality_count(settings: Settings, phase: Phase) -> int:
    """V4: at most two quality runs a week besides the long run."""
    runs = settings.runs_per_week
    full = 2 if runs >= 5 else 1 if runs >= 3 else 0
    if settings.mode is Mode.BASE or phase in (Phase.BASE, Phase.RACE):
        return min(full, 1)
    return full


def quality_kinds(settings: Settings, phase: Phase, week_index: int) -> tuple[Kind, Kind]:
    if settings.mode is Mode.BASE:
        return (Kind.THRESHOLD if week_index % 2 else Kind.HILLS, Kind.STRIDES)
    long_race = settings.distance_km is not None and settings.distance_km >= 15
    specific = Kind.RACE_PACE if long_race else Kind.INTERVALS
    return {
        Phase.BASE: (Kind.HILLS, Kind.THRESHOLD),
        Phase.BUILD: (Kind.THRESHOLD, specific),
        Phase.PEAK: (specific, Kind.THRESHOLD),
        Phase.TAPER: (specific, Kind.THRESHOLD),
        Phase.RACE: (Kind.RACE_PACE, Kind.RACE_PACE),
    }[phase]


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


def pace_for(ctx: RunContext, kind: Kind) -> PaceRange | None:
    """P2/P3: the pace of a run, or None when there is no recent race."""
    if ctx.paces is None:
        return None
    name = pace_name(kind)
    if name == "RP":
        return ctx.race_pace or ctx.paces["M"]  # base mode has no race: marathon pace
    return ctx.paces[name]


def run_minutes(ctx: RunContext, kind: Kind, km: float) -> int:
    easy = DEFAULT_EASY_S_PER_KM
    if ctx.paces is not None:
        e = ctx.paces["E"]
        easy = (e.min_s_per_km + e.max_s_per_km) // 2
    per_km = easy * 0.92 if kind in (Kind.THRESHOLD, Kind.INTERVALS, Kind.RACE_PACE) else easy
    return max(15, round(km * per_km / 60 / 5) * 5)


def long_run_km(ctx: RunContext, target: WeekTarget, history_km: float, peak_long: float) -> float:
    """V1/V3: the long run grows at most ~10% and stays under the caps."""
    settings = ctx.settings
    cls = race_class(settings.distance_km) if settings.distance_km else "half"
    if target.phase is Phase.TAPER and target.to_race is not None:
        taper_share = TAPER_LONG.get(cls, {}).get(target.to_race, 0.65)
        return max(3.0, half_km(peak_long * taper_share))
    # V3: about 30% of the week (a third for the marathon's long run); a runner who already
    # runs longer keeps that distance until the volume catches up.
    ratio = long_run_share(settings.distance_km)
    cap = LONG_RUN_CAP_KM[cls] if settings.mode is Mode.RACE else 22.0
    cap_min = LONG_RUN_CAP_MIN[cls] if settings.mode is Mode.RACE else None
    if cap_min is not None:
        per_km = run_minutes(ctx, Kind.LONG, 10.0) / 10
        cap = min(cap, cap_min / per_km)
    share = target.target_km * ratio
    if target.target_km < 50:  # a low-volume runner keeps the long run they already have
        share = max(share, min(settings.long_run_km, target.target_km * 0.45))
    km = min(cap, history_km * 1.08, share)
    if target.cutback:
        km *= 0.80
    return max(3.0, half_km(km))


def make_run(
    ctx: RunContext, kind: Kind, day: date, km: float, phase: Phase, why: str, slot: Slot = Slot.AM
) -> Session:
    units = ctx.settings.units
    pace = pace_for(ctx, kind)
    times = ctx.settings.day_times(day)
    return Session(
        id="",
        date=day,
        slot=slot,
        start=times.am if slot is Slot.AM else times.pm,
        minutes=run_minutes(ctx, kind, km),
        kind=kind,
        title=run_title(kind, km, units),
        description=describe_run(kind, km, units, pace, phase, why),
        why=why,
        distance_km=km,
        pace=pace,
    )


def lost_warning(kind: Kind, target: WeekTarget) -> Violation:
    rule = "V3" if kind is Kind.LONG else "V4"
    what = "the long run" if kind is Kind.LONG else "a quality run"
    return Violation(
        rule,
        Severity.WARNING,
        f"Week {target.index}: {what} did not fit around your unavailable days and was left out.",
        target.start,
    )


WHY = {
    Kind.THRESHOLD: "A hard day with easy days around it: hard days hard, easy days easy (V4).",
    Kind.INTERVALS: "A hard day with easy days around it: hard days hard, easy days easy (V4).",
    Kind.HILLS: "Hills build strength and form; easy days around it let you absorb it (V4).",
    Kind.RACE_PACE: "Practising race pace on a hard day, with easy days around it (V4).",
    Kind.EASY: "An easy day between hard days, so the hard days can be good.",
    Kind.STRIDES: "An easy day with strides: leg speed without fatigue.",
}


@dataclass(frozen=True)
class WeekRuns:
    runs: tuple[Session, ...]
    warnings: tuple[Violation, ...]


def distances(
    volume: float, long_km: float, n_quality: int, n_easy: int, runs: int
) -> tuple[float, float]:
    """Quality and easy run distances that add up to about the week's volume."""
    quality = min(long_km, max(3.0, min(14.0, max(4.0, volume * 0.16), volume * 0.25)))
    spare = volume - long_km - quality * n_quality
    easy_min = max(2.0, min(3.0, volume / max(runs, 1), spare / max(n_easy, 1)))
    easy = spare / n_easy if n_easy else 0.0
    easy = min(max(easy, easy_min), max(easy_min, long_km * 0.85))
    return half_km(quality), half_km(easy)


def lay_out_week(
    ctx: RunContext,
    target: WeekTarget,
    long_date: date | None,
    hard_dates: set[date],
    long_km: float,
) -> WeekRuns:
    """The runs of one ordinary (non-race) week."""
    settings = ctx.settings
    days = run_days(ctx, target.start)
    warnings: list[Violation] = []
    runs: list[Session] = []
    if long_date is None and settings.runs_per_week >= 2:
        warnings.append(lost_warning(Kind.LONG, target))
    n_long = 1 if long_date is not None else 0
    free = [d for d in days if d != long_date]
    wanted_quality = quality_count(settings, target.phase)
    quality_dates = pick_quality_dates(free, hard_dates, wanted_quality)
    if len(quality_dates) < wanted_quality and len(days) < 7 - 1:
        warnings.append(lost_warning(Kind.THRESHOLD, target))
    hard_dates.update(quality_dates)
    easy_dates = [d for d in free if d not in quality_dates]
    n_easy = settings.runs_per_week - n_long - len(quality_dates)
    doubles = 1 if settings.runs_per_week == 7 and n_easy > len(easy_dates) else 0
    n_easy = min(n_easy, len(easy_dates) + doubles)
    q_km, e_km = distances(
        target.target_km, long_km, len(quality_dates), n_easy, settings.runs_per_week
    )
    long_km = _long_within_share(ctx, long_km, q_km * len(quality_dates) + e_km * n_easy)
    if long_date is not None:
        why = _long_why(ctx, long_date)
        runs.append(make_run(ctx, Kind.LONG, long_date, long_km, target.phase, why))
    kinds = quality_kinds(settings, target.phase, target.index)
    for i, day in enumerate(quality_dates):
        runs.append(make_run(ctx, kinds[i], day, q_km, target.phase, WHY[kinds[i]]))
    chosen_easy = spread_easy(easy_dates, n_easy - doubles)
    strides_week = target.phase in (Phase.BUILD, Phase.PEAK) or settings.mode is Mode.BASE
    for i, day in enumerate(chosen_easy):
        kind = Kind.STRIDES if strides_week and i == 0 and not target.cutback else Kind.EASY
        runs.append(make_run(ctx, kind, day, e_km, target.phase, WHY[kind]))
    if doubles and chosen_easy:
        day = chosen_easy[-1]
        why = "A second short easy run: seven runs fit six days with a double (V5 rest day kept)."
        runs.append(
            make_run(ctx, Kind.EASY, day, max(2.0, half_km(e_km * 0.6)), target.phase, why, Slot.PM)
        )
    if target.taper_fraction is not None:
        runs = _fit_taper(ctx, runs, target)
    return WeekRuns(tuple(runs), tuple(warnings))


def _fit_taper(ctx: RunContext, runs: list[Session], target: WeekTarget) -> list[Session]:
    """T1/T2: a taper week really cuts volume, at the cost of one run day at most."""
    total = sum(r.distance_km or 0.0 for r in runs)
    if total <= target.target_km:
        return runs
    easy = [r for r in runs if r.kind in (Kind.EASY, Kind.STRIDES)]
    if easy:
        runs = [r for r in runs if r is not easy[-1]]
        total = sum(r.distance_km or 0.0 for r in runs)
    factor = min(1.0, target.target_km / total) if total else 1.0
    return [
        make_run(
            ctx, r.kind, r.date, max(2.0, half_km((r.distance_km or 0) * factor)),
            target.phase, r.why, r.slot,
        )
        for r in runs
    ]  # fmt: skip


def _long_within_share(ctx: RunContext, long_km: float, others_km: float) -> float:
    """V3: the long run about 30% of what the week really holds (a third for a marathon).

    Under 50 km a week, a runner keeps the long run they already run (a warning, not an error).
    """
    share = long_run_share(ctx.settings.distance_km)
    cap = half_km(others_km * share / (1 - share))
    if others_km + long_km < 50:
        cap = max(cap, min(long_km, ctx.settings.long_run_km))
    return max(3.0, min(long_km, cap))


def spread_easy(days: Sequence[date], count: int) -> list[date]:
    """Pick ``count`` easy days spread over the week (deterministic)."""
    if count >= len(days):
        return list(days)
    if count <= 0:
        return []
    step = len(days) / count
    return sorted({days[int(i * step)] for i in range(count)})


def _long_why(ctx: RunContext, day: date) -> str:
    preferred = ctx.settings.long_run_day
    if WEEKDAYS[day.weekday()] == preferred:
        return f"Your long-run day ({day:%A}): the key endurance session of the week."
    return (
        f"Moved from your long-run day to {day:%A} because {preferred.title()} is unavailable "
        "this week."
    )
