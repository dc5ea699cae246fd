"""One number for one thing: the marathon pace, every pace's rounding on paper, in the
calendar and on the watch, hills by effort, and one name for a kind of run."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from runlift.app.view.chips import chip_label
from runlift.plan.generate import generate
from runlift.plan.model import Kind, PaceRange, Plan, Units
from runlift.plan.paces import format_pace, format_pace_range, training_paces, vdot_from_race
from runlift.plan.settings_io import settings_from_dict
from runlift.publish.events import to_events
from runlift.publish.watch.steps import speed_range
from runlift.publish.watch.text import watch_lines
from runlift.publish.watch.workouts import workout_name

TODAY = date(2026, 12, 1)


def _plan(distance: str, result: str, units: str = "km") -> Plan:
    return generate(
        settings_from_dict({
            "mode": "race", "distance_km": distance, "race_date": "2027-05-02",
            "start": "2026-12-07", "weekly_km": 55, "recent_race": result, "units": units,
        }),
        TODAY,
    )  # fmt: skip


def test_a_marathon_plan_has_one_marathon_pace() -> None:
    plan = _plan("marathon", "half:1:45:00")
    m = training_paces(vdot_from_race(21.0975, 6300))["M"]
    rp = [s.pace for s in plan.sessions if s.pace is not None and s.pace.name == "RP"]
    assert rp and {(p.min_s_per_km, p.max_s_per_km) for p in rp} == {
        (m.min_s_per_km, m.max_s_per_km)
    }


# 2:30-10:00/km, where training paces are; far
# slower, one mm/s of the file's speed is over a second a mile and no speed reads back exactly
@given(st.integers(150, 600), st.sampled_from([Units.KM, Units.MI]))
def test_the_watch_reads_back_the_pace_the_plan_prints(s_per_km: int, units: Units) -> None:
    speed = speed_range(PaceRange("E", s_per_km, s_per_km + 40), units)
    assert format_pace(1000 / speed.high, units) == format_pace(s_per_km, units)
    assert format_pace(1000 / speed.low, units) == format_pace(s_per_km + 40, units)


def test_the_watch_steps_and_the_plan_text_show_the_same_easy_range_in_miles() -> None:
    plan = _plan("half", "10k:50:00", "mi")
    easy = next(s for s in plan.sessions if s.kind is Kind.EASY and s.pace)
    shown = format_pace_range(easy.pace, Units.MI).removeprefix("E ")
    assert any(shown in line for line in watch_lines(easy, Units.MI)), (
        shown,
        watch_lines(easy, Units.MI),
    )


def test_hills_go_by_effort_and_a_kind_has_one_name() -> None:
    plan = _plan("half", "10k:50:00")
    hills = [s for s in plan.sessions if s.kind is Kind.HILLS]
    assert hills and all(s.pace is None and "Pace:" not in s.description for s in hills)
    assert all("uphill (hard, controlled)" in s.description for s in hills)
    tempo = next(s for s in plan.sessions if s.kind is Kind.THRESHOLD)
    event = next(e for e in to_events(plan, "u") if e.session_id == tempo.id)

    names = [tempo.title, event.summary, workout_name(tempo, Units.KM), chip_label(tempo, Units.KM)]
    assert all(name.startswith("Tempo") for name in names), names
