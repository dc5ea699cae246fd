"""User edits replayed onto plans: moves, skips, swaps, figures, locks, stale edits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.errors import SettingsError
from runlift.plan.constraints import week_run_km
from runlift.plan.edits.apply import (
    add_edit,
    apply_edits,
    as_user_warnings,
    document_today,
    move_edit,
    plan_with_edits,
)
from runlift.plan.edits.record import Edit, EditOp, edit_from_dict, edit_to_dict, record_edit
from runlift.plan.generate import draft_plan, generate
from runlift.plan.model import (
    Kind,
    Load,
    Mode,
    Phase,
    Plan,
    Session,
    Settings,
    Severity,
    Slot,
    Violation,
    Week,
)
from runlift.plan.settings_io import settings_from_dict

RACE_DAY = date(2027, 5, 2)  # a Sunday
START = date(2027, 3, 15)  # a Monday, 7 weeks before race week


def _session(week: int, role: str, day: date, kind: Kind, **extra: object) -> Session:
    slot = Slot.PM if kind is Kind.STRENGTH else Slot.AM
    km = extra.pop("distance_km", None)
    title = f"Long run {km:g} km" if kind is Kind.LONG else f"{kind.value} session"
    return Session(
        id=f"w-{week:02d}.{role}",
        date=day,
        slot=slot,
        start=time(7, 0) if slot is Slot.AM else time(18, 0),
        minutes=45,
        kind=kind,
        title=title,
        description=f"{title}: 45 min" if km is None else f"{km:g} km easy, about 45 min",
        distance_km=km,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def hand_plan(race_day: date = RACE_DAY, start: date = START) -> Plan:
    """A small race plan with the generator's id scheme: weeks counted back from race week."""
    settings = Settings(mode=Mode.RACE, race_date=race_day, distance_km=21.0975, start=start)
    race_monday = race_day - timedelta(days=race_day.weekday())
    weeks: list[Week] = []
    sessions: list[Session] = []
    monday = start - timedelta(days=start.weekday())
    index = 1
    while monday <= race_monday:
        back = (race_monday - monday).days // 7
        weeks.append(Week(index, monday, Phase.BUILD if back else Phase.RACE, 30.0, False, back))
        sessions += _week_sessions(back, monday, race_day)
        monday += timedelta(days=7)
        index += 1
    kept = tuple(s for s in sessions if start <= s.date <= race_day)
    return Plan(settings, None, tuple(weeks), kept)


def _week_sessions(back: int, monday: date, race_day: date) -> list[Session]:
    day = lambda n: monday + timedelta(days=n)  # noqa: E731
    items = [
        _session(back, "easy-1", day(1), Kind.EASY, distance_km=8.0),
        _session(back, "rest", day(4), Kind.REST),
    ]
    if back == 0:
        return [*items, _session(0, "race", race_day, Kind.RACE, distance_km=21.0975)]
    return [
        *items,
        _session(back, "strength-heavy", day(2), Kind.STRENGTH, load=Load.HEAVY),
        _session(back, "long", day(6), Kind.LONG, distance_km=14.0),
    ]


def test_move_keeps_the_id_and_takes_the_runners_time_for_that_day() -> None:
    plan = hand_plan()
    moved, (outcome,) = apply_edits(plan, [Edit("move", "w-03.long", date(2027, 4, 10))])
    assert outcome.applied, outcome.reason
    session = moved.session("w-03.long")
    assert session is not None
    assert (session.date, session.slot) == (date(2027, 4, 10), Slot.AM)
    assert session.start == plan.settings.day_times(date(2027, 4, 10)).am == time(8, 0)
    assert session.edited  # its rule breaks are warnings (rules.check)
    assert [s.date for s in moved.sessions] == sorted(s.date for s in moved.sessions)


def test_a_moved_session_says_where_the_plan_had_it() -> None:
    plan = hand_plan()
    why = "Your long-run day (Sunday)."
    long_run = replace(plan.sessions[0], why=why, description=f"14 km.\nWhy today: {why}")
    plan = replace(plan, sessions=(long_run, *plan.sessions[1:]))
    away = Edit("move", long_run.id, long_run.date - timedelta(days=1))
    moved, _ = apply_edits(plan, [away])
    session = moved.session(long_run.id)
    assert session is not None
    expected = f"You moved it here; the plan had it on {long_run.date:%a %Y-%m-%d}."
    assert session.why == expected
    assert session.description == f"14 km.\nWhy today: {expected}"
    back, _ = apply_edits(plan, [away, Edit("move", long_run.id, long_run.date)])
    returned = back.session(long_run.id)
    assert returned is not None and returned.description == long_run.description


