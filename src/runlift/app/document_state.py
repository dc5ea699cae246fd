"""The open document: what is on screen, where it is saved, and whether it changed.

Every change (a settings change, a move, a skip) goes through the undo stack as a whole new
document value; the plan is rebuilt from settings + edits by the plan engine, never here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from runlift.app.undo import DocumentCommand
from runlift.errors import SettingsError
from runlift.plan.edits import Edit, document_today, move_edit, plan_with_edits
from runlift.plan.edits import add_edit as record
from runlift.plan.generate import generate
from runlift.plan.model import Plan, Settings
from runlift.storage.document import Document, load_document, save_document


@dataclass(frozen=True)
class BuiltPlan:
    """The plan for one document, and the edits that no longer applied (reported, not lost)."""

    plan: Plan
    edit_notes: tuple[str, ...] = ()


def build_plan(document: Document, today: date) -> BuiltPlan:
    """Settings + edits → the plan with its rule report; SettingsError for unusable settings."""
    plan_day = document_today(document.settings, today)
    plan, outcomes = plan_with_edits(document.settings, document.edits, plan_day)
    return BuiltPlan(plan, tuple(o.reason for o in outcomes if not o.applied))


class OpenDocument(QObject):
    """The document being edited, its file, its undo stack and its current plan."""

    planChanged = Signal()  # the plan (and its warnings) changed
    stateChanged = Signal()  # name, path or modified flag changed
    editRefused = Signal(str)  # why an edit could not be applied, in the runner's words

    def __init__(self, document: Document, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document = document
        self.path: Path | None = None
        self._changed_outside_undo = False  # publish state, feed token: saved, not undone
        self._built = build_plan(document, today)
        self._cache_key = (document.settings, document.edits)

    # -- reading ---------------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self._built.plan

    @property
    def edit_notes(self) -> tuple[str, ...]:
        return self._built.edit_notes

    @property
    def modified(self) -> bool:
        return self._changed_outside_undo or not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path else (self.document.name or "Untitled")

    # -- whole documents -------------------------------------------------------------------
    def replace(self, document: Document, path: Path | None) -> None:
        """Show another document (New, Open); its plan must build or this raises."""
        built = build_plan(document, self.today)
        self.undo_stack.clear()
        self.document, self.path = document, path
        self._changed_outside_undo = False
        self._remember(built)
        self.planChanged.emit()
        self.stateChanged.emit()

    def open(self, path: Path) -> None:
        """Open a ``.runlift`` file; DocumentError/SettingsError leave the current one shown."""
        self.replace(load_document(path), path)

    def save(self, path: Path) -> None:
        save_document(path, self.document)
        self.path = path
        self._changed_outside_undo = False
        self.undo_stack.setClean()
        self.stateChanged.emit()

    def set_document(self, document: Document) -> None:
        """Replace the document without an undo step (publish state, feed token)."""
        self.document = document
        self._changed_outside_undo = True
        self.stateChanged.emit()

    # -- changes (undoable) ----------------------------------------------------------------
    def change_settings(self, settings: Settings, field: str) -> SettingsError | None:
        """Try new settings: on error nothing changes and the error is returned for the field."""
        after = replace(self.document, settings=settings)
        try:
            built = build_plan(after, self.today)
        except SettingsError as error:
            return error
        self._remember_for(after, built)
        text = f"Change {field.replace('_', ' ')}"
        self._push(after, text, merge_field=field)
        return None

    def add_edit(self, edit: Edit, text: str) -> None:
        """A move, skip, restore or distance change: one undo step; the rules run at once.

        A move remembers where the generator had the session, so it follows its week when the
        race date moves; a restore drops the skip it undoes; a refused edit changes nothing and
        says why.
        """
        settings = self.document.settings
        generated = generate(settings, document_today(settings, self.today))
        if edit.op == "move":
            edit = move_edit(generated, edit.session_id, edit.date, edit.slot)
        edits, outcome = record(generated, self.document.edits, edit)
        if not outcome.applied:
            self.editRefused.emit(outcome.reason)
            return
        self._push(replace(self.document, edits=edits), text)

    # -- internals -------------------------------------------------------------------------
    def _clean_changed(self, _clean: bool) -> None:
        self.stateChanged.emit()

    def _push(self, after: Document, text: str, merge_field: str | None = None) -> None:
        command = DocumentCommand(self._apply, self.document, after, text, merge_field)
        self.undo_stack.push(command)

    def _apply(self, document: Document) -> None:
        self.document = document
        if (document.settings, document.edits) != self._cache_key:
            self._remember(build_plan(document, self.today))
        self.planChanged.emit()

    def _remember_for(self, document: Document, built: BuiltPlan) -> None:
        self._built = built
        self._cache_key = (document.settings, document.edits)

    def _remember(self, built: BuiltPlan) -> None:
        self._remember_for(self.document, built)
