"""CalDAV push (iCloud, Fastmail, Nextcloud, any RFC 4791 server): idempotent, safe to stop.

A push lists this plan's events in its calendar with one calendar-query (our
``X-RUNLIFT-PLAN`` property; checked again here, in case a server ignores the filter), diffs
them against the plan with the same ``publish.sync`` diff as Google, and PUTs or DELETEs each
change conditionally (``caldav_writes``). Events without our property are never read back into
the plan, changed or deleted. The calendar is RunLift's own per plan, made with MKCALENDAR
(re-made when deleted) or picked by the runner, and remembered in the document.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from caldav.davclient import DAVClient
from caldav.elements import cdav, dav
from caldav.lib import error as dav_error
from caldav.lib.url import URL

from runlift.errors import PublishError, RemoteError, SettingsError
from runlift.publish.caldav.account import Connection, connect, translated_errors
from runlift.publish.caldav.copies import RemoteCopy, read_copy, shown_of
from runlift.publish.caldav.writes import (
    Progress,
    TooLarge,
    Write,
    WriteRun,
    event_resource,
    resource_name,
    send,
)
from runlift.publish.events import CalendarEvent
from runlift.publish.ics import publish_records
from runlift.publish.sync.diff import (
    Action,
    PushResult,
    RemoteEvent,
    SyncPlan,
    SyncStep,
    calendar_summary,
    diff,
)
from runlift.publish.sync.push import Writes, more_words, push_saved, run_push
from runlift.publish.sync.retry import Backoff, cancellable_sleep
from runlift.storage.document import Document, PublishRecord

# The most of a listing that is read: a plan's few hundred events of a few kB each are far
# below it; a larger answer is refused rather than held in memory.
LISTING_LIMIT = 20 * 1024 * 1024

TARGET = "caldav"  # the document's publish state for CalDAV: SEQUENCE and DTSTAMP per session

_LISTING = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:prop-filter name="X-RUNLIFT-PLAN">
      <C:text-match collation="i;octet">{plan}</C:text-match>
    </C:prop-filter>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


@dataclass(frozen=True)
class AccountCalendar:
    """A calendar of the account, as the runner picks one."""

    name: str
    url: str


def push(
    document: Document,
    events: Sequence[CalendarEvent],
    *,
    connection: Connection | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    save: Callable[[Document], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    rng: random.Random | None = None,
    now: datetime | None = None,
    calendar: str | None = None,
) -> PushResult:
    """Make the document's CalDAV calendar hold exactly ``events``.

    ``calendar`` (a name or address of one of the account's calendars) is the runner's pick
    for a server that does not let RunLift make its own. ``save`` is called with the document
    whenever what it remembers changes (the calendar, the publish records), so an interrupted
    push leaves a document the next push finishes from.
    """
    connection = connection or connect()
    backoff = Backoff(
        sleep=sleep or cancellable_sleep(cancel), rng=rng or random.Random(), cancel=cancel
    )
    target = _CalDavTarget(connection, backoff, now or datetime.now().astimezone(), calendar)
    with translated_errors(connection.account.url):
        return run_push(target, document, events, dry_run=dry_run, progress=progress, save=save)


class _CalDavTarget:
    """The CalDAV part of a push (``publish.sync.push``): the calendar by address, our events
    by one calendar-query, each write a conditional PUT or DELETE."""

    def __init__(
        self, connection: Connection, backoff: Backoff, now: datetime, pick: str | None
    ) -> None:
        self.connection, self.backoff, self.now, self.pick = connection, backoff, now, pick
        self.client = connection.client()
        self.calendar_created = False
        self.listed: dict[str, RemoteCopy] = {}
        self.records: dict[str, PublishRecord] = {}

    @property
    def requests(self) -> int:
        return self.connection.counter.sent

    def open_calendar(self, doc: Document, dry_run: bool) -> tuple[Document, str | None]:
        if self.pick is not None:
            doc = replace(doc, caldav_calendar_url=find_calendar(self.client, self.pick).url)
        url, self.listed = self._calendar(doc, dry_run)
        return replace(doc, caldav_calendar_url=url), url

    def changes(
        self, doc: Document, calendar: str | None, events: Sequence[CalendarEvent]
    ) -> SyncPlan:
        self.records = publish_records(events, doc.publish.get(TARGET, {}), self.now)
        plan = diff(events, _remote_events(self.listed, events, self.records))
        self._above_the_servers_sequence(plan)
        return plan

    def _above_the_servers_sequence(self, plan: SyncPlan) -> None:
        """An update's SEQUENCE is above the copy the server holds (another app may have
        raised it when it moved the event): RFC 5545 lets SEQUENCE only go up."""
        stamp = self.now.astimezone(UTC).replace(microsecond=0)
        for step in plan.of(Action.UPDATE):
            copy = self.listed.get(step.remote_id)
            record = self.records.get(step.session_id)
            if copy is not None and record is not None and copy.sequence >= record.sequence:
                self.records[step.session_id] = replace(
                    record, sequence=copy.sequence + 1, modified=stamp
                )

    def before_writes(self, doc: Document) -> Document:
        return doc  # the SEQUENCE numbers are kept once the writes went out

    def writes(self, doc: Document, calendar: str, plan: SyncPlan, progress: Progress) -> _Writes:
        writes = [
            _write_for(step, calendar, self.listed, self.records, doc.plan_uuid)
            for step in plan.writes
        ]
        return _Writes(WriteRun(self.connection, doc.plan_uuid, self.backoff, progress), writes)

    def after_writes(self, doc: Document, writes: Writes) -> Document:
        if doc.publish.get(TARGET) == self.records:
            return doc
        return replace(doc, publish={**doc.publish, TARGET: dict(self.records)})

    def refused(self, session: str, more: int, error: Exception) -> PublishError:
        kind = type(error) if isinstance(error, PublishError) else PublishError
        return kind(f"the CalDAV server refused the event “{session}”{more_words(more)}: {error}")

    def _calendar(self, doc: Document, dry_run: bool) -> tuple[str, dict[str, RemoteCopy]]:
        """The calendar's address and our events in it; made (again) when it is missing."""
        url = doc.caldav_calendar_url
        listed = self._list_ours(url, doc.plan_uuid) if url else None
        if listed is not None and url:
            return url, listed
        own = self._own_calendar_url(doc.plan_uuid)
        if own != url:  # our calendar may exist (a copied document); then it is used
            listed = self._list_ours(own, doc.plan_uuid)
            if listed is not None:
                return own, listed
        if not dry_run:
            self._make_calendar(doc)
            self.calendar_created = True
        return own, {}

    def _own_calendar_url(self, plan_uuid: str) -> str:
        home = self.client.get_principal().calendar_home_set.url
        return str(URL.objectify(home).join(f"{calendar_id(plan_uuid)}/"))

    def _make_calendar(self, doc: Document) -> None:
        principal = self.client.get_principal()
        try:
            principal.make_calendar(
                name=calendar_summary(doc),
                cal_id=calendar_id(doc.plan_uuid),
                supported_calendar_component_set=["VEVENT"],
            )
        except (dav_error.MkcalendarError, dav_error.AuthorizationError) as error:
            if isinstance(error, dav_error.AuthorizationError) and error.status != 403:
                raise  # the password, not the permission: said as such by translated_errors
            raise PublishError(
                "this server does not let RunLift make a calendar of its own; pick one of "
                "yours: `runlift caldav push DOC --calendar NAME` (`runlift caldav status` "
                "lists them)"
            ) from None

    def _list_ours(self, url: str, plan_uuid: str) -> dict[str, RemoteCopy] | None:
        """UID → our event: one calendar-query; None when the calendar is not there."""
        query = _LISTING.format(plan=escape(plan_uuid)).encode("utf-8")
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        try:
            response = send(
                self.client, self.backoff, url, "REPORT", query, headers, limit=LISTING_LIMIT
            )
        except TooLarge as error:
            raise RemoteError(_too_large(error)) from None
        except dav_error.AuthorizationError as error:
            if error.status != 403:
                raise
            return None  # not there for this account (a server may say 403 for 404)
        if response.status in (404, 410):
            return None
        if response.status != 207:
            raise RemoteError(f"listing the calendar answered {response.status}")
        found: dict[str, RemoteCopy] = {}
        props = response.expand_simple_props([dav.GetEtag(), cdav.CalendarData()])
        for href, values in props.items():
            data = values.get(cdav.CalendarData.tag) or ""
            etag = values.get(dav.GetEtag.tag) or ""
            copy = read_copy(str(URL.objectify(url).join(href)), etag, data, plan_uuid)
            if copy is not None:
                found.setdefault(copy.uid, copy)
        return found


