"""The plan on paper (File → Print…, File → Export PDF…, ``runlift pdf``).

A cover with the race, the paces and the rule notes; the week grid, 4-6 weeks a page, chips
coloured as in the window but as light tints with black words, so a black-and-white print reads
as well; then every week's sessions with their full text (exercises with sets × reps). Qt draws
it on any paged device: a ``QPdfWriter`` for a file, a ``QPrinter`` for the print dialog.
"""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from runlift.app.paper.text import cover_html, sessions_html
from runlift.app.view.chips import chip_label, kind_colour, phase_colour
from runlift.app.view.model import sessions_by_day, week_label, week_marks
from runlift.errors import PublishError
from runlift.plan.content.describe import format_distance
from runlift.plan.model import WEEKDAYS, Kind, Phase, Plan, Session, Units, Week

PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MOST_WEEKS_A_PAGE = 6
_MARGIN_MM = 12.0
_BROKEN = QColor("#d32f2f")


@dataclass(frozen=True)
class PrintedPlan:
    """What was printed: the page count and which pages (1-based) hold the week grid."""

    pages: int
    grid_pages: range


def grid_chunks(weeks: Sequence[Week]) -> list[tuple[Week, ...]]:
    """The weeks over as few pages as six a page allows, as evenly as they go (13 → 5+4+4)."""
    pages = math.ceil(len(weeks) / MOST_WEEKS_A_PAGE)
    chunks, start = [], 0
    for page in range(pages):
        size = len(weeks) // pages + (1 if page < len(weeks) % pages else 0)
        chunks.append(tuple(weeks[start : start + size]))
        start += size
    return chunks


def gui_application() -> QGuiApplication:
    """The running Qt application, or a new one for drawing without a window (``runlift pdf``)."""
    existing = QGuiApplication.instance()
    return existing if isinstance(existing, QGuiApplication) else QGuiApplication([sys.argv[0]])


def write_pdf(plan: Plan, name: str, path: Path, paper: str = "a4") -> PrintedPlan:
    """The printed plan as a PDF file, written whole or not at all (PublishError)."""
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        scratch.open("xb").close()  # made as any new file of the runner's (their umask)
    except OSError as error:
        raise PublishError(f"cannot write {path}: {error.strerror}") from None
    try:
        writer = QPdfWriter(str(scratch))
        writer.setResolution(300)
        writer.setTitle(name)
        writer.setCreator("RunLift")
        set_paper(writer, paper)
        printed = render_plan(plan, name, writer)
        del writer  # the file is complete once its writer is gone
        os.replace(scratch, path)
    except (OSError, PublishError) as error:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise PublishError(f"cannot write {path}: {reason}") from None
    return printed


