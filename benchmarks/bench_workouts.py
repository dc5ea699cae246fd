"""Watch workouts: time and bytes to write a whole 18-week plan's sessions as FIT files."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from runlift.plan.generate import generate
from runlift.plan.model import Mode, Plan, RaceResult, Settings
from runlift.publish.workouts import plan_workouts, write_workouts

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' hand-made steps
from tests.publish.workout_sessions import plan_with_steps

MARATHON = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 5, 2),
    distance_km=42.195,
    start=date(2026, 12, 28),
    weekly_km=45.0,
    long_run_km=18.0,
    runs_per_week=5,
    timezone="Europe/Berlin",
    recent_race=RaceResult(10.0, 45 * 60),
    strength_per_week=2,
)
REPEATS = 15


def median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plan() -> tuple[Plan, int]:
    """The plan, with hand-made steps where the generator gave a session none."""
    plan = generate(MARATHON, MARATHON.start or date.today())
    generated = sum(1 for s in plan.sessions if s.steps)
    return plan_with_steps(plan), generated


def main() -> None:
    plan, generated = _plan()
    start = plan.weeks[0].start
    files = plan_workouts(plan, start)
    sizes = [len(f.data) for f in files]
    weeks = len(plan.weeks)
    print(f"plan: {weeks} weeks, {len(files)} workouts ({generated} sessions with generated steps)")
    encode = median_seconds(lambda: plan_workouts(plan, start))
    each = encode / len(files) * 1e6
    print(f"encode all FIT workouts:         {encode * 1000:8.1f} ms  ({each:.0f} µs each)")
    with tempfile.TemporaryDirectory() as folder:
        write = median_seconds(lambda: write_workouts(plan_workouts(plan, start), Path(folder)))
    print(f"encode + write them to a folder: {write * 1000:8.1f} ms")
    middle = statistics.median(sizes)
    print(f"bytes: {sum(sizes):,} in all, {min(sizes)}-{max(sizes)} a file, median {middle:.0f}")