def test_move_to_the_evening_slot_starts_at_the_evening_time() -> None:
    plan = hand_plan()
    moved, (outcome,) = apply_edits(plan, [Edit("move", "w-02.easy-1", slot=Slot.PM)])
    session = moved.session("w-02.easy-1")
    assert outcome.applied and session is not None
    assert (session.slot, session.start) == (Slot.PM, time(18, 0))


@pytest.mark.parametrize(
    ("day", "words"),
    [(date(2027, 3, 1), "before the plan starts"), (date(2027, 5, 3), "after race day")],
)
def test_move_outside_the_plan_is_refused_and_changes_nothing(day: date, words: str) -> None:
    plan = hand_plan()
    after, (outcome,) = apply_edits(plan, [Edit("move", "w-03.long", day)])
    assert not outcome.applied
    assert words in outcome.reason and day.isoformat() in outcome.reason
    assert after == plan


def test_an_edit_for_a_session_that_is_gone_says_why() -> None:
    plan = hand_plan()
    edits = [Edit("skip", "w-15.long"), Edit("skip", "w-00.long"), Edit("skip", "nonsense")]
    after, outcomes = apply_edits(plan, edits)
    assert after == plan
    assert [o.applied for o in outcomes] == [False, False, False]
    assert "The long run 15 weeks before race week no longer exists" in outcomes[0].reason
    assert "w-15" not in outcomes[0].reason  # named in words, not by its id
    assert "6 weeks before race week, not 15" in outcomes[0].reason
    assert "that week has no long run now" in outcomes[1].reason
    assert "not one of this plan's" in outcomes[2].reason


def test_skip_then_restore_and_restore_of_a_session_not_skipped() -> None:
    plan = hand_plan()
    skip, restore = Edit("skip", "w-04.strength-heavy"), Edit("restore", "w-04.strength-heavy")
    skipped, _ = apply_edits(plan, [skip])
    gone = skipped.session("w-04.strength-heavy")
    assert gone is not None and gone.skipped
    assert gone not in skipped.active_sessions
    back, outcomes = apply_edits(plan, [skip, restore, restore])
    assert [o.applied for o in outcomes] == [True, True, False]
    assert "is not skipped" in outcomes[2].reason
    assert back.session("w-04.strength-heavy") == plan.session("w-04.strength-heavy")


def test_skipping_a_run_lowers_that_weeks_volume() -> None:
    plan = hand_plan()
    after, _ = apply_edits(plan, [Edit("skip", "w-04.easy-1")])
    week = after.week_of(date(2027, 3, 30))
    assert week is not None
    assert week.run_km == week_run_km(plan.sessions, week.start) - 8.0


def test_swap_exchanges_days_slots_and_times() -> None:
    plan = hand_plan()
    after, (outcome,) = apply_edits(plan, [Edit("swap", "w-03.long", other_id="w-03.easy-1")])
    long_run, easy = after.session("w-03.long"), after.session("w-03.easy-1")
    assert outcome.applied and long_run is not None and easy is not None
    assert long_run.date == date(2027, 4, 6) and easy.date == date(2027, 4, 11)
    assert easy.start == time(8, 0) and long_run.start == time(7, 0)


def test_distance_change_updates_the_figures_and_the_time() -> None:
    plan = hand_plan()
    after, (outcome,) = apply_edits(plan, [Edit("distance", "w-03.long", value=16.5)])
    run = after.session("w-03.long")
    assert outcome.applied and run is not None
    assert run.distance_km == 16.5 and run.title == "Long run 16.5 km"
    assert run.minutes == round(45 * 16.5 / 14)
    assert run.description == f"16.5 km easy, about {run.minutes} min"


def test_distance_of_a_strength_session_is_refused() -> None:
    _, (outcome,) = apply_edits(hand_plan(), [Edit("distance", "w-03.strength-heavy", value=5)])
    assert not outcome.applied and "has no distance" in outcome.reason


