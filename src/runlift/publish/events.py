"""Plan → calendar events: the one identity scheme, times in the runner's zone, the text.

Every output (.ics file, feed, Google Calendar) starts from ``to_events``, so a session has the
same UID, Google id, times, words and content hash everywhere (DESIGN.md "Identity").
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from runlift.plan.content.describe import distance_text, minutes_text
from runlift.plan.model import Kind, Plan, Session, Settings, Slot, Units
from runlift.plan.paces import format_pace_range
from runlift.plan.strength.exercises import describe_exercises

# Fixed forever: changing it would give every event a new Google id.
RUNLIFT_NAMESPACE = uuid.UUID("fbb5c624-0892-5329-98a5-92552d5819d2")


@dataclass(frozen=True)
class KindStyle:
    """How a kind of session looks in a calendar: its category and colour."""

    label: str
    group: str  # "Run", "Strength", … : the first category, for filtering
    css_name: str  # RFC 7986 COLOR takes a CSS3 colour name
    hex: str  # the same colour as "#RRGGBB", for outputs that want hex


KIND_STYLES: dict[Kind, KindStyle] = {
    Kind.EASY: KindStyle("Easy run", "Run", "mediumseagreen", "#3CB371"),
    Kind.LONG: KindStyle("Long run", "Run", "royalblue", "#4169E1"),
    Kind.THRESHOLD: KindStyle("Tempo run", "Run", "darkorange", "#FF8C00"),
    Kind.INTERVALS: KindStyle("Intervals", "Run", "crimson", "#DC143C"),
    Kind.HILLS: KindStyle("Hills", "Run", "sienna", "#A0522D"),
    Kind.RACE_PACE: KindStyle("Race pace", "Run", "darkviolet", "#9400D3"),
    Kind.STRIDES: KindStyle("Strides", "Run", "lightseagreen", "#20B2AA"),
    Kind.RECOVERY: KindStyle("Shake-out run", "Run", "darkseagreen", "#8FBC8F"),
    Kind.RACE: KindStyle("Race", "Run", "gold", "#FFD700"),
    Kind.STRENGTH: KindStyle("Strength", "Strength", "slategray", "#708090"),
    Kind.CORE: KindStyle("Core", "Strength", "cadetblue", "#5F9EA0"),
    Kind.CROSS: KindStyle("Cross-training", "Cross-training", "teal", "#008080"),
    Kind.REST: KindStyle("Rest", "Rest", "lightgray", "#D3D3D3"),
}


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar event for one session, the same for every output."""

    session_id: str  # e.g. "w-03.long"
    uid: str  # session id + "@" + plan uuid
    google_id: str  # 32 lowercase hex chars of uuid5(namespace, uid)
    summary: str
    description: str
    start: datetime | date  # aware datetime in the runner's zone, or a date when all-day
    end: datetime | date  # exclusive end for all-day events
    timezone: str  # IANA name
    kind: str  # Kind value: "long", "strength", …
    categories: tuple[str, ...]
    color: str  # "#RRGGBB" per kind
    transparent: bool  # rest days: does not block time
    content_hash: str  # hex digest of everything above that a calendar shows
    alarm_minutes: int | None = None  # a reminder this many minutes before the start

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def color_name(self) -> str:
        """The CSS3 colour name for RFC 7986 ``COLOR`` (hex is not allowed there)."""
        return KIND_STYLES[Kind(self.kind)].css_name


@dataclass(frozen=True)
class EventOptions:
    """How the plan is turned into events for one output."""

    all_day: bool = False
    include_rest: bool = False
    busy_only: bool = False
    busy_text: str = "Busy"
    alarm_minutes: int | None = None


PLAN_OPTIONS = EventOptions()  # the full plan: timed events, no rest days, no reminders


def event_uid(session_id: str, plan_uuid: str) -> str:
    """The iCalendar UID: session id + "@" + the plan's uuid (DESIGN.md "Identity")."""
    return f"{session_id}@{plan_uuid}"


def google_event_id(uid: str) -> str:
    """32 lowercase hex characters: inside Google's base32hex id alphabet, stable per UID."""
    return uuid.uuid5(RUNLIFT_NAMESPACE, uid).hex


def to_events(
    plan: Plan, plan_uuid: str, options: EventOptions = PLAN_OPTIONS
) -> tuple[CalendarEvent, ...]:
    """The plan's calendar events, in date and time order; skipped sessions are left out."""
    events = [
        _event(session, plan, plan_uuid, options)
        for session in plan.active_sessions
        if options.include_rest or session.kind != Kind.REST
    ]
    return tuple(sorted(events, key=_order))


def _order(event: CalendarEvent) -> tuple[str, str]:
    return (event.start.isoformat(), event.session_id)


