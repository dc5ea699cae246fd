"""The feed server's bounds, over real HTTP on 127.0.0.1: headers that do not parse, clients
that trickle their requests, many connections at once, no descriptor to spare."""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from runlift.publish.feed.server import ConnectionLimits, FeedServer

from .test_feed import NOW, make_document, plan_path, request

DRIPPERS = 300
CAP = 16


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "spring.runlift"
    make_document(path)
    return path


@contextlib.contextmanager
def serving(doc_path: Path, limits: ConnectionLimits | None = None) -> Iterator[FeedServer]:
    feed = FeedServer(doc_path, clock=lambda: NOW, **({"limits": limits} if limits else {}))
    feed.start()
    try:
        yield feed
    finally:
        feed.stop()


def read_answer(connection: socket.socket) -> bytes:
    """What the server sends until it closes the connection (b"" if it sent nothing)."""
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def assert_a_calendar(status: int, body: bytes) -> None:
    assert status == 200
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) > 20


# -- validators


@pytest.mark.parametrize(
    "since",
    [
        "Fri, 31 Dec 99999999999 23:59:59 GMT",  # past any integer a date can hold
        "Sat, 01 Jan 10000 00:00:00 GMT",
        "Mon, 01 Jan 2100 00:00:00 +99999999999",
        "Mon, 99 Foo 2027 99:99:99 GMT",
        "not a date",
        "",
    ],
)
def test_an_if_modified_since_that_does_not_parse_counts_as_absent(
    doc_path: Path, since: str
) -> None:
    with serving(doc_path) as feed:
        status, _, body = request(feed, "GET", plan_path(doc_path), {"If-Modified-Since": since})
        assert_a_calendar(status, body)
        assert request(feed, "GET", plan_path(doc_path))[0] == 200  # and it keeps serving


def test_a_validator_too_long_to_be_one_counts_as_absent(doc_path: Path) -> None:
    with serving(doc_path) as feed:
        _, headers, _ = request(feed, "GET", plan_path(doc_path))
        padded = ", ".join([headers["ETag"]] + [f'"{n:032}"' for n in range(8)])
        assert len(padded) > 200
        status, _, body = request(feed, "GET", plan_path(doc_path), {"If-None-Match": padded})
        assert_a_calendar(status, body)
        later = "Mon, 01 Jan 2100 00:00:00 GMT (" + "x" * 250 + ")"
        status, _, body = request(feed, "GET", plan_path(doc_path), {"If-Modified-Since": later})
        assert_a_calendar(status, body)
        short = "Mon, 01 Jan 2100 00:00:00 GMT"  # the same date alone still answers 304
        assert request(feed, "GET", plan_path(doc_path), {"If-Modified-Since": short})[0] == 304


# -- the request's head


def test_a_request_trickled_byte_by_byte_is_cut_at_the_deadline(doc_path: Path) -> None:
    asked = f"GET {plan_path(doc_path)} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    with (
        serving(doc_path, ConnectionLimits(head_seconds=1.0)) as feed,
        socket.create_connection(("127.0.0.1", feed.port), timeout=10) as connection,
    ):
        started, answer, closed = time.monotonic(), b"", False
        for byte in asked:  # one byte every 0.2 s: each read is quick, the whole is not
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            connection.settimeout(0.2)
            try:
                answer = connection.recv(65536)
                closed = True
                break
            except TimeoutError:
                continue
            except ConnectionResetError:
                closed = True
                break
        took = time.monotonic() - started
    assert closed and answer == b"", "the server waited for the whole trickled request"
    assert 0.8 < took < 5


def test_a_request_in_a_few_quick_pieces_is_answered(doc_path: Path) -> None:
    asked = f"GET {plan_path(doc_path)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with (
        serving(doc_path, ConnectionLimits(head_seconds=2.0)) as feed,
        socket.create_connection(("127.0.0.1", feed.port), timeout=10) as connection,
    ):
        for piece in (asked[:10], asked[10:30], asked[30:]):
            connection.sendall(piece.encode())
            time.sleep(0.2)
        head, _, body = read_answer(connection).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert_a_calendar(200, body)


