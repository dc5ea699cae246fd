"""The crash handler keeps the plan; the command line starts, renders and refuses bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from runlift.app import build_parser
from runlift.app.crash import CrashReporter
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind
from runlift.storage.document import load_document


def test_an_unexpected_error_saves_the_plan_then_shows_the_details(
    window: MainWindow, app_home: Path
) -> None:
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.skip_session(lift.id)
    shown: list[tuple[str, str]] = []
    reporter = CrashReporter(lambda: window.state.document, lambda m, d: shown.append((m, d)))
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as error:
        reporter.handle(type(error), error, error.__traceback__)
    assert reporter.last_recovery is not None
    assert reporter.last_recovery.is_relative_to(app_home)
    assert load_document(reporter.last_recovery) == window.state.document
    message, details = shown[0]
    assert str(reporter.last_recovery) in message
    assert "ZeroDivisionError: division by zero" in details


def test_the_dialog_still_opens_when_the_recovery_cannot_be_written() -> None:
    shown: list[str] = []

    def broken() -> None:
        raise OSError("disk full")

    reporter = CrashReporter(broken, lambda m, _d: shown.append(m))  # type: ignore[arg-type]
    reporter.handle(RuntimeError, RuntimeError("boom"), None)
    assert "could not be saved" in shown[0] and "disk full" in shown[0]


def test_the_command_line_reads_size_and_refuses_nonsense() -> None:
    args = build_parser().parse_args(["plan.runlift", "--screenshot", "a.png", "--size", "800x600"])
    assert (args.document, args.size) == (Path("plan.runlift"), (800, 600))
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["--size", "huge"])
    assert stopped.value.code == 2


def test_screenshot_renders_the_demo_window_to_a_png(tmp_path: Path) -> None:
    target = tmp_path / "main.png"
    command = [sys.executable, "-m", "runlift.app", "--screenshot", str(target),
               "--size", "1000x700", "--today", "2026-12-08"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
    assert len(colours) > 20  # chips, chart and text, not an empty grey window