def _too_large(error: TooLarge) -> str:
    said = f" (it says {error.size / 2**20:.0f} MB)" if error.size is not None else ""
    return (
        f"the calendar's listing is larger than {error.limit / 2**20:g} MB{said}: the server "
        "sends more than this plan's events. Pick a calendar of the plan's own "
        "(`runlift caldav push DOC --calendar NAME`) or ask the server's provider"
    )


class _Writes:
    def __init__(self, run: WriteRun, writes: list[Write]) -> None:
        self.run, self.writes = run, writes

    @property
    def failures(self) -> list[tuple[str, PublishError]]:
        return self.run.failures

    def apply(self) -> None:
        self.run.apply(self.writes)


def calendar_id(plan_uuid: str) -> str:
    """The last part of our calendar's address: one calendar per plan."""
    return f"runlift-{plan_uuid}"


def _remote_events(
    listed: Mapping[str, RemoteCopy],
    events: Sequence[CalendarEvent],
    records: Mapping[str, PublishRecord],
) -> dict[str, RemoteEvent]:
    """What the diff compares: our hash tag, and whether another app changed what is shown."""
    wanted = {event.uid: event for event in events}
    remote: dict[str, RemoteEvent] = {}
    for uid, copy in listed.items():
        event = wanted.get(uid)
        edited = (
            event is not None
            and copy.content_hash == event.content_hash
            and copy.shown != shown_of(event, records[event.session_id])
        )
        session_id = uid.rsplit("@", 1)[0]
        remote[uid] = RemoteEvent(uid, copy.content_hash, session_id=session_id, edited=edited)
    return remote


