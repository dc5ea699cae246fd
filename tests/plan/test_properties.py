"""Property tests: for any valid settings the plan breaks no error rule (DOMAIN.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import assume, given

from runlift.errors import SettingsError
from runlift.plan.generate import generate
from runlift.plan.model import KM_PER_MILE, Kind, Load, Mode, Plan, Severity
from runlift.plan.serialize import plan_to_json
from runlift.plan.settings_io import settings_from_dict
from runlift.plan.targets.weeks import race_class
from tests.plan.strategies import REFERENCE, TODAY, settings_dicts, to_settings


def _plan(data: dict[str, object]) -> Plan:
    try:
        return generate(to_settings(data), TODAY)
    except SettingsError as error:  # a combination the engine rightly refuses (e.g. 2 runs)
        assume(False)
        raise AssertionError from error


@given(settings_dicts())
def test_no_error_rule_is_ever_broken(data: dict[str, object]) -> None:
    plan = _plan(data)
    errors = [v for v in plan.warnings if v.severity is Severity.ERROR]
    assert errors == [], errors


@given(settings_dicts())
def test_generation_is_deterministic(data: dict[str, object]) -> None:
    assert plan_to_json(_plan(data)) == plan_to_json(_plan(data))


@given(settings_dicts(mode="race"))
def test_race_is_the_last_session_on_race_day(data: dict[str, object]) -> None:
    plan = _plan(data)
    race_day = plan.settings.race_date
    last = max(plan.active_sessions, key=lambda s: (s.date, s.kind is Kind.RACE))
    assert last.kind is Kind.RACE and last.date == race_day
    assert [s.kind for s in plan.active_sessions if s.date == race_day] == [Kind.RACE]


@given(settings_dicts(mode="race"))
def test_strength_cut_back_before_the_race(data: dict[str, object]) -> None:
    plan = _plan(data)
    settings = plan.settings
    assert settings.race_date is not None and settings.distance_km is not None
    min_days = 10 if race_class(settings.distance_km) in ("marathon", "half") else 7
    lifts = [s for s in plan.active_sessions if s.kind is Kind.STRENGTH]
    for lift in lifts:
        days_out = (settings.race_date - lift.date).days
        assert days_out > 4, f"strength {days_out} days before the race"
        if lift.load is Load.HEAVY:
            assert days_out >= min_days
    late = [s for s in lifts if (settings.race_date - s.date).days <= 13]
    weeks = [s.date - timedelta(days=s.date.weekday()) for s in late]
    assert len(weeks) == len(set(weeks)), "more than one strength session a week at the end"


@given(settings_dicts())
def test_ids_are_unique_and_sessions_avoid_unavailable_days(data: dict[str, object]) -> None:
    plan = _plan(data)
    ids = [s.id for s in plan.sessions]
    assert len(ids) == len(set(ids))
    blocked = set(plan.settings.unavailable)
    assert not [s.id for s in plan.sessions if s.date in blocked]
    if plan.settings.mode is Mode.RACE:
        assert all(s.id.startswith("w-") for s in plan.sessions)


def _not_in_half_miles(plan: Plan) -> list[str]:
    """Runs whose distance is no 0.5 mi step (the race itself is exact: 26.2 mi)."""
    off = []
    for run in (s for s in plan.sessions if s.distance_km and s.kind is not Kind.RACE):
        halves = run.distance_km / KM_PER_MILE * 2  # type: ignore[operator]
        if abs(halves - round(halves)) > 0.01:
            off.append(f"{run.id}: {run.title}")
    return off


@pytest.mark.parametrize("distance", ["5k", "10k", "half", "marathon", "30km"])
@pytest.mark.parametrize(("weekly_km", "long_run_km"), [(12, 4), (25, 8), (45, 14), (80, 24)])
def test_every_run_of_a_miles_plan_is_in_half_miles(
    distance: str, weekly_km: float, long_run_km: float
) -> None:
    plan = generate(
        settings_from_dict(
            {**REFERENCE, "units": "mi", "distance_km": distance, "weekly_km": weekly_km,
             "long_run_km": long_run_km, "runs_per_week": 5 if weekly_km < 80 else 6,
             "recent_race": None}
        ),
        TODAY,
    )  # fmt: skip
    assert _not_in_half_miles(plan) == []
    race = next(s for s in plan.sessions if s.kind is Kind.RACE)
    assert race.distance_km == pytest.approx(plan.settings.distance_km, abs=0.001)  # not rounded
    if distance in ("half", "marathon"):
        assert race.title.endswith({"half": " 13.1 mi", "marathon": " 26.2 mi"}[distance])


@given(settings_dicts())
def test_every_run_of_any_miles_plan_is_in_half_miles(data: dict[str, object]) -> None:
    assert _not_in_half_miles(_plan({**data, "units": "mi"})) == []
