"""Structured run sessions: warm-up, work and recovery repeats, cool-down (V4, V9, P2-P3).

Each quality session is built from a level that grows each time the runner meets that kind of
session (V9: threshold 3x8 → 4x8 → 5x8 min …), held back to what the week can carry. The steps
are what the description text and the watch files are made from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from runlift.plan.model import Kind, PaceRange, Step, StepKind
from runlift.plan.paces import effort_words

DEFAULT_EASY_S_PER_KM = 390  # "about 6:30/km" when there is no race result to pace from
# How much faster than the middle of E each zone runs, when there is no race to pace from.
ZONE_SPEED = {"E": 1.0, "M": 0.88, "T": 0.84, "I": 0.78, "R": 0.74, "RP": 0.86}
# V9: levels of each quality session, easiest first: (repeats, work, recovery) in minutes
# (hills: seconds of uphill), race pace in km per segment.
THRESHOLD_LEVELS = (
    (2, 3, 2), (3, 3, 2), (4, 3, 2), (2, 6, 2), (3, 6, 2), (2, 10, 2), (3, 8, 2), (4, 7, 2),
    (4, 8, 2), (3, 12, 3), (5, 8, 2), (2, 20, 3), (4, 12, 3), (3, 16, 3), (5, 10, 2), (6, 10, 2),
)  # fmt: skip
INTERVAL_LEVELS = (
    (4, 1, 1), (6, 1, 1), (4, 2, 2), (5, 2, 2), (4, 3, 2), (5, 3, 2), (6, 3, 2), (5, 4, 3),
    (6, 4, 3), (5, 5, 3), (6, 5, 3),
)  # fmt: skip
HILL_LEVELS = ((4, 30), (6, 30), (6, 45), (6, 60), (8, 60), (10, 60), (8, 90), (10, 90), (12, 90))
RACE_PACE_LEVELS = {  # (segments, km each)
    "marathon": ((2, 1.5), (2, 2.0), (2, 3.0), (3, 3.0), (2, 5.0), (3, 4.0), (2, 6.0), (1, 13.0)),
    "half": ((2, 1.0), (3, 1.0), (3, 1.5), (3, 2.0), (4, 2.0), (3, 3.0), (2, 5.0), (4, 3.0)),
    "short": ((3, 0.5), (4, 0.5), (3, 1.0), (4, 1.0), (5, 1.0), (4, 1.5), (3, 2.0), (4, 2.0)),
}
STRIDES_FIRST, STRIDES_MOST = 4, 12  # V9: one more stride each build week
STRIDE_SECONDS, STRIDE_RECOVERY_S = 20, 60


@dataclass(frozen=True)
class Paces:
    """The runner's paces by zone (None: by effort, P3), and how to turn minutes into km."""

    by_zone: dict[str, PaceRange] | None
    fallback_easy: float = DEFAULT_EASY_S_PER_KM

    def pace(self, zone: str) -> PaceRange | None:
        if self.by_zone is None:
            return None
        return self.by_zone.get(zone) or self.by_zone.get("M")

    def s_per_km(self, zone: str) -> float:
        pace = self.pace(zone)
        if pace is not None:
            return (pace.min_s_per_km + pace.max_s_per_km) / 2
        return self.fallback_easy * ZONE_SPEED.get(zone, 1.0)


def effort_text(zone: str) -> str:
    """How a zone feels; race pace is the runner's own goal race effort, whatever the distance."""
    return "your goal race effort" if zone == "RP" else effort_words(zone)


def run_step(kind: StepKind, paces: Paces, zone: str, **amount: float | int | str) -> Step:
    """A run step at a zone: with the pace when there is one, else by effort (P3)."""
    pace = paces.pace(zone)
    effort = None if pace is not None else effort_text(zone)
    return Step(kind, pace=pace, effort=effort, zone=zone, **amount)  # type: ignore[arg-type]


def step_km(step: Step, paces: Paces) -> float:
    """The distance a step covers (a timed step at its zone's pace)."""
    if step.step is StepKind.REPEAT:
        return (step.repeat or 1) * sum(step_km(s, paces) for s in step.steps)
    if step.km is not None:
        return step.km
    seconds = (step.minutes or 0.0) * 60 + (step.seconds or 0)
    return seconds / paces.s_per_km(step.zone or "E")


