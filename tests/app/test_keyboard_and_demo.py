"""The plan grid without a mouse, the demo moved to the current week, and today past midnight."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QMenu, QMessageBox

from runlift.app.document.state import OpenDocument, build_plan
from runlift.app.startup import demo_document, shifted_to_week_of
from runlift.app.view import table as plan_view_module
from runlift.app.view.keys import KEYBOARD_HELP
from runlift.app.view.model import IS_TODAY_ROLE
from runlift.app.view.table import PlanView
from runlift.app.window.main import MainWindow
from runlift.plan.edits.apply import move_edit
from runlift.plan.generate import draft_plan
from runlift.plan.model import Kind, Session
from runlift.resources import resource_path
from runlift.storage.document import Document, load_document
from tests.app.conftest import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _focused_view(qtbot: Any, window: MainWindow) -> PlanView:
    view = window.plan_view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    return view


def _day_chips(view: PlanView, day: date) -> list[str]:
    return [s.id for s in view.plan_model.sessions_on(day)]


def _movable_run(window: MainWindow) -> Session:
    """An easy run away from the plan's first day and race week (one-day moves are allowed)."""
    plan = window.state.plan
    race = next(s for s in plan.sessions if s.kind is Kind.RACE)
    first = plan.weeks[0].start + timedelta(days=7)
    return next(
        s
        for s in plan.sessions
        if s.kind is Kind.EASY and first < s.date < race.date - timedelta(days=9)
    )


# -- arrows, Tab, focus -------------------------------------------------------------------------


def test_arrow_keys_walk_the_days_and_weeks_and_pick_a_chip(qtbot: Any, window: MainWindow) -> None:
    view = _focused_view(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # nothing selected yet: the keyboard starts at today
    assert view.plan_model.day_of(view.currentIndex()) == TODAY
    assert view.chips.selected_session_id == (_day_chips(view, TODAY) or [None])[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    day = TODAY + timedelta(days=8)
    assert view.plan_model.day_of(view.currentIndex()) == day
    assert view.chips.selected_session_id == (_day_chips(view, day) or [None])[0]
    monday = day - timedelta(days=day.weekday())
    for _ in range(day.weekday() + 1):  # Left from Monday goes on to the Sunday before
        qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.plan_model.day_of(view.currentIndex()) == monday - timedelta(days=1)
    for _ in range(30):  # Up past the first week stays in the first week, on the same day
        qtbot.keyClick(view, Qt.Key.Key_Up)
    first_week = view.plan_model.day_of(view.currentIndex())
    assert first_week is not None and first_week.weekday() == 6
    assert first_week == window.state.plan.weeks[0].start + timedelta(days=6)


def test_tab_walks_the_chips_of_a_day_then_leaves_the_grid(qtbot: Any, window: MainWindow) -> None:
    plan = window.state.plan
    day = next(
        s.date for s in plan.sessions if len(window.plan_view.plan_model.sessions_on(s.date)) >= 2
    )
    first, second = _day_chips(window.plan_view, day)[:2]
    view = _focused_view(qtbot, window)
    view.select_session(first)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.chips.selected_session_id == second
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.chips.selected_session_id == first
    last = _day_chips(view, day)[-1]
    view.select_session(last)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # past the last chip: focus moves on, no trap
    qtbot.waitUntil(lambda: not view.hasFocus(), timeout=3000)
    assert view.chips.selected_session_id == last


def _ring_pixels(image: QImage, chip: Any, colour: QColor) -> int:
    """Pixels of ``colour`` in the band just outside a chip (where the focus ring is drawn)."""
    ring = chip.adjusted(-4, -4, 4, 4)
    points = [
        (x, y) for x in range(ring.left(), ring.right()) for y in (ring.top(), ring.top() + 1)
    ]
    return sum(QColor(image.pixel(x, y)).rgb() == colour.rgb() for x, y in points)


def test_the_selected_chip_shows_keyboard_focus(qtbot: Any, window: MainWindow) -> None:
    run = _movable_run(window)
    view = _focused_view(qtbot, window)
    view.select_session(run.id)
    text = view.palette().color(QPalette.ColorRole.Text)
    chip = view.chip_rect(run.id)
    focused = view.viewport().grab().toImage()
    assert view.chips.focus_visible
    window.setup_panel.setFocus()  # focus elsewhere: the selection stays, the ring goes
    qtbot.waitUntil(lambda: not view.hasFocus(), timeout=3000)
    unfocused = view.viewport().grab().toImage()
    assert _ring_pixels(focused, chip, text) > chip.width() // 2
    assert _ring_pixels(unfocused, chip, text) < _ring_pixels(focused, chip, text) // 4
    assert view.chips.selected_session_id == run.id


# -- the edits ----------------------------------------------------------------------------------


def test_ctrl_arrows_move_the_session_as_one_undo_step(qtbot: Any, window: MainWindow) -> None:
    run = _movable_run(window)
    view = _focused_view(qtbot, window)
    view.select_session(run.id)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    moved = window.state.plan.session(run.id)
    assert moved is not None and moved.date == run.date + timedelta(days=1)
    assert window.state.undo_stack.count() == 1
    (edit,) = window.state.document.edits
    assert edit.op == "move" and edit.from_date == run.date  # the drag's own edit
    assert view.chips.selected_session_id == run.id  # the chip stays selected and current
    assert view.plan_model.day_of(view.currentIndex()) == moved.date
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)
    back = window.state.plan.session(run.id)
    assert back is not None and back.date == run.date - timedelta(days=1)
    window.state.undo_stack.undo()
    window.state.undo_stack.undo()
    again = window.state.plan.session(run.id)
    assert again is not None and again.date == run.date + timedelta(days=1)


def test_moving_the_race_from_the_keyboard_is_refused_and_says_why(
    qtbot: Any, window: MainWindow
) -> None:
    race = next(s for s in window.state.plan.sessions if s.kind is Kind.RACE)
    view = _focused_view(qtbot, window)
    view.select_session(race.id)
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)
    assert window.state.plan.session(race.id) == race and window.state.document.edits == ()
    assert "race" in window.statusBar().currentMessage()


