"""The setup form's marks, the warnings list, chips, the volume chart, shortcuts and the
Google panel's first look, against the real widgets offscreen."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtGui import QKeySequence

from runlift.app.details.warnings_model import violation_text
from runlift.app.view.chips import chip_label
from runlift.app.window.main import MainWindow
from runlift.plan.content.describe import distance_text, format_distance
from runlift.plan.model import Kind, Load, Units


# -- the setup form ---------------------------------------------------------------------------
def test_a_plan_edit_keeps_a_refused_value_and_its_mark(window: MainWindow) -> None:
    panel = window.setup_panel
    field = panel.fields["weekly_km"].widget
    field.setText("abc")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.is_marked("weekly_km")
    lift = next(s for s in window.state.plan.sessions if s.kind is Kind.STRENGTH)
    window.plan_view.skip_session(lift.id)
    assert window.state.plan.session(lift.id).skipped  # type: ignore[union-attr]
    assert field.text() == "abc"  # type: ignore[attr-defined]
    assert panel.error_text("weekly_km") == "'abc' is not a number"
    window.state.undo_stack.undo()  # undoing the skip changes no setting either
    assert field.text() == "abc" and panel.is_marked("weekly_km")  # type: ignore[attr-defined]


def test_undo_of_a_settings_step_leaves_a_field_showing_an_error_alone(
    window: MainWindow,
) -> None:
    panel = window.setup_panel
    panel.fields["runs_per_week"].widget.setValue(4)  # type: ignore[attr-defined]
    panel.apply_pending()
    weekly = panel.fields["weekly_km"].widget
    weekly.setText("abc")  # type: ignore[attr-defined]
    panel.apply_pending()
    window.state.undo_stack.undo()
    assert panel.fields["runs_per_week"].widget.value() == 5  # type: ignore[attr-defined]
    assert weekly.text() == "abc" and panel.is_marked("weekly_km")  # type: ignore[attr-defined]


def test_only_the_refused_field_is_marked_and_stale_marks_go(window: MainWindow) -> None:
    panel = window.setup_panel
    settings = window.state.document.settings
    rest, long_day = panel.fields["rest_day"].widget, panel.fields["long_run_day"].widget
    rest.setCurrentIndex(rest.findData(settings.long_run_day))  # type: ignore[attr-defined]
    panel.apply_pending()  # the rest day on the long-run day: refused
    assert panel.is_marked("rest_day")
    assert "long-run day" in panel.error_text("rest_day")
    # the long-run day is the value in force: it is not marked
    assert not panel.is_marked("long_run_day")
    assert window.state.document.settings.rest_day == settings.rest_day
    panel.fields["runs_per_week"].widget.setValue(4)  # type: ignore[attr-defined]
    panel.apply_pending()  # accepted; the refused rest day stays refused
    assert window.state.document.settings.runs_per_week == 4
    assert panel.is_marked("rest_day") and not panel.is_marked("long_run_day")
    other = next(d for d in ("sat", "sun") if d != settings.long_run_day)
    long_day.setCurrentIndex(long_day.findData(other))  # type: ignore[attr-defined]
    panel.apply_pending()  # both values are in force now, no mark left
    assert window.state.document.settings.rest_day == settings.long_run_day
    assert not panel.is_marked("rest_day") and not panel.is_marked("long_run_day")


# -- warnings ---------------------------------------------------------------------------------
def test_warning_rows_name_the_rule_then_the_message_once(window: MainWindow) -> None:
    from runlift.app.details.warnings import broken_summary

    plan = window.state.plan
    lift = next(s for s in plan.sessions if s.kind is Kind.STRENGTH and s.load is Load.HEAVY)
    long_run = next(
        s
        for s in plan.sessions
        if s.kind is Kind.LONG and plan.week_of(s.date) == plan.week_of(lift.date)
    )
    window.plan_view.move_session(lift.id, long_run.date - timedelta(days=1))  # breaks S5
    plan = window.state.plan
    assert any(v.rule == "S5" and v.date for v in plan.warnings)
    model = window.warnings.model
    for row, violation in enumerate(model.violations):
        text = model.index(row).data()
        assert text == f"{violation.rule} · {violation.message}" == violation_text(violation)
        if violation.date:
            assert text.count(f"{violation.date:%a %d %b}") <= 1
    count = len(plan.warnings)
    assert window.warnings.summary.text() == broken_summary(count)
    assert broken_summary(1) == "1 rule broken:" and broken_summary(4) == "4 rules broken:"
    margins = window.warnings.layout().contentsMargins()
    assert margins == window.feed_panel.layout().contentsMargins()


# -- chips and distances ----------------------------------------------------------------------
def test_chips_write_distances_exactly_as_the_plan_does(window: MainWindow) -> None:
    runs = [s for s in window.state.plan.sessions if s.distance_km and s.kind is Kind.LONG]
    assert runs
    for units in (Units.KM, Units.MI):
        for run in runs:
            text = distance_text(run.distance_km or 0, units)
            assert format_distance(run.distance_km or 0, units) == text
            assert chip_label(run, units) == f"Long {text.split()[0]}"
    assert format_distance(16.09344, Units.MI) == "10 mi"


def test_an_edited_distance_in_miles_is_stored_in_km_the_plans_way(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runlift.plan.distance_io import parse_distance

    state = window.state
    state.change_settings(replace(state.document.settings, units=Units.MI), "units")
    run = next(s for s in state.plan.sessions if s.kind is Kind.EASY)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getDouble", lambda *a, **k: (5.0, True))
    window.plan_view._ask_distance(run)
    edited = state.plan.session(run.id)
    assert edited is not None and edited.distance_km == pytest.approx(parse_distance("5mi"), 0.01)


# -- the volume chart -------------------------------------------------------------------------
def test_week_labels_sit_under_their_bars_and_the_legend_fits_at_1024(
    qtbot: Any, window: MainWindow
) -> None:
    from runlift.app.view.volume_chart import label_step

    window.resize(1024, 700)
    qtbot.wait(50)
    chart = window.chart
    layout = chart.chart_layout()
    labels = layout.week_labels
    assert labels and labels[0][0] == chart.bars[0].label
    shown = [label for label, _ in labels]
    assert set(shown) <= {bar.label for bar in chart.bars}
    for (_, one), (_, two) in pairwise(labels):
        assert one.right() <= two.left()  # never overlapping
    assert all(rect.top() >= layout.bars.bottom() for _, rect in labels)
    widget = chart.rect()
    for _, rect in layout.legend:
        assert rect.left() >= 0 and rect.right() <= widget.width()
        assert rect.bottom() <= widget.height()
    assert label_step(30, 20) == 1 and label_step(8, 20) == 4


# -- shortcuts --------------------------------------------------------------------------------
def test_ctrl_w_is_not_taken_by_show_warnings(window: MainWindow) -> None:
    ctrl_w = QKeySequence("Ctrl+W")
    assert all(a.shortcut() != ctrl_w for a in window.actions_by_name.values())
    warnings = window.actions_by_name["warnings"]
    assert not warnings.shortcut().isEmpty()
    warnings.trigger()
    assert window.side_tabs.currentWidget() is window.warnings


# -- the Google panel on first show -----------------------------------------------------------
def _show_google(qtbot: Any, window: MainWindow) -> None:
    panel = window.google_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.task is not None and not panel.task.running, timeout=10000)


def test_without_a_keyring_the_google_panel_says_not_signed_in_and_why(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNLIFT_GOOGLE_API_ENDPOINT", raising=False)
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    _show_google(qtbot, window)
    panel = window.google_panel
    assert panel.status.text().startswith("Not signed in")
    assert "keyring" in panel.hint.text() and panel.hint.text()[0].isupper()
    assert not panel.sign_in_button.isEnabled() and "keyring" in panel.sign_in_button.toolTip()
    assert not panel.sign_out_button.isEnabled()
    assert "Stopped" not in panel.result.toPlainText()


def test_with_a_keyring_sign_in_is_offered_and_sign_out_is_not(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    monkeypatch.delenv("RUNLIFT_GOOGLE_API_ENDPOINT", raising=False)
    _show_google(qtbot, window)
    panel = window.google_panel
    assert panel.status.text() == "Not signed in"
    assert panel.sign_in_button.isEnabled() and not panel.sign_out_button.isEnabled()


def test_a_longest_run_that_does_not_fit_the_week_is_asked_about_at_its_field(
    window: MainWindow,
) -> None:
    panel = window.setup_panel
    panel.fields["weekly_km"].widget.setText("25")  # type: ignore[attr-defined]
    panel.fields["long_run_km"].widget.setText("30")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert not panel.is_marked("long_run_km")  # taken: the runner may know better
    assert window.state.document.settings.long_run_km == 30
    question = panel.question_text("long_run_km")
    assert "is that right?" in question and "12.5 km" in question
    assert any(v.rule == "V3" and "30 km" in v.message for v in window.state.plan.warnings)
    panel.fields["long_run_km"].widget.setText("12")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.question_text("long_run_km") == ""


def test_a_race_date_typed_over_another_is_the_day_typed(window: MainWindow) -> None:
    from datetime import date

    from PySide6.QtCore import QLocale

    panel = window.setup_panel
    field = panel.fields["race_date"].widget
    assert window.state.document.settings.race_date != date(2027, 2, 28)
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    for typed in ("2027-02-28", "28.02.2027", "02/28/2027"):
        field.setLocale(us)
        field.edit.setText("")  # type: ignore[attr-defined]
        field.edit.insert(typed)  # type: ignore[attr-defined]
        field.edit.editingFinished.emit()  # type: ignore[attr-defined]
        panel.apply_pending()
        assert not panel.is_marked("race_date"), panel.error_text("race_date")
        assert window.state.document.settings.race_date == date(2027, 2, 28), typed
        window.state.undo_stack.undo()
    field.setLocale(us)
    field.edit.setText("03/04/2027")  # type: ignore[attr-defined]
    field.edit.editingFinished.emit()  # type: ignore[attr-defined]
    panel.apply_pending()
    assert window.state.document.settings.race_date == date(2027, 3, 4)  # month first there
    field.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))  # writes dots
    field.edit.setText("03/05/2027")  # type: ignore[attr-defined]
    field.edit.editingFinished.emit()  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.is_marked("race_date")
    assert "could be 3 May or 5 March 2027" in panel.error_text("race_date")


def test_the_calendar_is_wide_enough_for_its_month_and_year(window: MainWindow) -> None:
    field = window.setup_panel.fields["race_date"].widget
    field.show_calendar()  # type: ignore[attr-defined]
    calendar = field.calendar  # type: ignore[attr-defined]
    assert calendar.isVisible()
    assert calendar.width() >= calendar.sizeHint().width()
    assert calendar.width() >= calendar.minimumSizeHint().width()
    calendar.hide()
    field.edit.setText("not a day")  # type: ignore[attr-defined]
    assert not field.date().isValid()  # type: ignore[attr-defined]
    field.show_calendar()  # type: ignore[attr-defined]  # opens on no day, without an error
    assert calendar.isVisible()
    calendar.hide()


def test_an_error_under_a_field_does_not_move_the_field_being_reached_for(
    qtbot: Any, window: MainWindow
) -> None:
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    panel = window.setup_panel
    weekly = panel.fields["weekly_km"].widget
    longest = panel.fields["long_run_km"].widget
    longest.setFocus()
    qtbot.waitUntil(longest.hasFocus)
    viewport = panel.viewport()
    before = longest.mapTo(viewport, longest.rect().topLeft())
    weekly.setText("abc")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.error_text("weekly_km") == "'abc' is not a number"  # shown under its field …
    assert longest.mapTo(viewport, longest.rect().topLeft()) == before  # … the next one stays
