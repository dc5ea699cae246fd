"""The VTIMEZONE of an IANA zone over a span of dates, with every offset change in it.

Each change is found by probing the zone every few hours and narrowing each change down to
the second, so short-lived offsets (Morocco's month of Ramadan, a one-off change) are kept.
An observance starts at the local time of the offset before it (RFC 5545 §3.6.5).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

PROBE = timedelta(hours=6)  # no zone changes its offset twice within this
State = tuple[timedelta, str]  # UTC offset and abbreviation


def _state(zone: tzinfo, when: datetime) -> State:
    local = when.astimezone(zone)
    offset = local.utcoffset() or timedelta()
    return offset, local.tzname() or str(offset)


def _is_standard(zone: tzinfo, when: datetime) -> bool:
    return when.astimezone(zone).dst() == timedelta()


def _change_at(zone: tzinfo, before: datetime, after: datetime) -> datetime:
    """The first instant after ``before`` with the state of ``after`` (to the second)."""
    old = _state(zone, before)
    while after - before > timedelta(seconds=1):
        middle = (before + (after - before) / 2).replace(microsecond=0)
        if middle <= before:
            break
        if _state(zone, middle) == old:
            before = middle
        else:
            after = middle
    return after


def transitions(zone: tzinfo, first: datetime, last: datetime) -> list[datetime]:
    """The UTC instants in [first, last) at which the zone's offset or abbreviation changes."""
    found: list[datetime] = []
    when = first
    state = _state(zone, when)
    while when < last:
        probe = min(when + PROBE, last)
        probed = _state(zone, probe)
        if probed != state:
            change = _change_at(zone, when, probe)
            if change < last:
                found.append(change)
            when, state = change, _state(zone, change)
            continue
        when = probe
    return found


def timezone_component(tzid: str, zone: tzinfo, first_date: date, last_date: date) -> Timezone:
    """The VTIMEZONE of ``zone`` valid for local times from ``first_date`` to ``last_date``."""
    first = datetime.combine(first_date, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    last = datetime.combine(last_date, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    # (offset from, offset to, abbreviation, is standard) -> local onsets
    onsets: dict[tuple[timedelta, timedelta, str, bool], list[datetime]] = defaultdict(list)
    offset, name = _state(zone, first)
    onsets[(offset, offset, name, _is_standard(zone, first))].append(
        datetime.combine(first_date, datetime.min.time())
    )
    for change in transitions(zone, first, last):
        offset_to, name = _state(zone, change)
        key = (offset, offset_to, name, _is_standard(zone, change))
        onsets[key].append((change + offset).replace(tzinfo=None))
        offset = offset_to
    component = Timezone()
    component.add("TZID", tzid)
    component.add("COMMENT", f"This timezone only works from {first_date} to {last_date}.")
    for (offset_from, offset_to, abbreviation, is_standard), starts in onsets.items():
        observance = TimezoneStandard() if is_standard else TimezoneDaylight()
        observance.add("DTSTART", starts[0])
        observance.add("TZNAME", abbreviation)
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        if starts[1:]:
            observance.add("RDATE", starts[1:])
        component.add_component(observance)
    return component
