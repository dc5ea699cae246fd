"""Miles all the way: with miles picked, every field, label, pace and distance in the window is
in miles at once, and typed distances are read in miles (the plan keeps kilometres)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from runlift.app.view.model import WEEK_COLUMN
from runlift.app.window.main import MainWindow
from runlift.plan.model import KM_PER_MILE, Units


def _pick_units(window: MainWindow, units: Units) -> None:
    box = window.setup_panel.fields["units"].widget
    box.setCurrentIndex(box.findData(units.value))  # type: ignore[attr-defined]


def _window_texts(window: MainWindow) -> list[str]:
    """What the runner reads: week cells, the paces line, the details of the long run."""
    table = window.plan_view.plan_model
    weeks = [
        str(table.index(row, WEEK_COLUMN).data(Qt.ItemDataRole.DisplayRole))
        for row in range(table.rowCount())
    ]
    return [*weeks, window.setup_panel.paces_label.text(), window.details.toPlainText()]


def test_a_pick_of_miles_shows_miles_everywhere_at_once(qtbot: Any, window: MainWindow) -> None:
    panel = window.setup_panel
    before = window.state.document.settings
    long_run = next(s for s in window.state.plan.sessions if s.kind.value == "long")
    window.plan_view.select_session(long_run.id)
    _pick_units(window, Units.MI)
    # no waiting: a pick from a drop-down applies at once
    assert window.state.document.settings.units is Units.MI
    assert panel.caption("weekly_km") == "Weekly miles now"
    assert panel.caption("long_run_km") == "Longest run (mi)"
    weekly = panel.fields["weekly_km"].widget.text()  # type: ignore[attr-defined]
    longest = panel.fields["long_run_km"].widget.text()  # type: ignore[attr-defined]
    assert (weekly, longest) == ("31", "8.5")  # 50 km and 14 km, in 0.5 mi steps
    assert window.state.document.settings.weekly_km == before.weekly_km  # showing is no change
    texts = _window_texts(window)
    assert all(" km" not in text and "/km" not in text for text in texts), texts
    assert "/mi" in panel.paces_label.text()
    assert all(text.endswith(" mi") for text in texts[: len(window.state.plan.weeks)])
    assert " mi" in window.details.toPlainText() and "/mi" in window.details.toPlainText()
    assert window.chart.unit == "mi"
    first_week = window.state.plan.weeks[0].run_km
    assert window.chart.bars[0].volume == pytest.approx(first_week / KM_PER_MILE)


def test_a_distance_typed_in_miles_is_kept_in_km(qtbot: Any, window: MainWindow) -> None:
    panel = window.setup_panel
    _pick_units(window, Units.MI)
    panel.fields["weekly_km"].widget.setText("35")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert window.state.document.settings.weekly_km == pytest.approx(35 * KM_PER_MILE)
    _pick_units(window, Units.KM)
    assert panel.caption("weekly_km") == "Weekly km now"
    assert panel.fields["weekly_km"].widget.text() == "56.3"  # type: ignore[attr-defined]
    assert "/km" in panel.paces_label.text() and "/mi" not in panel.paces_label.text()


def test_a_word_typed_for_miles_gets_the_plans_own_message(window: MainWindow) -> None:
    panel = window.setup_panel
    _pick_units(window, Units.MI)
    settings = window.state.document.settings
    panel.fields["long_run_km"].widget.setText("far")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.error_text("long_run_km") == "'far' is not a number"
    assert window.state.document.settings == settings


def test_a_run_is_edited_in_half_miles(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> None:
    _pick_units(window, Units.MI)
    run = next(s for s in window.state.plan.sessions if s.kind.value == "easy")
    asked: list[tuple[Any, ...]] = []

    def ask(*args: Any) -> tuple[float, bool]:
        asked.append(args)
        return 6.5, True

    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getDouble", ask)
    window.plan_view._ask_distance(run)
    label, shown, step = asked[0][2], asked[0][3], asked[0][-1]
    assert label.endswith("(mi):") and shown * 2 == round(shown * 2) and step == 0.5
    assert asked[0][4:6] == (0.5, 155.0)  # 250 km, the most an edit takes, in half miles
    changed = window.state.plan.session(run.id)
    assert changed is not None and changed.distance_km == pytest.approx(6.5 * KM_PER_MILE, 0.01)


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("weekly_km", "200", "must be between 1.5 and 108.5 mi"),
        ("weekly_km", "1", "must be between 1.5 and 108.5 mi"),
        ("long_run_km", "40", "must be between 1 and 37 mi"),
        ("long_run_km", "70 km", "must be between 1 and 60 km (1 to 37 mi)"),
    ],
)
def test_a_bound_is_named_in_miles_next_to_the_field(
    window: MainWindow, key: str, typed: str, message: str
) -> None:
    panel = window.setup_panel
    _pick_units(window, Units.MI)
    settings = window.state.document.settings
    panel.fields[key].widget.setText(typed)  # type: ignore[attr-defined]
    panel.apply_pending()
    assert panel.error_text(key) == message
    assert window.state.document.settings == settings


def test_the_bounds_a_message_in_miles_names_are_taken(window: MainWindow) -> None:
    panel = window.setup_panel
    _pick_units(window, Units.MI)
    panel.fields["runs_per_week"].widget.setValue(7)  # type: ignore[attr-defined]
    panel.fields["long_run_km"].widget.setText("37")  # type: ignore[attr-defined]
    panel.fields["weekly_km"].widget.setText("108.5")  # type: ignore[attr-defined]
    panel.apply_pending()
    assert not panel.is_marked("weekly_km") and not panel.is_marked("long_run_km")
    settings = window.state.document.settings
    assert settings.weekly_km == pytest.approx(108.5 * KM_PER_MILE, abs=1e-3)
    assert settings.long_run_km == pytest.approx(37 * KM_PER_MILE, abs=1e-3)


def test_too_many_miles_for_the_runs_are_told_in_miles(window: MainWindow) -> None:
    panel = window.setup_panel
    _pick_units(window, Units.MI)
    panel.fields["runs_per_week"].widget.setValue(3)  # type: ignore[attr-defined]
    panel.fields["weekly_km"].widget.setText("80")  # type: ignore[attr-defined]
    panel.apply_pending()
    marked = "weekly_km" if panel.is_marked("weekly_km") else "runs_per_week"
    assert panel.error_text(marked) == (
        "3 runs a week hold about 46.5 mi; for 80 mi choose more runs a week"
    )


def test_the_shortest_distance_the_dialog_offers_is_taken(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> None:
    _pick_units(window, Units.MI)
    run = next(s for s in window.state.plan.sessions if s.kind.value == "easy")
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getDouble", lambda *args: (args[4], True))
    window.plan_view._ask_distance(run)
    changed = window.state.plan.session(run.id)
    assert changed is not None and changed.distance_km == pytest.approx(0.5 * KM_PER_MILE, 0.01)
    assert changed.title.endswith(" 0.5 mi")