def total_km(steps: Iterable[Step], paces: Paces) -> float:
    return sum(step_km(s, paces) for s in steps)


def intense_km(steps: Iterable[Step], paces: Paces) -> float:
    """V4: the km run faster than easy (the 80/20 count)."""
    total = 0.0
    for step in steps:
        if step.step is StepKind.REPEAT:
            total += (step.repeat or 1) * intense_km(step.steps, paces)
        elif step.step is StepKind.WORK and step.zone not in (None, "E"):
            total += step_km(step, paces)
    return total


def round_km(value: float, unit_km: float) -> float:
    """Round down to half a unit (0.5 km or 0.5 mi): a plan never rounds a run past a limit."""
    half = unit_km / 2
    return round(int(value / half + 1e-9) * half, 3)


def nearest_km(value: float, unit_km: float) -> float:
    """To the nearest half unit: 3 km is 3 km, or 2 mi with miles chosen."""
    return round_km(value + unit_km / 4, unit_km)


def round_km_up(value: float, unit_km: float) -> float:
    """Up to half a unit: a least distance stays at least that in the runner's unit."""
    half = unit_km / 2
    return round(math.ceil(value / half - 1e-9) * half, 3)


@dataclass(frozen=True)
class Built:
    steps: tuple[Step, ...]
    km: float


def easy_run(km: float, paces: Paces) -> Built:
    return Built((run_step(StepKind.WORK, paces, "E", km=km),), km)


def strides_run(km: float, paces: Paces, level: int) -> Built:
    """An easy run with strides at the end: leg speed without fatigue."""
    count = min(STRIDES_FIRST + level, STRIDES_MOST)
    block = _repeat(
        count,
        run_step(StepKind.WORK, paces, "R", seconds=STRIDE_SECONDS, note="stride"),
        run_step(StepKind.RECOVER, paces, "E", seconds=STRIDE_RECOVERY_S, note="walk or jog"),
    )
    easy_km = max(1.0, km - step_km(block, paces))
    return Built((run_step(StepKind.WORK, paces, "E", km=round(easy_km, 1)), block), km)


def _repeat(count: int, work: Step, recover: Step) -> Step:
    return Step(StepKind.REPEAT, repeat=count, steps=(work, recover))


def _framed(
    main: tuple[Step, ...], paces: Paces, budget: float, unit_km: float, fill: bool = False
) -> Built | None:
    """Warm-up, the main set, and a cool-down of about 2 km that makes the distance round
    (with ``fill``, a cool-down that runs the whole budget)."""
    minutes = 15 if budget >= 9 else 10 if budget >= 6 else 5
    warmup = run_step(StepKind.WARMUP, paces, "E", minutes=minutes)
    used = step_km(warmup, paces) + total_km(main, paces)
    room = round_km(budget, unit_km)
    if used + 0.5 > room:  # at least half a kilometre of cool-down
        return None
    km = room if fill else min(room, round_km(used + 2.0 + unit_km / 2 - 0.001, unit_km))
    cooldown = run_step(StepKind.COOLDOWN, paces, "E", km=round(km - used, 1))
    return Built((warmup, *main, cooldown), km)


def _timed_set(level: tuple[int, int, int], zone: str, paces: Paces) -> tuple[Step, ...]:
    reps, work, recover = level
    return (
        _repeat(
            reps,
            run_step(StepKind.WORK, paces, zone, minutes=work),
            run_step(StepKind.RECOVER, paces, "E", minutes=recover, note="easy jog"),
        ),
    )


def _hill_set(level: tuple[int, int], paces: Paces) -> tuple[Step, ...]:
    reps, seconds = level
    work = Step(StepKind.WORK, seconds=seconds, effort="hard, controlled", zone="R", note="uphill")
    back = run_step(StepKind.RECOVER, paces, "E", seconds=round(seconds * 1.5), note="jog down")
    return (_repeat(reps, work, back),)


def _race_pace_set(level: tuple[int, float], paces: Paces) -> tuple[Step, ...]:
    segments, km = level
    work = run_step(StepKind.WORK, paces, "RP", km=km)
    if segments == 1:
        return (work,)
    recover = run_step(StepKind.RECOVER, paces, "E", minutes=3, note="easy")
    return (_repeat(segments, work, recover),)


