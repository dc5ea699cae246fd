"""One test per DOMAIN.md rule id: break the rule in a real plan, the checker names it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from runlift.plan.generate import generate
from runlift.plan.model import (
    Exercise,
    Kind,
    Load,
    PaceRange,
    Pattern,
    Phase,
    Plan,
    Session,
    Severity,
)
from runlift.plan.rules.check import check
from runlift.plan.settings_io import settings_from_dict
from tests.plan.strategies import REFERENCE

TODAY = date(2026, 11, 26)
HALF = REFERENCE


@pytest.fixture(scope="module")
def plan() -> Plan:
    return generate(settings_from_dict(HALF), TODAY)


def rules_of(plan: Plan, severity: Severity = Severity.ERROR) -> set[str]:
    return {v.rule for v in check(plan) if v.severity is severity}


def with_sessions(plan: Plan, sessions: list[Session]) -> Plan:
    return replace(plan, sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.id))))


def swap(plan: Plan, old: Session, new: Session) -> Plan:
    return with_sessions(plan, [new if s is old else s for s in plan.sessions])


def first(plan: Plan, kind: Kind, load: Load | None = None, phase: Phase | None = None) -> Session:
    for s in plan.sessions:
        week = plan.week_of(s.date)
        right_load = load is None or s.load is load
        if s.kind is kind and right_load and (phase is None or (week and week.phase is phase)):
            return s
    raise AssertionError(f"no {kind} in the plan")


def test_reference_plan_is_clean(plan: Plan) -> None:
    assert rules_of(plan) == set()


def test_s1_more_than_three_sessions(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, phase=Phase.BUILD)
    extra = [replace(lift, id=f"x{i}", date=lift.date + timedelta(days=i)) for i in (-2, -1)]
    extra.append(replace(lift, id="x3", date=lift.date + timedelta(days=1)))
    assert "S1" in rules_of(with_sessions(plan, [*plan.sessions, *extra]))


def test_s2_week_missing_a_pattern(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, Load.HEAVY)
    trimmed = tuple(e for e in lift.exercises if e.pattern in (Pattern.CORE, Pattern.SQUAT))
    assert "S2" in rules_of(swap(plan, lift, replace(lift, exercises=trimmed)))


def test_s3_reps_and_holds(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, Load.HEAVY)
    lifts = [e for e in lift.exercises if e.pattern in (Pattern.PUSH, Pattern.PULL, Pattern.HINGE)]
    wrong = replace(lifts[0], reps="15-20")
    held = Exercise("Plank", Pattern.CORE, 3, reps="10", hold_breaths=10)
    exercises = (*[wrong if e is lifts[0] else e for e in lift.exercises], held)
    found = [v for v in check(swap(plan, lift, replace(lift, exercises=exercises)))]
    assert {v.message for v in found if v.rule == "S3"} >= {
        f"{lift.date:%a %d %b}: {wrong.name}: 6-8 reps when heavy.",
        f"{lift.date:%a %d %b}: Plank: holds count breaths only.",
    }


def test_s4_session_without_core(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH)
    no_core = tuple(e for e in lift.exercises if e.pattern is not Pattern.CORE)
    assert "S4" in rules_of(swap(plan, lift, replace(lift, exercises=no_core)))


def _day_before_long(plan: Plan) -> tuple[Session, date]:
    lift = first(plan, Kind.STRENGTH, Load.HEAVY, Phase.BUILD)
    week = plan.week_of(lift.date)
    assert week is not None
    long_run = next(
        s for s in plan.sessions if s.kind is Kind.LONG and plan.week_of(s.date) == week
    )
    return lift, long_run.date - timedelta(days=1)


def test_s5_heavy_the_day_before_a_hard_day(plan: Plan) -> None:
    lift, eve = _day_before_long(plan)
    assert "S5" in rules_of(swap(plan, lift, replace(lift, date=eve)))


def test_s5_after_a_manual_move_is_a_warning(plan: Plan) -> None:
    lift, eve = _day_before_long(plan)
    moved = swap(plan, lift, replace(lift, date=eve, edited=True))
    assert "S5" not in rules_of(moved)
    assert "S5" in rules_of(moved, Severity.WARNING)


def test_s6_strength_neither_on_a_hard_day_nor_before_an_easy_run(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, Load.MODERATE, Phase.BUILD)
    rest = next(s for s in plan.sessions if s.kind is Kind.REST and s.date > lift.date)
    moved = replace(lift, date=rest.date - timedelta(days=1))
    busy = [s for s in plan.sessions if s.date == moved.date and s.is_run]
    plan = with_sessions(plan, [s for s in plan.sessions if s is not lift and s not in busy])
    assert "S6" in rules_of(with_sessions(plan, [*plan.sessions, moved]), Severity.WARNING)


def test_s7_lifting_the_day_after_heavy(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, Load.HEAVY, Phase.BUILD)
    light = replace(lift, id="x", load=Load.LIGHT, date=lift.date + timedelta(days=1))
    assert "S7" in rules_of(with_sessions(plan, [*plan.sessions, light]))


def test_s8_three_sessions_in_a_race_build(plan: Plan) -> None:
    default = generate(settings_from_dict({**HALF, "strength_per_week": None}), TODAY)
    lift = first(default, Kind.STRENGTH, Load.HEAVY, Phase.BUILD)
    week = default.week_of(lift.date)
    assert week is not None
    extra = replace(lift, id="x", load=Load.LIGHT, date=week.start)
    assert "S8" not in rules_of(default)
    assert "S8" in rules_of(with_sessions(default, [*default.sessions, extra]))


def test_t1_taper_without_less_volume(plan: Plan) -> None:
    peak = max(w.run_km for w in plan.weeks)
    weeks = tuple(replace(w, run_km=peak) if w.phase is Phase.TAPER else w for w in plan.weeks)
    assert "T1" in rules_of(replace(plan, weeks=weeks))


def test_t2_taper_off_the_published_shape(plan: Plan) -> None:
    peak = max(w.run_km for w in plan.weeks)
    weeks = tuple(
        replace(w, run_km=peak * 0.3) if w.phase is Phase.TAPER else w for w in plan.weeks
    )
    assert "T2" in rules_of(replace(plan, weeks=weeks), Severity.WARNING)


def test_t3_heavy_too_close_and_lifting_in_the_last_days(plan: Plan) -> None:
    race = plan.settings.race_date
    assert race is not None
    lift = first(plan, Kind.STRENGTH, Load.HEAVY)
    late = [
        replace(lift, id="x1", date=race - timedelta(days=6)),
        replace(lift, id="x2", load=Load.LIGHT, date=race - timedelta(days=2)),
    ]
    messages = [v.message for v in check(with_sessions(plan, [*plan.sessions, *late]))]
    assert any("heavy strength less than 10 days" in m for m in messages)
    assert any("no strength in the last 4 days" in m for m in messages)


def test_t4_race_day_and_its_eve(plan: Plan) -> None:
    race = first(plan, Kind.RACE)
    easy = first(plan, Kind.EASY)
    eve_run = replace(easy, id="x", date=race.date - timedelta(days=1))
    assert "T4" in rules_of(with_sessions(plan, [*plan.sessions, eve_run]))
    assert "T4" in rules_of(with_sessions(plan, [s for s in plan.sessions if s is not race]))


def test_t5_weeks_counted_back_from_race_day(plan: Plan) -> None:
    weeks = tuple(replace(w, to_race=w.index) for w in plan.weeks)
    assert "T5" in rules_of(replace(plan, weeks=weeks))


def test_v1_weekly_jump_and_single_long_run(plan: Plan) -> None:
    target = plan.weeks[6]
    weeks = tuple(replace(w, run_km=w.run_km * 1.6) if w is target else w for w in plan.weeks)
    assert "V1" in rules_of(replace(plan, weeks=weeks))
    long_run = first(plan, Kind.LONG, phase=Phase.BUILD)
    longer = replace(long_run, distance_km=(long_run.distance_km or 0) * 1.4)
    assert "V1" in rules_of(swap(plan, long_run, longer), Severity.WARNING)


def test_v2_cutback_week_that_does_not_cut(plan: Plan) -> None:
    cut = next(w for w in plan.weeks if w.cutback)
    previous = plan.weeks[cut.index - 2]
    weeks = tuple(replace(w, run_km=previous.run_km) if w is cut else w for w in plan.weeks)
    assert "V2" in rules_of(replace(plan, weeks=weeks), Severity.WARNING)


def test_v3_long_run_over_the_time_cap(plan: Plan) -> None:
    # 30 km at this runner's easy pace (VDOT 42) is well over 2h15 of running
    long_run = first(plan, Kind.LONG, phase=Phase.PEAK)
    longer = swap(plan, long_run, replace(long_run, distance_km=30.0))
    messages = [v.message for v in check(longer) if v.rule == "V3"]
    assert any("2h15" in m for m in messages)
    assert not [v for v in check(plan) if v.rule == "V3"]


def test_v4_three_quality_runs_and_back_to_back_hard_days(plan: Plan) -> None:
    long_run = first(plan, Kind.LONG, phase=Phase.BUILD)
    before = replace(long_run, id="x1", kind=Kind.INTERVALS, date=long_run.date - timedelta(1))
    extra = [before, replace(before, id="x2"), replace(before, id="x3")]
    assert "V4" in rules_of(with_sessions(plan, [*plan.sessions, *extra]))


def test_v5_week_without_rest(plan: Plan) -> None:
    rest = first(plan, Kind.REST, phase=Phase.BUILD)
    easy = replace(first(plan, Kind.EASY), id="x", date=rest.date)
    week = plan.week_of(rest.date)
    assert week is not None
    fill = [replace(easy, id=f"y{i}", date=week.start + timedelta(days=i)) for i in range(7)]
    assert "V5" in rules_of(with_sessions(plan, [*plan.sessions, easy, *fill]))


def test_v6_compressed_plan_warns() -> None:
    short = generate(
        settings_from_dict({**HALF, "start": "2027-03-15", "strength_per_week": None}), TODAY
    )
    assert "V6" in rules_of(short, Severity.WARNING)
    assert rules_of(short) == set()


def test_v7_phases_out_of_order(plan: Plan) -> None:
    weeks = (replace(plan.weeks[0], phase=Phase.PEAK), *plan.weeks[1:])
    assert "V7" in rules_of(replace(plan, weeks=weeks))


def test_p1_vdot_must_match_the_race(plan: Plan) -> None:
    assert "P1" in rules_of(replace(plan, vdot=(plan.vdot or 0) + 3))


def test_p2_pace_off_the_table(plan: Plan) -> None:
    run = first(plan, Kind.THRESHOLD)
    assert run.pace is not None
    off = replace(run.pace, min_s_per_km=run.pace.min_s_per_km - 20)
    assert "P2" in rules_of(swap(plan, run, replace(run, pace=off)))


def test_p3_no_invented_paces() -> None:
    no_race = generate(settings_from_dict({**HALF, "recent_race": None}), TODAY)
    assert rules_of(no_race) == set()
    assert all(s.pace is None for s in no_race.sessions)
    run = first(no_race, Kind.EASY)
    invented = replace(run, pace=PaceRange("E", 300, 330))
    assert "P3" in rules_of(swap(no_race, run, invented))


def test_s1_a_skipped_session_is_named_as_skipped(plan: Plan) -> None:
    lift = first(plan, Kind.STRENGTH, Load.HEAVY, Phase.BUILD)
    after = swap(plan, lift, replace(lift, skipped=True))
    found = [v for v in check(after) if v.rule == "S1"]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert "1 of 2 strength sessions (you skipped 1)" in found[0].message
