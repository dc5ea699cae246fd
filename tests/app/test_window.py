"""The window against its real widgets, offscreen: set up, see, adjust, save and open."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent

from runlift.app.startup import shifted_to_week_of, startup_document
from runlift.app.view.model import SESSIONS_ROLE, VIOLATIONS_ROLE
from runlift.app.view.table import SESSION_MIME
from runlift.app.window.main import MainWindow
from runlift.plan.model import Kind, Load, Phase
from runlift.resources import resource_path
from runlift.storage.document import load_document
from tests.app.conftest import TODAY, Dialogs


def test_first_start_shows_the_demo_plan_as_an_untitled_copy(window: MainWindow) -> None:
    bundled = load_document(resource_path("demo.runlift"))
    start = startup_document(None, None, TODAY)
    assert start.path is None and start.problem is None
    # the demo as shipped, moved to this week, on the runner's own clock (TZ is UTC in the tests)
    current = shifted_to_week_of(bundled, TODAY)
    assert start.document.settings == replace(current.settings, timezone="UTC")
    assert window.state.path is None
    assert window.state.document.plan_uuid != bundled.plan_uuid  # a copy, never the file
    table = window.plan_view.plan_model
    assert table.rowCount() == len(window.state.plan.weeks) >= 12
    race = next(s for s in window.state.plan.sessions if s.kind is Kind.RACE)
    assert race in table.index_of_date(race.date).data(SESSIONS_ROLE)
    assert window.windowTitle() == f"{bundled.name} — RunLift"
    assert window.chart.bars and window.details.session_id is None


def test_a_missing_document_falls_back_to_the_demo_and_says_why(tmp_path: Path) -> None:
    start = startup_document(tmp_path / "gone.runlift", None, TODAY)
    assert start.path is None
    assert start.problem is not None and "gone.runlift" in start.problem
    shipped = shifted_to_week_of(load_document(resource_path("demo.runlift")), TODAY).settings
    assert start.document.settings == replace(shipped, timezone="UTC")


def _taper_starts(window: MainWindow) -> list[Any]:
    return [w.start for w in window.state.plan.weeks if w.phase is Phase.TAPER]


def test_changing_the_race_date_in_the_form_moves_the_taper(qtbot: Any, window: MainWindow) -> None:
    before = _taper_starts(window)
    race_day = window.state.document.settings.race_date
    assert race_day is not None and before
    field = window.setup_panel.fields["race_date"].widget
    field.setDate(QDate(race_day + timedelta(weeks=2)))  # type: ignore[attr-defined]
    # Live update: the debounce timer applies the change without any button.
    qtbot.waitUntil(lambda: window.state.document.settings.race_date != race_day, timeout=3000)
    after = _taper_starts(window)
    assert after == [day + timedelta(weeks=2) for day in before]  # T5: counted back from race day
    table = window.plan_view.plan_model
    taper_rows = table.rows_where(lambda week: week.phase is Phase.TAPER)
    assert [table.plan.weeks[r].start for r in taper_rows] == after  # type: ignore[union-attr]
    assert window.windowTitle().endswith("* — RunLift")


def test_a_bad_value_is_marked_at_its_field_and_changes_nothing(window: MainWindow) -> None:
    panel = window.setup_panel
    settings, plan = window.state.document.settings, window.state.plan
    panel.fields["long_run_km"].widget.setText("70")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.is_marked("long_run_km")
    assert panel.error_text("long_run_km") == "must be between 1 and 60"
    assert panel.fields["long_run_km"].widget.property("invalid") is True
    assert window.state.document.settings == settings and window.state.plan is plan
    assert not window.state.modified
    panel.fields["weekly_km"].widget.setText("abc")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.error_text("weekly_km") == "'abc' is not a number"
    assert window.state.plan is plan
    panel.fields["weekly_km"].widget.setText("80")  # type: ignore[attr-defined]
    panel.apply_pending()  # a good weekly value applies; the refused long run stays refused
    assert not panel.is_marked("weekly_km") and panel.is_marked("long_run_km")
    assert window.state.document.settings.weekly_km == 80
    assert window.state.document.settings.long_run_km == settings.long_run_km
    panel.fields["long_run_km"].widget.setText("40")  # type: ignore[attr-defined]
    panel.apply_pending()  # V10: a long longest run is the runner's own, never refused
    assert not panel.is_marked("long_run_km")
    assert window.state.document.settings.long_run_km == 40


def _drop(window: MainWindow, session_id: str, target: Any) -> None:
    """What Qt calls when a dragged chip is released over a day cell (the view's dropEvent)."""
    view = window.plan_view
    index = view.plan_model.index_of_date(target)
    view.scrollTo(index)
    mime = QMimeData()
    mime.setData(SESSION_MIME, session_id.encode())
    event = QDropEvent(
        QPointF(view.visualRect(index).center()),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert event.isAccepted()


def test_dropping_heavy_strength_before_the_long_run_shows_s5_and_undo_restores(
    window: MainWindow,
) -> None:
    plan = window.state.plan
    lift = next(s for s in plan.sessions if s.kind is Kind.STRENGTH and s.load is Load.HEAVY)
    week = plan.week_of(lift.date)
    long_run = next(
        s for s in plan.sessions if s.kind is Kind.LONG and plan.week_of(s.date) == week
    )
    eve = long_run.date - timedelta(days=1)
    assert "S5" not in window.warnings.rules()
    _drop(window, lift.id, eve)
    moved = window.state.plan.session(lift.id)
    assert moved is not None and moved.date == eve
    assert "S5" in window.warnings.rules()
    cell = window.plan_view.plan_model.index_of_date(eve)
    assert any(v.rule == "S5" for v in cell.data(VIOLATIONS_ROLE))
    assert "Warnings (" in window.side_tabs.tabText(1)
    window.actions_by_name["undo"].trigger()
    restored = window.state.plan.session(lift.id)
    assert restored is not None and restored.date == lift.date
    assert window.state.document.edits == ()
    assert "S5" not in window.warnings.rules()
    window.actions_by_name["redo"].trigger()
    assert "S5" in window.warnings.rules()


def test_context_menu_skip_and_restore_are_undoable_edits(window: MainWindow) -> None:
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    menu = window.plan_view.session_menu(lift)
    skip = next(a for a in menu.actions() if a.text() == "Skip")
    skip.trigger()
    assert window.state.plan.session(lift.id).skipped  # type: ignore[union-attr]
    menu = window.plan_view.session_menu(window.state.plan.session(lift.id))  # type: ignore[arg-type]
    next(a for a in menu.actions() if a.text() == "Restore").trigger()
    assert not window.state.plan.session(lift.id).skipped  # type: ignore[union-attr]
    assert window.state.document.edits == ()  # a restore cancels its skip
    assert window.state.undo_stack.count() == 2


def test_clicking_a_chip_shows_the_sessions_details(qtbot: Any, window: MainWindow) -> None:
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    view = window.plan_view
    view.scrollTo(view.plan_model.index_of_session(lift.id))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.chip_centre(lift.id))
    assert window.details.session_id == lift.id
    text = window.details.toPlainText()
    assert lift.title in text and lift.exercises[0].name in text and "Why here" in text


def test_save_and_open_round_trip_through_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs
) -> None:
    target = tmp_path / "spring"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.skip_session(lift.id)
    assert window.windowTitle().startswith("Demo: spring half marathon*")
    window.actions_by_name["save"].trigger()
    saved = tmp_path / "spring.runlift"
    assert window.state.path == saved and not window.state.modified
    assert window.windowTitle() == "spring — RunLift"
    edits_saved = window.state.document.edits
    window.plan_view.skip_session(lift.id, skip=False)  # an unsaved change, then Open
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(saved), "")
    )
    window.actions_by_name["open"].trigger()
    assert dialogs.shown and dialogs.shown[-1][0] == "Unsaved changes"
    assert window.state.document == load_document(saved)
    assert window.state.document.edits == edits_saved
    assert window.state.plan.session(lift.id).skipped  # type: ignore[union-attr]
    assert not window.state.modified and window.state.undo_stack.count() == 0


