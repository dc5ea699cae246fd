"""The setup form's extras, the undo stack's grouping, the workers and the feed address."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from runlift.app.window.main import MainWindow
from runlift.app.workers import Progress, Task
from runlift.errors import CancelledError, RemoteError
from runlift.plan.model import Kind, Load, Mode


def test_the_paces_follow_the_race_result_as_it_is_typed(window: MainWindow) -> None:
    panel = window.setup_panel
    result = panel.fields["recent_race"].widget
    result.setText("5k:20:00")  # type: ignore[attr-defined]
    faster = panel.paces_label.text()
    assert faster.startswith("VDOT 49.8") and "E " in faster and "T " in faster
    result.setText("5k:30:00")  # type: ignore[attr-defined]
    assert panel.paces_label.text().startswith("VDOT 3") and panel.paces_label.text() != faster
    result.setText("")  # type: ignore[attr-defined]
    assert "effort" in panel.paces_label.text()
    panel.apply_pending()
    assert window.state.document.settings.recent_race is None  # cleared, P3: by effort


def test_switching_to_base_mode_shows_weeks_and_builds_a_base_plan(window: MainWindow) -> None:
    panel = window.setup_panel
    panel.fields["base_weeks"].widget.setValue(10)  # type: ignore[attr-defined]
    mode = panel.fields["mode"].widget
    mode.setCurrentIndex(mode.findData("base"))  # type: ignore[attr-defined]
    panel.apply_pending()
    assert window.state.document.settings.mode is Mode.BASE
    assert len(window.state.plan.weeks) == 10
    assert not any(s.kind is Kind.RACE for s in window.state.plan.sessions)
    assert panel.fields["base_weeks"].widget.isVisibleTo(panel)
    assert not panel.fields["race_date"].widget.isVisibleTo(panel)


def test_typing_in_one_field_is_one_undo_step(window: MainWindow) -> None:
    panel = window.setup_panel
    field = panel.fields["weekly_km"].widget
    before = window.state.document.settings
    for text in ("5", "52", "55"):
        field.setText(text)  # type: ignore[attr-defined]
        panel.apply_pending()
    assert window.state.undo_stack.count() == 1
    window.state.undo_stack.undo()
    assert window.state.document.settings == before
    assert field.text() == "50"  # type: ignore[attr-defined]  # the form follows the undo


def test_a_moved_session_follows_its_week_when_the_race_moves(
    qtbot: Any, window: MainWindow
) -> None:
    plan = window.state.plan
    lift = next(s for s in plan.sessions if s.kind is Kind.STRENGTH and s.load is Load.HEAVY)
    wednesday = lift.date + timedelta(days=(2 - lift.date.weekday()) % 7 or 7)
    window.plan_view.move_session(lift.id, wednesday)
    race_day = window.state.document.settings.race_date
    assert race_day is not None
    field = window.setup_panel.fields["race_date"].widget
    field.setDate(QDate(race_day + timedelta(weeks=1)))  # type: ignore[attr-defined]
    window.setup_panel.apply_pending()
    moved = window.state.plan.session(lift.id)
    assert moved is not None and moved.date == wednesday + timedelta(weeks=1)  # T5
    assert len(window.state.document.edits) == 1 and window.state.edit_notes == ()


def _wait(qtbot: Any, task: Task, signal: str) -> list[Any]:
    got: list[Any] = []
    getattr(task, signal).connect(lambda *args: got.append(args))
    with qtbot.waitSignal(task.finished, timeout=10000):
        task.start()
    return got


def test_a_task_turns_progress_into_signals_and_returns_the_result(qtbot: Any) -> None:
    def job(progress: Progress, _cancel: threading.Event) -> str:
        for done in range(1, 4):
            progress(done, 3)
        return "pushed"

    task = Task(job)
    steps: list[tuple[int, int]] = []
    task.progressed.connect(lambda d, t: steps.append((d, t)))
    assert _wait(qtbot, task, "succeeded") == [("pushed",)]
    assert steps == [(1, 3), (2, 3), (3, 3)] and not task.running


def test_a_task_reports_cancel_and_failure_apart(qtbot: Any) -> None:
    def cancelled(_progress: Progress, cancel: threading.Event) -> None:
        assert cancel.wait(5)
        raise CancelledError("push cancelled")

    task = Task(cancelled)
    got: list[Any] = []
    task.cancelled.connect(lambda: got.append("cancelled"))
    with qtbot.waitSignal(task.finished, timeout=10000):
        task.start()
        task.cancel()
    assert got == ["cancelled"]

    def refused(_progress: Progress, _cancel: threading.Event) -> None:
        raise RemoteError("Google Calendar answered 500")

    failed = _wait(qtbot, Task(refused), "failed")
    assert str(failed[0][0]) == "Google Calendar answered 500"


def test_many_void_qt_calls_do_not_kill_the_interpreter() -> None:
    """Regression: PySide6 6.12.0 leaked a reference to None per void call (none_dealloc)."""
    script = (
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(100000):\n"
        "    label.setText('x')\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "alive", done.stderr[-500:]


def test_a_new_feed_address_stops_the_old_one(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "plan.runlift"), ""),
    )
    panel = window.feed_panel
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.server is not None, timeout=10000)
    assert panel.server is not None
    old = panel.server.url
    assert urllib.request.urlopen(old, timeout=10).status == 200
    panel.rotate_token()
    new = panel.server.url
    assert new != old and panel.url.text() == panel.server.webcal_url
    assert urllib.request.urlopen(new, timeout=10).status == 200
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(old, timeout=10)
    assert refused.value.code == 404
    assert not window.state.modified  # the new address was saved at once
