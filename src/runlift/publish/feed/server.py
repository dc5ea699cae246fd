"""The subscribable calendar feed: ``/feed/<token>/plan.ics`` and ``busy.ics`` over HTTP.

One ``FeedServer`` object serves one document; the command line and the window both start and
stop it (the window from a worker thread). The bytes are the same as ``runlift publish`` writes,
re-rendered only when the document changes on disk, so an unchanged plan keeps its ETag and a
subscribed calendar fetches nothing new. The feed address and the publish folder live in
``feed_files``.

What a client can hold of the server is bounded (``feed.bounds``); a validator header that
does not parse counts as absent.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from runlift.errors import DocumentError, FeedError, RunLiftError
from runlift.publish.events import PLAN_OPTIONS, EventOptions
from runlift.publish.feed.bounds import (
    DEFAULT_LIMITS,
    BoundedHandler,
    BoundedHTTPServer,
    ConnectionLimits,
)
from runlift.publish.ics import render_document
from runlift.storage.document import Document, load_document, update_document

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
ALL_INTERFACES = "0.0.0.0"  # only with local-network sharing turned on
BUSY_OPTIONS = EventOptions(busy_only=True)
# file name in the feed → (publish target in the document, how events are made)
FEEDS: dict[str, tuple[str, EventOptions]] = {
    "plan.ics": ("feed", PLAN_OPTIONS),
    "busy.ics": ("busy", BUSY_OPTIONS),
}
CONTENT_TYPE = "text/calendar; charset=utf-8"
ALLOWED = "GET, HEAD"
# What bind() answers when another program holds the port (EACCES: Windows' exclusive use)
_PORT_TAKEN = frozenset({errno.EADDRINUSE, errno.EACCES})
MAX_VALIDATOR_CHARS = 200  # a longer If-None-Match or If-Modified-Since counts as absent


class PortTakenError(FeedError):
    """Another program is serving on the port asked for (``feed_port`` then moves on)."""


def feed_path(token: str, name: str) -> str:
    """The URL path of one feed file."""
    return f"/feed/{token}/{name}"


@dataclass(frozen=True)
class FeedBody:
    """One rendered feed file with its validators."""

    body: bytes
    etag: str
    last_modified: datetime


def render_feeds(
    doc: Document, now: datetime, modified: datetime, before: dict[str, FeedBody]
) -> tuple[dict[str, FeedBody], Document]:
    """Every feed file of the document, and the document with their publish state.

    A file whose bytes did not change keeps its ``Last-Modified`` from ``before``.
    """
    bodies: dict[str, FeedBody] = {}
    for name, (target, options) in FEEDS.items():
        body, doc = render_document(doc, target, options, now)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        old = before.get(name)
        bodies[name] = FeedBody(
            body, etag, old.last_modified if old and old.etag == etag else modified
        )
    return bodies, doc


def merge_feed_state(before: Document, rendered: Document) -> Callable[[Document], Document]:
    """A change that puts only the feed targets' records that moved into a fresh document."""
    moved = {
        target: rendered.publish[target]
        for target, _options in FEEDS.values()
        if rendered.publish.get(target) != before.publish.get(target)
    }

    def change(fresh: Document) -> Document:
        return replace(fresh, publish={**fresh.publish, **moved})

    return change


Stamp = tuple[int, int, int, str]


