"""What the Google and CalDAV panels share: a push or preview in a worker with progress and
Cancel, what it did, and keeping what the push remembers (the calendar, event ids, SEQUENCE
numbers) in the plan that was pushed and in its file. Each panel adds its account part and
says how it pushes (``push_job``) and what of a pushed document is its own (``merge_state``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from runlift.app.document.state import OpenDocument
from runlift.app.send.push_box import PUSH_CANCELLED, PushBox, push_summary
from runlift.app.workers import Progress, Task, cancel_and_wait, report_unexpected
from runlift.errors import RunLiftError
from runlift.publish.events import CalendarEvent, to_events
from runlift.storage.document import Document, update_document

if TYPE_CHECKING:  # the calendar clients are imported when a push is first started
    from runlift.publish.sync.diff import PushResult

Save = Callable[[Document], None]
Change = Callable[[Document], Document]


@dataclass(frozen=True)
class PushJob:
    """One push or preview, as the worker runs it."""

    document: Document
    events: Sequence[CalendarEvent]
    dry_run: bool
    progress: Progress
    cancel: threading.Event
    save: Save  # called with the document whenever what the push remembers changes

    def options(self) -> dict[str, Any]:
        """The keyword arguments every calendar's ``push`` takes."""
        return {
            "dry_run": self.dry_run,
            "progress": self.progress,
            "cancel": self.cancel,
            "save": self.save,
        }


class CalendarPanel(QWidget):
    """A Send panel that pushes to a calendar account; only RunLift's own events change."""

    pushFinished = Signal()  # a preview or push ended, whichever way, and is shown
    taskEnded = Signal()  # any task of the panel ended (sign-in, push…) and is shown

    status: QLabel  # the account line, which also says why a task stopped
    calendar_words = "calendar"  # "Google calendar id", said when another plan was opened

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.task: Task | None = None
        self._push_task: Task | None = None
        self._checked_login = False
        self._pushing: tuple[str, Path | None] | None = None  # plan uuid and file pushed

    def _push_box(self, push_words: str) -> PushBox:
        self.box = PushBox(push_words, self.start_push, self.cancel)
        self.preview_button, self.push_button = self.box.preview_button, self.box.push_button
        self.cancel_button, self.progress = self.box.cancel_button, self.box.progress
        self.result = self.box.result
        return self.box

    # -- what each panel says --------------------------------------------------------------
    def push_job(self, job: PushJob) -> PushResult:
        """Push (on the worker's thread) with the account's client."""
        raise NotImplementedError

    def merge_state(self, pushed: Document) -> Change:
        """A change putting only this target's part of ``pushed`` into a document (none into
        another plan)."""
        raise NotImplementedError

    def has_calendar(self, pushed: Document) -> bool:
        """Whether ``pushed`` knows its calendar, so there is something to keep."""
        raise NotImplementedError

    def pushed_words(self, result: PushResult) -> str:
        return push_summary(result)

    def _set_busy(self, busy: bool) -> None:
        raise NotImplementedError

    def _after_failure(self) -> None:
        """What a panel shows once a task failed (the account part may change)."""

    # -- pushing ---------------------------------------------------------------------------
    def start_push(self, dry_run: bool) -> None:
        """Preview or push the plan on screen; progress and Cancel while it runs."""
        document = self._state.document
        events = to_events(self._state.plan, document.plan_uuid)
        latest: list[Document] = [document]  # what the push asked us to remember so far
        # The push belongs to this plan and file, whatever is open when it ends.
        self._pushing = (document.plan_uuid, self._state.path)

        def job(progress: Progress, cancel: threading.Event) -> PushResult:
            def remember(changed: Document) -> None:
                latest[0] = changed

            return self.push_job(PushJob(document, events, dry_run, progress, cancel, remember))

        task = Task(job, self)
        self._push_task = task
        task.progressed.connect(self.box.show_progress)
        task.cancelled.connect(lambda: self.box.show_stopped(PUSH_CANCELLED))
        task.finished.connect(lambda: self._keep_state(latest[0]))
        self.box.show_started(dry_run)
        self._run(task, self._pushed)
        task.finished.connect(self.pushFinished)  # after the panel is no longer busy

    def _pushed(self, result: PushResult) -> None:
        self._keep_state(result.document)
        self.box.show_pushed(self.pushed_words(result))

    def _keep_state(self, pushed: Document) -> None:
        """Only this target's part, and only into the plan that was pushed.

        The runner may have edited the plan while it ran, or opened another one. A saved plan
        gets the part in its file at once, so discarding unsaved edits on close cannot lose
        the calendar (a later push would make a second one).
        """
        plan_uuid, path = self._pushing or (pushed.plan_uuid, None)
        if pushed.plan_uuid != plan_uuid or not self.has_calendar(pushed):
            return
        change = self.merge_state(pushed)
        written = False
        if path is not None:
            try:
                update_document(path, change)
                written = True
            except RunLiftError as error:
                self.result.appendPlainText(f"Could not record the push in {path}: {error}")
        current = self._state.document
        if current.plan_uuid == plan_uuid:
            kept = change(current)
            if kept != current:
                self._state.set_document(kept, modified=not written)
        elif path is None:
            self.result.appendPlainText(
                f"Another plan was opened before the push ended: its {self.calendar_words} "
                "was not kept. Open that plan and push again."
            )

    @property
    def busy(self) -> bool:
        """A push or preview is running (an account check is not worth asking about)."""
        task = self._push_task
        return task is not None and task.running

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            if self.task is self._push_task:  # a sign-in ends at once and says so itself
                self.result.appendPlainText("Cancelling…")

    def stop_and_wait(self, timeout_ms: int = 30_000) -> None:
        """Cancel and let the push record what it finished before the window goes."""
        task = self._push_task
        if task is not None and task.running:
            self.cancel()  # says "Cancelling…" in the result
            cancel_and_wait(task, timeout_ms)

    # -- plumbing --------------------------------------------------------------------------
    def _run(self, task: Task, on_success: Callable[[Any], None]) -> None:
        self.task = task
        task.succeeded.connect(on_success)
        task.failed.connect(self._failed)
        task.finished.connect(lambda: self._set_busy(False))
        task.finished.connect(self.taskEnded.emit)  # everything above has been shown
        self._set_busy(True)
        task.start()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RunLiftError):
            report_unexpected(error)
        message = str(error) if isinstance(error, RunLiftError) else "an unexpected error"
        if self.task is self._push_task:  # a push says why it stopped where it showed progress
            self.box.show_stopped(f"Stopped: {message}")
        self.status.setText(message[:1].upper() + message[1:])  # said once
        self._after_failure()
