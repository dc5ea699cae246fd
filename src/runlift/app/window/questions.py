"""What the main window asks before it lets a document or a push go."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from runlift.app.send.caldav import CalDavPanel
    from runlift.app.send.google import GooglePanel
    from runlift.app.shell import Shell

PUSHES = (("google", "Google"), ("caldav", "CalDAV"))


def confirm_discard(window: Shell) -> bool:
    """True when the current document may be replaced (saved, discarded or unchanged)."""
    if not window.state.modified:
        return True
    answer = QMessageBox.question(
        window,
        "Unsaved changes",
        f"Save the changes to “{window.state.display_name}” first?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return window.save()
    return answer == QMessageBox.StandardButton.Discard


def confirm_stop_push(window: Shell) -> bool:
    """A running push is never cut off silently: ask, then let it record its work. A push
    panel never opened has nothing running."""
    running = []
    for key, name in PUSHES:
        panel = cast("GooglePanel | CalDavPanel | None", window.side_tabs.built_panel(key))
        if panel is not None and panel.busy:
            running.append((panel, name))
    if not running:
        return True
    name = running[0][1]
    answer = QMessageBox.question(
        window,
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
