"""The plan document (``*.runlift``): settings + edits + publish state, saved atomically.

A document is JSON with a ``schema_version``. Saving writes a temp file in the same folder, syncs
it and renames it over the old file, keeping the previous version as ``<name>.runlift.bak``.
Opening never changes the file: a document that cannot be read (missing, empty, cut short,
damaged, written by a newer RunLift) raises ``DocumentError`` saying which, and stays as it was.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from runlift.errors import DocumentError, SettingsError
from runlift.plan.edits import Edit, edit_from_dict, edit_to_dict
from runlift.plan.model import Settings
from runlift.plan.settings_io import settings_from_dict, settings_to_dict
from runlift.storage.paths import write_atomically

SCHEMA_VERSION = 1
FORMAT = "runlift-document"
FEED_TOKEN_BYTES = 24  # 192 bits: the feed address is the only key to the plan


@dataclass(frozen=True)
class PublishRecord:
    """What was last published for one session to one target."""

    content_hash: str
    sequence: int
    modified: datetime  # UTC, whole seconds: DTSTAMP / LAST-MODIFIED of the event


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


def new_document(settings: Settings, name: str, today: date) -> Document:
    """A fresh document: the start date fixed (today if unset), a new plan uuid and feed token."""
    return Document(
        plan_uuid=str(uuid.uuid4()),
        name=name,
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
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "plan_uuid": doc.plan_uuid,
        "name": doc.name,
        "settings": settings_to_dict(doc.settings),
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
        return Document(
            plan_uuid=_string(data, "plan_uuid"),
            name=_string(data, "name"),
            settings=settings_from_dict(_mapping(data, "settings")),
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
        )
    except SettingsError as error:
        raise DocumentError(f"the document is damaged: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DocumentError(f"the document is damaged: {error}") from None


def _check_version(version: Any) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError(f"the document has no valid schema_version ({version!r})")
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"it was saved by a newer RunLift (document version {version}; this RunLift reads "
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
    return PublishRecord(content_hash=str(data["hash"]), sequence=sequence, modified=modified)


# -- files --------------------------------------------------------------------------------------


def load_document(path: Path) -> Document:
    """Open a document. Reads only: the file is never modified, whatever its state."""
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
        text = raw.decode("utf-8")
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


def _backup_hint(path: Path) -> str:
    backup = backup_path(path)
    return f". The previous version is in {backup}" if backup.exists() else ""


def save_document(path: Path, doc: Document) -> None:
    """Save atomically, keeping the file being replaced as ``<name>.runlift.bak``."""
    text = json.dumps(document_to_json(doc), indent=2, ensure_ascii=False) + "\n"
    try:
        if path.exists():
            write_atomically(backup_path(path), path.read_bytes())
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocumentError(
            f"cannot save {path}: {reason}; the previous file is unchanged"
        ) from None


def update_document(path: Path, change: Callable[[Document], Document]) -> Document:
    """Load the document fresh, apply ``change``, save it atomically and return the result.

    Writers that worked from an older copy (a feed render, a Google push) merge only their
    own fields in ``change``, so an edit another process saved meanwhile is kept.
    """
    fresh = load_document(path)
    changed = change(fresh)
    if changed != fresh:
        save_document(path, changed)
    return changed


def with_published_from(mine: Document, on_disk: Document) -> Document:
    """``mine`` with what other writers published to the same plan's file kept.

    A feed server or a push from the command line records what it published in the file while
    the window holds its own copy; saving the window's copy must not take that back. For each
    target and session the record with the higher SEQUENCE wins (``mine`` on a tie), and a
    Google or CalDAV calendar the file knows is kept when ``mine`` has none.
    """
    if on_disk.plan_uuid != mine.plan_uuid:
        return mine
    publish = {target: dict(records) for target, records in mine.publish.items()}
    for target, records in on_disk.publish.items():
        kept = publish.setdefault(target, {})
        for session_id, record in records.items():
            if session_id not in kept or record.sequence > kept[session_id].sequence:
                kept[session_id] = record
    return replace(
        mine,
        publish=publish,
        google_calendar_id=mine.google_calendar_id or on_disk.google_calendar_id,
        google_event_ids={**on_disk.google_event_ids, **mine.google_event_ids},
        caldav_calendar_url=mine.caldav_calendar_url or on_disk.caldav_calendar_url,
    )
