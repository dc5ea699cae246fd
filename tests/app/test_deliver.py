"""Delivering from the window: .ics export, the feed over real HTTP, Google push to the fake."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from runlift.app.send.feed import PHONE_NOTE
from runlift.app.send.qr_code import qr_matrix
from runlift.app.window.export_dialog import ExportDialog
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind
from runlift.publish.events import EventOptions, to_events
from runlift.publish.ics import ics_target
from tests.publish.fake_google import TOO_MANY, FakeGoogle


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )


def test_export_writes_an_ics_that_parses_with_every_session(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ExportDialog, "ask", lambda _parent: EventOptions(alarm_minutes=30))
    _save_to(monkeypatch, tmp_path / "plan.ics")
    window.actions_by_name["export"].trigger()
    calendar = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = calendar.walk("VEVENT")
    plan = window.state.plan
    expected = [s for s in plan.active_sessions if s.kind is not Kind.REST]
    assert len(events) == len(expected)
    uids = {str(e["UID"]) for e in events}
    assert uids == {f"{s.id}@{window.state.document.plan_uuid}" for s in expected}
    assert all(e.walk("VALARM") for e in events)
    # SEQUENCE state kept in the document, under this kind of export's own name
    assert ics_target(EventOptions(alarm_minutes=30)) in window.state.document.publish
    assert not window.state.modified  # an export is nothing the runner has to save


def test_exporting_a_saved_plan_leaves_it_clean_and_notes_the_export_in_its_file(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Any,
) -> None:
    from runlift.storage.document import load_document

    plan_file = tmp_path / "spring.runlift"
    window.state.save(plan_file)
    assert not window.state.modified
    options = EventOptions()
    monkeypatch.setattr(ExportDialog, "ask", lambda _parent: options)
    _save_to(monkeypatch, tmp_path / "plan.ics")
    window.actions_by_name["export"].trigger()
    assert (tmp_path / "plan.ics").exists()
    assert not window.state.modified and "*" not in window.windowTitle()
    on_disk = load_document(plan_file)
    assert (
        on_disk.publish[ics_target(options)] == window.state.document.publish[ics_target(options)]
    )
    qtbot.wait(300)  # the file watcher hears the write: it is our own, nothing to take in
    assert not window.state.modified
    assert "another program" not in window.statusBar().currentMessage()
    assert window.close() and dialogs.shown == []  # Quit asks nothing


def test_a_cancelled_export_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ExportDialog, "ask", lambda _parent: None)
    _save_to(monkeypatch, tmp_path / "plan.ics")
    window.actions_by_name["export"].trigger()
    assert not (tmp_path / "plan.ics").exists()


def _get(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read(), answer.headers["Content-Type"]


def test_the_feed_toggle_serves_the_plan_over_http(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_to(monkeypatch, tmp_path / "feed-plan")  # the untitled demo is saved first
    panel = window.feed_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.server is not None, timeout=10000)
    assert window.state.path == tmp_path / "feed-plan.runlift"
    assert panel.url.text().startswith("webcal://127.0.0.1:")
    server = panel.server
    assert server is not None
    status, body, kind = _get(server.url)
    assert (status, kind) == (200, "text/calendar; charset=utf-8")
    long_run = next(s for s in window.state.plan.sessions if s.kind is Kind.LONG)
    assert f"{long_run.id}@{window.state.document.plan_uuid}".encode() in body.replace(
        b"\r\n ", b""
    )
    # 127.0.0.1 is of no use to a phone: a note instead of a code to scan
    assert panel.qr.pixmap().isNull() and panel.qr.text() == PHONE_NOTE
    url = server.url
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.server is None and panel.url.text() == ""
    with pytest.raises(urllib.error.URLError):
        _get(url)


def test_the_qr_code_holds_the_address() -> None:
    short = qr_matrix("webcal://127.0.0.1:8080/feed/abc/plan.ics")
    longer = qr_matrix("webcal://192.168.1.20:8080/feed/" + "x" * 64 + "/plan.ics")
    assert len(short) == len(short[0]) and len(longer) > len(short)
    assert any(any(row) for row in short)


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        monkeypatch.setenv("RUNLIFT_GOOGLE_API_ENDPOINT", fake.root)
        yield fake


def test_a_google_push_reports_progress_and_ends(
    qtbot: Any, window: MainWindow, fake_google: FakeGoogle
) -> None:
    panel = window.google_panel
    window.side_tabs.setCurrentWidget(panel)
    steps: list[tuple[int, int]] = []
    panel.progress.valueChanged.connect(lambda done: steps.append((done, panel.progress.maximum())))
    with qtbot.waitSignal(panel.taskEnded, timeout=20000):  # connected before the push starts
        panel.start_push(dry_run=False)
    events = to_events(window.state.plan, window.state.document.plan_uuid)
    calendar_id = window.state.document.google_calendar_id
    assert calendar_id is not None
    assert len(fake_google.live_events(calendar_id)) == len(events)
    assert (len(events), len(events)) in steps  # the bar went through every event
    assert panel.progress.value() == panel.progress.maximum()
    assert panel.result.toPlainText().startswith(f"Created {len(events)}")
    assert panel.push_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_a_preview_shows_the_changes_and_writes_nothing(
    qtbot: Any, window: MainWindow, fake_google: FakeGoogle
) -> None:
    panel = window.google_panel
    with qtbot.waitSignal(panel.taskEnded, timeout=20000):
        panel.start_push(dry_run=True)
    assert fake_google.writes == 0
    text = panel.result.toPlainText()
    assert text.startswith("Would create") and "create" in text.splitlines()[1]


def test_cancel_stops_a_push_cleanly_and_the_next_push_finishes(
    qtbot: Any, window: MainWindow, fake_google: FakeGoogle
) -> None:
    panel = window.google_panel
    fake_google.request_faults.extend([TOO_MANY] * 3)  # the push backs off, and is cancelled
    panel.start_push(dry_run=False)
    assert panel.task is not None
    with qtbot.waitSignal(panel.task.cancelled, timeout=20000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.push_button.isEnabled(), timeout=5000)
    assert "cancelled" in panel.result.toPlainText()
    assert fake_google.writes == 0 and not panel.cancel_button.isEnabled()
    fake_google.request_faults.clear()
    with qtbot.waitSignal(panel.taskEnded, timeout=20000):
        panel.start_push(dry_run=False)
    calendar_id = window.state.document.google_calendar_id
    assert calendar_id is not None
    events = to_events(window.state.plan, window.state.document.plan_uuid)
    assert len(fake_google.live_events(calendar_id)) == len(events)
    assert len(fake_google.calendars) == 1


def test_the_drawn_qr_code_matches_the_code_module_for_module(qtbot: Any) -> None:
    from runlift.app.send.qr_code import qr_pixmap

    url = "webcal://127.0.0.1:8080/feed/abcdefghijklmnopqrstuvwxyz012345/plan.ics"
    matrix = qr_matrix(url)
    image = qr_pixmap(url).toImage()
    module = image.width() // len(matrix)
    assert image.width() == image.height() == module * len(matrix) and module >= 4
    drawn = [
        [image.pixelColor(x * module + module // 2, y * module + module // 2).value() < 128
         for x in range(len(matrix))]
        for y in range(len(matrix))
    ]  # fmt: skip
    assert drawn == matrix