def test_minutes_change_updates_the_description() -> None:
    after, _ = apply_edits(hand_plan(), [Edit("minutes", "w-03.strength-heavy", value=30)])
    session = after.session("w-03.strength-heavy")
    assert session is not None and session.minutes == 30
    assert session.description.endswith("30 min")


def test_a_shorter_run_in_minutes_is_also_shorter_in_km() -> None:
    after, (outcome,) = apply_edits(hand_plan(), [Edit("minutes", "w-03.long", value=30)])
    run = after.session("w-03.long")
    assert outcome.applied and run is not None
    assert (run.minutes, run.distance_km) == (30, round(14.0 * 30 / 45, 1))
    assert run.title == "Long run 9.3 km"
    assert run.description == "9.3 km easy, about 30 min"


def test_a_locked_session_refuses_changes_until_unlocked() -> None:
    edits = [
        Edit("lock", "w-03.long"),
        Edit("move", "w-03.long", date(2027, 4, 17)),
        Edit("unlock", "w-03.long"),
        Edit("move", "w-03.long", date(2027, 4, 17)),
    ]
    after, outcomes = apply_edits(hand_plan(), edits)
    assert [o.applied for o in outcomes] == [True, False, True, True]
    assert "is locked" in outcomes[1].reason
    session = after.session("w-03.long")
    assert session is not None and session.date == date(2027, 4, 17) and not session.locked


@pytest.mark.parametrize(
    "edit", [Edit("move", "w-00.race", date(2027, 5, 1)), Edit("skip", "w-00.race")]
)
def test_the_race_stays_on_race_day(edit: Edit) -> None:
    _, (outcome,) = apply_edits(hand_plan(), [edit])
    assert not outcome.applied and "race" in outcome.reason


def test_a_move_follows_its_week_when_the_race_date_moves() -> None:
    edit = move_edit(hand_plan(), "w-03.long", date(2027, 4, 10), None)  # Sun → Sat
    later = hand_plan(race_day=RACE_DAY + timedelta(days=14))
    after, (outcome,) = apply_edits(later, [edit])
    session = after.session("w-03.long")
    assert outcome.applied and session is not None
    assert session.date == date(2027, 4, 24)  # still the Saturday of its own week
    assert "moved along with its week" in outcome.reason


def test_a_move_without_from_date_stays_on_the_day_chosen() -> None:
    later = hand_plan(race_day=RACE_DAY + timedelta(days=14))
    after, _ = apply_edits(later, [Edit("move", "w-03.long", date(2027, 4, 10))])
    session = after.session("w-03.long")
    assert session is not None and session.date == date(2027, 4, 10)


def test_edit_checks_its_fields() -> None:
    with pytest.raises(SettingsError, match="unknown edit"):
        Edit("teleport", "w-01.long")
    with pytest.raises(SettingsError, match="needs a new date"):
        Edit("move", "w-01.long")
    with pytest.raises(SettingsError, match="between 0 and 250"):
        Edit("distance", "w-01.long", value=-3)
    assert Edit("skip", "w-01.long").op is EditOp.SKIP


def test_edit_dict_round_trip_and_bad_entries() -> None:
    edits = [
        move_edit(hand_plan(), "w-03.long", date(2027, 4, 10), Slot.PM),
        Edit("swap", "w-03.long", other_id="w-03.easy-1"),
        Edit("distance", "w-02.easy-1", value=9.5),
        Edit("skip", "w-04.strength-heavy"),
    ]
    assert [edit_from_dict(edit_to_dict(e)) for e in edits] == edits
    for bad in ({"op": "move"}, {"op": "move", "id": "w-01.long", "date": "2027-02-30"}, {}):
        with pytest.raises(SettingsError) as caught:
            edit_from_dict(bad)
        assert caught.value.field == "edits"


def test_record_edit_keeps_the_list_short() -> None:
    skip = Edit("skip", "w-03.long")
    assert record_edit([skip], Edit("restore", "w-03.long")) == ()
    first, second = (Edit("move", "w-03.long", date(2027, 4, d)) for d in (10, 17))
    assert record_edit([first, skip], second) == (skip, second)
    swap = Edit("swap", "w-03.long", other_id="w-03.easy-1")
    assert record_edit([first, swap], second) == (first, swap, second)


