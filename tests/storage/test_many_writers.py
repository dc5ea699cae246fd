"""Many writers, one document: the lock, the merge of one writer's part, what a newer RunLift
wrote, and the leftovers of a save that was killed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from runlift.errors import DocumentError
from runlift.plan.edits.record import Edit, EditOp
from runlift.plan.model import Mode, Settings
from runlift.storage.document import (
    Document,
    PublishRecord,
    load_document,
    new_document,
    save_document,
    update_document,
)
from runlift.storage.locking import document_lock, lock_path
from runlift.storage.merge import merge_changes

SETTINGS = Settings(
    mode=Mode.RACE, race_date=date(2027, 5, 2), distance_km=21.0975, weekly_km=35.0,
    long_run_km=13.0, timezone="Europe/Berlin",
)  # fmt: skip
SKIP_A, SKIP_B, SKIP_C = (Edit(EditOp.SKIP, f"w-0{n}.long") for n in (3, 4, 5))


@pytest.fixture
def base() -> Document:
    return replace(new_document(SETTINGS, "Spring", date(2027, 1, 4)), edits=(SKIP_A,))


def test_a_held_lock_makes_another_writer_wait_and_then_say_so(
    tmp_path: Path, base: Document
) -> None:
    path = tmp_path / "plan.runlift"
    save_document(path, base)
    before = path.read_bytes()
    with document_lock(path), pytest.raises(DocumentError) as caught, document_lock(path, 0):
        pytest.fail("two writers held the lock at once")
    assert "another program has been saving it" in str(caught.value)
    assert path.read_bytes() == before
    assert lock_path(path) == tmp_path / ".plan.runlift.lock"


def test_the_window_s_changes_are_laid_over_the_file_as_it_is(base: Document) -> None:
    mine = replace(base, edits=(SKIP_A, SKIP_B), name="Spring 10K")
    on_disk = replace(base, edits=(SKIP_A, SKIP_C), settings=replace(SETTINGS, weekly_km=36.0))
    merged = merge_changes(base, mine, on_disk)
    assert merged.document.edits == (SKIP_A, SKIP_C, SKIP_B)
    assert merged.document.settings.weekly_km == 36.0  # only the file changed the settings
    assert merged.document.name == "Spring 10K"
    assert merged.conflicts == ()


def test_an_edit_the_window_dropped_stays_dropped_and_a_clash_is_named(base: Document) -> None:
    # the window undid SKIP_A and skipped another run; the file got a move of that run
    mine = replace(base, edits=(SKIP_B,), settings=replace(SETTINGS, weekly_km=30.0))
    moved = Edit(EditOp.MOVE, SKIP_B.session_id, date=date(2027, 2, 6))
    on_disk = replace(
        base, edits=(SKIP_A, moved), settings=replace(SETTINGS, weekly_km=40.0), name="Other"
    )
    merged = merge_changes(base, mine, on_disk)
    assert merged.document.edits == (moved, SKIP_B)
    assert merged.document.settings.weekly_km == 30.0 and merged.document.name == "Other"
    assert merged.conflicts == (
        "the settings were also changed elsewhere; yours are kept",
        f"{SKIP_B.session_id} also changed elsewhere; both changes are kept, yours last",
    )


def test_publish_state_from_the_file_is_kept_and_another_plan_is_replaced(
    base: Document,
) -> None:
    record = PublishRecord("h", 4, datetime(2027, 1, 5, 6, 0, tzinfo=UTC))
    on_disk = replace(base, publish={"feed": {"w-03.long": record}}, google_calendar_id="cal")
    merged = merge_changes(base, base, on_disk).document
    assert merged.publish == on_disk.publish and merged.google_calendar_id == "cal"
    other_plan = new_document(SETTINGS, "Other", date(2027, 1, 4))
    assert merge_changes(base, base, other_plan).document == base


def test_what_a_newer_runlift_wrote_survives_every_writer(tmp_path: Path, base: Document) -> None:
    path = tmp_path / "plan.runlift"
    save_document(path, base)
    data = json.loads(path.read_text())
    data["workouts"] = {"folder": "GARMIN/NewFiles"}
    data["settings"]["cadence"] = 172
    data["edits"][0]["why"] = "travel"
    data["publish"] = {
        "caldav": {
            "w-03.long": {
                "hash": "h",
                "sequence": 2,
                "modified": "2027-01-05T06:00:00Z",
                "etag": '"abc"',
            }
        }
    }
    path.write_text(json.dumps(data))
    doc = load_document(path)
    assert doc.unknown_settings == {"cadence": 172}
    update_document(path, lambda fresh: replace(fresh, edits=(*fresh.edits, SKIP_B)))
    save_document(path, load_document(path), merge=lambda mine, on_disk: mine)
    again = json.loads(path.read_text())
    assert again["workouts"] == data["workouts"]
    assert again["settings"]["cadence"] == 172
    assert again["edits"][0] == {"op": "skip", "id": SKIP_A.session_id, "why": "travel"}
    assert again["publish"]["caldav"]["w-03.long"]["etag"] == '"abc"'


def test_a_live_writer_s_temp_file_is_left_alone(tmp_path: Path, base: Document) -> None:
    path = tmp_path / "plan.runlift"
    save_document(path, base)
    temp = tmp_path / ".plan.runlift.zz81.tmp"
    with document_lock(path):  # a save in progress in another program
        temp.write_bytes(b"{")
        assert load_document(path) == base
        assert temp.exists()
    load_document(path)  # no writer now: a leftover
    assert not temp.exists()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: "[" * 5000 + "]" * 5000, "nested too deeply"),
        (lambda d: d.replace('"schema_version": 1', '"schema_version": ' + "9" * 5000), "too long"),
        (lambda d: d.replace('"weekly_km": 35.0', '"weekly_km": [1, 2]'), "weekly_km"),
        (lambda d: d.replace('"race_date": "2027-05-02"', '"race_date": "9999-12-31"'), "9999"),
        (lambda d: d.replace('"timezone": "Europe/Berlin"', '"timezone": "US"'), "timezone"),
        (lambda d: d.replace('"equipment": [', '"equipment": 5, "x": ['), "equipment"),
        (lambda d: d.replace('"edits": [', '"edits": [5, '), "edits"),
        (lambda d: d.replace('"publish": {}', '"publish": {"feed": 5}'), "damaged"),
    ],
)
def test_a_hostile_document_is_a_document_error_and_stays_as_it_was(
    tmp_path: Path, base: Document, spoil: object, message: str
) -> None:
    path = tmp_path / "plan.runlift"
    save_document(path, base)
    text = spoil(path.read_text())  # type: ignore[operator]
    assert text != path.read_text()
    path.write_text(text)
    with pytest.raises(DocumentError, match=message):
        load_document(path)
    assert path.read_text() == text
