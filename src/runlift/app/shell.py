"""The main window as its actions see it: what the menus, file and print actions and the
questions use of it, so that they take this and never import the window itself.

``window.main.MainWindow`` is the one window built on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from runlift.app.details.panel import DetailsPanel
    from runlift.app.details.warnings import WarningsPanel
    from runlift.app.document.state import OpenDocument
    from runlift.app.setup.panel import SetupPanel
    from runlift.app.side_tabs import SideTabs
    from runlift.storage.document import Document


class Shell(QMainWindow):
    """The open document, the panels and the commands the window's actions reach for."""

    state: OpenDocument
    setup_panel: SetupPanel
    details: DetailsPanel
    warnings: WarningsPanel
    side_tabs: SideTabs
    setup_dock: QDockWidget
    side_dock: QDockWidget
    recent_menu: QMenu | None

    def show_side_panel(self, panel: QWidget) -> None:
        raise NotImplementedError

    def go_to_today(self) -> None:
        raise NotImplementedError

    def reset_layout(self) -> None:
        raise NotImplementedError

    def show_setup_form(self) -> None:
        raise NotImplementedError

    def new_plan(self) -> None:
        raise NotImplementedError

    def open_plan(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    def save_as(self) -> bool:
        raise NotImplementedError

    def export_ics(self) -> None:
        raise NotImplementedError

    def export_pdf(self) -> None:
        raise NotImplementedError

    def print_plan(self) -> None:
        raise NotImplementedError

    def fill_recent(self) -> None:
        raise NotImplementedError

    def replace_document(self, document: Document, path: Path | None) -> None:
        raise NotImplementedError

    def confirm_discard(self) -> bool:
        raise NotImplementedError
