"""What clients can hold of the feed server: connections, time and bytes per request.

The feed is open to the local network when sharing is on, so every client is bounded: a few
dozen connections at once, a request's line and headers within seconds in all and within a few
kilobytes, and no busy loop when the process runs out of file descriptors. A client that only
trickles bytes loses its connection to the next one that comes.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

log = logging.getLogger(__name__)

# What accept() answers when the process or the system has no descriptor or memory to spare:
# the connection stays queued, so trying again at once would only spin.
_OUT_OF_RESOURCES = frozenset(
    {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM, getattr(errno, "WSAEMFILE", 0)}
) - {0}


@dataclass(frozen=True)
class ConnectionLimits:
    """What one client, and all of them together, can hold of the server."""

    max_connections: int = 64  # open at once; beyond, the longest-waiting one is dropped
    head_seconds: float = 10.0  # a request's line and headers arrive within this, in all
    idle_seconds: float = 30.0  # a kept-alive connection waits this long for its next request
    max_request_line: int = 8192  # bytes, with its CRLF (longer: 414)
    max_head: int = 16384  # bytes of the request line and headers together (more: 431)
    accept_pause: float = 0.1  # seconds to wait when accept() finds no descriptor to spare


DEFAULT_LIMITS = ConnectionLimits()


_BUSY_BODY = b"503 Service Unavailable\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    + f"Content-Length: {len(_BUSY_BODY)}\r\n".encode()
    + b"Connection: close\r\n\r\n"
    + _BUSY_BODY
)


class BoundedHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that holds a bounded number of connections.

    Every open connection has a thread. With ``max_connections`` open, a new connection takes
    the place of the one that has waited longest for its request (one trickling its headers,
    or kept alive with nothing more to ask); when every one is being answered, the new one is
    answered 503 and closed. On stop the open connections are closed too.
    """

    daemon_threads = True
    # Reusing an address lets a restart bind its port at once, but on Windows it would also
    # let a second server take a port someone is serving on: there the first one keeps it.
    allow_reuse_address = os.name != "nt"
    request_queue_size = 4096  # connections the system queues for accept(): a burst fits

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        limits: ConnectionLimits = DEFAULT_LIMITS,
    ) -> None:
        self.limits = limits
        # open connection → since when it waits for a request (None: its answer is being sent)
        self._open: dict[socket.socket, float | None] = {}
        self._open_lock = threading.Lock()
        self._closing = threading.Event()
        self._starved = False
        super().__init__(address, handler)

    def get_request(self) -> tuple[Any, Any]:
        try:
            accepted = super().get_request()
        except OSError as error:
            if error.errno in _OUT_OF_RESOURCES:
                if not self._starved:
                    log.warning("feed: cannot take a connection now: %s", error.strerror)
                self._starved = True
                self._closing.wait(self.limits.accept_pause)  # the connection stays queued
            raise
        self._starved = False
        return accepted

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            room = len(self._open) < self.limits.max_connections or self._drop_longest_waiting()
            if room:
                self._open[request] = time.monotonic()
        if not room:
            with contextlib.suppress(OSError):
                request.setblocking(False)  # never wait on a client here
                request.send(_BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def _drop_longest_waiting(self) -> bool:
        """Close the connection that has waited longest for its request (under the lock)."""
        waiting = [(since, key) for key, since in self._open.items() if since is not None]
        if not waiting:
            return False
        _since, connection = min(waiting, key=lambda item: item[0])
        del self._open[connection]
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)  # its thread reads the end and finishes
        return True

    def waiting(self, request: Any, since: float | None) -> None:
        """The connection waits for a request since ``since``, or is being answered (None)."""
        with self._open_lock:
            if request in self._open:
                self._open[request] = since

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    @property
    def open_connections(self) -> int:
        with self._open_lock:
            return len(self._open)

    def close_connections(self) -> None:
        with self._open_lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def shutdown(self) -> None:
        self._closing.set()  # no pause after a failed accept() holds up the stop
        super().shutdown()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("feed: connection from %s ended with an error", client_address, exc_info=True)


