"""The rule report under the plan: each broken rule with its message; click one to see it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from runlift.app.details.warnings_model import VIOLATION_ROLE, WarningsModel
from runlift.plan.model import Plan, Violation


class WarningsPanel(QWidget):
    """Broken rules and the edits that no longer apply after a change of settings."""

    violationActivated = Signal(object)  # Violation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WarningsModel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.notes)

    def set_report(self, plan: Plan, edit_notes: tuple[str, ...]) -> None:
        self.model.set_violations(plan.warnings)
        count = len(plan.warnings)
        self.summary.setText(broken_summary(count))
        self.notes.setVisible(bool(edit_notes))
        self.notes.setText(
            "Edits that no longer apply:\n" + "\n".join(f"• {n}" for n in edit_notes)
        )

    def rules(self) -> list[str]:
        return [v.rule for v in self.model.violations]

    def _clicked(self, index: QModelIndex) -> None:
        violation: Violation | None = index.data(VIOLATION_ROLE)
        if violation is not None:
            self.violationActivated.emit(violation)


def broken_summary(count: int) -> str:
    """``1 rule broken:`` / ``4 rules broken:``."""
    if not count:
        return "Every rule is respected."
    return f"{count} rule{'' if count == 1 else 's'} broken:"
