"""Export .ics: the options a runner picks before choosing the file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from runlift.publish.events import EventOptions


class ExportDialog(QDialog):
    """All-day or timed, busy-only for a work calendar, rest days, a reminder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar file")
        self.all_day = QCheckBox("All-day events (no times)")
        self.busy_only = QCheckBox("Busy times only (for a work calendar)")
        self.busy_text = QLineEdit("Busy")
        self.include_rest = QCheckBox("Include rest days")
        self.alarm = QSpinBox()
        self.alarm.setRange(0, 24 * 60)
        self.alarm.setSuffix(" min before")
        self.alarm.setSpecialValueText("no reminder")
        form = QFormLayout(self)
        form.addRow(self.all_day)
        form.addRow(self.busy_only)
        form.addRow("Busy text", self.busy_text)
        form.addRow(self.include_rest)
        form.addRow("Reminder", self.alarm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> EventOptions:
        return EventOptions(
            all_day=self.all_day.isChecked(),
            include_rest=self.include_rest.isChecked(),
            busy_only=self.busy_only.isChecked(),
            busy_text=self.busy_text.text().strip() or "Busy",
            alarm_minutes=self.alarm.value() or None,
        )

    @classmethod
    def ask(cls, parent: QWidget | None) -> EventOptions | None:
        """The chosen options, or None when the runner cancels."""
        dialog = cls(parent)
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