def set_paper(device: QPagedPaintDevice, paper: str) -> None:
    layout = QPageLayout(
        QPageSize(PAPER_SIZES[paper]),
        QPageLayout.Orientation.Portrait,
        QMarginsF(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM, _MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


def render_plan(plan: Plan, name: str, device: QPagedPaintDevice) -> PrintedPlan:
    """Cover, week grid, sessions: drawn page by page on ``device``."""
    painter = QPainter()
    if not painter.begin(device):
        raise PublishError(f"cannot write the printed plan ({name})")
    pages = _Pages(painter, device, name)
    try:
        pages.text(cover_html(plan, name))
        first_grid = pages.number + 1
        for weeks in grid_chunks(plan.weeks):
            pages.new_page()
            _draw_grid(painter, pages.body, plan, weeks, pages.mm)
        grid = range(first_grid, pages.number + 1)
        pages.new_page()
        pages.text(sessions_html(plan))
    finally:
        pages.finish()
        painter.end()
    return PrintedPlan(pages.number, grid)


class _Pages:
    """Page bookkeeping: the body rectangle, text flowed over pages, a footer on each page."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, name: str) -> None:
        self.painter, self.device, self.name = painter, device, name
        self.mm = device.logicalDpiY() / 25.4  # device pixels per millimetre
        footer = 7 * self.mm
        self.body = QRectF(0, 0, device.width(), device.height() - footer)
        self.number = 1

    def new_page(self) -> None:
        self._footer()
        self.device.newPage()
        self.number += 1

    def finish(self) -> None:
        self._footer()

    def text(self, html: str) -> None:
        """HTML flowed over as many pages as it needs, from the current (empty) page on."""
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.device)
        document.setDefaultFont(_font(9))
        document.setDefaultStyleSheet("h1 {font-size: 20pt;} h2 {font-size: 13pt;}")
        document.setPageSize(QSizeF(self.body.width(), self.body.height()))
        document.setHtml(html)
        height = self.body.height()
        for page in range(document.pageCount()):
            if page:
                self.new_page()
            self.painter.save()
            self.painter.translate(0, -page * height)
            document.drawContents(self.painter, QRectF(0, page * height, self.body.width(), height))
            self.painter.restore()

    def _footer(self) -> None:
        self.painter.save()
        self.painter.setFont(_font(8))
        self.painter.setPen(QColor("#444444"))
        rect = QRectF(
            0, self.body.bottom(), self.body.width(), self.device.height() - self.body.bottom()
        )
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                              f"{self.name} · RunLift")  # fmt: skip
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight,
                              f"Page {self.number}")  # fmt: skip
        self.painter.restore()


# -- the week grid (painted) -------------------------------------------------------------
def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def tint(colour: QColor, share: float = 0.35) -> QColor:
    """The colour mixed with white: a light box black text reads on, in colour or grey."""

    def mix(part: float) -> float:
        return share * part + (1 - share)

    return QColor.fromRgbF(mix(colour.redF()), mix(colour.greenF()), mix(colour.blueF()))


def _draw_grid(
    painter: QPainter, body: QRectF, plan: Plan, weeks: tuple[Week, ...], mm: float
) -> None:
    units = plan.settings.units
    painter.setFont(_font(12, bold=True))
    painter.setPen(Qt.GlobalColor.black)
    title = QRectF(body.left(), body.top(), body.width(), 9 * mm)
    span = f"{weeks[0].start:%d %b} – {weeks[-1].start + timedelta(days=6):%d %b %Y}"
    painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                     f"{week_label(weeks[0])} → {week_label(weeks[-1])}  ·  {span}")  # fmt: skip
    week_width = 30 * mm
    day_width = (body.width() - week_width) / 7
    header = QRectF(body.left(), title.bottom(), body.width(), 7 * mm)
    painter.setFont(_font(9, bold=True))
    for column, weekday in enumerate(WEEKDAYS):
        cell = QRectF(header.left() + week_width + column * day_width, header.top(), day_width,
                      header.height())  # fmt: skip
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, weekday.title())
    row_height = (body.bottom() - header.bottom()) / MOST_WEEKS_A_PAGE
    by_day = sessions_by_day(plan)
    broken = {v.session_id: v.rule for v in plan.warnings if v.session_id}
    for row, week in enumerate(weeks):
        top = header.bottom() + row * row_height
        cell = QRectF(body.left(), top, week_width, row_height)
        _draw_week_cell(painter, cell, week, plan.shown_km(week), units, mm)
        for column in range(7):
            day = week.start + timedelta(days=column)
            cell = QRectF(body.left() + week_width + column * day_width, top, day_width, row_height)
            _draw_day_cell(painter, cell, week, day, by_day.get(day, ()), broken, mm, units)
    painter.setPen(QPen(QColor("#000000"), 0.3 * mm))
    painter.drawLine(header.bottomLeft(), header.bottomRight())


def _draw_week_cell(
    painter: QPainter, cell: QRectF, week: Week, km: float, units: Units, mm: float
) -> None:
    painter.save()
    if week.phase in (Phase.TAPER, Phase.RACE):  # T1: the taper stands out, also in grey
        painter.fillRect(cell, tint(phase_colour(week.phase), 0.18))
    painter.fillRect(
        QRectF(cell.left(), cell.top(), 2 * mm, cell.height()), phase_colour(week.phase)
    )
    painter.setPen(QPen(QColor("#777777"), 0.15 * mm))
    painter.drawRect(cell)
    text = cell.adjusted(3.5 * mm, 1.5 * mm, -1 * mm, -1 * mm)
    painter.setPen(Qt.GlobalColor.black)
    painter.setFont(_font(9, bold=True))
    painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, week_label(week))
    painter.setFont(_font(7.5))
    lines = [
        format_distance(km, units),
        f"from {week.start:%d %b}",
        *week_marks(week).split(" · "),
    ]
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    painter.drawText(text.adjusted(0, 4.5 * mm, 0, 0), top_left, "\n".join(lines))
    painter.restore()


def _draw_day_cell(
    painter: QPainter,
    cell: QRectF,
    week: Week,
    day: date,
    sessions: tuple[Session, ...],
    broken: dict[str, str],
    mm: float,
    units: Units,
) -> None:
    painter.save()
    if week.phase in (Phase.TAPER, Phase.RACE):
        painter.fillRect(cell, tint(phase_colour(week.phase), 0.1))
    painter.setPen(QPen(QColor("#777777"), 0.15 * mm))
    painter.drawRect(cell)
    painter.setFont(_font(6.5))
    painter.setPen(QColor("#333333"))
    date_line = QRectF(cell.left() + 1 * mm, cell.top() + 0.6 * mm, cell.width() - 2 * mm, 3 * mm)
    painter.drawText(date_line, Qt.AlignmentFlag.AlignRight, f"{day:%d %b}")
    room = cell.adjusted(1 * mm, 4 * mm, -1 * mm, -1 * mm)
    height = min(13 * mm, (room.height() - 1 * mm * (len(sessions) - 1)) / max(len(sessions), 1))
    for number, session in enumerate(sessions):
        chip = QRectF(room.left(), room.top() + number * (height + 1 * mm), room.width(), height)
        _draw_chip(painter, chip, session, broken.get(session.id), mm, units)
    painter.restore()


def _draw_chip(
    painter: QPainter, chip: QRectF, session: Session, rule: str | None, mm: float, units: Units
) -> None:
    colour = kind_colour(session)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if session.skipped:
        painter.setPen(QPen(QColor("#555555"), 0.25 * mm, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QPen(colour, 0.25 * mm))
        painter.setBrush(tint(colour))
    painter.drawRoundedRect(chip, 1.2 * mm, 1.2 * mm)
    if not session.skipped:  # the full colour as a bar: the kind at a glance, in colour
        painter.fillRect(QRectF(chip.left(), chip.top(), 1.3 * mm, chip.height()), colour)
    if rule is not None:
        painter.setPen(QPen(_BROKEN, 0.6 * mm))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(chip, 1.2 * mm, 1.2 * mm)
    text = chip.adjusted(2.2 * mm, 0.5 * mm, -0.8 * mm, -0.3 * mm)
    label = chip_label(session, units)
    bold = _font(7.5, bold=session.hard)
    bold.setStrikeOut(session.skipped)
    painter.setFont(bold)
    painter.setPen(Qt.GlobalColor.black)
    metrics = painter.fontMetrics()
    top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    painter.drawText(
        text, top, metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(text.width()))
    )
    painter.setFont(_font(6.5))
    detail = _chip_detail(session, rule)
    painter.drawText(text.adjusted(0, metrics.height(), 0, 0), top,
                     painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight,
                                                      int(text.width())))  # fmt: skip


def _chip_detail(session: Session, rule: str | None) -> str:
    """The second line of a chip: skipped, the broken rule, or minutes and pace name."""
    if session.skipped:
        return "skipped"
    if rule is not None:
        return f"⚠ {rule}"
    if session.kind is Kind.REST:
        return ""
    pace = f" · {session.pace.name}" if session.pace is not None else ""
    return f"{session.minutes} min{pace}"
