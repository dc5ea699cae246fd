"""Calendar outputs: time to export a 52-week plan, feed answers per second, feed size.

Google Calendar stops reading subscribed feeds larger than about 1 MB, so the size matters.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from runlift.plan.generate import generate
from runlift.plan.model import Mode, RaceResult, Settings
from runlift.publish.events import EventOptions, to_events
from runlift.publish.feed.server import FeedServer, feed_path
from runlift.publish.ics import export_document, render_ics
from runlift.storage.document import new_document, save_document

NOW = datetime(2027, 1, 2, 9, 0, 0, tzinfo=UTC)
YEAR = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 12, 26),
    distance_km=42.195,
    start=date(2026, 12, 28),
    timezone="Europe/Berlin",
    recent_race=RaceResult(10.0, 45 * 60),
    strength_per_week=2,
    core_per_week=1,
)
REPEATS = 15
REQUESTS = 500


def median_seconds(work: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def requests_per_second(port: int, path: str, headers: dict[str, str], expect: int) -> float:
    """A bounded loop of GETs over one kept-alive loopback connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.perf_counter()
    for _ in range(REQUESTS):
        connection.request("GET", path, headers=headers)
        reply = connection.getresponse()
        reply.read()
        if reply.status != expect:
            raise RuntimeError(f"feed answered {reply.status}, expected {expect}")
    elapsed = time.perf_counter() - start
    connection.close()
    return REQUESTS / elapsed


def main() -> None:
    plan = generate(YEAR, date(2026, 12, 20))
    weeks = len(plan.weeks)
    with tempfile.TemporaryDirectory() as folder:
        doc_path = Path(folder) / "year.runlift"
        doc = new_document(YEAR, "Marathon year", date(2026, 12, 20))
        save_document(doc_path, doc)

        def render() -> bytes:
            return render_ics(to_events(plan, doc.plan_uuid), "x", {}, NOW)[0]

        body = render()
        busy_events = to_events(plan, doc.plan_uuid, EventOptions(busy_only=True))
        busy, _records = render_ics(busy_events, "x", {}, NOW)
        out = Path(folder) / "year.ics"
        events = body.count(b"BEGIN:VEVENT")
        print(f"plan: {weeks} weeks, {len(plan.sessions)} sessions, {events} events")
        print(f"render .ics (events + bytes), median: {median_seconds(render) * 1000:.1f} ms")
        export = median_seconds(lambda: export_document(doc_path, out, EventOptions(), NOW))
        print(f"export_document (load, generate, render, write), median: {export * 1000:.1f} ms")
        print(f"feed size: plan.ics {len(body):,} bytes, busy.ics {len(busy):,} bytes")

        server = FeedServer(doc_path, clock=lambda: NOW)
        server.start()
        try:
            path = feed_path(doc.feed_token, "plan.ics")
            full = requests_per_second(server.port, path, {}, 200)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path)
            etag = connection.getresponse().getheader("ETag") or ""
            connection.close()
            unchanged = requests_per_second(server.port, path, {"If-None-Match": etag}, 304)
        finally:
            server.stop()
        print(f"feed on loopback, {REQUESTS} requests: 200 {full:,.0f}/s, 304 {unchanged:,.0f}/s")


if __name__ == "__main__":
    main()
