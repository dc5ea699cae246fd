"""Weekly volume above the plan: run distance per week as bars coloured by phase, and dots for
the strength sessions of each week (so the strength cut-back before the race shows, T3)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from runlift.app.view.chips import phase_colour
from runlift.plan.content.describe import distance_in_units
from runlift.plan.model import Kind, Phase, Plan

_DOTS_HEIGHT = 12
_STRENGTH_LABEL = "strength session"
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
    lifting = [s.date for s in plan.active_sessions if s.kind is Kind.STRENGTH]
    for week in plan.weeks:
        strength = sum(1 for day in lifting if 0 <= (day - week.start).days < 7)
        label = str(week.to_race) if week.to_race is not None else str(week.index)
        volume = distance_in_units(plan.shown_km(week), plan.settings.units)
        bars.append(WeekBar(label, volume, week.phase, strength))
    return bars


class VolumeChart(QWidget):
    """Bars of weekly run volume by phase, strength sessions as dots under each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[WeekBar] = []
        self.unit = "km"
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    def set_plan(self, plan: Plan) -> None:
        self.bars = week_bars(plan)
        self.unit = plan.settings.units.value
        self.setToolTip(
            "Run volume per week (bars, coloured by phase) and strength sessions (dots)"
        )
        self.update()

    def chart_layout(self) -> ChartLayout:
        """Where everything goes at the current size (painting and tests read the same)."""
        metrics = self.fontMetrics()
        line = metrics.height()
        legend = _legend_items(metrics, float(self.width()) - 6)
        legend_height = (legend[-1][1].bottom() + 2) if legend else 0.0
        bottom = self.height() - legend_height - line - _DOTS_HEIGHT - 4
        area = QRectF(34, 6 + line / 2, self.width() - 40, bottom - 6 - line / 2)
        labels: list[tuple[str, QRectF]] = []
        if self.bars and area.width() > 0:
            slot = area.width() / len(self.bars)
            widest = max(metrics.horizontalAdvance(b.label) for b in self.bars) + 4
            step = label_step(slot, widest)
            top = area.bottom() + _DOTS_HEIGHT
            for number, bar in enumerate(self.bars):
                if number % step == 0:
                    centre = area.left() + (number + 0.5) * slot
                    labels.append((bar.label, QRectF(centre - widest / 2, top, widest, line)))
        shift = QPointF(0, self.height() - legend_height)
        return ChartLayout(area, tuple(labels), tuple((t, r.translated(shift)) for t, r in legend))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        layout = self.chart_layout()
        area = layout.bars
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
        painter.setPen(text)
        for label, rect in layout.week_labels:  # weeks to race under their bars
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        self._paint_legend(painter, layout.legend, text)
        painter.end()

    def _paint_axis(self, painter: QPainter, area: QRectF, peak: float, text: QColor) -> None:
        painter.setPen(text)
        height = float(painter.fontMetrics().height())
        top = QRectF(0, area.top() - height / 2, 30, height)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight, f"{peak:.0f}")
        painter.drawText(top.translated(0, height), Qt.AlignmentFlag.AlignRight, self.unit)
        zero = QRectF(0, area.bottom() - height / 2, 30, height)
        painter.drawText(zero, Qt.AlignmentFlag.AlignRight, "0")
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

    def _paint_legend(
        self, painter: QPainter, legend: tuple[tuple[str, QRectF], ...], text: QColor
    ) -> None:
        colours = {phase.value: phase_colour(phase) for phase in Phase}
        for label, rect in legend:
            mark = QRectF(rect.left(), rect.center().y() - 5, 10, 10)
            if label in colours:
                painter.fillRect(mark, colours[label])
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(_STRENGTH_COLOUR)
                painter.drawEllipse(mark.center(), 3, 3)
            painter.setPen(text)
            painter.drawText(rect.adjusted(14, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)


@dataclass(frozen=True)
class ChartLayout:
    """The bar area, the week labels drawn under the bars and the legend entries."""

    bars: QRectF
    week_labels: tuple[tuple[str, QRectF], ...]
    legend: tuple[tuple[str, QRectF], ...]


def label_step(slot: float, label_width: float) -> int:
    """Every week's label, or every 2nd/4th/8th… when they would overlap."""
    step = 1
    while step * slot < label_width and step < 64:
        step *= 2
    return step


def _legend_items(metrics: QFontMetrics, width: float) -> list[tuple[str, QRectF]]:
    """Legend entries flowed into as many lines as the width needs (never clipped)."""
    items: list[tuple[str, QRectF]] = []
    height = float(metrics.height())
    x, y = 34.0, 0.0
    for label in (*(phase.value for phase in Phase), _STRENGTH_LABEL):
        entry = 14.0 + metrics.horizontalAdvance(label)
        if x + entry > width and x > 34.0:
            x, y = 34.0, y + height + 2
        items.append((label, QRectF(x, y, entry, height)))
        x += entry + 8
    return items
