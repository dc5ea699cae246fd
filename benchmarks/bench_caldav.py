"""CalDAV push: HTTP requests, writes and time for an 18-week marathon plan, against Radicale.

A real Radicale server (in this process, filesystem store in a temporary folder) on 127.0.0.1,
the real ``caldav`` client: the first push (calendar made, every event written), an unchanged
re-push (goal: one listing, no write) and a push after moving one session (goal: one write).
The requests are counted by the client (an auth challenge would count too); the writes by a
pass-through proxy in front of the server.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for the servers

from tests.publish.caldav_servers import PASSWORD, USER, fault_proxy, running_radicale

from runlift.plan.edits.apply import move_edit, plan_with_edits
from runlift.plan.model import Kind, Mode, Settings
from runlift.publish.caldav.account import CalDavAccount, Connection
from runlift.publish.caldav.push import push
from runlift.publish.events import CalendarEvent, to_events
from runlift.storage.document import Document

RUNS = 3  # each run starts a fresh server and pushes the plan first (a few seconds)
TODAY = date(2027, 1, 1)
UUID = "c0ffee00-1234-4abc-9def-0123456789ab"
SETTINGS = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 5, 16),
    distance_km=42.195,
    start=date(2027, 1, 11),
    timezone="Europe/Berlin",
)
WRITES = frozenset({"PUT", "DELETE", "MKCALENDAR", "PROPPATCH"})


class Figures(NamedTuple):  # not a dataclass: run.py loads this file outside sys.modules
    requests: int
    listings: int
    writes: int
    seconds: float


def _plans() -> tuple[list[CalendarEvent], list[CalendarEvent]]:
    plan, _ = plan_with_edits(SETTINGS, (), TODAY)
    long_run = next(s for s in plan.active_sessions if s.kind is Kind.LONG)
    edit = move_edit(plan, long_run.id, long_run.date - timedelta(days=1), None)
    moved, _ = plan_with_edits(SETTINGS, (edit,), TODAY)
    return list(to_events(plan, UUID)), list(to_events(moved, UUID))


def _once(before: list[CalendarEvent] | None, events: list[CalendarEvent]) -> Figures:
    with (
        tempfile.TemporaryDirectory() as folder,
        running_radicale(Path(folder)) as radicale,
        fault_proxy(radicale) as proxy,
    ):

        def connection() -> Connection:  # "basic" as learned at login
            return Connection(CalDavAccount(proxy.url, USER, "other", "basic"), PASSWORD)

        doc = Document(UUID, "Marathon", SETTINGS)
        if before is not None:
            doc = push(doc, before, connection=connection()).document
        proxy.faults.seen.clear()
        fresh, started = connection(), time.perf_counter()
        push(doc, events, connection=fresh)
        took = time.perf_counter() - started
        methods = [method for method, _path in proxy.faults.seen]
        return Figures(
            fresh.counter.sent,
            methods.count("REPORT"),
            sum(1 for method in methods if method in WRITES),
            took,
        )


def _measure(run: Callable[[], Figures]) -> Figures:
    samples = [run() for _ in range(RUNS)]
    return samples[0]._replace(seconds=statistics.median(s.seconds for s in samples))


def main() -> None:
    plan, moved = _plans()
    print(f"18-week marathon plan: {len(plan)} events; Radicale on 127.0.0.1; median of {RUNS}")
    print("(writes: PUT, DELETE, MKCALENDAR and PROPPATCH; the first push makes the calendar)")
    print(f"{'push':<22}{'requests':>9}{'listings':>9}{'writes':>8}{'median ms':>11}")
    cases = (
        ("first push", lambda: _once(None, plan)),
        ("unchanged re-push", lambda: _once(plan, plan)),
        ("one session moved", lambda: _once(plan, moved)),
    )
    for name, run in cases:
        figures = _measure(run)
        print(
            f"{name:<22}{figures.requests:>9}{figures.listings:>9}{figures.writes:>8}"
            f"{figures.seconds * 1000:>11.1f}"
        )


if __name__ == "__main__":
    main()
