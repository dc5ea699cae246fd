"""What the CalDAV tests share: a real Radicale, the proxy, a pusher, and a look at the server
through the real ``caldav`` client (as another calendar app would see it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient

from runlift.plan.model import Settings
from runlift.publish.caldav.account import CalDavAccount, Connection
from runlift.publish.caldav.push import push
from runlift.publish.events import CalendarEvent
from runlift.publish.sync.diff import PushResult
from runlift.storage.document import Document
from tests.publish.caldav_servers import (
    PASSWORD,
    USER,
    FaultProxy,
    Radicale,
    fault_proxy,
    running_radicale,
)

UUID = "0b6f3c9e-1d2a-4c5b-8e7f-a1b2c3d4e5f6"
NOW = datetime(2027, 1, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    with running_radicale(tmp_path) as server:
        yield server


@pytest.fixture
def proxy(radicale: Radicale) -> Iterator[FaultProxy]:
    with fault_proxy(radicale) as server:
        yield server


def connection_to(url: str, password: str = PASSWORD) -> Connection:
    # "basic" as a login learns it: a push then sends no request just to be challenged
    return Connection(CalDavAccount(url, USER, "other", "basic"), password)


@dataclass
class Pusher:
    """Pushes like the app does (through the proxy) and keeps what it saved and slept."""

    doc: Document
    url: str
    saved: list[Document] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    def __call__(self, events: list[CalendarEvent], **options: Any) -> PushResult:
        options.setdefault("now", NOW)
        result = push(
            self.doc,
            events,
            connection=connection_to(self.url),
            save=self._save,
            sleep=self.sleeps.append,
            **options,
        )
        self.doc = result.document
        return result

    def _save(self, doc: Document) -> None:
        self.saved.append(doc)
        self.doc = doc


def new_doc() -> Document:
    return Document(UUID, "Berlin Marathon", Settings(timezone="Europe/Berlin"))


@pytest.fixture
def caldav_pusher(proxy: FaultProxy) -> Pusher:
    return Pusher(new_doc(), proxy.url)


@pytest.fixture
def phone(radicale: Radicale, proxy: FaultProxy) -> Phone:
    return Phone(radicale, proxy)


@dataclass(frozen=True)
class Stored:
    href: str
    etag: str
    data: str

    @property
    def vevent(self) -> icalendar.Event:
        return icalendar.Calendar.from_ical(self.data).events[0]


class Phone:
    """Another calendar app on the same account, straight to Radicale (no faults)."""

    def __init__(self, radicale: Radicale, proxy: FaultProxy) -> None:
        self.client = DAVClient(url=radicale.url, username=USER, password=PASSWORD)
        self.direct, self.proxied = radicale.url, proxy.url

    def calendar(self, url: str) -> Calendar:
        """The calendar at ``url`` (an address RunLift knows, through the proxy)."""
        return Calendar(client=self.client, url=url.replace(self.proxied, self.direct))

    def events(self, url: str) -> dict[str, Stored]:
        """UID → what the server holds, every event of the calendar (ours and the runner's)."""
        found: dict[str, Stored] = {}
        url = url.replace(self.proxied, self.direct)
        for event in self.calendar(url).get_events():
            response = self.client.request(str(event.url), "GET", "")
            stored = Stored(str(event.url), str(response.headers["ETag"]), str(response.raw))
            uid = str(stored.vevent["UID"])
            assert uid not in found, f"two events hold {uid}"
            found[uid] = stored
        return found

    def add_own_event(self, url: str, uid: str = "dentist@phone.example") -> Stored:
        """An event the runner made by hand in the same calendar."""
        body = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20270101T080000Z\r\nDTSTART:20270105T150000Z\r\n"
            "DTEND:20270105T160000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        href = f"{url.replace(self.proxied, self.direct)}{uid.split('@')[0]}.ics"
        answer = self.client.put(
            href, body, {"Content-Type": "text/calendar", "If-None-Match": "*"}
        )
        assert answer.status == 201
        return self.events(url)[uid]

    def edit(self, stored: Stored, **changes: str) -> None:
        """Change properties of an event as another app would (keeping what it does not know)."""
        calendar = icalendar.Calendar.from_ical(stored.data)
        vevent = calendar.events[0]
        for name, value in changes.items():
            del vevent[name]
            vevent.add(name, value)
        headers = {"Content-Type": "text/calendar", "If-Match": stored.etag}
        answer = self.client.put(stored.href, calendar.to_ical().decode(), headers)
        assert answer.status in (201, 204)

    def delete(self, href: str) -> None:
        assert self.client.delete(href.replace(self.proxied, self.direct)).status in (200, 204)
