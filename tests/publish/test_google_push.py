"""Pushing a plan to the fake Google Calendar through the real client library."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from runlift.errors import AuthError, CancelledError, RemoteError
from runlift.plan.edits.record import Edit
from runlift.plan.model import Settings
from runlift.publish.events import CalendarEvent
from runlift.publish.google import auth as google_auth
from runlift.publish.google import push as google
from runlift.publish.google.auth import ENDPOINT_ENV
from runlift.publish.google.push import PushResult, push, push_document
from runlift.publish.sync.diff import Reason
from runlift.storage.document import Document, load_document, save_document
from tests.publish.fake_google import (
    DROP,
    RATE_LIMIT,
    SERVER_ERROR,
    TOO_MANY,
    USER_RATE_LIMIT,
    FakeGoogle,
    Fault,
    plan_event,
    weeks_of_events,
)
from tests.publish.test_feed import make_document

UUID = "5d1f6a3e-2c4b-4e8f-9a7d-0b1c2d3e4f50"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        monkeypatch.setenv(ENDPOINT_ENV, server.root)
        yield server


@pytest.fixture
def doc() -> Document:
    return Document(UUID, "Berlin Marathon", Settings(timezone="Europe/Berlin"))


class Pusher:
    """Pushes like the app does and keeps the document it saved, and the sleeps it took."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.saved: list[Document] = []
        self.sleeps: list[float] = []

    def __call__(self, events: list[CalendarEvent], **options: Any) -> PushResult:
        result = push(self.doc, events, save=self._save, sleep=self.sleeps.append, **options)
        self.doc = result.document
        return result

    def _save(self, doc: Document) -> None:
        self.saved.append(doc)
        self.doc = doc


@pytest.fixture
def pusher(fake: FakeGoogle, doc: Document) -> Pusher:
    del fake
    return Pusher(doc)


def _calendar(pusher: Pusher) -> str:
    assert pusher.doc.google_calendar_id
    return pusher.doc.google_calendar_id


def _shown(fake: FakeGoogle, pusher: Pusher) -> dict[str, str]:
    """What the calendar shows: event id → summary, live events only."""
    return {key: ev["summary"] for key, ev in fake.live_events(_calendar(pusher)).items()}


def _expected(events: list[CalendarEvent]) -> dict[str, str]:
    return {event.google_id: event.summary for event in events}


def test_the_first_push_creates_the_calendar_and_every_event(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 3)
    result = pusher(events)
    assert (result.created, result.updated, result.deleted) == (len(events), 0, 0)
    calendar = fake.calendars[_calendar(pusher)].resource
    assert (calendar["summary"], calendar["timeZone"]) == (
        "RunLift – Berlin Marathon",
        "Europe/Berlin",
    )
    assert pusher.saved[0].google_calendar_id == calendar["id"]  # remembered before any write
    assert _shown(fake, pusher) == _expected(events)
    assert result.requests == 3  # calendar, listing, one batch of 21 inserts


def test_a_second_push_of_an_unchanged_plan_writes_nothing(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 3)
    pusher(events)
    writes = fake.writes
    result = pusher(events)
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 0, 0, 21)
    assert fake.writes == writes
    assert result.requests == 2  # the calendar check and one listing


def test_moving_one_session_writes_exactly_one_update(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 3)
    pusher(events)
    moved = events[4]
    events[4] = plan_event(moved.session_id, UUID, date(2027, 1, 9), hour=18)
    before = len(fake.calls)
    result = pusher(events)
    writes = [call for call in fake.calls[before:] if call[0] != "GET"]
    assert writes == [("PUT", f"calendars/{_calendar(pusher)}/events/{moved.google_id}")]
    assert result.updated == 1
    assert fake.live_events(_calendar(pusher))[moved.google_id]["start"]["dateTime"].startswith(
        "2027-01-09T18:00"
    )


def test_removing_a_session_deletes_only_that_event(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events)
    gone = events.pop(3)
    result = pusher(events)
    assert result.deleted == 1
    assert result.plan.writes[0].reason is Reason.REMOVED
    assert _shown(fake, pusher) == _expected(events)
    assert fake.calendars[_calendar(pusher)].events[gone.google_id]["status"] == "cancelled"


def test_a_hand_made_event_is_untouched_by_every_push(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events)
    calendar = _calendar(pusher)
    mine = fake.add_event(calendar, {"summary": "Dentist", "start": {"date": "2027-01-05"},
                                     "end": {"date": "2027-01-06"}})  # fmt: skip
    other_plan = {"extendedProperties": {"private": {google.TAG_PLAN: "another-plan"}}}
    theirs = fake.add_event(calendar, {**mine, "id": None, "summary": "Club run", **other_plan})
    events[0] = plan_event(events[0].session_id, UUID, date(2027, 1, 4), hour=6)
    for plan in (events, events[2:], events[5:], []):
        pusher(plan)
    for untouched in (mine, theirs):
        assert fake.calendars[calendar].events[untouched["id"]] == untouched
        assert not [call for call in fake.calls if untouched["id"] in call[1]]  # never fetched


