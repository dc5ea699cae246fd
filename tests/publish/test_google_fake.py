"""The fake Google Calendar behaves as Google documents it, driven by the real client library."""

from __future__ import annotations

from typing import Any

import httplib2
import pytest
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from tests.publish.fake_google import DROP, RATE_LIMIT, SERVER_ERROR, TOO_MANY, FakeGoogle

START = {"dateTime": "2027-01-04T07:00:00+01:00", "timeZone": "Europe/Berlin"}
END = {"dateTime": "2027-01-04T08:00:00+01:00", "timeZone": "Europe/Berlin"}


@pytest.fixture
def service(fake: FakeGoogle) -> Any:
    return build(
        "calendar",
        "v3",
        http=httplib2.Http(timeout=10),
        static_discovery=True,
        client_options={"api_endpoint": fake.root + "calendar/v3/"},
    )


@pytest.fixture
def calendar(service: Any) -> str:
    body = {"summary": "RunLift – test", "timeZone": "Europe/Berlin"}
    return str(service.calendars().insert(body=body).execute()["id"])


def _body(event_id: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"summary": "Easy run", "start": START, "end": END, **extra}
    if event_id:
        body["id"] = event_id
    return body


def _status(call: Any) -> int:
    with pytest.raises(HttpError) as caught:
        call.execute()
    return int(caught.value.resp.status)


def test_calendars_insert_get_delete(fake: FakeGoogle, service: Any, calendar: str) -> None:
    got = service.calendars().get(calendarId=calendar).execute()
    assert (got["summary"], got["timeZone"]) == ("RunLift – test", "Europe/Berlin")
    service.calendars().delete(calendarId=calendar).execute()
    assert _status(service.calendars().get(calendarId=calendar)) == 404
    assert _status(service.events().list(calendarId=calendar)) == 404


@pytest.mark.parametrize("bad", ["abcd", "ABCDE12345", "wxyz12345", "a" * 1025, "abc-12345"])
def test_event_ids_outside_base32hex_or_5_to_1024_are_refused(
    service: Any, calendar: str, bad: str
) -> None:
    assert _status(service.events().insert(calendarId=calendar, body=_body(bad))) == 400


def test_ids_at_the_limits_are_accepted(service: Any, calendar: str) -> None:
    for good in ("a0v9b", "v" * 1024):
        inserted = service.events().insert(calendarId=calendar, body=_body(good)).execute()
        assert inserted["id"] == good


def test_an_existing_or_deleted_id_answers_409(service: Any, calendar: str) -> None:
    events = service.events()
    events.insert(calendarId=calendar, body=_body("abcde12345")).execute()
    assert _status(events.insert(calendarId=calendar, body=_body("abcde12345"))) == 409
    events.delete(calendarId=calendar, eventId="abcde12345").execute()
    assert _status(events.insert(calendarId=calendar, body=_body("abcde12345"))) == 409


def test_deleting_twice_answers_410_and_the_event_is_kept_cancelled(
    service: Any, calendar: str
) -> None:
    events = service.events()
    events.insert(calendarId=calendar, body=_body("abcde12345")).execute()
    events.delete(calendarId=calendar, eventId="abcde12345").execute()
    assert _status(events.delete(calendarId=calendar, eventId="abcde12345")) == 410
    kept = events.get(calendarId=calendar, eventId="abcde12345").execute()
    assert kept["status"] == "cancelled"
    assert events.list(calendarId=calendar).execute()["items"] == []
    shown = events.list(calendarId=calendar, showDeleted=True).execute()["items"]
    assert [(e["id"], e["status"]) for e in shown] == [("abcde12345", "cancelled")]


