"""One run of RunLift as a runner starts it (``runlift.app.launch.open_window``), for the
restart tests: ``python -m tests.app.restart_session SETTINGS.ini ACTION...`` opens the window
on the demo, does each action, closes the window (which keeps its layout) and prints what was
in view as JSON. Run in a process of its own so each start has the screen the test gives it
(``QT_QPA_PLATFORM=offscreen:configfile=…``) and nothing carries over but the settings file."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from runlift.app.launch import application, open_window
from runlift.app.window.main import MainWindow

TODAY = date(2026, 12, 1)
WEEK = [1, 2, 3, 4, 5, 6, 7]


def day_columns_in_view(window: MainWindow) -> list[int]:
    """The day columns wholly in view and wide enough for a chip's words."""
    view = window.plan_view
    width = view.viewport().width()
    return [
        column
        for column in range(1, 8)
        if view.columnViewportPosition(column) >= 0
        and view.columnViewportPosition(column) + view.columnWidth(column) <= width
        and view.columnWidth(column) >= 70
    ]


def settle(app: QApplication, until: Any = None, limit: float = 10.0) -> None:
    """Run the event loop until ``until()`` holds (or ``limit`` s), then a little more."""
    end = time.monotonic() + limit
    while time.monotonic() < end and not (until is not None and until()):
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):  # the docks settle over a few posted layout events
        QCoreApplication.sendPostedEvents()
        app.processEvents()


def seen(window: MainWindow) -> dict[str, Any]:
    return {
        "columns": day_columns_in_view(window),
        "setup": window.setup_dock.width(),
        "side": window.side_dock.width(),
        "week": window.plan_view.width(),
        "window": [window.width(), window.height()],
        "stacked": bool(window.tabifiedDockWidgets(window.setup_dock)),
    }


def main(argv: list[str]) -> int:
    app = application()
    settings = QSettings(argv[0], QSettings.Format.IniFormat)
    window = open_window(None, TODAY, settings)
    settle(app, lambda: window.is_open)
    settle(app, lambda: day_columns_in_view(window) == WEEK, limit=10.0)
    report: dict[str, Any] = {"opened": seen(window)}
    for action in argv[1:]:
        name, _, value = action.partition("=")
        if name == "widen-setup":  # the runner drags the setup panel's edge
            window.resizeDocks(
                [window.setup_dock], [window.setup_dock.width() + int(value)],
                Qt.Orientation.Horizontal,
            )  # fmt: skip
        elif name == "resize":
            width, height = value.split("x")
            window.resize(int(width), int(height))
        elif name == "grab":  # a picture of the window as it is now
            window.grab().save(value)
        elif name == "reset-layout":
            window.actions_by_name["reset_layout"].trigger()
        settle(app, lambda: day_columns_in_view(window) == WEEK, limit=10.0)
        report[action] = seen(window)
    window.close()
    settle(app, limit=0.2)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
