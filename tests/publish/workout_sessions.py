"""Sessions with steps, built by hand as DESIGN.md "Plan JSON" describes them, one per kind."""

from __future__ import annotations

from datetime import date, time

from runlift.plan.model import Kind, Load, PaceRange, Pattern, Session, Slot, Step, StepKind

E = PaceRange("E", 330, 370)
T = PaceRange("T", 270, 270)
I_PACE = PaceRange("I", 248, 248)
R = PaceRange("R", 232, 232)
RP = PaceRange("RP", 300, 300)
DAY = date(2027, 3, 2)


def _session(sid: str, kind: Kind, steps: tuple[Step, ...], **extra: object) -> Session:
    return Session(
        id=sid,
        date=DAY,
        slot=Slot.PM,
        start=time(18, 0),
        minutes=60,
        kind=kind,
        title=sid,
        description="",
        steps=steps,
        **extra,  # type: ignore[arg-type]
    )


def threshold() -> Session:
    return _session(
        "w-08.threshold",
        Kind.THRESHOLD,
        (
            Step(StepKind.WARMUP, minutes=15, pace=E),
            Step(
                StepKind.REPEAT,
                repeat=4,
                steps=(
                    Step(StepKind.WORK, minutes=8, pace=T),
                    Step(StepKind.RECOVER, minutes=2, effort="easy jog"),
                ),
            ),
            Step(StepKind.COOLDOWN, km=2.5, pace=E),
        ),
        distance_km=11.0,
        pace=T,
    )


def intervals() -> Session:
    return _session(
        "w-06.intervals",
        Kind.INTERVALS,
        (
            Step(StepKind.WARMUP, km=2.0, pace=E),
            Step(
                StepKind.REPEAT,
                repeat=5,
                steps=(
                    Step(StepKind.WORK, km=0.8, pace=I_PACE),
                    Step(StepKind.RECOVER, seconds=150, effort="easy jog"),
                ),
            ),
            Step(StepKind.COOLDOWN, km=2.0, pace=E),
        ),
        distance_km=9.0,
        pace=I_PACE,
    )


def hills() -> Session:
    return _session(
        "w-10.hills",
        Kind.HILLS,
        (
            Step(StepKind.WARMUP, minutes=15, effort="easy"),
            Step(
                StepKind.REPEAT,
                repeat=8,
                steps=(
                    Step(StepKind.WORK, seconds=60, effort="hard but controlled", note="uphill"),
                    Step(StepKind.RECOVER, seconds=90, effort="easy", note="jog back down"),
                ),
            ),
            Step(StepKind.COOLDOWN, minutes=10, effort="easy"),
        ),
        distance_km=8.0,
    )


def race_pace_long() -> Session:
    return _session(
        "w-04.long",
        Kind.LONG,
        (Step(StepKind.WORK, km=21.0, pace=E), Step(StepKind.WORK, km=8.0, pace=RP)),
        distance_km=29.0,
        pace=E,
    )


def easy_by_effort() -> Session:
    return _session(
        "w-09.easy-2",
        Kind.EASY,
        (Step(StepKind.WORK, km=8.0, effort="easy, conversational"),),
        distance_km=8.0,
    )


def strides() -> Session:
    return _session(
        "w-09.strides",
        Kind.STRIDES,
        (
            Step(StepKind.WORK, km=6.0, pace=E),
            Step(
                StepKind.REPEAT,
                repeat=6,
                steps=(
                    Step(StepKind.WORK, seconds=20, effort="strides"),
                    Step(StepKind.RECOVER, seconds=60, effort="walk or jog"),
                ),
            ),
        ),
        distance_km=7.0,
    )


def strength_heavy() -> Session:
    return _session(
        "w-08.strength-heavy",
        Kind.STRENGTH,
        (
            Step(StepKind.WARMUP, minutes=5, effort="easy movement: march, leg swings"),
            Step(
                StepKind.EXERCISE,
                name="Goblet squat",
                pattern=Pattern.SQUAT,
                sets=4,
                reps="10-12",
                rest_seconds=120,
            ),
            Step(
                StepKind.EXERCISE,
                name="Single-leg Romanian deadlift",
                pattern=Pattern.HINGE,
                sets=3,
                reps="6-8",
                rest_seconds=90,
            ),
            Step(
                StepKind.EXERCISE,
                name="Dumbbell farmer carry",
                pattern=Pattern.CARRY,
                sets=3,
                reps="20 m",
                rest_seconds=60,
            ),
            Step(
                StepKind.EXERCISE,
                name="Plank",
                pattern=Pattern.CORE,
                sets=3,
                hold_breaths=10,
                rest_seconds=60,
            ),
        ),
        load=Load.HEAVY,
    )


def strength_light() -> Session:
    return _session(
        "w-01.strength-light",
        Kind.STRENGTH,
        (
            Step(StepKind.WARMUP, minutes=5, effort="easy movement"),
            Step(
                StepKind.EXERCISE,
                name="Push-up",
                pattern=Pattern.PUSH,
                sets=2,
                reps="6-8",
                rest_seconds=60,
            ),
            Step(
                StepKind.EXERCISE,
                name="Side plank",
                pattern=Pattern.CORE,
                sets=1,
                hold_breaths=10,
                rest_seconds=30,
            ),
        ),
        load=Load.LIGHT,
    )


SESSION_KINDS = {
    "threshold": threshold,
    "intervals": intervals,
    "hills": hills,
    "race_pace_long": race_pace_long,
    "easy_by_effort": easy_by_effort,
    "strides": strides,
    "strength_heavy": strength_heavy,
    "strength_light": strength_light,
}
