"""Weeks, phases, weekly volume and the long run, counted back from race day.

V1 (progression), V2 (cut-backs), V3 (long-run share), V6-V8 (length, phases, readiness),
V11 (a plan that starts mid-week), T1-T2 (taper), T5 (counted back from race day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from runlift.plan.model import Mode, Phase, Settings, monday
from runlift.plan.targets.readiness import (
    MIN_RUN_KM,
    current_long_run,
    long_run_target,
    peak_volume,
    race_class,
    week_capacity,
)

__all__ = ["race_class"]

# V6: minimum plan length in weeks, by race class.
MIN_WEEKS = {"marathon": 12, "half": 10, "10k": 8, "5k": 6}
# T2: run volume of the last weeks against the peak week, the last entry = race week (race
# excluded). 5K and 10K step down two weeks out too (published: about 82/71/40).
TAPER_SHAPE = {
    "marathon": (0.78, 0.60, 0.40),
    "half": (0.72, 0.50),
    "10k": (0.85, 0.75, 0.50),
    "5k": (0.85, 0.72, 0.50),
}
# T2: allowed range of each of those weeks against the peak, for the checker.
TAPER_RANGES = {
    "marathon": ((0.70, 0.85), (0.55, 0.65), (0.30, 0.50)),
    "half": ((0.65, 0.80), (0.40, 0.60)),
    "10k": ((0.75, 0.92), (0.65, 0.85), (0.40, 0.60)),
    "5k": ((0.75, 0.92), (0.62, 0.82), (0.40, 0.60)),
}
# T1: taper length in weeks, race week included (marathon 3 weeks, half 10-14 days, 5K/10K
# 7-10 days); a 5K/10K step-down week before it is still a peak week.
TAPER_LENGTH = {"marathon": 3, "half": 2, "10k": 2, "5k": 2}
# T3: the last heavy strength session at least this many days before the race.
LAST_HEAVY_DAYS = {"marathon": 10, "half": 10, "10k": 7, "5k": 7}
NO_STRENGTH_DAYS = 4  # T3: no strength in the last 4 days before the race
FINAL_STRENGTH_DAYS = 13  # T3: "the final two weeks": at most one light session a week
PEAK_WEEKS = 2
MAX_BUILD_WEEKS = 10  # V7: a long plan keeps building its base; the specific build is ~10 weeks
CUTBACK_EVERY = 4  # V2: every 4th week
CUTBACK_FACTOR = 0.80  # V2: a 20% drop
CUTBACK_LONG = 0.75  # V2: the cut-back week's long run
REACH_EARLY = 6  # V8: reach the target long run about six weeks before the taper, if possible
BASE_MODE_VOLUME = 0.90  # base mode: less running than the runner's current volume
BASE_LONG_CAP_KM = 22.0  # base mode: no race to prepare, the long run stays moderate
# V3: the long run's share of the week: up to about half at low volume (published novice plans
# run it at 40-52%), settling near a third above that (Pfitzinger, Daniels).
LONG_SHARE_LOW, LONG_SHARE_HIGH = 0.50, 0.36
LONG_SHARE_FROM_KM, LONG_SHARE_TO_KM = 65.0, 90.0


def long_share_limit(week_km: float) -> float:
    """V3: the largest share of the week the long run takes at this weekly volume."""
    if week_km <= LONG_SHARE_FROM_KM:
        return LONG_SHARE_LOW
    if week_km >= LONG_SHARE_TO_KM:
        return LONG_SHARE_HIGH
    share = (week_km - LONG_SHARE_FROM_KM) / (LONG_SHARE_TO_KM - LONG_SHARE_FROM_KM)
    return LONG_SHARE_LOW + (LONG_SHARE_HIGH - LONG_SHARE_LOW) * share


def weekly_rise(previous_km: float) -> float:
    """V1: the most a week rises over the previous non-cut-back week: about 10%; a low-volume
    runner a little more in km (published novice plans add 15-20% some weeks)."""
    return min(0.10 * previous_km + 1.5, 0.20 * previous_km)


def run_growth_limit(longest_km: float) -> float:
    """V1: the longest a run may be against the longest of the previous 30 days (Frandsen
    2025: about 10-15%, or 2 km, whichever is more)."""
    return max(longest_km * 1.12, longest_km + 2.0)


def starting_volume(settings: Settings) -> float:
    """What the runner runs now: their weekly km, or more when their longest run says so."""
    runs = max(1, settings.runs)
    return max(settings.weekly_km, current_long_run(settings) + MIN_RUN_KM * (runs - 1) * 0.5)


def taper_peak(pre_taper_km: Iterable[float], weekly_km: float) -> float:
    """T1/T2: the peak the taper is measured against: the biggest week, or today's volume."""
    return max([*pre_taper_km, weekly_km])


