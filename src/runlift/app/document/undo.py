"""Undo/redo of plan content only: every step holds the settings and edits before and after.

Publish records, the feed token and the Google ids are facts about the outside world, not plan
content: undo must never bring back a revoked feed address or forget a Google calendar (a push
after that would make a second calendar), so a command swaps ``(settings, edits)`` and nothing
else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from runlift.plan.edits.record import Edit
from runlift.plan.model import Settings

SETTINGS_MERGE_ID = 1  # consecutive settings changes (typing in one field) undo together


@dataclass(frozen=True)
class Content:
    """The part of a document that undo restores."""

    settings: Settings
    edits: tuple[Edit, ...]


class DocumentCommand(QUndoCommand):
    """Put ``after`` in force; undo puts ``before`` back."""

    def __init__(
        self,
        apply: Callable[[Content], None],
        before: Content,
        after: Content,
        text: str,
        merge_field: str | None = None,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self._merge_field = merge_field

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def id(self) -> int:
        return SETTINGS_MERGE_ID if self._merge_field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing ``42`` into one field is one undo step, not two; typing back is none."""
        if not isinstance(other, DocumentCommand) or other._merge_field != self._merge_field:
            return False
        self.after = other.after
        if self.after == self.before:  # back where it started: nothing left to undo
            self.setObsolete(True)
        return True
