"""The calendar object a CalDAV push writes, and how a copy read back is compared with it."""

from __future__ import annotations

import icalendar
import pytest

from runlift.plan.settings_io import settings_from_dict
from runlift.publish.caldav.copies import TAG_HASH, TAG_PLAN, read_copy, shown_of, shown_text
from runlift.publish.caldav.writes import event_resource
from runlift.publish.events import EventOptions, to_events
from runlift.publish.ics import document_plan, publish_records
from runlift.storage.document import Document
from tests.plan.strategies import REFERENCE
from tests.publish.caldav_fixtures import NOW, UUID

OPTIONS = [EventOptions(), EventOptions(include_rest=True, alarm_minutes=30, all_day=True)]


@pytest.mark.parametrize("options", OPTIONS, ids=["timed", "all-day-rest-alarms"])
def test_what_we_write_reads_back_as_shown_and_as_ours(options: EventOptions) -> None:
    doc = Document(UUID, "Plan", settings_from_dict(REFERENCE))
    events = to_events(document_plan(doc, NOW), UUID, options)
    records = publish_records(events, {}, NOW)
    for event in events:
        body = event_resource(event, records[event.session_id], UUID)
        vevent = icalendar.Calendar.from_ical(body).events[0]
        assert (str(vevent[TAG_PLAN]), str(vevent[TAG_HASH])) == (UUID, "c1:" + event.content_hash)
        copy = read_copy("/cal/x.ics", '"1"', body.decode(), UUID)
        assert copy is not None and copy.uid == event.uid
        # the shortcut a push takes for its own events equals a parse of what it wrote
        assert copy.shown == shown_of(event, records[event.session_id])


def test_an_event_of_another_plan_or_a_hand_made_one_is_not_ours() -> None:
    doc = Document(UUID, "Plan", settings_from_dict(REFERENCE))
    event = to_events(document_plan(doc, NOW), UUID)[0]
    body = event_resource(event, publish_records([event], {}, NOW)[event.session_id], UUID)
    assert read_copy("/x.ics", "", body.decode(), "another-plan") is None
    hand_made = body.decode().replace(f"{TAG_PLAN}:{UUID}\r\n", "")
    assert read_copy("/x.ics", "", hand_made, UUID) is None
    assert read_copy("/x.ics", "", "not a calendar", UUID) is None


def test_a_change_another_app_makes_shows() -> None:
    doc = Document(UUID, "Plan", settings_from_dict(REFERENCE))
    event = to_events(document_plan(doc, NOW), UUID)[0]
    record = publish_records([event], {}, NOW)[event.session_id]
    calendar = icalendar.Calendar.from_ical(event_resource(event, record, UUID))
    calendar.events[0]["SUMMARY"] = "Coffee instead"
    assert shown_text(calendar.events[0]) != shown_of(event, record)
