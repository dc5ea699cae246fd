"""Race readiness over random runners (V1-V3, V8-V10, T2, T4): hypothesis properties.

Every runner a real runner could be (5-160 km a week, 3-7 runs, any distance and long-run
day, with or without a longest run or a recent race) gets a plan, or a one-line error about a
setting they gave; and the plan builds to what the race needs or says plainly that it cannot.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from runlift.errors import SettingsError
from runlift.plan.generate import generate
from runlift.plan.model import WEEKDAYS, Kind, Phase, Plan, Session, Severity, Week
from runlift.plan.settings_io import settings_from_dict
from runlift.plan.targets.readiness import current_long_run, readiness_minimum

TODAY = date(2026, 12, 1)
EASY_KINDS = (Kind.EASY, Kind.STRIDES, Kind.RECOVERY)
QUALITY = (Kind.THRESHOLD, Kind.INTERVALS, Kind.HILLS, Kind.RACE_PACE)


@st.composite
def runners(draw: st.DrawFn) -> dict[str, object]:
    """What a runner types: only the keys they set are in the dict."""
    runs = draw(st.integers(3, 7))
    weekly = round(draw(st.floats(5.0, 160.0)), 1)
    start = TODAY + timedelta(days=draw(st.integers(0, 20)))
    weeks = draw(st.integers(3, 40))
    race = start + timedelta(weeks=weeks, days=draw(st.integers(0, 6)))
    data: dict[str, object] = {
        "mode": "race",
        "distance_km": draw(st.sampled_from(["5k", "10k", "half", "marathon"])),
        "race_date": race.isoformat(),
        "start": start.isoformat(),
        "weekly_km": weekly,
        "runs_per_week": runs,
        "long_run_day": draw(st.sampled_from(WEEKDAYS)),
        "strength_per_week": draw(st.sampled_from([0, 1, 2, 3])),
    }
    if draw(st.booleans()):
        data["long_run_km"] = round(draw(st.floats(0.2, 0.55)) * weekly, 1)
    if draw(st.booleans()):
        data["rest_day"] = draw(st.sampled_from(WEEKDAYS))
    race_result = draw(
        st.sampled_from([None, "5k:19:30", "10k:48:00", "half:2:05:00", "5k:38:00", "10k:1:30:00"])
    )
    if race_result:
        data["recent_race"] = race_result
    return data


def _plan_or_error(data: dict[str, object]) -> Plan | None:
    try:
        return generate(settings_from_dict(data), TODAY)
    except SettingsError as error:
        # never a refusal of a default: the field named is one the runner set
        assert error.field in data, (error.field, error.message)
        assert "\n" not in error.message
        return None


def _full(plan: Plan, week: Week) -> bool:
    days = {week.start + timedelta(days=i) for i in range(7)}
    start = plan.settings.start or week.start
    return week.start >= start and not days & set(plan.settings.unavailable)


def _runs(plan: Plan, week: Week) -> list[Session]:
    end = week.start + timedelta(days=7)
    return [
        s
        for s in plan.active_sessions
        if s.is_run and s.kind is not Kind.RACE and week.start <= s.date < end
    ]


@given(runners())
def test_every_runner_gets_a_plan_with_no_broken_rule(data: dict[str, object]) -> None:
    plan = _plan_or_error(data)
    if plan is None:
        return
    assert [v for v in plan.warnings if v.severity is Severity.ERROR] == []


@given(runners())
def test_the_long_run_reaches_what_the_race_needs_or_the_plan_says_so(
    data: dict[str, object],
) -> None:
    plan = _plan_or_error(data)
    if plan is None:
        return
    need = readiness_minimum(plan.settings)
    before_taper = {w.start for w in plan.weeks if w.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)}
    reached = [
        s
        for s in plan.active_sessions
        if s.is_run
        and s.kind is not Kind.RACE
        and s.date - timedelta(days=s.date.weekday()) in before_taper
        and (s.distance_km or 0) >= need - 0.05
    ]
    said = [v for v in plan.warnings if v.rule == "V8"]
    assert len(reached) >= 2 or said, (need, len(reached))
    if said:  # once, at the top of the report, with the date that would be enough
        assert len(said) == 1 and plan.warnings[0].rule == "V8"
        assert "km" in said[0].message and (
            "on or after" in said[0].message or "year" in said[0].message
        )


@given(runners())
def test_no_two_build_weeks_are_copies(data: dict[str, object]) -> None:
    plan = _plan_or_error(data)
    if plan is None:
        return
    seen: dict[tuple[object, ...], int] = {}
    for week in plan.weeks:
        if week.cutback or week.phase not in (Phase.BUILD, Phase.PEAK) or not _full(plan, week):
            continue
        shape = tuple(
            (s.date.weekday(), s.kind, s.distance_km, s.steps)
            for s in sorted(_runs(plan, week), key=lambda s: (s.date, s.id))
        )
        assert shape not in seen, f"week {week.index} copies week {seen[shape]}"
        seen[shape] = week.index


@given(runners())
def test_every_cutback_week_is_lower_than_its_neighbours(data: dict[str, object]) -> None:
    plan = _plan_or_error(data)
    if plan is None:
        return
    weeks = plan.weeks
    for i, week in enumerate(weeks):
        if not week.cutback or not _full(plan, week):
            continue
        for other in (weeks[i - 1] if i else None, weeks[i + 1] if i + 1 < len(weeks) else None):
            if other is not None and _full(plan, other) and other.phase is not Phase.RACE:
                assert week.run_km < other.run_km, (week.index, week.run_km, other.run_km)


@given(runners())
def test_race_week_runs_are_no_longer_than_the_week_before(data: dict[str, object]) -> None:
    plan = _plan_or_error(data)
    if plan is None or len(plan.weeks) < 2:
        return
    race_week, week_before = plan.weeks[-1], plan.weeks[-2]
    before = _runs(plan, week_before)
    for run in _runs(plan, race_week):
        kinds = EASY_KINDS if run.kind in EASY_KINDS else QUALITY
        same = [s.distance_km or 0 for s in before if s.kind in kinds]
        if same:
            assert (run.distance_km or 0) <= max(same) + 0.01, (run.id, run.distance_km, same)


@given(runners())
def test_the_runners_own_long_run_is_never_cut_before_the_taper(data: dict[str, object]) -> None:
    plan = _plan_or_error(data)
    if plan is None or "long_run_km" not in data:
        return
    own = current_long_run(plan.settings)
    for week in plan.weeks:
        if week.phase not in (Phase.BASE, Phase.BUILD, Phase.PEAK) or not _full(plan, week):
            continue
        longs = [s for s in _runs(plan, week) if s.kind is Kind.LONG]
        for run in longs:  # to the half unit the plan rounds to (0.5 km or 0.5 mi)
            assert (run.distance_km or 0) >= own - 0.81, (week.index, run.distance_km, own)
