"""Window tests run offscreen with real widgets; nothing touches the runner's own folders."""

from __future__ import annotations

import os
import socket
import urllib.request

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from runlift.app.startup import demo_document
from runlift.app.window.main import MainWindow
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


@pytest.fixture(autouse=True)
def feed_default_port(monkeypatch: pytest.MonkeyPatch) -> int:
    """The feed's default port: a free one, not the real default another RunLift may hold."""
    from runlift.publish.feed import port as feed_port

    port = free_port()
    monkeypatch.setattr(feed_port, "DEFAULT_PORT", port)
    return port


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    feed = shown.side_tabs.built_panel("feed")
    if feed is not None:  # built only when a test opened it
        feed.stop_server()  # type: ignore[attr-defined]
    google = shown.side_tabs.built_panel("google")
    if google is not None:
        google.cancel()  # type: ignore[attr-defined]


@pytest.fixture
def generations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every plan generated from here on (the engine's draft), by its arguments."""
    from runlift.plan.edits import apply as edits_module

    generated: list[object] = []
    real = edits_module.draft_plan
    monkeypatch.setattr(
        edits_module, "draft_plan", lambda *a, **k: generated.append(a) or real(*a, **k)
    )
    return generated


def plan_of(window: MainWindow) -> Plan:
    return window.state.plan


@pytest.fixture
def saved(window: MainWindow, tmp_path: Path) -> Path:
    """The window's plan saved to a file: the feed serves the saved file."""
    path = tmp_path / "spring.runlift"
    window.state.save(path)
    return path


@pytest.fixture
def lan_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """'Share on the local network' binds 127.0.0.1 here: tests never listen anywhere else."""
    from runlift.publish.feed import server as feed

    monkeypatch.setattr(feed, "ALL_INTERFACES", feed.LOOPBACK)
    monkeypatch.setattr(feed, "_lan_address", lambda: feed.LOOPBACK)


def served(webcal: str) -> bytes:
    """The feed's calendar at a webcal:// address, lines unfolded."""
    with urllib.request.urlopen("http://" + webcal.removeprefix("webcal://"), timeout=10) as got:
        return bytes(got.read()).replace(b"\r\n ", b"")
