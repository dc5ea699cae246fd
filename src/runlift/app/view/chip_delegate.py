"""Painting the plan table: coloured session chips in day cells, phase marks in the week cell."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from runlift.app.view.chips import (
    chip_label,
    kind_colour,
    phase_colour,
    text_colour_on,
)
from runlift.app.view.model import (
    FREE_DAY,
    FREE_DAY_ROLE,
    IS_TODAY_ROLE,
    SESSIONS_ROLE,
    VIOLATIONS_ROLE,
    WEEK_COLUMN,
    WEEK_KM_ROLE,
    WEEK_ROLE,
    week_label,
)
from runlift.plan.content.describe import format_distance
from runlift.plan.model import Phase, Session, Units, Violation, Week

CHIP_HEIGHT = 20
CHIP_GAP = 3
MARGIN = 3
WARNING_COLOUR = QColor("#d32f2f")
_OUTLINE = 4  # room around a chip for the selection and keyboard-focus outlines
_MOST_PICTURES = 4000  # cached chip and week pictures (a few hundred kB)
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


SMALLEST_LABEL_PT = 6.0  # still legible on a laptop screen and on paper


class ChipDelegate(QStyledItemDelegate):
    """Draws sessions as chips; the selected session gets an outline, broken rules a red edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected_session_id: str | None = None
        self.focus_visible = False  # the view has keyboard focus: the selected chip says so
        self.units = Units.KM
        self._pictures: dict[tuple[object, ...], QPixmap] = {}
        self._look: tuple[object, ...] = ()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        sessions = index.data(SESSIONS_ROLE) or ()
        return QSize(96, row_height(len(sessions)))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        try:
            week: Week | None = index.data(WEEK_ROLE)
            if index.column() == WEEK_COLUMN and week is not None:
                self._paint_week(painter, option, week, float(index.data(WEEK_KM_ROLE) or 0.0))
            else:
                self._paint_day(painter, option, index, week)
        finally:
            painter.restore()

    # -- week cell ---------------------------------------------------------------------------
    def _paint_week(
        self, painter: QPainter, option: QStyleOptionViewItem, week: Week, km: float
    ) -> None:
        """The week cell from the cache: a replan repaints every week with the same words."""
        rect = option.rect
        key = ("week", week, km, rect.size().toTuple(), self.units, *self._look)

        def draw(picture: QPainter, area: QRect) -> None:
            self._draw_week(picture, area, option, week, km)

        painter.drawPixmap(rect.topLeft(), self._cached(key, rect.size(), option, draw))

    def _draw_week(
        self, painter: QPainter, rect: QRect, option: QStyleOptionViewItem, week: Week, km: float
    ) -> None:
        """Three short lines: weeks to race and volume; phase and start; strength cut-back."""
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
        painter.drawText(first, right, format_distance(km, self.units))
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
        if not sessions:
            if index.data(FREE_DAY_ROLE):  # like the rest day's chip, but only its word
                chip = chip_rects(rect, 1)[0]
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(chip.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, FREE_DAY)
            return
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
        """The chip from the cache (a plan shows the same few chips many times over); the
        picture has room around the chip for the selection and focus outlines."""
        selected = session.id == self.selected_session_id
        key = ("chip", chip_label(session, self.units), session.kind, session.load,
               session.skipped, broken, selected, selected and self.focus_visible,
               chip.size().toTuple(), *self._look)  # fmt: skip
        area = chip.adjusted(-_OUTLINE, -_OUTLINE, _OUTLINE, _OUTLINE)
        inner = QRect(_OUTLINE, _OUTLINE, chip.width(), chip.height())

        def draw(picture: QPainter, _area: QRect) -> None:
            self._draw_chip(picture, option, inner, session, broken)

        painter.drawPixmap(area.topLeft(), self._cached(key, area.size(), option, draw))

    def look_changed(self, widget: QWidget) -> None:
        """Before each paint of the view: what else changes a picture (the palette, the font,
        the screen's pixel ratio). Read once a paint, not once a chip: a font key is slow."""
        self._look = (widget.palette().cacheKey(), widget.font().key(), widget.devicePixelRatioF())

    def _cached(
        self,
        key: tuple[object, ...],
        size: QSize,
        option: QStyleOptionViewItem,
        draw: Callable[[QPainter, QRect], None],
    ) -> QPixmap:
        pixmap = self._pictures.get(key)
        if pixmap is None:
            if len(self._pictures) > _MOST_PICTURES:
                self._pictures.clear()
            ratio = option.widget.devicePixelRatioF() if option.widget else 1.0
            pixmap = QPixmap(size * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            picture = QPainter(pixmap)
            picture.setFont(option.font)
            draw(picture, QRect(QPoint(0, 0), size))
            picture.end()
            self._pictures[key] = pixmap
        return pixmap

    def _draw_chip(
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
        text_rect = chip.adjusted(4, 0, -1, 0)
        label = _fitted(painter, font, label, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         label)  # fmt: skip


def _fitted(painter: QPainter, font: QFont, label: str, width: int) -> str:
    """A label too wide for its chip is set a little smaller before it is cut short: "Tempo 1…"
    would read as a 1 km tempo run, "Tempo 10.5" a size smaller reads right."""
    size = font.pointSizeF()
    while painter.fontMetrics().horizontalAdvance(label) > width and size > SMALLEST_LABEL_PT:
        size = max(size - 0.25, SMALLEST_LABEL_PT)  # glyph widths do not scale evenly
        font.setPointSizeF(size)
        painter.setFont(font)
    return painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, width)
