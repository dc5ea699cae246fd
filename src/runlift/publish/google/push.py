"""Google Calendar push: one listing, then batched writes; idempotent and safe to interrupt.

A push lists the events carrying our private tag once (cancelled ones included), diffs them
against the plan (``publish.sync``) and sends the creates, updates and deletes in batches of
at most 50 calls. Event ids are derived from the session UID, so an insert repeated after an
interruption answers 409 and becomes a fetch-and-update: no duplicates. Events without our
tag are never read for change, updated or deleted.

Signing in, the client, error translation and retries live in ``google_auth``; the event
resource and the batched writer in ``google_writes``.
"""

from __future__ import annotations

import http.client
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import google.auth.exceptions
import httplib2
from googleapiclient.errors import HttpError

from runlift.errors import PublishError, RemoteError
from runlift.publish.events import CalendarEvent, event_uid, google_event_id
from runlift.publish.google.auth import CalendarApi, Retry, auth_error, open_api, remote_error
from runlift.publish.google.writes import (
    MAX_REPLACEMENT_IDS,
    TAG_PLAN,
    Json,
    Progress,
    WriteRun,
    remote_event,
    replacement_id,
)
from runlift.publish.google.writes import TAG_SESSION as TAG_SESSION  # still read as google.*
from runlift.publish.sync.diff import PushResult as PushResult  # still read as google.*
from runlift.publish.sync.diff import RemoteEvent, SyncPlan, diff
from runlift.publish.sync.diff import calendar_summary as calendar_summary
from runlift.publish.sync.push import Writes, more_words, push_saved, run_push
from runlift.publish.sync.retry import cancellable_sleep
from runlift.storage.document import Document

LIST_PAGE_SIZE = 250


