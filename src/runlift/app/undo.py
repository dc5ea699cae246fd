"""Undo/redo: every change of the document is one QUndoCommand holding the before and after.

Documents are frozen values, so a command just swaps one for the other: undoing a move restores
the previous edits list exactly, and the plan is rebuilt from it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from runlift.storage.document import Document

SETTINGS_MERGE_ID = 1  # consecutive settings changes (typing in one field) undo together


class DocumentCommand(QUndoCommand):
    """Replace the document by ``after``; undo puts ``before`` back."""

    def __init__(
        self,
        apply: Callable[[Document], None],
        before: Document,
        after: Document,
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
        """Typing ``42`` into one field is one undo step, not two."""
        if not isinstance(other, DocumentCommand) or other._merge_field != self._merge_field:
            return False
        self.after = other.after
        return True
