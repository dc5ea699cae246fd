"""The setup panel's Result field reads a race result as the command line does: a space or a
colon, a time alone over the plan's race distance, and the form to use when it is unclear."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from runlift.app.window.main import MainWindow
from runlift.plan.model import RACE_DISTANCES_KM, RaceResult
from runlift.plan.race_io import parse_race_result


def result_field(window: MainWindow) -> QLineEdit:
    widget = window.setup_panel.fields["recent_race"].widget
    assert isinstance(widget, QLineEdit)
    return widget


def type_result(qtbot: Any, window: MainWindow, text: str) -> None:
    """Type into the real field as a runner does, then let the pause pass."""
    field = result_field(window)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    assert field.text() == text
    window.setup_panel.apply_pending()


def test_the_result_field_shows_an_example(window: MainWindow) -> None:
    field = result_field(window)
    assert field.placeholderText() == "e.g. 10k 50:00 or half 1:45:00"
    assert not window.setup_panel.is_marked("recent_race")  # shown before any error
    for example in ("10k 50:00", "half 1:45:00"):  # the example is one the field takes
        assert parse_race_result(example).seconds > 0


def test_a_result_with_a_space_is_the_result_with_a_colon(qtbot: Any, window: MainWindow) -> None:
    panel = window.setup_panel
    type_result(qtbot, window, "10k:55:00")
    colon = (window.state.document.settings, panel.paces_label.text())
    type_result(qtbot, window, "5k:25:00")  # another result in between
    assert window.state.document.settings.recent_race == RaceResult(5.0, 1500)
    type_result(qtbot, window, "10K 55:00")
    assert window.state.document.settings.recent_race == RaceResult(10.0, 3300)
    assert (window.state.document.settings, panel.paces_label.text()) == colon
    assert panel.paces_label.text().startswith("VDOT ")
    assert not panel.is_marked("recent_race") and panel.error_text("recent_race") == ""


def test_a_single_number_as_the_time_shows_the_form_under_the_field(
    qtbot: Any, window: MainWindow
) -> None:
    panel = window.setup_panel
    type_result(qtbot, window, "10k 50:00")
    before = window.state.document.settings
    type_result(qtbot, window, "10k:55")
    assert panel.is_marked("recent_race")
    assert panel.error_text("recent_race") == "55 minutes? write 10k:55:00"
    assert panel._errors["recent_race"].isVisibleTo(panel)
    assert result_field(window).toolTip() == "55 minutes? write 10k:55:00"
    assert window.state.document.settings == before  # the plan stays as it was
    type_result(qtbot, window, "10k:55:00")  # the form it gave is taken
    assert not panel.is_marked("recent_race")
    assert window.state.document.settings.recent_race == RaceResult(10.0, 3300)


def test_a_time_alone_is_over_the_plans_race_distance(qtbot: Any, window: MainWindow) -> None:
    settings = window.state.document.settings
    assert settings.distance_km == RACE_DISTANCES_KM["half"]  # the demo is a half
    type_result(qtbot, window, "1:45:30")
    assert window.state.document.settings.recent_race == RaceResult(settings.distance_km, 6330)
    assert window.setup_panel.paces_label.text().startswith("VDOT ")
    assert not window.setup_panel.is_marked("recent_race")