@dataclass(frozen=True)
class WeekTarget:
    """The plan for one week before sessions are laid out."""

    index: int  # 1-based, forward from the start
    start: date  # Monday
    to_race: int | None  # weeks back from race week (0); None in base mode
    phase: Phase
    cutback: bool
    target_km: float
    taper_fraction: float | None  # T2 share of the peak week, the last weeks only
    long_km: float = 0.0  # the long run this week aims at (V1, V3, V8)
    lead_in: bool = False  # V11: a first week that starts mid-week
    step: int = 0  # how many full progression weeks came before (V9: content grows with it)


def plan_start(settings: Settings, today: date) -> date:
    return settings.start or today


def week_count(settings: Settings, start: date) -> int:
    if settings.mode is Mode.BASE:
        assert settings.base_weeks is not None
        return settings.base_weeks
    assert settings.race_date is not None
    return (monday(settings.race_date) - monday(start)).days // 7 + 1


def taper_shape(settings: Settings) -> tuple[float, ...]:
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return ()
    return TAPER_SHAPE[race_class(settings.distance_km)]


def taper_weeks(settings: Settings) -> int:
    """T1: number of weeks (race week included) of the taper phase."""
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return 0
    return TAPER_LENGTH[race_class(settings.distance_km)]


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
    if back < PEAK_WEEKS + min(build_weeks, MAX_BUILD_WEEKS):
        return Phase.BUILD
    return Phase.BASE


def is_cutback(back: int, step: int) -> bool:
    """V2: every 4th week, counted back from the last full week before the taper (T5); the
    week before that last peak week is one, so the target long run comes twice (V8)."""
    return step >= 2 and back >= 1 and (back - 1) % CUTBACK_EVERY == 0


@dataclass(frozen=True)
class _Frame:
    """Where each week sits: lead-in, progression step, cut-back, weeks back from the peak."""

    lead_in: bool
    step: int
    cutback: bool
    back: int | None  # weeks before the last full-volume week; None in the taper


def _frames(settings: Settings, start: date, count: int) -> list[_Frame]:
    shape = len(taper_shape(settings))
    lead_in = start.weekday() != 0 and count > shape
    frames: list[_Frame] = []
    step = 0
    for i in range(count):
        first = i == 0 and lead_in
        to_race = count - 1 - i if settings.mode is Mode.RACE else None
        back = None if to_race is None else to_race - shape
        if back is not None and back < 0:
            frames.append(_Frame(False, step, False, None))
            continue
        if settings.mode is Mode.BASE:
            cutback = step >= 2 and (i + 1) % CUTBACK_EVERY == 0
        else:
            cutback = not first and is_cutback(back if back is not None else 0, step)
        frames.append(_Frame(first, step, cutback, back))
        if not first and not cutback:
            step += 1
    return frames


def _grow(start_km: float, steps: int, pace: float, goal: float) -> list[float]:
    """V1: the volume of each progression step, rising ``pace`` (0-1) of the allowed rise."""
    values = [start_km]
    for _ in range(steps):
        last = values[-1]
        values.append(min(max(goal, last), last + pace * weekly_rise(last)))
    return values


def _volume_steps(start_km: float, steps: int, goal: float) -> list[float]:
    """The slowest steady rise that reaches the goal by the last step (V1: keeps rising, no
    plateau half-way); as fast as V1 allows when the goal is out of reach."""
    if steps == 0 or _grow(start_km, steps, 1.0, goal)[-1] < goal:
        return _grow(start_km, steps, 1.0, goal)
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        if _grow(start_km, steps, middle, goal)[-1] >= goal - 0.05:
            high = middle
        else:
            low = middle
    return _grow(start_km, steps, high, goal)


def _long_steps(start_km: float, volumes: list[float], goal: float, reach_at: int) -> list[float]:
    """V1/V3/V8: the long run of each step, reaching the goal at step ``reach_at`` if it can,
    growing at most as V1 allows and never more than its share of the week (V3)."""
    floor = start_km  # V3: the runner's current long run is never cut

    def grow(pace: float) -> list[float]:
        values = [start_km]
        for volume in volumes[1:]:
            last = values[-1]
            grown = last + pace * (run_growth_limit(last) - last)
            share_cap = long_share_limit(volume) * volume
            values.append(max(floor, min(goal, grown, max(share_cap, last))))
        return values

    fastest = grow(1.0)
    if reach_at <= 0 or fastest[min(reach_at, len(volumes) - 1)] < goal - 0.05:
        return fastest
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        if grow(middle)[reach_at] >= goal - 0.05:
            high = middle
        else:
            low = middle
    return grow(high)


