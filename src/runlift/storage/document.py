"""The plan document (``*.runlift``): settings + edits + publish state, saved atomically.

A document is JSON with a ``schema_version``. Saving writes a temp file in the same folder, syncs
it and renames it over the old file, keeping the previous version as ``<name>.runlift.bak``.
Opening never changes the file: a document that cannot be read (missing, empty, cut short,
damaged, written by a newer RunLift) raises ``DocumentError`` saying which, and stays as it was.

Many programs may write one document (DESIGN.md "Many writers, one document"): every save holds
the document's lock (``storage.locking``) and reads the file as it is on disk, and each writer
changes only its own part (``update_document``, or ``save_document`` with a merge). Keys this
version does not know, at the top, in ``settings``, in an edit or a publish record, are kept and
written back as they were. A write-protected document is refused, never replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from runlift.errors import DocumentError, ReadOnlyDocumentError, SettingsError
from runlift.plan.edits.record import Edit, edit_from_dict, edit_to_dict
from runlift.plan.model import Settings
from runlift.plan.settings_io import SETTINGS_KEYS, settings_from_dict, settings_to_dict
from runlift.storage.locking import document_lock, remove_stale_temp_files, remove_temp_files
from runlift.storage.paths import write_atomically
from runlift.text import one_line, shown_value, whole_text

SCHEMA_VERSION = 1
FORMAT = "runlift-document"
FEED_TOKEN_BYTES = 24  # 192 bits: the feed address is the only key to the plan


@dataclass(frozen=True)
class PublishRecord:
    """What was last published for one session to one target."""

    content_hash: str
    sequence: int
    modified: datetime  # UTC, whole seconds: DTSTAMP / LAST-MODIFIED of the event
    # keys a newer RunLift wrote into the record: kept, written back, never compared
    unknown: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Document:
    """Everything a ``.runlift`` file holds."""

    plan_uuid: str
    name: str
    settings: Settings
    edits: tuple[Edit, ...] = ()
    feed_token: str = ""
    # target ("ics", "feed", "busy", "google") → session id → last published record
    publish: dict[str, dict[str, PublishRecord]] = field(default_factory=dict)
    google_calendar_id: str | None = None
    # session id → Google event id, only where Google refused to restore our derived id
    google_event_ids: dict[str, str] = field(default_factory=dict)
    # the CalDAV calendar the plan is pushed to (its full address), once made or picked
    caldav_calendar_url: str | None = None
    # what a newer RunLift wrote that this one does not know: kept and written back as it was
    unknown: Mapping[str, Any] = field(default_factory=dict)
    unknown_settings: Mapping[str, Any] = field(default_factory=dict)


def new_document(settings: Settings, name: str, today: date) -> Document:
    """A fresh document: the start date fixed (today if unset), a new plan uuid and feed token."""
    return Document(
        plan_uuid=str(uuid.uuid4()),
        name=one_line(name),  # one line in every calendar (no line breaks, no control codes)
        settings=replace(settings, start=settings.start or today),
        feed_token=new_feed_token(),
    )


def new_feed_token() -> str:
    """A new secret feed address part: URL-safe, 192 random bits (never guessable)."""
    return secrets.token_urlsafe(FEED_TOKEN_BYTES)


def backup_path(path: Path) -> Path:
    """``plan.runlift`` → ``plan.runlift.bak``."""
    return path.with_name(path.name + ".bak")


# -- JSON form ----------------------------------------------------------------------------------


def document_to_json(doc: Document) -> dict[str, Any]:
    return {
        **doc.unknown,
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "plan_uuid": doc.plan_uuid,
        "name": doc.name,
        "settings": {**doc.unknown_settings, **settings_to_dict(doc.settings)},
        "edits": [edit_to_dict(edit) for edit in doc.edits],
        "feed_token": doc.feed_token,
        "publish": {
            target: {sid: _record_to_json(record) for sid, record in sorted(records.items())}
            for target, records in sorted(doc.publish.items())
        },
        "google_calendar_id": doc.google_calendar_id,
        "google_event_ids": dict(sorted(doc.google_event_ids.items())),
        "caldav_calendar_url": doc.caldav_calendar_url,
    }


def _record_to_json(record: PublishRecord) -> dict[str, Any]:
    return {
        **record.unknown,
        "hash": record.content_hash,
        "sequence": record.sequence,
        "modified": record.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def document_from_json(data: Any) -> Document:
    """The document in ``data``; DocumentError naming what is wrong with it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentError("this is not a RunLift plan document")
    _check_version(data.get("schema_version"))
    try:
        settings = _mapping(data, "settings")
        return Document(
            plan_uuid=_string(data, "plan_uuid"),
            name=one_line(_string(data, "name")),
            settings=settings_from_dict(_known(settings, SETTINGS_KEYS)),
            edits=tuple(edit_from_dict(item) for item in _items(data, "edits")),
            feed_token=_string(data, "feed_token"),
            publish={
                str(target): {str(sid): _record_from_json(rec) for sid, rec in records.items()}
                for target, records in _mapping(data, "publish").items()
            },
            google_calendar_id=_optional_string(data, "google_calendar_id"),
            google_event_ids={
                str(k): str(v) for k, v in _mapping(data, "google_event_ids").items()
            },
            caldav_calendar_url=_optional_string(data, "caldav_calendar_url"),
            unknown=_unknown(data, _DOCUMENT_KEYS),
            unknown_settings=_unknown(settings, SETTINGS_KEYS),
        )
    except SettingsError as error:
        raise DocumentError(f"the document is damaged: {_cut(str(error))}") from None
    except OverflowError:
        raise DocumentError("the document is damaged: a number in it is out of range") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DocumentError(f"the document is damaged: {_cut(str(error))}") from None