def push(
    document: Document,
    events: Sequence[CalendarEvent],
    *,
    api: CalendarApi | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    save: Callable[[Document], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    rng: random.Random | None = None,
) -> PushResult:
    """Make the document's Google calendar hold exactly ``events``.

    ``save`` is called with the document whenever what it remembers changes (a new calendar
    id, an event id Google made us replace), before the next write, so an interrupted push
    leaves a document the next push finishes from.
    """
    pause = sleep or cancellable_sleep(cancel)
    retry = Retry(sleep=pause, rng=rng or random.Random(), cancel=cancel)
    try:
        api = api or open_api()
        target = _GoogleTarget(api, retry)
        return run_push(target, document, events, dry_run=dry_run, progress=progress, save=save)
    except google.auth.exceptions.RefreshError as error:
        raise auth_error(error) from None
    except google.auth.exceptions.TransportError:
        raise RemoteError("cannot reach Google to renew the sign-in; push again later") from None
    except HttpError as error:
        raise remote_error(error) from None
    except (httplib2.HttpLib2Error, OSError, http.client.HTTPException):
        raise RemoteError(
            "lost the connection to Google Calendar; push again to finish (nothing is duplicated)"
        ) from None


class _GoogleTarget:
    """The Google part of a push (``publish.sync.push``): the calendar by id, our events by
    their private tag, the writes in batches."""

    def __init__(self, api: CalendarApi, retry: Retry) -> None:
        self.api, self.retry = api, retry
        self.calendar_created = False
        self.events: Sequence[CalendarEvent] = ()  # the plan's, once ``changes`` has run
        self.ids: dict[str, str] = {}

    @property
    def requests(self) -> int:
        return self.api.counter.sent

    def open_calendar(self, doc: Document, dry_run: bool) -> tuple[Document, str | None]:
        calendar_id = _existing_calendar(self.api, doc, self.retry)
        if calendar_id is None and not dry_run:
            calendar_id = _create_calendar(self.api, doc, self.retry)
            self.calendar_created = True
            doc = replace(doc, google_calendar_id=calendar_id, google_event_ids={})
        return doc, calendar_id

    def changes(
        self, doc: Document, calendar: str | None, events: Sequence[CalendarEvent]
    ) -> SyncPlan:
        remote = _list_ours(self.api, calendar, doc.plan_uuid, self.retry) if calendar else {}
        self.events, self.ids = events, _event_ids(doc, events, remote)
        return diff(events, remote, remote_id=lambda event: self.ids[event.session_id])

    def before_writes(self, doc: Document) -> Document:
        return _remember_ids(doc, self.events, self.ids)

    def writes(self, doc: Document, calendar: str, plan: SyncPlan, progress: Progress) -> _Writes:
        return _Writes(WriteRun(self.api, calendar, doc.plan_uuid, self.retry, progress), plan)

    def after_writes(self, doc: Document, writes: Writes) -> Document:
        assert isinstance(writes, _Writes)  # cancelled or not, keep the ids Google replaced
        return _remember_ids(doc, self.events, {**self.ids, **writes.run.replaced})

    def refused(self, session: str, more: int, error: Exception) -> PublishError:
        why = remote_error(error) if isinstance(error, HttpError) else error
        return RemoteError(
            f"Google Calendar refused the event “{session}”{more_words(more)}: {why}"
        )


class _Writes:
    def __init__(self, run: WriteRun, plan: SyncPlan) -> None:
        self.run, self.plan = run, plan

    @property
    def failures(self) -> list[tuple[str, HttpError]]:
        return self.run.failures

    def apply(self) -> None:
        self.run.apply(self.plan)


def _existing_calendar(api: CalendarApi, doc: Document, retry: Retry) -> str | None:
    """The remembered calendar, or None when there is none or the user deleted it (404)."""
    if not doc.google_calendar_id:
        return None
    try:
        retry.execute(api.service.calendars().get(calendarId=doc.google_calendar_id))
    except HttpError as error:
        if error.resp.status in (404, 410):
            return None
        raise
    return doc.google_calendar_id


def _create_calendar(api: CalendarApi, doc: Document, retry: Retry) -> str:
    body = {"summary": calendar_summary(doc), "timeZone": doc.settings.timezone}
    answer: Json = retry.execute(api.service.calendars().insert(body=body))
    return str(answer["id"])


def _list_ours(
    api: CalendarApi, calendar_id: str, plan_uuid: str, retry: Retry
) -> dict[str, RemoteEvent]:
    """Every event tagged with this plan, cancelled ones included: one listing, paged."""
    events = api.service.events()
    request = events.list(
        calendarId=calendar_id,
        privateExtendedProperty=f"{TAG_PLAN}={plan_uuid}",
        showDeleted=True,
        maxResults=LIST_PAGE_SIZE,
    )
    found: dict[str, RemoteEvent] = {}
    while request is not None:
        page: Json = retry.execute(request)
        for item in page.get("items", []):
            found_event = remote_event(item)
            if _ours(found_event, plan_uuid):  # a copy with our tags and another id: theirs
                found[item["id"]] = found_event
        request = events.list_next(request, page)
    return found


def _ours(found: RemoteEvent, plan_uuid: str) -> bool:
    """One of this plan's events: its id is the one its session's UID gives, or one of the
    replacement ids RunLift makes for it; our tags alone (copied by a Duplicate) are not."""
    if not found.session_id:
        return False
    first = google_event_id(event_uid(found.session_id, plan_uuid))
    return found.id == first or any(
        found.id == replacement_id(first, attempt) for attempt in range(1, MAX_REPLACEMENT_IDS + 1)
    )


def _event_ids(
    doc: Document, events: Sequence[CalendarEvent], remote: Mapping[str, RemoteEvent]
) -> dict[str, str]:
    """Session → Google event id: ours, the recorded replacement, or a live tagged event of
    that session found on the calendar (a replacement made before the document was saved)."""
    live: dict[str, list[str]] = {}
    for found in remote.values():
        if found.session_id and not found.cancelled:
            live.setdefault(found.session_id, []).append(found.id)
    ids: dict[str, str] = {}
    for event in events:
        chosen = doc.google_event_ids.get(event.session_id, event.google_id)
        if (chosen not in remote or remote[chosen].cancelled) and live.get(event.session_id):
            chosen = sorted(live[event.session_id])[0]
        ids[event.session_id] = chosen
    return ids


def _remember_ids(
    doc: Document, events: Sequence[CalendarEvent], ids: Mapping[str, str]
) -> Document:
    replaced = {e.session_id: ids[e.session_id] for e in events if ids[e.session_id] != e.google_id}
    if replaced == doc.google_event_ids:
        return doc
    return replace(doc, google_event_ids=replaced)


def push_document(
    path: Path,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PushResult:
    """Push the plan saved at ``path``; the document keeps the calendar id it was given."""
    return push_saved(
        path,
        now,
        merge_google_state,
        lambda saved, save: push(
            saved.document, saved.events, dry_run=dry_run, progress=progress, cancel=cancel,
            save=save,
        ),
    )  # fmt: skip


GOOGLE_TARGET = "google"


def merge_google_state(pushed: Document) -> Callable[[Document], Document]:
    """A change that puts only what a push remembers into a freshly loaded document.

    A push may run for minutes (retries, back-off): an edit another process saved meanwhile
    must survive the push saving its calendar id and replaced event ids.
    """

    def change(fresh: Document) -> Document:
        if fresh.plan_uuid != pushed.plan_uuid:
            return fresh  # the file now holds another plan: nothing of this push belongs there
        publish = dict(fresh.publish)
        if GOOGLE_TARGET in pushed.publish:
            publish[GOOGLE_TARGET] = pushed.publish[GOOGLE_TARGET]
        return replace(
            fresh,
            google_calendar_id=pushed.google_calendar_id,
            google_event_ids=dict(pushed.google_event_ids),
            publish=publish,
        )

    return change
