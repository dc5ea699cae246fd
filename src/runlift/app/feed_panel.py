"""The feed panel: serve the saved plan as a subscribable calendar, with a QR code for a phone.

The server (``runlift.publish.feed.FeedServer``) serves the document file; starting and
stopping run in a worker so the window never waits on a socket.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document_state import OpenDocument

if TYPE_CHECKING:  # the server and its calendar library load when the feed first starts
    from runlift.publish.feed import FeedServer
    from runlift.publish.feed_port import ServedPort
from runlift.app.workers import Progress, Task, report_unexpected
from runlift.errors import RunLiftError
from runlift.storage.document import new_feed_token
from runlift.storage.paths import load_app_settings, save_app_settings

SHARING_KEY = "share_on_lan"  # in the app settings
PHONE_NOTE = "Turn on 'Share on the local network' to subscribe from a phone."
BEHIND_NOTE = (
    "The feed serves the saved plan: your unsaved changes are not in it yet. Save (Ctrl+S) "
    "and subscribed calendars get them at their next refresh."
)

QR_SIZE = 220


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code modules of ``text`` with a quiet zone of 2 modules."""
    import qrcode  # imported on first use: start-up stays quick

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_pixmap(text: str, size: int = QR_SIZE) -> QPixmap:
    """Black modules on white whatever the palette: phone cameras need the contrast."""
    matrix = qr_matrix(text)
    module = max(1, size // len(matrix))
    pixmap = QPixmap(module * len(matrix), module * len(matrix))
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRectF(x * module, y * module, module, module), QColor("black"))
    painter.end()
    return pixmap


class FeedPanel(QWidget):
    """Start/stop, local-network sharing, the webcal:// address with Copy, QR code, new address."""

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.save_document: Callable[[], bool] = lambda: False  # the window sets this
        self.server: FeedServer | None = None
        self.served_path: Path | None = None
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
        self.lan = QCheckBox("Share on the local network (phones, tablets)")
        # Kept for the next start: a phone subscribed over the network needs it on again.
        self.lan.setChecked(load_app_settings().get(SHARING_KEY) is True)
        self.lan.clicked.connect(self._remember_sharing)  # the runner's choice, not a setChecked
        self.lan.toggled.connect(self._lan_toggled)
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.copy = QPushButton("Copy")
        self.copy.clicked.connect(self.copy_url)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy)
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
        help_text = QLabel(
            "<b>Subscribing</b><br>"
            "• iPhone/iPad: point the camera at the code and tap the link.<br>"
            "• Android: open the address in a calendar app that takes webcal:// links.<br>"
            "• Desktop calendars: copy the address and add it as a subscription.<br>"
            "A phone can reach the feed only with local-network sharing on. Google Calendar "
            "needs a public address: use <i>runlift publish</i> with a web host."
        )
        help_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (intro, self.toggle, self.lan):
            layout.addWidget(widget)
        layout.addLayout(url_row)
        layout.addLayout(behind_row)
        layout.addWidget(self.qr)
        layout.addWidget(self.rotate)
        layout.addWidget(self.status)
        layout.addWidget(help_text)
        layout.addStretch(1)

    # -- starting and stopping -------------------------------------------------------------
    def start_server(self) -> None:
        """Serve the document file (saving it first if it has never been saved), on the
        plan's kept port, so the address a phone subscribed to keeps working."""
        if self._state.path is None and not self.save_document():
            self.toggle.setChecked(False)
            self.status.setText("Save the plan first: the feed serves the saved file.")
            return
        assert self._state.path is not None
        from runlift.publish.feed import ALL_INTERFACES, LOOPBACK, FeedServer
        from runlift.publish.feed_port import start_on_kept_port

        path, document = self._state.path, self._state.document
        server = FeedServer(path)
        host = ALL_INTERFACES if self.lan.isChecked() else LOOPBACK

        def start(_progress: Progress, _cancel: object) -> ServedPort:
            return start_on_kept_port(server, document.plan_uuid, document.feed_token, host)

        self._run(Task(start, self), lambda served: self._show_running(server, served, path))
        self.status.setText("Starting…")

    def stop_server(self) -> None:
        """Stop at once (also used when the window closes)."""
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        self._show_stopped()

    def _run(self, task: Task, on_success: Callable[[ServedPort], None]) -> None:
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

    def _show_running(self, server: FeedServer, served: ServedPort, path: Path) -> None:
        from runlift.publish.feed_port import moved_note

        self.server, self.served_path = server, path
        url = server.webcal_url
        self.toggle.setChecked(True)
        self.toggle.setText("Stop feed")
        self.url.setText(url)
        self.url.setCursorPosition(0)
        self.url.setToolTip(url)
        self.copy.setEnabled(True)
        self._show_qr(url)
        where = "on the local network" if self.lan.isChecked() else "on this computer only"
        moved = moved_note(served) + "\n\n" if served.moved_from is not None else ""
        self.status.setText(
            f"{moved}Serving {path.name} {where} on port {served.port}.\n"
            f"Busy-only feed for a work calendar:\n{server.busy_webcal_url}"
        )
        self.status.setToolTip(str(path))
        self._show_behind()

    def _show_qr(self, url: str) -> None:
        """A phone cannot reach 127.0.0.1: no code to scan then, but a note how to get one."""
        if self.lan.isChecked():
            self.qr.setPixmap(qr_pixmap(url))
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
        self.served_path = None
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
        QGuiApplication.clipboard().setText(self.url.text())
        self.status.setText("Address copied.")

    def rotate_token(self) -> None:
        """A new secret address. A saved plan gets it in its file at once (only the token:
        unsaved edits stay unsaved), so the server serves it at once."""
        path = self._state.path
        if path is None:  # untitled: the token travels with the first save
            document = replace(self._state.document, feed_token=new_feed_token())
            self._state.set_document(document)
        else:
            from runlift.publish.feed_files import rotate_token

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
            self._show_qr(url)
        self.status.setText("New address made: subscribe again with the code above.")
