"""Weeks, phases and weekly volume, counted back from race day (V1-V3, V6-V7, T1-T2, T5)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from runlift.plan.model import Mode, Phase, Settings

# V6: minimum plan length in weeks, by race class.
MIN_WEEKS = {"marathon": 12, "half": 10, "10k": 8, "5k": 6}
# T1/T2: run volume of the taper weeks against the peak week, last entry = race week.
TAPER_SHAPE = {
    "marathon": (0.78, 0.60, 0.40),
    "half": (0.72, 0.50),
    "10k": (0.60,),
    "5k": (0.60,),
}
# T2: allowed range of each taper week's volume against the peak, for the checker.
TAPER_RANGES = {
    "marathon": ((0.70, 0.85), (0.55, 0.65), (0.30, 0.50)),
    "half": ((0.65, 0.80), (0.40, 0.60)),
    "10k": ((0.45, 0.75),),
    "5k": ((0.45, 0.75),),
}
# T3: the last heavy strength session at least this many days before the race.
LAST_HEAVY_DAYS = {"marathon": 10, "half": 10, "10k": 7, "5k": 7}
NO_STRENGTH_DAYS = 4  # T3: no strength in the last 4 days before the race
FINAL_STRENGTH_DAYS = 13  # T3: "the final two weeks": at most one light session a week
LONG_SHARE = 0.30  # V3: the long run at most about 30% of the week
# V3: long-run caps in km and minutes (None: no time cap).
LONG_RUN_CAP_KM = {"marathon": 32.0, "half": 19.0, "10k": 16.0, "5k": 13.0}
LONG_RUN_CAP_MIN = {"marathon": 180, "half": 120, "10k": None, "5k": None}
PEAK_WEEKS = 2
CUTBACK_EVERY = 4  # V2: every 4th week
CUTBACK_FACTOR = 0.80  # V2: a 20% drop
WEEKLY_GROWTH = 1.08  # V1: under the 10% ceiling, with room for rounding
BASE_MODE_VOLUME = 0.90  # base mode: less running than the runner's current volume


def race_class(distance_km: float) -> str:
    """Which rule set a race distance falls under: marathon, half, 10k or 5k."""
    if distance_km >= 30:
        return "marathon"
    if distance_km >= 15:
        return "half"
    if distance_km >= 8:
        return "10k"
    return "5k"


def long_run_share(distance_km: float | None) -> float:
    """V3: the long run's share of the week: about 30%, a third for the marathon."""
    if distance_km is not None and race_class(distance_km) == "marathon":
        return LONG_SHARE + 0.03
    return LONG_SHARE


def taper_peak(pre_taper_km: Iterable[float], weekly_km: float) -> float:
    """T1/T2: the peak the taper is measured against: the biggest week, or today's volume."""
    return max([*pre_taper_km, weekly_km])


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekTarget:
    """The plan for one week before sessions are laid out."""

    index: int  # 1-based, forward from the start
    start: date  # Monday
    to_race: int | None  # weeks back from race week (0); None in base mode
    phase: Phase
    cutback: bool
    target_km: float
    taper_fraction: float | None  # T2 share of the peak week, taper weeks only


def plan_start(settings: Settings, today: date) -> date:
    return settings.start or today


def week_count(settings: Settings, start: date) -> int:
    if settings.mode is Mode.BASE:
        assert settings.base_weeks is not None
        return settings.base_weeks
    assert settings.race_date is not None
    return (monday(settings.race_date) - monday(start)).days // 7 + 1


def taper_weeks(settings: Settings) -> int:
    """T1: number of weeks (race week included) with reduced volume."""
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return 0
    return len(TAPER_SHAPE[race_class(settings.distance_km)])


def phase_for(to_race: int, taper: int, pre_taper_weeks: int) -> Phase:
    """V7: race → taper → peak → build → base, counted back from race week (T5)."""
    if to_race == 0:
        return Phase.RACE
    if to_race < taper:
        return Phase.TAPER
    back = to_race - taper  # 0 = the last week before the taper
    if back < PEAK_WEEKS:
        return Phase.PEAK
    build_weeks = max(0, pre_taper_weeks - PEAK_WEEKS) - (pre_taper_weeks - PEAK_WEEKS) * 2 // 5
    if back < PEAK_WEEKS + build_weeks:
        return Phase.BUILD
    return Phase.BASE


def is_cutback(to_race: int | None, index: int, taper: int) -> bool:
    """V2: every 4th week before the taper, counted back from the taper (T5)."""
    if to_race is None:
        return index % CUTBACK_EVERY == 0
    back = to_race - taper
    return back >= PEAK_WEEKS and (back - PEAK_WEEKS) % CUTBACK_EVERY == 0


def peak_volume(settings: Settings) -> float:
    """The highest weekly volume the build aims for, never below the current volume."""
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return settings.weekly_km
    growth = {"marathon": 1.6, "half": 1.4, "10k": 1.3, "5k": 1.25}
    ceiling = {"marathon": 100.0, "half": 80.0, "10k": 70.0, "5k": 60.0}
    cls = race_class(settings.distance_km)
    per_run = 15.0 * settings.runs_per_week  # what a week of that many runs can hold
    return max(settings.weekly_km, min(settings.weekly_km * growth[cls], ceiling[cls], per_run))


def week_targets(settings: Settings, start: date) -> tuple[WeekTarget, ...]:
    """Every week of the plan with its phase and target run volume."""
    count = week_count(settings, start)
    taper = taper_weeks(settings)
    shape = TAPER_SHAPE[race_class(settings.distance_km)] if taper and settings.distance_km else ()
    pre_taper = max(0, count - taper)
    peak = peak_volume(settings)
    volume = settings.weekly_km * (BASE_MODE_VOLUME if settings.mode is Mode.BASE else 1.0)
    ceiling = settings.weekly_km * 1.1 if settings.mode is Mode.BASE else peak
    last_full = volume
    highest = volume
    weeks: list[WeekTarget] = []
    first_monday = monday(start)
    for i in range(count):
        index = i + 1
        to_race = count - 1 - i if settings.mode is Mode.RACE else None
        week_start = first_monday + timedelta(weeks=i)
        if to_race is not None and to_race < taper:
            fraction = shape[len(shape) - 1 - to_race]
            phase = phase_for(to_race, taper, pre_taper)
            weeks.append(
                WeekTarget(index, week_start, to_race, phase, False, highest * fraction, fraction)
            )
            continue
        cutback = is_cutback(to_race, index, taper) and i > 1
        if cutback:
            target = last_full * CUTBACK_FACTOR
        else:
            target = volume if i == 0 else min(ceiling, max(last_full * WEEKLY_GROWTH, volume))
            last_full = target
            highest = max(highest, target)
        phase = Phase.BASE if to_race is None else phase_for(to_race, taper, pre_taper)
        weeks.append(WeekTarget(index, week_start, to_race, phase, cutback, target, None))
    return tuple(weeks)
