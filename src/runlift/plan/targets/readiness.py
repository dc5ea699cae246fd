"""What the race needs (V8) and how big the build gets (V1, V3, V10), from the runner's start.

One definition of each number: the generator sizes the plan with these functions and the rule
checker measures the plan against the same ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from runlift.plan.model import Mode, Settings
from runlift.plan.paces import has_paces, training_paces, vdot_from_race

NOVICE_WEEKLY_KM = 25.0  # V8/V10: under about 20-25 km a week a runner counts as a novice
MIN_RUN_KM = 2.0  # V10: runs as short as 2 km
FIRST_LONG_KM = 3.0  # V10: a first long run of 3-4 km
HISTORY_SHARE = 0.35  # V10: a left-out longest run is about 35% of the weekly volume
LONG_DERIVED_MAX_KM = 30.0  # … and no more than a long run most runners have run
# V3: a longest run over about 60% of the weekly volume does not fit it (30 km in a 25 km
# week): the plan starts the long run at V3's share of the week instead, and says so.
PLAUSIBLE_LONG_SHARE = 0.60
STARTING_LONG_SHARE = 0.50

# V8: the long run the race needs, by the peak weekly volume the build reaches
# (piecewise linear between the points; the end points hold beyond them).
LONG_TARGET: dict[str, tuple[tuple[float, float], ...]] = {
    "marathon": ((60.0, 32.0), (100.0, 32.0), (140.0, 35.0)),
    "half": ((25.0, 13.0), (36.0, 16.0), (50.0, 18.5), (75.0, 21.0), (100.0, 22.0)),
    "10k": ((12.0, 6.5), (18.0, 9.0), (25.0, 11.0), (35.0, 13.0), (60.0, 16.0), (100.0, 20.0)),
    "5k": ((10.0, 5.0), (16.0, 6.5), (25.0, 8.0), (35.0, 10.0), (60.0, 13.0), (100.0, 18.0)),
}
# V8: the longest long run each race asks for, however big the week (above ~60 km a week:
# 10K up to ~20 km, 5K up to ~18 km, half ~22 km; the marathon 32-35 km).
LONG_MAX = {"marathon": 35.0, "half": 22.0, "10k": 20.0, "5k": 18.0}
EASY_UNDER_LONG = 1.4  # V3: the long run about 1.5x an easy run once the build starts
# V3: "at most about 3 h (marathon) or 2 h 15 (half) of running at easy pace".
LONG_RUN_CAP_MIN = {"marathon": 180, "half": 135, "10k": None, "5k": None}
# V8: a novice marathon peaks near 2x the target long run a week; the others about so.
PEAK_PER_LONG = {"marathon": 2.0, "half": 2.3, "10k": 1.9, "5k": 1.9}
# V1/V8: how much the weekly volume grows over the build: the most at low volume, less
# for a runner who already runs a lot ("grow from where they are"), never a fixed ceiling.
GROWTH = {  # (growth at low volume, weekly km where growth is smallest, smallest growth)
    "marathon": (0.65, 140.0, 0.08),
    "half": (0.85, 120.0, 0.08),
    "10k": (0.70, 110.0, 0.08),
    "5k": (0.75, 100.0, 0.08),
}


def race_class(distance_km: float) -> str:
    """Which rule set a race distance falls under: marathon, half, 10k or 5k."""
    if distance_km >= 30:
        return "marathon"
    if distance_km >= 15:
        return "half"
    if distance_km >= 8:
        return "10k"
    return "5k"


def is_novice(settings: Settings) -> bool:
    """V10: a beginner's gentle start (easy running and strides first)."""
    return settings.weekly_km < NOVICE_WEEKLY_KM


def long_run_out_of_share(settings: Settings) -> bool:
    """V3: the longest run given is over ~60% of the weekly km: it does not fit the week."""
    own = settings.long_run_km
    return own is not None and own > PLAUSIBLE_LONG_SHARE * settings.weekly_km + 0.5


