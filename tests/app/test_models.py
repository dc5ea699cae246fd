"""The Qt item models and the chart's figures, tested without any widget."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from runlift.app.details.warnings_model import VIOLATION_ROLE, WarningsModel
from runlift.app.document.state import build_plan
from runlift.app.view.chips import chip_label, kind_colour, text_colour_on
from runlift.app.view.model import (
    DATE_ROLE,
    IS_TODAY_ROLE,
    SESSIONS_ROLE,
    VIOLATIONS_ROLE,
    WEEK_COLUMN,
    WEEK_ROLE,
    PlanTableModel,
)
from runlift.app.view.volume_chart import week_bars
from runlift.plan.content.describe import format_distance
from runlift.plan.model import Kind, Load, Phase, Plan, Severity, Units, Violation
from runlift.storage.document import Document
from tests.app.conftest import TODAY


@pytest.fixture
def plan(demo: Document) -> Plan:
    return build_plan(demo, TODAY).plan


@pytest.fixture
def model(plan: Plan) -> PlanTableModel:
    table = PlanTableModel()
    QAbstractItemModelTester(table, QAbstractItemModelTester.FailureReportingMode.Fatal)
    table.set_plan(plan, TODAY)
    return table


def test_one_row_per_week_and_a_column_per_weekday(model: PlanTableModel, plan: Plan) -> None:
    assert model.rowCount() == len(plan.weeks)
    assert model.columnCount() == 8
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == ["Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_every_session_sits_in_the_cell_of_its_date(model: PlanTableModel, plan: Plan) -> None:
    seen = []
    for row in range(model.rowCount()):
        for column in range(1, 8):
            index = model.index(row, column)
            day = index.data(DATE_ROLE)
            assert day == plan.weeks[row].start + timedelta(days=column - 1)
            for session in index.data(SESSIONS_ROLE):
                assert session.date == day
                seen.append(session.id)
    assert sorted(seen) == sorted(s.id for s in plan.sessions)


def test_a_run_and_an_evening_lift_on_one_day_are_ordered_morning_first(
    model: PlanTableModel, plan: Plan
) -> None:
    lift = next(s for s in plan.sessions if s.kind is Kind.STRENGTH and s.load is Load.HEAVY)
    day = model.index_of_session(lift.id).data(SESSIONS_ROLE)
    slots = [s.slot.value for s in day]
    assert slots == sorted(slots, key=["am", "allday", "pm"].index)
    assert lift in day


def test_only_todays_cell_is_marked_today(model: PlanTableModel) -> None:
    marked = [
        model.index(r, c).data(DATE_ROLE)
        for r in range(model.rowCount())
        for c in range(1, 8)
        if model.index(r, c).data(IS_TODAY_ROLE)
    ]
    assert marked == [TODAY]
    assert model.index_of_date(TODAY).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_week_cells_count_down_to_race_week_and_mark_the_taper(
    model: PlanTableModel, plan: Plan
) -> None:
    last = model.index(model.rowCount() - 1, WEEK_COLUMN)
    assert last.data().startswith("Race week")
    first = model.index(0, WEEK_COLUMN)
    assert first.data().startswith(f"{plan.weeks[0].to_race} wk to race")
    taper_rows = model.rows_where(lambda week: week.phase is Phase.TAPER)
    assert taper_rows, "a half-marathon plan has taper weeks (T1)"
    for row in taper_rows:
        assert "Taper" in model.index(row, WEEK_COLUMN).data()
    cut = model.rows_where(lambda week: week.strength_cutback)
    assert all("strength cut-back" in model.index(r, WEEK_COLUMN).data() for r in cut)
    assert model.index(0, WEEK_COLUMN).data(WEEK_ROLE) == plan.weeks[0]


def test_a_broken_rule_is_found_on_its_sessions_day(model: PlanTableModel, plan: Plan) -> None:
    long_run = next(s for s in plan.sessions if s.kind is Kind.LONG)
    broken = Violation("S5", Severity.WARNING, "heavy strength the day before", None, long_run.id)
    model.set_plan(replace(plan, warnings=(broken,)), TODAY)
    assert model.index_of_session(long_run.id).data(VIOLATIONS_ROLE) == (broken,)
    other_day = model.index_of_date(long_run.date - timedelta(days=1))
    assert other_day.data(VIOLATIONS_ROLE) == ()


def test_only_day_cells_accept_drops(model: PlanTableModel) -> None:
    assert not model.flags(model.index(0, WEEK_COLUMN)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.day_of(QModelIndex()) is None


def test_an_empty_model_has_no_rows() -> None:
    table = PlanTableModel()
    assert (table.rowCount(), table.index_of_date(TODAY).isValid()) == (0, False)


def test_warnings_list_errors_first_with_the_rules_message() -> None:
    later = Violation("V3", Severity.WARNING, "long run is 41% of the week", TODAY)
    error = Violation("T3", Severity.ERROR, "heavy strength 5 days before the race", None)
    model = WarningsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_violations((later, error))
    rows = [model.index(r).data() for r in range(model.rowCount())]
    assert rows == [
        "T3 · heavy strength 5 days before the race",
        "V3 · long run is 41% of the week",  # the engine's message names a day when it has one
    ]
    assert model.index(0).data(VIOLATION_ROLE) == error
    assert model.index(0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1).data(Qt.ItemDataRole.ForegroundRole) is None


def test_chip_labels_are_short_and_in_the_runners_unit(plan: Plan) -> None:
    long_run = next(s for s in plan.sessions if s.kind is Kind.LONG and s.distance_km)
    assert (
        chip_label(long_run, Units.KM)
        == f"Long {format_distance(long_run.distance_km or 0, Units.KM, unit_label=False)}"
    )
    miles = chip_label(replace(long_run, distance_km=16.09344), Units.MI)
    assert miles == "Long 10"  # as the plan's own texts write miles (distance_text)
    heavy = next(s for s in plan.sessions if s.load is Load.HEAVY)
    assert chip_label(heavy, Units.KM) == "Str heavy"
    assert all(len(chip_label(s, Units.KM)) <= 12 for s in plan.sessions)


def test_chip_text_contrasts_with_its_colour(plan: Plan) -> None:
    for session in plan.sessions:
        colour = kind_colour(session)
        text = text_colour_on(colour)
        luma = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
        assert abs(luma - text.red()) > 90  # black (0) or white (255) far from the fill


def test_chart_bars_follow_the_weeks_and_skipped_lifts(plan: Plan) -> None:
    bars = week_bars(plan)
    assert [b.phase for b in bars] == [w.phase for w in plan.weeks]
    assert [round(b.volume, 3) for b in bars] == [
        round(plan.shown_km(w), 3) for w in plan.weeks
    ]  # race week with the race
    lift = next(s for s in plan.sessions if s.kind is Kind.STRENGTH)
    row = plan.weeks.index(plan.week_of(lift.date))  # type: ignore[arg-type]
    skipped = replace(plan, sessions=tuple(
        replace(s, skipped=True) if s.id == lift.id else s for s in plan.sessions
    ))  # fmt: skip
    assert week_bars(skipped)[row].strength == bars[row].strength - 1
    in_miles = week_bars(replace(plan, settings=replace(plan.settings, units=Units.MI)))
    assert in_miles[0].volume == pytest.approx(bars[0].volume / 1.609344)


def test_a_chip_label_a_little_too_wide_is_set_smaller_not_cut(qapp: Any) -> None:
    from PySide6.QtGui import QFont, QPainter, QPixmap

    from runlift.app.view.chip_delegate import SMALLEST_LABEL_PT, _fitted

    pixmap = QPixmap(200, 40)
    painter = QPainter(pixmap)
    try:
        font = QFont(painter.font())
        font.setPointSizeF(7.0)
        painter.setFont(font)
        wide = painter.fontMetrics().horizontalAdvance("Tempo 10.5")
        assert _fitted(painter, QFont(font), "Tempo 10.5", wide - 3) == "Tempo 10.5"
        painter.setFont(font)
        cut = _fitted(painter, QFont(font), "Tempo 10.5", wide // 2)  # far too narrow: cut
        assert cut.endswith("…") and painter.font().pointSizeF() == SMALLEST_LABEL_PT
    finally:
        painter.end()
