"""Race week (T4): back off, a short race-pace touch, rest or a shake-out the eve, the race."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from runlift.plan.content.describe import distance_text, pace_text
from runlift.plan.content.steps import nearest_km, race_week_touch, round_km, run_step, strides_run
from runlift.plan.layout.days import ONE_DAY, RunContext, pick_quality_dates, run_days, spread_easy
from runlift.plan.layout.week import WHY, WeekRuns, easy_session, make_run
from runlift.plan.model import WEEKDAYS, Kind, Session, Slot, StepKind
from runlift.plan.targets.weeks import WeekTarget, race_class

SHAKEOUT_KM = 3.0  # T4: a very short jog the day before (3 km, or 2 mi with miles chosen)


def race_session(ctx: RunContext) -> Session:
    settings = ctx.settings
    assert settings.race_date is not None and settings.distance_km is not None
    km = settings.distance_km
    pace = ctx.race_pace
    minutes = round(km * pace.min_s_per_km / 60) if pace else int(km * 7)
    label = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}
    name = label.get(race_class(km), "Race") if km in (5.0, 10.0, 21.0975, 42.195) else "Race"
    goal = f"Goal pace: {pace_text(pace, settings.units)}." if pace else ""
    why = "Race day: the plan ends here (T4)."
    description = (
        f"Distance: {distance_text(round(km, 2), settings.units)}\n{goal}\n"
        "Warm up with 10 min easy and a few strides. "
        "Start controlled, even effort, finish strong.\n"
        f"\nWhy today: {why}"
    )
    paces = ctx.workout_paces
    return Session(
        id="",
        date=settings.race_date,
        slot=Slot.AM,
        start=settings.day_times(settings.race_date).am,
        minutes=max(15, minutes),
        kind=Kind.RACE,
        title=f"{name} {distance_text(round(km, 1), settings.units)}",
        description=description,
        why=why,
        distance_km=round(km, 3),
        pace=pace,
        steps=(
            run_step(StepKind.WARMUP, paces, "E", minutes=10),
            run_step(StepKind.WORK, paces, "RP", km=round(km, 3), note="race"),
        ),
    )


def lay_out_race_week(
    ctx: RunContext, target: WeekTarget, hard_dates: set[date], week_before: Sequence[Session]
) -> WeekRuns:
    """T4: back off; no run longer than its kind in the week before; shorter toward race day."""
    settings = ctx.settings
    assert settings.race_date is not None
    race_day = settings.race_date
    days = [d for d in run_days(ctx, target.start, race_week=True) if d < race_day]
    eve = race_day - ONE_DAY
    wants = settings.runs - 1  # the race is one of the week's runs
    shakeout = eve in days and wants >= 3 and _has_rest_before(ctx, target.start, race_day, eve)
    wants += 1 if shakeout else 0  # a 3 km jog the day before is on top of them
    days = [d for d in days if d != eve]
    shakeout_km = nearest_km(SHAKEOUT_KM, ctx.unit_km)
    volume = max(0.0, target.target_km - (shakeout_km if shakeout else 0.0))
    # T4: the one short race-pace touch early in the week, the runs after it shorter
    sharp_days = pick_quality_dates(
        [d for d in days if d <= race_day - 4 * ONE_DAY][:2], hard_dates, 1 if wants >= 2 else 0
    )
    chosen = sorted(
        {
            *sharp_days,
            *spread_easy(
                [d for d in days if d not in sharp_days], wants - len(sharp_days) - shakeout
            ),
        }
    )
    longest_easy = _longest(week_before, (Kind.EASY, Kind.STRIDES))
    longest_quality = _longest(week_before, (Kind.RACE_PACE, Kind.THRESHOLD, Kind.INTERVALS))
    runs = [race_session(ctx)]
    last = max(longest_easy, longest_quality) or round_km(volume, ctx.unit_km)
    for day, planned in _shrinking(chosen, volume, last, ctx):
        planned = min(planned, last)
        session = None
        if day in sharp_days:
            session = _sharpener(ctx, target, day, min(planned, longest_quality or planned))
        if session is not None:
            hard_dates.add(day)
        else:
            km = min(planned, longest_easy or planned)
            session = easy_session(ctx, day, km, target.phase, WHY[Kind.EASY])
        runs.append(session)
        last = session.distance_km or planned
    if shakeout:
        why = "Day before the race: a very short shake-out run, or rest (T4)."
        built = strides_run(min(shakeout_km, last), ctx.workout_paces, 0)
        runs.append(make_run(ctx, Kind.RECOVERY, eve, built, target.phase, why))
    return WeekRuns(tuple(runs), ())


def _longest(sessions: Sequence[Session], kinds: tuple[Kind, ...]) -> float:
    return max((s.distance_km or 0.0 for s in sessions if s.kind in kinds), default=0.0)


def _sharpener(ctx: RunContext, target: WeekTarget, day: date, room: float) -> Session | None:
    """T2/T4: the week's one short race-pace session, no longer than last week's quality."""
    built = race_week_touch(ctx.workout_paces, min(room, 10.0), ctx.unit_km)
    if built is None:
        return None
    why = "Short race-pace work keeps the legs sharp while volume drops (T2)."
    return make_run(ctx, Kind.RACE_PACE, day, built, target.phase, why)


def _shrinking(
    days: Sequence[date], volume: float, longest: float, ctx: RunContext
) -> list[tuple[date, float]]:
    """T4: runs that get shorter toward race day and stay under last week's longest."""
    if not days:
        return []
    weights = [1.0 - 0.08 * i for i in range(len(days))]  # earlier days a little longer
    total = sum(weights)
    cap = longest or volume
    sizes: list[float] = []
    for weight in weights:
        km = round_km(min(cap, volume * weight / total), ctx.unit_km)
        km = max(ctx.shortest_run_km, min(km, sizes[-1] if sizes else km))
        sizes.append(km)
    return list(zip(days, sizes, strict=True))


def _has_rest_before(ctx: RunContext, week_start: date, race_day: date, eve: date) -> bool:
    """V5 in race week: keep a full rest day before the race when the eve is a run."""
    rest = WEEKDAYS.index(ctx.settings.rest)
    day = week_start
    while day < eve:
        if day.weekday() == rest or not ctx.usable(day) or day < ctx.start:
            return True
        day += ONE_DAY
    return False
