"""New, Open, Save, Save As, recent documents and Export: the file dialogs and their errors.

Failures a runner can meet (an unreadable file, a full disk) become a dialog with the engine's
message; the document on screen stays as it was.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from runlift.app.document.names import (
    file_stem,
)
from runlift.errors import ReadOnlyDocumentError, RunLiftError
from runlift.local_zone import local_timezone
from runlift.plan.model import RACE_DISTANCES_KM, WEEKDAYS, Mode, Settings, Units
from runlift.storage.document import Document, new_document, update_document
from runlift.storage.paths import add_recent_document, forget_recent_document, recent_documents

if TYPE_CHECKING:
    from runlift.app.shell import Shell

PLAN_FILTER = "RunLift plans (*.runlift)"
ICS_FILTER = "iCalendar files (*.ics)"
NEW_PLAN_WEEKS = 16  # a new race plan's weeks, race week included; the form changes it
NEW_PLAN_DISTANCE_KM = RACE_DISTANCES_KM["10k"]


def _fail(window: Shell, title: str, error: Exception) -> None:
    QMessageBox.warning(window, title, str(error))


def _suggested(window: Shell, extension: str) -> str:
    """The dialog's suggestion: the plan's folder and a file name made from its name."""
    return str(Path(_start_folder(window)) / f"{file_stem(window.state.display_name)}{extension}")


def _apply_pending(window: Shell) -> None:
    """What is still being typed (a setting, the plan name) goes into the document first."""
    window.setup_panel.apply_pending()
    window.setup_panel.plan_name.rename()


def _start_folder(window: Shell) -> str:
    path = window.state.path
    return str(path.parent) if path else str(Path.home())


def new_plan(window: Shell) -> None:
    """A fresh plan from the defaults: nothing of the plan on screen (new plan id, new feed
    token), the setup form in front and at its top, the week at its first row."""
    state = window.state
    units = state.document.settings.units  # how the runner reads distances: kept
    document = new_document(new_plan_settings(state.today, units), "New plan", state.today)
    try:
        window.replace_document(document, None)
    except RunLiftError as error:
        _fail(window, "New plan", error)
        return
    window.show_setup_form()
    settings = document.settings
    race = f", race {settings.race_date:%a %d %b %Y}" if settings.mode is Mode.RACE else ""
    window.statusBar().showMessage(
        f"New plan: starts {settings.start:%a %d %b}{race}. Fill in the setup on the left.", 15000
    )


def new_plan_settings(today: date, units: Units = Units.KM) -> Settings:
    """The defaults of File → New: a 10K plan with nothing to warn about, in the runner's own
    time zone; nothing of the plan that was open (its volume, paces, equipment, times).

    Week 1 is a whole week (the plan starts on the coming Monday, today on a Monday), and the
    race is on the long-run day of week NEW_PLAN_WEEKS (a race takes the long run's place).
    """
    start = today + timedelta(days=-today.weekday() % 7)
    defaults = Settings(
        mode=Mode.RACE, distance_km=NEW_PLAN_DISTANCE_KM, units=units, timezone=local_timezone()
    )
    week_of_race = start + timedelta(weeks=NEW_PLAN_WEEKS - 1)
    race_date = week_of_race + timedelta(days=WEEKDAYS.index(defaults.long_run_day))
    return replace(defaults, start=start, race_date=race_date)


def open_plan(window: Shell) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "Open plan", _start_folder(window), PLAN_FILTER)
    if name:
        open_path(window, Path(name))


def open_path(window: Shell, path: Path) -> bool:
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


def save(window: Shell) -> bool:
    _apply_pending(window)
    if window.state.path is None:
        return save_as(window)
    return _save_to(window, window.state.path)


def save_as(window: Shell) -> bool:
    _apply_pending(window)
    name, _ = QFileDialog.getSaveFileName(
        window, "Save plan", _suggested(window, ".runlift"), PLAN_FILTER
    )
    if not name:
        return False
    path = Path(name)
    if path.suffix != ".runlift":
        path = path.with_name(path.name + ".runlift")
    return _save_to(window, path)


def _save_to(window: Shell, path: Path) -> bool:
    try:
        window.state.save(path)
    except ReadOnlyDocumentError as error:
        return _offer_save_as(window, error)
    except (RunLiftError, OSError) as error:
        _fail(window, "Cannot save plan", error)
        return False
    _remember(path)
    return True


def _offer_save_as(window: Shell, error: ReadOnlyDocumentError) -> bool:
    """A write-protected file is never replaced: the runner may save under another name."""
    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(
        window, "The plan is write-protected", f"{error}.\n\nSave it as a new file?", buttons
    )
    return answer == QMessageBox.StandardButton.Save and save_as(window)


def _remember(path: Path) -> None:
    with contextlib.suppress(RunLiftError, OSError):  # a convenience, never a failure
        add_recent_document(path)


def fill_recent_menu(window: Shell, menu: QMenu) -> None:
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


def export_ics(window: Shell) -> Path | None:
    """Options, then the file; the document remembers what was published (SEQUENCE)."""
    from runlift.app.window.export_dialog import ExportDialog  # calendar code loads on first use

    options = ExportDialog.ask(window)
    if options is None:
        return None
    name, _ = QFileDialog.getSaveFileName(
        window, "Export calendar", _suggested(window, ".ics"), ICS_FILTER
    )
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
    kept = _keep_export_state(window, target, updated)
    window.state.set_document(updated, modified=not kept)
    window.statusBar().showMessage(f"Exported to {name}", 5000)
    return Path(name)


def _keep_export_state(window: Shell, target: str, exported: Document) -> bool:
    """What the export published (its SEQUENCE numbers) goes straight into the saved file,
    under the lock and merged into what is there: an export is not a change the runner has
    to save. An untitled plan keeps it until it is first saved, without asking for that."""
    path = window.state.path
    records = exported.publish[target]
    if path is None:
        return True

    def change(fresh: Document) -> Document:
        if fresh.plan_uuid != exported.plan_uuid:
            return fresh
        return replace(fresh, publish={**fresh.publish, target: records})

    try:
        update_document(path, change)
    except RunLiftError as error:
        window.statusBar().showMessage(f"Exported; could not note it in {path}: {error}", 8000)
        return False
    return True
