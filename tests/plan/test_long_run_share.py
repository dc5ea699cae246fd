"""V3 for the runner's own long run: a longest run that does not fit the weekly volume (30 km
in a 25 km week) is not copied into every week; the plan starts the long run within V3's
share of the week and the rule check says why."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from runlift.plan.generate import generate
from runlift.plan.model import Kind, Phase, Plan, Session, Week
from runlift.plan.settings_io import settings_from_dict
from runlift.plan.targets.readiness import PLAUSIBLE_LONG_SHARE

TODAY = date(2026, 12, 1)


def _longs(plan: Plan, week: Week) -> list[Session]:
    end = week.start.toordinal() + 7
    return [
        s for s in plan.sessions
        if s.kind is Kind.LONG and week.start.toordinal() <= s.date.toordinal() < end
    ]  # fmt: skip


def _plan(weekly: float, longest: float, distance: str = "10k") -> Plan:
    return generate(
        settings_from_dict({
            "mode": "race", "distance_km": distance, "race_date": "2027-04-25",
            "start": "2026-12-07", "weekly_km": weekly, "long_run_km": longest,
            "runs_per_week": 4,
        }),
        TODAY,
    )  # fmt: skip


def test_a_longest_run_bigger_than_the_week_starts_within_its_share_and_is_reported() -> None:
    plan = _plan(25, 30)
    first_full = plan.weeks[1]
    longs = _longs(plan, first_full)
    assert longs and (longs[0].distance_km or 0) <= 0.5 * first_full.run_km + 0.5
    assert first_full.run_km < 30  # no week is the 30 km run and a few 2 km jogs
    v3 = [v for v in plan.warnings if v.rule == "V3"]
    assert len(v3) == 1 and "30 km is 120% of 25 km" in v3[0].message
    assert "starts the long run at 12.5 km" in v3[0].message


def test_a_plausible_longest_run_is_kept_and_not_reported() -> None:
    plan = _plan(40, 16)
    longs = [s for s in plan.sessions if s.kind is Kind.LONG]
    assert min(s.distance_km or 0 for s in longs[:3]) >= 15.5  # never cut on day 1
    assert not [v for v in plan.warnings if "longest run of" in v.message]


@given(
    weekly=st.floats(8, 95).map(lambda x: round(x, 1)),
    share=st.floats(0.1, 2.0),
    distance=st.sampled_from(["5k", "10k", "half", "marathon"]),
)
def test_no_base_or_build_long_run_exceeds_its_share_because_of_the_runners_input(
    weekly: float, share: float, distance: str
) -> None:
    longest = round(max(1.0, min(60.0, weekly * share)), 1)
    plan = _plan(weekly, longest, distance)
    reported = any("longest run of" in v.message for v in plan.warnings)
    assert reported == (longest > PLAUSIBLE_LONG_SHARE * weekly + 0.5)
    if not reported:
        return
    for week in plan.weeks[1:4]:
        if week.phase is not Phase.BASE:
            continue
        for run in _longs(plan, week):
            assert (run.distance_km or 0) < longest or longest <= 3.0
