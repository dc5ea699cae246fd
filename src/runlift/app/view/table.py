"""The plan table: weeks × days of chips; drag a chip to another day, or use its context menu.

Everything the mouse does can be done from the keyboard (``KEYBOARD_HELP``). Every adjustment
becomes an ``Edit`` pushed on the document's undo stack; the plan engine replays it and runs the
rule check, so a broken rule shows on the chip at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.view.chip_delegate import ChipDelegate, chip_rects, row_height
from runlift.app.view.keys import MOVE_DAYS, STEPS, Key, keyboard_help_text
from runlift.app.view.model import SESSIONS_ROLE, WEEK_COLUMN, PlanTableModel
from runlift.app.view.session_menu import ask_distance, session_menu
from runlift.plan.content.describe import format_distance
from runlift.plan.edits.record import Edit
from runlift.plan.model import Session

SESSION_MIME = "application/x-runlift-session"
DATE_CHECK_MS = 60_000  # how often the view looks whether midnight has passed


def current_date() -> date:
    """The wall-clock day (a module function so the date-change check can be tested)."""
    return date.today()


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
        self._clock_day = current_date()
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DATE_CHECK_MS)
        self.day_timer.timeout.connect(lambda: self.follow_clock(current_date()))
        self.day_timer.start()

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
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTabKeyNavigation(False)  # Tab cycles a day's chips, then leaves the grid
        self.setWhatsThis("Keyboard:\n" + keyboard_help_text())
        self.setAccessibleDescription("Plan grid. " + keyboard_help_text())

    # -- showing ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self.chips.look_changed(self.viewport())
        super().paintEvent(event)

    def refresh(self) -> None:
        plan = self._state.plan
        current = self.currentIndex()
        cell = (current.row(), current.column()) if current.isValid() else None
        self.chips.units = plan.settings.units
        self.plan_model.set_plan(plan, self._state.today)
        most = max((len(self.plan_model.sessions_on(s.date)) for s in plan.sessions), default=2)
        self.verticalHeader().setDefaultSectionSize(row_height(most))
        if self.chips.selected_session_id and not plan.session(self.chips.selected_session_id):
            self.chips.selected_session_id = None
        if cell is not None:  # the reset dropped the keyboard cell: it follows the selection
            selected = self.chips.selected_session_id
            index = self.plan_model.index_of_session(selected) if selected else QModelIndex()
            self._set_cell(index if index.isValid() else self.plan_model.index(*cell))

    def follow_clock(self, now: date) -> None:
        """Midnight passed while the window was open: today's highlight moves with the clock.

        Only when the window showed the clock's day; a day given on the command line stays.
        """
        if now == self._clock_day:
            return
        following = self._state.today == self._clock_day
        self._clock_day = now
        if following:
            self._state.today = now
            self.refresh()
            self.viewport().update()

    def _set_cell(self, index: QModelIndex) -> None:
        """Make ``index`` the keyboard cell without scrolling (a refresh keeps the view still)."""
        scrolls = self.hasAutoScroll()
        self.setAutoScroll(False)
        try:
            self.setCurrentIndex(index)
        finally:
            self.setAutoScroll(scrolls)

    def select_session(self, session_id: str) -> None:
        self.chips.selected_session_id = session_id
        index = self.plan_model.index_of_session(session_id)
        if index.isValid():
            self._set_cell(index)
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
        return self.chip_rect(session_id).center()

    def chip_rect(self, session_id: str) -> QRect:
        """Where a session's chip is drawn, in viewport coordinates."""
        index = self.plan_model.index_of_session(session_id)
        sessions: tuple[Session, ...] = index.data(SESSIONS_ROLE) or ()
        rects = chip_rects(self.visualRect(index), len(sessions))
        return next(r for s, r in zip(sessions, rects, strict=True) if s.id == session_id)

    def selected_session(self) -> Session | None:
        selected = self.chips.selected_session_id
        return self._state.plan.session(selected) if selected else None

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

    # -- keyboard --------------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        self.chips.focus_visible = True
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.chips.focus_visible = False
        super().focusOutEvent(event)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._handle_key(event.key(), event.modifiers()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _handle_key(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        session = self.selected_session()
        if key in STEPS and not ctrl:
            self._step(*STEPS[Key(key)])
        elif key in MOVE_DAYS and ctrl:
            if session is not None:  # the drop's own edit: one undo step, the rules run
                self.move_session(session.id, session.date + timedelta(days=MOVE_DAYS[Key(key)]))
                self._follow_selection()
        elif key in (Key.Key_Delete, Key.Key_Backspace):
            if session is not None:
                self.skip_session(session.id, skip=not shift)
        elif key == Key.Key_Insert:
            if session is not None:
                self.skip_session(session.id, skip=False)
        elif key in (Key.Key_Return, Key.Key_Enter):
            if session is not None:
                self.select_session(session.id)  # the window shows its details
        elif key == Key.Key_Menu or (key == Key.Key_F10 and shift):
            self.open_menu_at_chip()
        else:
            return False
        return True

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab / Shift+Tab walk the chips of the day; past the last one focus moves on."""
        step = 1 if forward else -1
        chips = self._chips_of_cell(self.currentIndex())
        selected = self.chips.selected_session_id
        ids = [s.id for s in chips]
        if self.hasFocus() and selected in ids:
            position = ids.index(selected) + step
            if 0 <= position < len(ids):
                self.select_session(ids[position])
                return True
        return super().focusNextPrevChild(forward)

    def _step(self, rows: int, days: int) -> None:
        """Arrow keys: the neighbouring day (Left from Monday is the Sunday before) or week.

        The chip at the same position of the new day is selected (AM stays AM where it can).
        """
        current = self.currentIndex()
        if not current.isValid() or current.column() == WEEK_COLUMN:
            current = self._start_cell()
            rows = days = 0
        chips = self._chips_of_cell(current)
        ids = [s.id for s in chips]
        position = (
            ids.index(self.chips.selected_session_id)
            if self.chips.selected_session_id in ids
            else 0
        )
        here = current.row() * 7 + current.column() - 1
        day_number = here + rows * 7 + days
        if not 0 <= day_number < self.plan_model.rowCount() * 7:
            day_number = here  # at the plan's edge the keyboard stays where it is
        target = self.plan_model.index(day_number // 7, day_number % 7 + 1)
        self._select_cell(target, position)

    def _start_cell(self) -> QModelIndex:
        """Where the keyboard starts: the selected chip, else today, else the first day."""
        selected = self.selected_session()
        for index in (
            self.plan_model.index_of_session(selected.id) if selected else QModelIndex(),
            self.plan_model.index_of_date(self._state.today),
        ):
            if index.isValid():
                return index
        return self.plan_model.index(0, WEEK_COLUMN + 1)

    def _select_cell(self, index: QModelIndex, position: int) -> None:
        """The cell becomes current; its chip at ``position`` (or the last one) is selected."""
        chips = self._chips_of_cell(index)
        self._set_cell(index)
        self.scrollTo(index)
        if chips:
            self.select_session(chips[min(position, len(chips) - 1)].id)
        else:
            self.chips.selected_session_id = None
            self.viewport().update()

    def _chips_of_cell(self, index: QModelIndex) -> tuple[Session, ...]:
        if not index.isValid() or index.column() == WEEK_COLUMN:
            return ()
        sessions: tuple[Session, ...] = index.data(SESSIONS_ROLE) or ()
        return sessions

    def _follow_selection(self) -> None:
        selected = self.chips.selected_session_id
        index = self.plan_model.index_of_session(selected) if selected else QModelIndex()
        if index.isValid():
            self._set_cell(index)
            self.scrollTo(index)

    # -- context menu ----------------------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            self.open_menu_at_chip()
            return
        session = self.session_at(event.pos())
        if session is None:
            return
        self.select_session(session.id)
        self.session_menu(session).exec(event.globalPos())

    def open_menu_at_chip(self) -> QMenu | None:
        """The keyboard's context menu: the selected chip's menu, just below the chip."""
        session = self.selected_session()
        if session is None:
            return None
        self._follow_selection()
        menu = self.session_menu(session)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.viewport().mapToGlobal(self.chip_rect(session.id).bottomLeft()))
        if menu.actions():  # the keyboard starts on the first entry
            menu.setActiveAction(menu.actions()[0])
        return menu

    def session_menu(self, session: Session) -> QMenu:
        return session_menu(self, self, session, self._state.plan.settings.units)

    def _ask_distance(self, session: Session) -> None:
        ask_distance(self, self, session, self._state.plan.settings.units)

    def has_day(self, day: date) -> bool:
        return self.plan_model.index_of_date(day).isValid()