def _event(session: Session, plan: Plan, plan_uuid: str, options: EventOptions) -> CalendarEvent:
    settings = plan.settings
    uid = event_uid(session.id, plan_uuid)
    style = KIND_STYLES[session.kind]
    start, end = event_times(session, settings, options.all_day)
    categories: tuple[str, ...] = ()
    summary, description = options.busy_text, ""  # busy: no details at all
    if not options.busy_only:
        summary = event_summary(session, settings.units)
        description = event_description(session, plan)
        categories = tuple(dict.fromkeys((style.group, style.label)))
    event = CalendarEvent(
        session_id=session.id,
        uid=uid,
        google_id=google_event_id(uid),
        summary=summary,
        description=description,
        start=start,
        end=end,
        timezone=settings.timezone,
        kind=session.kind.value,
        categories=categories,
        color=style.hex,
        transparent=session.kind == Kind.REST,  # a rest day blocks no time
        content_hash="",
        alarm_minutes=None if session.kind == Kind.REST else options.alarm_minutes,
    )
    return replace(event, content_hash=content_hash(event))


_NOT_SHOWN = frozenset({"session_id", "google_id", "content_hash"})


def content_hash(event: CalendarEvent) -> str:
    """SHA-256 over everything a calendar shows (the UID included, the derived ids not)."""
    shown = {f.name: getattr(event, f.name) for f in fields(event) if f.name not in _NOT_SHOWN}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=_iso)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(value: object) -> str:
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")


def event_times(
    session: Session, settings: Settings, all_day: bool
) -> tuple[datetime, datetime] | tuple[date, date]:
    """Start and end: local times in the runner's zone, or a day with exclusive end.

    S6: a morning run and an evening strength session on one day keep their own slot times.
    Rest days and sessions without a time of day are whole days.
    """
    start_time = session.start
    if start_time is None and session.slot != Slot.ALLDAY:
        times = settings.day_times(session.date)
        start_time = times.am if session.slot == Slot.AM else times.pm
    if all_day or start_time is None or session.slot == Slot.ALLDAY or session.kind == Kind.REST:
        return session.date, session.date + timedelta(days=1)
    zone = ZoneInfo(settings.timezone)
    # A start the clocks skip (02:30 when they jump from 02:00 to 03:00) becomes the time it
    # reads after the jump (03:30); a time that occurs twice is the first of the two.
    start_utc = datetime.combine(session.date, start_time, tzinfo=zone).astimezone(UTC)
    # The session lasts its minutes in real time, also across a clock change.
    end_utc = start_utc + timedelta(minutes=max(session.minutes, 1))
    return start_utc.astimezone(zone), end_utc.astimezone(zone)


# --- The words: what a phone shows in one line, and everything needed to do the session.


def event_summary(session: Session, units: Units) -> str:
    """One line for a phone: ``Long run 24 km · E 5:35-6:10/km``, ``Strength (heavy) · 45 min``.

    A title's detail after " — " ("Strength (heavy) — full body") goes to the description.
    """
    headline = _headline(session)
    if session.pace is not None:
        return f"{headline} · {format_pace_range(session.pace, units)}"
    if session.kind == Kind.REST or session.minutes <= 0 or _states_minutes(headline, session):
        return headline
    return f"{headline} · {session.minutes} min"


def _states_minutes(headline: str, session: Session) -> bool:
    """A title that already gives the time ("Core · 15 min") does not get it twice."""
    return re.search(rf"\b{session.minutes}\s?min\b", headline) is not None


def _headline(session: Session) -> str:
    return session.title.split(" — ")[0]


def event_description(session: Session, plan: Plan) -> str:
    """Everything needed to do the session without opening RunLift.

    The key facts come first (a phone shows the first lines), then the session's own text.
    Facts the session text already states (the generator writes distance, pace, exercises and
    "why" into it; a hand-made plan may not) are not repeated.
    """
    text = session.description.strip()
    facts = [line for line in _fact_lines(session, plan) if line.split(":")[0] + ":" not in text]
    title = [session.title] if _headline(session) != session.title else []
    lines = [*title, *facts, *_week_lines(session, plan)]
    if text:
        lines += ["", text]
    if session.exercises and not all(e.name in text for e in session.exercises):
        lines += ["", describe_exercises(session.exercises)]
    if session.why and session.why not in text:
        lines += ["", f"Why today: {session.why}"]
    return "\n".join(lines).strip("\n")


def _fact_lines(session: Session, plan: Plan) -> list[str]:
    units = plan.settings.units
    lines = []
    if session.distance_km is not None:
        lines.append(f"Distance: {distance_text(round(session.distance_km, 1), units)}")
    if session.pace is not None:
        lines.append(f"Pace: {format_pace_range(session.pace, units)}")
    if session.minutes > 0 and session.kind != Kind.REST:
        lines.append(f"Time: about {minutes_text(session.minutes)}")
    if session.load is not None:
        lines.append(f"Load: {session.load.value}")
    return lines


def _week_lines(session: Session, plan: Plan) -> list[str]:
    """V7: the phase, counted back from race day."""
    week = plan.week_of(session.date)
    if week is None:
        return []
    phase = f"Phase: {week.phase.value}, week {week.index} of {len(plan.weeks)}"
    if week.to_race == 0:
        phase += " (race week)"
    elif week.to_race is not None:
        phase += f", {week.to_race} {'week' if week.to_race == 1 else 'weeks'} before race week"
    return [phase]


def event_words(event: CalendarEvent) -> str:
    """How a runner names the event: ``Long run 14 km, Sun 3 Jan``."""
    start = event.start
    return f"{event.summary}, {start:%a} {start.day} {start:%b}"
