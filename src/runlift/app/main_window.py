"""The main window: setup on the left, the volume chart and the plan in the middle, the
session details, warnings and delivery panels on the right; menus, shortcuts, the document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from runlift.app import file_actions
from runlift.app.caldav_panel import CalDavPanel
from runlift.app.details_panel import DetailsPanel
from runlift.app.document_state import BuiltPlan, OpenDocument
from runlift.app.document_watch import DocumentWatcher
from runlift.app.feed_panel import FeedPanel
from runlift.app.google_panel import GooglePanel
from runlift.app.plan_view import KEYBOARD_HELP, PlanView
from runlift.app.setup_panel import SetupPanel
from runlift.app.volume_chart import VolumeChart
from runlift.app.warnings_panel import WarningsPanel
from runlift.app.watch_panel import WatchPanel
from runlift.plan.model import Violation
from runlift.resources import resource_path
from runlift.storage.document import Document

DEFAULT_SIZE = QSize(1480, 900)
SETUP_WIDTH = 330
SIDE_WIDTH = 330
GRID_WIDTH = 700  # the week column and seven day columns at their narrowest, and a scroll bar
FRAME = QSize(16, 40)  # the window frame (borders, title bar) is not part of the window's size


def fitted_size(available: QRect) -> QSize:
    """The default size, cut to the screen's available area (a 1366x768 laptop)."""
    return DEFAULT_SIZE.boundedTo(available.size() - FRAME)


