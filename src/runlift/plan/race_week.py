"""Race week (T4): back off, a short race-pace touch, rest or a shake-out the eve, the race."""

from __future__ import annotations

from datetime import date

from runlift.plan.describe import distance_text, pace_text
from runlift.plan.model import WEEKDAYS, Kind, Session, Slot
from runlift.plan.periodize import WeekTarget, race_class
from runlift.plan.runs import (
    ONE_DAY,
    WHY,
    RunContext,
    WeekRuns,
    half_km,
    make_run,
    pick_quality_dates,
    run_days,
    spread_easy,
)


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
    )


def lay_out_race_week(ctx: RunContext, target: WeekTarget, hard_dates: set[date]) -> WeekRuns:
    """T4: back off, a short race-pace touch, rest or a shake-out the day before, the race."""
    settings = ctx.settings
    assert settings.race_date is not None
    race_day = settings.race_date
    runs = [race_session(ctx)]
    days = [d for d in run_days(ctx, target.start, race_week=True) if d < race_day]
    eve = race_day - ONE_DAY
    wants = settings.runs_per_week - 1
    if eve in days and wants >= 3 and _has_rest_before(ctx, target.start, race_day, eve):
        why = "Day before the race: a very short shake-out run, or rest (T4)."
        runs.append(make_run(ctx, Kind.RECOVERY, eve, 3.0, target.phase, why))
        wants -= 1
    days = [d for d in days if d != eve]
    quality_dates = pick_quality_dates(
        [d for d in days if d <= race_day - 3 * ONE_DAY], hard_dates, 1 if wants >= 2 else 0
    )
    hard_dates.update(quality_dates)
    easy_dates = [d for d in days if d not in quality_dates]
    n_easy = min(max(0, wants - len(quality_dates)), len(easy_dates))
    volume = max(0.0, target.target_km - sum(r.distance_km or 0 for r in runs[1:]))
    # T2: the race week's volume (race excluded) over short runs; there is no long run.
    q_km = half_km(min(6.0, max(3.0, volume * 0.25)))
    spare = volume - q_km * len(quality_dates)
    e_km = half_km(max(2.0, min(10.0, spare / n_easy))) if n_easy else 0.0
    why_q = "Short race-pace work keeps the legs sharp while volume drops (T2)."
    for day in quality_dates:
        runs.append(make_run(ctx, Kind.RACE_PACE, day, q_km, target.phase, why_q))
    for day in spread_easy(easy_dates, n_easy):
        runs.append(make_run(ctx, Kind.EASY, day, e_km, target.phase, WHY[Kind.EASY]))
    return WeekRuns(tuple(runs), ())


def _has_rest_before(ctx: RunContext, week_start: date, race_day: date, eve: date) -> bool:
    """V5 in race week: keep a full rest day before the race when the eve is a run."""
    rest = WEEKDAYS.index(ctx.settings.rest_day)
    day = week_start
    while day < eve:
        if day.weekday() == rest or not ctx.usable(day) or day < ctx.start:
            return True
        day += ONE_DAY
    return False
