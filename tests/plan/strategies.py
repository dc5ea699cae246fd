"""Hypothesis strategies for valid runner settings (race and base mode)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from runlift.plan.model import WEEKDAYS, Settings
from runlift.plan.settings_io import settings_from_dict

TODAY = date(2026, 11, 26)
# The reference plan: a 16-week half marathon with two strength sessions a week.
REFERENCE: dict[str, object] = {
    "mode": "race",
    "race_date": "2027-04-25",
    "distance_km": "half",
    "start": "2027-01-04",
    "weekly_km": 35,
    "long_run_km": 13,
    "runs_per_week": 5,
    "strength_per_week": 2,
    "recent_race": "10k:48:00",
    "timezone": "Europe/Berlin",
}


@st.composite
def settings_dicts(draw: st.DrawFn, mode: str | None = None) -> dict[str, object]:
    mode = mode or draw(st.sampled_from(["race", "base"]))
    runs = draw(st.integers(3, 7))
    weekly = draw(st.floats(runs * 3.0, 100.0)).__round__(1)
    low = max(2.0, weekly / runs * 0.8)
    high = min(45.0, weekly * 0.6)
    long_run = draw(st.floats(low, max(low, high))).__round__(1)
    start = TODAY + timedelta(days=draw(st.integers(0, 30)))
    long_day, rest_day = draw(
        st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=2, unique=True)
    )
    data: dict[str, object] = {
        "mode": mode,
        "start": start.isoformat(),
        "weekly_km": weekly,
        "long_run_km": max(long_run, round(low + 0.1, 1)),
        "runs_per_week": runs,
        "long_run_day": long_day,
        "rest_day": rest_day,
        "strength_per_week": draw(st.sampled_from([None, 1, 2, 3])),
        "strength_minutes": draw(st.sampled_from([20, 30, 45, 60])),
        "core_per_week": draw(st.integers(0, 3)),
        "equipment": draw(
            st.lists(st.sampled_from(["dumbbell", "kettlebell", "band", "ball", "suspension"]))
        ),
        "recent_race": draw(st.sampled_from([None, "5k:22:30", "10k:48:00", "half:1:55:00"])),
    }
    if mode == "race":
        distance = draw(st.sampled_from(["5k", "10k", "half", "marathon", "15km", "30km"]))
        race = start + timedelta(days=draw(st.integers(10, 280)))
        data |= {"race_date": race.isoformat(), "distance_km": distance}
        end = race - timedelta(days=1)
    else:
        weeks = draw(st.integers(1, 52))
        data["base_weeks"] = weeks
        end = start + timedelta(weeks=weeks)
    span = (end - start).days
    if span > 0 and draw(st.booleans()):
        offsets = draw(st.lists(st.integers(0, span), max_size=8))
        data["unavailable"] = [(start + timedelta(days=o)).isoformat() for o in offsets]
    return data


def to_settings(data: dict[str, object]) -> Settings:
    return settings_from_dict(dict(data))
