"""One push loop for every calendar: find the calendar, list our events, diff, write, keep.

Google Calendar and CalDAV differ in how they find or make the plan's calendar, list our
events and send a write; the order of a push, what a dry run leaves alone, when the document
is saved and how refused writes are reported are the same, and live here. A target says its
part through ``PushTarget``; ``run_push`` does the rest.

The document is saved (``save``) whenever what it remembers changes, before the next write
goes out, and again after the writes whether they finished, failed or were cancelled: an
interrupted push leaves a document the next push finishes from, with nothing duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from runlift.errors import PublishError
from runlift.plan.edits.words import id_words
from runlift.publish.events import CalendarEvent, event_words
from runlift.publish.sync.diff import PushResult, SyncPlan
from runlift.storage.document import Document, update_document

if TYPE_CHECKING:
    from runlift.publish.ics import SavedPlan

Progress = Callable[[int, int], None]


class Writes(Protocol):
    """A target's writes under way: ``apply`` sends them (CancelledError when stopped)."""

    @property
    def failures(self) -> Sequence[tuple[str, Exception]]:
        """Session id → why the calendar refused its write."""

    def apply(self) -> None: ...


class PushTarget(Protocol):
    """What one kind of calendar does in a push; ``run_push`` calls these in order."""

    @property
    def requests(self) -> int:
        """HTTP requests sent so far."""

    @property
    def calendar_created(self) -> bool:
        """Whether this push made the plan's calendar."""

    def open_calendar(self, doc: Document, dry_run: bool) -> tuple[Document, str | None]:
        """The document remembering the plan's calendar, and that calendar (None: a dry run
        found none to list, or none could be made)."""

    def changes(
        self, doc: Document, calendar: str | None, events: Sequence[CalendarEvent]
    ) -> SyncPlan:
        """List our events on ``calendar`` and diff them against ``events``."""

    def before_writes(self, doc: Document) -> Document:
        """The document with what the writes rely on (ids, SEQUENCE numbers) remembered."""

    def writes(self, doc: Document, calendar: str, plan: SyncPlan, progress: Progress) -> Writes:
        """The plan's writes, ready to send."""

    def after_writes(self, doc: Document, writes: Writes) -> Document:
        """The document with what the writes that went out changed remembered."""

    def refused(self, session: str, more: int, error: Exception) -> PublishError:
        """The error a push ends with when the calendar refused some writes (``session``: the
        first refused, in words)."""


def run_push(
    target: PushTarget,
    doc: Document,
    events: Sequence[CalendarEvent],
    *,
    dry_run: bool,
    progress: Progress | None = None,
    save: Callable[[Document], None] | None = None,
) -> PushResult:
    """Make the target's calendar for ``doc`` hold exactly ``events`` (or say what it would
    do, for a dry run, which writes nothing and saves nothing)."""
    kept = [doc]

    def keep(changed: Document) -> Document:
        if changed != kept[0] and not dry_run and save is not None:
            save(changed)
        kept[0] = changed
        return changed

    doc, calendar = target.open_calendar(doc, dry_run)
    doc = keep(doc)
    plan = target.changes(doc, calendar, events)
    if not dry_run and calendar is not None:
        doc = keep(target.before_writes(doc))
        writes = target.writes(doc, calendar, plan, progress or _quiet)
        try:
            writes.apply()
        finally:  # finished, refused or cancelled: what went out is remembered
            doc = keep(target.after_writes(doc, writes))
        if writes.failures:
            session_id, error = writes.failures[0]
            named = {event.session_id: event_words(event) for event in events}
            words = named.get(session_id) or id_words(session_id)
            raise target.refused(words, len(writes.failures) - 1, error)
    return PushResult.of(
        plan, doc, target.requests, calendar_created=target.calendar_created, dry_run=dry_run
    )


def push_saved(
    path: Path,
    now: datetime | None,
    merge: Callable[[Document], Callable[[Document], Document]],
    push: Callable[[SavedPlan, Callable[[Document], None]], PushResult],
) -> PushResult:
    """Push the plan saved at ``path``: what the push remembers goes into the file as it is
    then (``merge``), so an edit another program saved meanwhile is kept."""
    from runlift.publish.ics import saved_plan

    def save(changed: Document) -> None:
        update_document(path, merge(changed))

    return push(saved_plan(path, now), save)


def more_words(more: int) -> str:
    """`` (and 3 more)`` after the first refused session, or nothing."""
    return f" (and {more} more)" if more else ""


def _quiet(done: int, total: int) -> None:
    del done, total
