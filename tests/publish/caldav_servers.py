"""A real Radicale CalDAV server for the tests, and a fault-injecting HTTP proxy in front of it.

Radicale runs in this process (its WSGI application) on 127.0.0.1 and a port the system picks,
with a filesystem store and a password file in a temporary folder. The proxy forwards every
request to it unchanged, except those a test tells it to break: answer 503 with Retry-After,
429 with a longer Retry-After, 500, drop the connection before forwarding, drop it after the
server has done the work (the client never hears the answer), or answer 412 (or 404, 405)
without forwarding. A path under ``/moved/`` is answered 308 to the same path without it
(a server that moved within its host).
"""

from __future__ import annotations

import http.client
import json
import logging
import socketserver
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import radicale
import radicale.config

USER, PASSWORD = "runner", "app-pass-1234-abcd"


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args


@dataclass
class Radicale:
    """A running Radicale; ``url`` is its root, ``user_url`` the runner's home."""

    folder: Path
    server: Any = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def user_url(self) -> str:
        return f"{self.url}{USER}/"


@contextmanager
def running_radicale(
    folder: Path, only_calendars: tuple[str, ...] = (), *, open_to_all: bool = False
) -> Iterator[Radicale]:
    """Radicale for one user; with ``only_calendars``, the user has just those calendars and
    may not make new ones (MKCALENDAR is answered 403, as some hosted servers do); with
    ``open_to_all``, a server that asks for no password (a home server on the LAN)."""
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    rights = {"type": "owner_only"}
    if only_calendars:
        rights = {"type": "from_file", "file": str(_locked_rights(folder, only_calendars))}
    configuration = radicale.config.load()
    configuration.update(
        {
            "storage": {"filesystem_folder": str(folder / "store")},
            "auth": {"type": "none", "delay": "0"}
            if open_to_all
            else {
                "type": "htpasswd",
                "htpasswd_filename": str(users),
                "htpasswd_encryption": "plain",
                "delay": "0",
            },
            "rights": {"type": "authenticated"} if open_to_all else rights,
            "logging": {"level": "error"},
        },
        "test",
        privileged=True,
    )
    logging.getLogger("radicale").setLevel(logging.ERROR)  # "creating the store now" is noise
    application = radicale.Application(configuration)
    server = make_server(
        "127.0.0.1",
        0,
        application,
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, name="radicale", daemon=True)
    thread.start()
    try:
        yield Radicale(folder, server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _locked_rights(folder: Path, calendars: tuple[str, ...]) -> Path:
    names = "|".join(calendars)
    rules = folder / "rights"
    rules.write_text(
        "[root]\nuser: .+\ncollection:\npermissions: R\n\n"
        "[principal]\nuser: .+\ncollection: {user}\npermissions: R\n\n"
        f"[calendars]\nuser: .+\ncollection: {{user}}/({names})(/.*)?\npermissions: rw\n",
        encoding="utf-8",
    )
    for name in calendars:  # made by the server's owner, not through CalDAV
        home = folder / "store" / "collection-root" / USER / name
        home.mkdir(parents=True)
        props = {"tag": "VCALENDAR", "D:displayname": name.title()}
        (home / ".Radicale.props").write_text(json.dumps(props), encoding="utf-8")
    return rules


# --- The fault proxy ----------------------------------------------------------------------

FAULTS = ("busy", "too_many", "error", "drop_before", "drop_after", "conflict")
# not among the faults a push waits out: an answer whose XML is cut off in the middle
CUT_XML = "cut_xml"
# Answered without forwarding; "missing" and "not_allowed" (a server without RFC 6764's
# well-known address) are for discovery, not among the push's FAULTS.
_ANSWERS = {"busy": 503, "too_many": 429, "error": 500, "conflict": 412}
_ANSWERS |= {"missing": 404, "not_allowed": 405}
MOVED_PREFIX = "moved/"
TOO_MANY_WAIT = 7  # the Retry-After of a "too_many" answer, in seconds


@dataclass
class FaultPlan:
    """Faults to apply to the next matching requests, in order; what was sent, counted."""

    queued: deque[str] = field(default_factory=deque)
    methods: frozenset[str] = frozenset({"PUT", "DELETE", "REPORT", "GET"})
    seen: list[tuple[str, str]] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self, method: str, path: str) -> str | None:
        with self.lock:
            self.seen.append((method, path))
            if method not in self.methods or not self.queued:
                return None
            fault = self.queued.popleft()
            if fault != "none":
                self.applied.append(fault)
            return None if fault == "none" else fault

    def count(self, method: str) -> int:
        with self.lock:
            return sum(1 for seen, _path in self.seen if seen == method)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def _relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = self.server.faults.next_fault(self.command, self.path)
        if self.path.startswith("/" + MOVED_PREFIX):
            location = "/" + self.path.removeprefix("/" + MOVED_PREFIX)
            self._answer(308, {"Location": location}, b"")
            return
        if fault == "drop_before":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault in _ANSWERS:
            status = _ANSWERS[fault]
            waits = {"busy": "0", "too_many": str(TOO_MANY_WAIT)}
            extra = {"Retry-After": waits[fault]} if fault in waits else {}
            self._answer(status, extra, b"")
            return
        status, headers, answer = self._forward(body)
        if fault == "drop_after":  # the server did it; the client never hears so
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == CUT_XML:
            answer = answer[: len(answer) // 2]
        self._answer(status, headers, answer)

    def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstream_port, timeout=60)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            answer = response.read()
            kept = {
                k: v
                for k, v in response.getheaders()
                if k.lower() not in ("connection", "transfer-encoding", "content-length")
            }
            return response.status, kept, answer
        finally:
            upstream.close()

    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_PUT = do_DELETE = do_REPORT = do_PROPFIND = do_MKCALENDAR = _relay
    do_PROPPATCH = do_OPTIONS = do_HEAD = do_POST = _relay


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream_port: int, faults: FaultPlan) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream_port = upstream_port
        self.faults = faults


@dataclass
class FaultProxy:
    server: _ProxyServer

    @property
    def faults(self) -> FaultPlan:
        return self.server.faults

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"


@contextmanager
def fault_proxy(upstream: Radicale) -> Iterator[FaultProxy]:
    server = _ProxyServer(upstream.port, FaultPlan())
    thread = threading.Thread(target=server.serve_forever, name="fault-proxy", daemon=True)
    thread.start()
    try:
        yield FaultProxy(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
