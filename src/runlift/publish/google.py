"""Google Calendar push: one listing, then batched writes; idempotent and safe to interrupt.

A push lists the events carrying our private tag once (cancelled ones included), diffs them
against the plan (``publish.sync``) and sends the creates, updates and deletes in batches of
at most 50 calls. Event ids are derived from the session UID, so an insert repeated after an
interruption answers 409 and becomes a fetch-and-update: no duplicates. Events without our
tag are never read for change, updated or deleted.

Signing in, the client, error translation and retries live in ``google_auth``.
"""

from __future__ import annotations

import hashlib
import http.client
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import google.auth.exceptions
import httplib2
from googleapiclient.errors import BatchError, HttpError

from runlift.errors import RemoteError
from runlift.publish.events import CalendarEvent
from runlift.publish.google_auth import (
    CalendarApi,
    Retry,
    auth_error,
    open_api,
    remote_error,
    transient,
)
from runlift.publish.sync import Action, RemoteEvent, SyncPlan, SyncStep, diff
from runlift.storage.document import Document, update_document

LIST_PAGE_SIZE = 250
BATCH_SIZE = 50  # Google Calendar's limit of calls per batch
MAX_REPLACEMENT_IDS = 3
TAG_PLAN, TAG_SESSION, TAG_HASH = "runliftPlan", "runliftSession", "runliftHash"
# Bumped when the event body we send changes shape, so every event is rewritten once.
HASH_FORMAT = "g1:"

Json = dict[str, Any]
Progress = Callable[[int, int], None]

# Google Calendar's fixed event colours (colorId → hex); we pick the nearest to a kind's colour.
_GOOGLE_COLORS = {
    "1": "#7986CB", "2": "#33B679", "3": "#8E24AA", "4": "#E67C73", "5": "#F6BF26",
    "6": "#F4511E", "7": "#039BE5", "8": "#616161", "9": "#3F51B5", "10": "#0B8043",
    "11": "#D50000",
}  # fmt: skip


@dataclass(frozen=True)
class PushResult:
    created: int
    updated: int
    deleted: int
    unchanged: int
    requests: int  # HTTP requests sent (a batch counts once)
    plan: SyncPlan
    document: Document
    calendar_created: bool = False
    dry_run: bool = False


def calendar_summary(doc: Document) -> str:
    return f"RunLift – {doc.name or 'training plan'}"


def event_body(event: CalendarEvent, plan_uuid: str, event_id: str) -> Json:
    """The Calendar API resource for one event, tagged as ours in a private property."""
    private = {
        TAG_PLAN: plan_uuid,
        TAG_SESSION: event.session_id,
        TAG_HASH: HASH_FORMAT + event.content_hash,
    }
    body: Json = {
        "id": event_id,
        "status": "confirmed",  # also restores an event the user deleted
        "summary": event.summary,
        "description": event.description,
        "start": _when(event.start, event.timezone),
        "end": _when(event.end, event.timezone),
        "transparency": "transparent" if event.transparent else "opaque",
        "colorId": nearest_color_id(event.color),
        "extendedProperties": {"private": private},
        "reminders": {"useDefault": True},
    }
    if event.alarm_minutes is not None:
        popup = {"method": "popup", "minutes": event.alarm_minutes}
        body["reminders"] = {"useDefault": False, "overrides": [popup]}
    return body


def _when(moment: datetime | date, timezone: str) -> Json:
    if isinstance(moment, datetime):
        return {"dateTime": moment.isoformat(), "timeZone": timezone}
    return {"date": moment.isoformat()}


def nearest_color_id(hex_color: str) -> str:
    def rgb(text: str) -> tuple[int, int, int]:
        value = int(text.lstrip("#"), 16)
        return value >> 16, (value >> 8) & 0xFF, value & 0xFF

    wanted = rgb(hex_color)
    return min(
        _GOOGLE_COLORS,
        key=lambda key: sum(
            (a - b) ** 2 for a, b in zip(rgb(_GOOGLE_COLORS[key]), wanted, strict=True)
        ),
    )


def remote_event(item: Json) -> RemoteEvent:
    private = item.get("extendedProperties", {}).get("private", {})
    stored = str(private.get(TAG_HASH, ""))
    return RemoteEvent(
        id=item["id"],
        content_hash=stored.removeprefix(HASH_FORMAT) if stored.startswith(HASH_FORMAT) else None,
        cancelled=item.get("status") == "cancelled",
        session_id=private.get(TAG_SESSION),
    )


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
    retry = Retry(sleep=sleep or _pause(cancel), rng=rng or random.Random(), cancel=cancel)
    try:
        api = api or open_api()
        return _push(api, document, events, dry_run, retry, progress, save or (lambda _: None))
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


