"""Watch workouts of generated plans: every session with steps, decoded by Garmin's SDK."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import pytest

from runlift.plan.generate import generate
from runlift.plan.model import (
    Kind,
    Load,
    Mode,
    Plan,
    RaceResult,
    Session,
    Settings,
    StepKind,
    Units,
)
from runlift.publish.watch.workouts import has_workout, session_workout
from tests.publish.fit_reading import decoded_steps, expected_steps, fitdecode_read, garmin_read


@cache
def _plan(units: Units, race_result: bool, distance_km: float) -> Plan:
    settings = Settings(
        mode=Mode.RACE,
        race_date=date(2027, 5, 2),
        distance_km=distance_km,
        start=date(2026, 12, 28),
        weekly_km=45.0,
        long_run_km=18.0,
        runs_per_week=5,
        strength_per_week=2,
        recent_race=RaceResult(10.0, 45 * 60) if race_result else None,
        units=units,
        timezone="Europe/Berlin",
    )
    return generate(settings, date(2026, 12, 20))


def _two_work_steps_by_km(s: Session) -> bool:
    work = [step for step in s.steps if step.step is StepKind.WORK]
    by_km = len(work) == 2 and all(step.km for step in work)
    return s.kind is Kind.LONG and by_km and work[1].pace is not None and work[1].pace.name == "RP"


def _by_effort(s: Session) -> bool:
    return s.kind is Kind.EASY and all(step.pace is None and step.effort for step in s.steps)


MARATHON, TEN_K = 42.195, 10.0
# Which plan shows each kind: (paces from a race result, race distance, the session wanted).
CASES: dict[str, tuple[bool, float, Callable[[Session], bool]]] = {
    "threshold": (True, MARATHON, lambda s: s.kind is Kind.THRESHOLD),
    "intervals": (True, TEN_K, lambda s: s.kind is Kind.INTERVALS),
    "hills": (True, MARATHON, lambda s: s.kind is Kind.HILLS),
    "race-pace long run": (True, MARATHON, _two_work_steps_by_km),
    "easy run by effort": (False, TEN_K, _by_effort),
    "heavy strength": (True, MARATHON, lambda s: s.kind is Kind.STRENGTH and s.load is Load.HEAVY),
    "light strength": (True, MARATHON, lambda s: s.kind is Kind.STRENGTH and s.load is Load.LIGHT),
}


@pytest.mark.parametrize("units", list(Units), ids=str)
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_generated_session_of_each_kind_decodes_step_for_step(case: str, units: Units) -> None:
    race_result, distance_km, wanted = CASES[case]
    plan = _plan(units, race_result, distance_km)
    session = next((s for s in plan.sessions if s.steps and wanted(s)), None)
    assert session is not None, f"the generated plan has no {case} session with steps"
    data = session_workout(session, units, plan.settings.timezone).data
    expected = expected_steps(session)
    assert decoded_steps(garmin_read(data)) == [pytest.approx(s, abs=0.0011) for s in expected]
    assert len([m for m, _ in fitdecode_read(data) if m == "workout_step"]) == len(expected)


@pytest.mark.parametrize("distance_km", [MARATHON, TEN_K], ids=["marathon", "10k"])
@pytest.mark.parametrize("race_result", [True, False], ids=["paces", "effort"])
def test_every_run_and_strength_session_of_a_plan_has_a_watch_workout(
    race_result: bool, distance_km: float
) -> None:
    plan = _plan(Units.KM, race_result, distance_km)
    sessions = [s for s in plan.sessions if s.is_run or s.kind is Kind.STRENGTH]
    assert sessions and all(has_workout(s) for s in sessions)
    for session in (s for s in plan.sessions if has_workout(s)):
        data = session_workout(session, Units.KM, plan.settings.timezone).data
        expected = expected_steps(session)
        assert decoded_steps(garmin_read(data)) == [pytest.approx(s, abs=0.0011) for s in expected]
