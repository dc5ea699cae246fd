"""The last line of defence: an unexpected error saves the document, then says what happened.

``sys.excepthook`` catches what escapes a slot; the open document is written to a recovery file
first (never over the runner's own file), so nothing typed is lost even if the app then quits.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from runlift.storage.document import Document

ShowDialog = Callable[[str, str], None]


def recovery_dir() -> Path:
    from runlift.storage.paths import data_dir  # installed before the document is read

    return data_dir() / "recovery"


def save_recovery(document: Document, now: datetime) -> Path:
    """Write the document beside the others as ``recovery/<name>-<UTC time>.runlift``."""
    from runlift.storage.document import save_document

    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in document.name or "plan")
    path = folder / f"{stem}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.runlift"
    save_document(path, document)
    return path


class CrashReporter:
    """Installed as ``sys.excepthook`` while the window runs."""

    def __init__(self, document: Callable[[], Document | None], show: ShowDialog) -> None:
        self._document = document
        self._show = show
        self.last_recovery: Path | None = None

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        details = "".join(traceback.format_exception(kind, error, trace))
        sys.stderr.write(details)
        message = "RunLift hit an unexpected problem."
        message += self._recover()
        self._show(message, details)

    def _recover(self) -> str:
        try:
            document = self._document()
            if document is None:
                return ""
            self.last_recovery = save_recovery(document, datetime.now(UTC))
        except Exception as error:  # the dialog must still open if saving fails too
            return f"\n\nThe plan could not be saved to a recovery file: {error}"
        return f"\n\nYour plan was saved to:\n{self.last_recovery}"


def crash_dialog(parent: QWidget | None) -> ShowDialog:
    """A dialog with the message and the technical details folded away."""

    def show(message: str, details: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # loaded when a crash happens

        box = QMessageBox(QMessageBox.Icon.Critical, "RunLift: unexpected error", message,
                          QMessageBox.StandardButton.Ok, parent)  # fmt: skip
        box.setDetailedText(details)
        box.exec()

    return show