def current_long_run(settings: Settings) -> float:
    """V10: the runner's longest recent run, or one derived from their weekly volume."""
    if settings.long_run_km is not None:
        if long_run_out_of_share(settings):  # V3: within its share of the week
            return round(max(settings.weekly_km * STARTING_LONG_SHARE, MIN_RUN_KM), 1)
        return max(settings.long_run_km, MIN_RUN_KM)
    runs = max(1, settings.runs)
    average = settings.weekly_km / runs
    # within what the runs per week allow: at least an average run, at most under twice one
    derived = min(settings.weekly_km * HISTORY_SHARE, average * 1.8, LONG_DERIVED_MAX_KM)
    return round(min(max(derived, average, FIRST_LONG_KM), settings.weekly_km), 1)


def easy_s_per_km(settings: Settings) -> float | None:
    """The middle of the runner's E pace, or None without a recent race (P3)."""
    race = settings.recent_race
    if race is None:
        return None
    vdot = vdot_from_race(race.distance_km, race.seconds)
    if not has_paces(vdot):
        return None
    easy = training_paces(vdot)["E"]
    return (easy.min_s_per_km + easy.max_s_per_km) / 2


def long_run_cap_km(settings: Settings) -> float | None:
    """V3/V8: the time cap on the long run at easy pace, in km (None: no cap known)."""
    if settings.distance_km is None or settings.mode is Mode.BASE:
        return None
    minutes = LONG_RUN_CAP_MIN[race_class(settings.distance_km)]
    pace = easy_s_per_km(settings)
    if minutes is None or pace is None:
        return None
    return minutes * 60 / pace


def _interpolate(points: Sequence[tuple[float, float]], x: float) -> float:
    xs = [p[0] for p in points]
    i = bisect_right(xs, x)
    if i == 0:
        return points[0][1]
    if i == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def _grown_volume(settings: Settings, cls: str) -> float:
    most, flat_at, least = GROWTH[cls]
    weekly = settings.weekly_km
    share = min(1.0, max(0.0, (flat_at - weekly) / flat_at))
    return weekly * (1 + least + (most - least) * share)


def week_capacity(long_km: float, runs: int) -> float:
    """V3: the most a week of ``runs`` runs holds around its long run, each other run
    clearly shorter than the long run (about 1.5x)."""
    return long_km * (1 + max(0, runs - 1) / EASY_UNDER_LONG)


def _sized(settings: Settings) -> tuple[float, float]:
    """V1/V8: the peak weekly volume and the target long run, sized together."""
    assert settings.distance_km is not None
    cls = race_class(settings.distance_km)
    runs = settings.runs
    grown = _grown_volume(settings, cls)
    target = _interpolate(LONG_TARGET[cls], grown)
    cap = long_run_cap_km(settings)
    if cap is not None:
        target = min(target, cap)  # V8: "or 3 h at easy pace for slow runners"
    # more runs a week carry more volume around the same long run (Hansons: 6 days a week)
    per_long = PEAK_PER_LONG[cls] * min(1.25, max(0.9, 1 + 0.125 * (runs - 4)))
    peak = max(settings.weekly_km, grown, target * per_long)
    # V3: a big week on few runs needs a longer long run, up to what the race asks for
    carried = min(LONG_MAX[cls], peak / week_capacity(1.0, runs))
    target = max(target, min(carried, cap) if cap is not None else carried)
    target = max(target, current_long_run(settings))
    peak = max(settings.weekly_km, min(peak, week_capacity(target, runs)))
    return peak, target


def peak_volume(settings: Settings) -> float:
    """V1/V8: the weekly volume the build aims for, never below the current volume."""
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return settings.weekly_km
    return _sized(settings)[0]


def long_run_target(settings: Settings) -> float:
    """V8: the long run to reach in the peak weeks (more than once), in km.

    Never below the runner's current long run (V3: it is never cut on day 1).
    """
    if settings.mode is Mode.BASE or settings.distance_km is None:
        return current_long_run(settings)
    return _sized(settings)[1]


def readiness_minimum(settings: Settings) -> float:
    """V8: the shortest peak long run that counts as reaching the target."""
    return 0.9 * long_run_target(settings)
