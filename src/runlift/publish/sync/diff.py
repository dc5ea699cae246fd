"""Desired events vs the events a calendar reports as ours → what to create, update, delete.

Pure and target-independent: Google Calendar and CalDAV use the same diff (one diff, two
remotes). The caller says how
a desired event is keyed on the target (``remote_id``: the Google event id, the iCalendar
UID, …) and lists only the remote events that carry its own tag, so a calendar's other
events never reach this module and can never be changed or deleted by a sync.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from runlift.plan.edits.words import id_words
from runlift.publish.events import CalendarEvent, event_words
from runlift.storage.document import Document
from runlift.text import one_line


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    UNCHANGED = "unchanged"


class Reason(StrEnum):
    """Why a step was chosen, in words a runner reads in a dry run."""

    NEW = "new in the plan"
    CHANGED = "changed in the plan"
    RESTORE = "deleted in the calendar but still in the plan"
    EDITED = "changed in the calendar by another app; put back to the plan"
    REMOVED = "no longer in the plan"
    SAME = "unchanged"


@dataclass(frozen=True)
class RemoteEvent:
    """One of our events as the target reports it."""

    id: str
    content_hash: str | None  # from our private tag; None when missing or from an older format
    cancelled: bool = False
    session_id: str | None = None
    edited: bool = False  # what the calendar shows differs from what we wrote (another app)


@dataclass(frozen=True)
class SyncStep:
    action: Action
    reason: Reason
    remote_id: str
    event: CalendarEvent | None  # None for a delete
    remote: RemoteEvent | None  # None for a create

    @property
    def session_id(self) -> str:
        if self.event is not None:
            return self.event.session_id
        return (self.remote.session_id if self.remote else None) or self.remote_id


def step_words(step: SyncStep) -> str:
    """The session a step writes, as a runner names it (``Long run 14 km, Sun 3 Jan``); one
    that left the plan by what it was (``the long run 3 weeks before race week``)."""
    if step.event is not None:
        return event_words(step.event)
    return id_words(step.session_id)


@dataclass(frozen=True)
class SyncPlan:
    """Every step of one sync, creates first, then updates, deletes and unchanged events."""

    steps: tuple[SyncStep, ...]

    def of(self, action: Action) -> tuple[SyncStep, ...]:
        return tuple(step for step in self.steps if step.action is action)

    @property
    def writes(self) -> tuple[SyncStep, ...]:
        """The steps that change the calendar."""
        return tuple(step for step in self.steps if step.action is not Action.UNCHANGED)

    def counts(self) -> dict[Action, int]:
        return {action: len(self.of(action)) for action in Action}


@dataclass(frozen=True)
class PushResult:
    """What one push (or dry run) to a calendar did."""

    created: int
    updated: int
    deleted: int
    unchanged: int
    requests: int  # HTTP requests sent (a Google batch counts once)
    plan: SyncPlan
    document: Document
    calendar_created: bool = False
    dry_run: bool = False

    @classmethod
    def of(cls, plan: SyncPlan, document: Document, requests: int, **flags: bool) -> PushResult:
        counts = plan.counts()
        return cls(
            created=counts[Action.CREATE],
            updated=counts[Action.UPDATE],
            deleted=counts[Action.DELETE],
            unchanged=counts[Action.UNCHANGED],
            requests=requests,
            plan=plan,
            document=document,
            **flags,
        )


def calendar_summary(doc: Document) -> str:
    """The name of the calendar a plan is pushed to."""
    return f"RunLift – {one_line(doc.name) or 'training plan'}"


def _by_uid(event: CalendarEvent) -> str:
    return event.uid


def diff(
    desired: Sequence[CalendarEvent],
    remote: Mapping[str, RemoteEvent],
    *,
    remote_id: Callable[[CalendarEvent], str] = _by_uid,
) -> SyncPlan:
    """The steps that make the target hold exactly ``desired``.

    ``remote`` maps the target's id of each of our events (cancelled ones included) to what
    the target reports; ``remote_id`` gives the id a desired event has on the target.
    """
    keyed = _keyed(desired, remote_id)
    steps = [_step_for(key, event, remote.get(key)) for key, event in keyed.items()]
    steps += [
        SyncStep(Action.DELETE, Reason.REMOVED, key, None, found)
        for key, found in remote.items()
        if key not in keyed and not found.cancelled  # a cancelled event is already gone
    ]
    order = list(Action)
    steps.sort(key=lambda step: (order.index(step.action), step.session_id, step.remote_id))
    return SyncPlan(tuple(steps))


def _keyed(
    desired: Sequence[CalendarEvent], remote_id: Callable[[CalendarEvent], str]
) -> dict[str, CalendarEvent]:
    keyed: dict[str, CalendarEvent] = {}
    for event in desired:
        key = remote_id(event)
        if key in keyed:
            raise ValueError(f"two events share the id {key!r}")
        keyed[key] = event
    return keyed


def _step_for(key: str, event: CalendarEvent, found: RemoteEvent | None) -> SyncStep:
    if found is None:
        return SyncStep(Action.CREATE, Reason.NEW, key, event, None)
    if found.cancelled:
        return SyncStep(Action.UPDATE, Reason.RESTORE, key, event, found)
    if found.content_hash != event.content_hash:
        return SyncStep(Action.UPDATE, Reason.CHANGED, key, event, found)
    if found.edited:
        return SyncStep(Action.UPDATE, Reason.EDITED, key, event, found)
    return SyncStep(Action.UNCHANGED, Reason.SAME, key, event, found)
