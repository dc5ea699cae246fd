"""What the window keeps apart: plan content (undoable) and what was published (never undone),
the plan that was pushed and the plan now on screen, the file served and the file shown."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from runlift.app.window.main import MainWindow
from runlift.plan import generate as plan_generate
from runlift.plan.edits import apply as plan_edits
from runlift.plan.model import Kind
from runlift.storage.document import PublishRecord, load_document, update_document
from tests.app.conftest import Dialogs
from tests.publish.fake_google import TOO_MANY, FakeGoogle


def _saved(window: MainWindow, path: Path) -> Path:
    window.state.save(path)
    return path


def _skip_a_lift(window: MainWindow) -> str:
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.skip_session(lift.id)
    assert window.state.plan.session(lift.id).skipped  # type: ignore[union-attr]
    return lift.id


@pytest.fixture
def fake_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        monkeypatch.setenv("RUNLIFT_GOOGLE_API_ENDPOINT", fake.root)
        yield fake


# -- undo holds plan content only --------------------------------------------------------------
def test_undo_brings_back_the_plan_but_not_an_old_feed_token_or_google_calendar(
    window: MainWindow,
) -> None:
    state = window.state
    old_token = state.document.feed_token
    _skip_a_lift(window)
    published = replace(
        state.document, feed_token="new-token", google_calendar_id="cal-1",
        google_event_ids={"w01-easy": "ev1"},
    )  # fmt: skip
    state.set_document(published)
    state.undo_stack.undo()
    assert state.document.edits == ()
    assert state.document.feed_token == "new-token" != old_token
    assert state.document.google_calendar_id == "cal-1"
    assert state.document.google_event_ids == {"w01-easy": "ev1"}
    state.undo_stack.redo()
    assert len(state.document.edits) == 1 and state.document.feed_token == "new-token"


def test_a_settings_change_that_changes_nothing_adds_no_undo_step(window: MainWindow) -> None:
    state = window.state
    assert state.change_settings(state.document.settings, "weekly_km") is None
    field = window.setup_panel.fields["weekly_km"].widget
    field.setText("50.0")  # type: ignore[attr-defined]  # the same 50 km, typed differently
    window.setup_panel.apply_pending()
    assert state.undo_stack.count() == 0
    assert not state.modified and "*" not in window.windowTitle()


def test_typing_a_value_and_then_the_old_one_again_leaves_nothing_to_undo(
    window: MainWindow,
) -> None:
    panel, state = window.setup_panel, window.state
    field = panel.fields["weekly_km"].widget
    for text in ("52", "55", "50"):
        field.setText(text)  # type: ignore[attr-defined]
        panel.apply_pending()
    assert state.undo_stack.count() == 0 or state.undo_stack.index() == 0
    assert not state.undo_stack.canUndo()
    assert not state.modified and "*" not in window.windowTitle()


def test_an_edit_generates_the_plan_once(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    real = plan_generate.draft_plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    for module in (
        "runlift.plan.generate",
        "runlift.plan.edits.apply",
        "runlift.app.document.state",
    ):
        monkeypatch.setattr(f"{module}.draft_plan", counted, raising=False)
    assert plan_edits.draft_plan is counted
    lift_id = _skip_a_lift(window)
    assert len(calls) == 1
    assert window.state.plan.session(lift_id).skipped  # type: ignore[union-attr]


# -- saving keeps what others published -------------------------------------------------------
def test_saving_keeps_what_the_feed_server_recorded_in_the_file_meanwhile(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path / "plan.runlift")
    record = PublishRecord("abc", 7, datetime(2026, 12, 1, 8, 0, tzinfo=UTC))

    def feed_rendered(fresh: Any) -> Any:
        return replace(fresh, publish={"feed": {"w01-long": record}}, google_calendar_id="cal-9")

    update_document(path, feed_rendered)  # what a feed server does while the window is open
    _skip_a_lift(window)
    assert window.save()
    on_disk = load_document(path)
    assert on_disk.publish["feed"]["w01-long"] == record
    assert on_disk.google_calendar_id == "cal-9" and len(on_disk.edits) == 1
    assert window.state.document.publish["feed"]["w01-long"] == record
    assert not window.state.modified


# -- a new feed address touches only the token --------------------------------------------------
def test_a_new_address_writes_only_the_token_and_keeps_edits_unsaved(
    window: MainWindow, tmp_path: Path
) -> None:
    path = _saved(window, tmp_path / "plan.runlift")
    _skip_a_lift(window)
    old_token = window.state.document.feed_token
    window.feed_panel.rotate_token()
    on_disk = load_document(path)
    assert on_disk.feed_token != old_token
    assert window.state.document.feed_token == on_disk.feed_token
    assert on_disk.edits == ()  # the unsaved skip stays unsaved
    assert window.state.modified and len(window.state.document.edits) == 1


# -- the feed follows the document on screen ----------------------------------------------------
def _start_feed(qtbot: Any, window: MainWindow) -> str:
    panel = window.feed_panel
    panel.toggle.click()
    qtbot.waitUntil(lambda: panel.server is not None, timeout=10000)
    assert panel.server is not None
    return panel.server.url


def test_new_plan_stops_the_feed_of_the_previous_file(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _saved(window, tmp_path / "first.runlift")
    url = _start_feed(qtbot, window)
    window.new_plan()
    assert window.state.path is None
    assert window.feed_panel.server is None and window.feed_panel.url.text() == ""
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=10)


def test_opening_another_plan_serves_that_file_and_says_which(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    other = _saved(window, tmp_path / "other.runlift")
    window.new_plan()
    _saved(window, tmp_path / "first.runlift")
    _start_feed(qtbot, window)
    assert window.open_path(other)
    panel = window.feed_panel
    qtbot.waitUntil(lambda: panel.served_path == other, timeout=10000)
    assert panel.server is not None and "other.runlift" in panel.status.text()
    assert load_document(other).feed_token in panel.url.text()


# -- a Google push lands in the plan it pushed ------------------------------------------------
def _push_and_wait(qtbot: Any, window: MainWindow, before_end: Callable[[], None]) -> None:
    panel = window.google_panel
    with qtbot.waitSignal(panel.taskEnded, timeout=20000):  # waiting before the push starts
        panel.start_push(dry_run=False)
        before_end()


def test_a_push_records_its_calendar_in_the_saved_file_at_once(
    qtbot: Any, window: MainWindow, tmp_path: Path, fake_google: FakeGoogle
) -> None:
    path = _saved(window, tmp_path / "plan.runlift")
    _skip_a_lift(window)  # unsaved: discarding it must not lose the calendar
    _push_and_wait(qtbot, window, lambda: None)
    calendar_id = window.state.document.google_calendar_id
    assert calendar_id is not None and list(fake_google.calendars) == [calendar_id]
    on_disk = load_document(path)
    assert on_disk.google_calendar_id == calendar_id
    assert on_disk.publish.get("google") == window.state.document.publish.get("google")
    assert on_disk.edits == ()


def test_a_push_that_ends_after_new_plan_goes_to_its_own_file_only(
    qtbot: Any, window: MainWindow, tmp_path: Path, fake_google: FakeGoogle, dialogs: Dialogs
) -> None:
    path = _saved(window, tmp_path / "plan.runlift")
    fake_google.request_faults.extend([TOO_MANY] * 2)  # slow enough to open another plan
    _push_and_wait(qtbot, window, window.new_plan)
    assert window.state.path is None
    assert window.state.document.google_calendar_id is None
    assert window.state.document.google_event_ids == {}
    assert load_document(path).google_calendar_id in fake_google.calendars


def test_an_untitled_plans_push_is_not_given_to_the_next_plan(
    qtbot: Any, window: MainWindow, fake_google: FakeGoogle, dialogs: Dialogs
) -> None:
    fake_google.request_faults.extend([TOO_MANY] * 2)
    _push_and_wait(qtbot, window, window.new_plan)
    assert window.state.document.google_calendar_id is None
    assert "was not kept" in window.google_panel.result.toPlainText()


def test_closing_during_a_push_asks_and_cancel_keeps_it_running(
    qtbot: Any, window: MainWindow, fake_google: FakeGoogle, dialogs: Dialogs
) -> None:
    from PySide6.QtWidgets import QMessageBox

    fake_google.request_faults.extend([TOO_MANY] * 3)
    panel = window.google_panel
    panel.start_push(dry_run=False)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert dialogs.shown and dialogs.shown[0][0] == "Google push running"
    assert window.isVisible() and panel.busy
    dialogs.answer = QMessageBox.StandardButton.Close
    assert window.close()
    assert panel.task is not None and not panel.task.running
