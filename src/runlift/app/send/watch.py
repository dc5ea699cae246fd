"""The Watch panel: the coming sessions as FIT workouts, written to a folder or sent to a Garmin.

Which weeks and whether strength goes too are chosen here; the list shows what the watch will
get. Writing and copying run in a worker: a watch's USB storage can be slow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from runlift.app.document.state import OpenDocument
from runlift.app.workers import Progress, Task, report_unexpected
from runlift.errors import RunLiftError
from runlift.plan.model import Session
from runlift.publish.watch.device import WatchSearch, copy_by_hand, search_here, send_to_watch
from runlift.publish.watch.workouts import (
    MAX_WEEKS,
    WorkoutFile,
    coming_sessions,
    default_folder,
    file_name,
    session_workout,
    workout_name,
    write_workouts,
)

DEFAULT_WEEKS = 2
NO_WATCH = "No watch found. Plug a Garmin in over USB, then Look again."
NOTHING_TO_SEND = "No session in these weeks has steps for the watch."


class WatchPanel(QWidget):
    """From, weeks, runs only; the workouts to send; Write files… / Send to watch; the watch."""

    finished = Signal()  # a write or a send ended; ``status`` says how

    def __init__(
        self,
        state: OpenDocument,
        parent: QWidget | None = None,
        search: Callable[[], WatchSearch] = search_here,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._search = search
        self.found = WatchSearch(())
        self.task: Task | None = None
        self.sessions: tuple[Session, ...] = ()
        self._build()
        state.planChanged.connect(self.refresh)
        self.refresh()
        self.look_again()

    def _build(self) -> None:
        intro = QLabel(
            "Each run and strength session as a workout on your Garmin: the watch counts the "
            "repeats, beeps at each step and shows whether you are on pace."
        )
        intro.setWordWrap(True)
        today = self._state.today
        self.start = QDateEdit(QDate(today.year, today.month, today.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd d MMM yyyy")
        self.weeks = QSpinBox()
        self.weeks.setRange(0, MAX_WEEKS)
        self.weeks.setSpecialValueText("all, to the end of the plan")
        self.weeks.setSuffix(" weeks")
        self.weeks.setValue(DEFAULT_WEEKS)
        self.runs_only = QCheckBox("Runs only (leave strength out)")
        for signal in (self.start.dateChanged, self.weeks.valueChanged, self.runs_only.toggled):
            signal.connect(self.refresh)
        form = QFormLayout()
        form.addRow("From", self.start)
        form.addRow("For", self.weeks)
        form.addRow("", self.runs_only)
        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(["Day", "On the watch", "Session"])
        self.preview.setRootIsDecorated(False)
        self.preview.setColumnWidth(0, 92)
        self.preview.setColumnWidth(1, 110)
        self.watch_label = QLabel()
        self.watch_label.setWordWrap(True)
        self.look = QPushButton("Look again")
        self.look.clicked.connect(self.look_again)
        watch_row = QHBoxLayout()
        watch_row.addWidget(self.watch_label, 1)
        watch_row.addWidget(self.look)
        self.write_button = QPushButton("Write files…")
        self.write_button.clicked.connect(self._choose_folder)
        self.send_button = QPushButton("Send to watch")
        self.send_button.clicked.connect(self.send)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.send_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(watch_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    # -- what goes to the watch ------------------------------------------------------------
    def refresh(self) -> None:
        """The sessions that will go, by date and with their name on the watch."""
        start: date = self.start.date().toPython()  # type: ignore[assignment]
        weeks = self.weeks.value() or None
        plan = self._state.plan
        units = plan.settings.units
        self.sessions = coming_sessions(plan, start, weeks, self.runs_only.isChecked())
        self.preview.clear()
        for session in self.sessions:
            row = [f"{session.date:%a %d %b}", workout_name(session, units), session.title]
            item = QTreeWidgetItem(row)
            item.setToolTip(2, f"{session.title}\n{file_name(session)}")
            self.preview.addTopLevelItem(item)
        if not self.sessions:
            self.preview.addTopLevelItem(QTreeWidgetItem(["", NOTHING_TO_SEND]))
        self._enable()

    def workouts(self) -> tuple[WorkoutFile, ...]:
        settings = self._state.plan.settings
        return tuple(session_workout(s, settings.units, settings.timezone) for s in self.sessions)

    def look_again(self) -> None:
        self.found = self._search()
        if self.found.watches:
            self.watch_label.setText("Watch: " + ", ".join(w.label for w in self.found.watches))
        elif self.found.mtp_devices:
            self.watch_label.setText("A Garmin is connected over MTP: Write files… and copy them.")
        else:
            self.watch_label.setText(NO_WATCH)
        self._enable()

    def _enable(self) -> None:
        busy = self.task is not None and self.task.running
        has_files = bool(self.sessions)
        self.write_button.setEnabled(has_files and not busy)
        self.send_button.setEnabled(has_files and bool(self.found.watches) and not busy)

    # -- writing and sending ---------------------------------------------------------------
    def folder(self) -> Path:
        return default_folder(self._state.path or Path("untitled.runlift"))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Write workouts into", str(self.folder()))
        if chosen:
            self.write_to(Path(chosen))

    def write_to(self, folder: Path) -> None:
        workouts, found = self.workouts, self.found

        def write(_progress: Progress, _cancel: object) -> str:
            written = write_workouts(workouts(), folder)
            done = f"Wrote {len(written)} workouts to {folder}."
            return done if found.watches else f"{done}\n{copy_by_hand(folder, found)}"

        self._run(Task(write, self))

    def send(self) -> None:
        workouts, folder, watches = self.workouts, self.folder(), self.found.watches

        def copy(_progress: Progress, _cancel: object) -> str:
            written = write_workouts(workouts(), folder)
            for watch in watches:
                send_to_watch(written, watch)
            names = ", ".join(w.model for w in watches)
            return f"Sent {len(written)} workouts to {names}. Unplug the watch to import them."

        self._run(Task(copy, self))

    def _run(self, task: Task) -> None:
        self.task = task
        task.succeeded.connect(self.status.setText)
        task.failed.connect(self._failed)
        task.finished.connect(self._enable)
        task.finished.connect(self.finished.emit)
        self.status.setText("Writing…")
        task.start()
        self._enable()

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, RunLiftError | OSError):
            report_unexpected(error)
        self.status.setText(f"Nothing more was written: {error}")
