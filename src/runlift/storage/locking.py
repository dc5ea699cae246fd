"""The exclusive lock every writer of a plan document holds while it writes (DESIGN.md "Many
writers, one document"), and the clean-up of temp files an interrupted save left behind.

The lock is a hidden file beside the document (``.plan.runlift.lock``), held with the
``filelock`` library (``flock`` on Unix, ``LockFileEx`` on Windows): the operating system
releases it when a writer dies, so a killed process never leaves the document locked. It is held
only for one read-modify-write; readers never need it because a save is an atomic rename.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from runlift.errors import DocumentError

LOCK_WAIT_S = 120.0  # a save takes well under a second; this long means a writer is stuck


def lock_path(path: Path) -> Path:
    """``plan.runlift`` → ``.plan.runlift.lock`` in the same folder (through symlinks)."""
    real = path.resolve()
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def document_lock(path: Path, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold the document's write lock; DocumentError when it cannot be had."""
    from filelock import FileLock, Timeout  # loaded by the first save: reading needs no lock

    lock = FileLock(lock_path(path), timeout=wait_s, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DocumentError(
            f"cannot save {path}: another program has been saving it for over {wait_s:g} s; "
            "nothing was saved, try again"
        ) from None
    except OSError as error:
        raise DocumentError(
            f"cannot save {path}: no lock file can be made beside it "
            f"({error.strerror or error}); nothing was saved"
        ) from None
    try:
        yield
    finally:
        lock.release()


def temp_files(path: Path) -> list[Path]:
    """The temp files a save of ``path`` (or of its backup) writes before its rename."""
    real = path.resolve()
    return sorted(real.parent.glob(f".{glob_escape(real.name)}.*.tmp"))


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files left by a save that was killed, if no writer is saving right now.

    A temp file while the lock is free belongs to no one (a live writer holds the lock for as
    long as its temp file exists). A lock that is taken, or cannot be made, leaves them be.
    """
    if not temp_files(path):
        return
    with contextlib.suppress(DocumentError), document_lock(path, wait_s=0):
        remove_temp_files(path)


def remove_temp_files(path: Path) -> None:
    """Delete the temp files of ``path``; only while holding its lock."""
    for temp in temp_files(path):
        with contextlib.suppress(OSError):
            temp.unlink()
