"""A session's steps as the watch runs them, and as the session details show them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from runlift.plan.model import PaceRange, Pattern, Step, StepKind, Units
from runlift.publish.watch.steps import (
    Duration,
    Intensity,
    exercise_amount,
    exercise_label,
    speed_range,
    watch_steps,
)
from runlift.publish.watch.text import watch_lines
from tests.publish.workout_sessions import SESSION_KINDS


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Step(StepKind.EXERCISE, name="Goblet squat", sets=3, reps="6-8"), (Duration.REPS, 8)),
        (Step(StepKind.EXERCISE, name="Push-up", sets=3, reps="10"), (Duration.REPS, 10)),
        (Step(StepKind.EXERCISE, name="Plank", sets=3, hold_breaths=12), (Duration.TIME, 48)),
        (Step(StepKind.EXERCISE, name="Bear crawl", sets=3, reps="30 m"), (Duration.DISTANCE, 30)),
        (Step(StepKind.EXERCISE, name="Push-up", sets=3, reps="as many"), (Duration.OPEN, None)),
        (Step(StepKind.EXERCISE, name="Step-up", reps="8–10 each side"), (Duration.REPS, 10)),
        (Step(StepKind.EXERCISE, name="Bear crawl", reps="20 m forward"), (Duration.DISTANCE, 20)),
        (Step(StepKind.EXERCISE, name="Plank", reps="2 min"), (Duration.TIME, 120)),
        (Step(StepKind.EXERCISE, name="Plank", reps="30 s"), (Duration.TIME, 30)),
    ],
    ids=[
        "range: upper end",
        "single count",
        "breaths at 4 s",
        "carry distance",
        "open",
        "range with words",
        "distance with words",
        "minutes",
        "seconds",
    ],
)
def test_one_set_on_the_watch(step: Step, expected: tuple[Duration, float | None]) -> None:
    assert exercise_amount(step) == expected


def test_single_paces_get_a_window_and_ranges_stay() -> None:
    single = speed_range(PaceRange("T", 270, 270))
    assert (single.low, single.high) == (round(1000 / 275, 3), round(1000 / 265, 3))
    easy = speed_range(PaceRange("E", 330, 370))
    assert (easy.low, easy.high) == (round(1000 / 370, 3), round(1000 / 330, 3))


def test_exercise_sets_rest_and_repeat() -> None:
    steps = watch_steps(SESSION_KINDS["strength_light"]())
    warmup, push_up, rest, repeat, left, right, last_rest = steps
    assert warmup.intensity is Intensity.WARMUP and warmup.value == 300
    assert push_up.exercise == ("push_up", "push_up") and push_up.value == 8
    assert (rest.intensity, rest.value) == (Intensity.REST, 60)
    assert (repeat.duration, repeat.repeat_from, repeat.repeat) == (Duration.REPEAT, 1, 2)
    # Side plank is done on each side: one step per side, one set (no repeat step).
    assert (left.name, right.name) == ("Side plank L", "Side plank R")
    assert last_rest.value == 30
    assert [s.index for s in steps] == list(range(len(steps)))


@pytest.mark.parametrize(
    ("name", "length", "label"),
    [
        ("Goblet squat", 15, "Goblet squat"),
        ("Dumbbell overhead press", 15, "Overhead press"),
        ("Single-leg Romanian deadlift", 13, "1-leg RDL"),
        ("Kettlebell goblet reverse lunge", 13, "Reverse lunge"),
        ("Suitcase hold with a loaded bag", 13, "Suitcase hold"),
        ("Copenhagen plank", 13, "Copenhagen"),
        ("Überzüge mit Kurzhantel und Ball", 15, "Uberzuge mit"),
    ],
)
def test_exercise_names_fit_the_watch(name: str, length: int, label: str) -> None:
    assert exercise_label(name, length) == label


def test_unknown_exercise_has_no_fit_exercise() -> None:
    session = SESSION_KINDS["strength_light"]()
    step = Step(StepKind.EXERCISE, name="Handstand", pattern=Pattern.PUSH, sets=1, reps="5")
    (only,) = watch_steps(replace(session, steps=(step,)))
    assert only.exercise is None and only.name == "Handstand"


def test_step_names_fit_a_watch_line() -> None:
    for make in SESSION_KINDS.values():
        for step in watch_steps(make()):
            assert len(step.name) <= 15 and step.name.isascii(), step.name
    hills = watch_steps(SESSION_KINDS["hills"]())
    assert [s.name for s in hills[1:3]] == ["Uphill", "Jog back down"]
    assert hills[1].notes == "hard but controlled"


def test_nested_repeat_blocks() -> None:
    inner = Step(
        StepKind.REPEAT,
        repeat=3,
        steps=(Step(StepKind.WORK, seconds=30), Step(StepKind.RECOVER, seconds=30)),
    )
    outer = Step(StepKind.REPEAT, repeat=2, steps=(inner, Step(StepKind.RECOVER, minutes=3)))
    session = SESSION_KINDS["hills"]()
    steps = watch_steps(replace(session, steps=(outer,)))
    assert [(s.duration, s.value, s.repeat, s.repeat_from) for s in steps] == [
        (Duration.TIME, 30, None, None),
        (Duration.TIME, 30, None, None),
        (Duration.REPEAT, None, 3, 0),
        (Duration.TIME, 180, None, None),
        (Duration.REPEAT, None, 2, 0),
    ]
    lines = watch_lines(replace(session, steps=(outer,)), Units.KM)
    assert lines == ("2 x", "  3 x", "    Run · 0:30", "    Recover · 0:30", "  Recover · 3:00")


def test_threshold_as_the_details_show_it_in_km_and_miles() -> None:
    session = SESSION_KINDS["threshold"]()
    assert watch_lines(session, Units.KM) == (
        "Warm-up · 15:00 · 5:30-6:10/km",
        "4 x",
        "  T pace · 8:00 · 4:25-4:35/km",
        "  Recover · 2:00 · easy jog",
        "Cool-down · 2.5 km · 5:30-6:10/km",
    )
    assert watch_lines(session, Units.MI)[2] == "  T pace · 8:00 · 7:06-7:23/mi"
    assert watch_lines(session, Units.MI)[4] == "Cool-down · 1.6 mi · 8:51-9:55/mi"


def test_strength_as_the_details_show_it() -> None:
    lines = watch_lines(SESSION_KINDS["strength_heavy"](), Units.KM)
    assert lines[:4] == ("Warm-up · 5:00 · easy movement: march, leg swings", "4 x",
                         "  Goblet squat · 12 reps", "  Rest · 2:00")  # fmt: skip
    assert (
        "  Farmer carry · 20 m" in lines
        and "  1-leg RDL L · 8 reps" in lines
        and "  Plank · 0:40" in lines
    )