def test_a_kept_alive_connection_may_idle_between_requests(doc_path: Path) -> None:
    with serving(doc_path, ConnectionLimits(head_seconds=0.5, idle_seconds=30)) as feed:
        connection = http.client.HTTPConnection("127.0.0.1", feed.port, timeout=10)
        try:
            for pause in (1.0, 0):  # longer than a head may take, shorter than the idle time
                connection.request("GET", plan_path(doc_path))
                reply = connection.getresponse()
                assert_a_calendar(reply.status, reply.read())
                time.sleep(pause)
        finally:
            connection.close()


def test_an_oversized_request_line_or_head_is_refused(doc_path: Path) -> None:
    with serving(doc_path) as feed:
        long_line = plan_path(doc_path) + "?" + "a" * 9000
        assert request(feed, "GET", long_line)[0] == 414
        many = {f"X-Filler-{n}": "b" * 500 for n in range(40)}  # 20 kB of headers
        assert request(feed, "GET", plan_path(doc_path), many)[0] == 431
        assert request(feed, "GET", plan_path(doc_path), {"X-Small": "c" * 500})[0] == 200


# -- many connections


class Drippers:
    """Connections that each send a byte now and then and never finish a request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.selector = selectors.DefaultSelector()
        self.open: set[socket.socket] = set()
        self.closed = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def connect(self, count: int) -> None:
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=10)
            connection.sendall(b"GET /feed/")
            connection.setblocking(False)
            with self._lock:
                self.open.add(connection)
                self.selector.register(connection, selectors.EVENT_READ)
        self._thread.start()

    def notice_closed(self) -> None:
        with self._lock:
            for key, _events in self.selector.select(timeout=0):
                connection = key.fileobj
                assert isinstance(connection, socket.socket)
                with contextlib.suppress(OSError):
                    if connection.recv(1):
                        continue  # an answer: not closed yet
                self._close(connection)
                self.closed += 1

    def _close(self, connection: socket.socket) -> None:
        self.selector.unregister(connection)
        self.open.discard(connection)
        connection.close()

    def _drip(self) -> None:
        while not self._stop.wait(0.5):
            self.notice_closed()
            with self._lock:
                for connection in list(self.open):
                    with contextlib.suppress(OSError):
                        connection.send(b"x")

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            for connection in list(self.open):
                self._close(connection)
        self.selector.close()


def test_many_trickling_connections_leave_room_for_a_subscriber(doc_path: Path) -> None:
    with serving(doc_path, ConnectionLimits(max_connections=CAP)) as feed:
        drippers = Drippers(feed.port)
        try:
            drippers.connect(DRIPPERS)
            started = time.monotonic()
            status, _, body = request(feed, "GET", plan_path(doc_path))
            assert time.monotonic() - started < 5
            assert_a_calendar(status, body)
            cpu = time.process_time()
            time.sleep(2)
            assert time.process_time() - cpu < 0.5  # nothing spins while they hold on
            drippers.notice_closed()
            assert drippers.closed >= DRIPPERS - CAP  # beyond the cap they were let go
            assert feed._server is not None and feed._server.open_connections <= CAP
            assert_a_calendar(*request(feed, "GET", plan_path(doc_path))[::2])
        finally:
            drippers.close()


@pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs resource limits and /proc/self/fd"
)
def test_no_busy_loop_when_the_process_has_no_descriptor_to_spare(doc_path: Path) -> None:
    import resource

    asked = f"GET {plan_path(doc_path)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with serving(doc_path) as feed:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        highest = max(int(name) for name in os.listdir("/proc/self/fd"))
        fillers: list[int] = []
        client: socket.socket | None = None
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (highest + 32, hard))
            while True:
                try:
                    fillers.append(os.open(os.devnull, os.O_RDONLY))
                except OSError as error:
                    assert error.errno == errno.EMFILE
                    break
            os.close(fillers.pop())
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # the last descriptor
            client.settimeout(10)
            client.connect(("127.0.0.1", feed.port))  # queued: the server cannot accept it
            cpu = time.process_time()
            time.sleep(2)
            spent = time.process_time() - cpu
        finally:
            for filler in fillers:
                os.close(filler)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        assert client is not None
        with client:
            client.sendall(asked.encode())  # once a descriptor is free again it is served
            head, _, body = read_answer(client).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert_a_calendar(200, body)
    assert spent < 0.5, f"{spent:.2f} s of CPU in 2 s while accept() had no descriptor"
