"""The printed plan: a PDF read back with poppler's pdftotext finds the cover, every week's row
on the grid pages and a strength session's exercises with sets × reps."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from runlift.app.paper.plan import grid_chunks, write_pdf
from runlift.app.view.model import week_label
from runlift.app.window.main import MainWindow
from runlift.errors import PublishError
from runlift.plan.model import Kind, Plan, Units
from tests.app.conftest import plan_of
from tests.pdf_text import pdf_page_count, pdf_words


def _strength_lines(plan: Plan) -> list[str]:
    session = next(s for s in plan.sessions if s.kind is Kind.STRENGTH)
    return [f"{e.name} — {e.sets} × {e.reps or f'{e.hold_breaths} breaths'}"
            for e in session.exercises]  # fmt: skip


def test_weeks_are_spread_four_to_six_a_page() -> None:
    for count, sizes in (
        (18, [6, 6, 6]),
        (14, [5, 5, 4]),
        (6, [6]),
        (13, [5, 4, 4]),
        (7, [4, 3]),
        (0, []),
    ):
        weeks = tuple(range(count))
        assert [len(chunk) for chunk in grid_chunks(weeks)] == sizes  # type: ignore[arg-type]


def test_the_pdf_has_the_cover_every_week_and_the_exercises(
    qapp: Any, window: MainWindow, tmp_path: Path
) -> None:
    plan = plan_of(window)
    pdf = tmp_path / "plan.pdf"
    printed = write_pdf(plan, "Spring half", pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf_page_count(pdf) == printed.pages
    cover = pdf_words(pdf, 1, 1)
    assert "Spring half" in cover and "Half marathon on Sunday" in cover
    assert "VDOT 40.0" in cover and "E 5:56-6:38/km" in cover  # P1/P2 from the 10k result
    assert "Rule notes" in cover
    assert len(printed.grid_pages) == len(grid_chunks(plan.weeks)) == 3
    grid = pdf_words(pdf, printed.grid_pages.start, printed.grid_pages.stop - 1)
    for week in plan.weeks:  # every week's row, with its first day
        assert week_label(week) in grid and f"from {week.start:%d %b}" in grid
    assert "Str heavy" in grid and "Long 15" in grid
    sessions = pdf_words(pdf, printed.grid_pages.stop)
    lines = _strength_lines(plan)
    assert len(lines) >= 5 and all(line in sessions for line in lines), lines


def test_a_miles_plan_prints_in_miles(qapp: Any, window: MainWindow, tmp_path: Path) -> None:
    state = window.state
    state.change_settings(replace(state.document.settings, units=Units.MI), "units")
    pdf = tmp_path / "miles.pdf"
    printed = write_pdf(plan_of(window), "Miles", pdf, "letter")
    words = pdf_words(pdf)
    assert "/mi" in words and "/km" not in words and " km" not in words
    assert printed.pages == pdf_page_count(pdf)


def test_a_pdf_that_cannot_be_written_says_so_and_leaves_nothing(
    qapp: Any, window: MainWindow, tmp_path: Path
) -> None:
    with pytest.raises(PublishError, match="cannot write"):
        write_pdf(plan_of(window), "x", tmp_path / "missing" / "plan.pdf")
    assert list(tmp_path.iterdir()) == []


def test_file_export_pdf_writes_the_plan(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    chosen = tmp_path / "fridge"  # no suffix typed: .pdf is added
    suggested: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a: suggested.append(a[2]) or (str(chosen), PDF))  # fmt: skip
    window.actions_by_name["export_pdf"].trigger()
    assert ":" in window.state.display_name  # "Demo: spring half marathon"
    assert Path(suggested[0]).name == "Demo - spring half marathon.pdf"  # valid on Windows
    words = pdf_words(chosen.with_suffix(".pdf"))
    race = window.state.plan.weeks[-1]
    assert week_label(race) == "Race week" and "Race week" in words
    assert f"from {race.start - timedelta(weeks=1):%d %b}" in words


PDF = "PDF files (*.pdf)"


def test_file_print_sends_the_plan_to_the_printer(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    printed = tmp_path / "printer.pdf"

    def accept(dialog: QPrintDialog) -> int:  # the runner picks a printer (here: a PDF file)
        printer: QPrinter = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.actions_by_name["print"].trigger()
    words = pdf_words(printed)
    assert all(week_label(week) in words for week in window.state.plan.weeks)
    assert "Sent" in window.statusBar().currentMessage()
