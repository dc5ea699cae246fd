"""File → New on any day of the week: a plan with no warnings to start from."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from runlift.app.startup import demo_document
from runlift.app.window.file_actions import new_plan_settings
from runlift.app.window.main import MainWindow
from runlift.local_zone import local_timezone
from runlift.plan.model import Settings

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize("today", [MONDAY + timedelta(days=n) for n in range(7)],
                         ids=lambda day: day.strftime("%a"))  # fmt: skip
def test_a_new_plan_has_no_warnings(
    qtbot: Any, today: date, ui_settings: QSettings, dialogs: Any
) -> None:
    window = MainWindow(demo_document(today), today, None, ui_settings)
    qtbot.addWidget(window)
    window.actions_by_name["new"].trigger()
    plan = window.state.plan
    assert [(w.rule, w.message) for w in plan.warnings] == []
    assert window.side_tabs.tabText(1) == "Warnings"  # no count on the tab either
    settings = window.state.document.settings
    assert settings.start is not None and settings.start.weekday() == 0 and settings.start >= today
    assert settings.race_date is not None
    assert settings.race_date.strftime("%a").lower() == settings.long_run_day


def test_the_race_is_on_the_long_run_day_of_the_sixteenth_week() -> None:
    settings = new_plan_settings(date(2026, 12, 10))  # a Thursday
    assert settings.start == date(2026, 12, 14) and settings.race_date == date(2027, 4, 4)
    assert settings.race_date.strftime("%a").lower() == settings.long_run_day == "sun"
    assert new_plan_settings(MONDAY).start == MONDAY


def test_a_new_plan_keeps_nothing_of_the_demo_and_shows_the_form_from_the_top(
    qtbot: Any, ui_settings: QSettings, dialogs: Any
) -> None:
    demo = demo_document(MONDAY)
    window = MainWindow(demo, MONDAY, None, ui_settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)  # setup and details stacked: the details in front
    window.show()
    qtbot.waitExposed(window)
    window.show_demo_note()
    assert window.demo_note.isVisible()
    window.show_side_panel(window.details)
    window.setup_panel.verticalScrollBar().setValue(
        window.setup_panel.verticalScrollBar().maximum()
    )
    window.plan_view.verticalScrollBar().setValue(window.plan_view.verticalScrollBar().maximum())
    window.actions_by_name["new"].trigger()
    settings = window.state.document.settings
    defaults = Settings()
    # nothing of the demo: its longest run, result, equipment, times, volume, name
    assert settings.long_run_km is None and settings.recent_race is None
    assert settings.equipment == defaults.equipment and settings.times == defaults.times
    assert settings.weekly_km == defaults.weekly_km and settings.distance_km == 10.0
    assert demo.settings.long_run_km is not None and demo.settings.recent_race is not None
    assert settings.timezone == local_timezone()
    assert window.state.document.name == "New plan"
    assert window.setup_panel.fields["recent_race"].value() in ("", None)
    assert not window.setup_panel.visibleRegion().isEmpty()  # the form in front …
    assert window.setup_panel.verticalScrollBar().value() == 0  # … from its top
    assert window.plan_view.verticalScrollBar().value() == 0
    assert not window.demo_note.isVisible()
    assert [(w.rule, w.message) for w in window.state.plan.warnings] == []