def test_an_event_the_user_deleted_but_still_planned_is_restored(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events)
    fake.user_delete(_calendar(pusher), events[2].google_id)
    result = pusher(events)
    assert result.updated == 1
    assert result.plan.writes[0].reason is Reason.RESTORE
    assert _shown(fake, pusher) == _expected(events)


def test_an_id_google_will_not_restore_gets_a_new_id_that_is_remembered(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events)
    calendar, lost = _calendar(pusher), events[2]
    fake.user_delete(calendar, lost.google_id)
    fake.purge(calendar, lost.google_id)  # gone from listings, id still taken
    pusher(events)
    new_id = pusher.doc.google_event_ids[lost.session_id]
    assert new_id != lost.google_id
    assert fake.live_events(calendar)[new_id]["summary"] == lost.summary
    assert len(fake.live_events(calendar)) == len(events)
    writes = fake.writes
    assert pusher(events).unchanged == len(events)
    assert fake.writes == writes


def test_a_deleted_calendar_is_created_again(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events)
    old = _calendar(pusher)
    fake.delete_calendar(old)
    result = pusher(events)
    assert result.calendar_created and _calendar(pusher) != old
    assert result.created == len(events)
    assert _shown(fake, pusher) == _expected(events)


def test_a_dry_run_shows_the_diff_and_writes_nothing(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 2)
    dry = pusher(events, dry_run=True)
    assert (dry.created, dry.dry_run) == (len(events), True)
    assert fake.calendars == {} and pusher.saved == []
    pusher(events)
    fake.user_delete(_calendar(pusher), events[0].google_id)
    writes = fake.writes
    dry = pusher(events[1:-1], dry_run=True)
    assert (dry.created, dry.updated, dry.deleted) == (0, 0, 1)
    assert fake.writes == writes


@pytest.mark.parametrize("fault", [TOO_MANY, SERVER_ERROR, RATE_LIMIT, USER_RATE_LIMIT, DROP])
def test_transient_failures_of_a_whole_request_are_retried_with_backoff(
    fake: FakeGoogle, pusher: Pusher, fault: Fault
) -> None:
    events = weeks_of_events(UUID, 8)  # 56 events: two batches
    fake.request_faults.extend([fault] * 4)
    pusher(events)
    assert _shown(fake, pusher) == _expected(events)
    assert pusher.sleeps and all(s > 0 for s in pusher.sleeps)


def test_calls_that_failed_alone_inside_a_batch_are_sent_again(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 2)
    pusher(events[:1])
    fake.batch_call_faults.extend([TOO_MANY, RATE_LIMIT, SERVER_ERROR])
    before = len(fake.calls)
    pusher(events)
    inserts = [call for call in fake.calls[before:] if call[0] == "POST"]
    assert len(inserts) == len(events) - 1 + 3
    assert _shown(fake, pusher) == _expected(events)
    assert len(pusher.sleeps) == 1  # one pause before the one retry round


def test_backoff_grows_and_gives_up_with_a_clear_error(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 1)
    pusher(events)
    fake.request_faults.extend([SERVER_ERROR] * 20)
    with pytest.raises(RemoteError, match="push again"):
        pusher([replace(e, summary="changed", content_hash="0" * 64) for e in events])
    assert len(pusher.sleeps) == 5
    ceilings = [min(32.0, 2.0**n) for n in range(5)]
    assert all(c / 2 <= s <= c for s, c in zip(pusher.sleeps, ceilings, strict=True))


def test_other_client_errors_are_not_retried(fake: FakeGoogle, pusher: Pusher) -> None:
    events = weeks_of_events(UUID, 1)
    pusher(events[:1])
    fake.batch_call_faults.append(Fault(400, "invalid"))
    with pytest.raises(RemoteError, match="refused the event") as caught:
        pusher(events)
    assert "400" in str(caught.value)
    assert pusher.sleeps == []
    assert len(fake.live_events(_calendar(pusher))) == len(events) - 1  # the others went in


def test_an_interrupted_batch_finishes_on_the_next_push_without_duplicates(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 4)
    pusher([])
    fake.batch_faults.extend([DROP] * 12)  # every try dropped after half of its calls
    with pytest.raises(RemoteError):
        pusher(events)
    assert 0 < len(fake.live_events(_calendar(pusher))) < len(events)
    fake.batch_faults.clear()
    pusher(events)
    assert _shown(fake, pusher) == _expected(events)


