"""The Watch panel and the session details' steps, with real widgets offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from runlift.app.details.panel import session_html
from runlift.app.document.state import OpenDocument
from runlift.app.send import watch as panel_module
from runlift.app.send.watch import NO_WATCH, NOTHING_TO_SEND, WatchPanel
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind, Plan, StepKind
from runlift.publish.watch.device import WatchSearch, find_watches, volumes_under
from runlift.storage.document import Document
from tests.app.conftest import TODAY
from tests.publish.fit_reading import garmin_read

NOTHING = WatchSearch(())


def _panel(qtbot: Any, demo: Document, search: WatchSearch = NOTHING) -> WatchPanel:
    state = OpenDocument(demo, TODAY)
    panel = WatchPanel(state, search=lambda: search)
    qtbot.addWidget(panel)
    return panel


def _rows(panel: WatchPanel) -> list[str]:
    items = [panel.preview.topLevelItem(i) for i in range(panel.preview.topLevelItemCount())]
    return [" ".join(item.text(c) for c in range(3)) for item in items]


def test_the_list_follows_weeks_and_runs_only(qtbot: Any, demo: Document) -> None:
    panel = _panel(qtbot, demo)
    two_weeks = _rows(panel)
    assert any("Str heavy" in line for line in two_weeks)
    panel.runs_only.setChecked(True)
    runs = _rows(panel)
    assert runs and not any("Str heavy" in line for line in runs) and len(runs) < len(two_weeks)
    assert all(s.is_run for s in panel.sessions)
    panel.weeks.setValue(1)
    assert 0 < len(_rows(panel)) < len(runs)
    assert all(s.is_run and s.date >= TODAY for s in panel.sessions)
    panel.start.setDate(QDate(2030, 1, 1))  # after the plan
    assert _rows(panel) == [f" {NOTHING_TO_SEND} "] and not panel.sessions
    assert not panel.write_button.isEnabled()


def test_no_watch_found_says_so_and_send_is_off(qtbot: Any, demo: Document) -> None:
    panel = _panel(qtbot, demo)
    assert panel.watch_label.text() == NO_WATCH
    assert panel.write_button.isEnabled() and not panel.send_button.isEnabled()


def test_write_files_then_advice(qtbot: Any, demo: Document, tmp_path: Path) -> None:
    panel = _panel(qtbot, demo, WatchSearch((), ("mtp:host=091e_4f42",)))
    assert "MTP" in panel.watch_label.text()
    with qtbot.waitSignal(panel.finished, timeout=None):
        panel.write_to(tmp_path / "fit")
    files = sorted((tmp_path / "fit").iterdir())
    assert len(files) == len(panel.sessions)
    for f in files:
        garmin_read(f.read_bytes())
    assert f"Wrote {len(files)} workouts to {tmp_path / 'fit'}." in panel.status.text()
    assert "connected over MTP" in panel.status.text()


def test_write_files_asks_for_a_folder(
    qtbot: Any, demo: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(qtbot, demo)
    asked: list[str] = []

    def choose(_parent: Any, _title: str, start: str) -> str:
        asked.append(start)
        return str(tmp_path / "chosen")

    monkeypatch.setattr(panel_module.QFileDialog, "getExistingDirectory", choose)
    with qtbot.waitSignal(panel.finished, timeout=None):
        panel.write_button.click()
    assert asked == [str(panel.folder())]
    assert len(list((tmp_path / "chosen").iterdir())) == len(panel.sessions)
    assert "No Garmin watch is mounted" in panel.status.text()


def test_send_to_a_mounted_watch(qtbot: Any, demo: Document, tmp_path: Path) -> None:
    (tmp_path / "media" / "GARMIN" / "GARMIN").mkdir(parents=True)
    search = find_watches(volumes_under([tmp_path / "media"]))
    panel = _panel(qtbot, demo, search)
    assert panel.watch_label.text() == f"Watch: Garmin watch ({tmp_path / 'media' / 'GARMIN'})"
    assert panel.send_button.isEnabled()
    with qtbot.waitSignal(panel.finished, timeout=None):
        panel.send_button.click()
    copied = sorted((tmp_path / "media" / "GARMIN" / "GARMIN" / "NewFiles").iterdir())
    assert [f.name for f in copied] == [f.name for f in sorted(panel.folder().iterdir())]
    assert panel.status.text().startswith(f"Sent {len(copied)} workouts to Garmin watch.")


def test_a_failed_copy_is_shown(qtbot: Any, demo: Document, tmp_path: Path) -> None:
    (tmp_path / "v" / "GARMIN").mkdir(parents=True)
    search = find_watches([tmp_path / "v"])
    (tmp_path / "v" / "GARMIN").rmdir()  # unplugged after it was found
    (tmp_path / "v").rmdir()
    panel = _panel(qtbot, demo, search)
    with qtbot.waitSignal(panel.finished, timeout=None):
        panel.send()
    assert panel.status.text().startswith("Nothing more was written: cannot copy onto the watch")
    assert panel.send_button.isEnabled()


def test_the_window_has_a_watch_tab(window: MainWindow) -> None:
    assert "Send ▸ Watch" in window.side_tabs.titles() and window.watch_panel.sessions


def test_details_show_the_steps_as_the_watch_will(demo: Document) -> None:
    plan: Plan = OpenDocument(demo, TODAY).plan
    threshold = next(s for s in plan.sessions if s.kind is Kind.THRESHOLD)
    block = next(s for s in threshold.steps if s.step is StepKind.REPEAT)
    work = block.steps[0]
    html = session_html(threshold, plan)
    assert f"<b>On the watch</b> (Tempo {block.repeat}x{work.minutes:g})" in html
    assert (
        f"<br>{block.repeat} x<br>&nbsp;&nbsp;&nbsp;&nbsp;T pace · {work.minutes:g}:00 · " in html
    )
    rest = next(s for s in plan.sessions if s.kind is Kind.REST)
    assert "On the watch" not in session_html(rest, plan)
