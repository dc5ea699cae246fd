"""Calendar events → an RFC 5545 ``.ics`` file (via ``icalendar``), and the export of a document.

The bytes depend only on the events, the calendar name, the stored publish state and ``now``:
an unchanged plan exported twice is byte-identical (DESIGN.md "Identity"), so a feed's ETag
does not move and a subscribed calendar sees nothing to update.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import TRANSP, Alarm, Calendar, Event, vDuration

from runlift.errors import DocumentError, PublishError, ReadOnlyDocumentError
from runlift.plan.edits.apply import document_today, plan_with_edits
from runlift.plan.model import Plan
from runlift.publish.events import PLAN_OPTIONS, CalendarEvent, EventOptions, to_events
from runlift.publish.vtimezone import timezone_component
from runlift.storage.document import Document, PublishRecord, load_document, update_document
from runlift.storage.paths import write_atomically
from runlift.text import one_line

PRODID = "-//RunLift//RunLift training plan//EN"
REFRESH = timedelta(hours=1)  # how often subscribers should poll a feed
ICS_TARGET = "ics"
GONE = ""  # the content hash of a session no longer in the output
ZONE_MARGIN = timedelta(days=7)  # a VTIMEZONE reaches this far beyond the first and last event


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: where, how many events, how many of them changed."""

    path: Path
    events: int
    changed: int
    size: int
    note: str | None = None  # the output was written, but its state could not be recorded


def publish_records(
    events: Iterable[CalendarEvent], published: Mapping[str, PublishRecord], now: datetime
) -> dict[str, PublishRecord]:
    """The publish state after this output: only changed sessions get a new SEQUENCE and time.

    A session that left the output (skipped, or the race moved) keeps its record, marked as
    gone, so that when it comes back its SEQUENCE is higher than any a calendar has seen
    (RFC 5545 §3.8.7.4: SEQUENCE never goes backwards for a UID).
    """
    stamp = now.astimezone(UTC).replace(microsecond=0)
    records: dict[str, PublishRecord] = {}
    for event in events:
        before = published.get(event.session_id)
        if before is not None and before.content_hash == event.content_hash:
            records[event.session_id] = before
        elif before is not None:
            records[event.session_id] = PublishRecord(
                event.content_hash, before.sequence + 1, stamp
            )
        else:
            records[event.session_id] = PublishRecord(event.content_hash, 0, stamp)
    for session_id, before in published.items():
        if session_id not in records:  # gone: no hash matches it, so a return is a change
            records[session_id] = replace(before, content_hash=GONE)
    return records


def render_ics(
    events: Iterable[CalendarEvent],
    calendar_name: str,
    published: Mapping[str, PublishRecord],
    now: datetime,
    options: EventOptions = PLAN_OPTIONS,
) -> tuple[bytes, dict[str, PublishRecord]]:
    """The ``.ics`` bytes and the publish records to store for this target."""
    events = tuple(events)
    records = publish_records(events, published, now)
    calendar = _calendar(calendar_name, options)
    for event in events:
        calendar.add_component(vevent_of(event, records[event.session_id]))
    _add_timezones(calendar, events)
    return calendar.to_ical(), records


def event_calendar(event: CalendarEvent, record: PublishRecord) -> Calendar:
    """One event alone in a calendar object with its VTIMEZONE, as a CalDAV resource holds it
    (RFC 4791 §4.1: one UID per resource); the VEVENT is the one ``render_ics`` writes."""
    calendar = Calendar.new(prodid=PRODID)
    del calendar["UID"]  # Calendar.new invents a random one; the bytes must be reproducible
    calendar.add_component(vevent_of(event, record))
    _add_timezones(calendar, (event,))
    return calendar


def _calendar(name: str, options: EventOptions) -> Calendar:
    calendar = Calendar.new(name=name, prodid=PRODID, refresh_interval=REFRESH)
    del calendar["UID"]  # Calendar.new invents a random one; the bytes must be reproducible
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    if not options.busy_only:  # a busy calendar says nothing about what the time is for
        calendar.add("X-WR-CALDESC", "Running and strength training plan from RunLift")
    return calendar


def vevent_of(event: CalendarEvent, record: PublishRecord) -> Event:
    """The VEVENT of one session, as every calendar file and resource holds it."""
    vevent = Event.new(
        uid=event.uid,
        summary=event.summary,
        description=event.description or None,
        start=event.start,
        end=_writable(event.end),
        stamp=record.modified,
        last_modified=record.modified,
        sequence=record.sequence,
        categories=list(event.categories),
        color=event.color_name,
        transparency=TRANSP.TRANSPARENT if event.transparent else TRANSP.OPAQUE,
    )
    if not event.categories:  # icalendar writes an empty CATEGORIES line otherwise
        del vevent["CATEGORIES"]
    if event.alarm_minutes is not None:
        vevent.add_component(_alarm(event))
    return vevent


def _writable(moment: datetime | date) -> datetime | date:
    """A time as a TZID local time can say it, or in UTC when it is the second of two equal
    local times (the hour the clocks go back), which a local time would read as the first."""
    if isinstance(moment, datetime) and moment.fold and moment.tzinfo is not None:
        first = moment.replace(fold=0)
        return moment.astimezone(UTC) if first.utcoffset() != moment.utcoffset() else moment
    return moment


def _alarm(event: CalendarEvent) -> Alarm:
    alarm = Alarm.new(description=event.summary)
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", timedelta(minutes=-(event.alarm_minutes or 0)))
    return alarm


