"""Our events as a CalDAV server holds them: which copies are RunLift's (its UID, not only its
properties), what a calendar app shows of each (as parsed values, times as instants), and the
SEQUENCE the server's copy holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

from runlift.publish.events import CalendarEvent
from runlift.publish.ics import vevent_of
from runlift.storage.document import PublishRecord

TAG_PLAN, TAG_HASH = "X-RUNLIFT-PLAN", "X-RUNLIFT-HASH"
HASH_FORMAT = "c1:"  # bumped when the resource we write changes shape: every event is rewritten
SHOWN = ("SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "CATEGORIES", "COLOR", "TRANSP")


@dataclass(frozen=True)
class RemoteCopy:
    """One of our events as the server holds it."""

    href: str
    etag: str
    uid: str
    content_hash: str | None  # from X-RUNLIFT-HASH; None when missing or of an older format
    shown: str  # what a calendar app shows of it, to notice another app's edits
    sequence: int = 0  # its SEQUENCE there: what we write next is never lower (RFC 5545)


def read_copy(href: str, etag: str, data: str, plan_uuid: str) -> RemoteCopy | None:
    """The event in ``data`` when it is one of this plan's, else None (never ours to touch)."""
    vevent = first_event(data)
    if vevent is None or str(vevent.get(TAG_PLAN, "")) != plan_uuid:
        return None
    if not is_our_uid(str(vevent.get("UID", "")), plan_uuid):
        return None  # our properties on another UID: a copy the runner made (Duplicate)
    return copy_of(href, etag, vevent)


_SESSION_ID = re.compile(r"w-[0-9]{2,}\.[a-z0-9-]+")


def is_our_uid(uid: str, plan_uuid: str) -> bool:
    """RunLift's UID for this plan: ``<session id>@<plan uuid>`` (DESIGN.md "Identity")."""
    session, at, plan = uid.rpartition("@")
    return bool(at) and plan == plan_uuid and _SESSION_ID.fullmatch(session) is not None


def copy_of(href: str, etag: str, vevent: icalendar.Event) -> RemoteCopy:
    stored = str(vevent.get(TAG_HASH, ""))
    return RemoteCopy(
        href=href,
        etag=etag,
        uid=str(vevent.get("UID", "")),
        content_hash=stored.removeprefix(HASH_FORMAT) if stored.startswith(HASH_FORMAT) else None,
        shown=shown_text(vevent),
        sequence=_sequence(vevent),
    )


def _sequence(vevent: icalendar.Event) -> int:
    try:
        return max(int(vevent.get("SEQUENCE", 0)), 0)
    except (TypeError, ValueError):
        return 0


def first_event(data: str) -> icalendar.Event | None:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return None
    events = calendar.events
    return events[0] if events else None


def shown_text(vevent: icalendar.Event) -> str:
    """What a calendar app shows, as parsed values: the same whatever the server's formatting."""
    parts = [f"{name}={_value_text(vevent, name)}" for name in SHOWN]
    triggers = sorted(str(alarm.get("TRIGGER").to_ical()) for alarm in vevent.walk("VALARM"))
    return "\n".join([*parts, f"ALARMS={triggers}"])


def _value_text(vevent: icalendar.Event, name: str) -> str:
    value = vevent.get(name)
    if value is None:
        return ""
    if name in ("DTSTART", "DTEND"):
        return _moment_text(vevent.decoded(name))
    if name == "CATEGORIES":
        lines = value if isinstance(value, list) else [value]
        return ",".join(str(cat) for line in lines for cat in line.cats)
    return str(value)


def _moment_text(moment: object) -> str:
    """A time as the instant it is: ``Etc/UTC``, ``UTC`` and ``GMT`` (or a server's own name
    for a zone) are the same moment, so a zone's name never counts as a change."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            return f"{moment.isoformat()} floating"
        return moment.astimezone(UTC).isoformat()
    return str(moment)  # a whole day


def shown_of(event: CalendarEvent, record: PublishRecord) -> str:
    """What a calendar app shows of the event we write: the same text as its copy read back
    from a server gives (``shown_text`` compares parsed values, not bytes)."""
    return shown_text(vevent_of(event, record))
