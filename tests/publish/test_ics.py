"""The .ics bytes: three independent parsers, a structural lint, golden file, stable re-export."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from runlift.plan.model import Plan, Units
from runlift.publish.events import CalendarEvent, EventOptions, to_events
from runlift.publish.ics import ics_target, render_ics

from .test_events import DST_MONDAYS, PLAN_UUID, dst_plan, reference_plan

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2027, 3, 1, 12, 0, 0, tzinfo=UTC)
LATER = datetime(2027, 3, 20, 9, 30, 0, tzinfo=UTC)

# --- Structural lint over the raw bytes (RFC 5545 §3.1, §3.6.1).

Moment = datetime | date


def unfolded_lines(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    lines: list[str] = []
    for line in text.split("\r\n")[:-1]:
        if line[:1] in (" ", "\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def content_line(line: str) -> tuple[str, dict[str, str], str]:
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params), value


def moment(params: dict[str, str], value: str) -> Moment:
    if params.get("VALUE") == "DATE":
        return datetime.strptime(value, "%Y%m%d").date()
    local = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return local.replace(tzinfo=UTC)
    return local.replace(tzinfo=ZoneInfo(params["TZID"])) if "TZID" in params else local


def lint_ics(body: bytes) -> list[str]:
    """Everything wrong with the bytes' structure; an empty list when clean."""
    problems = []
    if not body.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    for number, raw in enumerate(body.split(b"\r\n")[:-1], 1):
        if b"\n" in raw or b"\r" in raw:
            problems.append(f"line {number}: bare LF or CR")
        if len(raw) > 75:
            problems.append(f"line {number}: {len(raw)} octets")
    lines = [content_line(line) for line in unfolded_lines(body)]
    zones = {value for name, _, value in lines if name == "TZID"}
    used = {params["TZID"] for _, params, _ in lines if "TZID" in params}
    problems += [f"TZID {zone} has no VTIMEZONE" for zone in sorted(used - zones)]
    events: list[dict[str, tuple[dict[str, str], str]]] = []
    for name, params, value in lines:
        if (name, value) == ("BEGIN", "VEVENT"):
            events.append({})
        elif events and name in ("UID", "DTSTART", "DTEND") and name not in events[-1]:
            events[-1][name] = (params, value)
    uids = [event["UID"][1] for event in events]
    if len(set(uids)) != len(uids):
        problems.append("duplicate UIDs")
    for event in events:
        problems += _event_problems(event)
    return problems


def _event_problems(event: dict[str, tuple[dict[str, str], str]]) -> list[str]:
    uid = event.get("UID", ({}, "?"))[1]
    if "DTSTART" not in event or "DTEND" not in event:
        return [f"{uid}: DTSTART or DTEND missing"]
    start, end = moment(*event["DTSTART"]), moment(*event["DTEND"])
    if type(start) is not type(end):
        return [f"{uid}: DTSTART and DTEND of different types"]
    if not end > start:
        return [f"{uid}: DTEND not after DTSTART"]
    if not isinstance(start, datetime) and end - start < timedelta(days=1):
        return [f"{uid}: all-day end is not exclusive"]
    return []


# --- Three independent parsers must read back what the plan says.

Seen = dict[str, tuple[Moment, Moment, str]]


def read_icalendar(body: bytes) -> Seen:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(e["UID"]): (e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"]))
        for e in calendar.walk("VEVENT")
    }


def read_vobject(body: bytes) -> Seen:
    # vobject keeps the first VTIMEZONE it saw per TZID for the whole process: forget them,
    # so that each file is read on its own, as a calendar client reads it.
    known = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [name for name in known if name != "UTC"]:
        del known[tzid]
    calendar = vobject.readOne(body.decode("utf-8"))
    calendar.validate()
    return {
        e.uid.value: (e.dtstart.value, e.dtend.value, e.summary.value) for e in calendar.vevent_list
    }


def read_ical(body: bytes) -> Seen:
    calendar = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    return {e.uid: (e.dtstart, e.dtend, e.summary) for e in calendar.events}


PARSERS = (read_icalendar, read_vobject, read_ical)


def assert_parsers_agree(body: bytes, events: tuple[CalendarEvent, ...]) -> None:
    expected = {e.uid: (e.start, e.end, e.summary) for e in events}
    for parse in PARSERS:
        seen = parse(body)
        assert seen.keys() == expected.keys(), parse.__name__
        for uid, (start, end, summary) in expected.items():
            got_start, got_end, got_summary = seen[uid]
            assert (got_start, got_end, got_summary) == (start, end, summary), (parse, uid)
            assert type(got_start) is type(start), (parse.__name__, uid)
            if isinstance(start, datetime):  # same wall-clock time, not only the same instant
                assert got_start.replace(tzinfo=None) == start.replace(tzinfo=None)


