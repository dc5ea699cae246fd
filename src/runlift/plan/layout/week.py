"""The runs of one week: long run, quality runs and easy runs (V3-V5, V9-V11)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from runlift.plan.content.describe import describe_run, run_title
from runlift.plan.content.steps import (
    Built,
    easy_run,
    long_run,
    nearest_km,
    quality_run,
    round_km,
    run_minutes,
    strides_run,
)
from runlift.plan.layout.days import (
    ONE_DAY,
    RunContext,
    pick_quality_dates,
    run_days,
    spread_easy,
)
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
from runlift.plan.targets.readiness import (
    EASY_UNDER_LONG,
    MIN_RUN_KM,
    current_long_run,
    is_novice,
)
from runlift.plan.targets.weeks import WeekTarget, run_growth_limit

# V4: the fast part of a quality session against the week (Daniels: T up to ~10%, I ~8%).
WORK_SHARE = {Kind.THRESHOLD: 0.14, Kind.INTERVALS: 0.10, Kind.RACE_PACE: 0.18, Kind.HILLS: 0.06}
QUALITY_OVER_EASY = 1.0  # a quality session as long as the week's other runs


def quality_count(settings: Settings, target: WeekTarget) -> int:
    """V4: at most two quality runs a week besides the long run; V10: one at most, and none
    at first, for a beginner; none in a lead-in week (V11)."""
    runs = settings.runs
    full = 2 if runs >= 5 else 1 if runs >= 3 else 0
    if target.lead_in:
        return 0
    if is_novice(settings):
        return 0 if target.phase is Phase.BASE and target.step < 3 else min(full, 1)
    if settings.mode is Mode.BASE or target.phase in (Phase.BASE, Phase.RACE):
        return min(full, 1)
    return full


def quality_kinds(ctx: RunContext, target: WeekTarget) -> tuple[Kind, Kind]:
    """Which sessions the week's quality days hold, by phase (V7) and race."""
    if ctx.settings.mode is Mode.BASE:
        return (Kind.THRESHOLD if target.index % 2 else Kind.HILLS, Kind.INTERVALS)
    specific = Kind.RACE_PACE if ctx.race in ("half", "marathon") else Kind.INTERVALS
    if target.phase is Phase.BASE:
        # V10: no hills in week 1 (with the heavy lift it would stack two new loads)
        return (Kind.HILLS if target.step % 2 else Kind.THRESHOLD, Kind.THRESHOLD)
    if target.phase is Phase.BUILD:
        one_a_week = quality_count(ctx.settings, target) == 1
        first = specific if one_a_week and target.step % 2 else Kind.THRESHOLD
        return (first, specific if first is Kind.THRESHOLD else Kind.THRESHOLD)
    return (specific, Kind.THRESHOLD)


def pace_for(ctx: RunContext, kind: Kind) -> PaceRange | None:
    """P2/P3: the headline pace of a run, or None when there is no recent race (or the run
    goes by effort, as hills do: a pace on a slope misleads)."""
    if kind in BY_EFFORT:
        return None
    return ctx.workout_paces.pace(PACE_OF_KIND.get(kind, "E"))


# Which training pace each run kind is run at (P2); RP is the goal pace of the race itself.
PACE_OF_KIND = {Kind.THRESHOLD: "T", Kind.INTERVALS: "I", Kind.RACE_PACE: "RP"}
BY_EFFORT = (Kind.HILLS,)  # hard, controlled uphill: the steps say the effort


def make_run(
    ctx: RunContext,
    kind: Kind,
    day: date,
    built: Built,
    phase: Phase,
    why: str,
    slot: Slot = Slot.AM,
) -> Session:
    """A run session from its steps; the description is written from the same steps."""
    units = ctx.settings.units
    pace = pace_for(ctx, kind)
    times = ctx.settings.day_times(day)
    return Session(
        id="",
        date=day,
        slot=slot,
        start=times.am if slot is Slot.AM else times.pm,
        minutes=run_minutes(built.steps, ctx.workout_paces),
        kind=kind,
        title=run_title(kind, built.km, units),
        description=describe_run(kind, built.km, units, pace, built.steps, phase, why),
        why=why,
        distance_km=built.km,
        pace=pace,
        steps=built.steps,
    )


