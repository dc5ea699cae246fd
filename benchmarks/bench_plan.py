"""Plan generation: what a runner waits for after each settings change."""

from __future__ import annotations

import statistics
import time
from datetime import date

from runlift.plan.generate import generate
from runlift.plan.settings_io import settings_from_dict

TODAY = date(2026, 11, 26)
MARATHON_18 = {
    "mode": "race", "race_date": "2027-05-02", "distance_km": "marathon", "start": "2026-12-28",
    "weekly_km": 45, "long_run_km": 18, "runs_per_week": 5, "recent_race": "half:1:45:00",
    "core_per_week": 1,
}  # fmt: skip
BASE_52 = {
    "mode": "base", "base_weeks": 52, "start": "2026-12-28", "weekly_km": 40,
    "long_run_km": 15, "runs_per_week": 4, "strength_per_week": 3,
}  # fmt: skip


def median_ms(values: dict[str, object], repeats: int = 60) -> float:
    settings = settings_from_dict(values)
    generate(settings, TODAY)  # warm the exercise cache, as the app does on start
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        generate(settings, TODAY)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    print(f"generate 18-week marathon plan: median {median_ms(MARATHON_18):.1f} ms (60 runs)")
    print(f"generate 52-week base plan:     median {median_ms(BASE_52):.1f} ms (60 runs)")


if __name__ == "__main__":
    main()