class _Snapshot:
    """The document as last read, and its rendered feeds; refreshed when the file changes."""

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self.token = ""
        self.feeds: dict[str, FeedBody] = {}

    def refresh(self) -> None:
        """Re-read and re-render if the document file changed since the last read.

        Only the feed's own publish records are merged into the document as it is on disk
        when saving, so an edit saved by another process while rendering is kept.
        """
        with self._lock:
            stamp = self._file_stamp()
            if stamp == self._stamp:
                return
            doc = load_document(self._path)
            modified = datetime.fromtimestamp(stamp[0] // 1_000_000_000, UTC)
            feeds, updated = render_feeds(doc, self._clock(), modified, self.feeds)
            if updated.publish != doc.publish:  # SEQUENCE moved: remember it for next time
                try:
                    saved = update_document(self._path, merge_feed_state(doc, updated))
                except DocumentError:  # write-protected, no lock file: served, not recorded
                    saved = doc
                stamp = self._file_stamp()
                if replace(saved, publish={}) != replace(doc, publish={}):
                    stamp = (0, 0, 0, "")  # changed meanwhile: render it at the next request
            self._stamp, self.token, self.feeds = stamp, doc.feed_token, feeds

    def _file_stamp(self) -> Stamp:
        """mtime, size, inode and a content hash: a rotated token shows even when a save
        keeps the same mtime (coarse clocks) and size (tokens all have one length)."""
        try:
            info = self._path.stat()
            digest = hashlib.blake2b(self._path.read_bytes(), digest_size=16).hexdigest()
        except OSError as error:
            raise FeedError(f"cannot read {self._path}: {error.strerror}") from None
        return info.st_mtime_ns, info.st_size, info.st_ino, digest


class FeedServer:
    """Serves one document's feeds until stopped. ``start``/``stop`` may come from any thread."""

    def __init__(
        self,
        document: Path,
        clock: Callable[[], datetime] | None = None,
        limits: ConnectionLimits = DEFAULT_LIMITS,
    ) -> None:
        self._snapshot = _Snapshot(document, clock or (lambda: datetime.now(UTC)))
        self._limits = limits
        self._server: BoundedHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle

    def start(self, host: str = LOOPBACK, port: int = 0) -> None:
        """Read the document, bind and serve in a background thread; FeedError if impossible."""
        if self._server is not None:
            raise FeedError("the feed is already being served")
        self._snapshot.refresh()  # a broken document fails here, not on the first request
        if not self._snapshot.token:
            raise FeedError("this plan has no feed address yet: run `runlift feed rotate` first")
        try:
            server = BoundedHTTPServer(
                (host, port), _handler_for(self._snapshot, self._limits), self._limits
            )
        except OSError as error:
            kind = PortTakenError if error.errno in _PORT_TAKEN else FeedError
            raise kind(f"cannot serve the feed on {host}:{port}: {error.strerror}") from None
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.1,), name="runlift-feed"
        )
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, wait for the serving thread and free the port. Safe to call twice."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()  # kept-alive clients must not be served after stop
        server.server_close()
        if thread is not None:
            thread.join()

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- addresses

    @property
    def port(self) -> int:
        return self._bound()[1]

    @property
    def host(self) -> str:
        """The address a subscriber uses: this machine's LAN address when serving everyone."""
        host = self._bound()[0]
        return _lan_address() if host == ALL_INTERFACES else host

    @property
    def url(self) -> str:
        """``http://…/feed/<token>/plan.ics``."""
        return self.url_for("plan.ics")

    @property
    def webcal_url(self) -> str:
        """The same address as ``webcal://``: a phone opens its calendar app to subscribe."""
        return "webcal://" + self.url.removeprefix("http://")

    @property
    def busy_url(self) -> str:
        return self.url_for("busy.ics")

    @property
    def busy_webcal_url(self) -> str:
        return "webcal://" + self.busy_url.removeprefix("http://")

    def url_for(self, name: str) -> str:
        self._snapshot.refresh()  # a rotated token shows at once
        return f"http://{self.host}:{self.port}{feed_path(self._snapshot.token, name)}"

    def _bound(self) -> tuple[str, int]:
        if self._server is None:
            raise FeedError("the feed is not being served")
        host, port = self._server.server_address[:2]
        return str(host), int(port)


def _lan_address() -> str:
    """This machine's address on the local network (no packet is sent: UDP connect only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return LOOPBACK


def _handler_for(snapshot: _Snapshot, limits: ConnectionLimits) -> type[BaseHTTPRequestHandler]:
    class Handler(_FeedHandler):
        feed = snapshot
        bounds = limits
        timeout = limits.idle_seconds

    return Handler


class _FeedHandler(BoundedHandler):
    """GET/HEAD of the two feed files; everything else is 404 or 405 and says nothing more."""

    feed: _Snapshot
    protocol_version = "HTTP/1.1"  # keep-alive: a calendar client polls with one connection
    server_version = "RunLift"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _not_allowed(self) -> None:
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": ALLOWED})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _answer(self, with_body: bool) -> None:
        try:
            self.feed.refresh()
        except RunLiftError as error:
            if not self.feed.feeds:  # nothing good to fall back on
                log.warning("feed: %s", error)
                self._plain(HTTPStatus.SERVICE_UNAVAILABLE, {"Retry-After": "60"}, with_body)
                return
            log.warning("feed: serving the last good version: %s", error)
        found = self._find()
        if found is None:
            self._plain(HTTPStatus.NOT_FOUND, {}, with_body)
        elif _not_modified(self.headers, found):
            self._send(HTTPStatus.NOT_MODIFIED, found, b"")
        else:
            self._send(HTTPStatus.OK, found, found.body if with_body else b"", len(found.body))

    def _find(self) -> FeedBody | None:
        parts = self.path.split("?", 1)[0].split("/")
        if len(parts) != 4 or parts[:2] != ["", "feed"] or not self.feed.token:
            return None
        # Constant time: how much of a guessed token is right must not show in the timing.
        if not hmac.compare_digest(parts[2].encode(), self.feed.token.encode()):
            return None
        return self.feed.feeds.get(parts[3])

    def _send(self, status: HTTPStatus, found: FeedBody, body: bytes, length: int = 0) -> None:
        self.send_response(status)
        self.send_header("ETag", found.etag)
        self.send_header("Last-Modified", format_datetime(found.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        if status == HTTPStatus.OK:
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)

    def _plain(self, status: HTTPStatus, headers: dict[str, str], with_body: bool = True) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("feed: " + format, *args)


def _not_modified(headers: Message, found: FeedBody) -> bool:
    """RFC 9110 §13.1: If-None-Match wins; If-Modified-Since only when it is absent.

    A validator too long to be one, or one that does not parse, counts as absent: the whole
    feed is then sent, which is never wrong.
    """
    match = _validator(headers, "If-None-Match")
    if match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or found.etag in tags
    since = _validator(headers, "If-Modified-Since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return found.last_modified <= moment
    except (OverflowError, ValueError, TypeError, IndexError):  # a date out of any range
        return False


def _validator(headers: Message, name: str) -> str | None:
    value = headers.get(name)
    if value is None or len(value) > MAX_VALIDATOR_CHARS:
        return None
    return str(value)
