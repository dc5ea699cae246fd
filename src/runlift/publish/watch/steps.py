"""A session's steps as a watch runs them: the flat list of FIT workout steps.

A plan ``Step`` tree (DESIGN.md "Plan JSON", ``steps``) becomes the list a FIT workout holds:
each run segment or exercise set is one step with a duration (time, distance, reps or the lap
button) and a target (a speed range or open), and a repeat block is a step *after* its steps
that sends the watch back to the block's first step ``repeat`` times in all. A strength exercise
becomes its set, its rest and a repeat over both, ``sets`` times.

This is the one place that decides what the watch shows; the FIT encoder (``workouts.py``) and
the session details in the window both read these steps. No I/O, no fit-tool.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum

from runlift.plan.model import KM_PER_MILE, PaceRange, Session, Step, StepKind, Units
from runlift.plan.strength.exercises import library_entry

# A hold counted in breaths (S3) becomes a timed step: a slow, braced breath takes about 4 s.
SECONDS_PER_BREATH = 4
# M, T, I and R are single paces (P2). A watch alerts whenever the pace leaves the target, so a
# single pace gets a window of this much either side, or it would beep at every stride.
SINGLE_PACE_WINDOW_S_PER_KM = 5
STEP_NAME_LENGTH = 15  # what a watch shows of a step name on one line


class Intensity(StrEnum):
    """FIT ``intensity``: what the watch calls the step and how it counts it."""

    WARMUP = "warmup"
    ACTIVE = "active"
    RECOVERY = "recovery"
    COOLDOWN = "cooldown"
    REST = "rest"


class Duration(StrEnum):
    """FIT ``wkt_step_duration``: when the step ends."""

    TIME = "time"  # value: seconds
    DISTANCE = "distance"  # value: metres
    REPS = "reps"  # value: repetitions
    OPEN = "open"  # the runner presses the lap button
    REPEAT = "repeat_until_steps_cmplt"  # back to step ``repeat_from``, ``repeat`` times in all


@dataclass(frozen=True)
class SpeedRange:
    """A pace target as the watch holds it: metres per second, ``low`` the slower end."""

    low: float
    high: float


@dataclass(frozen=True)
class WatchStep:
    """One FIT workout step. A repeat step runs steps ``repeat_from`` … ``index - 1`` again
    until they have been done ``repeat`` times in all."""

    index: int
    name: str
    intensity: Intensity | None
    duration: Duration
    value: float | None = None  # seconds, metres or reps, as ``duration`` says
    repeat: int | None = None
    repeat_from: int | None = None
    pace: PaceRange | None = None
    exercise: tuple[str, str] | None = None  # FIT category and name, e.g. ("squat", "goblet_squat")
    notes: str | None = None
    units: Units = Units.KM  # the plan's: the speed shows as the plan's pace in them

    @property
    def speed(self) -> SpeedRange | None:
        return None if self.pace is None else speed_range(self.pace, self.units)


def speed_range(pace: PaceRange, units: Units = Units.KM) -> SpeedRange:
    """A pace in s/km as the watch's speed target; single paces get a window (see above)."""
    fast, slow = pace.min_s_per_km, pace.max_s_per_km
    if fast == slow:
        fast, slow = fast - SINGLE_PACE_WINDOW_S_PER_KM, slow + SINGLE_PACE_WINDOW_S_PER_KM
    return SpeedRange(low=_faithful_speed(slow, units), high=_faithful_speed(fast, units))


def _faithful_speed(s_per_km: float, units: Units) -> float:
    """The speed in the file's mm/s that reads back as the pace the plan prints (to the
    second, in the plan's units): one rounding of every pace, on paper and on the watch."""
    per_unit = KM_PER_MILE if units is Units.MI else 1.0
    shown = math.floor(s_per_km * per_unit + 0.5)
    first = round(1000 / s_per_km, 3)
    for step in (0, -1, 1, -2, 2):
        speed = round(first + step / 1000, 3)
        if math.floor(1000 / speed * per_unit + 0.5) == shown:
            return speed
    return first


