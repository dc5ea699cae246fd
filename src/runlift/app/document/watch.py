"""Noticing that another program saved the open document (the CLI, a feed server, a push).

A save is an atomic rename, so the watched file is replaced, not written: the watch on the file
ends with it. The folder is watched too, and the file watched again after every change; each
signal only compares the file's stamp, and a new stamp makes the document take the change in
(``OpenDocument.reload_from_disk``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject

from runlift.app.document.state import OpenDocument

Stamp = tuple[int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    """mtime, size and inode: a save by rename always changes the inode."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


class DocumentWatcher(QObject):
    """Watches the open document's file for as long as the window shows it."""

    def __init__(self, state: OpenDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._path: Path | None = None
        self._stamp: Stamp | None = None
        state.stateChanged.connect(self._follow)  # Open, Save As: another file
        self._follow()

    def _follow(self) -> None:
        path = self._state.path
        if path == self._path:
            return  # our own save shows as a change too: the document sees it is its own
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._path, self._stamp = path, file_stamp(path) if path else None
        if path is not None:
            self._watcher.addPaths([str(path.parent), str(path)])

    def _changed(self, _name: str) -> None:
        path = self._path
        if path is None:
            return
        if str(path) not in self._watcher.files() and path.exists():
            with contextlib.suppress(RuntimeError):
                self._watcher.addPath(str(path))  # the rename ended the watch on the old file
        stamp = file_stamp(path)
        if stamp is None or stamp == self._stamp:
            return
        self._stamp = stamp
        self._state.reload_from_disk()
