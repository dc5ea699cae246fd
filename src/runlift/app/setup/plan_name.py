"""The plan's name, edited where the runner describes the plan (and shown in the Google tab).

The name titles the calendar in every output (the .ics ``NAME``, the feed, the Google calendar)
and suggests the file name. Renaming is kept with the document, outside undo, like the other
things that name or deliver the plan.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from runlift.app.document.state import OpenDocument
from runlift.text import one_line


class PlanNameField(QLineEdit):
    """Shows the open plan's name; Enter or leaving the field renames it (empty: no change)."""

    def __init__(self, state: OpenDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setPlaceholderText("e.g. Spring half marathon")
        self.setToolTip("Names the calendar in your calendar app and the suggested file")
        self.editingFinished.connect(self.rename)
        state.stateChanged.connect(self.follow)
        self.follow()

    def follow(self) -> None:
        """Show the name in force, unless the runner is typing a new one."""
        if not self.hasFocus():
            self.setText(self._state.document.name)

    def rename(self) -> None:
        name = one_line(self.text())  # a pasted two-line name is one line of a calendar
        document = self._state.document
        if name and name != document.name:
            self._state.set_document(replace(document, name=name))
        elif not name:
            self.setText(document.name)  # a plan always has a name
        if name and self.text() != name:
            self.setText(name)

    def row(self, label: str = "Plan name") -> QWidget:
        """The field with its label, as a form row of its own."""
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label, self)
        return box