def watch_steps(session: Session, units: Units = Units.KM) -> tuple[WatchStep, ...]:
    """The session's steps as FIT workout steps, in the order the watch runs them."""
    out: list[WatchStep] = []
    for step in session.steps:
        _add(step, out)
    return tuple(replace(step, units=units) for step in out)


def _add(step: Step, out: list[WatchStep]) -> None:
    if step.step is StepKind.REPEAT:
        first = len(out)
        for inner in step.steps:
            _add(inner, out)
        _add_repeat(first, step.repeat or 1, out)
    elif step.step is StepKind.EXERCISE:
        _add_exercise(step, out)
    else:
        out.append(_run_step(len(out), step))


def _add_repeat(first: int, times: int, out: list[WatchStep]) -> None:
    name = f"Repeat {times}x"
    out.append(WatchStep(len(out), name, None, Duration.REPEAT, repeat=times, repeat_from=first))


_RUN_INTENSITY = {
    StepKind.WARMUP: Intensity.WARMUP,
    StepKind.WORK: Intensity.ACTIVE,
    StepKind.RECOVER: Intensity.RECOVERY,
    StepKind.COOLDOWN: Intensity.COOLDOWN,
}
_RUN_NAME = {
    StepKind.WARMUP: "Warm-up",
    StepKind.WORK: "Run",
    StepKind.RECOVER: "Recover",
    StepKind.COOLDOWN: "Cool-down",
}


def _run_step(index: int, step: Step) -> WatchStep:
    duration, value = _run_duration(step)
    name = _run_step_name(step)
    note = None if step.note and _short(step.note) == name else step.note  # said by the name
    return WatchStep(
        index=index,
        name=name,
        intensity=_RUN_INTENSITY[step.step],
        duration=duration,
        value=value,
        pace=step.pace,
        notes=_join(note, step.effort),
    )


def _run_duration(step: Step) -> tuple[Duration, float | None]:
    if step.km is not None:
        return Duration.DISTANCE, round(step.km * 1000, 2)  # metres whatever the display unit
    if step.minutes is not None:
        return Duration.TIME, float(round(step.minutes * 60, 3))
    if step.seconds is not None:
        return Duration.TIME, float(step.seconds)
    return Duration.OPEN, None


def _run_step_name(step: Step) -> str:
    if step.step in (StepKind.WORK, StepKind.RECOVER) and step.note:
        return _short(step.note)  # "uphill", "jog back down", "stride"
    if step.step is StepKind.WORK:
        zone = step.zone or (step.pace.name if step.pace else None)
        if zone == "E":
            return "Easy"
        if zone:  # the training pace (P2), or its effort when there is no race result (P3)
            return f"{zone} pace" if step.pace else f"{zone} effort"
        if step.effort:
            return _short(step.effort.split(",")[0])  # "easy, conversational" → "Easy"
    return _RUN_NAME[step.step]


def _add_exercise(step: Step, out: list[WatchStep]) -> None:
    entry = library_entry(step.name or "")
    exercise = None if entry is None else (entry.fit_category, entry.fit_name)
    duration, value = exercise_amount(step)
    per_side = entry is not None and entry.per_side
    first = len(out)
    # A per-side exercise is one step per side in each set, so the watch says when to switch.
    for side in ("left", "right") if per_side else (None,):
        name = exercise_label(
            step.name or "Exercise", STEP_NAME_LENGTH - 2 if side else STEP_NAME_LENGTH
        )
        out.append(
            WatchStep(
                len(out),
                f"{name} {side[0].upper()}" if side else name,
                Intensity.ACTIVE,
                duration,
                value,
                exercise=exercise,
                notes=_join(step.name, _amount_text(step, per_side), side and f"{side} side"),
            )
        )
    if step.rest_seconds:
        out.append(
            WatchStep(len(out), "Rest", Intensity.REST, Duration.TIME, float(step.rest_seconds))
        )
    if (step.sets or 1) > 1:
        _add_repeat(first, step.sets or 1, out)


