"""User edits, stored as a list keyed by session id and replayed onto a fresh plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from runlift.plan.model import Slot


@dataclass(frozen=True)
class Edit:
    """One user edit. ``op`` is move, skip, restore, swap, distance, minutes or lock."""

    op: str
    session_id: str
    date: date | None = None
    slot: Slot | None = None
    other_id: str | None = None  # swap
    value: float | None = None  # distance (km) or minutes