class MainWindow(QMainWindow):
    """One open document at a time; every panel reads from and writes to ``self.state``."""

    def __init__(
        self,
        document: Document,
        today: date,
        path: Path | None = None,
        ui_settings: QSettings | None = None,
        built: BuiltPlan | None = None,
    ) -> None:
        super().__init__()
        self.state = OpenDocument(document, today, self, built)
        self.state.path = path
        self.ui_settings = ui_settings or QSettings("RunLift", "RunLift")
        self._build_panels()
        self._build_layout()
        self._build_actions()
        self.state.planChanged.connect(self._plan_changed)
        self.state.stateChanged.connect(self._update_title)
        self.state.editRefused.connect(lambda why: self.statusBar().showMessage(why, 8000))
        self.watcher = DocumentWatcher(self.state, self)  # other programs saving the file
        self.state.changedOnDisk.connect(lambda note: self.statusBar().showMessage(note, 15000))
        self.state.undo_stack.indexChanged.connect(self._undo_moved)
        self._plan_changed()
        self._update_title()
        self._set_icon()
        self.restore_ui_state()

    # -- building --------------------------------------------------------------------------
    def _build_panels(self) -> None:
        self.setup_panel = SetupPanel(self.state)
        self.chart = VolumeChart()
        self.plan_view = PlanView(self.state)
        self.details = DetailsPanel()
        self.warnings = WarningsPanel()
        self.feed_panel = FeedPanel(self.state)
        self.google_panel = GooglePanel(self.state)
        self.caldav_panel = CalDavPanel(self.state)
        self.watch_panel = WatchPanel(self.state)
        self.feed_panel.save_document = self.save
        self.plan_view.sessionSelected.connect(self._show_session)
        self.warnings.violationActivated.connect(self._show_violation)

    def _build_layout(self) -> None:
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical)
        self.centre_splitter.setObjectName("centre")
        self.centre_splitter.addWidget(self.chart)
        self.centre_splitter.addWidget(self.plan_view)
        self.centre_splitter.setStretchFactor(1, 1)
        self.centre_splitter.setSizes([170, 600])
        self.setCentralWidget(self.centre_splitter)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.details, "Session")
        self.side_tabs.addTab(self.warnings, "Warnings")
        self.side_tabs.addTab(self.feed_panel, "Feed")
        self.side_tabs.addTab(self.google_panel, "Google")
        self.side_tabs.addTab(self.caldav_panel, "CalDAV")  # beside Google: the same push
        self.side_tabs.addTab(self.watch_panel, "Watch")
        self.setup_dock = self._dock(
            "setup", "Setup", self.setup_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.side_dock = self._dock(
            "side", "Details", self.side_tabs, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resizeDocks([self.setup_dock, self.side_dock], [SETUP_WIDTH, SIDE_WIDTH],
                         Qt.Orientation.Horizontal)  # fmt: skip
        self.resize(fitted_size(self.screen().availableGeometry()))
        self._layout_restored = False  # a layout the runner left is kept where it fits
        self._fitted = False

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """A panel that can be closed (View menu brings it back), moved to the other side,
        stacked with the other panel or floated as its own window."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def fit_panels(self) -> None:
        """Too narrow for setup, week and details side by side (a small laptop, or a layout kept
        from a larger screen): the details stack behind the setup, so the whole week stays in
        view. A wide window keeps the runner's own arrangement."""
        docked = [d for d in (self.setup_dock, self.side_dock)
                  if not d.isHidden() and not d.isFloating()]  # fmt: skip
        beside = len(docked) == 2 and not self.tabifiedDockWidgets(self.setup_dock)
        if beside and self.width() < SETUP_WIDTH + SIDE_WIDTH + GRID_WIDTH:
            self.tabifyDockWidget(self.setup_dock, self.side_dock)
            self.setup_dock.raise_()
        elif not self._layout_restored:
            self.resizeDocks([self.setup_dock, self.side_dock], [SETUP_WIDTH, SIDE_WIDTH],
                             Qt.Orientation.Horizontal)  # fmt: skip

    def show_side_panel(self, panel: QWidget) -> None:
        """Bring a side panel to the front (and its dock back, if it was closed)."""
        self.side_dock.show()
        self.side_dock.raise_()
        self.side_tabs.setCurrentWidget(panel)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            self.fit_panels()
        super().showEvent(event)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "new", "&New plan", QKeySequence.StandardKey.New, self.new_plan)
        self._action(file_menu, "open", "&Open…", QKeySequence.StandardKey.Open, self.open_plan)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "save", "&Save", QKeySequence.StandardKey.Save, self.save)
        self._action(file_menu, "save_as", "Save &as…", QKeySequence.StandardKey.SaveAs,
                     self.save_as)  # fmt: skip
        file_menu.addSeparator()
        self._action(file_menu, "export", "&Export .ics…", "Ctrl+E", self.export_ics)
        self._action(file_menu, "export_pdf", "Export &PDF…", None, self.export_pdf)
        self._action(file_menu, "print", "&Print…", QKeySequence.StandardKey.Print,
                     self.print_plan)  # fmt: skip
        file_menu.addSeparator()
        self._action(file_menu, "quit", "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.state.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.state.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([undo, redo])
        self.actions_by_name.update(undo=undo, redo=redo)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "today", "Go to &today", "Ctrl+T", self.go_to_today)
        self._action(view_menu, "warnings", "Show &warnings", "Ctrl+Shift+W",
                     lambda: self.show_side_panel(self.warnings))  # fmt: skip
        view_menu.addSeparator()
        for dock_name, dock, shortcut in (("setup", self.setup_dock, "Ctrl+1"),
                                 ("side", self.side_dock, "Ctrl+2")):  # fmt: skip
            toggle = dock.toggleViewAction()
            toggle.setText(f"{dock.windowTitle()} panel")
            toggle.setShortcut(QKeySequence(shortcut))
            view_menu.addAction(toggle)
            self.actions_by_name[f"{dock_name}_panel"] = toggle
        help_menu = self.menuBar().addMenu("&Help")
        keys = self._action(help_menu, "keyboard", "&Keyboard use of the plan…", "F1",
                            self.show_keyboard_help)  # fmt: skip
        keys.setToolTip("Move, skip and restore workouts without a mouse")
        self._action(help_menu, "about", "&About RunLift", None, self._about)

    def _action(self, menu, name, text, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _set_icon(self) -> None:
        try:
            icon = resource_path("icons/runlift.svg")
        except FileNotFoundError:
            return
        if icon.is_file():
            self.setWindowIcon(QIcon(str(icon)))

    # -- reacting --------------------------------------------------------------------------
    def _plan_changed(self) -> None:
        plan = self.state.plan
        self.chart.set_plan(plan)
        self.warnings.set_report(plan, self.state.edit_notes)
        count = len(plan.warnings)
        self.side_tabs.setTabText(1, f"Warnings ({count})" if count else "Warnings")
        session_id = self.details.session_id
        session = plan.session(session_id) if session_id else None
        self.details.show_session(session, plan)

    def _undo_moved(self, _index: int) -> None:
        """Undo/redo of a settings change: the form shows the settings now in force."""
        if not self.setup_panel.applying:
            self.setup_panel.follow(self.state.document.settings)

    def _update_title(self) -> None:
        marker = "*" if self.state.modified else ""
        self.setWindowTitle(f"{self.state.display_name}{marker} — RunLift")
        self.actions_by_name["save"].setEnabled(True)

    def _show_session(self, session_id: str) -> None:
        self.details.show_session(self.state.plan.session(session_id), self.state.plan)
        self.show_side_panel(self.details)

    def _show_violation(self, violation: Violation) -> None:
        if violation.session_id and self.state.plan.session(violation.session_id):
            self.plan_view.select_session(violation.session_id)
            self.show_side_panel(self.warnings)
        elif violation.date:
            self.plan_view.scroll_to_date(violation.date)

    def go_to_today(self) -> None:
        self.plan_view.scroll_to_date(self.state.today)

    # -- file actions (the dialogs live in file_actions) -----------------------------------
    def new_plan(self) -> None:
        if self.confirm_discard():
            file_actions.new_plan(self)

    def open_plan(self) -> None:
        if self.confirm_discard():
            file_actions.open_plan(self)

    def open_path(self, path: Path) -> bool:
        return file_actions.open_path(self, path)

    def save(self) -> bool:
        return file_actions.save(self)

    def save_as(self) -> bool:
        return file_actions.save_as(self)

    def export_ics(self) -> None:
        file_actions.export_ics(self)

    def export_pdf(self) -> None:
        from runlift.app import print_actions  # Qt's printing loads on first use

        print_actions.export_pdf(self)

    def print_plan(self) -> None:
        from runlift.app import print_actions

        print_actions.print_plan(self)

    def _fill_recent(self) -> None:
        file_actions.fill_recent_menu(self, self.recent_menu)

    def replace_document(self, document: Document, path: Path | None) -> None:
        self.state.replace(document, path)
        self.setup_panel.load(document.settings)
        self.details.show_session(None, None)

    # -- closing ---------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when the current document may be replaced (saved, discarded or unchanged)."""
        if not self.state.modified:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{self.state.display_name}” first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def confirm_stop_push(self) -> bool:
        """A running push is never cut off silently: ask, then let it record its work."""
        pushes = ((self.google_panel, "Google"), (self.caldav_panel, "CalDAV"))
        running = [(panel, name) for panel, name in pushes if panel.busy]
        if not running:
            return True
        name = running[0][1]
        answer = QMessageBox.question(
            self,
            f"{name} push running",
            f"A push to {name} is still running. Stop it and close? What it finished is kept.",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Close:
            return False
        for panel, _name in running:
            panel.stop_and_wait()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.setup_panel.apply_pending()
        if not self.confirm_stop_push() or not self.confirm_discard():
            event.ignore()
            return
        self.feed_panel.stop_server()
        self.save_ui_state()
        event.accept()

    # -- remembered UI state ---------------------------------------------------------------
    def save_ui_state(self) -> None:
        settings = self.ui_settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/panels", self.saveState())
        splitter = self.centre_splitter
        settings.setValue(f"window/splitter-{splitter.objectName()}", splitter.saveState())
        if self.state.path is not None:
            settings.setValue("document/last", str(self.state.path))
        settings.sync()

    def restore_ui_state(self) -> None:
        settings = self.ui_settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            # saved on a larger screen: never larger than this one
            self.resize(self.size().boundedTo(fitted_size(self.screen().availableGeometry())))
        panels = settings.value("window/panels")
        if isinstance(panels, QByteArray):
            self._layout_restored = self.restoreState(panels)
        state = settings.value(f"window/splitter-{self.centre_splitter.objectName()}")
        if isinstance(state, QByteArray):
            self.centre_splitter.restoreState(state)

    def show_keyboard_help(self) -> None:
        rows = "".join(
            f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in KEYBOARD_HELP
        )
        QMessageBox.information(
            self,
            "Keyboard use of the plan",
            "Click the plan or Tab to it, then:<table cellspacing=4>" + rows + "</table>"
            "Every move, skip and restore is one step of Edit ▸ Undo.",
        )

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About RunLift",
            "RunLift builds a running + strength plan toward your race, tapers it and cuts "
            "strength back before race day, and sends it to your calendar.",
        )
