"""CalDAV writes: the calendar object we PUT and read back, and the writer of a sync plan.

Each session is one resource, ``<google id>.ics`` in our calendar, holding one VEVENT that is
exactly the one the ``.ics`` export writes (``ics.event_calendar``) plus two properties that
mark it as ours: ``X-RUNLIFT-PLAN`` (the plan uuid) and ``X-RUNLIFT-HASH`` (its content hash).

Writes are conditional, so nothing another client saved is overwritten unseen: a create sends
``If-None-Match: *``, an update or delete ``If-Match`` with the ETag we listed. A 412 re-reads
that one event and tries again with its new ETag, when it is still ours. 429/503 wait for the
``Retry-After``, 5xx and dropped connections back off; a few writes are in flight at once.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import icalendar
import niquests
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error
from caldav.response import DAVResponse

from runlift.errors import CancelledError, PublishError, RemoteError
from runlift.publish.caldav.account import Connection, translate
from runlift.publish.caldav.copies import (
    HASH_FORMAT,
    TAG_HASH,
    TAG_PLAN,
    RemoteCopy,
    copy_of,
    first_event,
)
from runlift.publish.events import CalendarEvent
from runlift.publish.ics import event_calendar
from runlift.publish.sync.diff import Action, SyncStep
from runlift.publish.sync.retry import Backoff
from runlift.storage.document import PublishRecord

IN_FLIGHT = 4  # writes sent at once: faster on a distant server, gentle on a small one
MAX_CONFLICTS = 3  # 412s in a row for one event before it is reported instead of retried
ICS_TYPE = "text/calendar; charset=utf-8"
# What a calendar app shows of an event; a difference here means another app changed it.

Progress = Callable[[int, int], None]


def event_resource(event: CalendarEvent, record: PublishRecord, plan_uuid: str) -> bytes:
    """The calendar object for one session, tagged as ours."""
    calendar = event_calendar(event, record)
    vevent = calendar.events[0]
    vevent.add(TAG_PLAN, plan_uuid)
    vevent.add(TAG_HASH, HASH_FORMAT + event.content_hash)
    body: bytes = calendar.to_ical()
    return body


def resource_name(event: CalendarEvent) -> str:
    """Hex only: safe in any server's path, stable per UID."""
    return f"{event.google_id}.ics"


# --- Writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """One step of the sync plan as a CalDAV request: where, with which precondition."""

    step: SyncStep
    href: str
    etag: str | None  # None for a create
    body: bytes | None  # None for a delete


class WriteRun:
    """Sends a sync plan's writes, a few at a time, each through its conflicts and retries."""

    def __init__(
        self, connection: Connection, plan_uuid: str, backoff: Backoff, progress: Progress | None
    ) -> None:
        self.connection, self.plan_uuid, self.backoff = connection, plan_uuid, backoff
        self.progress = progress or (lambda done, total: None)
        self.failures: list[tuple[str, PublishError]] = []
        self._clients = threading.local()

    def apply(self, writes: list[Write]) -> None:
        """Do every write; a cancel stops sending new ones and waits for those in flight, then
        raises CancelledError if any write was left undone."""
        total, done = len(writes), 0
        self.progress(0, total)
        queue = iter(writes)
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="runlift-caldav") as pool:
            running = {self._submit(pool, write) for write in _take(queue, IN_FLIGHT)}
            while running:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    if self._completed(future):
                        done += 1
                        self.progress(done, total)
                if not self._cancelled():
                    running |= {self._submit(pool, w) for w in _take(queue, len(finished))}
        if done < total:
            self.backoff.check_cancel()

    def _submit(self, pool: ThreadPoolExecutor, write: Write) -> Future[None]:
        return pool.submit(self._write, write)

    def _cancelled(self) -> bool:
        return self.backoff.cancel is not None and self.backoff.cancel.is_set()

    def _completed(self, future: Future[None]) -> bool:
        """Whether the write ended (written or refused), not cut short by a cancel."""
        error = future.exception()
        if isinstance(error, CancelledError):
            return False  # the next push does it
        if error is not None:
            raise error  # not a refusal (those are in ``failures``): a bug, shown as one
        return True

    def _client(self) -> DAVClient:
        client: DAVClient | None = getattr(self._clients, "client", None)
        if client is None:
            client = self._clients.client = self.connection.client()
        return client

    def _write(self, write: Write) -> None:
        self.backoff.check_cancel()
        try:
            if write.step.action is Action.DELETE:
                self._delete(write)
            else:
                self._put(write)
        except CancelledError:
            raise
        except PublishError as error:
            self.failures.append((write.step.session_id, error))
        except Exception as error:
            translated = translate(error, write.href)
            if translated is None:
                raise
            self.failures.append((write.step.session_id, translated))

    def _put(self, write: Write) -> None:
        assert write.body is not None
        etag = write.etag
        for _conflict in range(MAX_CONFLICTS):
            headers = {"Content-Type": ICS_TYPE}
            headers.update({"If-Match": etag} if etag else {"If-None-Match": "*"})
            status = self.send(write.href, "PUT", write.body, headers).status
            if status in (200, 201, 204):
                return
            if status == 404 and etag:  # deleted meanwhile by another app: create it again
                etag = None
                continue
            if status != 412:
                raise self._refused(write, status)
            current = self._reread(write)  # another app wrote it, or an earlier try did
            if current is None:
                etag = None
            elif _same_event(current, copy_of(write.href, "", _body_event(write.body))):
                return  # already as the plan wants it (an earlier, unanswered try)
            else:
                etag = current.etag
        raise RemoteError("it keeps changing on the server")

    def _delete(self, write: Write) -> None:
        etag = write.etag
        for _conflict in range(MAX_CONFLICTS):
            headers = {"If-Match": etag} if etag else {}
            status = self.send(write.href, "DELETE", b"", headers).status
            if status in (200, 204, 404, 410):  # gone either way
                return
            if status != 412:
                raise self._refused(write, status)
            current = self._reread(write)
            if current is None:
                return
            etag = current.etag
        raise RemoteError("it keeps changing on the server")

    def _reread(self, write: Write) -> RemoteCopy | None:
        """The event at the write's address now; None when it is gone.

        It is ours when it holds our UID (session id @ plan uuid: nobody else makes those),
        even if another app dropped our properties; anything else there is left alone.
        """
        response = self.send(write.href, "GET", b"", {"Accept": "text/calendar"})
        if response.status in (404, 410):
            return None
        if response.status != 200:
            raise RemoteError(f"reading it back answered {response.status}")
        vevent = first_event(str(response.raw))
        if vevent is None or str(vevent.get("UID", "")) != write.step.remote_id:
            raise RemoteError("its place holds an event that is not RunLift's; it is left alone")
        return copy_of(write.href, str(response.headers.get("ETag", "")), vevent)

    def _refused(self, write: Write, status: int) -> RemoteError:
        verb = "delete" if write.step.action is Action.DELETE else "save"
        return RemoteError(f"the server would not {verb} the event ({status})")

    def send(self, href: str, method: str, body: bytes, headers: dict[str, str]) -> Any:
        return send(self._client(), self.backoff, href, method, body, headers)


