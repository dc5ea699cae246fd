"""Watch workouts: time and bytes to write a whole 18-week plan's sessions as FIT files."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from runlift.plan.generate import generate
from runlift.plan.model import Mode, RaceResult, Settings
from runlift.publish.watch.workouts import plan_workouts, write_workouts

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


def main() -> None:
    plan = generate(MARATHON, date(2026, 12, 20))
    start = plan.weeks[0].start
    files = plan_workouts(plan, start)
    sizes = [len(f.data) for f in files]
    print(f"plan: {len(plan.weeks)} weeks, {len(files)} workouts (runs and strength)")
    encode = median_seconds(lambda: plan_workouts(plan, start))
    each = encode / len(files) * 1e6
    print(f"encode all FIT workouts:         {encode * 1000:8.1f} ms  ({each:.0f} µs each)")
    with tempfile.TemporaryDirectory() as folder:
        write = median_seconds(lambda: write_workouts(plan_workouts(plan, start), Path(folder)))
    print(f"encode + write them to a folder: {write * 1000:8.1f} ms")
    middle = statistics.median(sizes)
    print(f"bytes: {sum(sizes):,} in all, {min(sizes)}-{max(sizes)} a file, median {middle:.0f}")
