"""The open document: what is on screen, where it is saved, and whether it changed.

Every change of plan content (a settings change, a move, a skip) goes through the undo stack as
its settings and edits; what was published (feed token, Google ids, publish records) is kept
outside undo. The plan is rebuilt from settings + edits by the plan engine, never here.

Other programs may save the same file (DESIGN.md "Many writers, one document"): the document
remembers the file as it last read or saved it, so a save lays only the window's own changes
over the file as it is now, and a change noticed on disk comes in as one undo step.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from runlift.app.document.undo import Content, DocumentCommand
from runlift.errors import DocumentError, SettingsError
from runlift.plan.edits.apply import add_edit as record
from runlift.plan.edits.apply import document_today, move_edit, plan_with_edits
from runlift.plan.edits.record import Edit
from runlift.plan.generate import Draft, draft_plan
from runlift.plan.model import Plan, Settings
from runlift.storage.document import Document, load_document, save_document
from runlift.storage.merge import merge_changes

FROM_DISK = "Changes saved by another program"


@dataclass(frozen=True)
class BuiltPlan:
    """The plan for one document, and the edits that no longer applied (reported, not lost)."""

    plan: Plan
    edit_notes: tuple[str, ...] = ()


def build_plan(document: Document, today: date, draft: Draft | None = None) -> BuiltPlan:
    """Settings + edits → the plan with its rule report; SettingsError for unusable settings.

    ``draft`` is the generated plan for these settings when the caller has made it already.
    """
    plan_day = document_today(document.settings, today)
    plan, outcomes = plan_with_edits(document.settings, document.edits, plan_day, draft=draft)
    return BuiltPlan(plan, tuple(o.reason for o in outcomes if not o.applied))


def content_of(document: Document) -> Content:
    return Content(document.settings, document.edits)


class OpenDocument(QObject):
    """The document being edited, its file, its undo stack and its current plan."""

    planChanged = Signal()  # the plan (and its warnings) changed
    stateChanged = Signal()  # name, path or modified flag changed
    editRefused = Signal(str)  # why an edit could not be applied, in the runner's words
    documentReplaced = Signal()  # New or Open: another plan (and maybe file) is shown
    changedOnDisk = Signal(str)  # another program saved the file: what came in, in words

    def __init__(
        self,
        document: Document,
        today: date,
        parent: QObject | None = None,
        built: BuiltPlan | None = None,
    ) -> None:
        """``built`` is this document's plan for ``today`` when the caller has built it."""
        super().__init__(parent)
        self.today = today
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document = document
        self._path: Path | None = None
        self._on_disk: Document | None = None  # the file as last read or saved: merge base
        self._changed_outside_undo = False  # publish state, feed token: saved, not undone
        self._built = built or build_plan(document, today)
        self._cache_key = content_of(document)
        self._prepared: tuple[Content, BuiltPlan] | None = None  # built before its push

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
    def path(self) -> Path | None:
        return self._path

    @path.setter
    def path(self, path: Path | None) -> None:
        """The file the document on screen was read from (or is now saved to)."""
        self._path = path
        self._on_disk = self.document if path is not None else None

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path else (self.document.name or "Untitled")

    # -- whole documents -------------------------------------------------------------------
    def replace(self, document: Document, path: Path | None) -> None:
        """Show another document (New, Open); its plan must build or this raises."""
        built = build_plan(document, self.today)
        self.undo_stack.clear()
        self.document = document
        self.path = path
        self._changed_outside_undo = False
        self._remember(built)
        self.documentReplaced.emit()
        self.planChanged.emit()
        self.stateChanged.emit()

    def open(self, path: Path) -> None:
        """Open a ``.runlift`` file; DocumentError/SettingsError leave the current one shown."""
        self.replace(load_document(path), path)

    def save(self, path: Path) -> None:
        """Save this window's changes into the file as it is on disk, under its lock.

        What others saved there meanwhile (CLI edits, a feed's or a push's publish state) is
        kept and comes into the window as one undo step. An unreadable old file has nothing to
        keep: it is replaced (and kept as .bak). A read-only file raises ReadOnlyDocumentError.
        """
        base = self._on_disk if path == self._path else None
        notes: list[str] = []

        def merge(mine: Document, on_disk: Document) -> Document:
            merged = merge_changes(base, mine, on_disk)
            notes[:] = merged.conflicts
            return merged.document

        saved = save_document(path, self.document, merge=merge)
        self._take_in(saved)
        self.path = path  # the base of the next merge is what was just saved
        self._changed_outside_undo = False
        self.undo_stack.setClean()
        self.stateChanged.emit()
        if notes:
            self.changedOnDisk.emit(f"Saved {path.name}; " + "; ".join(notes) + ".")

    def reload_from_disk(self) -> bool:
        """Take in what another program saved to this document's file; True if anything came.

        Unsaved changes stay (and stay unsaved); where both changed the same thing, the
        window's change wins and the note says so. A file that cannot be read right now (or
        whose plan no longer builds) is left for the next look.
        """
        if self._path is None or self._on_disk is None:
            return False
        with contextlib.suppress(DocumentError):
            on_disk = load_document(self._path)
            if on_disk == self._on_disk:
                return False  # our own save, or a rewrite that changed nothing
            was_modified = self.modified
            merged = merge_changes(self._on_disk, self.document, on_disk)
            content_changed = content_of(merged.document) != content_of(self.document)
            try:
                self._take_in(merged.document)
            except SettingsError as error:
                self.changedOnDisk.emit(f"{self._path.name} was changed elsewhere: {error}")
                return False
            self._on_disk = on_disk
            if not was_modified:
                self._changed_outside_undo = False
                self.undo_stack.setClean()
            if content_changed or merged.conflicts:  # publish state alone is no news
                note = f"{self._path.name} was changed by another program; its changes are shown"
                self.changedOnDisk.emit("; ".join((note, *merged.conflicts)) + ".")
            self.stateChanged.emit()
            return True
        return False

    def _take_in(self, document: Document) -> None:
        """``document``'s publish state as is; its plan content as one undo step, if new."""
        content = content_of(document)
        if content != content_of(self.document):
            built = build_plan(document, self.today)  # SettingsError: nothing changes
            self._prepared = (content, built)
            self.document = replace(document, settings=self.document.settings,
                                    edits=self.document.edits)  # fmt: skip
            self._push(content, FROM_DISK)
        else:
            self.document = document

    def set_document(self, document: Document, modified: bool = True) -> None:
        """Replace the document without an undo step (publish state, feed token, name).

        ``modified=False`` when the change is already in the saved file (a rotated token).
        """
        self.document = document
        self._changed_outside_undo = self._changed_outside_undo or modified
        self.stateChanged.emit()

    # -- changes (undoable) ----------------------------------------------------------------
    def change_settings(self, settings: Settings, field: str) -> SettingsError | None:
        """Try new settings: on error nothing changes and the error is returned for the field.

        Settings equal to those in force change nothing: no undo step, no modified mark.
        """
        if settings == self.document.settings:
            return None
        after = Content(settings, self.document.edits)
        try:
            built = build_plan(replace(self.document, settings=settings), self.today)
        except SettingsError as error:
            return error
        self._prepared = (after, built)
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
        draft = draft_plan(settings, document_today(settings, self.today))  # generated once
        if edit.op == "move":
            edit = move_edit(draft.plan, edit.session_id, edit.date, edit.slot)
        edits, outcome = record(draft.plan, self.document.edits, edit)
        if not outcome.applied:
            self.editRefused.emit(outcome.reason)
            return
        after = Content(settings, edits)
        self._prepared = (after, build_plan(replace(self.document, edits=edits), self.today, draft))
        self._push(after, text)

    # -- internals -------------------------------------------------------------------------
    def _clean_changed(self, _clean: bool) -> None:
        self.stateChanged.emit()

    def _push(self, after: Content, text: str, merge_field: str | None = None) -> None:
        before = content_of(self.document)
        command = DocumentCommand(self._apply, before, after, text, merge_field)
        self.undo_stack.push(command)
        self._prepared = None

    def _apply(self, content: Content) -> None:
        """Only plan content changes: publish state and the feed token stay as they are now."""
        self.document = replace(self.document, settings=content.settings, edits=content.edits)
        if content != self._cache_key:
            prepared = self._prepared
            if prepared is not None and prepared[0] == content:
                self._remember(prepared[1])
            else:
                self._remember(build_plan(self.document, self.today))
        self.planChanged.emit()

    def _remember_for(self, document: Document, built: BuiltPlan) -> None:
        self._built = built
        self._cache_key = content_of(document)

    def _remember(self, built: BuiltPlan) -> None:
        self._remember_for(self.document, built)
