"""Pushing a plan to a real Radicale CalDAV server through the real ``caldav`` client."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from runlift.errors import AuthError, CancelledError, PublishError
from runlift.plan.settings_io import settings_from_dict
from runlift.publish.caldav.copies import TAG_HASH, TAG_PLAN
from runlift.publish.caldav.push import push, push_document
from runlift.publish.caldav.writes import event_resource
from runlift.publish.events import CalendarEvent, to_events
from runlift.publish.ics import document_plan, publish_records
from runlift.publish.sync.diff import Action, Reason
from runlift.storage.document import Document, load_document, save_document, update_document
from tests.plan.strategies import REFERENCE
from tests.publish.caldav_fixtures import NOW, UUID, Phone, Pusher, connection_to, new_doc
from tests.publish.caldav_servers import TOO_MANY_WAIT, FaultProxy, Radicale, running_radicale
from tests.publish.fake_google import plan_event, weeks_of_events


def _calendar_url(pusher: Pusher) -> str:
    assert pusher.doc.caldav_calendar_url
    return pusher.doc.caldav_calendar_url


def _ours(phone: Phone, pusher: Pusher) -> dict[str, str]:
    """UID → summary of RunLift's events on the server."""
    return {
        uid: str(stored.vevent["SUMMARY"])
        for uid, stored in phone.events(_calendar_url(pusher)).items()
        if TAG_PLAN in stored.vevent
    }


def _expected(events: list[CalendarEvent]) -> dict[str, str]:
    return {event.uid: event.summary for event in events}


def _moved(events: list[CalendarEvent], index: int, days: int = 1) -> list[CalendarEvent]:
    event = events[index]
    start, end = event.start + timedelta(days=days), event.end + timedelta(days=days)
    moved = replace(event, start=start, end=end, content_hash=event.content_hash + "-moved")
    return [*events[:index], moved, *events[index + 1 :]]


