"""Property: whatever edits and faults came before, one clean push makes Google equal the plan."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runlift.errors import PublishError
from runlift.plan.model import Settings
from runlift.publish.events import CalendarEvent
from runlift.publish.google import push as google
from runlift.publish.google.auth import ENDPOINT_ENV
from runlift.publish.google.push import push
from runlift.storage.document import Document
from tests.publish.fake_google import (
    DROP,
    RATE_LIMIT,
    SERVER_ERROR,
    TOO_MANY,
    USER_RATE_LIMIT,
    FakeGoogle,
    Fault,
    plan_event,
)

UUID = "9e0c1a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b"
POOL = [f"w-{week:02d}.{role}" for week in range(1, 5) for role in ("easy", "long", "strength")]
FIRST = date(2027, 3, 1)

STATUS_FAULTS = [TOO_MANY, SERVER_ERROR, RATE_LIMIT, USER_RATE_LIMIT, Fault(400, "invalid")]


def _plan(sessions: dict[str, int]) -> list[CalendarEvent]:
    """Events for session → hour; the day follows the session's place in the pool."""
    return [
        plan_event(name, UUID, FIRST + timedelta(days=POOL.index(name)), hour=hour)
        for name, hour in sorted(sessions.items())
    ]


plans = st.dictionaries(st.sampled_from(POOL), st.sampled_from([6, 7, 12, 18]), max_size=12)
faults = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["request_faults", "batch_faults"]), st.just(DROP)),
        st.tuples(
            st.sampled_from(["request_faults", "batch_faults", "call_faults", "batch_call_faults"]),
            st.sampled_from(STATUS_FAULTS),
        ),
    ),
    max_size=8,
)
user_actions = st.lists(st.tuples(st.sampled_from(["delete", "purge"]), st.sampled_from(POOL)))


def _inject(fake: FakeGoogle, chosen: list[tuple[str, Fault]]) -> None:
    for queue, fault in chosen:
        getattr(fake, queue).append(fault)


def _clear(fake: FakeGoogle) -> None:
    for queue in ("request_faults", "batch_faults", "call_faults", "batch_call_faults"):
        getattr(fake, queue).clear()


def _user_acts(fake: FakeGoogle, calendar: str, doc: Document, acts: list[tuple[str, str]]) -> None:
    """The user deletes our events by hand; Google may later forget deleted ones."""
    live = fake.live_events(calendar)
    for act, name in acts:
        for event_id, event in list(fake.calendars[calendar].events.items()):
            private = event.get("extendedProperties", {}).get("private", {})
            if private.get(google.TAG_SESSION) != name:
                continue
            if event_id in live and event["status"] != "cancelled":
                fake.user_delete(calendar, event_id)
            if act == "purge":
                fake.purge(calendar, event_id)
    del doc


@pytest.mark.slow
# Capped: each example starts a server and makes about five pushes through the real client.
@settings(max_examples=min(settings.default.max_examples, 60))
@given(
    rounds=st.lists(st.tuples(plans, faults, user_actions), min_size=1, max_size=3),
    final=plans,
)
def test_after_faults_stop_one_push_makes_the_calendar_equal_the_plan(
    rounds: list[tuple[dict[str, int], list[tuple[str, Fault]], list[tuple[str, str]]]],
    final: dict[str, int],
) -> None:
    with FakeGoogle() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENDPOINT_ENV, fake.root)
        state: dict[str, Any] = {
            "doc": Document(UUID, "Spring 10K", Settings(timezone="Europe/Berlin"))
        }

        def save(doc: Document) -> None:
            state["doc"] = doc

        def push_once(events: list[CalendarEvent]) -> None:
            result = push(state["doc"], events, save=save, sleep=lambda _: None)
            state["doc"] = result.document

        push_once([])
        calendar = state["doc"].google_calendar_id
        foreign = fake.add_event(
            calendar, {"summary": "Dentist", "start": {"date": "2027-03-02"},
                       "end": {"date": "2027-03-03"}},
        )  # fmt: skip
        for sessions, chosen, acts in rounds:
            _user_acts(fake, calendar, state["doc"], acts)
            _inject(fake, chosen)
            with contextlib.suppress(PublishError):  # a fault it could not get past
                push_once(_plan(sessions))
            _clear(fake)

        wanted = _plan(final)
        push_once(wanted)
        _assert_calendar_is_plan(fake, state["doc"], wanted)
        assert fake.calendars[calendar].events[foreign["id"]] == foreign
        writes = fake.writes
        push_once(wanted)
        assert fake.writes == writes  # and the next push has nothing left to do


def _assert_calendar_is_plan(fake: FakeGoogle, doc: Document, wanted: list[CalendarEvent]) -> None:
    assert doc.google_calendar_id
    live = fake.live_events(doc.google_calendar_id)
    ours = {
        event_id: event
        for event_id, event in live.items()
        if event.get("extendedProperties", {}).get("private", {}).get(google.TAG_PLAN) == UUID
    }
    sessions = Counter(
        e["extendedProperties"]["private"][google.TAG_SESSION] for e in ours.values()
    )
    assert all(count == 1 for count in sessions.values()), sessions  # no duplicates
    expected = {doc.google_event_ids.get(e.session_id, e.google_id): e for e in wanted}
    assert set(ours) == set(expected)
    for event_id, event in expected.items():
        shown = ours[event_id]
        assert (shown["summary"], shown["start"]["dateTime"]) == (
            event.summary,
            event.start.isoformat(),  # type: ignore[union-attr]
        )
