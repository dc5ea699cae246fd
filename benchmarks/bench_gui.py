"""The window's speed: start-up to the first painted main window (beside a bare PySide6 window,
the floor no Qt app can beat) and a settings change to the updated plan view.

Start-up is measured from outside: a fresh ``python`` process per run (offscreen), timed from
just before it is spawned to the line it prints from the window's first paint event.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTUP_RUNS = 7
CHANGE_RUNS = 30

_PAINT_WATCH = """
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            app.quit()
        return False
watch = FirstPaint()
window.installEventFilter(watch)
window.show()
app.exec()
"""

_RUNLIFT = """
import sys
from datetime import date
from PySide6.QtCore import QSettings
from runlift.app.launch import application
from runlift.app.main_window import MainWindow
from runlift.app.startup import startup_document
app = application()
today = date.today()
start = startup_document(None, None, today)
window = MainWindow(start.document, today, None, QSettings(sys.argv[1], QSettings.Format.IniFormat))
"""

_BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1480, 900)
"""


def _time_to_first_paint(code: str, scratch: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RUNLIFT_HOME": str(scratch)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code + _PAINT_WATCH, str(scratch / "ui.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError("the window never painted")
    return elapsed


def _startup(code: str) -> float:
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as folder:
        _time_to_first_paint(code, Path(folder))  # warm the OS file cache once
        return statistics.median(
            _time_to_first_paint(code, Path(folder)) for _ in range(STARTUP_RUNS)
        )


def _settings_change_to_view() -> float:
    """Weekly volume typed into the form → new plan built, checked and the table repainted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import date

    from PySide6.QtCore import QSettings

    from runlift.app.launch import application
    from runlift.app.main_window import MainWindow
    from runlift.app.startup import demo_document

    app = application()
    today = date(2026, 12, 8)
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as folder:
        ui = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(demo_document(today), today, None, ui)
        window.show()
        app.processEvents()
        field = window.setup_panel.fields["weekly_km"].widget
        timings = []
        for run in range(CHANGE_RUNS):
            field.setText(str(48 + run % 5))  # type: ignore[attr-defined]
            started = time.perf_counter()
            window.setup_panel.apply_pending()  # what the debounce timer calls
            window.plan_view.viewport().repaint()
            window.chart.repaint()
            timings.append(time.perf_counter() - started)
        window.state.undo_stack.setClean()
        window.close()
    return statistics.median(timings)


def main() -> None:
    bare = _startup(_BARE)
    runlift = _startup(_RUNLIFT)
    change = _settings_change_to_view()
    print(f"start-up to first painted window (median of {STARTUP_RUNS}, offscreen):")
    print(f"  runlift-gui on the demo plan   {runlift * 1000:7.0f} ms")
    print(f"  bare PySide6 window (floor)    {bare * 1000:7.0f} ms")
    print(f"  RunLift's own share            {(runlift - bare) * 1000:7.0f} ms")
    print(
        f"settings change → updated plan view (median of {CHANGE_RUNS}): "
        f"{change * 1000:.1f} ms (plus the form's 300 ms typing debounce)"
    )


if __name__ == "__main__":
    main()