def test_the_first_push_makes_the_calendar_and_the_server_holds_our_events_exactly(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    doc = replace(caldav_pusher.doc, settings=settings_from_dict(REFERENCE))
    caldav_pusher.doc = doc
    events = list(to_events(document_plan(doc, NOW), UUID))
    result = caldav_pusher(events)
    assert result.calendar_created
    assert (result.created, result.updated, result.deleted) == (len(events), 0, 0)
    assert caldav_pusher.saved[0].caldav_calendar_url  # remembered before any event is written
    calendar = phone.calendar(_calendar_url(caldav_pusher))
    assert calendar.get_display_name() == "RunLift – Berlin Marathon"
    stored = phone.events(_calendar_url(caldav_pusher))
    records = publish_records(events, {}, NOW)
    for (
        event
    ) in events:  # parsed with icalendar on both sides: the same event, property by property
        sent = icalendar.Calendar.from_ical(event_resource(event, records[event.session_id], UUID))
        back = icalendar.Calendar.from_ical(stored[event.uid].data)
        assert back.events == sent.events
        assert [tz["TZID"] for tz in back.timezones] == ["Europe/Berlin"]
    assert len(stored) == len(events)


def test_an_unchanged_plan_pushed_again_is_one_listing_and_no_write(
    caldav_pusher: Pusher, proxy: FaultProxy
) -> None:
    events = weeks_of_events(UUID, 3)
    caldav_pusher(events)
    proxy.faults.seen.clear()
    result = caldav_pusher(events)
    assert (result.created, result.updated, result.deleted, result.unchanged) == (0, 0, 0, 21)
    assert result.requests == 1
    assert [method for method, _path in proxy.faults.seen] == ["REPORT"]


def test_moving_one_session_is_one_conditional_put(
    caldav_pusher: Pusher, proxy: FaultProxy, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 3)
    caldav_pusher(events)
    proxy.faults.seen.clear()
    moved = _moved(events, 4)
    result = caldav_pusher(moved)
    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    assert [method for method, _path in proxy.faults.seen] == ["REPORT", "PUT"]
    stored = phone.events(_calendar_url(caldav_pusher))[moved[4].uid]
    assert stored.vevent.decoded("DTSTART") == moved[4].start
    assert stored.vevent["SEQUENCE"] == 1  # RFC 5545: a changed event's SEQUENCE rises


def test_a_session_no_longer_in_the_plan_is_deleted(
    caldav_pusher: Pusher, proxy: FaultProxy, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 2)
    caldav_pusher(events)
    proxy.faults.seen.clear()
    result = caldav_pusher(events[1:])
    assert (result.created, result.updated, result.deleted) == (0, 0, 1)
    assert proxy.faults.count("DELETE") == 1
    assert _ours(phone, caldav_pusher) == _expected(events[1:])


def test_the_runners_own_event_survives_every_push_unchanged(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 2)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    own = phone.add_own_event(url)
    caldav_pusher(_moved(events, 2))  # an update
    caldav_pusher(events[3:])  # deletes
    caldav_pusher([*events, plan_event("w-09.long", UUID, events[0].start.date())])  # creates
    assert phone.events(url)[own.vevent["UID"]] == own  # same bytes, same ETag


def test_a_calendar_deleted_by_the_runner_is_made_again(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    phone.delete(url)
    result = caldav_pusher(events)
    assert result.calendar_created
    assert result.created == len(events)
    assert _calendar_url(caldav_pusher) == url
    assert _ours(phone, caldav_pusher) == _expected(events)


def test_an_event_changed_by_another_app_is_put_back_and_reported(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    phone.edit(phone.events(url)[events[2].uid], SUMMARY="Coffee instead")
    result = caldav_pusher(events)
    assert [(s.action, s.reason, s.session_id) for s in result.plan.writes] == [
        (Action.UPDATE, Reason.EDITED, events[2].session_id)
    ]
    assert _ours(phone, caldav_pusher) == _expected(events)
    assert caldav_pusher(events).plan.writes == ()  # and then it is the plan's again


def test_an_event_stripped_of_our_tags_by_another_app_is_taken_back(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    """Its UID is still ours: the create meets 412, re-reads it and writes the plan's version."""
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    stored = phone.events(url)[events[0].uid]
    calendar = icalendar.Calendar.from_ical(stored.data)
    for name in (TAG_PLAN, TAG_HASH):
        del calendar.events[0][name]
    answer = phone.client.put(stored.href, calendar.to_ical().decode(), {"If-Match": stored.etag})
    assert answer.status in (201, 204)
    result = caldav_pusher(events)
    assert [(s.action, s.session_id) for s in result.plan.writes] == [
        (Action.CREATE, events[0].session_id)
    ]
    back = phone.events(url)[events[0].uid].vevent
    assert str(back[TAG_PLAN]) == UUID
    assert len(phone.events(url)) == len(events)


def test_a_dry_run_shows_the_changes_and_writes_nothing(
    caldav_pusher: Pusher, proxy: FaultProxy
) -> None:
    events = weeks_of_events(UUID, 1)
    result = caldav_pusher(events, dry_run=True)
    assert result.dry_run and result.created == len(events)
    assert caldav_pusher.saved == []
    written = {"PUT", "DELETE", "MKCALENDAR", "PROPPATCH"}
    assert not [m for m, _ in proxy.faults.seen if m in written]


def test_busy_and_failing_servers_are_waited_for_and_nothing_is_duplicated(
    caldav_pusher: Pusher, proxy: FaultProxy, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    proxy.faults.queued.extend(["busy", "error", "drop_before", "drop_after", "drop_after"])
    moved = _moved(_moved(events, 1), 5)
    result = caldav_pusher([*moved, plan_event("w-09.long", UUID, events[0].start.date())])
    assert proxy.faults.applied == ["busy", "error", "drop_before", "drop_after", "drop_after"]
    assert len(caldav_pusher.sleeps) >= 4
    assert (result.created, result.updated) == (1, 2)
    expected = _expected([*moved, plan_event("w-09.long", UUID, events[0].start.date())])
    assert _ours(phone, caldav_pusher) == expected
    assert caldav_pusher(moved[:1] + moved[1:]).created == 0


def test_too_many_requests_waits_as_long_as_the_server_asks(
    caldav_pusher: Pusher, proxy: FaultProxy
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    proxy.faults.queued.extend(["none", "too_many"])  # the listing passes, the PUT meets 429
    caldav_pusher(_moved(events, 0))
    assert proxy.faults.applied == ["too_many"]
    assert caldav_pusher.sleeps == [float(TOO_MANY_WAIT)]


def test_a_push_from_the_file_keeps_an_edit_saved_while_it_ran(
    proxy: FaultProxy, phone: Phone, tmp_path: Path
) -> None:
    path = tmp_path / "plan.runlift"
    short = settings_from_dict({**REFERENCE, "mode": "base", "base_weeks": 3, "race_date": None})
    save_document(path, replace(new_doc(), settings=short))

    def another_writer(done: int, total: int) -> None:
        if done == 0:  # the window saves a new name while the push writes
            update_document(path, lambda fresh: replace(fresh, name="Renamed meanwhile"))

    result = push_document(
        path, now=NOW, connection=connection_to(proxy.url), progress=another_writer
    )
    saved = load_document(path)
    assert saved.name == "Renamed meanwhile"
    assert saved.caldav_calendar_url == result.document.caldav_calendar_url
    assert saved.publish["caldav"] == result.document.publish["caldav"]
    assert len(_ours(phone, Pusher(saved, proxy.url))) == result.created


def test_a_conflict_re_reads_the_event_and_writes_the_plans_version(
    caldav_pusher: Pusher, proxy: FaultProxy, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    proxy.faults.queued.extend(["none", "conflict"])  # the listing passes, the PUT meets 412
    moved = _moved(events, 3)
    result = caldav_pusher(moved)
    assert proxy.faults.applied == ["conflict"]
    assert result.updated == 1
    assert proxy.faults.count("GET") == 1  # that one event read again
    assert _ours(phone, caldav_pusher) == _expected(moved)


def test_a_wrong_password_is_an_auth_error_without_the_password(
    proxy: FaultProxy, phone: Phone
) -> None:
    del phone
    doc = Document(UUID, "Plan", settings_from_dict(REFERENCE))
    with pytest.raises(AuthError) as refused:
        push(doc, weeks_of_events(UUID, 1), connection=connection_to(proxy.url, "wrong-pass-42"))
    assert "wrong-pass-42" not in str(refused.value)
    assert "app-specific password" in str(refused.value)


def test_a_cancelled_push_keeps_what_it_wrote_and_the_next_push_finishes(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 3)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 2:
            cancel.set()

    with pytest.raises(CancelledError):
        caldav_pusher(events, progress=progress, cancel=cancel)
    written = len(_ours(phone, caldav_pusher))
    assert 2 <= written < len(events)
    result = caldav_pusher(events)
    assert (result.created, result.unchanged) == (len(events) - written, written)
    assert _ours(phone, caldav_pusher) == _expected(events)


def test_a_cancel_before_any_write_ends_leaves_the_push_cancelled(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    """Every write is in flight at once here: none may end as if it had been written."""
    events = weeks_of_events(UUID, 1)[:3]
    cancel = threading.Event()
    with pytest.raises(CancelledError):
        caldav_pusher(events, progress=lambda done, total: cancel.set(), cancel=cancel)
    assert _ours(phone, caldav_pusher) == {}
    assert caldav_pusher(events).created == 3


def test_a_picked_calendar_is_used_and_remembered(
    caldav_pusher: Pusher, phone: Phone, radicale: Radicale
) -> None:
    principal = phone.client.get_principal()
    principal.make_calendar(name="Training", cal_id="training")
    events = weeks_of_events(UUID, 1)
    result = caldav_pusher(events, calendar="training")
    assert not result.calendar_created
    assert _calendar_url(caldav_pusher) == f"{radicale.user_url}training/".replace(
        radicale.url, caldav_pusher.url
    )
    assert _ours(phone, caldav_pusher) == _expected(events)


def test_a_server_that_makes_no_calendars_asks_for_one_and_the_pick_is_used(
    tmp_path: Path,
) -> None:
    with running_radicale(tmp_path, only_calendars=("training",)) as locked:
        events = weeks_of_events(UUID, 1)
        with pytest.raises(PublishError, match="--calendar NAME"):
            push(new_doc(), events, connection=connection_to(locked.url), now=NOW)
        result = push(
            new_doc(), events, connection=connection_to(locked.url), now=NOW, calendar="Training"
        )
        assert result.created == len(events) and not result.calendar_created
        assert result.document.caldav_calendar_url == f"{locked.user_url}training/"
        again = push(result.document, events, connection=connection_to(locked.url), now=NOW)
        assert again.plan.writes == ()  # remembered: no pick needed any more


@pytest.mark.parametrize("zone", ["Etc/UTC", "UTC", "GMT", "Atlantic/Reykjavik", "Africa/Accra"])
def test_a_plan_in_a_utc_zone_pushed_again_writes_nothing(
    caldav_pusher: Pusher, phone: Phone, zone: str
) -> None:
    doc = replace(caldav_pusher.doc, settings=settings_from_dict({**REFERENCE, "timezone": zone}))
    caldav_pusher.doc = doc
    events = list(to_events(document_plan(doc, NOW), UUID))
    assert caldav_pusher(events).created == len(events)
    again = caldav_pusher(events)
    assert again.plan.writes == ()
    assert again.unchanged == len(events)


def test_a_zone_the_server_names_otherwise_is_the_same_time(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    """A server (or a phone) that writes ``UTC`` for our ``Etc/UTC``, or UTC for Berlin time:
    the same instants, so nothing is put back."""
    from datetime import UTC

    doc = replace(
        caldav_pusher.doc, settings=settings_from_dict({**REFERENCE, "timezone": "Etc/UTC"})
    )
    caldav_pusher.doc = doc
    events = list(to_events(document_plan(doc, NOW), UUID))[:10]
    caldav_pusher(events)
    stored = phone.events(_calendar_url(caldav_pusher))
    for event in events[:3]:
        start, end = event.start.astimezone(UTC), event.end.astimezone(UTC)
        phone.edit(stored[event.uid], DTSTART=start, DTEND=end)  # type: ignore[arg-type]
    assert caldav_pusher(events).plan.writes == ()
    moved = events[3].start.astimezone(UTC) + timedelta(hours=1)  # a real move still counts
    phone.edit(stored[events[3].uid], DTSTART=moved)  # type: ignore[arg-type]
    writes = caldav_pusher(events).plan.writes
    assert [(s.reason, s.session_id) for s in writes] == [(Reason.EDITED, events[3].session_id)]


def test_an_event_put_back_is_written_above_the_servers_sequence(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    phone.edit(phone.events(url)[events[2].uid], SUMMARY="Moved on the phone", SEQUENCE="3")
    result = caldav_pusher(events)
    assert [s.reason for s in result.plan.writes] == [Reason.EDITED]
    back = phone.events(url)[events[2].uid].vevent
    assert str(back["SUMMARY"]) == events[2].summary
    assert int(back["SEQUENCE"]) == 4  # RFC 5545: never lower than the copy it replaces
    assert caldav_pusher(events).plan.writes == ()  # and it stays put


def test_a_duplicate_the_runner_made_of_our_event_is_theirs(
    caldav_pusher: Pusher, phone: Phone
) -> None:
    """A calendar app's Duplicate keeps our X-RUNLIFT properties on a new UID: the copy is the
    runner's, never deleted or changed, also once its session leaves the plan."""
    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    url = _calendar_url(caldav_pusher)
    original = phone.events(url)[events[2].uid]
    calendar = icalendar.Calendar.from_ical(original.data)
    vevent = calendar.events[0]
    del vevent["UID"]
    vevent.add("UID", "copy-of-tempo@phone.example")
    href = f"{url.replace(phone.proxied, phone.direct)}copy-of-tempo.ics"
    answer = phone.client.put(href, calendar.to_ical().decode(), {"Content-Type": "text/calendar"})
    assert answer.status == 201
    result = caldav_pusher(events)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    result = caldav_pusher([e for e in events if e is not events[2]])
    assert result.deleted == 1
    kept = phone.events(url)["copy-of-tempo@phone.example"].vevent
    assert TAG_PLAN in kept and str(kept["SUMMARY"]) == events[2].summary


def test_a_server_answering_cut_off_xml_is_a_remote_error(
    caldav_pusher: Pusher, proxy: FaultProxy
) -> None:
    from runlift.errors import RemoteError
    from tests.publish.caldav_servers import CUT_XML

    events = weeks_of_events(UUID, 1)
    caldav_pusher(events)
    proxy.faults.methods = frozenset({"REPORT", "PROPFIND"})
    proxy.faults.queued.extend([CUT_XML] * 4)
    with pytest.raises(RemoteError, match="broken XML"):
        caldav_pusher(events)
