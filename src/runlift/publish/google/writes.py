"""Google Calendar writes: the event resource we send and read back, and the batched writer.

An event carries our private tag (plan uuid, session id, content hash), so a push can list
only its own events and never touch others. ``WriteRun`` sends a sync plan's writes in
batches of at most 50 calls, sends again (after a pause) only the calls of a batch that
failed for a passing reason, turns an insert answered 409 (an earlier, interrupted try) into
a fetch-and-update, and gives a session a fresh id when Google will not restore the one it had.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from googleapiclient.errors import BatchError, HttpError

from runlift.publish.events import CalendarEvent
from runlift.publish.google.auth import CalendarApi, Retry, transient
from runlift.publish.sync.diff import Action, RemoteEvent, SyncPlan, SyncStep

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


class WriteRun:
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