def _push(
    api: CalendarApi,
    doc: Document,
    events: Sequence[CalendarEvent],
    dry_run: bool,
    retry: Retry,
    progress: Progress | None,
    save: Callable[[Document], None],
) -> PushResult:
    calendar_id = _existing_calendar(api, doc, retry)
    created = False
    if calendar_id is None and not dry_run:
        calendar_id, created = _create_calendar(api, doc, retry), True
        doc = replace(doc, google_calendar_id=calendar_id, google_event_ids={})
        save(doc)
    remote = _list_ours(api, calendar_id, doc.plan_uuid, retry) if calendar_id else {}
    ids = _event_ids(doc, events, remote)
    plan = diff(events, remote, remote_id=lambda event: ids[event.session_id])
    if not dry_run and calendar_id:
        doc = _remember_ids(doc, events, ids, save)
        run = _WriteRun(api, calendar_id, doc.plan_uuid, retry, progress)
        try:
            run.apply(plan)
        finally:  # cancelled or not, keep the ids Google made us replace
            doc = _remember_ids(doc, events, {**ids, **run.replaced}, save)
        _raise_failures(run.failures)
    counts = plan.counts()
    return PushResult(
        created=counts[Action.CREATE],
        updated=counts[Action.UPDATE],
        deleted=counts[Action.DELETE],
        unchanged=counts[Action.UNCHANGED],
        requests=api.counter.sent,
        plan=plan,
        document=doc,
        calendar_created=created,
        dry_run=dry_run,
    )


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
            found[item["id"]] = remote_event(item)
        request = events.list_next(request, page)
    return found


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
    doc: Document,
    events: Sequence[CalendarEvent],
    ids: Mapping[str, str],
    save: Callable[[Document], None],
) -> Document:
    replaced = {e.session_id: ids[e.session_id] for e in events if ids[e.session_id] != e.google_id}
    if replaced == doc.google_event_ids:
        return doc
    doc = replace(doc, google_event_ids=replaced)
    save(doc)
    return doc


def _raise_failures(failures: Sequence[tuple[str, HttpError]]) -> None:
    if not failures:
        return
    session_id, error = failures[0]
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    raise RemoteError(
        f"Google Calendar refused the event {session_id}{more}: {remote_error(error)}"
    )


def _pause(cancel: threading.Event | None) -> Callable[[float], None]:
    """A back-off pause that ends at once when the user cancels."""
    if cancel is None:
        return time.sleep

    def wait(seconds: float) -> None:
        cancel.wait(seconds)

    return wait