def easy_session(
    ctx: RunContext, day: date, km: float, phase: Phase, why: str, slot: Slot = Slot.AM
) -> Session:
    return make_run(ctx, Kind.EASY, day, easy_run(km, ctx.workout_paces), phase, why, slot)


def lost_warning(kind: Kind, target: WeekTarget, cause: str) -> Violation:
    rule = "V3" if kind is Kind.LONG else "V4"
    what = "the long run" if kind is Kind.LONG else "a quality run"
    return Violation(
        rule,
        Severity.WARNING,
        f"Week {target.index}: {what} did not fit {cause} and was left out.",
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


def runs_this_week(settings: Settings, target: WeekTarget, days: int) -> int:
    """V10/V11: the runs the week's volume allows (each at least 2 km), on the days there are."""
    wanted = settings.runs
    if target.lead_in:
        wanted = max(1, round(wanted * days / 7))
    fits = int((target.target_km + 1.0) // MIN_RUN_KM)
    return max(1, min(wanted, days, fits))


def lay_out_week(
    ctx: RunContext, target: WeekTarget, long_date: date | None, hard_dates: set[date]
) -> WeekRuns:
    """The runs of one ordinary (non-race) week."""
    settings = ctx.settings
    days = run_days(ctx, target.start)
    warnings: list[Violation] = []
    count = runs_this_week(settings, target, len(days))
    if long_date is not None:  # V10: the runs the volume left after the long run allows
        spare = target.target_km - _long_km(ctx, target)
        count = max(1, min(count, 1 + int((spare + 0.5) // MIN_RUN_KM)))
    if long_date is None and settings.runs >= 2 and not target.lead_in:
        warnings.append(lost_warning(Kind.LONG, target, _cause(ctx, target)))
    long_km = _long_km(ctx, target) if long_date is not None else 0.0
    free = [d for d in days if d != long_date]
    if target.lead_in and long_date is not None:  # V11: a rest day before the long run
        free = [d for d in free if d != long_date - ONE_DAY]
    wanted_quality = quality_count(settings, target)
    quality_dates = pick_quality_dates(free, hard_dates, min(wanted_quality, max(0, count - 2)))
    if len(quality_dates) < wanted_quality and _cause(ctx, target) != "in the days left":
        warnings.append(lost_warning(Kind.THRESHOLD, target, _cause(ctx, target)))
    runs: list[Session] = []
    if long_date is not None:
        runs.append(_long_session(ctx, target, long_date, long_km))
    others = max(1, count - (1 if long_date is not None else 0))
    each = (target.target_km - long_km) / others
    for day, kind in zip(quality_dates, quality_kinds(ctx, target), strict=False):
        session = _quality_session(ctx, target, day, kind, each * QUALITY_OVER_EASY, long_km)
        if session is not None:
            runs.append(session)
            hard_dates.add(day)
    easy_dates = [d for d in free if d not in {r.date for r in runs}]
    n_easy = max(0, min(count - len(runs), len(easy_dates)))
    runs += _easy_runs(ctx, target, easy_dates, n_easy, long_km, runs)
    return WeekRuns(tuple(runs), tuple(warnings))


def _long_km(ctx: RunContext, target: WeekTarget) -> float:
    """The week's long run to the nearest half unit, but never past what V1 allows nor below
    the runner's own longest run (V3: never cut)."""
    nearest = nearest_km(target.long_km, ctx.unit_km)
    if nearest > run_growth_limit(target.long_km) and nearest > current_long_run(ctx.settings):
        return round_km(target.long_km, ctx.unit_km)
    return nearest


def _cause(ctx: RunContext, target: WeekTarget) -> str:
    unavailable = set(ctx.settings.unavailable)
    week = {target.start + timedelta(days=i) for i in range(7)}
    return "around your unavailable days" if unavailable & week else "in the days left"


def _long_session(ctx: RunContext, target: WeekTarget, day: date, km: float) -> Session:
    variant, finish = _long_variant(ctx, target, km)
    built = long_run(km, variant, ctx.workout_paces, finish, ctx.unit_km)
    return make_run(ctx, Kind.LONG, day, built, target.phase, _long_why(ctx, day, variant))


def _long_variant(ctx: RunContext, target: WeekTarget, km: float) -> tuple[str, float]:
    """V9: the long run varies in the build and peak: steady, progression, race-pace finish."""
    if target.phase not in (Phase.BUILD, Phase.PEAK) or target.cutback or target.lead_in:
        return "steady", 0.0
    ctx.progress["long"] += 1
    turn = ctx.progress["long"] % 3
    if turn == 0:
        ctx.progress["long-rp"] += 1
        base = {"marathon": 3.0, "half": 2.0}.get(ctx.race, 1.0)
        return "race_pace", min(base + 2.0 * (ctx.progress["long-rp"] - 1), km * 0.3)
    if turn != 2:
        return "progression", km * 0.2
    return "steady", 0.0


def _quality_session(
    ctx: RunContext, target: WeekTarget, day: date, kind: Kind, room_km: float, long_km: float
) -> Session | None:
    """V9: the next level of this kind of session (a lower one in a cut-back or taper week)."""
    key = kind.value
    level = ctx.progress[key]
    if target.cutback or target.taper_fraction is not None:
        level = max(0, level - 2)
    else:
        ctx.progress[key] += 1
    volume = target.target_km
    # no bigger than the week's other runs (V10: none if tiny), nor than V3 lets them be
    budget = min(room_km, max(16.0, long_km / EASY_UNDER_LONG))
    work = (volume * WORK_SHARE[kind] * 0.4, max(1.0, volume * WORK_SHARE[kind]))
    built = quality_run(kind, level, ctx.workout_paces, ctx.race, budget, work, ctx.unit_km)
    if built is None:
        return None
    return make_run(ctx, kind, day, built, target.phase, WHY[kind])


def _easy_runs(
    ctx: RunContext,
    target: WeekTarget,
    days: Sequence[date],
    count: int,
    long_km: float,
    placed: Sequence[Session],
) -> list[Session]:
    """The easy runs share what is left of the week's volume, each at least 2 km (V10) and
    clearly shorter than the long run once the build starts (V3)."""
    if count <= 0:
        return []
    left = target.target_km - sum(r.distance_km or 0.0 for r in placed)
    chosen = spread_easy(days, count)
    each = left / count
    # V3: the long run is the week's longest run, by ~1.5x once the build starts
    cap = long_km or current_long_run(ctx.settings)
    if target.phase in (Phase.BUILD, Phase.PEAK) and not target.lead_in and long_km:
        cap = long_km / EASY_UNDER_LONG
    each = min(each, max(ctx.shortest_run_km, cap))
    sizes = _share_out(max(ctx.shortest_run_km, each), count, ctx.unit_km)
    strides = not target.cutback and not target.lead_in and target.taper_fraction is None
    sessions = []
    for i, (day, km) in enumerate(zip(chosen, sizes, strict=True)):
        if strides and i == 0:
            # V9: one more stride each build week, so no two build weeks are the same
            building = target.phase in (Phase.BUILD, Phase.PEAK)
            level = ctx.progress["strides-build"] if building else target.step % 3
            ctx.progress["strides-build"] += 1 if building else 0
            built = strides_run(km, ctx.workout_paces, level)
            sessions.append(
                make_run(ctx, Kind.STRIDES, day, built, target.phase, WHY[Kind.STRIDES])
            )
        else:
            sessions.append(easy_session(ctx, day, km, target.phase, WHY[Kind.EASY]))
    return sessions


def _share_out(each: float, count: int, unit_km: float) -> list[float]:
    """``count`` runs of about ``each`` km that add up to about their total, in half units."""
    total = each * count
    sizes = [round_km(each, unit_km)] * count
    step = unit_km / 2
    i = 0
    while sum(sizes) + step <= total + 1e-6 and i < count:
        sizes[i] = round(sizes[i] + step, 3)
        i += 1
    return sizes


def _long_why(ctx: RunContext, day: date, variant: str) -> str:
    preferred = ctx.settings.long_run_day
    finish = {
        "progression": " The last part a little faster: finishing strong on tired legs.",
        "race_pace": " It ends at race pace: practising the race on tired legs (V9).",
    }.get(variant, "")
    if WEEKDAYS[day.weekday()] == preferred:
        return f"Your long-run day ({day:%A}): the key endurance session of the week.{finish}"
    return (
        f"Moved from your long-run day to {day:%A} because {preferred.title()} is unavailable "
        f"this week.{finish}"
    )