def test_opening_a_broken_file_keeps_the_plan_on_screen(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs
) -> None:
    broken = tmp_path / "broken.runlift"
    broken.write_text('{"format": "runlift-document", "schema_vers')
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(broken), "")
    )
    document = window.state.document
    window.actions_by_name["open"].trigger()
    assert window.state.document is document
    assert dialogs.shown[-1][0] == "Cannot open plan"
    assert broken.read_text() == '{"format": "runlift-document", "schema_vers'


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(
    window: MainWindow, dialogs: Dialogs
) -> None:
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.skip_session(lift.id)
    dialogs.answer = dialogs.answer.Cancel
    assert not window.close()
    assert dialogs.shown[-1][0] == "Unsaved changes"
    dialogs.answer = dialogs.answer.Discard
    assert window.close()


def test_window_state_is_remembered(
    qtbot: Any, window: MainWindow, tmp_path: Path, ui_settings: Any
) -> None:
    window.resize(760, 560)  # inside the offscreen screen, which restoreGeometry clamps to
    window.centre_splitter.setSizes([120, 380])
    window.side_dock.close()
    window.state.save(tmp_path / "kept.runlift")
    window.save_ui_state()
    assert ui_settings.value("document/last") == str(tmp_path / "kept.runlift")
    again = MainWindow(window.state.document, TODAY, None, ui_settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == window.size()
    assert again.centre_splitter.sizes() == window.centre_splitter.sizes()
    assert again.setup_dock.isVisible() and not again.side_dock.isVisible()
    start = startup_document(None, str(tmp_path / "kept.runlift"), TODAY)
    assert start.path == tmp_path / "kept.runlift"


def test_new_plan_starts_on_the_coming_monday_with_the_race_on_the_long_run_day(
    window: MainWindow,
) -> None:
    old_uuid = window.state.document.plan_uuid
    window.actions_by_name["new"].trigger()
    settings = window.state.document.settings
    monday = TODAY + timedelta(days=6)  # TODAY is a Tuesday
    assert settings.start == monday and settings.race_date == monday + timedelta(weeks=16, days=-1)
    assert settings.race_date.strftime("%a").lower() == settings.long_run_day == "sun"
    assert window.state.document.plan_uuid != old_uuid and window.state.path is None
    assert window.windowTitle() == "New plan — RunLift"
    assert window.plan_view.plan_model.rowCount() == len(window.state.plan.weeks) == 16
    shown = window.setup_panel.fields["race_date"].widget.date().toPython()  # type: ignore[attr-defined]
    assert shown == settings.race_date
    assert "starts Mon 14 Dec, race Sun 04 Apr 2027" in window.statusBar().currentMessage()


def test_a_refused_move_changes_nothing_and_says_why(window: MainWindow) -> None:
    race = next(s for s in window.state.plan.sessions if s.kind is Kind.RACE)
    before = window.state.document
    window.plan_view.move_session(race.id, race.date - timedelta(days=2))
    assert window.state.document is before and window.state.undo_stack.count() == 0
    assert "race" in window.statusBar().currentMessage().lower()


def test_moving_twice_keeps_one_edit_that_remembers_the_planned_day(window: MainWindow) -> None:
    easy = next(s for s in window.state.plan.sessions if s.kind is Kind.EASY)
    window.plan_view.move_session(easy.id, easy.date + timedelta(days=1))
    moved = window.state.plan.session(easy.id)
    assert moved is not None
    window.plan_view.move_session(easy.id, moved.date + timedelta(days=1))
    edits = window.state.document.edits
    assert len(edits) == 1 and edits[0].from_date == easy.date
    assert edits[0].date == easy.date + timedelta(days=2)


def test_the_demo_opens_on_the_runners_own_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Chicago")
    start = startup_document(None, None, TODAY)
    assert start.document.settings.timezone == "America/Chicago"