def push_document(
    path: Path,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> PushResult:
    """Push the plan saved at ``path``; the document keeps the calendar id it was given."""
    from runlift.publish.events import to_events
    from runlift.publish.ics import document_plan
    from runlift.storage.document import load_document

    def save(changed: Document) -> None:
        update_document(path, merge_google_state(changed))

    doc = load_document(path)
    moment = now or datetime.now().astimezone()
    events = to_events(document_plan(doc, moment), doc.plan_uuid)
    return push(
        doc,
        events,
        dry_run=dry_run,
        progress=progress,
        cancel=cancel,
        save=save,
    )


GOOGLE_TARGET = "google"


def merge_google_state(pushed: Document) -> Callable[[Document], Document]:
    """A change that puts only what a push remembers into a freshly loaded document.

    A push may run for minutes (retries, back-off): an edit another process saved meanwhile
    must survive the push saving its calendar id and replaced event ids.
    """

    def change(fresh: Document) -> Document:
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


# --- Batched writes -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Write:
    """One call of a push: ``insert``, ``update``, ``delete`` or ``get`` (after a 409)."""

    op: str
    session_id: str
    event_id: str
    event: CalendarEvent | None
    replacement: int = 0  # how many replacement ids were tried for this session


def replacement_id(google_id: str, attempt: int) -> str:
    """A new id for a session whose id Google will not restore; stable per attempt."""
    return hashlib.sha1(f"{google_id}/{attempt}".encode()).hexdigest()[:32]


def _first_write(step: SyncStep) -> _Write:
    op = {Action.CREATE: "insert", Action.UPDATE: "update", Action.DELETE: "delete"}[step.action]
    return _Write(op, step.session_id, step.remote_id, step.event)


Answer = tuple[Any, HttpError | None]


class _WriteRun:
    """Sends a sync plan's writes in batches, following 409s and refused restores through."""

    def __init__(
        self,
        api: CalendarApi,
        calendar_id: str,
        plan_uuid: str,
        retry: Retry,
        progress: Progress | None,
    ) -> None:
        self.api, self.calendar_id, self.plan_uuid = api, calendar_id, plan_uuid
        self.retry, self.progress = retry, progress or (lambda done, total: None)
        self.events = api.service.events()  # building the resource is slow: once per push
        self.failures: list[tuple[str, HttpError]] = []
        self.replaced: dict[str, str] = {}

    def apply(self, plan: SyncPlan) -> None:
        """Do every write; ``replaced`` collects session → event id where the id changed."""
        queue = [_first_write(step) for step in plan.writes]
        total, done = len(queue), 0
        self.progress(0, total)
        while queue:
            follow: list[_Write] = []
            for write, (response, error) in self._answers(queue):
                after = self._next(write, response, error)
                if after is None:
                    done += 1
                    self.progress(done, total)
                else:
                    follow.append(after)
            queue = follow

    def _next(self, write: _Write, response: Any, error: HttpError | None) -> _Write | None:
        """What follows an answer: nothing (done), or the next call for this session."""
        if error is None:
            if write.op == "get":
                return self._after_get(write, response)
            if write.event is not None and write.event_id != write.event.google_id:
                self.replaced[write.session_id] = write.event_id
            return None
        status = error.resp.status if error.resp is not None else 0
        if write.op == "insert" and status == 409:  # exists (an earlier try): fetch, then update
            return replace(write, op="get")
        if write.op in ("get", "update") and status in (404, 410):  # Google will not restore it
            return self._replacement(write, error)
        if write.op == "delete" and status in (404, 410):  # already gone
            return None
        self.failures.append((write.session_id, error))
        return None

    def _after_get(self, write: _Write, item: Json) -> _Write | None:
        private = item.get("extendedProperties", {}).get("private", {})
        if private.get(TAG_PLAN) != self.plan_uuid:  # not ours: never touch it
            return self._replacement(write, None)
        found = remote_event(item)
        assert write.event is not None
        if found.cancelled or found.content_hash != write.event.content_hash:
            return replace(write, op="update")
        # Already there as wanted (an earlier, unanswered try wrote it): done, like an insert.
        return self._next(replace(write, op="insert"), item, None)

    def _replacement(self, write: _Write, error: HttpError | None) -> _Write | None:
        assert write.event is not None
        if write.replacement >= MAX_REPLACEMENT_IDS:
            if error is not None:
                self.failures.append((write.session_id, error))
            return None
        attempt = write.replacement + 1
        new_id = replacement_id(write.event.google_id, attempt)
        return _Write("insert", write.session_id, new_id, write.event, attempt)

    def _answers(self, queue: list[_Write]) -> Iterator[tuple[_Write, Answer]]:
        """Each call's final answer, batch by batch; transient failures (of a call alone or
        of a whole batch) are sent again after a pause, and the cancel flag is checked
        before every batch."""
        pending, attempt = queue, 0
        while pending:
            again: list[_Write] = []
            for start in range(0, len(pending), BATCH_SIZE):
                chunk = pending[start : start + BATCH_SIZE]
                self.retry.check_cancel()
                try:
                    answers = self._send(chunk)
                except Exception as error:
                    if not transient(error):
                        raise
                    again += chunk
                    continue
                for write, answer in zip(chunk, answers, strict=True):
                    if answer[1] is not None and transient(answer[1]):
                        again.append(write)
                    else:
                        yield write, answer
            if again:
                if attempt + 1 >= self.retry.attempts:
                    raise self.retry.gave_up()
                self.retry.pause(attempt)
                attempt += 1
            pending = again

    def _send(self, chunk: list[_Write]) -> list[Answer]:
        batch = self.api.new_batch()
        answers: dict[str, Answer] = {}

        def keep(request_id: str, response: Any, error: HttpError | None) -> None:
            answers[request_id] = (response, error)

        for index, write in enumerate(chunk):
            batch.add(self._request(write), callback=keep, request_id=str(index))
        try:
            batch.execute()
        except KeyError:  # the answer lacked some parts
            raise BatchError("incomplete batch answer") from None
        missing: Answer = (None, BatchError("no answer for this call"))
        return [answers.get(str(index), missing) for index in range(len(chunk))]

    def _request(self, write: _Write) -> Any:
        events, calendar, event_id = self.events, self.calendar_id, write.event_id
        if write.op == "delete":
            return events.delete(calendarId=calendar, eventId=event_id)
        if write.op == "get":
            return events.get(calendarId=calendar, eventId=event_id)
        assert write.event is not None
        body = event_body(write.event, self.plan_uuid, event_id)
        if write.op == "insert":
            return events.insert(calendarId=calendar, body=body)
        return events.update(calendarId=calendar, eventId=event_id, body=body)
