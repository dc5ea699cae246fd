"""New, Open, Save, Save As, recent documents and Export: the file dialogs and their errors.

Failures a runner can meet (an unreadable file, a full disk) become a dialog with the engine's
message; the document on screen stays as it was.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from runlift.app.export_dialog import ExportDialog
from runlift.errors import ReadOnlyDocumentError, RunLiftError
from runlift.plan.model import Mode
from runlift.storage.document import new_document
from runlift.storage.paths import add_recent_document, forget_recent_document, recent_documents

if TYPE_CHECKING:
    from runlift.app.main_window import MainWindow

PLAN_FILTER = "RunLift plans (*.runlift)"
ICS_FILTER = "iCalendar files (*.ics)"
NEW_PLAN_WEEKS = 16  # a new race plan aims at a race this far out; the form changes it


def _fail(window: MainWindow, title: str, error: Exception) -> None:
    QMessageBox.warning(window, title, str(error))


def _start_folder(window: MainWindow) -> str:
    path = window.state.path
    return str(path.parent) if path else str(Path.home())


def new_plan(window: MainWindow) -> None:
    """A fresh plan from the current settings, starting today (new plan id, new feed token)."""
    state = window.state
    settings = replace(state.document.settings, start=None)
    if settings.mode is Mode.RACE:
        settings = replace(settings, race_date=state.today + timedelta(weeks=NEW_PLAN_WEEKS))
    document = new_document(settings, "New plan", state.today)
    try:
        window.replace_document(document, None)
    except RunLiftError as error:
        _fail(window, "New plan", error)


def open_plan(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "Open plan", _start_folder(window), PLAN_FILTER)
    if name:
        open_path(window, Path(name))


def open_path(window: MainWindow, path: Path) -> bool:
    """Open a document; a bad file leaves the current one on screen and says why."""
    try:
        window.state.open(path)
    except RunLiftError as error:
        _fail(window, "Cannot open plan", error)
        forget_recent_document(path)
        return False
    window.setup_panel.load(window.state.document.settings)
    window.details.show_session(None, None)
    _remember(path)
    unknown = window.state.document.unknown_settings
    if unknown:  # a newer RunLift's settings: kept in the file, of no use here
        keys = ", ".join(sorted(unknown))
        window.statusBar().showMessage(
            f"{path.name} has settings this RunLift does not know ({keys}); they are kept", 15000
        )
    return True


def save(window: MainWindow) -> bool:
    window.setup_panel.apply_pending()
    if window.state.path is None:
        return save_as(window)
    return _save_to(window, window.state.path)


def save_as(window: MainWindow) -> bool:
    window.setup_panel.apply_pending()
    suggestion = str(Path(_start_folder(window)) / f"{window.state.display_name}.runlift")
    name, _ = QFileDialog.getSaveFileName(window, "Save plan", suggestion, PLAN_FILTER)
    if not name:
        return False
    path = Path(name)
    if path.suffix != ".runlift":
        path = path.with_name(path.name + ".runlift")
    return _save_to(window, path)


def _save_to(window: MainWindow, path: Path) -> bool:
    try:
        window.state.save(path)
    except ReadOnlyDocumentError as error:
        return _offer_save_as(window, error)
    except (RunLiftError, OSError) as error:
        _fail(window, "Cannot save plan", error)
        return False
    _remember(path)
    return True


def _offer_save_as(window: MainWindow, error: ReadOnlyDocumentError) -> bool:
    """A write-protected file is never replaced: the runner may save under another name."""
    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(
        window, "The plan is write-protected", f"{error}.\n\nSave it as a new file?", buttons
    )
    return answer == QMessageBox.StandardButton.Save and save_as(window)


def _remember(path: Path) -> None:
    with contextlib.suppress(RunLiftError, OSError):  # a convenience, never a failure
        add_recent_document(path)


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    try:
        paths = recent_documents()
    except (RunLiftError, OSError):
        paths = ()
    for path in paths:
        action = menu.addAction(path.name)
        action.setToolTip(str(path))
        action.triggered.connect(
            lambda _=False, p=path: window.confirm_discard() and open_path(window, p)
        )
    menu.setEnabled(bool(paths))


def export_ics(window: MainWindow) -> Path | None:
    """Options, then the file; the document remembers what was published (SEQUENCE)."""
    options = ExportDialog.ask(window)
    if options is None:
        return None
    suggestion = str(Path(_start_folder(window)) / f"{window.state.display_name}.ics")
    name, _ = QFileDialog.getSaveFileName(window, "Export calendar", suggestion, ICS_FILTER)
    if not name:
        return None
    from runlift.publish.ics import ics_target, render_document, write_atomic  # on first use

    target = ics_target(options)  # each kind of export keeps its own SEQUENCE numbers
    try:
        body, updated = render_document(window.state.document, target, options, datetime.now(UTC))
        write_atomic(Path(name), body)
    except RunLiftError as error:
        _fail(window, "Cannot export", error)
        return None
    window.state.set_document(updated)
    window.statusBar().showMessage(f"Exported to {name}", 5000)
    return Path(name)