def _write_for(
    step: SyncStep,
    url: str,
    listed: Mapping[str, RemoteCopy],
    records: Mapping[str, PublishRecord],
    plan_uuid: str,
) -> Write:
    copy = listed.get(step.remote_id)
    if step.action is Action.DELETE:
        assert copy is not None
        return Write(step, copy.href, copy.etag or None, None)
    assert step.event is not None
    body = event_resource(step.event, records[step.event.session_id], plan_uuid)
    if copy is None:
        return Write(step, str(URL.objectify(url).join(resource_name(step.event))), None, body)
    return Write(step, copy.href, copy.etag or None, body)


# --- The account's calendars --------------------------------------------------------------


def account_calendars(client: DAVClient) -> list[AccountCalendar]:
    """Every calendar of the account, by name."""
    with translated_errors(str(client.url)):
        found = [
            AccountCalendar(str(cal.get_display_name() or cal.url), str(cal.url))
            for cal in client.get_calendars()
        ]
    return sorted(found, key=lambda calendar: calendar.name.casefold())


def find_calendar(client: DAVClient, choice: str) -> AccountCalendar:
    """The account's calendar named (or at the address) ``choice``."""
    calendars = account_calendars(client)
    for found in calendars:
        if choice in (found.url, found.name) or found.name.casefold() == choice.casefold():
            return found
    names = ", ".join(f"“{found.name}”" for found in calendars) or "none"
    raise SettingsError("calendar", f"no calendar {choice!r} in this account (it has {names})")


# --- A saved document ---------------------------------------------------------------------


def push_document(
    path: Path,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    calendar: str | None = None,
    connection: Connection | None = None,
) -> PushResult:
    """Push the plan saved at ``path``; the document keeps its calendar and publish state."""
    return push_saved(
        path,
        now,
        merge_caldav_state,
        lambda saved, save: push(
            saved.document, saved.events, connection=connection, dry_run=dry_run,
            progress=progress, cancel=cancel, save=save, now=saved.now, calendar=calendar,
        ),
    )  # fmt: skip


def merge_caldav_state(pushed: Document) -> Callable[[Document], Document]:
    """A change that puts only what a CalDAV push remembers into a freshly loaded document."""

    def change(fresh: Document) -> Document:
        if fresh.plan_uuid != pushed.plan_uuid:
            return fresh  # the file now holds another plan: nothing of this push belongs there
        publish = dict(fresh.publish)
        if TARGET in pushed.publish:
            publish[TARGET] = pushed.publish[TARGET]
        return replace(fresh, caldav_calendar_url=pushed.caldav_calendar_url, publish=publish)

    return change
