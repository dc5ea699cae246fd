"""The feed panel: serve the saved plan as a subscribable calendar, with a QR code for a phone.

The server (``runlift.publish.feed.server.FeedServer``) serves the document file; starting and
stopping run in a worker so the window never waits on a socket. A feed that was serving when
the window closed starts again with ``resume()`` (``feed_resume`` keeps that memory).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.send.feed_resume import remember_serving, was_serving
from runlift.app.send.qr_code import QR_SIZE, Modules, modules_pixmap, qr_matrix

if TYPE_CHECKING:  # the server and its calendar library load when the feed first starts
    from runlift.publish.feed.port import ServedPort
    from runlift.publish.feed.server import FeedServer
from runlift.app.workers import Progress, Task, report_unexpected
from runlift.errors import RunLiftError
from runlift.storage.document import Document, new_feed_token
from runlift.storage.paths import load_app_settings, save_app_settings

SHARING_KEY = "share_on_lan"  # in the app settings
PHONE_NOTE = "Turn on 'Share on the local network' to subscribe from a phone."
BEHIND_NOTE = (
    "The feed serves the saved plan: your unsaved changes are not in it yet. Save (Ctrl+S) "
    "and subscribed calendars get them at their next refresh."
)

# A file name is one word a wrapped line cannot break: longer than this (in pixels, well inside
# the 330 px side panel), its middle gives way to "…" and the tooltip has the whole path.
FILE_NAME_WIDTH = 240


@dataclass(frozen=True)
class Started:
    """A feed just started on the task's thread: its server, its port and, when shared on the
    local network, its QR code, worked out there too (the window only paints it)."""

    server: FeedServer
    served: ServedPort
    qr: Modules | None


class FeedPanel(QWidget):
    """Start/stop, local-network sharing, the webcal:// address with Copy, QR code, new address."""

    # The feed had to leave its kept port (another program holds it): what to tell the runner.
    addressMoved = Signal(str)

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.save_document: Callable[[], bool] = lambda: False  # the window sets this
        self.server: FeedServer | None = None
        self.served_path: Path | None = None
        self.served_plan: str | None = None  # the plan uuid being served
        self.task: Task | None = None
        self._build()
        state.stateChanged.connect(self._document_moved)
        state.stateChanged.connect(self._show_behind)
        state.documentReplaced.connect(self._document_replaced)
        self._show_stopped()

    def _build(self) -> None:
        intro = QLabel(
            "Serve the saved plan as a calendar feed. Subscribe from a phone on the same "
            "network by scanning the code; changes reach it after you save."
        )
        intro.setWordWrap(True)
        self.toggle = QPushButton("Start feed")
        self.toggle.setCheckable(True)
        self.toggle.clicked.connect(self._toggled)
        self.lan = QCheckBox("Share on the local network")  # a check box never wraps: short
        self.lan.setToolTip("Phones and tablets on the same network can then subscribe")
        # Kept for the next start: a phone subscribed over the network needs it on again.
        self.lan.setChecked(load_app_settings().get(SHARING_KEY) is True)
        self.lan.clicked.connect(self._remember_sharing)  # the runner's choice, not a setChecked
        self.lan.toggled.connect(self._lan_toggled)
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.copy = QPushButton("Copy")
        self.copy.clicked.connect(self.copy_url)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setWordWrap(True)  # the note shown instead of a code must not be clipped
        self.qr.setMinimumSize(QR_SIZE, QR_SIZE)
        self.rotate = QPushButton("New address (old subscriptions stop)")
        self.rotate.clicked.connect(self.rotate_token)
        self.behind = QLabel(BEHIND_NOTE)
        self.behind.setWordWrap(True)
        self.behind.setStyleSheet("color: #8a5300;")  # amber: nothing is wrong, but it waits
        self.save_now = QPushButton("Save now")
        self.save_now.clicked.connect(lambda: self.save_document())
        behind_row = QHBoxLayout()
        behind_row.addWidget(self.behind, 1)
        behind_row.addWidget(self.save_now, 0, Qt.AlignmentFlag.AlignTop)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_url = QLineEdit()  # a line of its own: a long address never widens the panel
        self.busy_url.setReadOnly(True)
        copy_busy = QPushButton("Copy")
        copy_busy.clicked.connect(lambda: self._copy(self.busy_url))
        self.busy_box = QWidget()
        busy_layout = QVBoxLayout(self.busy_box)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(QLabel("Busy-only feed for a work calendar:"))
        busy_layout.addLayout(_row(self.busy_url, copy_busy))
        help_text = QLabel(
            "<b>Subscribing</b><br>"
            "• iPhone/iPad: point the camera at the code and tap the link.<br>"
            "• Android: open the address in a calendar app that takes webcal:// links.<br>"
            "• Desktop calendars: copy the address and add it as a subscription.<br>"
            "A phone can reach the feed only with local-network sharing on. Google Calendar "
            "needs a public address: use <i>runlift publish</i> with a web host."
        )
        help_text.setWordWrap(True)
        content = QWidget()
        layout = self.lines = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        above: tuple[QWidget, ...] = (intro, self.toggle, self.lan)
        below: tuple[QWidget, ...] = (self.qr, self.rotate, self.status, self.busy_box, help_text)
        for widget in above:
            layout.addWidget(widget)
        layout.addLayout(_row(self.url, self.copy))
        layout.addLayout(behind_row)
        for widget in below:
            layout.addWidget(widget)
        layout.addStretch(1)
        self._scroll_in_place(content)

    def _scroll_in_place(self, content: QWidget) -> None:
        """On a laptop screen (1366x768, 1024x700) the panel can be taller than its dock: it
        scrolls then, instead of squeezing its lines into one another or cutting them off."""
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(self).addWidget(scroll)

    # -- starting and stopping -------------------------------------------------------------
    def resume(self) -> bool:
        """Serve again, on the kept port, a saved plan whose feed was on when the window last
        closed; True when a start began. Nothing when the runner stopped it, when it is
        already serving or starting, or when the plan has no file. Safe before the panel is
        shown and at any time after: a second call does nothing."""
        starting = self.task is not None and self.task.running
        path, plan = self._state.path, self._state.document.plan_uuid
        if self.server is not None or starting or path is None or not was_serving(plan):
            return False
        self.start_server()
        self.status.setText("Starting the feed again, as it was when RunLift closed…")
        return True

    def start_server(self) -> None:
        """Serve the document file (saving it first if it has never been saved), on the
        plan's kept port, so the address a phone subscribed to keeps working."""
        if self._state.path is None and not self.save_document():
            self.toggle.setChecked(False)
            self.status.setText("Save the plan first: the feed serves the saved file.")
            return
        assert self._state.path is not None
        path, document, lan = self._state.path, self._state.document, self.lan.isChecked()

        def start(_progress: Progress, _cancel: object) -> Started:
            return _serve(path, document, lan)

        self._run(Task(start, self), lambda started: self._show_running(started, path))
        self.status.setText("Starting…")

    def stop_server(self) -> None:
        """Stop at once (also used when the window closes: the feed is still remembered as on,
        so ``resume()`` starts it again; only the runner's Stop forgets it)."""
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        self._show_stopped()

    def _forget_served(self) -> None:
        """The runner's feed is off for this plan: the next start of RunLift leaves it off."""
        if self.served_plan is not None:
            remember_serving(self.served_plan, False)

    def _run(self, task: Task, on_success: Callable[[Started], None]) -> None:
        self.task = task
        # The switch works again as soon as the outcome shows, not a signal later.
        for outcome in (task.succeeded, task.failed):
            outcome.connect(lambda _result: self.toggle.setEnabled(True))
        task.succeeded.connect(on_success)
        task.failed.connect(self._failed)
        self.toggle.setEnabled(False)
        task.start()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RunLiftError | OSError):
            report_unexpected(error)
        self.stop_server()
        self.status.setText(f"The feed could not start: {error}")

    def _show_running(self, started: Started, path: Path) -> None:
        server = started.server
        self.server, self.served_path = server, path
        self.served_plan = self._state.document.plan_uuid
        remember_serving(self.served_plan, True)
        self.toggle.setChecked(True)
        self.toggle.setText("Stop feed")
        for field, url in ((self.url, server.webcal_url), (self.busy_url, server.busy_webcal_url)):
            field.setText(url)
            field.setCursorPosition(0)
            field.setToolTip(url)
        self.copy.setEnabled(True)
        self._show_qr(server.webcal_url, started.qr)
        self.busy_box.show()
        self._show_serving(started.served, path)
        self._show_behind()
        # The longer lines (and the scroll area around them) take their room now, not at the
        # next turn of the event loop: a picture taken at once (--screenshot) shows them whole.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _show_serving(self, served: ServedPort, path: Path) -> None:
        """What is served where, and first, if the feed had to move, that it did and why."""
        from runlift.publish.feed.port import moved_note

        where = "on the local network" if self.lan.isChecked() else "on this computer only"
        name = self.status.fontMetrics().elidedText(
            path.name, Qt.TextElideMode.ElideMiddle, FILE_NAME_WIDTH
        )
        moved = moved_note(served) if served.moved_from is not None else ""
        self.status.setText(
            (f"{moved}\n\n" if moved else "") + f"Serving {name} {where} on port {served.port}."
        )
        self.status.setToolTip(str(path))
        if moved:
            self.addressMoved.emit(moved)

    def _show_qr(self, url: str, modules: Modules | None = None) -> None:
        """A phone cannot reach 127.0.0.1: no code to scan then, but a note how to get one."""
        if self.lan.isChecked():
            self.qr.setPixmap(modules_pixmap(modules or qr_matrix(url)))
        else:
            self.qr.clear()
            self.qr.setText(PHONE_NOTE)

    def _show_stopped(self) -> None:
        self.toggle.setChecked(False)
        self.toggle.setText("Start feed")
        self.url.setText("")
        self.url.setPlaceholderText("webcal:// address appears here")
        self.copy.setEnabled(False)
        self.qr.clear()
        self.qr.setText("QR code appears when the feed runs")
        self.status.setText("")
        self.status.setToolTip("")
        self.busy_box.hide()
        self.busy_url.clear()
        self.served_path = self.served_plan = None
        self._show_behind()

    def _show_behind(self) -> None:
        """Say so while the served file lags behind what is on screen."""
        behind = self.server is not None and self._state.modified
        self.behind.setVisible(behind)
        self.save_now.setVisible(behind)

    def _toggled(self, checked: bool) -> None:
        if checked:
            self.start_server()
        else:
            self._forget_served()  # the runner's Stop: RunLift's next start leaves it off
            self.stop_server()

    def _remember_sharing(self, checked: bool) -> None:
        with contextlib.suppress(OSError):  # a convenience, never a failure
            save_app_settings({**load_app_settings(), SHARING_KEY: checked})

    def _lan_toggled(self, _checked: bool) -> None:
        if self.server is not None:  # rebind on the other interface
            self.stop_server()
            self.start_server()

    def _document_replaced(self) -> None:
        """New or Open: never keep serving the previous file under the new plan's name."""
        if self.server is None:
            return
        if self.served_plan != self._state.document.plan_uuid:
            self._forget_served()  # the feed now follows the plan on screen, not that one
        self.stop_server()
        if self._state.path is not None:
            self.start_server()
        else:
            self.status.setText("Feed stopped: the new plan is not saved yet.")

    def _document_moved(self) -> None:
        """Save As or Open gave the document another file: serve that one."""
        path = self._state.path
        if self.server is not None and path is not None and self.served_path != path:
            self.stop_server()
            self.start_server()

    # -- address ---------------------------------------------------------------------------
    def copy_url(self) -> None:
        self._copy(self.url)

    def _copy(self, address: QLineEdit) -> None:
        QGuiApplication.clipboard().setText(address.text())
        self.status.setText("Address copied.")

    def rotate_token(self) -> None:
        """A new secret address. A saved plan gets it in its file at once (only the token:
        unsaved edits stay unsaved), so the server serves it at once."""
        path = self._state.path
        if path is None:  # untitled: the token travels with the first save
            document = replace(self._state.document, feed_token=new_feed_token())
            self._state.set_document(document)
        else:
            from runlift.publish.feed.files import rotate_token

            try:
                rotated = rotate_token(path)
            except RunLiftError as error:
                self.status.setText(f"No new address: {error}")
                return
            document = replace(self._state.document, feed_token=rotated.feed_token)
            self._state.set_document(document, modified=False)
        if self.server is not None:
            url = self.server.webcal_url
            self.url.setText(url)
            self.busy_url.setText(self.server.busy_webcal_url)
            self._show_qr(url)
        self.status.setText("New address made: subscribe again with the code above.")


def _row(address: QLineEdit, copy: QPushButton) -> QLayout:
    """An address that takes the width left, and its Copy button."""
    row = QHBoxLayout()
    row.addWidget(address, 1)
    row.addWidget(copy)
    return row


def _serve(path: Path, document: Document, lan: bool) -> Started:
    """Serve ``path`` on the plan's kept port. Runs on the task's thread: the server and its
    calendar library load there, so a window that has just painted (``resume()``) never waits."""
    from runlift.publish.feed import server as feed
    from runlift.publish.feed.port import start_on_kept_port

    server = feed.FeedServer(path)
    host = feed.ALL_INTERFACES if lan else feed.LOOPBACK
    served = start_on_kept_port(server, document.plan_uuid, document.feed_token, host)
    return Started(server, served, qr_matrix(server.webcal_url) if lan else None)
