"""Back-off between tries of a call to a calendar server, shared by every pushed calendar.

Exponential with jitter, capped; a server's ``Retry-After`` can ask for a longer pause. The
sleep is injectable (tests do not wait) and a pause ends at once when the runner cancels.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from runlift.errors import CancelledError

MAX_SERVER_PAUSE = 120.0  # seconds: a longer Retry-After is not worth waiting for in one push


@dataclass(frozen=True)
class Backoff:
    """How long to wait before the next try, and whether the runner has cancelled."""

    sleep: Callable[[float], None]
    rng: random.Random
    cancel: threading.Event | None = None
    attempts: int = 6
    base_seconds: float = 1.0
    cap_seconds: float = 32.0

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise CancelledError("push cancelled; what was written is kept, push again to finish")

    def pause(self, attempt: int, at_least: float = 0.0) -> None:
        """Wait before try ``attempt + 2``; at least ``at_least`` seconds (a Retry-After)."""
        self.check_cancel()
        ceiling = min(self.cap_seconds, self.base_seconds * 2**attempt)
        jittered = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        self.sleep(max(jittered, min(at_least, MAX_SERVER_PAUSE)))


def cancellable_sleep(cancel: threading.Event | None) -> Callable[[float], None]:
    """A back-off pause that ends at once when the user cancels."""
    if cancel is None:
        return time.sleep

    def wait(seconds: float) -> None:
        cancel.wait(seconds)

    return wait
