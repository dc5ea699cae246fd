"""Google Calendar push: HTTP requests, writes and time for an 18-week marathon plan.

Three pushes against the fake Calendar server (real HTTP on 127.0.0.1, the real client
library): the first push, an unchanged re-push, and a push after moving one session. Beside
each, the requests a one-request-per-event sync would send (calendar check, listing, then one
request for every event of the plan).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for the fake server

from tests.publish.fake_google import FakeGoogle

from runlift.plan.edits.apply import move_edit, plan_with_edits
from runlift.plan.model import Kind, Mode, Settings
from runlift.publish.events import CalendarEvent, to_events
from runlift.publish.google.auth import ENDPOINT_ENV
from runlift.publish.google.push import push
from runlift.storage.document import Document

RUNS = 15
TODAY = date(2027, 1, 1)
UUID = "c0ffee00-1234-4abc-9def-0123456789ab"
SETTINGS = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 5, 16),
    distance_km=42.195,
    start=date(2027, 1, 11),
    timezone="Europe/Berlin",
)


class Figures(NamedTuple):  # not a dataclass: run.py loads this file outside sys.modules
    requests: int
    writes: int
    seconds: float


def _plans() -> tuple[list[CalendarEvent], list[CalendarEvent]]:
    plan, _ = plan_with_edits(SETTINGS, (), TODAY)
    long_run = next(s for s in plan.active_sessions if s.kind is Kind.LONG)
    edit = move_edit(plan, long_run.id, long_run.date - timedelta(days=1), None)
    moved, _ = plan_with_edits(SETTINGS, (edit,), TODAY)
    return list(to_events(plan, UUID)), list(to_events(moved, UUID))


def _measure(prepare: Callable[[FakeGoogle], tuple[Document, list[CalendarEvent]]]) -> Figures:
    samples: list[Figures] = []
    for _ in range(RUNS):
        with FakeGoogle() as fake:
            os.environ[ENDPOINT_ENV] = fake.root
            doc, events = prepare(fake)
            writes, started = fake.writes, time.perf_counter()
            result = push(doc, events, sleep=lambda _: None)
            took = time.perf_counter() - started
            samples.append(Figures(result.requests, fake.writes - writes, took))
    return Figures(
        samples[0].requests, samples[0].writes, statistics.median(s.seconds for s in samples)
    )


def main() -> None:
    plan, moved = _plans()
    fresh = Document(UUID, "Marathon", SETTINGS)

    def first(fake: FakeGoogle) -> tuple[Document, list[CalendarEvent]]:
        return fresh, plan

    def pushed_then(events: list[CalendarEvent]) -> Callable[[FakeGoogle], tuple[Document, list]]:
        def prepare(fake: FakeGoogle) -> tuple[Document, list[CalendarEvent]]:
            return push(fresh, plan, sleep=lambda _: None).document, events

        return prepare

    print(f"18-week marathon plan: {len(plan)} events; median of {RUNS} runs each")
    print("(writes: calls that change Google, the new calendar included on a first push)")
    print(f"{'push':<22}{'requests':>9}{'writes':>8}{'one-per-event':>15}{'median ms':>11}")
    cases = (
        ("first push", first),
        ("unchanged re-push", pushed_then(plan)),
        ("one session moved", pushed_then(moved)),
    )
    for name, prepare in cases:
        figures = _measure(prepare)
        naive = 2 + len(plan)  # calendar check + listing + one request per event
        print(
            f"{name:<22}{figures.requests:>9}{figures.writes:>8}{naive:>15}"
            f"{figures.seconds * 1000:>11.1f}"
        )
    os.environ.pop(ENDPOINT_ENV, None)


if __name__ == "__main__":
    main()
