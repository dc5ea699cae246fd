"""The one push loop both calendars run (``publish.sync.push``): its order, what a dry run
leaves alone, when the document is saved, and how refused writes end a push."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pytest

from runlift.errors import CancelledError, PublishError, RemoteError
from runlift.plan.model import Settings
from runlift.publish.events import CalendarEvent
from runlift.publish.sync.diff import RemoteEvent, SyncPlan, diff
from runlift.publish.sync.push import Progress, run_push
from runlift.storage.document import Document
from tests.publish.fake_google import plan_event

UUID = "0f6b3c1e-7f3a-4d43-9d55-2c8a1f1d7b10"


def _events(count: int) -> list[CalendarEvent]:
    start = date(2027, 1, 4)
    return [plan_event(f"w-01.easy-{n}", UUID, start + timedelta(days=n)) for n in range(count)]


@dataclass
class _Writes:
    plan: SyncPlan
    fail: int = 0
    cancel_after: int | None = None
    sent: list[str] = field(default_factory=list)
    failures: list[tuple[str, Exception]] = field(default_factory=list)

    def apply(self) -> None:
        for number, step in enumerate(self.plan.writes):
            if self.cancel_after is not None and number == self.cancel_after:
                raise CancelledError("cancelled")
            if number < self.fail:
                self.failures.append((step.session_id, RemoteError("412")))
            else:
                self.sent.append(step.session_id)


@dataclass
class _Target:
    """A calendar in memory: it says what the loop asked of it, in order."""

    remote: dict[str, RemoteEvent] = field(default_factory=dict)
    exists: bool = False
    fail: int = 0
    cancel_after: int | None = None
    calls: list[str] = field(default_factory=list)
    calendar_created: bool = False
    last: _Writes | None = None

    @property
    def requests(self) -> int:
        return len(self.calls)

    def open_calendar(self, doc: Document, dry_run: bool) -> tuple[Document, str | None]:
        self.calls.append("open")
        if not self.exists and not dry_run:
            self.exists = self.calendar_created = True
        return (replace(doc, google_calendar_id="cal"), "cal") if self.exists else (doc, None)

    def changes(
        self, doc: Document, calendar: str | None, events: Sequence[CalendarEvent]
    ) -> SyncPlan:
        self.calls.append("list")
        return diff(events, self.remote if calendar else {})

    def before_writes(self, doc: Document) -> Document:
        self.calls.append("before")
        return replace(doc, google_event_ids={"w-01.easy-0": "kept-before"})

    def writes(self, doc: Document, calendar: str, plan: SyncPlan, progress: Progress) -> _Writes:
        self.calls.append("writes")
        self.last = _Writes(plan, self.fail, self.cancel_after)
        return self.last

    def after_writes(self, doc: Document, writes: object) -> Document:
        self.calls.append("after")
        assert isinstance(writes, _Writes)
        return replace(doc, publish={"google": {}} if writes.sent else {})

    def refused(self, session_id: str, more: int, error: Exception) -> PublishError:
        return RemoteError(f"refused {session_id} (+{more}): {error}")


def _doc() -> Document:
    return Document(UUID, "Berlin Marathon", Settings(timezone="Europe/Berlin"))


def test_a_push_opens_lists_writes_and_keeps_in_that_order() -> None:
    target, saved = _Target(), []
    result = run_push(target, _doc(), _events(3), dry_run=False, save=saved.append)
    assert target.calls == ["open", "list", "before", "writes", "after"]
    assert result.created == 3 and result.calendar_created
    assert target.last is not None and len(target.last.sent) == 3
    # saved when the calendar was made, before the writes, and after them: each a change
    assert [doc.google_calendar_id for doc in saved] == ["cal", "cal", "cal"]
    assert saved[1].google_event_ids and saved[2].publish == {"google": {}}
    assert result.document == saved[-1]


def test_a_dry_run_writes_nothing_and_saves_nothing() -> None:
    target, saved = _Target(), []
    result = run_push(target, _doc(), _events(3), dry_run=True, save=saved.append)
    assert target.calls == ["open", "list"]
    assert saved == [] and result.dry_run and result.created == 3
    assert not result.calendar_created


def test_nothing_unchanged_is_saved_again() -> None:
    events = _events(2)
    remote = {e.uid: RemoteEvent(e.uid, e.content_hash, session_id=e.session_id) for e in events}
    target, saved = _Target(remote=remote, exists=True), []
    doc = replace(_doc(), google_calendar_id="cal", google_event_ids={"w-01.easy-0": "kept-before"})
    result = run_push(target, doc, events, dry_run=False, save=saved.append)
    assert result.unchanged == 2 and saved == []  # nothing the document remembers changed


def test_a_cancelled_push_still_keeps_what_went_out() -> None:
    target, saved = _Target(cancel_after=2), []
    with pytest.raises(CancelledError):
        run_push(target, _doc(), _events(4), dry_run=False, save=saved.append)
    assert target.calls[-1] == "after"
    assert saved[-1].publish == {"google": {}}  # the two writes sent are remembered


def test_refused_writes_end_the_push_with_the_first_and_how_many_more() -> None:
    target = _Target(fail=3)
    events = _events(5)
    first = f"{events[0].summary}, Mon 4 Jan"  # named as the runner knows it, not by its id
    with pytest.raises(RemoteError, match=rf"refused {first} \(\+2\): 412"):
        run_push(target, _doc(), events, dry_run=False)
    assert target.last is not None and len(target.last.sent) == 2
