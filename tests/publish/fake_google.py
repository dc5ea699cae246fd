"""A faithful fake of the Google Calendar API v3, over real HTTP on 127.0.0.1, port 0.

Laid out like Google (the API at ``<root>calendar/v3/``, batches at ``<root>batch/calendar/v3``,
OAuth at ``<root>token``, ``<root>revoke`` and ``<root>auth``) so the real
google-api-python-client drives it. It enforces the documented behaviour RunLift relies on:
event id charset (base32hex, a-v and 0-9) and length (5-1024); 409 for an id that exists or
was deleted; 410 for deleting twice; deleted events kept as ``cancelled`` and listed only with
``showDeleted``; paging; the ``privateExtendedProperty`` filter; multipart/mixed batches of at
most 50 calls. Faults (429, 500, 403 rate limits, a dropped connection) are injected per HTTP
request (``request_faults``; ``batch_faults`` for batch requests only) or per API call
(``call_faults``; ``batch_call_faults`` for the calls inside a batch only).
"""

from __future__ import annotations

import email.parser
import hashlib
import itertools
import json
import secrets
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API = "/calendar/v3/"
BATCH = "/batch/calendar/v3"
BATCH_LIMIT = 50
ID_CHARS = frozenset("abcdefghijklmnopqrstuv0123456789")

Json = dict[str, Any]
Reply = tuple[int, Json | None]


@dataclass(frozen=True)
class Fault:
    """An injected failure: an HTTP status with its reason, or ``status == 0``: drop the line."""

    status: int = 0
    reason: str = ""


DROP = Fault()
TOO_MANY = Fault(429, "rateLimitExceeded")
SERVER_ERROR = Fault(500, "backendError")
RATE_LIMIT = Fault(403, "rateLimitExceeded")
USER_RATE_LIMIT = Fault(403, "userRateLimitExceeded")


def error(status: int, reason: str, message: str) -> Reply:
    detail = {"domain": "global", "reason": reason, "message": message}
    return status, {"error": {"errors": [detail], "code": status, "message": message}}


def _instant(when: Json) -> datetime | date | None:
    try:
        if "dateTime" in when:
            moment = datetime.fromisoformat(when["dateTime"])
            return moment if moment.tzinfo or when.get("timeZone") else None
        return date.fromisoformat(when["date"])
    except (KeyError, TypeError, ValueError):
        return None


def _times_error(body: Json) -> Reply | None:
    start, end = _instant(body.get("start") or {}), _instant(body.get("end") or {})
    if start is None or end is None:
        return error(400, "required", "Missing or invalid start or end time.")
    if type(start) is not type(end):
        return error(400, "invalid", "Start and end must both be dates or both be times.")
    if isinstance(start, datetime) and isinstance(end, datetime):
        if start.tzinfo is None or end.tzinfo is None:
            return None  # a named timeZone; ordering is checked for offset times only
        empty = end <= start
    else:
        empty = end <= start  # type: ignore[operator]
    return error(400, "timeRangeEmpty", "The specified time range is empty.") if empty else None


def _merge(old: Json, new: Json) -> Json:
    merged = dict(old)
    for key, value in new.items():
        both_dicts = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merge(merged[key], value) if both_dicts else value
    return merged


class FakeCalendar:
    def __init__(self, calendar_id: str, body: Json) -> None:
        self.resource: Json = {**body, "kind": "calendar#calendar", "id": calendar_id}
        self.events: dict[str, Json] = {}  # cancelled ones included
        self.reserved: set[str] = set()  # ids ever used, purged ones included