def _levels(kind: Kind, race: str) -> tuple[Callable[[Paces], tuple[Step, ...]], ...]:
    """The main sets of a kind of session, easiest first."""
    if kind is Kind.THRESHOLD:
        return tuple(lambda p, lv=lv: _timed_set(lv, "T", p) for lv in THRESHOLD_LEVELS)
    if kind is Kind.INTERVALS:
        return tuple(lambda p, lv=lv: _timed_set(lv, "I", p) for lv in INTERVAL_LEVELS)
    if kind is Kind.HILLS:
        return tuple(lambda p, lv=lv: _hill_set(lv, p) for lv in HILL_LEVELS)
    levels = RACE_PACE_LEVELS.get(race, RACE_PACE_LEVELS["short"])
    return tuple(lambda p, lv=lv: _race_pace_set(lv, p) for lv in levels)


PacesKey = tuple[tuple[tuple[str, PaceRange], ...] | None, float]


def _paces_key(paces: Paces) -> PacesKey:
    zones = tuple(sorted(paces.by_zone.items())) if paces.by_zone is not None else None
    return zones, paces.fallback_easy


@lru_cache(maxsize=64)
def _main_sets(kind: Kind, race: str, key: PacesKey) -> tuple[tuple[tuple[Step, ...], float], ...]:
    """Every level's main set at these paces, with its fast km: worked out once for all the
    plan's sessions of a kind (and kept for the next replan at the same paces)."""
    zones, fallback_easy = key
    paces = Paces(dict(zones) if zones is not None else None, fallback_easy)
    sets = (option(paces) for option in _levels(kind, race))
    return tuple((main, intense_km(main, paces)) for main in sets)


def quality_run(
    kind: Kind,
    level: int,
    paces: Paces,
    race: str,
    budget_km: float,
    work_km: tuple[float, float],
    unit_km: float,
) -> Built | None:
    """V9: the session at ``level`` or the highest below it that the week can carry.

    ``budget_km`` is the whole run (the cool-down makes it up); ``work_km`` the least and the
    most of fast running for this runner's week (V4: about 80% easy): the levels below the
    least are a beginner's, the runner starts above them.
    None when not even the easiest level fits (the day becomes an easy run).
    """
    floor_km, work_cap_km = work_km
    options = _main_sets(kind, race, _paces_key(paces))
    start = sum(1 for _main, fast_km in options[:-1] if fast_km < floor_km)
    for index in range(min(start + level, len(options) - 1), -1, -1):
        main, fast_km = options[index]
        if fast_km > work_cap_km and index > 0:
            continue
        built = _framed(main, paces, budget_km, unit_km, fill=True)
        if built is not None:
            return built
    return None


def race_week_touch(paces: Paces, budget_km: float, unit_km: float) -> Built | None:
    """T2/T4: a few minutes at race pace to stay sharp in race week, no more."""
    main = _timed_set((3, 2, 2), "RP", paces)
    return _framed(main, paces, budget_km, unit_km, fill=True)


def long_run(km: float, variant: str, paces: Paces, finish_km: float, unit_km: float) -> Built:
    """V9: a steady long run, a progression (last quarter steadier), or a race-pace finish."""
    if variant == "steady" or finish_km <= 0:
        return easy_run(km, paces)
    finish = round_km(min(finish_km, km * 0.4), unit_km)
    zone = "RP" if variant == "race_pace" else "M"
    first = run_step(StepKind.WORK, paces, "E", km=round(km - finish, 3))
    last = run_step(StepKind.WORK, paces, zone, km=finish, note="finish")
    return Built((first, last), km)


def run_minutes(steps: Iterable[Step], paces: Paces) -> int:
    """How long a run takes, to the nearest 5 minutes (at least 15)."""
    return max(15, round(_seconds(steps, paces) / 300) * 5)


def _seconds(steps: Iterable[Step], paces: Paces) -> float:
    total = 0.0
    for step in steps:
        if step.step is StepKind.REPEAT:
            total += (step.repeat or 1) * _seconds(step.steps, paces)
        elif step.km is not None:
            total += step.km * paces.s_per_km(step.zone or "E")
        else:
            total += (step.minutes or 0.0) * 60 + (step.seconds or 0)
    return total