def test_add_edit_moving_back_drops_the_earlier_move() -> None:
    plan = hand_plan()
    away = move_edit(plan, "w-03.long", date(2027, 4, 10), None)
    edits, outcome = add_edit(plan, [], away)
    assert outcome.applied and edits == (away,)
    edits, outcome = add_edit(plan, edits, move_edit(plan, "w-03.long", date(2027, 4, 11), None))
    assert outcome.applied and edits == ()
    refused = Edit("skip", "w-30.long")
    edits, outcome = add_edit(plan, (away,), refused)
    assert not outcome.applied and edits == (away,)


def test_add_edit_a_refused_move_keeps_the_earlier_move() -> None:
    plan = hand_plan()
    away = move_edit(plan, "w-03.long", date(2027, 4, 10), None)
    too_late = move_edit(plan, "w-03.long", date(2028, 1, 1), None)
    edits, outcome = add_edit(plan, (away,), too_late)
    assert not outcome.applied and "after race day" in outcome.reason
    assert edits == (away,)


def test_add_edit_restore_removes_the_skip_instead_of_piling_up() -> None:
    plan = hand_plan()
    skip = Edit("skip", "w-03.strength-heavy")
    edits, _ = add_edit(plan, (), skip)
    edits, outcome = add_edit(plan, edits, Edit("restore", "w-03.strength-heavy"))
    assert outcome.applied and edits == ()
    edits, outcome = add_edit(plan, edits, Edit("restore", "w-03.strength-heavy"))
    assert not outcome.applied and outcome.already and edits == ()


def test_errors_caused_by_an_edit_become_warnings() -> None:
    day = date(2027, 4, 10)
    generator_bug = Violation("V5", Severity.ERROR, "no rest day", day)
    after_move = Violation("S5", Severity.ERROR, "heavy strength before the long run", day)
    result = as_user_warnings([generator_bug, after_move, after_move], [generator_bug])
    assert result == (generator_bug, replace(after_move, severity=Severity.WARNING))


def test_document_today_renders_a_saved_plan_after_its_start() -> None:
    settings = Settings(start=START)
    assert document_today(settings, START + timedelta(days=40)) == START
    assert document_today(settings, START - timedelta(days=3)) == START - timedelta(days=3)
    assert document_today(Settings(), START) == START


# -- property: replaying random edits on regenerated plans --------------------------------------

_IDS = st.builds(
    lambda week, role: f"w-{week:02d}.{role}",
    st.integers(0, 12),
    st.sampled_from(["long", "easy-1", "strength-heavy", "rest", "race", "quality-1"]),
)
_DAYS = st.dates(START - timedelta(days=10), RACE_DAY + timedelta(days=30))


def _edits() -> st.SearchStrategy[Edit]:
    return st.one_of(
        st.builds(lambda i, d: Edit("move", i, d), _IDS, _DAYS),
        st.builds(lambda i, s: Edit("move", i, slot=s), _IDS, st.sampled_from([Slot.AM, Slot.PM])),
        st.builds(lambda i, d, f: Edit("move", i, d, from_date=f), _IDS, _DAYS, _DAYS),
        st.builds(Edit, st.sampled_from(["skip", "restore", "lock", "unlock"]), _IDS),
        st.builds(lambda a, b: Edit("swap", a, other_id=b), _IDS, _IDS),
        st.builds(lambda i, v: Edit("distance", i, value=v), _IDS, st.floats(0.5, 60)),
        st.builds(lambda i, v: Edit("minutes", i, value=v), _IDS, st.integers(1, 600)),
    )


@given(
    edits=st.lists(_edits(), max_size=25),
    shift_weeks=st.integers(-4, 6),
    shift_days=st.integers(-3, 3),
)
def test_replay_on_a_regenerated_plan_never_raises_or_loses_an_edit(
    edits: list[Edit], shift_weeks: int, shift_days: int
) -> None:
    plan = hand_plan(race_day=RACE_DAY + timedelta(weeks=shift_weeks, days=shift_days))
    after, outcomes = apply_edits(plan, edits)
    assert [o.edit for o in outcomes] == edits  # one outcome per edit, in order
    assert all(o.reason for o in outcomes if not o.applied)  # every refusal says why
    assert sorted(s.id for s in after.sessions) == sorted(s.id for s in plan.sessions)
    moved = {s.id: s for s in after.sessions}
    for session in plan.sessions:
        if session.kind is Kind.RACE:
            assert moved[session.id].date == plan.settings.race_date
    assert all(START <= s.date <= plan.settings.race_date for s in after.sessions)  # type: ignore[operator]


