"""The plan table: weeks × days of chips; drag a chip to another day, or use its context menu.

Every adjustment becomes an ``Edit`` pushed on the document's undo stack; the plan engine
replays it and runs the rule check, so a broken rule shows on the chip at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QMenu,
    QTableView,
    QWidget,
)

from runlift.app.chip_delegate import ChipDelegate, chip_rects, row_height
from runlift.app.chips import distance_in_units, format_distance
from runlift.app.document_state import OpenDocument
from runlift.app.plan_model import SESSIONS_ROLE, WEEK_COLUMN, PlanTableModel
from runlift.plan.edits import Edit
from runlift.plan.model import Kind, Session, Units
from runlift.plan.settings_io import parse_distance

SESSION_MIME = "application/x-runlift-session"


class PlanView(QTableView):
    """The whole plan at once; the chip under the mouse is what a click, drag or menu acts on."""

    sessionSelected = Signal(str)

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.plan_model = PlanTableModel(self)
        self.chips = ChipDelegate(self)
        self.setModel(self.plan_model)
        self.setItemDelegate(self.chips)
        self._press: tuple[QPoint, str] | None = None
        self._set_up_look()
        state.planChanged.connect(self.refresh)
        self.refresh()

    def _set_up_look(self) -> None:
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setMouseTracking(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WEEK_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(WEEK_COLUMN, 165)
        header.setMinimumSectionSize(70)
        self.verticalHeader().hide()
        self.setWordWrap(True)

    # -- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        plan = self._state.plan
        self.chips.units = plan.settings.units
        self.plan_model.set_plan(plan, self._state.today)
        most = max((len(self.plan_model.sessions_on(s.date)) for s in plan.sessions), default=2)
        self.verticalHeader().setDefaultSectionSize(row_height(most))
        if self.chips.selected_session_id and not plan.session(self.chips.selected_session_id):
            self.chips.selected_session_id = None

    def select_session(self, session_id: str) -> None:
        self.chips.selected_session_id = session_id
        index = self.plan_model.index_of_session(session_id)
        if index.isValid():
            self.scrollTo(index)
        self.viewport().update()
        self.sessionSelected.emit(session_id)

    def scroll_to_date(self, day: date) -> None:
        index = self.plan_model.index_of_date(day)
        if index.isValid():
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def session_at(self, pos: QPoint) -> Session | None:
        """The chip under a viewport position (what drag, click and menu act on)."""
        index = self.indexAt(pos)
        if not index.isValid() or index.column() == WEEK_COLUMN:
            return None
        sessions: tuple[Session, ...] = index.data(SESSIONS_ROLE) or ()
        rects = chip_rects(self.visualRect(index), len(sessions))
        return next((s for s, r in zip(sessions, rects, strict=True) if r.contains(pos)), None)

    def chip_centre(self, session_id: str) -> QPoint:
        """The viewport point at the middle of a session's chip (for tests and keyboard use)."""
        index = self.plan_model.index_of_session(session_id)
        sessions: tuple[Session, ...] = index.data(SESSIONS_ROLE) or ()
        rects = chip_rects(self.visualRect(index), len(sessions))
        return next(r.center() for s, r in zip(sessions, rects, strict=True) if s.id == session_id)

    # -- the edits (the drop and the context menu both end here) ---------------------------
    def move_session(self, session_id: str, day: date) -> None:
        session = self._state.plan.session(session_id)
        if session is None or session.date == day:
            return
        edit = Edit("move", session_id, date=day, from_date=session.date)
        self._state.add_edit(edit, f"Move {session.title} to {day:%a %d %b}")

    def skip_session(self, session_id: str, skip: bool = True) -> None:
        session = self._state.plan.session(session_id)
        if session is None:
            return
        op, verb = ("skip", "Skip") if skip else ("restore", "Restore")
        self._state.add_edit(Edit(op, session_id), f"{verb} {session.title}")

    def change_distance(self, session_id: str, km: float) -> None:
        session = self._state.plan.session(session_id)
        if session is None:
            return
        units = self._state.plan.settings.units
        text = f"Set {session.title} to {format_distance(km, units)}"
        self._state.add_edit(Edit("distance", session_id, value=round(km, 2)), text)

    # -- mouse and drag and drop -----------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        session = self.session_at(event.position().toPoint())
        self._press = (event.position().toPoint(), session.id) if session else None
        if session:
            self.select_session(session.id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press and event.buttons() & Qt.MouseButton.LeftButton:
            start, session_id = self._press
            if (event.position().toPoint() - start).manhattanLength() >= 8:
                self._press = None
                self._start_drag(session_id)
                return
        super().mouseMoveEvent(event)

    def _start_drag(self, session_id: str) -> None:
        mime = QMimeData()
        mime.setData(SESSION_MIME, session_id.encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(SESSION_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.plan_model.day_of(self.indexAt(event.position().toPoint()))
        if event.mimeData().hasFormat(SESSION_MIME) and day is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """A chip dropped on a day: a move edit for that session to that day."""
        mime = event.mimeData()
        day = self.plan_model.day_of(self.indexAt(event.position().toPoint()))
        if not mime.hasFormat(SESSION_MIME) or day is None:
            event.ignore()
            return
        session_id = bytes(mime.data(SESSION_MIME).data()).decode()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.move_session(session_id, day)

    # -- context menu ----------------------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        session = self.session_at(event.pos())
        if session is None:
            return
        self.select_session(session.id)
        self.session_menu(session).exec(event.globalPos())

    def session_menu(self, session: Session) -> QMenu:
        menu = QMenu(self)
        move = menu.addMenu("Move to")
        monday = session.date - timedelta(days=session.date.weekday())
        for offset in range(-7, 14):
            day = monday + timedelta(days=offset)
            if day != session.date and self.plan_model.index_of_date(day).isValid():
                action = move.addAction(f"{day:%a %d %b}")
                action.triggered.connect(lambda _=False, d=day: self.move_session(session.id, d))
        if session.kind is Kind.RACE:
            move.setEnabled(False)
        skip = menu.addAction("Restore" if session.skipped else "Skip")
        skip.triggered.connect(lambda: self.skip_session(session.id, not session.skipped))
        skip.setEnabled(session.kind is not Kind.RACE)
        if session.is_run and session.kind is not Kind.RACE:
            distance = menu.addAction("Edit distance…")
            distance.triggered.connect(lambda: self._ask_distance(session))
        return menu

    def _ask_distance(self, session: Session) -> None:
        units: Units = self._state.plan.settings.units
        shown = distance_in_units(session.distance_km or 5.0, units)
        value, ok = QInputDialog.getDouble(
            self, "Edit distance", f"{session.title} ({units.value}):", shown, 0.5, 160.0, 1
        )
        if ok:
            km = parse_distance(f"{value}{units.value}")  # the plan's own unit conversion
            self.change_distance(session.id, km)
