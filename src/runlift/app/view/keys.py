"""The plan table's keys: what each does, as the keyboard help lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt

KEYBOARD_HELP = (
    ("Arrow keys", "select a chip on the day before/after, or a week earlier/later"),
    ("Tab / Shift+Tab", "next/previous chip of the same day (past the last, focus moves on)"),
    ("Ctrl+Left / Ctrl+Right", "move the selected session one day earlier/later"),
    ("Ctrl+Up / Ctrl+Down", "move the selected session one week earlier/later"),
    ("Delete / Backspace", "skip the selected session"),
    ("Insert / Shift+Delete", "restore a skipped session"),
    ("Enter", "show the selected session's details"),
    ("Menu key / Shift+F10", "open the selected chip's menu at the chip"),
)


Key = Qt.Key


STEPS = {
    Key.Key_Left: (0, -1),
    Key.Key_Right: (0, 1),
    Key.Key_Up: (-1, 0),
    Key.Key_Down: (1, 0),
}


MOVE_DAYS = {Key.Key_Left: -1, Key.Key_Right: 1, Key.Key_Up: -7, Key.Key_Down: 7}


def keyboard_help_text() -> str:
    return "\n".join(f"{keys}: {what}" for keys, what in KEYBOARD_HELP)
