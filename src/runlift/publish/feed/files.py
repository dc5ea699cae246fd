"""The publish folder: ``folder/feed/<token>/plan.ics`` and ``busy.ics`` for a web host.

The feed address (its token) is made and rotated here too. A folder synced to a web host
serves the same bytes as ``FeedServer`` would; after a rotation the old token folder of this
plan is removed so the old address stops working once the folder is synced.
"""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from runlift.errors import PublishError
from runlift.publish.feed.server import FEEDS, merge_feed_state, render_feeds
from runlift.publish.ics import record_if_possible, write_atomic
from runlift.storage.document import Document, load_document, new_feed_token, update_document

PLAN_MARKER = ".runlift-plan"  # in each published token folder: the uuid of its plan
# An empty page in each folder publish makes: a web host that lists folders would otherwise
# show every token (the secret feed address) to anyone who opens ``…/feed/``.
INDEX_PAGE = "index.html"


def rotate_token(path: Path) -> Document:
    """Give the document a new feed address; the old one stops working at once."""
    return update_document(path, lambda fresh: replace(fresh, feed_token=new_feed_token()))


def ensure_token(path: Path) -> Document:
    """The document, with a feed address made and saved if it has none yet."""
    doc = load_document(path)
    return doc if doc.feed_token else rotate_token(path)


def publish_folder(
    path: Path, folder: Path, now: datetime, notes: list[str] | None = None
) -> tuple[Path, ...]:
    """Write ``folder/feed/<token>/plan.ics`` and ``busy.ics`` for a web host or synced folder.

    Each token folder carries a marker naming its plan. Earlier token folders of this plan
    (and only this plan: several plans may share one folder) that hold nothing but our files
    are removed, so that a rotated address really stops working once the folder is synced.
    Every folder made here gets an empty ``index.html`` so that no listing shows a token.
    A document that cannot be saved is published all the same; ``notes`` says what was not
    recorded in it.
    """
    doc = ensure_token(path)
    feeds, updated = render_feeds(doc, now, now, {})
    target = folder / "feed" / doc.feed_token
    _make_folders(target)
    written = []
    for name, feed in feeds.items():
        write_atomic(target / name, feed.body)
        written.append(target / name)
    write_atomic(target / PLAN_MARKER, (doc.plan_uuid + "\n").encode())
    if updated.publish != doc.publish:
        note = record_if_possible(path, merge_feed_state(doc, updated))
        if note and notes is not None:
            notes.append(note)
    _remove_old_tokens(folder / "feed", keep=doc.feed_token, plan_uuid=doc.plan_uuid)
    return tuple(written)


def _make_folders(target: Path) -> None:
    """Create ``target`` (``…/feed/<token>``) with an empty index page in every folder made
    here, and in ``feed/`` and the token folder, which are ours even when they exist already.
    A folder of the runner's own that was there before is left as it was."""
    for ours in (target.parent, target):  # feed/ and the token folder: never a planted link
        if ours.is_symlink() or (ours.exists() and not ours.is_dir()):
            raise PublishError(
                f"{ours} is a link or a file, not RunLift's folder: nothing was written; "
                "remove it and publish again"
            )
    made = [folder for folder in (target, *target.parents) if not folder.is_dir()]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot create {target}: {error.strerror or error}") from None
    for folder in {*made, target, target.parent}:
        if not (folder / INDEX_PAGE).exists():
            write_atomic(folder / INDEX_PAGE, b"")


def _remove_old_tokens(feeds: Path, keep: str, plan_uuid: str) -> None:
    try:
        for old in feeds.iterdir():
            if old.name == keep or old.is_symlink() or not old.is_dir():
                continue  # only a real folder is ever emptied, never one a link points at
            if _marked_plan(old) != plan_uuid:
                continue
            entries = list(old.iterdir())
            ours = {*FEEDS, PLAN_MARKER, INDEX_PAGE}
            if all(entry.name in ours and _plain_file(entry) for entry in entries):
                for entry in entries:
                    entry.unlink()
                old.rmdir()
    except OSError as error:
        raise PublishError(
            f"cannot remove an old feed address in {feeds}: {error.strerror or error}"
        ) from None


def _marked_plan(folder: Path) -> str | None:
    """The plan uuid a token folder was published for; None when it is not known.

    Folders written before the marker existed are recognised by the UIDs in their plan.ics
    (``session@plan-uuid``, DESIGN.md "Identity").
    """
    marker = folder / PLAN_MARKER
    if not marker.exists() and not marker.is_symlink():
        return _plan_of_events(folder / "plan.ics")
    if not _plain_file(marker):  # a pipe would block the read for ever; a link is not ours
        return None
    try:
        return marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _plain_file(path: Path) -> bool:
    """A regular file, not a link, a pipe or a device (checked without following links)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _plan_of_events(calendar: Path) -> str | None:
    if not _plain_file(calendar):
        return None
    try:
        lines = calendar.read_bytes().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    plans = {line.rpartition("@")[2] for line in lines if line.startswith("UID:") and "@" in line}
    return plans.pop() if len(plans) == 1 else None