class _HeadTooLarge(Exception):
    def __init__(self, request_line: bool) -> None:
        super().__init__()
        self.request_line = request_line


class _HeadCut(Exception):
    """The connection ended in the middle of a request's line or headers."""


class _DeadlineReader(io.RawIOBase):
    """A connection's bytes, where a request's line and headers have one deadline in all.

    The socket timeout is set to the time left before each read, so a client sending a byte
    now and then cannot stretch it; between requests a kept-alive connection may first wait
    ``grace`` seconds for the request to begin.
    """

    def __init__(self, connection: socket.socket, head_seconds: float, timeout: float) -> None:
        super().__init__()
        self._connection = connection
        self._head_seconds = head_seconds
        self._timeout = timeout  # each read outside a request's head, and each write
        self._deadline: float | None = None
        self._grace = timeout
        self._head_begins = False

    def readable(self) -> bool:
        return True

    def begin_head(self, grace: float | None) -> None:
        """A request's head is awaited: from now on, or from its first byte after ``grace``."""
        if grace is None:
            self._deadline, self._head_begins = time.monotonic() + self._head_seconds, False
        else:
            self._deadline, self._grace, self._head_begins = None, grace, True

    def end_head(self) -> None:
        self._deadline, self._grace, self._head_begins = None, self._timeout, False

    def readinto(self, buffer: WriteableBuffer) -> int:
        if self._deadline is None:
            wait = self._grace
        else:
            wait = self._deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError("the request did not arrive in time")
        self._connection.settimeout(wait)
        try:
            count = self._connection.recv_into(buffer)
        finally:
            self._connection.settimeout(self._timeout)
        if count and self._head_begins:
            self._deadline, self._head_begins = time.monotonic() + self._head_seconds, False
        return count


class _HeadReader(io.BufferedReader):
    """The buffered connection, where a request's line and headers are read within limits."""

    def __init__(self, source: _DeadlineReader, limits: ConnectionLimits) -> None:
        super().__init__(source)
        self._source = source
        self._limits = limits
        self._lines = -1  # lines of the head read so far; -1: not reading a head
        self._room = 0

    def begin_head(self, grace: float | None) -> None:
        self._source.begin_head(grace)
        self._lines, self._room = 0, self._limits.max_head

    def end_head(self) -> None:
        self._source.end_head()
        self._lines = -1

    def readline(self, size: int | None = -1) -> bytes:
        if self._lines < 0:
            return super().readline(size)
        cap = self._room
        if self._lines == 0:
            cap = min(cap, self._limits.max_request_line)
        line = super().readline(cap + 1 if size is None or size < 0 else min(size, cap + 1))
        if len(line) > cap:
            raise _HeadTooLarge(request_line=self._lines == 0)
        if not line.endswith(b"\n") and (line or self._lines > 0):
            raise _HeadCut  # half a request is not answered
        self._lines, self._room = self._lines + 1, self._room - len(line)
        return line


class BoundedHandler(BaseHTTPRequestHandler):
    """A request handler that reads each request's line and headers within ``bounds``."""

    bounds: ConnectionLimits = DEFAULT_LIMITS
    server: BoundedHTTPServer
    timeout = 30.0  # seconds an answer may take to send, and a kept-alive connection may idle

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # read through the limits instead
        self._head = _HeadReader(
            _DeadlineReader(self.connection, self.bounds.head_seconds, self.timeout),
            self.bounds,
        )
        self.rfile = self._head
        self._requests = 0

    def handle_one_request(self) -> None:
        first = self._requests == 0
        self._requests += 1
        self.server.waiting(self.request, time.monotonic())
        self._head.begin_head(None if first else self.bounds.idle_seconds)
        try:
            super().handle_one_request()
        except _HeadCut:
            self.close_connection = True
        except _HeadTooLarge as too_large:
            self.close_connection = True
            if too_large.request_line:
                self.requestline = self.request_version = self.command = ""
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            else:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self._head.end_head()
        self.server.waiting(self.request, None)  # being answered: never dropped for another
        return parsed
