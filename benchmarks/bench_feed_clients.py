"""Feed GET latency with 2,000 dripping connections, on loopback only.

2,000 clients (in a second process, as they would be on other machines) each start a request
and then send one more byte every second, never finishing it, and open a new connection at
the next byte when theirs was closed (as a slow-headers attack does), while a subscriber
fetches plan.ics on a fresh connection five times a second. The figures: median and longest
answer time of those GETs, how many failed, how many connections the dripping clients had to
open again, and the CPU time the serving process used per second of wall time.
"""

from __future__ import annotations

import contextlib
import http.client
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

from runlift.plan.model import Mode, Settings
from runlift.publish.feed.server import DEFAULT_LIMITS, FeedServer, feed_path
from runlift.storage.document import new_document, save_document

DRIPPERS = 2000
DRIP_SECONDS = 1.0  # each dripping connection sends one byte this often
GETS = 50
GET_EVERY = 0.2
NOW = datetime(2027, 1, 2, 9, 0, 0, tzinfo=UTC)
SETTINGS = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 4, 11),
    distance_km=21.0975,
    start=date(2027, 1, 4),
    timezone="Europe/Berlin",
)


def _enough_descriptors(wanted: int) -> int:
    """Raise the soft limit on open files towards ``wanted`` (up to the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return int(soft)


class _Drippers:
    """``count`` connections that never finish a request; a closed one is opened again."""

    def __init__(self, port: int, count: int) -> None:
        self._port = port
        self._count = count
        self._selector = selectors.DefaultSelector()
        self._open: set[socket.socket] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.opened = 0

    def start(self) -> None:
        self._top_up()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in list(self._open):
            self._drop(connection)
        self._selector.close()

    def _run(self) -> None:
        while not self._stop.wait(DRIP_SECONDS):
            for key, _events in self._selector.select(timeout=0):
                connection = key.fileobj
                assert isinstance(connection, socket.socket)
                with contextlib.suppress(OSError):
                    if connection.recv(4096):
                        continue
                self._drop(connection)
            for connection in list(self._open):
                try:
                    connection.send(b"x")
                except OSError:
                    self._drop(connection)
            self._top_up()

    def _top_up(self) -> None:
        while len(self._open) < self._count and not self._stop.is_set():
            try:
                connection = socket.create_connection(("127.0.0.1", self._port), timeout=5)
                connection.sendall(b"GET /feed/")
            except OSError:
                return  # try again at the next byte
            connection.setblocking(False)
            self._open.add(connection)
            self._selector.register(connection, selectors.EVENT_READ)
            self.opened += 1

    def _drop(self, connection: socket.socket) -> None:
        self._selector.unregister(connection)
        self._open.discard(connection)
        connection.close()


def _get(port: int, path: str) -> float | None:
    """Seconds until plan.ics arrived on a fresh connection, or None if it did not."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        body = reply.read()
    except OSError:
        return None
    finally:
        connection.close()
    if reply.status != 200 or b"BEGIN:VEVENT" not in body:
        return None
    return time.perf_counter() - started


def _gets(port: int, path: str) -> tuple[list[float], int, float, float]:
    """Latencies, failures, wall and CPU seconds of GETS requests, one every GET_EVERY s."""
    latencies: list[float] = []
    failed = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(GETS):
        took = _get(port, path)
        if took is None:
            failed += 1
        else:
            latencies.append(took)
        time.sleep(GET_EVERY)
    return latencies, failed, time.perf_counter() - wall, time.process_time() - cpu


def _line(name: str, latencies: list[float], failed: int) -> str:
    if not latencies:
        return f"{name}: every GET failed ({failed})"
    median, longest = statistics.median(latencies) * 1000, max(latencies) * 1000
    return f"{name}: median {median:.1f} ms, max {longest:.1f} ms, {failed} failed of {GETS}"


def _drip(port: int, count: int) -> None:
    """The dripping clients' process: ready once connected, until its input is closed."""
    count = min(count, _enough_descriptors(count + 256) - 256)  # fewer if the system says so
    clients = _Drippers(port, count)
    started = time.perf_counter()
    clients.start()
    print(f"ready {clients.opened} {time.perf_counter() - started:.2f}", flush=True)
    sys.stdin.read()
    clients.stop()
    print(f"opened {clients.opened}", flush=True)


def main() -> None:
    _enough_descriptors(2 * DEFAULT_LIMITS.max_connections + 256)  # the server's side
    with tempfile.TemporaryDirectory() as folder:
        doc_path = Path(folder) / "spring.runlift"
        doc = new_document(SETTINGS, "Spring half", date(2027, 1, 1))
        save_document(doc_path, doc)
        server = FeedServer(doc_path, clock=lambda: NOW)
        server.start()
        path = feed_path(doc.feed_token, "plan.ics")
        try:
            quiet, quiet_failed, _wall, _cpu = _gets(server.port, path)
            child = subprocess.Popen(
                [sys.executable, __file__, "--drip", str(server.port), str(DRIPPERS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdin and child.stdout
            _ready, connected, seconds = child.stdout.readline().split()
            try:
                busy, busy_failed, wall, cpu = _gets(server.port, path)
            finally:
                child.stdin.close()
                opened = int(child.stdout.readline().split()[1])
                child.wait()
            after, after_failed, _wall, _cpu = _gets(server.port, path)
        finally:
            server.stop()
    cap = DEFAULT_LIMITS.max_connections
    print(
        f"feed on 127.0.0.1, at most {cap} connections, {GETS} GETs of plan.ics "
        f"({GET_EVERY * 1000:.0f} ms apart, each on a new connection)"
    )
    print(_line("no other clients", quiet, quiet_failed))
    print(_line(f"{int(connected):,} dripping connections", busy, busy_failed))
    print(_line("after they left", after, after_failed))
    print(
        f"dripping clients: {int(connected):,} connected in {float(seconds):.1f} s, "
        f"{opened - int(connected):,} connections opened again while the GETs ran "
        f"({wall:.1f} s); serving process CPU {cpu / wall:.2f} s per second"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--drip"]:
        _drip(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
