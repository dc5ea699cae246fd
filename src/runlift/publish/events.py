"""Plan → calendar events: the one identity scheme, times in the runner's zone, the text.

(Type below is the contract other layers use; the conversion follows.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar event for one session, the same for every output."""

    session_id: str  # e.g. "w-03.long"
    uid: str  # session id + "@" + plan uuid
    google_id: str  # 32 lowercase hex chars of uuid5(namespace, uid)
    summary: str
    description: str
    start: datetime | date  # aware datetime in the runner's zone, or a date when all-day
    end: datetime | date  # exclusive end for all-day events
    timezone: str  # IANA name
    kind: str  # Kind value: "long", "strength", …
    categories: tuple[str, ...]
    color: str  # "#RRGGBB" per kind
    transparent: bool  # rest days: does not block time
    content_hash: str  # hex digest of everything above that a calendar shows

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)
