"""Window tests run offscreen with real widgets; nothing touches the runner's own folders."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from runlift.app.main_window import MainWindow
from runlift.app.startup import demo_document
from runlift.app.workers import Task
from runlift.plan.model import Plan
from runlift.storage.document import Document

TODAY = date(2026, 12, 8)  # a Tuesday inside the demo plan (16 Nov 2026 → 14 Mar 2027)


class Dialogs:
    """Stands in for the modal message boxes: records them and answers as told."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answer = QMessageBox.StandardButton.Discard

    def question(self, _parent: Any, title: str, text: str, *_args: Any) -> Any:
        self.shown.append((title, text))
        return self.answer

    def warning(self, _parent: Any, title: str, text: str, *_args: Any) -> Any:
        self.shown.append((title, text))
        return QMessageBox.StandardButton.Ok


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recent documents and recovery files go to a temporary RUNLIFT_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("RUNLIFT_HOME", str(home))
    return home


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    recorder = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", recorder.question)
    monkeypatch.setattr(QMessageBox, "warning", recorder.warning)
    return recorder


@pytest.fixture
def demo() -> Document:
    return demo_document(TODAY)


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(
    qtbot: Any, demo: Document, ui_settings: QSettings, dialogs: Dialogs
) -> Iterator[MainWindow]:
    shown = MainWindow(demo, TODAY, None, ui_settings)
    qtbot.addWidget(shown)
    shown.resize(1480, 900)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.feed_panel.stop_server()
    shown.google_panel.cancel()


def plan_of(window: MainWindow) -> Plan:
    return window.state.plan


TaskWait = Callable[..., contextlib.AbstractContextManager[list[Task]]]


@pytest.fixture
def task_ends(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> TaskWait:
    """``with task_ends(): panel.start_push(…)`` waits for ``finished`` (or another signal) of
    the task started inside, listening from before it starts: a task that ends at once on a
    busy machine is still seen (a signal sent across threads reaches only the slots connected
    when it is sent). The tasks started are in the list it yields; the wait has no time limit
    a slow machine could hit.
    """

    @contextlib.contextmanager
    def waiting(
        signal: str = "finished", on_start: Callable[[Task], object] | None = None
    ) -> Iterator[list[Task]]:
        started: list[Task] = []
        blockers: list[Any] = []
        real_start = Task.start

        def start(task: Task) -> None:
            blockers.append(qtbot.waitSignal(getattr(task, signal), timeout=None))
            if on_start is not None:  # e.g. connect to its progress, also before it starts
                on_start(task)
            started.append(task)
            real_start(task)

        monkeypatch.setattr(Task, "start", start)
        try:
            yield started
        finally:
            monkeypatch.setattr(Task, "start", real_start)
        assert blockers, "no task was started"
        blockers[-1].wait()

    return waiting
