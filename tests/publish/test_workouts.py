"""Watch workouts: every file decodes with Garmin's SDK and fitdecode, step for step."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Profile

from runlift.errors import PublishError
from runlift.plan.generate import generate
from runlift.plan.model import Kind, Session, Step, StepKind, Units
from runlift.plan.strength.library import default_library
from runlift.publish.watch.fit import exercise_numbers
from runlift.publish.watch.workouts import (
    coming_sessions,
    file_name,
    has_workout,
    plan_workouts,
    session_workout,
    workout_name,
    write_workouts,
)
from tests.publish.fit_reading import (
    decoded_steps,
    exercise_names,
    expected_steps,
    fitdecode_read,
    garmin_read,
)
from tests.publish.test_feed import SETTINGS
from tests.publish.workout_sessions import SESSION_KINDS

GOLDEN = Path(__file__).parent / "golden"
ZONE = "Europe/Berlin"
KINDS = sorted(SESSION_KINDS)


def _export(kind: str, units: Units = Units.KM) -> tuple[Session, bytes]:
    session = SESSION_KINDS[kind]()
    return session, session_workout(session, units, ZONE).data


@pytest.mark.parametrize("units", list(Units), ids=str)
@pytest.mark.parametrize("kind", KINDS)
def test_garmin_decoder_reads_every_step_as_the_session_has_it(kind: str, units: Units) -> None:
    session, data = _export(kind, units)
    messages = garmin_read(data)
    expected = expected_steps(session)
    assert decoded_steps(messages) == [pytest.approx(step, abs=0.0011) for step in expected]
    workout = messages["workout_mesgs"][0]
    assert workout["num_valid_steps"] == len(expected)
    assert workout["wkt_name"] == workout_name(session, units)
    strength = session.kind is Kind.STRENGTH
    assert workout["sport"] == ("training" if strength else "running")
    assert workout.get("sub_sport") == ("strength_training" if strength else None)
    assert messages["file_id_mesgs"][0]["type"] == "workout"


@pytest.mark.parametrize("kind", KINDS)
def test_fitdecode_reads_the_same_file(kind: str) -> None:
    session, data = _export(kind)
    messages = fitdecode_read(data)
    garmin = garmin_read(data)["workout_step_mesgs"]
    steps = [fields for name, fields in messages if name == "workout_step"]
    assert [name for name, _ in messages] == ["file_id", "workout", *["workout_step"] * len(steps)]
    assert len(steps) == len(expected_steps(session))
    for mine, theirs in zip(steps, garmin, strict=True):
        assert mine["duration_type"] == theirs["duration_type"]
        for field in ("duration_time", "duration_distance", "duration_reps", "repeat_steps"):
            assert mine.get(field) == theirs.get(field)
        assert mine.get("custom_target_speed_low") == theirs.get("custom_target_speed_low")
        assert mine.get("intensity") == theirs.get("intensity")


def test_km_and_miles_plans_give_the_same_steps_in_metres() -> None:
    in_km, in_miles = (
        garmin_read(_export("race_pace_long")[1]),
        garmin_read(_export("race_pace_long", Units.MI)[1]),
    )
    assert in_km["workout_step_mesgs"] == in_miles["workout_step_mesgs"]
    assert [s["duration_distance"] for s in in_km["workout_step_mesgs"]] == [21000.0, 8000.0]
    assert in_km["workout_mesgs"][0]["wkt_name"] == "Long 29k"
    assert in_miles["workout_mesgs"][0]["wkt_name"] == "Long 18mi"


def test_threshold_steps_spelled_out() -> None:
    steps = garmin_read(_export("threshold")[1])["workout_step_mesgs"]
    assert [s["duration_type"] for s in steps] == [
        "time", "time", "time", "repeat_until_steps_cmplt", "distance",
    ]  # fmt: skip
    warmup, work, jog, repeat, cooldown = steps
    assert warmup["duration_time"] == 900 and warmup["intensity"] == "warmup"
    # T 4:30/km, single: a 4:25-4:35/km window.
    assert work["custom_target_speed_low"] == pytest.approx(1000 / 275, abs=0.001)
    assert work["custom_target_speed_high"] == pytest.approx(1000 / 265, abs=0.001)
    assert jog["target_type"] == "open" and jog["notes"] == "easy jog"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (1, 4)
    assert cooldown["duration_distance"] == 2500 and cooldown["intensity"] == "cooldown"


def test_strength_sets_rest_and_holds() -> None:
    steps = garmin_read(_export("strength_heavy")[1])["workout_step_mesgs"]
    squat = steps[1]
    assert (squat["exercise_category"], squat["duration_reps"]) == ("squat", 12)  # "10-12" → 12
    assert exercise_names("squat", squat["exercise_name"]) == "goblet_squat"
    assert steps[2]["intensity"] == "rest" and steps[2]["duration_time"] == 120
    plank = steps[11]
    assert plank["duration_time"] == 40  # 10 breaths at ~4 s
    assert exercise_names("plank", plank["exercise_name"]) == "plank"
    carry = steps[8]
    assert carry["duration_type"] == "distance" and carry["duration_distance"] == 20


def test_notes_keep_the_runners_words_beyond_ascii() -> None:
    effort = "easy — conversational, 5×20 s strides après"
    steps = (Step(StepKind.WORK, km=8.0, effort=effort),)
    session = replace(SESSION_KINDS["easy_by_effort"](), steps=steps)
    (step,) = garmin_read(session_workout(session, Units.KM, ZONE).data)["workout_step_mesgs"]
    assert (step["notes"], step["wkt_step_name"]) == (effort, "Easy")


@pytest.mark.parametrize("kind", KINDS)
def test_golden_files_are_byte_identical(kind: str) -> None:
    session, data = _export(kind)
    golden = GOLDEN / f"workout-{kind}.fit"
    if os.environ.get("RUNLIFT_UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert golden.read_bytes() == data, f"re-run with RUNLIFT_UPDATE_GOLDEN=1 if {kind} changed"
    assert session_workout(session, Units.KM, ZONE).data == data


def test_created_time_is_the_session_start_not_the_clock() -> None:
    session, data = _export("threshold")
    created = garmin_read(data)["file_id_mesgs"][0]["time_created"]
    assert created == datetime(2027, 3, 2, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
    moved = replace(session, date=session.date + timedelta(days=1))
    later = garmin_read(session_workout(moved, Units.KM, ZONE).data)["file_id_mesgs"][0]
    assert later["time_created"] == created + timedelta(days=1)


@pytest.mark.parametrize("kind", KINDS)
def test_names_are_short_ascii_and_files_sort_by_date(kind: str) -> None:
    session = SESSION_KINDS[kind]()
    for units in Units:
        name = workout_name(session, units)
        assert 0 < len(name) <= 15 and name.isascii()
    assert file_name(session).startswith("2027-03-02_") and file_name(session).endswith(".fit")
    assert "." not in file_name(session).removesuffix(".fit")


def test_names_on_the_watch() -> None:
    names = {kind: workout_name(SESSION_KINDS[kind](), Units.KM) for kind in KINDS}
    assert names == {
        "threshold": "Tempo 4x8",
        "intervals": "Int 5x800m",
        "hills": "Hills 8x60s",
        "race_pace_long": "Long 29k",
        "easy_by_effort": "Easy 8k",
        "strides": "Strides 6x20s",
        "strength_heavy": "Str heavy",
        "strength_light": "Str light",
    }


def test_files_written_into_a_folder(tmp_path: Path) -> None:
    files = [session_workout(SESSION_KINDS[k](), Units.KM, ZONE) for k in ("hills", "threshold")]
    paths = write_workouts(files, tmp_path / "new")
    assert [p.name for p in paths] == [f.file_name for f in files]
    assert [p.read_bytes() for p in paths] == [f.data for f in files]


def test_a_moved_session_leaves_no_file_under_its_old_day(tmp_path: Path) -> None:
    session = SESSION_KINDS["threshold"]()
    other = replace(SESSION_KINDS["hills"](), date=session.date - timedelta(days=7))
    write_workouts([session_workout(s, Units.KM, ZONE) for s in (session, other)], tmp_path)
    (tmp_path / "2027-xx-01_w-08_threshold.fit").write_bytes(b"mine")  # not one of ours: kept
    moved = replace(session, date=session.date + timedelta(days=2))
    write_workouts([session_workout(moved, Units.KM, ZONE)], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2027-02-23_w-10_hills.fit",
        "2027-03-04_w-08_threshold.fit",
        "2027-xx-01_w-08_threshold.fit",
    ]


def test_unwritable_folder_is_a_publish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    files = [session_workout(SESSION_KINDS["hills"](), Units.KM, ZONE)]
    with pytest.raises(PublishError, match="cannot write"):
        write_workouts(files, blocker)


def test_every_library_exercise_is_in_garmins_profile() -> None:
    for entry in default_library():
        category, name = exercise_numbers(entry.fit_category, entry.fit_name)
        assert Profile["types"]["exercise_category"][category] == entry.fit_category, entry.name
        assert exercise_names(entry.fit_category, name) == entry.fit_name, entry.name


def test_an_exercise_fit_does_not_know_is_named() -> None:
    with pytest.raises(PublishError, match="squat/moon_squat"):
        exercise_numbers("squat", "moon_squat")
    with pytest.raises(PublishError, match="juggling/ball"):
        exercise_numbers("juggling", "ball")


def test_coming_sessions_by_weeks_runs_only_and_skips() -> None:
    plan = generate(SETTINGS, date(2027, 1, 1))
    start = date(2027, 3, 1)
    two_weeks = coming_sessions(plan, start, 2)
    assert two_weeks and all(start <= s.date < start + timedelta(weeks=2) for s in two_weeks)
    assert {s.kind for s in two_weeks} >= {Kind.LONG, Kind.STRENGTH}
    assert all(s.is_run for s in coming_sessions(plan, start, 2, runs_only=True))
    everything = coming_sessions(plan, start)
    assert everything[-1].date == max(s.date for s in plan.sessions if has_workout(s))
    skipped = replace(plan, sessions=tuple(replace(s, skipped=True) for s in plan.sessions))
    assert coming_sessions(skipped, start) == ()
    no_steps = replace(plan, sessions=tuple(replace(s, steps=()) for s in plan.sessions))
    assert coming_sessions(no_steps, start) == ()
    assert [f.session_id for f in plan_workouts(plan, start, 2)] == [s.id for s in two_weeks]
