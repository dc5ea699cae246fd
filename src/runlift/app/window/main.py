"""The main window: setup on the left, the volume chart and the plan in the middle, the
session details, warnings and delivery panels on the right; menus, shortcuts, the document.

The app's start shows the window's frame first (menu titles, the panels' frames, the runner's
layout) and reads the document and builds its plan just after that first paint: the window is on
screen before the plan engine is even loaded. ``MainWindow(document, …)`` builds it all at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QWidget

from runlift.app.send.build import (
    build_caldav_panel,
    build_feed_panel,
    build_google_panel,
    build_watch_panel,
)
from runlift.app.shell import Shell
from runlift.app.side_tabs import SideTabs
from runlift.app.window.layout import (
    SETUP_WIDTH,
    SIDE_WIDTH,
    PanelFit,
    fitted_size,
    restore_size,
    restore_splitter,
    save_layout,
)
from runlift.resources import resource_path

# Only what the frame needs is loaded before its first paint: the rest comes with the document.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QSplitter

    from runlift.app.details.panel import DetailsPanel
    from runlift.app.details.warnings import WarningsPanel
    from runlift.app.document.state import BuiltPlan, OpenDocument
    from runlift.app.send.caldav import CalDavPanel
    from runlift.app.send.feed import FeedPanel
    from runlift.app.send.google import GooglePanel
    from runlift.app.send.watch import WatchPanel
    from runlift.app.setup.panel import SetupPanel
    from runlift.app.view.table import PlanView
    from runlift.app.view.volume_chart import VolumeChart
    from runlift.plan.model import Violation
    from runlift.storage.document import Document

MENU_TITLES = {"file": "&File", "edit": "&Edit", "view": "&View", "help": "&Help"}
SEND = "Send"  # the delivery panels' tab: every title fits a side panel 330 px wide
SIDE_TABS = (("session", "Session", None), ("warnings", "Warnings", None),
             ("feed", "Feed", SEND), ("google", "Google", SEND),
             ("caldav", "CalDAV", SEND), ("watch", "Watch", SEND))  # fmt: skip


DEMO_NOTE = "This is a demo plan: File ▸ New plan (Ctrl+N) starts your own."


class MainWindow(Shell):
    """One open document at a time; every panel reads from and writes to ``self.state``."""

    opened = Signal()  # the document is in the window: its plan is in the grid

    def __init__(
        self,
        document: Document | None,
        today: date,
        path: Path | None = None,
        ui_settings: QSettings | None = None,
        built: BuiltPlan | None = None,
    ) -> None:
        """Without a document, only the frame: ``open_first`` brings the document."""
        super().__init__()
        self.today = today
        self.ui_settings = ui_settings or QSettings("RunLift", "RunLift")
        self.is_open = False
        self._build_frame()
        if document is not None:
            self.open_first(document, path, built)

    # -- building --------------------------------------------------------------------------
    def _build_frame(self) -> None:
        """What paints first: the menu titles, the two panels' frames, the runner's layout."""
        self.setWindowTitle("RunLift")
        self.demo_note = QLabel(DEMO_NOTE)
        self.demo_note.hide()
        self.statusBar().addPermanentWidget(self.demo_note)
        self.recent_menu: QMenu | None = None  # File ▸ Open recent, with the document
        self.menus: dict[str, QMenu] = {
            name: self.menuBar().addMenu(title) for name, title in MENU_TITLES.items()
        }
        waiting = QLabel("Opening the plan…")
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(waiting)
        self.side_tabs = SideTabs()
        builders = {
            "session": lambda: self.details,
            "warnings": lambda: self.warnings,
            "feed": lambda: build_feed_panel(self.state, self.save),
            "google": lambda: build_google_panel(self.state),
            "caldav": lambda: build_caldav_panel(self.state),
            "watch": lambda: build_watch_panel(self.state),
        }
        for name, title, group in SIDE_TABS:  # the delivery panels: built when first opened
            self.side_tabs.add_later(name, builders[name], title, group)
        self.setup_dock = self._dock(
            "setup", "Setup", QWidget(), Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.side_dock = self._dock(
            "side", "Details", self.side_tabs, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resizeDocks([self.setup_dock, self.side_dock], [SETUP_WIDTH, SIDE_WIDTH],
                         Qt.Orientation.Horizontal)  # fmt: skip
        self.resize(fitted_size(self.screen().availableGeometry()))
        self.panel_fit = PanelFit(self, self.setup_dock, self.side_dock, self.ui_settings)
        self._set_icon()
        restore_size(self, self.ui_settings)  # the panels come back with their widgets

    def open_first(
        self, document: Document, path: Path | None = None, built: BuiltPlan | None = None
    ) -> None:
        """The document, its plan and every panel that shows it; then ``opened``."""
        from runlift.app.document.state import OpenDocument
        from runlift.app.document.watch import DocumentWatcher

        self.state: OpenDocument = OpenDocument(document, self.today, self, built)
        self.state.path = path
        self._build_panels()
        self._build_layout()
        from runlift.app.window.menus import add_actions

        self.actions_by_name: dict[str, QAction] = add_actions(self, self.menus)
        self.state.planChanged.connect(self._plan_changed)
        self.state.stateChanged.connect(self._update_title)
        self.state.editRefused.connect(lambda why: self.statusBar().showMessage(why, 8000))
        self.watcher = DocumentWatcher(self.state, self)  # other programs saving the file
        self.state.changedOnDisk.connect(lambda note: self.statusBar().showMessage(note, 15000))
        self.state.undo_stack.indexChanged.connect(self._undo_moved)
        self._plan_changed()
        self._update_title()
        self._restore_splitter()
        self.panel_fit.restore()  # the panels hold their widgets now
        self.is_open = True
        self.side_tabs.panel("session")  # the two built with the window: in their tabs now
        self.side_tabs.panel("warnings")
        self.side_tabs.release()
        self.opened.emit()

    def resume_feed(self) -> bool:
        """The app has started on a plan whose feed was serving when RunLift last closed: it
        serves again at the same address, so a phone's subscription keeps working. The Feed
        panel is built only then; a moved address is also said in the status bar."""
        from runlift.app.send.feed_resume import was_serving

        if self.state.path is None or not was_serving(self.state.document.plan_uuid):
            return False
        feed = self.feed_panel
        feed.addressMoved.connect(lambda note: self.statusBar().showMessage(note, 60000))
        return feed.resume()

    def current_document(self) -> Document | None:
        """What a crash saves: nothing before the document is open."""
        return self.state.document if self.is_open else None

    def _build_panels(self) -> None:
        from runlift.app.details.panel import DetailsPanel
        from runlift.app.details.warnings import WarningsPanel
        from runlift.app.setup.panel import SetupPanel
        from runlift.app.view.table import PlanView
        from runlift.app.view.volume_chart import VolumeChart

        self.setup_panel: SetupPanel = SetupPanel(self.state)
        self.chart: VolumeChart = VolumeChart()
        self.plan_view: PlanView = PlanView(self.state)
        self.details: DetailsPanel = DetailsPanel()
        self.warnings: WarningsPanel = WarningsPanel()
        self.plan_view.sessionSelected.connect(self._show_session)
        self.warnings.violationActivated.connect(self._show_violation)

    def _build_layout(self) -> None:
        from PySide6.QtWidgets import QSplitter

        self.centre_splitter: QSplitter = QSplitter(Qt.Orientation.Vertical)
        self.centre_splitter.setObjectName("centre")
        self.centre_splitter.addWidget(self.chart)
        self.centre_splitter.addWidget(self.plan_view)
        self.centre_splitter.setStretchFactor(1, 1)
        self.centre_splitter.setSizes([170, 600])
        self.setCentralWidget(self.centre_splitter)
        self.setup_dock.setWidget(self.setup_panel)

    @property
    def feed_panel(self) -> FeedPanel:
        return cast("FeedPanel", self.side_tabs.panel("feed"))

    @property
    def google_panel(self) -> GooglePanel:
        return cast("GooglePanel", self.side_tabs.panel("google"))

    @property
    def caldav_panel(self) -> CalDavPanel:
        return cast("CalDavPanel", self.side_tabs.panel("caldav"))

    @property
    def watch_panel(self) -> WatchPanel:
        return cast("WatchPanel", self.side_tabs.panel("watch"))

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

    def show_setup_form(self) -> None:
        """The setup form in front and at its top, the week at its first row (a new plan)."""
        self.setup_dock.show()
        self.setup_dock.raise_()
        self.setup_panel.verticalScrollBar().setValue(0)
        self.plan_view.scrollToTop()
        self.side_tabs.setCurrentWidget(self.details)

    def reset_layout(self) -> None:
        """View ▸ Reset layout: both panels shown at their fitted widths, stacked where the
        window is too narrow for them beside the whole week (a keyboard's way to resize)."""
        self.panel_fit.reset()

    def show_side_panel(self, panel: QWidget) -> None:
        """Bring a side panel to the front (and its dock back, if it was closed)."""
        self.side_dock.show()
        self.side_dock.raise_()
        self.side_tabs.setCurrentWidget(panel)

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

    # -- file actions (the dialogs live in file_actions, loaded with the document) ---------
    def new_plan(self) -> None:
        from runlift.app.window import file_actions

        if self.confirm_discard():
            file_actions.new_plan(self)

    def open_plan(self) -> None:
        from runlift.app.window import file_actions

        if self.confirm_discard():
            file_actions.open_plan(self)

    def open_path(self, path: Path) -> bool:
        from runlift.app.window import file_actions

        return file_actions.open_path(self, path)

    def save(self) -> bool:
        from runlift.app.window import file_actions

        return file_actions.save(self)

    def save_as(self) -> bool:
        from runlift.app.window import file_actions

        return file_actions.save_as(self)

    def export_ics(self) -> None:
        from runlift.app.window import file_actions

        file_actions.export_ics(self)

    def export_pdf(self) -> None:
        from runlift.app.paper import actions as print_actions  # Qt's printing loads on first use

        print_actions.export_pdf(self)

    def print_plan(self) -> None:
        from runlift.app.paper import actions as print_actions

        print_actions.print_plan(self)

    def fill_recent(self) -> None:
        from runlift.app.window import file_actions

        if self.recent_menu is not None:
            file_actions.fill_recent_menu(self, self.recent_menu)

    def replace_document(self, document: Document, path: Path | None) -> None:
        self.state.replace(document, path)
        self.setup_panel.load(document.settings)
        self.details.show_session(None, None)
        self.demo_note.hide()  # another plan: no longer the demo

    def show_demo_note(self) -> None:
        """The first start opens the demo: one line says so, and how to make one's own."""
        self.demo_note.show()

    # -- closing ---------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when the current document may be replaced (saved, discarded or unchanged)."""
        from runlift.app.window.questions import confirm_discard

        return confirm_discard(self)

    def confirm_stop_push(self) -> bool:
        """A running push is never cut off silently: ask, then let it record its work."""
        from runlift.app.window.questions import confirm_stop_push

        return confirm_stop_push(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.is_open:  # closed before the document was read: nothing to keep
            event.accept()
            return
        self.setup_panel.apply_pending()
        if not self.confirm_stop_push() or not self.confirm_discard():
            event.ignore()
            return
        google = self.side_tabs.built_panel("google")
        if google is not None:
            cast("GooglePanel", google).end_sign_in()
        feed = self.side_tabs.built_panel("feed")
        if feed is not None:
            cast("FeedPanel", feed).stop_server()
        self.save_ui_state()
        event.accept()

    # -- remembered UI state ---------------------------------------------------------------
    def save_ui_state(self) -> None:
        save_layout(self, self.ui_settings, self.centre_splitter, self.state.path)

    def _restore_splitter(self) -> None:
        restore_splitter(self.ui_settings, self.centre_splitter)
