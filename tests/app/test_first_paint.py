"""The app's start: the window's frame paints before the document is read and its plan built;
the delivery panels (network clients, keyring) load only when their tab is opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings

from runlift.app import startup
from runlift.app.launch import open_window
from runlift.app.send.google import GooglePanel
from runlift.app.window.main import MainWindow
from runlift.storage.document import Document, save_document
from tests.app.conftest import TODAY


class Paints(QObject):
    """Counts the paint events of the widget it watches."""

    def __init__(self, widget: QObject) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_frame_paints_before_the_plan_is_read_and_built(
    qtbot: Any,
    ui_settings: QSettings,
    demo: Document,
    tmp_path: Path,
    monkeypatch: Any,
    generations: list[object],
) -> None:
    path = tmp_path / "spring.runlift"
    save_document(path, demo)
    painted_before_reading: list[int] = []
    real = startup.startup_document

    def reading(*args: Any) -> startup.Startup:
        painted_before_reading.append(paints.count)
        return real(*args)

    monkeypatch.setattr(startup, "startup_document", reading)
    window = open_window(path, TODAY, ui_settings)
    qtbot.addWidget(window)
    paints = Paints(window)
    assert not window.is_open and window.current_document() is None  # a crash saves nothing
    assert [window.menus[name].title() for name in ("file", "edit", "view", "help")] == [
        "&File", "&Edit", "&View", "&Help"]  # fmt: skip
    with qtbot.waitSignal(window.opened, timeout=20000):
        pass
    assert painted_before_reading and painted_before_reading[0] >= 1  # the frame was on screen
    assert window.state.path == path and window.current_document() == window.state.document
    assert window.plan_view.plan_model.rowCount() == len(window.state.plan.weeks) > 10
    assert len(generations) == 1  # read, checked and shown with one generation
    assert window.windowTitle() == "spring — RunLift"  # the file opened, not the frame's
    assert window.setup_dock.widget() is window.setup_panel


def test_a_window_closed_before_its_document_is_read_closes_quietly(
    qtbot: Any, ui_settings: QSettings
) -> None:
    window = MainWindow(None, TODAY, None, ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert window.close() and not window.is_open


def test_the_delivery_panels_are_built_when_their_tab_is_opened(window: MainWindow) -> None:
    tabs = window.side_tabs
    assert all(tabs.built_panel(name) is None for name in ("feed", "google", "caldav", "watch"))
    bar = tabs.tabBar()
    assert bar.sizeHint().width() <= tabs.width()  # every title in view, no scroll arrows
    assert tabs.titles() == ["Session", "Warnings", "Send ▸ Feed", "Send ▸ Google",
                             "Send ▸ CalDAV", "Send ▸ Watch"]  # fmt: skip
    tabs.setCurrentIndex(2)  # the runner clicks "Send": its first tab is built
    assert tabs.built_panel("feed") is tabs.currentWidget() is not None
    assert tabs.built_panel("google") is None
    send: Any = tabs.widget(2)
    send.setCurrentIndex(1)  # then "Google"
    google = tabs.built_panel("google")
    assert isinstance(google, GooglePanel) and tabs.currentWidget() is google
    assert google.isVisibleTo(window) and window.google_panel is google
    tabs.setCurrentWidget(window.warnings)
    assert tabs.currentWidget() is window.warnings and tabs.built_panel("caldav") is None


def test_the_plan_paints_without_loading_the_network_clients(tmp_path: Path) -> None:
    """A fresh process: the frame paints before the plan engine or the document code is even
    loaded, and the plan fills the window with none of Google's or CalDAV's client libraries,
    the keyring or the calendar writer loaded."""
    script = textwrap.dedent(
        """
        import json, sys
        from datetime import date
        from PySide6.QtCore import QEvent, QObject, QSettings
        from runlift.app.launch import application, open_window
        app = application()
        ui = QSettings(sys.argv[1], QSettings.Format.IniFormat)
        window = open_window(None, date(2026, 12, 1), ui)
        at_first_paint = []
        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not at_first_paint:
                    at_first_paint.append(sorted(sys.modules))
                return False
        watch = FirstPaint()
        window.installEventFilter(watch)
        def report():
            weeks = len(window.state.plan.weeks)
            print(json.dumps({"weeks": weeks, "frame": at_first_paint[0],
                              "modules": sorted(sys.modules)}))
            app.quit()
        window.opened.connect(report)
        app.exec()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RUNLIFT_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "ui.ini")], env=env,
                          capture_output=True, text=True, timeout=100, check=True)  # fmt: skip
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["weeks"] > 10
    frame = set(report["frame"])
    for later in ("runlift.plan.generate", "runlift.storage.document", "runlift.app.view.table"):
        assert later not in frame, later  # loaded after the frame is on screen
    loaded = set(report["modules"])
    assert {"runlift.plan.generate", "runlift.app.view.table"} <= loaded
    for heavy in ("caldav", "niquests", "googleapiclient", "google_auth_oauthlib", "keyring",
                  "icalendar", "filelock", "runlift.publish.ics"):  # fmt: skip
        assert heavy not in loaded, heavy
