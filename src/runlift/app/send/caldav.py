"""The CalDAV panel: log in to iCloud, Fastmail, Nextcloud or any CalDAV server with an app
password, preview the changes, push with progress and Cancel, log out. Every call to the server
runs in a worker (``runlift.publish.caldav.push``); the password goes straight to the keyring."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.send.calendar_panel import CalendarPanel, Change, PushJob
from runlift.app.send.push_box import push_summary
from runlift.app.workers import Task
from runlift.publish.caldav.account import CalDavAccount
from runlift.publish.caldav.providers import PROVIDERS
from runlift.publish.sync.diff import Reason, calendar_summary
from runlift.storage.document import Document
from runlift.storage.paths import load_app_settings, save_app_settings

if TYPE_CHECKING:  # the CalDAV client library is imported when the panel is first used
    from runlift.publish.sync.diff import PushResult

_ADDRESS_HINTS = {
    "icloud": "https://caldav.icloud.com/ (found for you)",
    "fastmail": "https://caldav.fastmail.com/dav/ (found for you)",
    "nextcloud": "your Nextcloud, e.g. cloud.example.org",
    "other": "https://dav.example.org/ or just example.org",
}


TYPED_KEY = "caldav_typed"  # the app settings' copy of what was typed at the last login


class CalDavPanel(CalendarPanel):
    """Direct push to a CalDAV calendar of RunLift's own; only RunLift's events are touched."""

    accountShown = Signal()  # the account (or none) is known and shown
    calendarsListed = Signal()  # the account's calendars are in the choice

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._account: CalDavAccount | None = None
        self._build()
        state.stateChanged.connect(self._show_calendar)
        self._set_busy(False)

    def _build(self) -> None:
        self.status = QLabel("Not logged in")
        self.status.setWordWrap(True)
        self.provider = QComboBox()
        for key, provider in PROVIDERS.items():
            self.provider.addItem(provider.label, key)
        self.provider.currentIndexChanged.connect(self._show_provider)
        self.address = QLineEdit()
        self.user = QLineEdit()
        self.user.setPlaceholderText("the account's e-mail or user name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # help text: greyed like a hint
        self.login_button = QPushButton("Log in")
        self.login_button.clicked.connect(self.log_in)
        self.logout_button = QPushButton("Log out")
        self.logout_button.clicked.connect(self.log_out)
        self.calendar = QComboBox()
        for combo in (self.provider, self.calendar):  # a long calendar name must not widen it
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        form = QFormLayout()
        form.addRow("Service", self.provider)
        form.addRow("Server", self.address)
        form.addRow("User", self.user)
        form.addRow("App password", self.password)
        account = QHBoxLayout()
        account.addWidget(self.login_button)
        account.addWidget(self.logout_button)
        form.addRow("", account)
        form.addRow("Calendar", self.calendar)
        self._push_box("Push to CalDAV")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.box, 1)
        self._show_provider()
        self._show_calendar()

    # -- account ---------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._checked_login:  # the account is looked up only when the panel is shown
            self._checked_login = True
            self.refresh_login()

    def refresh_login(self) -> None:
        from runlift.publish.caldav.account import stored_account

        self._run(Task(lambda _p, _c: stored_account(), self), self._show_account)

    def _show_account(self, account: object) -> None:
        self._account = account if isinstance(account, CalDavAccount) else None
        if self._account is None:
            self.status.setText("Not logged in")
            self._show_typed()
        else:
            self.status.setText(f"Logged in to {self._account.url} as {self._account.user}.")
            self.user.setText(self._account.user)
            index = self.provider.findData(self._account.provider)
            self.provider.setCurrentIndex(max(index, 0))
            self.address.setText(self._account.url)
        self._show_provider()
        self._set_busy(False)
        self.accountShown.emit()

    def _show_typed(self) -> None:
        """The service, server and user typed at the last login, kept across restarts even
        when that login did not work (never the password)."""
        typed = load_app_settings().get(TYPED_KEY)
        if not isinstance(typed, dict):
            return
        index = self.provider.findData(typed.get("provider"))
        if index >= 0:
            self.provider.setCurrentIndex(index)
        for field, key in ((self.address, "url"), (self.user, "user")):
            value = typed.get(key)
            if isinstance(value, str) and not field.text():
                field.setText(value)

    def _show_provider(self) -> None:
        key = str(self.provider.currentData())
        self.address.setPlaceholderText(_ADDRESS_HINTS[key])
        self.hint.setText(
            f"Use {PROVIDERS[key].password_help}, not your account password. The password is "
            "kept in your system keyring only (see docs/caldav-setup.md); a server that asks "
            "for none needs no password and no keyring."
        )

    def log_in(self) -> None:
        from runlift.publish.caldav.account import login

        provider = str(self.provider.currentData())
        address, user = self.address.text().strip() or None, self.user.text().strip()
        password = self.password.text()
        self.password.clear()  # it is on its way to the keyring; the field does not keep it
        typed = {"provider": provider, "url": address or "", "user": user}  # never the password
        with contextlib.suppress(OSError):
            save_app_settings({**load_app_settings(), TYPED_KEY: typed})
        self.status.setText("Checking the account…")
        self._run(
            Task(lambda _p, _c: login(provider, address, user, password), self),
            self._logged_in,
        )

    def _logged_in(self, account: object) -> None:
        self._show_account(account)
        self.list_calendars()

    def log_out(self) -> None:
        from runlift.publish.caldav.account import logout

        self._run(Task(lambda _p, _c: logout(), self), lambda _: self._show_account(None))

    def list_calendars(self) -> None:
        """Fill the calendar choice with the account's calendars (for a server that will not
        let RunLift make its own)."""
        from runlift.publish.caldav.account import connect
        from runlift.publish.caldav.push import account_calendars

        task = Task(lambda _p, _c: account_calendars(connect().client()), self)
        self._run(task, self._show_calendars)

    def _show_calendars(self, calendars: Any) -> None:
        self._show_calendar()
        for calendar in calendars:
            if calendar.url != self._state.document.caldav_calendar_url:
                self.calendar.addItem(f"{calendar.name}  ({calendar.url})", calendar.url)
        self.calendarsListed.emit()

    def _show_calendar(self) -> None:
        document = self._state.document
        chosen = self.calendar.currentData() if self.calendar.currentIndex() > 0 else None
        self.calendar.clear()
        own = document.caldav_calendar_url
        label = f"{calendar_summary(document)}" + ("" if own else " (made at the first push)")
        self.calendar.addItem(label, None)
        if chosen:
            self.calendar.addItem(str(chosen), chosen)
            self.calendar.setCurrentIndex(1)
        self.calendar.setToolTip(own or "RunLift makes a calendar of its own for this plan")

    # -- pushing ---------------------------------------------------------------------------
    def push_job(self, job: PushJob) -> PushResult:
        from runlift.publish.caldav.account import connect
        from runlift.publish.caldav.push import push

        return push(job.document, job.events, connection=connect(), calendar=self._pick,
                    **job.options())  # fmt: skip

    def start_push(self, dry_run: bool) -> None:
        self._pick = self.calendar.currentData()  # read here, on the window's thread
        super().start_push(dry_run)

    def merge_state(self, pushed: Document) -> Change:
        from runlift.publish.caldav.push import merge_caldav_state

        return merge_caldav_state(pushed)

    def has_calendar(self, pushed: Document) -> bool:
        return bool(pushed.caldav_calendar_url)

    def pushed_words(self, result: PushResult) -> str:
        text = push_summary(result)
        put_back = sum(1 for step in result.plan.writes if step.reason is Reason.EDITED)
        if put_back and not result.dry_run:
            text += f"\n{put_back} changed in another app: put back to the plan."
        return text

    def _after_failure(self) -> None:
        self.accountShown.emit()  # a refused login ends here too

    def _set_busy(self, busy: bool) -> None:
        logged_in = self._account is not None
        self.box.set_busy(busy, logged_in)
        self.login_button.setEnabled(not busy)
        self.logout_button.setEnabled(not busy and logged_in)
