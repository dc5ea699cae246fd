"""The window as one of many writers of its file: it keeps what the command line saved, shows
it as it happens, refuses a write-protected file (offering Save As), and survives a month of
skips with every step undoable (DESIGN.md "Many writers, one document")."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from runlift.app.window.main import MainWindow
from runlift.cli import main
from runlift.plan.edits.record import Edit, EditOp
from runlift.plan.model import Kind, Mode, Settings
from runlift.storage.document import (
    PublishRecord,
    load_document,
    new_document,
    save_document,
    update_document,
)
from tests.app.conftest import TODAY, Dialogs
from tests.cli.test_doc_cli_safety import first_runs


def _cli(*argv: str) -> str:
    """``runlift ARGV`` as another program would run it; its stdout."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, "--today", TODAY.isoformat()])
    assert (code, err.getvalue()) == (0, ""), err.getvalue()
    return out.getvalue()


def _saved(window: MainWindow, tmp_path: Path) -> Path:
    path = tmp_path / "plan.runlift"
    window.state.save(path)
    return path


def _lifts(window: MainWindow) -> list[str]:
    return [s.id for s in window.state.plan.sessions if s.kind is Kind.STRENGTH]


def _skipped(window: MainWindow, session_id: str) -> bool:
    session = window.state.plan.session(session_id)
    assert session is not None
    return session.skipped


def test_saving_keeps_an_edit_the_command_line_saved_meanwhile(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    first, second = _lifts(window)[:2]
    window.watcher.blockSignals(True)  # the save itself must merge, watcher or not
    _cli("skip", str(path), first)
    window.plan_view.skip_session(second)
    assert window.save()
    on_disk = load_document(path)
    assert [e.session_id for e in on_disk.edits] == [first, second]
    assert _skipped(window, first) and _skipped(window, second)
    assert not window.state.modified


def test_the_window_shows_at_once_what_another_program_saved(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    lift = _lifts(window)[0]
    # waiting before the write: a quick watcher is still heard
    with qtbot.waitSignal(window.state.changedOnDisk, timeout=None) as seen:
        _cli("skip", str(path), lift)
    assert "was changed by another program" in seen.args[0]
    assert _skipped(window, lift)
    assert not window.state.modified and not window.windowTitle().startswith("*")
    assert "changed by another program" in window.statusBar().currentMessage()
    window.state.undo_stack.undo()  # the change from outside is one undo step …
    assert not _skipped(window, lift) and window.state.modified
    window.state.undo_stack.redo()  # … and redo brings it back: the file as it is
    assert _skipped(window, lift) and not window.state.modified


def test_unsaved_changes_stay_when_another_program_saves(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    mine, theirs = _lifts(window)[:2]
    window.plan_view.skip_session(mine)
    with qtbot.waitSignal(window.state.changedOnDisk, timeout=None):
        _cli("skip", str(path), theirs)
    assert _skipped(window, mine) and _skipped(window, theirs)
    assert window.state.modified  # mine is still unsaved
    assert [e.session_id for e in load_document(path).edits] == [theirs]
    assert window.save()
    assert [e.session_id for e in load_document(path).edits] == [theirs, mine]


def test_settings_changed_on_both_sides_keep_the_window_s_and_say_so(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    settings = window.state.document.settings
    assert window.state.change_settings(replace(settings, strength_minutes=40), "x") is None
    with qtbot.waitSignal(window.state.changedOnDisk, timeout=None) as seen:
        _cli("set", str(path), "strength_minutes=50")
    assert "the settings were also changed elsewhere; yours are kept" in seen.args[0]
    assert window.state.document.settings.strength_minutes == 40
    assert window.save()
    assert load_document(path).settings.strength_minutes == 40


def test_a_write_protected_file_is_not_saved_and_save_as_is_offered(
    window: MainWindow, tmp_path: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(window, tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    window.plan_view.skip_session(_lifts(window)[0])
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.save()
    title, text = dialogs.shown[-1]
    assert title == "The plan is write-protected" and "Save it as a new file?" in text
    assert path.read_bytes() == before and window.state.modified
    copy = tmp_path / "copy.runlift"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(copy), "")
    )
    dialogs.answer = QMessageBox.StandardButton.Save
    assert window.save()
    assert window.state.path == copy and len(load_document(copy).edits) == 1
    assert path.read_bytes() == before and not window.state.modified


def test_a_month_of_skips_is_undone_and_redone_step_by_step(
    qtbot: Any, tmp_path: Path, dialogs: Dialogs
) -> None:
    """Ill for a month: every run of the first five weeks of a 10K plan, then all undone."""
    today = date(2026, 11, 28)
    settings = Settings(
        mode=Mode.RACE, race_date=date(2027, 3, 7), distance_km=10.0, weekly_km=30.0,
        long_run_km=12.0, runs_per_week=3, strength_per_week=0, timezone="Europe/Berlin",
    )  # fmt: skip
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(new_document(settings, "10K", today), today, None, ui)
    qtbot.addWidget(window)
    first_plan = window.state.plan
    ill_for_a_month = first_runs(window.state.document, today, weeks=5)
    assert len(ill_for_a_month) >= 13  # the case: the 14th skip crashed
    for session_id in ill_for_a_month:
        window.plan_view.skip_session(session_id)
        assert _skipped(window, session_id), session_id
    stack = window.state.undo_stack
    assert stack.count() == len(ill_for_a_month)
    while stack.canUndo():
        stack.undo()
    assert window.state.plan == first_plan and window.state.document.edits == ()
    while stack.canRedo():
        stack.redo()
    assert [e.session_id for e in window.state.document.edits] == ill_for_a_month
    assert all(e.op is EditOp.SKIP for e in window.state.document.edits)
    path = tmp_path / "ill.runlift"
    save_document(path, window.state.document)
    assert load_document(path).edits == tuple(Edit(EditOp.SKIP, i) for i in ill_for_a_month)
    assert not dialogs.shown


def test_publish_state_saved_by_a_feed_comes_in_quietly(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    record = PublishRecord("abc", 3, datetime(2026, 12, 8, 6, 0, tzinfo=UTC))
    update_document(path, lambda fresh: replace(fresh, publish={"feed": {"w-10.long": record}}))
    with qtbot.assertNotEmitted(window.state.changedOnDisk):
        assert window.state.reload_from_disk()
    assert window.state.document.publish["feed"]["w-10.long"] == record
    assert not window.state.modified and window.state.undo_stack.count() == 0
    assert not window.state.reload_from_disk()  # nothing new the second time


def test_a_newer_runlift_s_settings_are_kept_and_named_on_open(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path)
    data = json.loads(path.read_text())
    data["settings"]["cadence_target"] = 172
    path.write_text(json.dumps(data))
    assert window.open_path(path)
    message = window.statusBar().currentMessage()
    assert "does not know (cadence_target); they are kept" in message
    window.plan_view.skip_session(_lifts(window)[0])
    assert window.save()
    assert json.loads(path.read_text())["settings"]["cadence_target"] == 172
