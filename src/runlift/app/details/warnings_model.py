"""The rule report as a list: one row per broken rule, with the rule's own message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from runlift.plan.model import Severity, Violation

VIOLATION_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def violation_text(violation: Violation) -> str:
    """``S5 · Tue 09 Mar: heavy strength the day before …``: the engine's messages already
    name the day where a rule is about one, so the date is not written twice."""
    return f"{violation.rule} · {violation.message}"


class WarningsModel(QAbstractListModel):
    """Broken rules, errors first, then by date."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._violations: tuple[Violation, ...] = ()

    def set_violations(self, violations: tuple[Violation, ...]) -> None:
        self.beginResetModel()
        self._violations = tuple(sorted(violations, key=_order))
        self.endResetModel()

    @property
    def violations(self) -> tuple[Violation, ...]:
        return self._violations

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._violations)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._violations):
            return None
        violation = self._violations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return violation_text(violation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return violation.message
        if role == VIOLATION_ROLE:
            return violation
        if role == Qt.ItemDataRole.ForegroundRole and violation.severity is Severity.ERROR:
            return QColor("#c62828")
        return None


def _order(violation: Violation) -> tuple[int, str, str]:
    day = violation.date.isoformat() if violation.date else ""
    return (0 if violation.severity is Severity.ERROR else 1, day, violation.rule)
