"""File → Print… and File → Export PDF…: the dialogs around ``print_plan``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from runlift.app.paper.plan import render_plan, write_pdf
from runlift.errors import RunLiftError

if TYPE_CHECKING:
    from runlift.app.shell import Shell

PDF_FILTER = "PDF files (*.pdf)"


def print_plan(window: Shell) -> bool:
    """The system print dialog, then the plan on the printer it names."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # loaded on first use

    window.setup_panel.apply_pending()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(window.state.display_name)
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle("Print plan")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        printed = render_plan(window.state.plan, window.state.display_name, printer)
    except RunLiftError as error:
        QMessageBox.warning(window, "Cannot print", str(error))
        return False
    window.statusBar().showMessage(f"Sent {printed.pages} pages to the printer", 5000)
    return True


def export_pdf(window: Shell) -> Path | None:
    """Ask for a file, then write the printed plan there as a PDF."""
    window.setup_panel.apply_pending()
    folder = window.state.path.parent if window.state.path else Path.home()
    from runlift.app.document.names import file_stem

    suggestion = str(folder / f"{file_stem(window.state.display_name)}.pdf")  # valid on Windows
    name, _ = QFileDialog.getSaveFileName(window, "Export PDF", suggestion, PDF_FILTER)
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
    try:
        printed = write_pdf(window.state.plan, window.state.display_name, path)
    except RunLiftError as error:
        QMessageBox.warning(window, "Cannot export PDF", str(error))
        return None
    window.statusBar().showMessage(f"Wrote {printed.pages} pages to {path}", 5000)
    return path
