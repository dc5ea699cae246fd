"""Times across clock changes: every VTIMEZONE holds every offset change of the plan, and a
session lasts its real minutes and starts at a time that exists."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest

from runlift.plan.model import Kind, Plan, Settings
from runlift.publish.events import CalendarEvent, to_events
from runlift.publish.ics import render_ics

from .test_events import EASY, PLAN_UUID, run
from .test_ics import NOW, PARSERS, lint_ics

# --- An RFC 5545 §3.6.5 reading of a VTIMEZONE, independent of the zone database.


class EmbeddedZone:
    """The UTC offsets a VTIMEZONE gives: each onset is a local time in the offset before it."""

    def __init__(self, component: icalendar.Timezone) -> None:
        onsets: list[tuple[datetime, timedelta]] = []
        for observance in component.subcomponents:
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
            locals_ = [observance["DTSTART"].dt]
            rdates = observance.get("RDATE", [])
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                locals_ += [value.dt for value in rdate.dts]
            onsets += [(local - offset_from, offset_to) for local in locals_]
        onsets.sort()
        self.instants = [instant for instant, _ in onsets]
        self.offsets = [offset for _, offset in onsets]

    def offset_at(self, instant: datetime) -> timedelta:
        """The offset at a UTC instant (given as a naive UTC time)."""
        index = bisect.bisect_right(self.instants, instant) - 1
        return self.offsets[max(index, 0)]

    def offset_of_local(self, local: datetime) -> timedelta:
        """The offset of a local time: the first of two, the one before a gap (§3.3.5)."""
        fits = [o for o in set(self.offsets) if self.offset_at(local - o) == o]
        if fits:
            return max(fits)  # the larger offset is the earlier instant
        return self.offset_at(local - max(self.offsets) - timedelta(hours=1))


def embedded_zones(body: bytes) -> dict[str, EmbeddedZone]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(tz["TZID"]): EmbeddedZone(tz) for tz in calendar.walk("VTIMEZONE")}


def plan_events(timezone: str, first: date, last: date) -> tuple[CalendarEvent, ...]:
    """A session every other day, at times near and far from clock changes."""
    starts = ("07:00", "18:30", "01:30", "02:30", "12:00", "23:30")
    sessions = []
    day, number = first, 0
    while day <= last:
        session = run(f"s-{number:03d}", day, Kind.EASY, 8, EASY, starts[number % len(starts)])
        sessions.append(replace(session, minutes=(45, 90)[number % 2]))
        day, number = day + timedelta(days=2), number + 1
    return to_events(Plan(Settings(timezone=timezone), None, (), tuple(sessions)), PLAN_UUID)


def assert_embedded_offsets_match(body: bytes, events: tuple[CalendarEvent, ...]) -> None:
    zones = embedded_zones(body)
    parsed = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(parsed) == len(events)
    by_uid = {e.uid: e for e in events}
    for vevent in parsed:
        event = by_uid[str(vevent["UID"])]
        for name, expected in (("DTSTART", event.start), ("DTEND", event.end)):
            prop = vevent[name]
            assert isinstance(expected, datetime)
            tzid = prop.params.get("TZID")
            if tzid is None:  # written in UTC
                assert prop.dt.astimezone(UTC) == expected.astimezone(UTC), (event.uid, name)
                continue
            local = prop.dt.replace(tzinfo=None)
            assert local == expected.replace(tzinfo=None), (event.uid, name)
            offset = zones[tzid].offset_of_local(local)
            assert offset == expected.utcoffset(), (tzid, event.uid, name, local)


NAMED_ZONES = ("Africa/Casablanca", "Africa/El_Aaiun", "Europe/Berlin", "America/New_York")
NAMED_ZONES += ("Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Asia/Tehran")
NAMED_ZONES += ("Europe/Dublin", "Antarctica/Troll", "America/Havana", "Asia/Kolkata")


@pytest.mark.parametrize("timezone", NAMED_ZONES)
def test_embedded_zone_gives_every_event_its_real_offset_across_two_years(timezone: str) -> None:
    """Regression: a Casablanca plan over 2026-2027 lost the 2027 Ramadan change."""
    events = plan_events(timezone, date(2026, 11, 1), date(2027, 6, 1))
    body, _ = render_ics(events, "x", {}, NOW)
    assert lint_ics(body) == []
    assert_embedded_offsets_match(body, events)


ALL_ZONES = sorted(available_timezones() - {"Factory"})


@pytest.mark.parametrize("timezone", ALL_ZONES)
def test_every_zone_has_every_offset_change_of_a_year(timezone: str) -> None:
    """A plan of one year: the VTIMEZONE agrees with the zone database at noon UTC each day
    and hour by hour on the days the offset changes, in every zone of the database."""
    first, last = date(2026, 9, 1), date(2027, 9, 1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    zone = ZoneInfo(timezone)
    events = plan_events(timezone, first, first) + plan_events(timezone, last, last)
    events = tuple(replace(e, uid=f"{n}{e.uid}") for n, e in enumerate(events))
    body, _ = render_ics(events, "x", {}, NOW)
    embedded = embedded_zones(body).get(timezone)
    if embedded is None:  # a zone that is UTC all along is written in UTC
        assert b"TZID" not in body and zone.utcoffset(datetime(2027, 1, 1)) == timedelta()
        return

    def agree(instant: datetime, zone: ZoneInfo = zone, embedded: EmbeddedZone = embedded):
        real = instant.replace(tzinfo=UTC).astimezone(zone).utcoffset()
        return real == embedded.offset_at(instant)

    before = None
    for day in days:
        noon = datetime.combine(day, time(12))
        assert agree(noon), (timezone, noon)
        offset = noon.replace(tzinfo=UTC).astimezone(zone).utcoffset()
        if before is not None and offset != before:
            hours = [noon - timedelta(hours=h) for h in range(1, 24)]
            assert all(agree(hour) for hour in hours), (timezone, day)
        before = offset


# --- A session lasts its real minutes and starts at a time that exists.

CLOCK_DAYS = (date(2027, 3, 28), date(2027, 10, 31))  # Europe/Berlin: forward, back


def test_sessions_on_clock_change_days_last_their_minutes_and_exist() -> None:
    """Regression: 01:30 + 90 min on a change day ended at 03:00 local (30 or 150 real min),
    and a 02:30 start the clocks skip was written as a time that does not exist."""
    zone = ZoneInfo("Europe/Berlin")
    sessions = []
    for day in CLOCK_DAYS:
        for start in ("01:30", "02:00", "02:30", "03:00"):
            for minutes in (45, 90):
                sid = f"{day:%m%d}-{start[:2]}{start[3:]}-{minutes}"
                session = run(sid, day, Kind.EASY, 8, EASY, start)
                sessions.append(replace(session, minutes=minutes))
    plan = Plan(Settings(timezone="Europe/Berlin"), None, (), tuple(sessions))
    events = to_events(plan, PLAN_UUID)
    minutes = {s.id: s.minutes for s in sessions}
    for event in events:
        start, end = event.start, event.end
        assert isinstance(start, datetime) and isinstance(end, datetime)
        lasts = end.astimezone(UTC) - start.astimezone(UTC)
        assert lasts == timedelta(minutes=minutes[event.session_id]), event.session_id
        for moment in (start, end):
            again = moment.astimezone(UTC).astimezone(zone)
            assert again.replace(tzinfo=None) == moment.replace(tzinfo=None), event.session_id
            assert again.utcoffset() == moment.utcoffset(), event.session_id
    skipped = {e.session_id: e.start for e in events}["0328-0230-45"]
    assert isinstance(skipped, datetime)
    assert (skipped.hour, skipped.minute, skipped.utcoffset()) == (3, 30, timedelta(hours=2))
    body, _ = render_ics(events, "x", {}, NOW)
    assert lint_ics(body) == []
    assert_embedded_offsets_match(body, events)
    expected = {e.uid: (e.start, e.end) for e in events}
    for parse in PARSERS:
        seen = {uid: (start, end) for uid, (start, end, _) in parse(body).items()}
        assert seen.keys() == expected.keys(), parse.__name__
        for uid, (start, end) in expected.items():
            assert isinstance(start, datetime) and isinstance(end, datetime)
            got_start, got_end = seen[uid]
            assert isinstance(got_start, datetime) and isinstance(got_end, datetime)
            assert got_start.astimezone(UTC) == start.astimezone(UTC), (parse.__name__, uid)
            assert got_end.astimezone(UTC) == end.astimezone(UTC), (parse.__name__, uid)
