"""Merging one writer's changes into the document as another writer left it on disk.

The window holds its own copy of a document for as long as it is open, while the command line,
a running feed and a push may save the same file (DESIGN.md "Many writers, one document"). When
the window saves, or notices the file changed, its changes since it last read the file are laid
over the file as it is now: nobody's saved work is taken back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from runlift.plan.edits.record import Edit
from runlift.storage.document import Document


@dataclass(frozen=True)
class Merged:
    """The merged document, and what both sides changed (in the runner's words)."""

    document: Document
    conflicts: tuple[str, ...] = ()


def merge_changes(base: Document | None, mine: Document, on_disk: Document) -> Merged:
    """``mine``'s changes since ``base`` (the file as ``mine`` last read or saved it), laid over
    ``on_disk``. Where both changed the same thing, ``mine`` wins and a conflict says so.

    Another plan on disk (a Save As over another file) is simply replaced by ``mine``.
    """
    if on_disk.plan_uuid != mine.plan_uuid:
        return Merged(mine)
    published = with_published_from(mine, on_disk)
    if base is None or base.plan_uuid != mine.plan_uuid:
        return Merged(published)
    conflicts: list[str] = []
    settings = on_disk.settings
    if mine.settings != base.settings:
        if on_disk.settings not in (base.settings, mine.settings):
            conflicts.append("the settings were also changed elsewhere; yours are kept")
        settings = mine.settings
    edits, touched_twice = _merge_edits(base.edits, mine.edits, on_disk.edits)
    if touched_twice:
        ids = ", ".join(touched_twice)
        conflicts.append(f"{ids} also changed elsewhere; both changes are kept, yours last")
    document = replace(
        published,
        settings=settings,
        edits=edits,
        name=_ours_if_changed(base.name, mine.name, on_disk.name),
        feed_token=_ours_if_changed(base.feed_token, mine.feed_token, on_disk.feed_token),
        unknown=on_disk.unknown,
        unknown_settings=on_disk.unknown_settings,
    )
    return Merged(document, tuple(conflicts))


def _ours_if_changed(base: str, mine: str, on_disk: str) -> str:
    return mine if mine != base else on_disk


def _merge_edits(
    base: Sequence[Edit], mine: Sequence[Edit], on_disk: Sequence[Edit]
) -> tuple[tuple[Edit, ...], tuple[str, ...]]:
    """Edits on disk, minus those ``mine`` dropped (an undo, a restore), plus those it added.

    Linear in the number of edits (sets of hashable edits), so a long log merges at once.
    """
    in_base, in_mine = set(base), set(mine)
    dropped = {edit for edit in base if edit not in in_mine}
    added = [edit for edit in mine if edit not in in_base]
    kept = [edit for edit in on_disk if edit not in dropped]
    in_kept = set(kept)
    theirs = {edit.session_id for edit in on_disk if edit not in in_base}
    ours = {edit.session_id for edit in added}
    merged = (*kept, *(edit for edit in added if edit not in in_kept))
    return merged, tuple(sorted(theirs & ours))


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
