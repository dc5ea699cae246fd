"""The Google panel: sign in, name the calendar, preview the changes, push with progress and
Cancel, sign out. Every call to Google runs in a worker (``runlift.publish.google.push``)."""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

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
from runlift.app.send.calendar_panel import CalendarPanel, Change, PushJob
from runlift.app.setup.plan_name import PlanNameField
from runlift.app.workers import Progress, Task, cancel_and_wait, report_unexpected
from runlift.errors import RunLiftError
from runlift.storage.document import Document

if TYPE_CHECKING:  # the Google client library is imported when the panel is first used
    from runlift.publish.google.push import PushResult


SIGN_IN_HINT = "Sign in with your own Google OAuth client file: the set-up help shows how."
NEEDS_SIGN_IN = "Sign in to Google first."
NEEDS_KEYRING = "Needs a system keyring to keep the sign-in (see above)."


class GooglePanel(CalendarPanel):
    """Direct push to a dedicated Google calendar; only RunLift's own events are touched."""

    signInLink = Signal(str)  # the sign-in address, sent from the sign-in's thread
    calendar_words = "Google calendar id"

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._signed_in: bool | None = None  # None: not known yet, or no sign-in needed
        self._no_keyring: str | None = None  # why signing in cannot work here
        self.guide: GuideDialog | None = None
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
        self._push_box("Push to Google")
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
    def push_job(self, job: PushJob) -> PushResult:
        from runlift.publish.google.push import push

        return push(job.document, job.events, **job.options())

    def merge_state(self, pushed: Document) -> Change:
        from runlift.publish.google.push import merge_google_state

        return merge_google_state(pushed)

    def has_calendar(self, pushed: Document) -> bool:
        return bool(pushed.google_calendar_id)

    def end_sign_in(self, timeout_ms: int = 5_000) -> None:
        """The window is closing: a sign-in waiting on the browser ends now, and its local
        listener for Google's answer with it (a push is asked about, see ``stop_and_wait``)."""
        if self.task is not self._push_task:
            cancel_and_wait(self.task, timeout_ms)

    # -- plumbing --------------------------------------------------------------------------
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
