"""Small things a runner noticed: each one as it reads now."""

from __future__ import annotations

from datetime import date, timedelta

from runlift.app.view.model import FREE_DAY, FREE_DAY_ROLE, SESSIONS_ROLE
from runlift.app.window.main import MainWindow
from runlift.plan.content.describe import minutes_text
from runlift.plan.generate import generate
from runlift.plan.model import Equipment, Kind, Load
from runlift.plan.settings_io import settings_from_dict
from runlift.plan.strength.exercises import core_session, movement, strength_session
from runlift.plan.strength.library import default_library
from runlift.publish.events import event_description

TODAY = date(2026, 12, 1)


def test_an_all_taper_plan_does_not_say_its_longest_run_reaches_0_km() -> None:
    plan = generate(
        settings_from_dict({"mode": "race", "distance_km": "marathon", "weekly_km": 30,
                            "race_date": "2026-12-20", "start": "2026-12-07"}),
        TODAY,
    )  # fmt: skip
    v8 = [v.message for v in plan.warnings if v.rule == "V8"]
    assert v8 and not any("reaches 0" in m for m in v8)
    assert "No long run comes before the taper" in v8[0]


def test_no_session_holds_one_movement_twice() -> None:
    library = default_library()
    kits = [(Equipment.BODYWEIGHT,), (Equipment.BODYWEIGHT, Equipment.DUMBBELL),
            tuple(Equipment)]  # fmt: skip
    for kit in kits:
        for variant in range(6):
            for sessions in (1, 2, 3):
                for number in range(sessions):
                    for minutes in (20, 45, 60):
                        picked = strength_session(
                            library, kit, Load.HEAVY, variant, number, sessions, minutes
                        )
                        names = [e.name for e in picked]
                        defs = {d.name: d for d in library}
                        moves = [movement(defs[n]) for n in names]
                        assert len(moves) == len(set(moves)), names
        for variant in range(12):
            core = [movement({d.name: d for d in library}[e.name])
                    for e in core_session(library, kit, variant)]  # fmt: skip
            assert len(core) == len(set(core)), (kit, variant, core)


def test_times_read_as_runners_write_them() -> None:
    assert minutes_text(45) == "45 min"
    assert minutes_text(60) == "1:00 h"
    assert minutes_text(252) == "4:12 h"
    plan = generate(
        settings_from_dict({"mode": "race", "distance_km": "marathon", "weekly_km": 50,
                            "race_date": "2027-05-02", "start": "2026-12-07",
                            "recent_race": "half:2:05:00"}),
        TODAY,
    )  # fmt: skip
    race = next(s for s in plan.sessions if s.kind is Kind.RACE)
    assert f"Time: about {minutes_text(race.minutes)}" in event_description(race, plan)
    assert "min\n" not in event_description(race, plan).split("Time: ")[1][:12]


def test_race_week_counts_the_race_and_every_free_day_says_rest(window: MainWindow) -> None:
    plan = window.state.plan
    race = next(s for s in plan.sessions if s.kind is Kind.RACE)
    week = plan.week_of(race.date)
    assert week is not None
    assert plan.shown_km(week) == week.run_km + (race.distance_km or 0)
    model = window.plan_view.model()
    free = 0
    for row in range(model.rowCount()):
        for column in range(1, 8):
            index = model.index(row, column)
            day = plan.weeks[row].start + timedelta(days=column - 1)
            if not index.data(SESSIONS_ROLE) and plan.settings.start <= day <= race.date:  # type: ignore[operator]
                assert index.data(FREE_DAY_ROLE) and index.data() == FREE_DAY
                free += 1
    assert free > 0
