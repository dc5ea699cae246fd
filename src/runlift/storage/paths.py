"""Where RunLift keeps its own files, and how it writes them without ever leaving half a file.

The one module that knows the app's paths (platformdirs): the config folder (app settings), the
data folder (recent documents). ``RUNLIFT_HOME`` puts both under one folder instead, for a
portable install or a test run that must not touch the user's real folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "runlift"
RECENT_LIMIT = 10


def config_dir() -> Path:
    """App settings live here (e.g. ``~/.config/runlift``)."""
    home = os.environ.get("RUNLIFT_HOME")
    if home:
        return Path(home) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The recent-documents list lives here (e.g. ``~/.local/share/runlift``)."""
    home = os.environ.get("RUNLIFT_HOME")
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def app_settings_path() -> Path:
    return config_dir() / "settings.json"


def recent_documents_path() -> Path:
    return data_dir() / "recent.json"


def caldav_account_path() -> Path:
    """The CalDAV account's address and user name (its password is in the keyring)."""
    return config_dir() / "caldav.json"


def write_atomically(
    path: Path, data: bytes, mode: int | None = None, *, follow_links: bool = True
) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half.

    Temp file in the same folder (so the rename stays on one file system), fsync, ``os.replace``,
    then fsync of the folder so the rename itself survives a power cut. The temp file is removed
    if anything fails. New files are readable by the user only (a document holds the feed token);
    ``mode`` gives the file other permission bits (those of the file it replaces), set on the
    temp file before the rename: only the file written here is ever chmodded.

    ``follow_links``: a document the runner linked is written where the link points (the link
    is kept). Without it (a backup, a shared folder), a link at ``path`` is replaced by the new
    file and its target is never written.
    """
    if follow_links:
        path = path.resolve()  # through a symlink: replace the file it points at, keep the link
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            if mode is not None and os.name == "posix":
                os.fchmod(temp.fileno(), mode)
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _read_json(path: Path) -> Any:
    """The JSON in ``path``, or None when it is missing or unreadable (these files are rebuilt)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"))


# -- recent documents ---------------------------------------------------------------------------


def recent_documents() -> tuple[Path, ...]:
    """Most recent first, at most ten; an unreadable list counts as empty."""
    data = _read_json(recent_documents_path())
    items = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return ()
    return tuple(Path(item) for item in items if isinstance(item, str))[:RECENT_LIMIT]


def add_recent_document(path: Path) -> tuple[Path, ...]:
    """Put ``path`` first in the recent list (once), keep ten, save; returns the new list."""
    path = path.resolve()
    paths = (path, *(p for p in recent_documents() if p != path))[:RECENT_LIMIT]
    _write_json(recent_documents_path(), {"documents": [str(p) for p in paths]})
    return paths


def forget_recent_document(path: Path) -> tuple[Path, ...]:
    """Drop ``path`` from the recent list (e.g. the file was deleted); returns the new list."""
    path = path.resolve()
    paths = tuple(p for p in recent_documents() if p != path)
    _write_json(recent_documents_path(), {"documents": [str(p) for p in paths]})
    return paths


# -- app settings -------------------------------------------------------------------------------


def load_app_settings() -> dict[str, Any]:
    """The window's own settings (last folder, sharing switch …); empty when none are saved."""
    data = _read_json(app_settings_path())
    return data if isinstance(data, dict) else {}


def save_app_settings(values: dict[str, Any]) -> None:
    """Save the app settings atomically; values must be JSON-ready."""
    _write_json(app_settings_path(), values)


# -- the CalDAV account (no secret: the password is in the keyring) -----------------------------


def load_caldav_account() -> Any:
    """What ``save_caldav_account`` kept, or None."""
    return _read_json(caldav_account_path())


def save_caldav_account(values: dict[str, str] | None) -> None:
    """Remember the account's address and user name; None forgets them."""
    if values is None:
        caldav_account_path().unlink(missing_ok=True)
    else:
        _write_json(caldav_account_path(), values)