def week_targets(settings: Settings, start: date) -> tuple[WeekTarget, ...]:
    """Every week of the plan with its phase, target run volume and long run."""
    count = week_count(settings, start)
    frames = _frames(settings, start, count)
    shape = taper_shape(settings)
    taper = taper_weeks(settings)
    pre_taper = max(0, count - taper)
    steps = max(f.step for f in frames)
    volumes, longs = _progressions(settings, frames, steps)
    weeks: list[WeekTarget] = []
    first_monday = monday(start)
    last_full = (starting_volume(settings), current_long_run(settings))
    for i, frame in enumerate(frames):
        to_race = count - 1 - i if settings.mode is Mode.RACE else None
        week_start = first_monday + timedelta(weeks=i)
        phase = Phase.BASE if to_race is None else phase_for(to_race, taper, pre_taper)
        if frame.back is None and to_race is not None:  # T2: the last weeks
            fraction = shape[len(shape) - 1 - to_race]
            weeks.append(
                WeekTarget(i + 1, week_start, to_race, phase, False, 0.0, fraction, step=frame.step)
            )
            continue
        volume, long_km = _week_size(settings, frame, phase, last_full, volumes, longs)
        if frame.lead_in:
            volume, long_km = _lead_in(start, volume, long_km)
        elif not frame.cutback:
            last_full = (volume, long_km)
        weeks.append(
            WeekTarget(
                i + 1, week_start, to_race, phase, frame.cutback, volume, None, long_km,
                frame.lead_in, frame.step,
            )
        )  # fmt: skip
    peak_long = max([current_long_run(settings), *(w.long_km for w in weeks)])
    return tuple(_taper_longs(settings, _cut_below_neighbours(weeks), peak_long))


def _cut_below_neighbours(weeks: list[WeekTarget]) -> list[WeekTarget]:
    """V2: a cut-back week is always lower than the weeks beside it, the next one included."""
    result = list(weeks)
    for i, week in enumerate(weeks):
        if not week.cutback or i + 1 >= len(weeks):
            continue
        after = weeks[i + 1]
        if after.taper_fraction is None and not after.lead_in:
            lowest = min(week.target_km, after.target_km * CUTBACK_FACTOR)
            result[i] = replace(week, target_km=lowest)
    return result


def _week_size(
    settings: Settings,
    frame: _Frame,
    phase: Phase,
    last_full: tuple[float, float],
    volumes: list[float],
    longs: list[float],
) -> tuple[float, float]:
    """A week's volume and long run: its progression step, cut back (V2), held to what its
    runs can carry around the long run (V3)."""
    if frame.cutback:  # V2: against the full week before it
        volume, long_km = last_full[0] * CUTBACK_FACTOR, last_full[1]
        # V2 and V3: a shorter long run, but never below the runner's current one
        return volume, max(long_km * CUTBACK_LONG, min(long_km, current_long_run(settings)))
    volume, long_km = volumes[frame.step], longs[frame.step]
    if phase in (Phase.BUILD, Phase.PEAK) and not frame.lead_in:
        volume = min(volume, max(week_capacity(long_km, settings.runs), long_km))
    # V1: after a week its runs held back, the climb starts again from that week
    return min(volume, last_full[0] + weekly_rise(last_full[0])), long_km


def _progressions(
    settings: Settings, frames: list[_Frame], steps: int
) -> tuple[list[float], list[float]]:
    """Volume and long run of each progression step (0 = the first full week)."""
    start_km = starting_volume(settings)
    first_long = current_long_run(settings)
    if settings.mode is Mode.BASE:
        base = start_km * BASE_MODE_VOLUME
        volumes = _volume_steps(base, steps, max(base, settings.weekly_km * 1.1))
        goal = max(first_long, min(first_long * 1.15, BASE_LONG_CAP_KM))
        return volumes, _long_steps(first_long, volumes, goal, steps)
    # V1: the volume rises to its peak in the week two before the last full week, and holds.
    volumes = _volume_steps(start_km, max(0, steps - 1), peak_volume(settings))
    volumes += [volumes[-1]] * (steps + 1 - len(volumes))
    reach = max(1, steps - REACH_EARLY + 2) if steps else 0
    return volumes, _long_steps(first_long, volumes, long_run_target(settings), reach)


def _lead_in(start: date, volume: float, long_km: float) -> tuple[float, float]:
    """V11: the days left of a first week get their share of the week, and no more."""
    days_left = 7 - start.weekday()
    share = days_left / 7
    return volume * share, min(long_km, max(volume * share * 0.5, MIN_RUN_KM))


def _taper_longs(settings: Settings, weeks: list[WeekTarget], peak_long: float) -> list[WeekTarget]:
    """T2: the long run of the taper weeks, a share of the peak long run."""
    cls = race_class(settings.distance_km) if settings.distance_km else "half"
    shares = TAPER_LONG.get(cls, {})
    result = []
    for week in weeks:
        if week.taper_fraction is not None and week.to_race:
            long_km = peak_long * shares.get(week.to_race, 0.65)
            if week.phase is Phase.PEAK:  # V3: before the taper, never below the runner's own
                long_km = max(long_km, min(peak_long, current_long_run(settings)))
            week = replace(week, long_km=long_km)
        result.append(week)
    return result


# T2-style long-run share of the peak long run in the last weeks (by weeks to race).
TAPER_LONG = {
    "marathon": {2: 0.65, 1: 0.45},
    "half": {1: 0.65},
    "10k": {2: 0.9, 1: 0.65},  # the step-down week keeps most of its long run
    "5k": {2: 0.9, 1: 0.65},
}