OPTION_CASES = {
    "plan": EventOptions(),
    "busy": EventOptions(busy_only=True, busy_text="Away"),
    "all-day": EventOptions(all_day=True),
    "rest-and-alarm": EventOptions(include_rest=True, alarm_minutes=45),
}


@pytest.mark.parametrize("case", sorted(OPTION_CASES))
@pytest.mark.parametrize("timezone", ["Europe/Berlin", "America/New_York", "UTC"])
def test_every_export_parses_three_ways_and_is_structurally_clean(case: str, timezone: str) -> None:
    events = to_events(reference_plan(timezone), PLAN_UUID, OPTION_CASES[case])
    body, _ = render_ics(events, "Half marathon", {}, NOW, OPTION_CASES[case])
    assert lint_ics(body) == []
    assert_parsers_agree(body, events)


def test_lint_finds_broken_files() -> None:
    events = to_events(reference_plan(), PLAN_UUID)
    body, _ = render_ics(events, "Half marathon", {}, NOW)
    assert lint_ics(body.replace(b"\r\n", b"\n", 3))
    assert lint_ics(body.replace(b"X-PUBLISHED-TTL:PT1H", b"X-PUBLISHED-TTL:" + b"P" * 80))
    assert any("VTIMEZONE" in p for p in lint_ics(re.sub(rb"TZID:Europe/Berlin", b"", body)))
    first_end = body.index(b"DTEND;TZID=Europe/Berlin:20270323T080000")
    broken = body[:first_end] + body[first_end:].replace(b"T080000", b"T060000", 1)
    assert any("not after" in p for p in lint_ics(broken))


def test_calendar_carries_name_refresh_and_ttl() -> None:
    body, _ = render_ics(to_events(reference_plan(), PLAN_UUID), "Half marathon", {}, NOW)
    lines = unfolded_lines(body)
    for line in (
        "PRODID:-//RunLift//RunLift training plan//EN",
        "NAME:Half marathon",
        "X-WR-CALNAME:Half marathon",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "COLOR:royalblue",
        "CATEGORIES:Run,Long run",
        "TRANSP:OPAQUE",
    ):
        assert line in lines


def test_all_day_events_are_dates_with_exclusive_end() -> None:
    options = EventOptions(all_day=True)
    body, _ = render_ics(to_events(reference_plan(), PLAN_UUID, options), "x", {}, NOW, options)
    lines = unfolded_lines(body)
    assert "DTSTART;VALUE=DATE:20270328" in lines and "DTEND;VALUE=DATE:20270329" in lines
    assert not [line for line in lines if line.startswith("DTSTART;TZID")]


def test_alarm_is_a_display_reminder_before_the_start() -> None:
    options = EventOptions(alarm_minutes=45)
    events = to_events(reference_plan(), PLAN_UUID, options)
    body, _ = render_ics(events, "x", {}, NOW, options)
    alarms = icalendar.Calendar.from_ical(body).walk("VALARM")
    assert len(alarms) == len(events)
    assert {a["TRIGGER"].dt for a in alarms} == {timedelta(minutes=-45)}
    assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}


def test_busy_calendar_tells_nothing_but_the_time() -> None:
    options = EventOptions(busy_only=True)
    body, _ = render_ics(to_events(reference_plan(), PLAN_UUID, options), "x", {}, NOW, options)
    text = body.decode()
    for word in ("DESCRIPTION", "CATEGORIES", "Long run", "km", "Strength", "X-WR-CALDESC"):
        assert word not in text
    assert text.count("SUMMARY:Busy\r\n") == len(to_events(reference_plan(), PLAN_UUID))


@pytest.mark.parametrize("timezone", sorted(DST_MONDAYS))
def test_seven_oclock_run_reads_back_seven_oclock_local_after_clock_change(
    timezone: str,
) -> None:
    events = to_events(dst_plan(timezone), PLAN_UUID)
    body, _ = render_ics(events, "x", {}, NOW)
    assert lint_ics(body) == []
    zone = ZoneInfo(timezone)
    for parse in PARSERS:
        starts = sorted(start for start, _, _ in parse(body).values())
        local = [s.astimezone(zone) for s in starts]
        assert [(s.hour, s.minute) for s in local] == [(7, 0)] * 4, parse.__name__
        assert {s.date() for s in local} >= set(DST_MONDAYS[timezone])
        assert local[0].utcoffset() != local[1].utcoffset()