def send(
    client: DAVClient,
    backoff: Backoff,
    href: str,
    method: str,
    body: bytes,
    headers: dict[str, str],
    *,
    limit: int | None = None,
) -> Any:
    """One request, sent again after 429/503 (waiting for Retry-After), a 5xx or a dropped
    connection; the answer to anything else (a 412 included) is the caller's to read, and the
    client's own errors (a refused password) are the caller's to translate. With ``limit``,
    the answer is read as it comes and TooLarge is raised once it passes ``limit`` bytes."""
    for attempt in range(backoff.attempts):
        backoff.check_cancel()
        wait_at_least = 0.0
        try:
            if limit is None:
                response = client.request(href, method, body.decode("utf-8"), headers)
            else:
                response = bounded_request(client, href, method, body, headers, limit)
        except dav_error.RateLimitError as busy:
            wait_at_least = busy.retry_after_seconds or 0.0
        except (niquests.exceptions.ConnectionError, niquests.exceptions.Timeout, OSError):
            pass  # dropped or timed out: the same conditional request is safe to repeat
        else:
            if response.status < 500:
                return response
        if attempt + 1 < backoff.attempts:
            backoff.pause(attempt, wait_at_least)
    raise RemoteError(
        f"the CalDAV server stayed busy or unreachable after {backoff.attempts} tries; "
        "push again later to finish (nothing is duplicated)"
    )


class TooLarge(Exception):
    """An answer longer than the reader's limit; ``size`` is its Content-Length, if it said."""

    def __init__(self, limit: int, size: int | None) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit, self.size = limit, size


_PROBE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'
)
_CHUNK = 64 * 1024


def bounded_request(
    client: DAVClient, href: str, method: str, body: bytes, headers: dict[str, str], limit: int
) -> DAVResponse:
    """The client's request, its answer read in chunks and never more than ``limit`` bytes of
    it held. A 401 lets the client settle the password with a small PROPFIND (raising its
    AuthorizationError when refused), then the request is sent once more."""
    combined: dict[str, str] = dict(client.headers)
    combined.update(headers)
    for attempt in range(2):
        with client.session.request(
            method,
            href,
            data=body,
            headers=combined,
            auth=client.auth,
            timeout=client.timeout,
            verify=client.ssl_verify_cert,
            cert=client.ssl_cert,
            stream=True,
        ) as response:
            status = int(response.status_code or 0)
            dav_error.raise_if_rate_limited(status, href, response.headers.get("Retry-After"))
            if status == 401 and attempt == 0:
                client.request(href, "PROPFIND", _PROBE, {"Depth": "0"})
                continue
            if status in (401, 403):
                raise dav_error.AuthorizationError(url=href, reason=str(status), status=status)
            content = _read_at_most(response, limit)
            read = _Read(response.headers, status, content, str(response.reason or ""))
        return DAVResponse(read, client)
    raise AssertionError("unreachable: the second try returns or raises")


def _read_at_most(response: Any, limit: int) -> bytes:
    declared = str(response.headers.get("Content-Length") or "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit, int(declared))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=_CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit, None)
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class _Read:
    """An answer read whole (within the limit), as the client's response parser takes it."""

    headers: Any
    status_code: int
    content: bytes = field(repr=False)
    reason: str = ""

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def _body_event(body: bytes) -> icalendar.Event:
    vevent = first_event(body.decode("utf-8"))
    assert vevent is not None  # we made it
    return vevent


def _same_event(found: RemoteCopy, wanted: RemoteCopy) -> bool:
    return (found.content_hash, found.shown) == (wanted.content_hash, wanted.shown)


def _take(queue: Iterator[Write], count: int) -> list[Write]:
    return list(itertools.islice(queue, count))
