"""A guide shipped with the app (``docs/*.md``), shown in a window of its own.

The Google set-up takes ten minutes in Google's console; the runner reads the steps beside it,
with the console's links opening in the system browser.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from runlift.resources import guide_path

GOOGLE_SETUP = "google-setup.md"


class GuideDialog(QDialog):
    """One guide, rendered from its Markdown; non-modal, so it can stay open beside the app."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)  # the console links go to the system browser
        try:
            self.text.setMarkdown(guide_path(name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            self.text.setPlainText(f"The guide cannot be shown: {error}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 640)


def show_google_setup(parent: QWidget) -> GuideDialog:
    dialog = GuideDialog(GOOGLE_SETUP, "Setting up Google sign-in", parent)
    dialog.show()
    return dialog
