"""The window's speed: start-up to the first painted main window (beside a bare PySide6 window
of the same size, the floor no Qt app can beat) and a settings change to the repainted grid.

Start-up is measured from outside: a fresh ``python`` process per run (offscreen, bytecode
compiled first), wall time from just before it is spawned to the line it prints from the window's
first paint event, CPU time as the process itself counts it at that moment.
"""

from __future__ import annotations

import compileall
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runlift.app.setup_panel import DEBOUNCE_MS

if TYPE_CHECKING:
    from runlift.storage.document import Document

STARTUP_RUNS = 7
CHANGE_RUNS = 30
SIZE = (1366, 768)  # both windows: a laptop screen
PLAN_WEEKS = 18

_PAINT_WATCH = """
import time
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", time.process_time(), flush=True)
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
window.resize(*SIZE)
"""

_BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(*SIZE)
"""

# The same bare window after one use of Qt's namespace (Qt.AlignmentFlag …): PySide6 builds the
# Python enums of the whole namespace on first use, which any window with a label pays.
_BARE_WITH_QT = (
    _BARE
    + """
from PySide6.QtCore import Qt
"""
)


def _time_to_first_paint(code: str, scratch: Path) -> tuple[float, float]:
    """(wall, CPU) seconds from spawning ``python`` to the window's first paint."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RUNLIFT_HOME": str(scratch)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", f"SIZE = {SIZE}\n" + code + _PAINT_WATCH, str(scratch / "ui.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    word, _, cpu = line.partition(" ")
    if word != "painted":
        raise RuntimeError("the window never painted")
    return elapsed, float(cpu)


def _startup(code: str) -> tuple[float, float]:
    """Median wall and CPU seconds to the first paint."""
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as folder:
        _time_to_first_paint(code, Path(folder))  # warm the OS file cache once
        runs = [_time_to_first_paint(code, Path(folder)) for _ in range(STARTUP_RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _eighteen_weeks(today: date) -> Document:
    from runlift.app.startup import demo_document

    demo = demo_document(today)
    start = today - timedelta(days=today.weekday())
    race_day = start + timedelta(weeks=PLAN_WEEKS - 1, days=6)
    return replace(demo, settings=replace(demo.settings, start=start, race_date=race_day))


def _settings_changes_to_grid() -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) ms from a settings change to the repainted grid and chart: a pick
    from a drop-down (applies at once) and a typed value (after its pause)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from runlift.app.launch import application
    from runlift.app.main_window import MainWindow

    app = application()
    today = date(2026, 12, 8)
    timings: dict[str, list[tuple[float, float]]] = {"pick": [], "typed": []}
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as folder:
        ui = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(_eighteen_weeks(today), today, None, ui)
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        assert len(window.state.plan.weeks) == PLAN_WEEKS
        day: Any = window.setup_panel.fields["long_run_day"].widget
        weekly: Any = window.setup_panel.fields["weekly_km"].widget
        for run in range(CHANGE_RUNS):
            with _timed(timings["pick"]):
                day.setCurrentIndex(day.findData("sat" if run % 2 == 0 else "sun"))
                _repaint(window)
            weekly.setText(str(48 + run % 5))
            with _timed(timings["typed"]):
                window.setup_panel.apply_pending()  # what the pause's timer calls
                _repaint(window)
        window.state.undo_stack.setClean()
        window.close()
    return {
        name: (statistics.median(t[0] for t in runs), statistics.median(t[1] for t in runs))
        for name, runs in timings.items()
    }


@contextlib.contextmanager
def _timed(into: list[tuple[float, float]]) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    into.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))


def _repaint(window: Any) -> None:
    window.plan_view.viewport().repaint()
    window.chart.repaint()


def main() -> None:
    source = Path(__file__).resolve().parents[1] / "src"
    compileall.compile_dir(str(source), quiet=1)  # start-up is measured with bytecode compiled
    bare_wall, bare_cpu = _startup(_BARE)
    qt_wall, qt_cpu = _startup(_BARE_WITH_QT)
    wall, cpu = _startup(_RUNLIFT)
    changes = _settings_changes_to_grid()
    print(f"start-up to first painted window, {SIZE[0]}x{SIZE[1]} "
          f"(median of {STARTUP_RUNS}, offscreen, bytecode compiled):")  # fmt: skip
    print("                                  wall        CPU")
    print(f"  runlift-gui on the demo plan  {wall * 1000:6.0f} ms  {cpu * 1000:6.0f} ms")
    print(f"  bare PySide6 window (floor)   {bare_wall * 1000:6.0f} ms  {bare_cpu * 1000:6.0f} ms")
    print(f"  … after one use of Qt.*       {qt_wall * 1000:6.0f} ms  {qt_cpu * 1000:6.0f} ms")
    print(f"  runlift-gui / bare            {wall / bare_wall:6.2f} x   {cpu / bare_cpu:6.2f} x")
    print(f"settings change → repainted grid and chart, {PLAN_WEEKS}-week plan "
          f"(median of {CHANGE_RUNS}):                wall       CPU")  # fmt: skip
    pause = f"a typed value (after its {DEBOUNCE_MS} ms pause)"
    for name, words in (("pick", "a pick from a drop-down (applies at once)"), ("typed", pause)):
        change_wall, change_cpu = changes[name]
        print(f"  {words:44} {change_wall:6.1f} ms {change_cpu:6.1f} ms")


if __name__ == "__main__":
    main()
