"""Starting the window: the QApplication, the first document, the crash handler, screenshots."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from runlift.app.crash import CrashReporter, crash_dialog
from runlift.app.window.main import MainWindow

LAST_DOCUMENT_KEY = "document/last"


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0]])
    app.setOrganizationName("RunLift")
    app.setApplicationName("RunLift")
    app.setDesktopFileName("io.github.runlift.RunLift")  # matches the .desktop file
    return app


def run(args: argparse.Namespace) -> int:
    if args.screenshot is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = application()
    today: date = args.today or date.today()
    scratch = tempfile.TemporaryDirectory(prefix="runlift-shot-") if args.screenshot else None
    ui_settings = (
        QSettings(str(Path(scratch.name) / "ui.ini"), QSettings.Format.IniFormat)
        if scratch
        else QSettings()
    )
    if scratch is not None:  # a picture leaves the runner's settings (ports, feeds) alone
        os.environ["RUNLIFT_HOME"] = str(Path(scratch.name) / "home")
        try:
            return take_screenshot(app, _whole_window(args.document, today, ui_settings), args,
                                   Path(scratch.name))  # fmt: skip
        finally:
            scratch.cleanup()
    open_window(args.document, today, ui_settings)
    return app.exec()


def open_window(requested: Path | None, today: date, ui_settings: QSettings) -> MainWindow:
    """The window's frame on screen at once; the document (the one asked for, the last one or
    the demo) is read and its plan built right after the frame's first paint."""
    window = MainWindow(None, today, None, ui_settings)
    CrashReporter(window.current_document, crash_dialog(window)).install()
    FirstPaint([window], then=lambda: _open_first(window, requested), parent=window)
    window.show()
    return window


def _open_first(window: MainWindow, requested: Path | None) -> None:
    from runlift.app.startup import startup_document

    start = startup_document(requested, _last_document(window.ui_settings), window.today)
    window.open_first(start.document, start.path, start.built)
    if start.path is None:
        window.show_demo_note()
    window.go_to_today()
    QTimer.singleShot(0, window.resume_feed)  # next, once this open has returned
    if start.problem:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(window, "RunLift", f"{start.problem}\n\nShowing the demo plan.")


def _whole_window(requested: Path | None, today: date, ui_settings: QSettings) -> MainWindow:
    """The window with its document, built at once (a screenshot waits for all of it)."""
    from runlift.app.startup import startup_document

    start = startup_document(requested, _last_document(ui_settings), today)
    window = MainWindow(start.document, today, start.path, ui_settings, start.built)
    if start.path is None:
        window.show_demo_note()
    return window


def _last_document(ui_settings: QSettings) -> str | None:
    last = ui_settings.value(LAST_DOCUMENT_KEY)
    return str(last) if last else None


class FirstPaint(QObject):
    """Watches for the first paint of each widget given: then the window is on screen in full.
    ``then`` is called once after that, outside the paint (the window's start opens the
    document so); ``wait`` runs the event loop until then (a screenshot)."""

    def __init__(
        self,
        widgets: list[QWidget],
        then: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.waiting = set(widgets)
        self._then = then
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.waiting:
            self.waiting.discard(watched)
            watched.removeEventFilter(self)
            if not self.waiting and self._then is not None:
                QTimer.singleShot(0, self._then)  # after this paint reaches the screen
        return False

    def wait(self, app: QApplication, limit: float = 10.0) -> None:
        """Run the event loop until all have painted (a hidden widget gives up at ``limit``)."""
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + limit
        while self.waiting and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def painted_widgets(window: MainWindow, side: QWidget | None) -> list[QWidget]:
    """What a full first paint covers: the window, the week grid, the chart, the side panel."""
    return [window, window.plan_view.viewport(), window.chart, *([side] if side else [])]


def _side_panel(window: MainWindow, args: argparse.Namespace) -> QWidget | None:
    """The side panel the screenshot shows (``--panel``, or the details of ``--select``)."""
    tabs = {"session": window.details, "warnings": window.warnings,
            "feed": window.feed_panel, "google": window.google_panel,
            "caldav": window.caldav_panel, "watch": window.watch_panel}  # fmt: skip
    return tabs[args.panel] if args.panel else (window.details if args.select else None)


def take_screenshot(
    app: QApplication, window: MainWindow, args: argparse.Namespace, scratch: Path
) -> int:
    """Render the window at ``--size`` into ``--screenshot`` (a PNG) and close it, as soon as
    the window has painted in full."""
    window.resize(*args.size)
    side = _side_panel(window, args)
    painted = FirstPaint(painted_widgets(window, side))  # watching before anything paints
    window.show()
    window.go_to_today()
    if args.select:
        window.plan_view.select_session(args.select)
    if args.panel == "feed":
        window.feed_panel.lan.setChecked(args.lan)
        _start_feed(app, window, scratch)
    elif side is not None:
        window.show_side_panel(side)
    painted.wait(app)
    saved = window.grab().save(str(args.screenshot), "PNG")
    window.feed_panel.stop_server()
    window.state.undo_stack.setClean()
    window.hide()
    if not saved:
        print(f"runlift-gui: cannot write {args.screenshot}", file=sys.stderr)
        return 1
    return 0


def _start_feed(app: QApplication, window: MainWindow, scratch: Path) -> None:
    """The feed serves a saved file: an untitled plan is saved to the scratch folder first."""
    from runlift.app.document.names import file_stem  # loads the plan engine: not at start

    if window.state.path is None:
        window.state.save(scratch / f"{file_stem(window.state.display_name)}.runlift")
    window.show_side_panel(window.feed_panel)
    window.feed_panel.start_server()
    deadline = time.monotonic() + 10
    while window.feed_panel.server is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
