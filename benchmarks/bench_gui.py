"""The window's speed: start-up to the first painted main window (beside a bare PySide6 window
of the same size, the floor no Qt app can beat) and a settings change to the repainted grid.

Start-up is measured from outside: a fresh ``python`` process per run (offscreen, bytecode
compiled first), wall time from just before it is spawned to the line it prints from the window's
first paint event, CPU time as the process itself counts it at that moment.
"""

from __future__ import annotations

import compileall
import contextlib
import json
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

from runlift.app.setup.panel import DEBOUNCE_MS

if TYPE_CHECKING:
    from runlift.storage.document import Document

STARTUP_RUNS = 9
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

# What ``runlift-gui`` does: the frame paints first, then the demo plan is read and built.
_RUNLIFT = """
import sys
from datetime import date
from PySide6.QtCore import QSettings
from runlift.app.launch import application, open_window
app = application()
window = open_window(None, date.today(), QSettings(sys.argv[1], QSettings.Format.IniFormat))
"""

# The same, until the plan's grid has painted (the window in full).
_RUNLIFT_FULL = (
    _RUNLIFT
    + """
import time
from PySide6.QtCore import QEvent, QObject
class GridPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", time.process_time(), flush=True)
            app.quit()
        return False
grid_watch = GridPaint()
window.opened.connect(lambda: window.plan_view.viewport().installEventFilter(grid_watch))
app.exec()
"""
)

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
    """(wall, CPU) seconds from spawning ``python`` to the window's first paint (or, for code
    that runs its own event loop, to the first paint it watches)."""
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={_laptop_screen(scratch)}",
           "RUNLIFT_HOME": str(scratch)}  # fmt: skip
    if "app.exec()" not in code:
        code += _PAINT_WATCH
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", f"SIZE = {SIZE}\n" + code, str(scratch / "ui.ini")],
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


def _laptop_screen(scratch: Path) -> Path:
    """An offscreen screen on which RunLift's own default size is ``SIZE`` (the window fits
    itself to the screen, less its frame)."""
    from runlift.app.window.layout import FRAME

    width, height = SIZE[0] + FRAME.width(), SIZE[1] + FRAME.height()
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    path = scratch / "screen.json"
    path.write_text(json.dumps({"screens": [screen]}))
    return path


def _startups(*codes: str) -> list[tuple[float, float]]:
    """Median wall and CPU seconds to the first paint, for each code. The runs take turns, so
    a busy moment of the machine falls on all of them alike."""
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as folder:
        for code in codes:
            _time_to_first_paint(code, Path(folder))  # warm the OS file cache once
        runs: list[list[tuple[float, float]]] = [[] for _ in codes]
        for _ in range(STARTUP_RUNS):
            for code, into in zip(codes, runs, strict=True):
                into.append(_time_to_first_paint(code, Path(folder)))
    return [(statistics.median(r[0] for r in run), statistics.median(r[1] for r in run))
            for run in runs]  # fmt: skip


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
    from runlift.app.window.main import MainWindow

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
    timed = _startups(_BARE, _BARE_WITH_QT, _RUNLIFT, _RUNLIFT_FULL)
    (bare_wall, bare_cpu), (qt_wall, qt_cpu), (wall, cpu), (full_wall, full_cpu) = timed
    changes = _settings_changes_to_grid()
    print(f"start-up to first painted window, {SIZE[0]}x{SIZE[1]} "
          f"(median of {STARTUP_RUNS}, offscreen, bytecode compiled):")  # fmt: skip
    print("                                  wall        CPU")
    rows = (
        ("runlift-gui, first paint", wall, cpu),
        ("… the demo plan in its grid", full_wall, full_cpu),
        ("bare PySide6 window (floor)", bare_wall, bare_cpu),
        ("… after one use of Qt.*", qt_wall, qt_cpu),
    )
    for words, row_wall, row_cpu in rows:
        print(f"  {words:30}{row_wall * 1000:6.0f} ms  {row_cpu * 1000:6.0f} ms")
    print(f"  first paint / bare            {wall / bare_wall:6.2f} x   {cpu / bare_cpu:6.2f} x")
    print(f"  plan in grid / bare           {full_wall / bare_wall:6.2f} x   "
          f"{full_cpu / bare_cpu:6.2f} x")  # fmt: skip
    print(f"settings change → repainted grid and chart, {PLAN_WEEKS}-week plan "
          f"(median of {CHANGE_RUNS}):                wall       CPU")  # fmt: skip
    pause = f"a typed value (after its {DEBOUNCE_MS} ms pause)"
    for name, words in (("pick", "a pick from a drop-down (applies at once)"), ("typed", pause)):
        change_wall, change_cpu = changes[name]
        print(f"  {words:44} {change_wall:6.1f} ms {change_cpu:6.1f} ms")


if __name__ == "__main__":
    main()