def test_update_restores_a_cancelled_event_and_patch_merges(service: Any, calendar: str) -> None:
    events = service.events()
    events.insert(calendarId=calendar, body=_body("abcde12345")).execute()
    events.delete(calendarId=calendar, eventId="abcde12345").execute()
    body = _body(status="confirmed", summary="Long run")
    restored = events.update(calendarId=calendar, eventId="abcde12345", body=body).execute()
    assert (restored["status"], restored["summary"]) == ("confirmed", "Long run")
    patched = events.patch(
        calendarId=calendar, eventId="abcde12345", body={"description": "14 km"}
    ).execute()
    assert (patched["summary"], patched["description"]) == ("Long run", "14 km")
    assert _status(events.update(calendarId=calendar, eventId="nothere1", body=body)) == 404


def test_an_empty_time_range_is_refused(service: Any, calendar: str) -> None:
    body = {"summary": "x", "start": END, "end": START}
    assert _status(service.events().insert(calendarId=calendar, body=body)) == 400


def test_listing_pages_and_filters_on_the_private_property(service: Any, calendar: str) -> None:
    events = service.events()
    for index in range(7):
        tag = "ours" if index % 2 == 0 else "theirs"
        private = {"extendedProperties": {"private": {"owner": tag}}}
        events.insert(calendarId=calendar, body=_body(f"event{index:05d}", **private)).execute()
    request = events.list(calendarId=calendar, privateExtendedProperty="owner=ours", maxResults=2)
    pages: list[list[str]] = []
    while request is not None:
        page = request.execute()
        pages.append([item["id"] for item in page["items"]])
        request = events.list_next(request, page)
    assert pages == [["event00000", "event00002"], ["event00004", "event00006"]]


def _batch(fake: FakeGoogle, service: Any, calls: list[Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    batch = BatchHttpRequest(batch_uri=fake.root + "batch/calendar/v3")
    for index, call in enumerate(calls):
        batch.add(call, callback=lambda rid, resp, err: answers.update({rid: err or resp}))
        del index
    batch.execute()
    return answers


def test_a_batch_answers_each_call_on_its_own(
    fake: FakeGoogle, service: Any, calendar: str
) -> None:
    events = service.events()
    calls = [
        events.insert(calendarId=calendar, body=_body("batch00001")),
        events.insert(calendarId=calendar, body=_body("bad")),
        events.delete(calendarId=calendar, eventId="batch00009"),
    ]
    before = fake.requests
    answers = _batch(fake, service, calls)
    assert fake.requests - before == 1
    assert answers["1"]["id"] == "batch00001"
    assert answers["2"].resp.status == 400
    assert answers["3"].resp.status == 404


def test_a_batch_of_more_than_50_calls_is_refused(
    fake: FakeGoogle, service: Any, calendar: str
) -> None:
    events = service.events()
    calls = [events.insert(calendarId=calendar, body=_body(f"many{i:05d}")) for i in range(51)]
    with pytest.raises(HttpError) as caught:
        _batch(fake, service, calls)
    assert caught.value.resp.status == 400
    assert fake.live_events(calendar) == {}


def test_injected_call_faults_answer_with_googles_errors(
    fake: FakeGoogle, service: Any, calendar: str
) -> None:
    fake.call_faults.extend([TOO_MANY, SERVER_ERROR, RATE_LIMIT])
    seen = []
    for _ in range(3):
        with pytest.raises(HttpError) as caught:
            service.events().insert(calendarId=calendar, body=_body("fault0001")).execute()
        seen.append((caught.value.resp.status, caught.value.error_details[0]["reason"]))
    assert seen == [(429, "rateLimitExceeded"), (500, "backendError"), (403, "rateLimitExceeded")]
    assert fake.live_events(calendar) == {}


def test_a_dropped_batch_did_half_of_its_calls_and_answered_nothing(
    fake: FakeGoogle, service: Any, calendar: str
) -> None:
    events = service.events()
    calls = [events.insert(calendarId=calendar, body=_body(f"drop{i:05d}")) for i in range(4)]
    fake.request_faults.extend([DROP, DROP])  # httplib2 sends a dropped request once more
    with pytest.raises((OSError, httplib2.HttpLib2Error, ConnectionError)):
        _batch(fake, service, calls)
    assert sorted(fake.live_events(calendar)) == ["drop00000", "drop00001"]
