"""The plan document on disk: round trip, atomic save with backup, every unreadable case."""

from __future__ import annotations

import base64
import json
import os
import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from runlift.errors import DocumentError
from runlift.plan.edits.record import Edit
from runlift.plan.model import Mode, RaceResult, Settings, Slot
from runlift.storage import document as document_module
from runlift.storage import merge as merge_module
from runlift.storage.document import (
    SCHEMA_VERSION,
    PublishRecord,
    backup_path,
    document_from_json,
    document_to_json,
    load_document,
    new_document,
    new_feed_token,
    save_document,
    update_document,
)

TODAY = date(2027, 1, 4)


def _names(folder: Path) -> list[str]:
    """The files in ``folder`` but the writers' lock file (it stays, empty, by design)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".runlift.lock"))


def _settings() -> Settings:
    return Settings(
        mode=Mode.RACE,
        race_date=date(2027, 5, 2),
        distance_km=42.195,
        weekly_km=40.0,
        long_run_km=16.0,
        strength_per_week=2,
        recent_race=RaceResult(10.0, 2700),
        unavailable=(date(2027, 2, 10), date(2027, 2, 11)),
        timezone="Europe/Berlin",
    )


def _full_document() -> document_module.Document:
    doc = new_document(_settings(), "Spring marathon", TODAY)
    modified = datetime(2027, 1, 5, 6, 30, 0, tzinfo=UTC)
    return document_module.Document(
        plan_uuid=doc.plan_uuid,
        name=doc.name,
        settings=doc.settings,
        edits=(
            Edit("move", "w-10.long", date(2027, 2, 20), Slot.AM, from_date=date(2027, 2, 21)),
            Edit("skip", "w-12.strength-heavy"),
            Edit("swap", "w-09.easy-1", other_id="w-09.quality-1"),
            Edit("distance", "w-08.long", value=18.5),
        ),
        feed_token=doc.feed_token,
        publish={"ics": {"w-10.long": PublishRecord("abc123", 2, modified)}},
        google_calendar_id="cal@group.calendar.google.com",
        google_event_ids={"w-10.long": "0123456789abcdef0123456789abcdef"},
    )


def test_save_then_open_gives_the_same_document(tmp_path: Path) -> None:
    path = tmp_path / "spring.runlift"
    doc = _full_document()
    save_document(path, doc)
    assert load_document(path) == doc
    assert json.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION
    assert document_from_json(document_to_json(doc)) == doc


def test_new_document_fixes_the_start_and_makes_secrets() -> None:
    first = new_document(_settings(), "a", TODAY)
    second = new_document(_settings(), "a", TODAY)
    assert first.settings.start == TODAY
    assert uuid.UUID(first.plan_uuid).version == 4
    assert first.plan_uuid != second.plan_uuid and first.feed_token != second.feed_token
    assert len(first.feed_token) >= 22  # url-safe base64: 22 characters carry 128 bits
    started = new_document(Settings(start=date(2027, 3, 1)), "b", TODAY)
    assert started.settings.start == date(2027, 3, 1)


def test_saving_keeps_the_previous_version_as_backup(tmp_path: Path) -> None:
    path = tmp_path / "spring.runlift"
    doc = _full_document()
    save_document(path, doc)
    first_bytes = path.read_bytes()
    save_document(path, document_module.Document(doc.plan_uuid, "renamed", doc.settings))
    assert backup_path(path) == tmp_path / "spring.runlift.bak"
    assert backup_path(path).read_bytes() == first_bytes
    assert load_document(path).name == "renamed"
    assert _names(tmp_path) == ["spring.runlift", "spring.runlift.bak"]


@pytest.mark.parametrize("failing", ["document", "backup"])
def test_a_crash_before_the_rename_leaves_the_old_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "spring.runlift"
    save_document(path, document_module.Document("first", "first", _settings()))
    current = _full_document()
    save_document(path, current)  # now there is a backup too
    current_bytes = path.read_bytes()
    real_replace = os.replace
    target = path if failing == "document" else backup_path(path)

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(DocumentError, match="Input/output error; the previous file is unchanged"):
        save_document(path, document_module.Document("other", "changed", _settings()))
    assert path.read_bytes() == current_bytes
    assert load_document(path) == current
    # The backup holds a whole earlier version either way, and no temp file is left behind.
    assert load_document(backup_path(path)).name in ("first", current.name)
    assert _names(tmp_path) == ["spring.runlift", "spring.runlift.bak"]


def _saved(tmp_path: Path) -> Path:
    path = tmp_path / "spring.runlift"
    save_document(path, _full_document())
    return path


def _future(text: str) -> str:
    data = json.loads(text)
    data["schema_version"] = SCHEMA_VERSION + 1
    return json.dumps(data)


def _bad_settings(text: str) -> str:
    data = json.loads(text)
    data["settings"]["weekly_km"] = "lots"
    return json.dumps(data)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda text: "", "the file is empty"),
        (lambda text: "  \n", "the file is empty"),
        (lambda text: text[: len(text) // 2], "cut short"),
        (lambda text: text.replace(":", ";", 3), "not valid JSON at line"),
        (lambda text: "\udcff", "not text"),
        (_future, "saved by a newer RunLift"),
        (lambda text: '{"format": "something-else"}', "not a RunLift plan document"),
        (_bad_settings, "damaged: weekly_km"),
        (lambda text: text.replace('"schema_version": 1', '"schema_version": "one"'), "no valid"),
        (lambda text: text.replace('"op": "skip"', '"op": "teleport"'), "unknown edit 'teleport'"),
    ],
    ids=[
        "empty",
        "blank",
        "truncated",
        "corrupt",
        "binary",
        "future",
        "foreign",
        "bad-settings",
        "bad-version",
        "bad-edit",
    ],
)
def test_unreadable_documents_say_why_and_stay_untouched(
    tmp_path: Path, spoil: object, message: str
) -> None:
    path = _saved(tmp_path)
    text = path.read_text("utf-8")
    spoiled = spoil(text)  # type: ignore[operator]
    raw = spoiled.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    stat = path.stat()
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert _names(tmp_path) == ["spring.runlift"]


def test_the_error_points_at_the_backup_when_there_is_one(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    save_document(path, _full_document())
    path.write_bytes(b"{")
    with pytest.raises(DocumentError, match=r"previous version is in .*spring\.runlift\.bak"):
        load_document(path)


def test_a_missing_document_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no plan document at"):
        load_document(tmp_path / "nothing.runlift")
    with pytest.raises(DocumentError, match="is a folder"):
        load_document(tmp_path)


def test_publish_records_keep_their_time_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "p.runlift"
    save_document(path, _full_document())
    record = load_document(path).publish["ics"]["w-10.long"]
    assert record.modified == datetime(2027, 1, 5, 6, 30, tzinfo=UTC)
    assert record.sequence == 2 and record.content_hash == "abc123"


def test_new_feed_token_is_url_safe_random_and_at_least_128_bits() -> None:
    tokens = {new_feed_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16


def test_new_document_takes_its_token_from_new_feed_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(document_module, "new_feed_token", lambda: "the-one-token-maker")
    assert new_document(_settings(), "a", TODAY).feed_token == "the-one-token-maker"


def test_update_document_changes_the_file_as_it_is_now(tmp_path: Path) -> None:
    path = tmp_path / "spring.runlift"
    save_document(path, new_document(_settings(), "a", TODAY))
    stale = load_document(path)
    edited = replace(stale, edits=(Edit("skip", "w-01.long"),))
    save_document(path, edited)  # another process saved an edit after `stale` was read
    record = PublishRecord("abc", 3, datetime(2027, 1, 5, 8, 0, tzinfo=UTC))

    def add_feed_record(fresh: document_module.Document) -> document_module.Document:
        return replace(fresh, publish={**fresh.publish, "feed": {"w-01.easy-1": record}})

    result = update_document(path, add_feed_record)
    assert result == load_document(path)
    assert result.edits == edited.edits  # the edit survives
    assert result.publish == {"feed": {"w-01.easy-1": record}}
    assert load_document(backup_path(path)) == edited  # saved the usual way, with a backup


def test_update_document_of_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "spring.runlift"
    path.write_text("{ broken")
    with pytest.raises(DocumentError):
        update_document(path, lambda fresh: replace(fresh, name="b"))
    assert path.read_text() == "{ broken"


def test_saving_a_window_copy_keeps_what_the_feed_published_meanwhile() -> None:
    settings = Settings(race_date=date(2027, 4, 25), distance_km=10.0, start=date(2027, 1, 4))
    base = new_document(settings, "Plan", date(2026, 11, 26))
    moment = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    mine = replace(
        base,
        edits=(Edit("skip", "w-03.long"),),
        publish={"ics": {"w-03.long": document_module.PublishRecord("a", 2, moment)}},
    )
    on_disk = replace(
        base,
        publish={
            "feed": {"w-03.long": document_module.PublishRecord("b", 4, moment)},
            "ics": {"w-03.long": document_module.PublishRecord("c", 1, moment)},
        },
        google_calendar_id="cal@group",
        google_event_ids={"w-03.long": "abc"},
    )
    merged = merge_module.with_published_from(mine, on_disk)
    assert merged.edits == mine.edits  # the window's plan content wins
    assert merged.publish["feed"]["w-03.long"].sequence == 4  # the feed's record is kept
    assert merged.publish["ics"]["w-03.long"].content_hash == "a"  # higher SEQUENCE wins
    assert merged.google_calendar_id == "cal@group" and merged.google_event_ids == {
        "w-03.long": "abc"
    }
    other_plan = replace(on_disk, plan_uuid=str(uuid.uuid4()))
    assert merge_module.with_published_from(mine, other_plan) == mine
