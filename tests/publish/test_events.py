"""Plan → calendar events: identity, times in the runner's zone, summary and description."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from runlift.plan.generate import generate
from runlift.plan.model import (
    DayTimes,
    Exercise,
    Kind,
    Load,
    Mode,
    PaceRange,
    Pattern,
    Phase,
    Plan,
    Session,
    Settings,
    Slot,
    Units,
    Week,
)
from runlift.publish.events import (
    KIND_STYLES,
    PLAN_OPTIONS,
    RUNLIFT_NAMESPACE,
    CalendarEvent,
    EventOptions,
    event_uid,
    google_event_id,
    to_events,
)
from runlift.publish.ics import render_ics

PLAN_UUID = "3f1c9a52-7d4e-4b8a-9c61-2e5f0a7b8d90"
EASY = PaceRange("E", 335, 370)
STRENGTH_EXERCISES = (
    Exercise("Goblet squat", Pattern.SQUAT, 3, reps="10-12"),
    Exercise("Romanian deadlift", Pattern.HINGE, 3, reps="6-8"),
    Exercise("Plank", Pattern.CORE, 3, hold_breaths=10),
)


def run(
    sid: str, day: date, kind: Kind, km: float, pace: PaceRange | None, start: str = "07:00"
) -> Session:
    label = KIND_STYLES[kind].label
    return Session(
        id=sid,
        date=day,
        slot=Slot.AM if start < "12:00" else Slot.PM,
        start=time.fromisoformat(start),
        minutes=round(km * 6),
        kind=kind,
        title=f"{label} {km:g} km",
        description=f"{label}, relaxed and even.",
        why="an easy day between hard days",
        distance_km=km,
        pace=pace,
    )


def strength(sid: str, day: date, load: Load, minutes: int) -> Session:
    return Session(
        id=sid,
        date=day,
        slot=Slot.PM,
        start=time(18, 0),
        minutes=minutes,
        kind=Kind.STRENGTH,
        title=f"Strength ({load.value})",
        description="Full body: squat, hinge, lunge, push, pull, carry.",
        why="strength after today's intervals: hard days hard, easy days easy",
        load=load,
        exercises=STRENGTH_EXERCISES,
    )


def rest(sid: str, day: date) -> Session:
    return Session(sid, day, Slot.ALLDAY, None, 0, Kind.REST, "Rest day", "No run, no lifting.")


def reference_plan(timezone: str = "Europe/Berlin", units: Units = Units.KM) -> Plan:
    """Three weeks before a half marathon on 2027-04-11, across the spring clock change."""
    settings = Settings(
        mode=Mode.RACE,
        race_date=date(2027, 4, 11),
        distance_km=21.0975,
        start=date(2027, 3, 22),
        units=units,
        timezone=timezone,
    )
    d = date.fromisoformat
    sessions = (
        run("w-02.intervals", d("2027-03-23"), Kind.INTERVALS, 10, PaceRange("I", 258, 258)),
        strength("w-02.strength-heavy", d("2027-03-23"), Load.HEAVY, 45),
        run("w-02.easy-1", d("2027-03-24"), Kind.EASY, 8, EASY),
        rest("w-02.rest", d("2027-03-26")),
        run("w-02.long", d("2027-03-28"), Kind.LONG, 18, EASY, start="08:00"),
        run("w-01.easy-1", d("2027-03-29"), Kind.EASY, 7, EASY),
        run("w-01.threshold", d("2027-03-31"), Kind.THRESHOLD, 9, PaceRange("T", 275, 275)),
        strength("w-01.strength-light", d("2027-03-31"), Load.LIGHT, 30),
        replace(run("w-01.easy-2", d("2027-04-01"), Kind.EASY, 6, EASY), skipped=True),
        run("w-01.long", d("2027-04-04"), Kind.LONG, 14, EASY, start="08:00"),
        run("w-00.easy-1", d("2027-04-06"), Kind.EASY, 6, EASY),
        rest("w-00.rest", d("2027-04-10")),
        run("w-00.race", d("2027-04-11"), Kind.RACE, 21.0975, PaceRange("HM", 290, 290), "09:00"),
    )
    weeks = (
        Week(1, d("2027-03-22"), Phase.PEAK, 36.0, False, to_race=2),
        Week(2, d("2027-03-29"), Phase.TAPER, 36.0, False, to_race=1, strength_cutback=True),
        Week(3, d("2027-04-05"), Phase.RACE, 27.1, False, to_race=0, strength_cutback=True),
    )
    return Plan(settings, 50.0, weeks, sessions)


def by_id(plan: Plan, options: EventOptions = PLAN_OPTIONS) -> dict[str, CalendarEvent]:
    return {event.session_id: event for event in to_events(plan, PLAN_UUID, options)}


def test_uid_is_session_id_at_plan_uuid() -> None:
    assert event_uid("w-03.long", PLAN_UUID) == f"w-03.long@{PLAN_UUID}"


def test_google_id_is_uuid5_hex_of_the_uid() -> None:
    uid = event_uid("w-03.long", PLAN_UUID)
    gid = google_event_id(uid)
    assert gid == uuid.uuid5(RUNLIFT_NAMESPACE, uid).hex
    assert len(gid) == 32 and set(gid) <= set("0123456789abcdef")
    assert gid != google_event_id(event_uid("w-03.long", str(uuid.UUID(int=1))))


def test_events_carry_identity_and_order() -> None:
    events = to_events(reference_plan(), PLAN_UUID)
    assert [e.start for e in events] == sorted(e.start for e in events)
    for event in events:
        assert event.uid == f"{event.session_id}@{PLAN_UUID}"
        assert event.google_id == google_event_id(event.uid)
    assert len({e.uid for e in events}) == len(events)


def test_skipped_and_rest_sessions_are_left_out_by_default() -> None:
    ids = set(by_id(reference_plan()))
    assert "w-01.easy-2" not in ids  # skipped
    assert not {"w-02.rest", "w-00.rest"} & ids
    assert "w-02.long" in ids


def test_rest_days_with_include_rest_are_transparent_whole_days() -> None:
    events = by_id(reference_plan(), EventOptions(include_rest=True))
    rest_day = events["w-02.rest"]
    assert rest_day.transparent and rest_day.all_day
    assert rest_day.start == date(2027, 3, 26)
    assert rest_day.end == date(2027, 3, 27)
    assert not events["w-02.long"].transparent


def test_hard_day_has_morning_run_and_evening_strength_at_their_times() -> None:
    """S6: run in the morning, lift in the evening — two events at two times."""
    events = by_id(reference_plan())
    berlin = ZoneInfo("Europe/Berlin")
    morning, evening = events["w-02.intervals"], events["w-02.strength-heavy"]
    assert morning.start == datetime(2027, 3, 23, 7, 0, tzinfo=berlin)
    assert morning.end == datetime(2027, 3, 23, 8, 0, tzinfo=berlin)
    assert evening.start == datetime(2027, 3, 23, 18, 0, tzinfo=berlin)
    assert evening.end == datetime(2027, 3, 23, 18, 45, tzinfo=berlin)


def test_session_without_time_takes_the_weekday_slot_time_from_settings() -> None:
    plan = reference_plan()
    moved = replace(plan.sessions[0], start=None, slot=Slot.PM)
    times = (DayTimes(),) + (DayTimes(pm=time(19, 15)),) + (DayTimes(),) * 5
    plan = replace(plan, sessions=(moved,), settings=replace(plan.settings, times=times))
    (event,) = to_events(plan, PLAN_UUID)
    assert event.start == datetime(2027, 3, 23, 19, 15, tzinfo=ZoneInfo("Europe/Berlin"))


def test_summary_reads_well_on_a_phone() -> None:
    events = by_id(reference_plan())
    assert events["w-02.long"].summary == "Long run 18 km · E 5:35-6:10/km"
    assert events["w-02.strength-heavy"].summary == "Strength (heavy) · 45 min"
    assert events["w-01.threshold"].summary == "Tempo run 9 km · T 4:35/km"


def test_miles_runner_sees_paces_and_distances_in_miles() -> None:
    events = by_id(reference_plan(units=Units.MI))
    long_run = events["w-02.long"]
    # 335 s/km × 1.609344 = 539 s/mi = 8:59; 370 s/km → 595 s/mi = 9:55; 18 km = 11.2 mi
    assert long_run.summary.endswith("· E 8:59-9:55/mi")
    assert "Distance: 11.2 mi" in long_run.description


def test_description_has_everything_needed() -> None:
    events = by_id(reference_plan())
    lift = events["w-02.strength-heavy"].description
    assert "Goblet squat — 3 × 10-12" in lift
    assert "Romanian deadlift — 3 × 6-8" in lift
    assert "Plank — 3 × 10 breaths" in lift  # S3: holds in breaths
    assert "between sets" in lift  # S3: rest to keep form
    assert "Why today: strength after today's intervals" in lift
    assert "Phase: peak, week 1 of 3, 2 weeks before race week" in lift
    assert lift.splitlines()[0] == "Time: about 45 min"
    long_run = events["w-02.long"].description
    assert "Distance: 18 km" in long_run and "Pace: E 5:35-6:10/km" in long_run
    assert long_run.count("Distance:") == 1
    race = events["w-00.race"].description
    assert "Distance: 21.1 km" in race and "(race week)" in race


def test_categories_and_colour_follow_the_kind() -> None:
    events = by_id(reference_plan())
    assert events["w-02.long"].categories == ("Run", "Long run")
    assert events["w-02.strength-heavy"].categories == ("Strength",)
    colours = {e.kind: e.color for e in events.values()}
    assert len(set(colours.values())) == len(colours)
    assert all(c.startswith("#") and len(c) == 7 for c in colours.values())


def test_busy_only_keeps_times_and_hides_everything_else() -> None:
    plan = reference_plan()
    full = to_events(plan, PLAN_UUID)
    busy = to_events(plan, PLAN_UUID, EventOptions(busy_only=True, busy_text="Away"))
    assert [(e.uid, e.start, e.end) for e in busy] == [(e.uid, e.start, e.end) for e in full]
    assert {e.summary for e in busy} == {"Away"}
    assert all(e.description == "" and e.categories == () for e in busy)


def test_all_day_option_gives_dates_with_exclusive_end() -> None:
    events = to_events(reference_plan(), PLAN_UUID, EventOptions(all_day=True))
    assert all(e.all_day and e.end == e.start + timedelta(days=1) for e in events)


def test_content_hash_moves_only_with_what_a_calendar_shows() -> None:
    plan = reference_plan()
    first, again = by_id(plan), by_id(reference_plan())
    assert {k: e.content_hash for k, e in first.items()} == {
        k: e.content_hash for k, e in again.items()
    }
    moved = replace(plan.sessions[2], date=date(2027, 3, 25))
    sessions = tuple(moved if s.id == moved.id else s for s in plan.sessions)
    after = by_id(replace(plan, sessions=sessions))
    changed = {k for k in first if first[k].content_hash != after[k].content_hash}
    assert changed == {"w-02.easy-1"}
    alarmed = by_id(plan, EventOptions(alarm_minutes=30))
    assert all(alarmed[k].content_hash != first[k].content_hash for k in first)


# The Monday after each clock change of 2027 (EU: Mar 28 / Oct 31; US: Mar 14 / Nov 7),
# and the Monday before it, whose UTC offset differs.
DST_MONDAYS = {
    "Europe/Berlin": (date(2027, 3, 29), date(2027, 11, 1)),
    "America/New_York": (date(2027, 3, 15), date(2027, 11, 8)),
}


def dst_plan(timezone: str) -> Plan:
    days = [d - timedelta(days=k) for d in DST_MONDAYS[timezone] for k in (7, 0)]
    sessions = tuple(run(f"w-{i:02d}.easy", day, Kind.EASY, 8, EASY) for i, day in enumerate(days))
    return Plan(Settings(timezone=timezone), None, (), sessions)


def test_seven_oclock_run_stays_seven_oclock_across_clock_changes() -> None:
    for timezone in DST_MONDAYS:
        events = to_events(dst_plan(timezone), PLAN_UUID)
        starts = [e.start for e in events]
        assert all(s.hour == 7 and s.minute == 0 for s in starts)
        offsets = [s.utcoffset() for s in starts]
        assert offsets[0] != offsets[1] and offsets[2] != offsets[3], timezone


@given(
    day=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    start=st.times(time(5, 0), time(21, 0)).map(lambda t: t.replace(second=0, microsecond=0)),
    minutes=st.integers(1, 240),
    timezone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_any_session_starts_at_its_local_time_and_ends_after(
    day: date, start: time, minutes: int, timezone: str
) -> None:
    session = replace(run("w-01.easy", day, Kind.EASY, 8, EASY), start=start, minutes=minutes)
    plan = Plan(Settings(timezone=timezone), None, (), (session,))
    (event,) = to_events(plan, PLAN_UUID)
    assert isinstance(event.start, datetime) and isinstance(event.end, datetime)
    assert (event.start.date(), event.start.time()) == (day, start)
    assert event.end > event.start


def test_description_does_not_repeat_what_the_session_text_already_says() -> None:
    plan = reference_plan()
    lift = next(s for s in plan.sessions if s.id == "w-02.strength-heavy")
    written = replace(
        lift,
        description="Goblet squat — 3 × 10-12\nRomanian deadlift — 3 × 6-8\nPlank — 3 × 10 breaths"
        f"\n\nWhy today: {lift.why}",
    )
    (event,) = to_events(replace(plan, sessions=(written,)), PLAN_UUID)
    assert event.description.count("Goblet squat") == 1
    assert event.description.count("Why today:") == 1
    assert event.description.startswith("Time: about 45 min\nLoad: heavy\nPhase: peak")


def test_a_core_session_gives_its_minutes_once_in_every_output() -> None:
    """Regression: core sessions were titled "Core · 15 min · 15 min" in .ics, feed and Google."""
    settings = Settings(
        race_date=date(2027, 4, 11), distance_km=21.0975, start=date(2027, 1, 4), core_per_week=2
    )
    plan = generate(settings, date(2027, 1, 1))
    cores = [s for s in plan.active_sessions if s.kind is Kind.CORE]
    assert cores, "the plan has core sessions to show"
    events = by_id(plan)
    for session in cores:
        assert events[session.id].summary == f"Core · {session.minutes} min"
    body, _records = render_ics(events.values(), "Plan", {}, datetime(2027, 1, 1, tzinfo=UTC))
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert "Core · 15 min" in summaries
    assert not [s for s in summaries if s.count(" min") > 1]
    # a title that does not give its time still gets it, once
    lift = next(s for s in plan.active_sessions if s.kind is Kind.STRENGTH)
    assert events[lift.id].summary == f"{lift.title.split(' — ')[0]} · {lift.minutes} min"
