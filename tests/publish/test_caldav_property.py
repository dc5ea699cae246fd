"""Property: whatever plan edits and server faults came before, one clean push makes the CalDAV
calendar equal to the plan: no duplicates, the runner's own event untouched."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.errors import PublishError
from runlift.plan.model import Settings
from runlift.publish.caldav.copies import TAG_PLAN
from runlift.publish.events import CalendarEvent
from runlift.storage.document import Document
from tests.publish.caldav_fixtures import Phone, Pusher
from tests.publish.caldav_servers import FAULTS, FaultProxy, Radicale, fault_proxy, running_radicale
from tests.publish.fake_google import plan_event

POOL = [f"w-{week:02d}.{role}" for week in range(1, 4) for role in ("easy", "long", "strength")]
FIRST = date(2027, 3, 1)

plans = st.dictionaries(st.sampled_from(POOL), st.sampled_from([6, 7, 12, 18]), max_size=9)
faults = st.lists(st.sampled_from([*FAULTS, "none"]), max_size=6)
rounds = st.lists(st.tuples(plans, faults), min_size=1, max_size=3)


def _events(plan_uuid: str, sessions: dict[str, int]) -> list[CalendarEvent]:
    return [
        plan_event(name, plan_uuid, FIRST + timedelta(days=POOL.index(name)), hour=hour)
        for name, hour in sorted(sessions.items())
    ]


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Radicale, FaultProxy]]:
    with (
        tempfile.TemporaryDirectory() as folder,
        running_radicale(Path(folder)) as radicale,
        fault_proxy(radicale) as proxy,
    ):
        yield radicale, proxy


# Each example starts a calendar and makes up to five pushes against a real server on disk
# (about a second); 300 examples (the CI profile) would take minutes, so this property runs a
# fixed 20, which still mixes every fault with creates, moves and deletes.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=plans, edits=rounds, final=plans)
def test_after_any_faults_one_clean_push_makes_the_calendar_equal_the_plan(
    servers: tuple[Radicale, FaultProxy],
    first: dict[str, int],
    edits: list[tuple[dict[str, int], list[str]]],
    final: dict[str, int],
) -> None:
    radicale, proxy = servers
    plan_uuid = str(uuid.uuid4())
    pusher = Pusher(Document(plan_uuid, "Property", Settings(timezone="Europe/Berlin")), proxy.url)
    phone = Phone(radicale, proxy)
    proxy.faults.queued.clear()
    pusher(_events(plan_uuid, first))
    url = pusher.doc.caldav_calendar_url
    assert url
    own = phone.add_own_event(url, uid=f"own-{plan_uuid}@phone.example")
    for sessions, chosen in edits:
        proxy.faults.queued.extend(chosen)
        with contextlib.suppress(PublishError):
            pusher(_events(plan_uuid, sessions))
    proxy.faults.queued.clear()
    wanted = _events(plan_uuid, final)
    pusher(wanted)
    stored = phone.events(url)  # asserts one resource per UID: no duplicates
    ours = {uid: str(s.vevent["SUMMARY"]) for uid, s in stored.items() if TAG_PLAN in s.vevent}
    assert ours == {event.uid: event.summary for event in wanted}
    starts = {uid: s.vevent.decoded("DTSTART") for uid, s in stored.items() if uid in ours}
    assert starts == {event.uid: event.start for event in wanted}
    assert stored[str(own.vevent["UID"])] == own
    assert set(stored) == {*ours, str(own.vevent["UID"])}
