"""RunLift's plans beside published plans, on the same day-1 inputs.

The measures and bars are those of the reference plans' README (peak long run, long runs near
the peak, peak week, race week, week over week). ``tests/plan/test_reference_plans.py`` holds
every plan to the bars; ``make bench`` prints the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from runlift.plan.generate import generate
from runlift.plan.model import Kind, Phase, Plan
from runlift.plan.settings_io import settings_from_dict

FOLDER = Path(__file__).parent / "reference_plans"
START = date(2027, 1, 4)  # a Monday: the published plans start on a full week
TODAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Measures:
    """One plan's figures, by the README's measures."""

    peak_long: float
    near_peak: int  # runs of 90%+ of the published peak long run, before race week
    peak_week: float
    race_week: float  # race excluded
    biggest_rise: float  # week over week, not counting the week after a cut-back

    @property
    def race_share(self) -> float:
        return self.race_week / self.peak_week if self.peak_week else 0.0


@dataclass(frozen=True)
class Comparison:
    name: str
    distance: str
    source: str
    published: Measures
    runlift: Measures
    plan: Plan

    def failures(self) -> list[str]:
        """Every bar this plan misses, in words (empty: within all the bars)."""
        pub, own = self.published, self.runlift
        found = []
        if own.peak_long < 0.85 * pub.peak_long:
            found.append(f"peak long run {own.peak_long:g} < 85% of {pub.peak_long:g}")
        if pub.peak_long >= 29 and own.peak_long < 29 and self.distance == "marathon":
            found.append(f"marathon peak long run {own.peak_long:g} < 29 km")
        if own.near_peak < pub.near_peak - 1:
            found.append(f"{own.near_peak} long runs near the peak, published {pub.near_peak}")
        if not 0.75 * pub.peak_week <= own.peak_week <= 1.30 * pub.peak_week:
            found.append(f"peak week {own.peak_week:g} not 75-130% of {pub.peak_week:g}")
        if not 0.35 <= own.race_share <= 0.70:
            found.append(f"race week {own.race_share:.0%} of the peak week (35-70%)")
        if own.biggest_rise > 0.30:
            found.append(f"a week {own.biggest_rise:.0%} above the week before")
        return found


def reference_files() -> list[Path]:
    return sorted(FOLDER.glob("*.json"))


def _settings(data: dict[str, Any]) -> dict[str, object]:
    inputs = data["day1_inputs"]
    race = START + timedelta(weeks=data["weeks_count"] - 1, days=6)  # the last week's Sunday
    return {
        "mode": "race",
        "distance_km": data["distance"],
        "race_date": race.isoformat(),
        "start": START.isoformat(),
        "weekly_km": inputs["weekly_km"],
        "long_run_km": inputs["long_run_km"],
        "runs_per_week": inputs["runs_per_week"],
        "long_run_day": inputs["long_run_day"],
        "rest_day": inputs["rest_day"],
    }


def _published(data: dict[str, Any]) -> Measures:
    weeks = data["weeks"]
    before_race = weeks[:-1]
    peak_long = max(w["long_run_km"] for w in before_race)
    near = sum(w["long_run_km"] >= 0.9 * peak_long for w in before_race)
    rises = [b["run_km"] / a["run_km"] - 1 for a, b in pairwise(weeks) if a["run_km"] > 0]
    return Measures(
        peak_long=peak_long,
        near_peak=near,
        peak_week=max(w["run_km"] for w in before_race),
        race_week=weeks[-1]["run_km"],
        biggest_rise=max(rises, default=0.0),
    )


def _measures(plan: Plan, published_peak_long: float) -> Measures:
    weeks = plan.weeks
    runs = [s for s in plan.active_sessions if s.is_run and s.kind is not Kind.RACE]
    race_week = weeks[-1]
    before = [s for s in runs if s.date < race_week.start]
    rises = [b.run_km / a.run_km - 1 for a, b in pairwise(weeks) if a.run_km > 0 and not a.cutback]
    return Measures(
        peak_long=max((s.distance_km or 0.0 for s in before), default=0.0),
        near_peak=sum((s.distance_km or 0.0) >= 0.9 * published_peak_long for s in before),
        peak_week=max(w.run_km for w in weeks if w.phase is not Phase.RACE),
        race_week=race_week.run_km,
        biggest_rise=max(rises, default=0.0),
    )


def compare(path: Path) -> Comparison:
    data = json.loads(path.read_text(encoding="utf-8"))
    plan = generate(settings_from_dict(_settings(data)), TODAY)
    published = _published(data)
    source = data["source"].get("upstream") or data["source"]["data"]
    measures = _measures(plan, published.peak_long)
    return Comparison(path.stem, data["distance"], source, published, measures, plan)


def comparisons() -> Iterator[Comparison]:
    for path in reference_files():
        yield compare(path)


def table(rows: list[Comparison]) -> str:
    """The comparison as a text table: published / RunLift for each measure."""
    head = (
        f"{'plan':34} {'peak long':>11} {'near peak':>9} {'peak week':>11} "
        f"{'race wk':>9} {'max rise':>9}  bars"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        pub, own = row.published, row.runlift
        verdict = "ok" if not row.failures() else "; ".join(row.failures())
        lines.append(
            f"{row.name:34} {pub.peak_long:5.1f}/{own.peak_long:<5.1f} "
            f"{pub.near_peak:4d}/{own.near_peak:<4d} {pub.peak_week:5.1f}/{own.peak_week:<5.1f} "
            f"{pub.race_week / pub.peak_week:4.0%}/{own.race_share:<4.0%} "
            f"{pub.biggest_rise:4.0%}/{own.biggest_rise:<4.0%}  {verdict}"
        )
    lines.append("(published/RunLift; race wk as a share of the plan's own peak week)")
    return "\n".join(lines)