class FakeGoogle:
    """The fake server. Use as a context manager; ``root`` is the endpoint root URL."""

    def __init__(self) -> None:
        self.calendars: dict[str, FakeCalendar] = {}
        self.request_faults: deque[Fault] = deque()
        self.call_faults: deque[Fault] = deque()
        self.batch_faults: deque[Fault] = deque()
        self.batch_call_faults: deque[Fault] = deque()
        self.requests = 0  # HTTP requests received
        self.calls: list[tuple[str, str]] = []  # (method, path) of every API call handled
        self.require_auth = False
        self.refresh_tokens: set[str] = set()
        self.access_tokens: set[str] = set()
        self.revoked: list[str] = []
        self._codes: set[str] = set()
        self.issued_codes: list[str] = []  # every authorization code handed out, for log checks
        self._lock = threading.RLock()
        self._counter = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- life cycle -------------------------------------------------------------------
    def __enter__(self) -> FakeGoogle:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    # -- what tests look at and do "by hand" ------------------------------------------
    @property
    def writes(self) -> int:
        return sum(method in ("POST", "PUT", "PATCH", "DELETE") for method, _ in self.calls)

    def live_events(self, calendar_id: str) -> dict[str, Json]:
        events = self.calendars[calendar_id].events
        return {key: ev for key, ev in events.items() if ev["status"] != "cancelled"}

    def add_event(self, calendar_id: str, body: Json) -> Json:
        """An event the user made in Google Calendar (no RunLift tag unless given)."""
        status, reply = self.call("POST", f"calendars/{calendar_id}/events", {}, body)
        assert status == 200 and reply is not None, reply
        return reply

    def user_delete(self, calendar_id: str, event_id: str) -> None:
        assert self.call("DELETE", f"calendars/{calendar_id}/events/{event_id}", {}, None)[0] == 204

    def purge(self, calendar_id: str, event_id: str) -> None:
        """Google forgets a long-deleted event; its id stays taken (409) but cannot be restored."""
        del self.calendars[calendar_id].events[event_id]

    def delete_calendar(self, calendar_id: str) -> None:
        del self.calendars[calendar_id]

    # -- OAuth ------------------------------------------------------------------------
    def issue_code(self) -> str:
        code = secrets.token_urlsafe(8)
        self._codes.add(code)
        self.issued_codes.append(code)
        return code

    def token(self, form: dict[str, str]) -> Reply:
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") in self._codes:
            self._codes.discard(form["code"])
            refresh = "1//" + secrets.token_urlsafe(16)
            self.refresh_tokens.add(refresh)
        elif grant == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
            refresh = form["refresh_token"]
        else:
            return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
        access = "ya29." + secrets.token_urlsafe(16)
        self.access_tokens.add(access)
        reply: Json = {"access_token": access, "expires_in": 3599, "token_type": "Bearer"}
        if grant == "authorization_code":
            reply["refresh_token"] = refresh
        return 200, reply

    def revoke(self, token: str) -> Reply:
        if token not in self.refresh_tokens and token not in self.access_tokens:
            return 400, {"error": "invalid_token", "error_description": "Bad Request"}
        self.refresh_tokens.discard(token)
        self.access_tokens.discard(token)
        self.revoked.append(token)
        return 200, {}

    # -- the API ----------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Json | None,
        *,
        in_batch: bool = False,
    ) -> Reply:
        """One API call; ``path`` is relative to ``calendar/v3/``."""
        with self._lock:
            self.calls.append((method, urllib.parse.unquote(path)))
            faults = self.batch_call_faults if in_batch and self.batch_call_faults else None
            faults = faults or self.call_faults
            if faults:
                fault = faults.popleft()
                if fault.status:
                    return error(fault.status, fault.reason, f"Injected {fault.status}.")
            return self._route(
                method, [urllib.parse.unquote(p) for p in path.split("/")], query, body
            )

    def _route(
        self, method: str, parts: list[str], query: dict[str, list[str]], body: Any
    ) -> Reply:
        match method, parts:
            case "POST", ["calendars"]:
                return self._calendar_insert(body or {})
            case "GET", ["calendars", cal]:
                return self._calendar_get(cal)
            case "DELETE", ["calendars", cal]:
                return self._calendar_delete(cal)
            case "GET", ["calendars", cal, "events"]:
                return self._with_calendar(cal, lambda c: self._list(c, query))
            case "POST", ["calendars", cal, "events"]:
                return self._with_calendar(cal, lambda c: self._insert(c, body or {}))
            case _, ["calendars", cal, "events", event_id]:
                return self._with_calendar(cal, lambda c: self._event(method, c, event_id, body))
        return error(404, "notFound", "Not Found")

    def _calendar_insert(self, body: Json) -> Reply:
        if not body.get("summary"):
            return error(400, "required", "Missing title.")
        calendar_id = f"{secrets.token_hex(16)}@group.calendar.google.com"
        self.calendars[calendar_id] = FakeCalendar(calendar_id, body)
        return 200, self.calendars[calendar_id].resource

    def _calendar_get(self, calendar_id: str) -> Reply:
        if calendar_id not in self.calendars:
            return error(404, "notFound", "Not Found")
        return 200, self.calendars[calendar_id].resource

    def _calendar_delete(self, calendar_id: str) -> Reply:
        if self.calendars.pop(calendar_id, None) is None:
            return error(404, "notFound", "Not Found")
        return 204, None

    def _with_calendar(self, calendar_id: str, action: Any) -> Reply:
        calendar = self.calendars.get(calendar_id)
        if calendar is None:
            return error(404, "notFound", "Not Found")
        reply: Reply = action(calendar)
        return reply

    def _list(self, calendar: FakeCalendar, query: dict[str, list[str]]) -> Reply:
        wanted = [tuple(f.split("=", 1)) for f in query.get("privateExtendedProperty", [])]
        show_deleted = query.get("showDeleted", ["false"])[0] == "true"
        size = min(int(query.get("maxResults", ["250"])[0]), 2500)
        offset = int(query.get("pageToken", ["0"])[0])
        found = [
            event
            for _, event in sorted(calendar.events.items())
            if (show_deleted or event["status"] != "cancelled")
            and all(
                event.get("extendedProperties", {}).get("private", {}).get(k) == v
                for k, v in wanted
            )
        ]
        page: Json = {"kind": "calendar#events", "items": found[offset : offset + size]}
        if offset + size < len(found):
            page["nextPageToken"] = str(offset + size)
        return 200, page

    def _insert(self, calendar: FakeCalendar, body: Json) -> Reply:
        event_id = body.get("id") or self._new_id()
        if not (5 <= len(event_id) <= 1024 and set(event_id) <= ID_CHARS):
            return error(400, "invalid", "Invalid resource id value.")
        if event_id in calendar.reserved:
            return error(409, "duplicate", "The requested identifier already exists.")
        problem = _times_error(body)
        if problem:
            return problem
        now = self._stamp()
        event = {
            **body,
            "kind": "calendar#event",
            "id": event_id,
            "status": body.get("status", "confirmed"),
            "created": now,
            "updated": now,
            "sequence": body.get("sequence", 0),
            "etag": f'"{next(self._counter)}"',
            "iCalUID": body.get("iCalUID", f"{event_id}@google.com"),
        }
        calendar.events[event_id] = event
        calendar.reserved.add(event_id)
        return 200, event

    def _event(self, method: str, calendar: FakeCalendar, event_id: str, body: Any) -> Reply:
        event = calendar.events.get(event_id)
        if event is None:
            return error(404, "notFound", "Not Found")
        if method == "GET":
            return 200, event
        if method == "DELETE":
            if event["status"] == "cancelled":
                return error(410, "deleted", "Resource has been deleted")
            event.update(status="cancelled", updated=self._stamp(), etag=f'"{next(self._counter)}"')
            return 204, None
        if method in ("PUT", "PATCH"):
            return self._change(calendar, event, body or {}, replace=method == "PUT")
        return error(405, "methodNotAllowed", "Method not allowed.")

    def _change(self, calendar: FakeCalendar, event: Json, body: Json, *, replace: bool) -> Reply:
        kept = {k: event[k] for k in ("kind", "id", "created", "iCalUID")}
        merged = {**body, **kept} if replace else _merge(event, {**body, **kept})
        problem = _times_error(merged)
        if problem:
            return problem
        merged.setdefault("status", "confirmed")
        merged["sequence"] = max(int(merged.get("sequence", 0)), int(event["sequence"]))
        merged.update(updated=self._stamp(), etag=f'"{next(self._counter)}"')
        calendar.events[event["id"]] = merged
        return 200, merged

    def _new_id(self) -> str:
        return "".join(secrets.choice("abcdefghijklmnopqrstuv0123456789") for _ in range(26))

    def _stamp(self) -> str:
        return f"2026-01-01T00:00:{next(self._counter) % 60:02d}.000Z"

    # -- HTTP faults and auth -----------------------------------------------------------
    def take_request_fault(self, *, batch: bool) -> Fault | None:
        with self._lock:
            self.requests += 1
            for faults in (self.batch_faults if batch else None, self.request_faults):
                if faults:
                    return faults.popleft()
            return None

    def authorised(self, header: str | None) -> bool:
        if not self.require_auth:
            return True
        return bool(header) and header.removeprefix("Bearer ") in self.access_tokens  # type: ignore[union-attr]


