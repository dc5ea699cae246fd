"""The part of a calendar panel that pushes, the same for Google and CalDAV: Preview changes,
Push and Cancel, the progress bar, and what the push did (or would do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the calendar clients are imported when a push is first started
    from runlift.publish.sync.diff import PushResult, SyncStep

PUSH_CANCELLED = "Push cancelled; push again to finish."  # what it had written is kept


def step_words(step: SyncStep) -> str:
    from runlift.publish.sync.diff import step_words as words  # with the calendar code

    return words(step)


def push_summary(result: PushResult) -> str:
    """``Created 12, updated 1, deleted 0, unchanged 80`` and, for a preview, each change."""
    verb = "Would create" if result.dry_run else "Created"
    counts = (
        f"{verb} {result.created}, update {result.updated}, delete {result.deleted}; "
        f"{result.unchanged} unchanged."
    )
    if not result.dry_run:
        return counts.replace("update", "updated").replace("delete", "deleted")
    lines = [counts]
    for step in result.plan.writes:
        lines.append(f"{step.action.value:>6}  {step_words(step)}  ({step.reason.value})")
    return "\n".join(lines)


class PushBox(QWidget):
    """``start_push(dry_run)`` for Preview and Push, ``cancel`` for Cancel; the panel says
    what can run now (``set_busy``) and the box shows the push's progress and outcome."""

    def __init__(
        self, push_words: str, start_push: Callable[[bool], None], cancel: Callable[[], None]
    ) -> None:
        super().__init__()
        self.preview_button = QPushButton("Preview changes")
        self.preview_button.clicked.connect(lambda: start_push(True))
        self.push_button = QPushButton(push_words)
        self.push_button.clicked.connect(lambda: start_push(False))
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(cancel)
        actions = QHBoxLayout()
        for button in (self.preview_button, self.push_button, self.cancel_button):
            actions.addWidget(button)
        self.progress = QProgressBar()
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.result, 1)

    def set_busy(self, busy: bool, can_push: bool) -> None:
        for button in (self.preview_button, self.push_button):
            button.setEnabled(not busy and can_push)
        self.cancel_button.setEnabled(busy)

    def show_started(self, dry_run: bool) -> None:
        self.progress.setRange(0, 0)  # busy until the first step is counted
        self.result.setPlainText("Previewing…" if dry_run else "Pushing…")

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def show_pushed(self, text: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.result.setPlainText(text)

    def show_stopped(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result.setPlainText(message)