def _add_timezones(calendar: Calendar, events: tuple[CalendarEvent, ...]) -> None:
    """A VTIMEZONE for every TZID, with every offset change from a week before the first event
    to a week after the last one."""
    if not events:
        return
    days = [_day(event.start) for event in events] + [_day(event.end) for event in events]
    first, last = min(days) - ZONE_MARGIN, max(days) + ZONE_MARGIN
    missing = sorted(calendar.get_missing_tzids())
    known = [(tzid, zone) for tzid in missing if (zone := _zone(tzid)) is not None]
    before = len(calendar.timezones)  # VTIMEZONEs come before the events that use them
    for position, (tzid, zone) in enumerate(known, before):
        calendar.subcomponents.insert(position, timezone_component(tzid, zone, first, last))


def _zone(tzid: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):  # not an IANA name: nothing to describe
        return None


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


# --- A saved document → its plan → its bytes on disk.


def document_plan(doc: Document, now: datetime) -> Plan:
    """The document's plan with its edits, as of the runner's local date at ``now``."""
    local_today = now.astimezone(ZoneInfo(doc.settings.timezone)).date()
    plan, _outcomes = plan_with_edits(
        doc.settings, doc.edits, document_today(doc.settings, local_today)
    )
    return plan


@dataclass(frozen=True)
class SavedPlan:
    """A saved plan as a push sends it: the document, its events, and the moment of both."""

    document: Document
    events: tuple[CalendarEvent, ...]
    now: datetime


def saved_plan(path: Path, now: datetime | None = None) -> SavedPlan:
    """The document saved at ``path`` and its plan's events as of ``now`` (default: now)."""
    doc = load_document(path)
    moment = now or datetime.now().astimezone()
    return SavedPlan(doc, to_events(document_plan(doc, moment), doc.plan_uuid), moment)


def calendar_name(doc: Document, options: EventOptions) -> str:
    if options.busy_only:
        return "RunLift busy times"
    return one_line(doc.name) or "RunLift training plan"


def render_document(
    doc: Document, target: str, options: EventOptions, now: datetime
) -> tuple[bytes, Document]:
    """The ``.ics`` bytes for one target and the document carrying its new publish state."""
    events = to_events(document_plan(doc, now), doc.plan_uuid, options)
    body, records = render_ics(
        events, calendar_name(doc, options), doc.publish.get(target, {}), now, options
    )
    return body, replace(doc, publish={**doc.publish, target: records})


def ics_target(options: EventOptions) -> str:
    """The publish target of an ``.ics`` export made with ``options``.

    Each way of exporting keeps its own SEQUENCE state, so exporting the full plan, then
    busy times, then the full plan again gives the same bytes as the first full export.
    """
    parts = [ICS_TARGET]
    if options.busy_only:
        parts.append("busy")
        if options.busy_text != PLAN_OPTIONS.busy_text:
            parts.append("text." + hashlib.sha256(options.busy_text.encode()).hexdigest()[:12])
    if options.all_day:
        parts.append("allday")
    if options.include_rest:
        parts.append("rest")
    if options.alarm_minutes is not None:
        parts.append(f"alarm{options.alarm_minutes}")
    return "-".join(parts)


def merge_publish(
    target: str, records: Mapping[str, PublishRecord]
) -> Callable[[Document], Document]:
    """A change that puts one target's publish records into a freshly loaded document."""

    def change(fresh: Document) -> Document:
        return replace(fresh, publish={**fresh.publish, target: dict(records)})

    return change


def export_document(
    path: Path, out: Path, options: EventOptions, now: datetime, target: str | None = None
) -> ExportResult:
    """Write the document's plan to ``out`` atomically and remember what was published.

    Only this target's records are merged into the document as it is on disk when saving,
    so an edit saved by another process while rendering is kept.
    """
    target = target or ics_target(options)
    doc = load_document(path)
    body, updated = render_document(doc, target, options, now)
    write_atomic(out, body)
    before, after = doc.publish.get(target, {}), updated.publish[target]
    note = record_if_possible(path, merge_publish(target, after)) if before != after else None
    shown = {key: record for key, record in after.items() if record.content_hash != GONE}
    changed = sum(1 for key, record in shown.items() if before.get(key) != record)
    return ExportResult(out, len(shown), changed, len(body), note)


def record_if_possible(path: Path, change: Callable[[Document], Document]) -> str | None:
    """Record what an output published in the document; a note instead when the file cannot
    be saved (write-protected, or no lock file beside it): the output is written all the same,
    and the next one numbers its SEQUENCE from what the file holds."""
    try:
        update_document(path, change)
    except ReadOnlyDocumentError:
        return f"{path.name} is write-protected: what was published is not recorded in it"
    except DocumentError as error:
        return f"what was published is not recorded in {path.name}: {error}"
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write a calendar file atomically (readers see the old or the new file, never half).

    Calendar files go into folders others may write into (a synced or web folder): a link or
    a special file (a pipe) at ``path`` is refused, never written through, and only the file
    RunLift wrote is made readable to all (a calendar, unlike the document, is for sharing).
    """
    refuse_planted(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data, mode=0o644, follow_links=False)
    except OSError as error:
        raise PublishError(f"cannot write {path}: {error.strerror or error}") from None


def refuse_planted(path: Path) -> None:
    """PublishError when ``path`` is a link or anything but a plain file RunLift could own."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise PublishError(f"cannot write {path}: {error.strerror or error}") from None
    if stat.S_ISLNK(found.st_mode):
        raise PublishError(
            f"{path} is a link RunLift did not make: nothing was written; remove it and try again"
        )
    if not stat.S_ISREG(found.st_mode):
        raise PublishError(
            f"{path} is not a plain file (a pipe or a device?): nothing was written; remove it"
        )
