"""The Google panel: sign in, name the calendar, preview the changes, push with progress and
Cancel, sign out. Every call to Google runs in a worker (``runlift.publish.google.push``)."""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.guide import GuideDialog, show_google_setup
from runlift.app.send.push_box import PUSH_CANCELLED, PushBox, push_summary
from runlift.app.setup.plan_name import PlanNameField
from runlift.app.workers import Progress, Task, cancel_and_wait, report_unexpected
from runlift.errors import RunLiftError
from runlift.publish.events import to_events
from runlift.storage.document import Document, update_document

if TYPE_CHECKING:  # the Google client library is imported when the panel is first used
    from runlift.publish.google.push import PushResult


SIGN_IN_HINT = "Sign in with your own Google OAuth client file: the set-up help shows how."
NEEDS_SIGN_IN = "Sign in to Google first."
NEEDS_KEYRING = "Needs a system keyring to keep the sign-in (see above)."


class GooglePanel(QWidget):
    """Direct push to a dedicated Google calendar; only RunLift's own events are touched."""

    signInLink = Signal(str)  # the sign-in address, sent from the sign-in's thread
    taskEnded = Signal()  # a sign-in, push or preview ended and the panel shows the outcome

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.task: Task | None = None
        self._checked_login = False
        self._signed_in: bool | None = None  # None: not known yet, or no sign-in needed
        self._no_keyring: str | None = None  # why signing in cannot work here
        self.guide: GuideDialog | None = None
        self._pushing: tuple[str, Path | None] | None = None  # plan uuid and file pushed
        self._push_task: Task | None = None
        self._build()
        state.stateChanged.connect(self._show_name)
        self._show_name()
        self._set_busy(False)

    def _build(self) -> None:
        self.status = QLabel("Not signed in")
        self.status.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # help text: greyed like a hint
        self.sign_in_button = QPushButton("Sign in…")
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_out_button = QPushButton("Sign out")
        self.sign_out_button.clicked.connect(self.sign_out)
        self.help_button = QPushButton("Set-up help")
        self.help_button.setToolTip("How to make your own Google OAuth client file (10 minutes)")
        self.help_button.clicked.connect(self.show_setup_help)
        account = QHBoxLayout()
        account.addWidget(self.sign_in_button)
        account.addWidget(self.sign_out_button)
        account.addWidget(self.help_button)
        self.link_box = self._link_box()
        self.name = PlanNameField(self._state)
        self.calendar_label = QLabel()
        form = QFormLayout()
        form.addRow("Plan name", self.name)
        form.addRow("Calendar", self.calendar_label)
        self.box = PushBox("Push to Google", self.start_push, self.cancel)
        self.preview_button, self.push_button = self.box.preview_button, self.box.push_button
        self.cancel_button, self.progress = self.box.cancel_button, self.box.progress
        self.result = self.box.result
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)
        layout.addLayout(account)
        layout.addWidget(self.link_box)
        layout.addLayout(form)
        layout.addWidget(self.box, 1)

    def _link_box(self) -> QWidget:
        """The sign-in address while a sign-in runs: for when no browser opens by itself."""
        box = QWidget()
        self.link = QLabel()
        self.link.setWordWrap(True)
        self.link.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.link_address = QLineEdit()
        self.link_address.setReadOnly(True)
        self.copy_link_button = QPushButton("Copy")
        self.copy_link_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.link_address.text())
        )
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.link_address, 1)
        row.addWidget(self.copy_link_button)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.link)
        column.addLayout(row)
        box.hide()
        self.signInLink.connect(self._show_link)
        return box

    # -- account ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._checked_login:  # the keyring is asked only when the panel is shown
            self._checked_login = True
            self._show_name()
            self.refresh_login()

    def refresh_login(self) -> None:
        from runlift.publish.google.auth import ENDPOINT_ENV, stored_login

        endpoint = os.environ.get(ENDPOINT_ENV)
        if endpoint:
            self.status.setText(f"Using the Calendar server at {endpoint} (no sign-in needed).")
            return
        task = Task(lambda _p, _c: stored_login() is not None, self)
        task.succeeded.connect(self._show_login)
        task.failed.connect(self._login_unknown)
        task.finished.connect(lambda: self._set_busy(False))
        self.task = task
        self._set_busy(True)
        task.start()

    def _show_login(self, signed_in: object) -> None:
        self._signed_in = bool(signed_in)
        self.status.setText("Signed in to Google." if signed_in else "Not signed in")
        self.hint.setText("" if signed_in else SIGN_IN_HINT)
        self._set_busy(False)

    def _login_unknown(self, error: Exception) -> None:
        """Nothing ran and nothing stopped: there is just no keyring to keep a sign-in in.

        Said once, in the hint; what cannot work without one (sign-in, preview, push) is off.
        """
        if not isinstance(error, RunLiftError):
            report_unexpected(error)
        message = str(error) if isinstance(error, RunLiftError) else "the keyring cannot be read"
        self._signed_in = False
        self._no_keyring = message[:1].upper() + message[1:] + "."
        self.status.setText("Not signed in: RunLift cannot keep a Google sign-in here yet.")
        self.hint.setText(self._no_keyring)
        self.hint.setEnabled(True)  # what to do, not a side note: full contrast
        for button in (self.sign_in_button, self.preview_button, self.push_button):
            button.setToolTip(NEEDS_KEYRING)

    def sign_in(self) -> None:
        """Pick the client file, then sign in in the system browser; Cancel ends it at once."""
        from runlift.publish.google.auth import login

        name, _ = QFileDialog.getOpenFileName(
            self, "Your Google OAuth client file", str(Path.home()), "JSON files (*.json)"
        )
        if not name:
            return

        def job(_progress: Progress, cancel: threading.Event) -> object:
            return login(Path(name), open_browser=False, show_link=self.signInLink.emit,
                         cancel=cancel)  # fmt: skip

        task = Task(job, self)
        task.cancelled.connect(lambda: self.status.setText("Sign-in cancelled."))
        task.finished.connect(self.link_box.hide)
        self.status.setText("Starting the sign-in…")
        self._run(task, lambda _: self._show_login(True))

    def _show_link(self, url: str) -> None:
        """Open the sign-in page in the system browser, and show its address for when none
        opens (a remote session, no default browser set)."""
        opened = QDesktopServices.openUrl(QUrl(url))
        self.status.setText(
            "Finish the sign-in in your browser, or press Cancel."
            if opened
            else "No browser opened: open the sign-in page below, or copy its address into one."
        )
        self.link.setText(f'<a href="{html.escape(url)}">Open the Google sign-in page</a>')
        self.link_address.setText(url)
        self.link_address.setCursorPosition(0)
        self.link_box.show()

    def show_setup_help(self) -> None:
        self.guide = show_google_setup(self)

    def sign_out(self) -> None:
        from runlift.publish.google.auth import logout

        self._run(Task(lambda _p, _c: logout(), self), lambda _: self._show_login(False))

    # -- pushing ---------------------------------------------------------------------------
    def start_push(self, dry_run: bool) -> None:
        """Preview or push the plan on screen; progress and Cancel while it runs."""
        from runlift.publish.google.push import push

        document = self._state.document
        events = to_events(self._state.plan, document.plan_uuid)
        latest: list[Document] = [document]  # what the push asked us to remember so far
        # The push belongs to this plan and file, whatever is open when it ends.
        self._pushing = (document.plan_uuid, self._state.path)

        def job(progress: Progress, cancel: threading.Event) -> PushResult:
            def remember(changed: Document) -> None:
                latest[0] = changed

            return push(document, events, dry_run=dry_run, progress=progress, cancel=cancel,
                        save=remember)  # fmt: skip

        task = Task(job, self)
        self._push_task = task
        task.progressed.connect(self.box.show_progress)
        task.cancelled.connect(lambda: self.box.show_stopped(PUSH_CANCELLED))
        task.finished.connect(lambda: self._keep_google_state(latest[0]))
        self.box.show_started(dry_run)
        self._run(task, self._pushed)

    def _pushed(self, result: PushResult) -> None:
        self._keep_google_state(result.document)
        self.box.show_pushed(push_summary(result))

    def _keep_google_state(self, pushed: Document) -> None:
        """Only the Google fields, and only into the plan that was pushed.

        The runner may have edited the plan while it ran, or opened another one. A saved plan
        gets the fields in its file at once, so discarding unsaved edits on close cannot lose
        the calendar id (a later push would make a second calendar).
        """
        plan_uuid, path = self._pushing or (pushed.plan_uuid, None)
        written = False
        if path is not None and pushed.google_calendar_id:
            try:
                update_document(path, lambda fresh: _with_google(fresh, pushed, plan_uuid))
                written = True
            except RunLiftError as error:
                self.result.appendPlainText(f"Could not record the push in {path}: {error}")
        current = self._state.document
        if current.plan_uuid == plan_uuid:
            kept = _with_google(current, pushed, plan_uuid)
            if kept != current:
                self._state.set_document(kept, modified=not written)
        elif path is None and pushed.google_calendar_id:
            self.result.appendPlainText(
                "Another plan was opened before the push ended: its Google calendar id was not "
                "kept. Open that plan and push again."
            )

    @property
    def busy(self) -> bool:
        """A push or preview is running (a sign-in check is not worth asking about)."""
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

    def end_sign_in(self, timeout_ms: int = 5_000) -> None:
        """The window is closing: a sign-in waiting on the browser ends now, and its local
        listener for Google's answer with it (a push is asked about, see ``stop_and_wait``)."""
        if self.task is not self._push_task:
            cancel_and_wait(self.task, timeout_ms)

    # -- plumbing --------------------------------------------------------------------------
    def _run(self, task: Task, on_success: Callable[[Any], None]) -> None:
        self.task = task
        task.succeeded.connect(on_success)
        task.failed.connect(self._failed)
        task.finished.connect(lambda: self._set_busy(False))
        task.finished.connect(self.taskEnded.emit)  # last: everything above has been shown
        self._set_busy(True)
        task.start()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RunLiftError):
            report_unexpected(error)
        message = str(error) if isinstance(error, RunLiftError) else "an unexpected error"
        self.box.show_stopped(f"Stopped: {message}")
        self.status.setText(message[:1].upper() + message[1:])

    def _set_busy(self, busy: bool) -> None:
        """Only what can work now is enabled: no push without a sign-in or a keyring."""
        can_push = self._no_keyring is None and self._signed_in is not False
        self.box.set_busy(busy, can_push)
        if self._no_keyring is None:
            for button in (self.preview_button, self.push_button):
                button.setToolTip("" if can_push else NEEDS_SIGN_IN)
        self.sign_in_button.setEnabled(not busy and self._no_keyring is None)
        self.sign_out_button.setEnabled(not busy and self._signed_in is True)

    def _show_name(self) -> None:
        if not self._checked_login:  # not shown yet: filled in on first show
            return
        from runlift.publish.google.push import calendar_summary

        self.calendar_label.setText(calendar_summary(self._state.document))


def _with_google(document: Document, pushed: Document, plan_uuid: str) -> Document:
    """``document`` with the Google calendar, event ids and publish records of ``pushed``;
    unchanged when it is another plan (the file was replaced meanwhile)."""
    if document.plan_uuid != plan_uuid:
        return document
    publish = dict(document.publish)
    if "google" in pushed.publish:
        publish["google"] = pushed.publish["google"]
    return replace(
        document,
        google_calendar_id=pushed.google_calendar_id,
        google_event_ids=pushed.google_event_ids,
        publish=publish,
    )
