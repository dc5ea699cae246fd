"""Start-up does its work once: an opened plan is generated once, not again by the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from runlift.app.startup import startup_document
from runlift.app.window.main import MainWindow
from runlift.storage.document import Document, save_document
from tests.app.conftest import TODAY


def test_an_opened_plan_is_generated_once(
    qtbot: Any, demo: Document, ui_settings: QSettings, tmp_path: Path, generations: list[object]
) -> None:
    path = tmp_path / "spring.runlift"
    save_document(path, demo)
    start = startup_document(path, None, TODAY)
    window = MainWindow(start.document, TODAY, start.path, ui_settings, start.built)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert len(generations) == 1
    assert start.built is not None and window.state.plan is start.built.plan
    assert window.plan_view.plan_model.rowCount() == len(start.built.plan.weeks)


def test_the_timezone_list_is_read_when_first_opened(window: MainWindow) -> None:
    box = window.setup_panel.fields["timezone"].widget
    assert box.count() == 0 and box.currentText() == "UTC"  # type: ignore[attr-defined]
    box.showPopup()  # type: ignore[attr-defined]
    assert box.count() > 400 and box.currentText() == "UTC"  # type: ignore[attr-defined]
    box.hidePopup()  # type: ignore[attr-defined]
    assert window.state.document.settings.timezone == "UTC"  # opening the list changes nothing


@pytest.mark.parametrize("key", ["long_run_day", "runs_per_week"])
def test_a_pick_applies_at_once_and_text_waits_for_the_pause(window: MainWindow, key: str) -> None:
    panel = window.setup_panel
    widget: Any = panel.fields[key].widget
    if key == "long_run_day":
        widget.setCurrentIndex(widget.findData("sat"))
    else:
        widget.setValue(4)
    settings = window.state.document.settings
    assert getattr(settings, key) == ("sat" if key == "long_run_day" else 4)  # no waiting
    panel.fields["weekly_km"].widget.setText("44")  # type: ignore[attr-defined]
    assert window.state.document.settings.weekly_km == 50  # typing: not yet
    panel.apply_pending()  # what the pause's timer calls
    assert window.state.document.settings.weekly_km == 44
