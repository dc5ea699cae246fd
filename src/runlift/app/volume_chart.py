"""Weekly volume above the plan: run distance per week as bars coloured by phase, and dots for
the strength sessions of each week (so the strength cut-back before the race shows, T3)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from runlift.app.chips import distance_in_units, phase_colour
from runlift.plan.model import Kind, Phase, Plan

_DOTS_HEIGHT = 12
_LEGEND_HEIGHT = 16
_STRENGTH_COLOUR = QColor("#8e24aa")


@dataclass(frozen=True)
class WeekBar:
    """What one bar shows: the week's run volume (display unit), phase, strength count."""

    label: str
    volume: float
    phase: Phase
    strength: int


def week_bars(plan: Plan) -> list[WeekBar]:
    """One bar per week; skipped strength sessions do not count."""
    bars = []
    for week in plan.weeks:
        strength = sum(
            1
            for s in plan.active_sessions
            if s.kind is Kind.STRENGTH and 0 <= (s.date - week.start).days < 7
        )
        label = str(week.to_race) if week.to_race is not None else str(week.index)
        volume = distance_in_units(week.run_km, plan.settings.units)
        bars.append(WeekBar(label, volume, week.phase, strength))
    return bars


class VolumeChart(QWidget):
    """Bars of weekly run volume by phase, strength sessions as dots under each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[WeekBar] = []
        self.unit = "km"
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(600, 140)

    def set_plan(self, plan: Plan) -> None:
        self.bars = week_bars(plan)
        self.unit = plan.settings.units.value
        self.setToolTip(
            "Run volume per week (bars, coloured by phase) and strength sessions (dots)"
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        area = QRectF(self.rect()).adjusted(34, 6, -6, -(_DOTS_HEIGHT + _LEGEND_HEIGHT + 4))
        if not self.bars or area.width() <= 0 or area.height() <= 0:
            painter.end()
            return
        peak = max(max(b.volume for b in self.bars), 1.0)
        self._paint_axis(painter, area, peak, text)
        slot = area.width() / len(self.bars)
        for number, bar in enumerate(self.bars):
            left = area.left() + number * slot
            height = area.height() * bar.volume / peak
            rect = QRectF(left + slot * 0.12, area.bottom() - height, slot * 0.76, height)
            painter.fillRect(rect, phase_colour(bar.phase))
            self._paint_dots(painter, QPointF(left + slot / 2, area.bottom() + 7), bar.strength)
        self._paint_legend(painter, text)
        painter.end()

    def _paint_axis(self, painter: QPainter, area: QRectF, peak: float, text: QColor) -> None:
        painter.setPen(text)
        label_rect = QRectF(0, area.top() - 2, 30, 14)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight, f"{peak:.0f}")
        painter.drawText(
            QRectF(0, area.bottom() - 12, 30, 14), Qt.AlignmentFlag.AlignRight, self.unit
        )
        grid = QColor(text)
        grid.setAlpha(50)
        painter.setPen(grid)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.topLeft(), area.topRight())

    def _paint_dots(self, painter: QPainter, centre: QPointF, count: int) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_STRENGTH_COLOUR)
        for i in range(count):
            offset = (i - (count - 1) / 2) * 7
            painter.drawEllipse(QPointF(centre.x() + offset, centre.y()), 2.5, 2.5)

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        x = 34.0
        y = self.height() - _LEGEND_HEIGHT + 2
        for phase in Phase:
            painter.fillRect(QRectF(x, y + 2, 10, 10), phase_colour(phase))
            painter.setPen(text)
            painter.drawText(QPointF(x + 14, y + 11), phase.value)
            x += 20 + painter.fontMetrics().horizontalAdvance(phase.value)
        painter.setBrush(_STRENGTH_COLOUR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(x + 5, y + 7), 3, 3)
        painter.setPen(text)
        painter.drawText(QPointF(x + 14, y + 11), "strength session")
