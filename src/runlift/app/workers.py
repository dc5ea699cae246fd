"""Long work off the window's thread: a push, a sign-in, a file export.

``publish/`` and ``storage/`` take a progress callback and a cancel flag (DESIGN.md "Layers");
a ``Task`` runs such a function on a pool thread and turns the callbacks into Qt signals, which
Qt delivers on the window's thread. The window never waits on the work.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from runlift.errors import CancelledError

Progress = Callable[[int, int], None]
Job = Callable[[Progress, threading.Event], Any]


class Task(QObject):
    """One job: ``progressed(done, total)``, then exactly one of succeeded/failed/cancelled."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception; a RunLiftError carries a runner's message
    cancelled = Signal()
    finished = Signal()
    # From the job's thread every signal goes through this one, queued to the window's
    # thread, and is sent on from there: all the slots of one signal then run in one go, so
    # a slot connected after ``finished``'s first never lags behind it.
    _relay = Signal(object, tuple)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_flag = threading.Event()
        self.running = False
        # Connected first, so ``running`` is False before any other slot hears ``finished``.
        self.finished.connect(self._stopped)
        self._relay.connect(self._send_on)

    def start(self) -> None:
        """Run on a thread of its own: a slow sign-in never queues behind another task."""
        self.running = True
        threading.Thread(target=self._run, name="runlift-task", daemon=True).start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; what it finished is kept."""
        self.cancel_flag.set()

    def _stopped(self) -> None:
        self.running = False

    def _run(self) -> None:  # on the task's thread: only signals leave this method
        try:
            result = self._job(self._progress, self.cancel_flag)
        except CancelledError:
            self._emit(self.cancelled)
        except Exception as error:  # reported to the window, which shows or files it
            self._emit(self.failed, error)
        else:  # a job that returned has finished its work, even if Cancel came late
            self._emit(self.succeeded, result)
        finally:
            self._emit(self.finished)

    def _progress(self, done: int, total: int) -> None:
        self._emit(self.progressed, done, total)

    def _send_on(self, signal: Any, args: tuple[Any, ...]) -> None:
        signal.emit(*args)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            self._relay.emit(signal, args)
        except RuntimeError:  # the window closed while the work ran: nobody is listening
            self.cancel_flag.set()


def report_unexpected(error: BaseException) -> None:
    """A worker's unexpected error goes where the window's own would: the crash dialog."""
    sys.excepthook(type(error), error, error.__traceback__)


def cancel_and_wait(task: Task | None, timeout_ms: int = 30_000) -> None:
    """Cancel a running task and let it record what it finished (the window is closing)."""
    if task is None or not task.running:
        return
    task.cancel()
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    if task.running:
        loop.exec()
