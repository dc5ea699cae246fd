"""File → New on any day of the week: a plan with no warnings to start from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from runlift.app.startup import demo_document
from runlift.app.window.file_actions import new_plan_settings
from runlift.app.window.main import MainWindow
from runlift.plan.model import Mode

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


def test_the_race_follows_the_long_run_day_and_old_unavailable_days_stay_behind() -> None:
    current = replace(
        demo_document(MONDAY).settings,
        long_run_day="sat",
        unavailable=(date(2026, 12, 20), date(2026, 12, 21)),
    )
    settings = new_plan_settings(current, date(2026, 12, 10))  # a Thursday
    assert settings.start == date(2026, 12, 14) and settings.race_date == date(2027, 4, 3)
    assert settings.unavailable == ()
    base = new_plan_settings(replace(current, mode=Mode.BASE), MONDAY)
    assert base.start == MONDAY and base.race_date == current.race_date  # no race to place