def golden_body() -> bytes:
    options = EventOptions(include_rest=True, alarm_minutes=30)
    events = to_events(reference_plan(), PLAN_UUID, options)
    body, _ = render_ics(events, "Half marathon 2027", {}, NOW, options)
    return body


def test_reference_plan_matches_the_golden_file() -> None:
    """Regenerate on purpose only: RUNLIFT_REGENERATE_GOLDEN=1 pytest tests/publish."""
    golden = GOLDEN / "reference_plan.ics"
    body = golden_body()
    if os.environ.get("RUNLIFT_REGENERATE_GOLDEN") == "1":
        golden.write_bytes(body)
    assert body == golden.read_bytes()
    assert lint_ics(golden.read_bytes()) == []


def test_unchanged_plan_exports_identical_bytes_later() -> None:
    events = to_events(reference_plan(), PLAN_UUID)
    first, records = render_ics(events, "x", {}, NOW)
    again, records_again = render_ics(to_events(reference_plan(), PLAN_UUID), "x", records, LATER)
    assert again == first
    assert records_again == records


def sequences(body: bytes) -> dict[str, tuple[int, datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    return {
        str(e["UID"]).split("@")[0]: (
            int(e["SEQUENCE"]),
            e["DTSTAMP"].dt,
            e["LAST-MODIFIED"].dt,
        )
        for e in calendar.walk("VEVENT")
    }


def move(plan: Plan, session_id: str, day: date) -> Plan:
    sessions = tuple(replace(s, date=day) if s.id == session_id else s for s in plan.sessions)
    return replace(plan, sessions=sessions)


def test_moving_one_session_raises_only_its_sequence() -> None:
    plan = reference_plan()
    first, records = render_ics(to_events(plan, PLAN_UUID), "x", {}, NOW)
    moved = move(plan, "w-02.easy-1", date(2027, 3, 25))
    second, records2 = render_ics(to_events(moved, PLAN_UUID), "x", records, LATER)
    before, after = sequences(first), sequences(second)
    changed = {sid for sid in before if before[sid] != after[sid]}
    assert changed == {"w-02.easy-1"}
    assert after["w-02.easy-1"] == (1, LATER, LATER)
    assert before["w-02.long"] == (0, NOW, NOW) == after["w-02.long"]
    assert records2["w-02.easy-1"].sequence == 1
    third, _ = render_ics(to_events(plan, PLAN_UUID), "x", records2, LATER + timedelta(days=1))
    assert sequences(third)["w-02.easy-1"][0] == 2  # moving it back is another change


def test_miles_plan_parses_and_shows_miles() -> None:
    events = to_events(reference_plan(units=Units.MI), PLAN_UUID)
    body, _ = render_ics(events, "x", {}, NOW)
    assert lint_ics(body) == []
    assert_parsers_agree(body, events)
    assert "/mi" in read_icalendar(body)[f"w-02.long@{PLAN_UUID}"][2]


def without(plan: Plan, session_id: str) -> Plan:
    return replace(plan, sessions=tuple(s for s in plan.sessions if s.id != session_id))


def test_a_session_that_leaves_and_comes_back_gets_a_higher_sequence() -> None:
    plan = reference_plan()
    _first, records = render_ics(to_events(plan, PLAN_UUID), "x", {}, NOW)
    gone, records_gone = render_ics(
        to_events(without(plan, "w-02.long"), PLAN_UUID), "x", records, LATER
    )
    assert "w-02.long" not in sequences(gone)
    assert records_gone["w-02.long"].sequence == 0  # remembered while it is away
    back_at = LATER + timedelta(days=1)
    back, records_back = render_ics(to_events(plan, PLAN_UUID), "x", records_gone, back_at)
    assert sequences(back)["w-02.long"] == (1, back_at, back_at)  # never back to 0
    assert records_back["w-02.long"].sequence == 1
    again, _ = render_ics(to_events(plan, PLAN_UUID), "x", records_back, back_at + timedelta(1))
    assert again == back  # and stays put once it is back


def test_ics_targets_differ_per_export_options_and_are_stable() -> None:
    shapes = [
        EventOptions(),
        EventOptions(busy_only=True),
        EventOptions(busy_only=True, busy_text="Occupied"),
        EventOptions(all_day=True),
        EventOptions(include_rest=True),
        EventOptions(alarm_minutes=30),
        EventOptions(alarm_minutes=45),
        EventOptions(all_day=True, busy_only=True, alarm_minutes=30),
    ]
    targets = [ics_target(options) for options in shapes]
    assert targets[0] == "ics"  # what earlier documents recorded for a plain export
    assert len(set(targets)) == len(shapes)
    assert all(name not in {"feed", "busy", "google"} for name in targets)
    assert [ics_target(options) for options in shapes] == targets
