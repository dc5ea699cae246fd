"""The target-independent diff: desired events vs the events a calendar reports as ours."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.publish.events import CalendarEvent
from runlift.publish.sync.diff import Action, Reason, RemoteEvent, SyncPlan, diff
from tests.publish.fake_google import plan_event

UUID = "0f6b3c1e-7f3a-4d43-9d55-2c8a1f1d7b10"


def _events(*names: str) -> list[CalendarEvent]:
    return [
        plan_event(name, UUID, date(2027, 1, 4) + timedelta(days=i)) for i, name in enumerate(names)
    ]


def _remote_of(events: list[CalendarEvent]) -> dict[str, RemoteEvent]:
    return {e.uid: RemoteEvent(e.uid, e.content_hash, False, e.session_id) for e in events}


def test_everything_is_created_on_an_empty_calendar() -> None:
    plan = diff(_events("w-01.easy", "w-01.long"), {})
    assert [(s.action, s.reason, s.session_id) for s in plan.steps] == [
        (Action.CREATE, Reason.NEW, "w-01.easy"),
        (Action.CREATE, Reason.NEW, "w-01.long"),
    ]


def test_an_unchanged_calendar_needs_no_write() -> None:
    events = _events("w-01.easy", "w-01.long")
    plan = diff(events, _remote_of(events))
    assert plan.writes == ()
    assert plan.counts()[Action.UNCHANGED] == 2


def test_a_changed_event_is_updated_and_only_that_one() -> None:
    events = _events("w-01.easy", "w-01.long")
    remote = _remote_of(events)
    moved = [events[0], plan_event("w-01.long", UUID, date(2027, 1, 9))]
    plan = diff(moved, remote)
    assert [(s.action, s.reason, s.session_id) for s in plan.writes] == [
        (Action.UPDATE, Reason.CHANGED, "w-01.long")
    ]


def test_an_event_deleted_in_the_calendar_but_still_planned_is_restored() -> None:
    events = _events("w-01.easy")
    remote = {events[0].uid: RemoteEvent(events[0].uid, events[0].content_hash, True)}
    (step,) = diff(events, remote).steps
    assert (step.action, step.reason) == (Action.UPDATE, Reason.RESTORE)


def test_an_event_that_left_the_plan_is_deleted_but_a_cancelled_one_is_left_alone() -> None:
    events = _events("w-01.easy", "w-01.long", "w-01.rest")
    remote = _remote_of(events)
    remote[events[2].uid] = replace(remote[events[2].uid], cancelled=True)
    plan = diff(events[:1], remote)
    assert [(s.action, s.reason, s.remote_id) for s in plan.writes] == [
        (Action.DELETE, Reason.REMOVED, events[1].uid)
    ]


def test_a_missing_or_older_hash_means_update() -> None:
    events = _events("w-01.easy")
    remote = {events[0].uid: RemoteEvent(events[0].uid, None)}
    assert diff(events, remote).steps[0].reason is Reason.CHANGED


def test_the_caller_chooses_the_remote_key() -> None:
    events = _events("w-01.easy")
    remote = {events[0].google_id: RemoteEvent(events[0].google_id, events[0].content_hash)}
    assert diff(events, remote, remote_id=lambda e: e.google_id).writes == ()
    assert diff(events, remote).counts()[Action.CREATE] == 1  # keyed by UID it is not there


def test_two_desired_events_with_one_id_are_refused() -> None:
    event = _events("w-01.easy")[0]
    with pytest.raises(ValueError, match="share the id"):
        diff([event, event], {})


def _apply(plan: SyncPlan, remote: dict[str, RemoteEvent]) -> dict[str, RemoteEvent]:
    """What a calendar holds after doing the plan's writes."""
    after = dict(remote)
    for step in plan.writes:
        if step.action is Action.DELETE:
            after[step.remote_id] = replace(after[step.remote_id], cancelled=True)
        else:
            assert step.event is not None
            after[step.remote_id] = RemoteEvent(
                step.remote_id, step.event.content_hash, False, step.event.session_id
            )
    return after


NAMES = [f"w-{w:02d}.{r}" for w in range(1, 4) for r in ("easy", "long", "strength")]


@given(
    before=st.sets(st.sampled_from(NAMES)),
    after=st.sets(st.sampled_from(NAMES)),
    moved=st.sets(st.sampled_from(NAMES)),
    cancelled=st.sets(st.sampled_from(NAMES)),
)
def test_doing_the_plan_makes_the_calendar_equal_the_plan(
    before: set[str], after: set[str], moved: set[str], cancelled: set[str]
) -> None:
    old = [plan_event(n, UUID, date(2027, 1, 4)) for n in sorted(before)]
    remote = _remote_of(old)
    for event in old:
        if event.session_id in cancelled:
            remote[event.uid] = replace(remote[event.uid], cancelled=True)
    new = [
        plan_event(n, UUID, date(2027, 1, 4), hour=9 if n in moved else 7) for n in sorted(after)
    ]
    result = _apply(diff(new, remote), remote)
    live = {key: found for key, found in result.items() if not found.cancelled}
    assert {key: found.content_hash for key, found in live.items()} == {
        e.uid: e.content_hash for e in new
    }
    assert diff(new, result).writes == ()  # and a second sync writes nothing