# -- the same property on the real generator and rule checker ------------------------------------

_MARATHON = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 5, 2),
    distance_km=42.195,
    weekly_km=40.0,
    long_run_km=16.0,
    start=date(2027, 1, 4),
)


def _real_edit(ids: list[str]) -> st.SearchStrategy[Edit]:
    known = st.sampled_from(ids)
    some_id = st.one_of(known, known, _IDS)
    days = st.dates(date(2026, 12, 20), date(2027, 6, 30))
    return st.one_of(
        st.builds(
            lambda i, d, s: Edit("move", i, d, s), some_id, days, st.sampled_from([None, Slot.PM])
        ),
        st.builds(Edit, st.sampled_from(["skip", "restore", "lock", "unlock"]), some_id),
        st.builds(lambda a, b: Edit("swap", a, other_id=b), some_id, some_id),
        st.builds(lambda i, v: Edit("distance", i, value=v), some_id, st.floats(1, 40)),
        st.builds(lambda i, v: Edit("minutes", i, value=v), some_id, st.integers(10, 200)),
    )


@pytest.mark.slow
@given(data=st.data(), shift_weeks=st.integers(-3, 4))
def test_real_plans_replay_random_edits_after_a_race_date_change(
    data: st.DataObject, shift_weeks: int
) -> None:
    from runlift.plan.edits.apply import plan_with_edits
    from runlift.plan.generate import generate

    today = _MARATHON.start
    assert today is not None
    generated = generate(_MARATHON, today)
    ids = [s.id for s in generated.sessions]
    edits: list[Edit] = []
    for _ in range(data.draw(st.integers(0, 12), label="count")):
        edit = data.draw(_real_edit(ids), label="edit")
        if edit.op is EditOp.MOVE:  # as the CLI and the window record moves
            edit = move_edit(generated, edit.session_id, edit.date, edit.slot)
        edits.append(edit)
    assert _MARATHON.race_date is not None
    moved = replace(_MARATHON, race_date=_MARATHON.race_date + timedelta(weeks=shift_weeks))
    plan, outcomes = plan_with_edits(moved, edits, today)
    assert [o.edit for o in outcomes] == edits
    assert all(o.reason for o in outcomes if not o.applied)
    assert plan.session("w-00.race") is not None
    race = plan.session("w-00.race")
    assert race is not None and race.date == moved.race_date and not race.skipped
    # Edits only warn: every error left is one the generator itself would report.
    errors = [v for v in plan.warnings if v.severity is Severity.ERROR]
    fresh, _ = plan_with_edits(moved, (), today)
    assert set(errors) <= set(fresh.warnings)


def test_a_warning_goes_away_with_the_session_that_caused_it() -> None:
    settings = settings_from_dict(
        {"mode": "race", "race_date": "2027-04-25", "distance_km": "marathon",
         "start": "2027-01-04", "weekly_km": 40, "long_run_km": 16}
    )  # fmt: skip
    longer = Edit("distance", "w-10.easy-1", value=30.0)  # far past the longest recent run
    plan, _ = plan_with_edits(settings, [longer], date(2026, 11, 26))
    flagged = next(v for v in plan.warnings if v.rule == "V1" and v.session_id)
    assert flagged.session_id == "w-10.easy-1"
    after, (_, outcome) = plan_with_edits(
        settings, [longer, Edit("skip", flagged.session_id)], date(2026, 11, 26)
    )
    assert outcome.applied
    assert flagged.session_id not in {v.session_id for v in after.warnings}


def test_a_draft_given_by_the_caller_gives_the_same_plan() -> None:
    settings = settings_from_dict(
        {"mode": "race", "race_date": "2027-04-25", "distance_km": "half",
         "start": "2027-01-04", "weekly_km": 35, "long_run_km": 13}
    )  # fmt: skip
    today = date(2026, 11, 26)
    edits = [Edit("skip", "w-05.long")]
    assert plan_with_edits(settings, edits, today, draft_plan(settings, today)) == plan_with_edits(
        settings, edits, today
    )
    assert plan_with_edits(settings, [], today)[0] == generate(settings, today)