def test_a_repeated_insert_answered_409_is_fetched_not_duplicated(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 2)
    pusher([])
    fake.batch_faults.extend([DROP, DROP])  # half done but unanswered, twice (httplib2 retries)
    pusher(events)
    gets = [call for call in fake.calls if call[0] == "GET" and "/events/" in call[1]]
    assert gets, "the second try met 409s and fetched the events"
    assert _shown(fake, pusher) == _expected(events)


def test_progress_reaches_the_total_and_cancel_stops_between_batches(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    events = weeks_of_events(UUID, 10)  # 70 events: two batches
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 50:
            cancel.set()

    with pytest.raises(CancelledError):
        pusher(events, progress=progress, cancel=cancel)
    assert seen[0] == (0, 70) and seen[-1] == (50, 70)
    assert len(fake.live_events(_calendar(pusher))) == 50
    seen.clear()
    pusher(events, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (20, 20)
    assert _shown(fake, pusher) == _expected(events)


def test_the_listing_follows_every_page(
    fake: FakeGoogle, pusher: Pusher, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = weeks_of_events(UUID, 3)
    pusher(events)
    monkeypatch.setattr(google, "LIST_PAGE_SIZE", 5)
    before = fake.requests
    result = pusher(events)
    assert result.unchanged == 21
    assert fake.requests - before == 1 + 5  # calendar check, then 21 events in pages of 5


def test_push_document_keeps_an_edit_saved_while_it_pushes(
    fake: FakeGoogle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "spring.runlift"
    make_document(path)
    create = google._create_calendar

    def create_while_edited(*args: Any) -> str:
        doc = load_document(path)  # the window or `runlift skip` saves meanwhile
        save_document(path, replace(doc, edits=(*doc.edits, Edit("skip", "w-01.long"))))
        return create(*args)

    monkeypatch.setattr(google, "_create_calendar", create_while_edited)
    result = push_document(path)
    saved = load_document(path)
    assert [edit.session_id for edit in saved.edits] == ["w-01.long"]
    assert saved.google_calendar_id == result.document.google_calendar_id
    assert saved.google_calendar_id in fake.calendars
    assert result.created > 0


def test_push_document_remembers_replaced_ids_in_the_fresh_document(
    fake: FakeGoogle, tmp_path: Path
) -> None:
    path = tmp_path / "spring.runlift"
    make_document(path)
    pushed = push_document(path).document
    saved = load_document(path)
    stale = replace(pushed, name="an older copy", google_event_ids={"w-01.long": "a" * 32})
    fresh = google.merge_google_state(stale)(saved)
    assert fresh.name == saved.name and fresh.edits == saved.edits
    assert fresh.google_event_ids == {"w-01.long": "a" * 32}
    assert fresh.google_calendar_id == pushed.google_calendar_id
    assert fake.calendars


def test_an_abandoned_browser_sign_in_ends_with_an_auth_error(
    fake: FakeGoogle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(google_auth, "load_secret", lambda account: None)
    monkeypatch.setattr(google_auth, "save_secret", _never)
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake is plain HTTP
    client = tmp_path / "client_secret.json"
    client.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": "1234-abc.apps.googleusercontent.com",
                    "client_secret": "GOCSPX-client-secret",
                    "auth_uri": fake.root + "auth",
                    "token_uri": fake.root + "token",
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    # The user never comes back from the browser: the local redirect server gets no request.
    with pytest.raises(AuthError, match="sign-in was not completed in the browser"):
        google_auth.login(client, open_browser=False, timeout_seconds=1)


def _never(account: str, secret: str) -> None:
    raise AssertionError("nothing may be kept after an abandoned sign-in")


def test_a_duplicate_the_runner_made_of_our_event_is_theirs(
    fake: FakeGoogle, pusher: Pusher
) -> None:
    """Google Calendar's Duplicate copies our private tags onto an event with a new id: it is
    the runner's, never updated or deleted, also once its session leaves the plan."""
    events = weeks_of_events(UUID, 2)
    pusher(events)
    calendar = _calendar(pusher)
    ours = fake.calendars[calendar].events[events[3].google_id]
    copy = fake.add_event(calendar, {**ours, "id": None, "summary": "Same again, Saturday"})
    assert copy["extendedProperties"] == ours["extendedProperties"]  # the tags came along
    result = pusher(events)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    result = pusher([e for e in events if e is not events[3]])
    assert result.deleted == 1  # our own event of that session, not the copy
    assert fake.calendars[calendar].events[copy["id"]] == copy
