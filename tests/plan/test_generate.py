"""The generator's behaviour a runner can see: phases, taper, placement, errors."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from runlift.errors import SettingsError
from runlift.plan.generate import generate
from runlift.plan.model import Kind, Load, Mode, Phase, Plan, Severity, Slot
from runlift.plan.serialize import plan_to_json
from runlift.plan.settings_io import settings_from_dict
from tests.plan.strategies import REFERENCE

TODAY = date(2026, 11, 26)
GOLDEN = Path(__file__).parent / "golden" / "reference_plan.json"


def make(**changes: object) -> Plan:
    return generate(settings_from_dict({**REFERENCE, **changes}), TODAY)


def test_reference_plan_matches_golden_json() -> None:
    produced = json.dumps(plan_to_json(make()), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("RUNLIFT_REGENERATE_GOLDEN"):
        GOLDEN.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN.read_text(encoding="utf-8")


def test_plan_json_has_the_documented_shape() -> None:
    data = plan_to_json(make())
    assert data["format"] == "runlift-plan" and data["version"] == 1
    assert data["settings"]["race_date"] == "2027-04-25"
    assert data["vdot"] == pytest.approx(42.0, abs=0.2)
    kinds = {s["kind"] for s in data["sessions"]}
    assert {"long", "strength", "race", "rest", "easy"} <= kinds
    lift = next(s for s in data["sessions"] if s["kind"] == "strength")
    assert lift["load"] in ("heavy", "moderate", "light") and lift["exercises"]
    long_run = next(s for s in data["sessions"] if s["kind"] == "long")
    assert long_run["hard"] is True and long_run["pace"]["name"] == "E"
    assert long_run["pace"]["min_s_per_km"] < long_run["pace"]["max_s_per_km"]


def test_phases_run_base_build_peak_taper_race() -> None:
    phases = [w.phase for w in make().weeks]
    assert phases[0] is Phase.BASE and phases[-1] is Phase.RACE
    assert phases[-2] is Phase.TAPER and Phase.PEAK in phases and Phase.BUILD in phases


def test_moving_the_race_two_weeks_later_moves_the_taper_with_it() -> None:
    before = make()
    after = make(race_date="2027-05-09")
    assert len(after.weeks) == len(before.weeks) + 2
    taper_before = [w.start for w in before.weeks if w.phase in (Phase.TAPER, Phase.RACE)]
    taper_after = [w.start for w in after.weeks if w.phase in (Phase.TAPER, Phase.RACE)]
    assert taper_after == [d + timedelta(weeks=2) for d in taper_before]
    ids_before = {s.id for s in before.sessions}
    ids_after = {s.id for s in after.sessions}
    assert "w-03.long" in ids_before & ids_after  # counted back from race day (T5)


def test_hard_day_has_a_morning_run_and_an_evening_lift() -> None:
    plan = make(tue_am="06:15", tue_pm="19:30", thu_am="06:15", thu_pm="19:30")
    for lift in (s for s in plan.sessions if s.kind is Kind.STRENGTH and s.load is Load.HEAVY):
        runs = [s for s in plan.sessions if s.date == lift.date and s.hard]
        if runs and lift.date.weekday() in (1, 3):
            assert runs[0].slot is Slot.AM and runs[0].start == time(6, 15)
            assert lift.slot is Slot.PM and lift.start == time(19, 30)
            assert "after today's" in lift.why


def test_unavailable_days_stay_empty_and_the_long_run_moves() -> None:
    sunday = date(2027, 2, 7)
    plan = make(unavailable=[sunday.isoformat(), "2027-02-08..2027-02-09"])
    assert not [s for s in plan.sessions if date(2027, 2, 7) <= s.date <= date(2027, 2, 9)]
    moved = [s for s in plan.sessions if s.kind is Kind.LONG and s.date.isocalendar()[1] == 5]
    assert len(moved) == 1 and "unavailable" in moved[0].why


def test_a_whole_week_away_loses_its_hard_sessions_with_a_warning() -> None:
    plan = make(unavailable=["2027-02-01..2027-02-07"])
    warnings = [v for v in plan.warnings if v.date == date(2027, 2, 1)]
    assert {v.rule for v in warnings} == {"V3", "V4"}  # the long run and the quality run
    assert all(v.severity is Severity.WARNING for v in warnings)
    assert not [s for s in plan.sessions if date(2027, 2, 1) <= s.date <= date(2027, 2, 7)]


def test_base_mode_lifts_more_and_on_non_running_days() -> None:
    plan = generate(
        settings_from_dict(
            {"mode": "base", "base_weeks": 8, "start": "2027-01-04", "weekly_km": 40,
             "long_run_km": 14, "runs_per_week": 4, "strength_minutes": 30}
        ),
        TODAY,
    )  # fmt: skip
    assert plan.settings.mode is Mode.BASE
    assert {w.phase for w in plan.weeks} == {Phase.BASE}
    assert plan.weeks[0].run_km < 40  # less running than now
    first_week = [s for s in plan.sessions if s.id.startswith("w-01.strength")]
    assert len(first_week) == 3  # S1: short sessions → 3 a week
    run_days = {s.date for s in plan.sessions if s.is_run}
    week = [date(2027, 1, 4) + timedelta(days=i) for i in range(7)]
    rest = plan.settings.rest  # V5: the day after the long run when not given
    free_days = [d for d in week if d not in run_days and d.strftime("%a").lower() != rest]
    on_free_days = [s for s in first_week if s.date not in run_days]
    assert len(on_free_days) == min(3, len(free_days)) == 2


def test_no_recent_race_means_effort_not_pace() -> None:
    plan = make(recent_race=None)
    assert plan.vdot is None
    easy = next(s for s in plan.sessions if s.kind is Kind.EASY)
    assert easy.pace is None and "conversational" in easy.description.lower()


def test_miles_show_in_titles_but_json_stays_in_km() -> None:
    plan = make(units="mi")
    long_run = next(s for s in plan.sessions if s.kind is Kind.LONG)
    assert long_run.title.endswith(" mi") and "/mi" in long_run.description
    assert plan_to_json(plan)["sessions"][0].get("distance_km", 0) >= 0


def test_the_shake_out_before_the_race_is_two_miles_or_three_km() -> None:
    for units, title in (("mi", "Shake-out run 2 mi"), ("km", "Shake-out run 3 km")):
        plan = make(units=units)
        assert next(s for s in plan.sessions if s.kind is Kind.RECOVERY).title == title


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"race_date": "2026-10-01"}, "race_date"),
        ({"race_date": "2027-01-01"}, "race_date"),
        ({"distance_km": "marathon", "runs_per_week": 2}, "runs_per_week"),
        ({"long_run_day": "fri", "rest_day": "fri"}, "rest_day"),
        ({"unavailable": ["2027-04-25"]}, "unavailable"),
        ({"tue_am": "19:00", "tue_pm": "06:30"}, "tue_pm"),
    ],
)
def test_bad_settings_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(SettingsError) as caught:
        make(**changes)
    assert caught.value.field == field and caught.value.message


def test_settings_round_trip_through_the_plan_json() -> None:
    plan = make()
    again = settings_from_dict(plan_to_json(plan)["settings"])
    assert again == plan.settings
    assert replace(plan.settings, start=None) != plan.settings


def test_race_pace_is_described_as_goal_race_effort_not_marathon_effort() -> None:
    plan = make(distance_km="5k", race_date="2027-03-07", recent_race=None)
    race_pace = [s for s in plan.sessions if s.kind is Kind.RACE_PACE]
    assert race_pace and all("goal race effort" in s.description for s in race_pace)
    assert not any("marathon" in s.description for s in race_pace)


def test_low_volume_with_many_runs_never_ramps_by_an_error() -> None:
    plan = generate(
        settings_from_dict(
            {"mode": "race", "start": "2027-01-07", "race_date": "2027-01-31",
             "distance_km": "10k", "weekly_km": 15, "long_run_km": 4.7, "runs_per_week": 5,
             "long_run_day": "sat", "rest_day": "sun"}
        ),
        date(2027, 1, 6),
    )  # fmt: skip
    assert [v for v in plan.warnings if v.severity is Severity.ERROR] == []
