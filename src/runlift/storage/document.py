"""The plan document (``*.runlift``): settings + edits + publish state, saved atomically.

(Types below are the contract other layers use; loading and saving follow.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from runlift.plan.edits import Edit
from runlift.plan.model import Settings

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class PublishRecord:
    """What was last published for one session to one target."""

    content_hash: str
    sequence: int
    modified: datetime  # UTC, whole seconds: DTSTAMP / LAST-MODIFIED of the event


@dataclass(frozen=True)
class Document:
    """Everything a ``.runlift`` file holds."""

    plan_uuid: str
    name: str
    settings: Settings
    edits: tuple[Edit, ...] = ()
    feed_token: str = ""
    # target ("ics", "feed", "busy", "google") → session id → last published record
    publish: dict[str, dict[str, PublishRecord]] = field(default_factory=dict)
    google_calendar_id: str | None = None
    # session id → Google event id, only where Google refused to restore our derived id
    google_event_ids: dict[str, str] = field(default_factory=dict)