def test_delete_skips_and_insert_or_shift_delete_restores(qtbot: Any, window: MainWindow) -> None:
    run = _movable_run(window)
    view = _focused_view(qtbot, window)
    view.select_session(run.id)

    def skipped() -> bool:
        session = window.state.plan.session(run.id)
        assert session is not None
        return session.skipped

    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert skipped() and window.state.undo_stack.count() == 1
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # Delete never toggles: still skipped
    assert skipped()
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert not skipped() and window.state.document.edits == ()
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert skipped()
    qtbot.keyClick(view, Qt.Key.Key_Delete, SHIFT)
    assert not skipped()
    window.state.undo_stack.undo()
    assert skipped()


def test_enter_shows_the_details_of_the_selected_session(qtbot: Any, window: MainWindow) -> None:
    run = _movable_run(window)
    view = _focused_view(qtbot, window)
    view.select_session(run.id)
    window.side_tabs.setCurrentWidget(window.warnings)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.side_tabs.currentWidget() is window.details
    assert window.details.session_id == run.id


def test_the_menu_key_opens_the_chip_menu_at_the_chip(qtbot: Any, window: MainWindow) -> None:
    run = _movable_run(window)
    view = _focused_view(qtbot, window)
    view.select_session(run.id)
    qtbot.keyClick(view, Qt.Key.Key_Menu)
    menus = [m for m in view.findChildren(QMenu) if m.isVisible() and m.parent() is view]
    assert len(menus) == 1
    menu = menus[0]
    chip = view.chip_rect(run.id)
    corner = view.viewport().mapToGlobal(chip.bottomLeft())
    assert (menu.pos() - corner).manhattanLength() <= 2  # offscreen: nothing moves it on-screen
    assert [a.text() for a in menu.actions()][:2] == ["Move to", "Skip"]
    skip = next(a for a in menu.actions() if a.text() == "Skip")
    skip.trigger()
    menu.close()
    session = window.state.plan.session(run.id)
    assert session is not None and session.skipped


def test_keys_with_nothing_selected_change_nothing(qtbot: Any, window: MainWindow) -> None:
    view = _focused_view(qtbot, window)
    none = Qt.KeyboardModifier.NoModifier
    keys = ((Qt.Key.Key_Delete, none), (Qt.Key.Key_Right, CTRL), (Qt.Key.Key_Menu, none))
    for key, modifiers in keys:
        qtbot.keyClick(view, key, modifiers)
    assert window.state.undo_stack.count() == 0
    assert not [m for m in view.findChildren(QMenu) if m.isVisible()]