# "20 m" (a carry), "30 s" (a timed set) and "6-8" or "10" (reps), maybe with words after.
# A long exercise name loses its kit first (the runner knows what is in hand), then takes the
# usual gym short forms ("Single-leg Romanian deadlift" → "1-leg RDL"), then words from the
# end or from the start, whichever keeps more ("Goblet reverse lunge" → "Reverse lunge",
# "Copenhagen plank" → "Copenhagen").
_KIT_WORDS = re.compile(
    r"\b(dumbbell|kettlebell|band|banded|suspension|stability-ball|bodyweight)\s+", re.IGNORECASE
)
_SHORT_FORMS = (
    ("Romanian deadlift", "RDL"),
    ("Single-leg", "1-leg"),
    ("Bulgarian split squat", "Bulgarian SS"),
    ("Half-kneeling", "Kneeling"),
    ("Front-rack", "Rack"),
)


def exercise_label(name: str, length: int = STEP_NAME_LENGTH) -> str:
    """An exercise's name as a step name of at most ``length`` characters."""
    if len(name) <= length:
        return _short(name, length)
    shorter = _KIT_WORDS.sub("", name)
    for long_form, short_form in _SHORT_FORMS:
        if len(shorter) > length:
            shorter = re.sub(long_form, short_form, shorter, flags=re.IGNORECASE)
    words = shorter.split()
    tail = next(
        (w for w in (words[i:] for i in range(len(words))) if len(" ".join(w)) <= length), []
    )
    return max(_short(" ".join(tail), length), _short(shorter, length), key=len)


_DISTANCE_REPS = re.compile(r"(\d+(?:\.\d+)?)\s*m\b")
_TIMED_REPS = re.compile(r"(\d+)\s*(s|sec|min)\b")
_REP_RANGE = re.compile(r"(\d+)(?:\s*[-–]\s*(\d+))?\b")


def exercise_amount(step: Step) -> tuple[Duration, float | None]:
    """What ends one set on the watch.

    A hold in breaths is timed (``SECONDS_PER_BREATH``); a carry's "20 m" is a distance, "30 s"
    a time. A rep range "6-8" counts to its upper end: the range means "a weight you can lift
    6 to 8 times with good form", so the top is the set's goal; a runner whose form slips
    earlier ends the set with the lap button, as on any rep step.
    """
    if step.hold_breaths is not None:
        return Duration.TIME, float(step.hold_breaths * SECONDS_PER_BREATH)
    reps = (step.reps or "").strip()
    distance = _DISTANCE_REPS.match(reps)
    if distance:
        return Duration.DISTANCE, float(distance.group(1))
    timed = _TIMED_REPS.match(reps)
    if timed:
        return Duration.TIME, float(int(timed.group(1)) * (60 if timed.group(2) == "min" else 1))
    count = _REP_RANGE.match(reps)
    if count:
        return Duration.REPS, float(count.group(2) or count.group(1))
    return Duration.OPEN, None


def _amount_text(step: Step, per_side: bool) -> str:
    side = " each side" if per_side else ""
    if step.hold_breaths is not None:
        return f"{step.sets or 1} x {step.hold_breaths} breaths{side}"
    return f"{step.sets or 1} x {step.reps}{side}" if step.reps else ""


def _join(*parts: str | None) -> str | None:
    text = ", ".join(p for p in parts if p)
    return text or None


def _short(text: str, length: int = STEP_NAME_LENGTH) -> str:
    """A step name a watch shows on one line: ASCII, capitalised, cut at a word, ≤ ``length``."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()  # ü → u
    plain = " ".join(ascii_only.split())
    plain = plain[:1].upper() + plain[1:]
    if len(plain) <= length:
        return plain
    cut = plain[: length + 1].rsplit(" ", 1)[0]
    return (cut if len(cut) <= length else plain[:length]).rstrip(" ,-")
