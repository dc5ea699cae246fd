"""Painting the plan table: coloured session chips in day cells, phase marks in the week cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from runlift.app.chips import (
    chip_label,
    format_distance,
    kind_colour,
    phase_colour,
    text_colour_on,
)
from runlift.app.plan_model import (
    IS_TODAY_ROLE,
    SESSIONS_ROLE,
    VIOLATIONS_ROLE,
    WEEK_COLUMN,
    WEEK_ROLE,
    week_label,
)
from runlift.plan.model import Phase, Session, Units, Violation, Week

CHIP_HEIGHT = 20
CHIP_GAP = 3
MARGIN = 3
WARNING_COLOUR = QColor("#d32f2f")
_STRENGTH_CUT_COLOUR = QColor("#8e24aa")

Index = QModelIndex | QPersistentModelIndex


def chip_rects(cell: QRect, count: int) -> list[QRect]:
    """Where each chip of a day cell sits; painting and hit-testing share this."""
    width = cell.width() - 2 * MARGIN
    return [
        QRect(cell.left() + MARGIN, cell.top() + MARGIN + i * (CHIP_HEIGHT + CHIP_GAP), width,
              CHIP_HEIGHT)
        for i in range(count)
    ]  # fmt: skip


def row_height(chips: int) -> int:
    return 2 * MARGIN + max(chips, 2) * (CHIP_HEIGHT + CHIP_GAP)


class ChipDelegate(QStyledItemDelegate):
    """Draws sessions as chips; the selected session gets an outline, broken rules a red edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected_session_id: str | None = None
        self.focus_visible = False  # the view has keyboard focus: the selected chip says so
        self.units = Units.KM

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        sessions = index.data(SESSIONS_ROLE) or ()
        return QSize(96, row_height(len(sessions)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        try:
            week: Week | None = index.data(WEEK_ROLE)
            if index.column() == WEEK_COLUMN and week is not None:
                self._paint_week(painter, option, week)
            else:
                self._paint_day(painter, option, index, week)
        finally:
            painter.restore()

    # -- week cell ---------------------------------------------------------------------------
    def _paint_week(self, painter: QPainter, option: QStyleOptionViewItem, week: Week) -> None:
        """Three short lines: weeks to race and volume; phase and start; strength cut-back."""
        rect = option.rect
        palette: QPalette = option.palette
        stripe = phase_colour(week.phase)
        if week.phase in (Phase.TAPER, Phase.RACE):  # T1: the taper stands out at a glance
            tint = QColor(stripe)
            tint.setAlpha(45)
            painter.fillRect(rect, tint)
        painter.fillRect(QRect(rect.left(), rect.top(), 6, rect.height()), stripe)
        line = painter.fontMetrics().height()
        first = rect.adjusted(12, MARGIN, -MARGIN - 2, 0)
        first.setHeight(line)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(first, left, week_label(week))
        painter.setFont(option.font)
        right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
        painter.drawText(first, right, format_distance(week.run_km, self.units))
        phase = week.phase.value.title() + (" · cutback" if week.cutback else "")
        painter.drawText(first.translated(0, line), left, f"{phase} · {week.start:%d %b}")
        if week.strength_cutback:  # T3: light lifting only from here to the race
            painter.setPen(_STRENGTH_CUT_COLOUR)
            painter.drawText(first.translated(0, 2 * line), left, "strength cut-back")

    # -- day cell ----------------------------------------------------------------------------
    def _paint_day(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index, week: Week | None
    ) -> None:
        rect = option.rect
        palette: QPalette = option.palette
        if week is not None and week.phase in (Phase.TAPER, Phase.RACE):
            tint = phase_colour(week.phase)
            tint.setAlpha(25)
            painter.fillRect(rect, tint)
        if index.data(IS_TODAY_ROLE):
            today = palette.color(QPalette.ColorRole.Highlight)
            today.setAlpha(70)
            painter.fillRect(rect, today)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(
                QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine)
            )
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        sessions: tuple[Session, ...] = index.data(SESSIONS_ROLE) or ()
        violations: tuple[Violation, ...] = index.data(VIOLATIONS_ROLE) or ()
        broken = {v.session_id for v in violations}
        for chip, session in zip(chip_rects(rect, len(sessions)), sessions, strict=True):
            self._paint_chip(painter, option, chip, session, session.id in broken)

    def _paint_chip(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        chip: QRect,
        session: Session,
        broken: bool,
    ) -> None:
        colour = kind_colour(session)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if session.skipped:  # S: a skipped session stays visible (so it can be restored)
            painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            text_colour = option.palette.color(QPalette.ColorRole.PlaceholderText)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            text_colour = text_colour_on(colour)
        painter.drawRoundedRect(chip, 5, 5)
        if broken:
            painter.setPen(QPen(WARNING_COLOUR, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chip.adjusted(1, 1, -1, -1), 5, 5)
        if session.id == self.selected_session_id:
            highlight = option.palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chip.adjusted(-1, -1, 1, 1), 6, 6)
            if self.focus_visible:  # keyboard focus: a second, dark outline seen on any colour
                painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Text), 2))
                painter.drawRoundedRect(chip.adjusted(-3, -3, 3, 3), 7, 7)
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))  # ten characters fit a day
        font.setStrikeOut(session.skipped)
        painter.setFont(font)
        painter.setPen(text_colour)
        label = ("⚠ " if broken else "") + chip_label(session, self.units)
        metrics = painter.fontMetrics()
        text_rect = chip.adjusted(5, 0, -2, 0)
        label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         label)  # fmt: skip
