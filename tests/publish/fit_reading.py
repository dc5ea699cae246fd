"""Reading FIT workout files back with two independent decoders, and what a file should hold.

``garmin-fit-sdk`` is Garmin's own decoder (header, CRC and integrity checked); ``fitdecode`` is
a second reader with its CRC check on. ``expected_steps`` derives the steps from the session's
plan steps the way DESIGN.md and the issue state them, without the code under test.
"""

from __future__ import annotations

import io
from typing import Any

import fitdecode
from garmin_fit_sdk import Decoder, Profile, Stream

from runlift.plan.model import PaceRange, Session, Step, StepKind
from runlift.plan.strength.library import default_library

SECONDS_PER_BREATH = 4  # as the issue states: a hold in breaths is ~4 s a breath
_INTENSITY = {
    StepKind.WARMUP: "warmup",
    StepKind.WORK: "active",
    StepKind.RECOVER: "recovery",
    StepKind.COOLDOWN: "cooldown",
}


def garmin_read(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Garmin's decoder: a FIT file, intact, CRC right, decoded without a single error."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def fitdecode_read(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """fitdecode's messages (name, fields) with the CRC checked."""
    out = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                out.append((frame.name, {f.name: f.value for f in frame.fields}))
    return out


def exercise_names(category: str, number: int) -> str:
    """The exercise name Garmin's own profile gives a number within a category."""
    return str(Profile["types"][f"{category}_exercise_name"][number])


def expected_steps(session: Session) -> list[dict[str, Any]]:
    """The FIT steps (as Garmin's decoder names fields) a session's plan steps call for."""
    out: list[dict[str, Any]] = []
    for step in session.steps:
        _expect(step, out)
    return out


def _expect(step: Step, out: list[dict[str, Any]]) -> None:
    if step.step is StepKind.REPEAT:
        first = len(out)
        for inner in step.steps:
            _expect(inner, out)
        out.append(_repeat(first, step.repeat or 1))
    elif step.step is StepKind.EXERCISE:
        _expect_exercise(step, out)
    else:
        out.append(
            {"intensity": _INTENSITY[step.step], **_run_duration(step), **_target(step.pace)}
        )


def _repeat(first: int, times: int) -> dict[str, Any]:
    return {"duration_type": "repeat_until_steps_cmplt", "duration_step": first, "repeat": times}


def _run_duration(step: Step) -> dict[str, Any]:
    if step.km is not None:
        return {"duration_type": "distance", "duration_distance": step.km * 1000}
    seconds = step.seconds if step.minutes is None else step.minutes * 60
    return {"duration_type": "time", "duration_time": seconds}


def _target(pace: PaceRange | None) -> dict[str, Any]:
    if pace is None:
        return {"target_type": "open"}
    fast, slow = pace.min_s_per_km, pace.max_s_per_km
    if fast == slow:  # a single pace: a window of ±5 s/km for the watch's alert
        fast, slow = fast - 5, slow + 5
    return {"target_type": "speed", "low": 1000 / slow, "high": 1000 / fast}


def _expect_exercise(step: Step, out: list[dict[str, Any]]) -> None:
    entry = next(d for d in default_library() if d.name == step.name)
    if step.hold_breaths is not None:
        amount = {"duration_type": "time", "duration_time": step.hold_breaths * SECONDS_PER_BREATH}
    elif step.reps and step.reps.endswith("m"):
        amount = {"duration_type": "distance", "duration_distance": float(step.reps[:-1])}
    else:  # a range "6-8" goes to its upper end
        amount = {"duration_type": "reps", "duration_reps": int((step.reps or "").split("-")[-1])}
    first = len(out)
    for _side in range(2 if entry.per_side else 1):
        out.append(
            {
                "intensity": "active",
                **amount,
                "target_type": "open",
                "exercise": f"{entry.fit_category}/{entry.fit_name}",
            }
        )
    if step.rest_seconds:
        out.append(
            {
                "intensity": "rest",
                "duration_type": "time",
                "duration_time": step.rest_seconds,
                "target_type": "open",
            }
        )
    if (step.sets or 1) > 1:
        out.append(_repeat(first, step.sets or 1))


def decoded_steps(messages: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Garmin-decoded workout steps in the shape of ``expected_steps``."""
    return [_decoded(m) for m in messages["workout_step_mesgs"]]


def _decoded(message: dict[str, Any]) -> dict[str, Any]:
    kind = message["duration_type"]
    if kind == "repeat_until_steps_cmplt":
        return _repeat(message["duration_step"], message["repeat_steps"])
    step: dict[str, Any] = {"intensity": message["intensity"], "duration_type": kind}
    for field in ("duration_time", "duration_distance", "duration_reps"):
        if field in message:
            step[field] = message[field]
    step["target_type"] = message["target_type"]
    if message["target_type"] == "speed":
        step["low"] = message["custom_target_speed_low"]
        step["high"] = message["custom_target_speed_high"]
    if "exercise_category" in message:
        category = message["exercise_category"]
        step["exercise"] = f"{category}/{exercise_names(category, message['exercise_name'])}"
    return step