def _handler_for(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.fake = fake
    return Handler


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogle
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        del format, args

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/token", "/revoke", "/auth"):
            self._oauth(url, raw)
            return
        fault = self.fake.take_request_fault(batch=url.path == BATCH)
        if fault and fault.status:
            self._send(*error(fault.status, fault.reason, f"Injected {fault.status}."))
            return
        if not self.fake.authorised(self.headers.get("Authorization")):
            self._send(*error(401, "authError", "Invalid Credentials"))
            return
        if url.path == BATCH:
            self._batch(raw, drop=fault is not None)
            return
        if not url.path.startswith(API):
            self._send(*error(404, "notFound", "Not Found"))
            return
        body = json.loads(raw) if raw else None
        query = urllib.parse.parse_qs(url.query)
        reply = self.fake.call(self.command, url.path[len(API) :], query, body)
        if fault:  # dropped: the call was done, the answer never arrives
            self.close_connection = True
            return
        self._send(*reply)

    def _batch(self, raw: bytes, *, drop: bool) -> None:
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = email.parser.BytesParser().parsebytes(head + raw)
        parts = message.get_payload() if message.is_multipart() else []
        assert isinstance(parts, list)
        if not parts or len(parts) > BATCH_LIMIT:
            self._send(*error(400, "invalid", f"A batch holds 1 to {BATCH_LIMIT} calls."))
            return
        answers = []
        for index, part in enumerate(parts):
            if drop and index >= (len(parts) + 1) // 2:
                break  # the line drops halfway through the batch
            answers.append((part["Content-ID"], self._batch_call(part.get_payload())))
        if drop:
            self.close_connection = True
            return
        boundary = "batch_" + secrets.token_hex(8)
        chunks = [_batch_answer(boundary, content_id, reply) for content_id, reply in answers]
        payload = ("".join(chunks) + f"--{boundary}--\r\n").encode()
        self._raw(200, f"multipart/mixed; boundary={boundary}", payload)

    def _batch_call(self, text: str) -> Reply:
        request_line, rest = text.split("\n", 1)
        method, target, _ = request_line.strip().split(" ", 2)
        inner = email.parser.Parser().parsestr(rest)
        url = urllib.parse.urlsplit(target)
        if not url.path.startswith(API):
            return error(404, "notFound", "Not Found")
        payload = inner.get_payload()
        body = json.loads(payload) if isinstance(payload, str) and payload.strip() else None
        query = urllib.parse.parse_qs(url.query)
        return self.fake.call(method, url.path[len(API) :], query, body, in_batch=True)

    def _oauth(self, url: urllib.parse.SplitResult, raw: bytes) -> None:
        if url.path == "/auth":  # the user signs in and allows: back to the loopback redirect
            query = dict(urllib.parse.parse_qsl(url.query))
            code = self.fake.issue_code()
            back = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?{back}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        form = dict(urllib.parse.parse_qsl(raw.decode() or url.query))
        with self.fake._lock:
            if url.path == "/token":
                self._send(*self.fake.token(form))
            else:
                self._send(*self.fake.revoke(form.get("token", "")))

    def _send(self, status: int, body: Json | None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self._raw(status, "application/json; charset=UTF-8", data)

    def _raw(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _batch_answer(boundary: str, content_id: str, reply: Reply) -> str:
    status, body = reply
    data = json.dumps(body) if body is not None else ""
    reason = {200: "OK", 204: "No Content"}.get(status, "Error")
    return (
        f"--{boundary}\r\nContent-Type: application/http\r\n"
        f"Content-ID: <response-{content_id.strip('<>')}>\r\n\r\n"
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=UTF-8\r\n"
        f"Content-Length: {len(data.encode())}\r\n\r\n{data}\r\n"
    )


# --- Hand-built plans for the push tests: one event per session, ids as RunLift makes them.


def plan_event(session_id: str, plan_uuid: str, day: date, hour: int = 7, text: str = "") -> Any:
    """A CalendarEvent for one session on ``day`` at ``hour`` (Europe/Berlin)."""
    from zoneinfo import ZoneInfo

    from runlift.publish.events import CalendarEvent, event_uid, google_event_id

    zone = ZoneInfo("Europe/Berlin")
    start = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
    uid = event_uid(session_id, plan_uuid)
    summary = f"{session_id} {text}".strip()
    fingerprint = json.dumps([summary, start.isoformat()]).encode()
    return CalendarEvent(
        session_id=session_id,
        uid=uid,
        google_id=google_event_id(uid),
        summary=summary,
        description=f"Do {session_id}.",
        start=start,
        end=start.replace(hour=hour + 1),
        timezone="Europe/Berlin",
        kind="easy",
        categories=("Run",),
        color="#3CB371",
        transparent=False,
        content_hash=hashlib.sha256(fingerprint).hexdigest(),
    )


def weeks_of_events(plan_uuid: str, weeks: int, first: date = date(2027, 1, 4)) -> list[Any]:
    """Seven sessions a week for ``weeks`` weeks, like a plan with runs and strength."""
    from datetime import timedelta

    sessions = ("easy", "strength-heavy", "threshold", "easy-2", "strength-light", "rest", "long")
    return [
        plan_event(f"w-{week:02d}.{role}", plan_uuid, first + timedelta(days=7 * week + offset))
        for week in range(weeks)
        for offset, role in enumerate(sessions)
    ]