def _cut(message: str) -> str:
    """A message that quotes a hostile value stays readable: at most about two lines."""
    message = whole_text(message)
    return message if len(message) <= 160 else message[:159] + "…"


_DOCUMENT_KEYS = (
    "format", "schema_version", "plan_uuid", "name", "settings", "edits", "feed_token",
    "publish", "google_calendar_id", "google_event_ids", "caldav_calendar_url",
)  # fmt: skip
_RECORD_KEYS = ("hash", "sequence", "modified")
MAX_SEQUENCE = 2**31 - 1  # RFC 5545 SEQUENCE is an INTEGER: 32 bits, signed, and never below 0


def _known(data: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in keys}


def _unknown(data: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {str(key): value for key, value in data.items() if key not in keys}


def _check_version(version: Any) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError(f"the document has no valid schema_version ({shown_value(version)})")
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"it was saved by a newer RunLift (document version {shown_value(version)}; this "
            "RunLift reads "
            f"up to version {SCHEMA_VERSION}). Update RunLift to open it; the file is unchanged"
        )


def _string(data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be text")
    return value


def _optional_string(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _string(data, key)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise TypeError(f"{key} must be an object")
    return value


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise TypeError(f"{key} must be a list")
    return value


def _record_from_json(data: Any) -> PublishRecord:
    modified = datetime.strptime(str(data["modified"]), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    sequence = data["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise TypeError("a publish sequence must be a whole number")
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"a publish sequence must be from 0 to {MAX_SEQUENCE}, not {sequence}")
    return PublishRecord(
        content_hash=str(data["hash"]),
        sequence=sequence,
        modified=modified,
        unknown=_unknown(data, _RECORD_KEYS),
    )


# -- files --------------------------------------------------------------------------------------


def load_document(path: Path) -> Document:
    """Open a document. Reads only: the file is never modified, whatever its state.

    Temp files an interrupted save left beside it are removed (when no save is running).
    """
    doc = _read(path)
    remove_stale_temp_files(path)
    return doc


def _read(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"no plan document at {path}") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a plan document") from None
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror}") from None
    try:
        return document_from_json(_parse(raw))
    except DocumentError as error:
        raise DocumentError(f"cannot open {path}: {error}{_backup_hint(path)}") from None


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        raise DocumentError("the file is empty (it may have been cut off while being copied)")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is not content
    except UnicodeDecodeError:
        raise DocumentError("the file is damaged: it is not text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated"):
            raise DocumentError(
                "the file is cut short (truncated): it ends in the middle of the document"
            ) from None
        raise DocumentError(
            f"the file is damaged: not valid JSON at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise DocumentError("the file is damaged: it is nested too deeply") from None
    except ValueError:  # a number thousands of digits long
        raise DocumentError("the file is damaged: it holds a number too long to read") from None


def _backup_hint(path: Path) -> str:
    backup = backup_path(path)
    return f". The previous version is in {backup}" if backup.exists() else ""


Merge = Callable[[Document, Document], Document]  # (mine, the one on disk) → what to save


def save_document(path: Path, doc: Document, merge: Merge | None = None) -> Document:
    """Save atomically, keeping the file being replaced as ``<name>.runlift.bak``.

    With ``merge``, what is saved is ``merge(doc, on_disk)`` against the file as it is on disk
    under the lock (a file that cannot be read has nothing to keep: ``doc`` replaces it, and it
    stays in the ``.bak``). Returns what was saved.
    """
    with document_lock(path):
        if merge is not None and path.exists():
            with contextlib.suppress(DocumentError):
                doc = merge(doc, _read(path))
        _write(path, doc)
    return doc


def update_document(path: Path, change: Callable[[Document], Document]) -> Document:
    """Under the lock: load the document as it is on disk, apply ``change``, save the result.

    Each writer merges only its own part in ``change`` (an edit, the settings, one target's
    publish state), so what another process saved meanwhile is kept. ``change`` may raise
    (e.g. SettingsError): then nothing is saved. Returns the document as saved.
    """
    with document_lock(path):
        fresh = _read(path)
        changed = change(fresh)
        if changed != fresh:
            _write(path, changed)
    return changed


def create_document(path: Path, doc: Document, replace_existing: bool = False) -> Path | None:
    """Save a new document at ``path``; the one it replaces (only with ``replace_existing``)
    is kept as ``<name>.runlift.<time>.bak``, a name no later save reuses. Returns that path.
    """
    with document_lock(path):
        kept: Path | None = None
        if path.exists():
            if not replace_existing:
                raise DocumentError(f"{path} already exists; nothing was saved")
            _refuse_read_only(path)
            kept = _keep_replaced(path)
        _write(path, doc)
    return kept


def _keep_replaced(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.{stamp}.bak")
    number = 1
    while kept.exists():
        number += 1
        kept = path.with_name(f"{path.name}.{stamp}-{number}.bak")
    _copy(path, kept)
    return kept


def _write(path: Path, doc: Document) -> None:
    """The save itself; the caller holds the lock."""
    text = json.dumps(document_to_json(doc), indent=2, ensure_ascii=False) + "\n"
    _refuse_read_only(path)
    try:
        remove_temp_files(path)
        if path.exists():
            _copy(path, backup_path(path))  # a link planted as the .bak is replaced, not followed
        write_atomically(path, text.encode("utf-8"), mode=_mode_of(path))
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocumentError(
            f"cannot save {path}: {reason}; the previous file is unchanged"
        ) from None


def _copy(source: Path, target: Path) -> None:
    write_atomically(target, source.read_bytes(), mode=_mode_of(source), follow_links=False)


def _mode_of(path: Path) -> int | None:
    """The permission bits to keep (a save never widens or narrows who may read the plan)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _refuse_read_only(path: Path) -> None:
    try:
        info = path.stat()
    except OSError:
        return  # a new file: the folder decides
    if info.st_mode & 0o222 == 0 or not os.access(path, os.W_OK):
        raise ReadOnlyDocumentError(
            f"cannot save {path}: the file is write-protected (read-only); nothing was saved. "
            "Save it under another name, or make it writable first"
        )