def test_the_help_menu_lists_every_key(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: shown.append(text))
    window.actions_by_name["keyboard"].trigger()
    assert len(shown) == 1
    for keys, _what in KEYBOARD_HELP:
        assert keys in shown[0]
    assert "Ctrl+Left" in window.plan_view.whatsThis()


# -- today past midnight ------------------------------------------------------------------------


def _view_at(qtbot: Any, demo: Document, monkeypatch: pytest.MonkeyPatch, clock: date) -> PlanView:
    monkeypatch.setattr(plan_view_module, "current_date", lambda: clock)
    view = PlanView(OpenDocument(demo, TODAY))
    qtbot.addWidget(view)
    return view


def test_the_today_highlight_follows_the_clock_past_midnight(
    qtbot: Any, demo: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view_at(qtbot, demo, monkeypatch, TODAY)
    assert view.day_timer.isActive() and view.day_timer.interval() <= 60_000
    tomorrow = TODAY + timedelta(days=1)
    monkeypatch.setattr(plan_view_module, "current_date", lambda: tomorrow)
    view.day_timer.timeout.emit()  # what the timer does once midnight has passed
    assert view._state.today == tomorrow
    assert view.plan_model.index_of_date(tomorrow).data(IS_TODAY_ROLE)
    assert not view.plan_model.index_of_date(TODAY).data(IS_TODAY_ROLE)


def test_a_day_given_at_start_stays_when_the_clock_moves(
    qtbot: Any, demo: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = TODAY + timedelta(days=30)  # the window was opened with --today TODAY
    view = _view_at(qtbot, demo, monkeypatch, clock)
    view.follow_clock(clock + timedelta(days=1))
    assert view._state.today == TODAY
    assert view.plan_model.index_of_date(TODAY).data(IS_TODAY_ROLE)


# -- the demo moved to the current week ---------------------------------------------------------


def _ids(document: Document, today: date) -> list[str]:
    return sorted(s.id for s in build_plan(document, today).plan.sessions)


def test_the_demo_starts_this_monday_and_keeps_its_shape() -> None:
    today = date(2027, 9, 15)  # a Wednesday, long after the bundled demo's race
    bundled = load_document(resource_path("demo.runlift"))
    demo = demo_document(today)
    assert demo.settings.start == date(2027, 9, 13)
    assert demo.settings.race_date is not None and demo.settings.race_date > today
    assert bundled.settings.start is not None and bundled.settings.race_date is not None
    weeks = demo.settings.start - bundled.settings.start
    assert weeks.days % 7 == 0 and demo.settings.race_date - bundled.settings.race_date == weeks
    assert _ids(demo, today) == _ids(bundled, bundled.settings.start)


def test_shifting_moves_edits_and_unavailable_days_by_the_same_weeks() -> None:
    bundled = load_document(resource_path("demo.runlift"))
    start = bundled.settings.start
    assert start is not None
    draft = draft_plan(bundled.settings, start).plan
    run = next(
        s for s in draft.sessions if s.kind is Kind.EASY and s.date > start + timedelta(days=14)
    )
    edit = move_edit(draft, run.id, run.date + timedelta(days=1), None)
    away = run.date + timedelta(days=21)
    document = replace(
        bundled, edits=(edit,), settings=replace(bundled.settings, unavailable=(away,))
    )
    today = start + timedelta(weeks=40, days=4)
    shifted = shifted_to_week_of(document, today)
    shift = timedelta(weeks=40)
    assert shifted.settings.start == start + shift
    assert shifted.settings.unavailable == (away + shift,)
    (moved_edit,) = shifted.edits
    assert moved_edit.date == run.date + timedelta(days=1) + shift
    assert moved_edit.from_date == edit.from_date + shift  # type: ignore[operator]
    built = build_plan(shifted, today)
    assert built.edit_notes == ()
    moved = built.plan.session(run.id)
    assert moved is not None and moved.date == run.date + timedelta(days=1) + shift
    assert shifted_to_week_of(document, start + timedelta(days=6)) == document  # same week: as is


def test_the_window_opens_the_demo_in_the_current_week(window: MainWindow) -> None:
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert window.state.plan.weeks[0].start == monday
    assert window.plan_view.plan_model.index_of_date(TODAY).data(IS_TODAY_ROLE)
