"""Session titles and descriptions in the runner's words and units."""

from __future__ import annotations

from runlift.plan.content.steps import effort_text
from runlift.plan.model import KM_PER_MILE, Kind, PaceRange, Phase, Step, StepKind, Units
from runlift.plan.paces import format_pace_range

RUN_TITLES = {
    Kind.EASY: "Easy run",
    Kind.LONG: "Long run",
    Kind.THRESHOLD: "Tempo run",
    Kind.INTERVALS: "Intervals",
    Kind.HILLS: "Hill repeats",
    Kind.RACE_PACE: "Race-pace run",
    Kind.STRIDES: "Easy run + strides",
    Kind.RECOVERY: "Shake-out run",
}

PHASE_WORDS = {
    Phase.BASE: "Base phase: building the aerobic engine.",
    Phase.BUILD: "Build phase: adding specific work on top of the base.",
    Phase.PEAK: "Peak phase: the hardest weeks, closest to race demands.",
    Phase.TAPER: "Taper: less volume, same intensity, so you arrive fresh.",
    Phase.RACE: "Race week: back off and arrive rested.",
}


def distance_text(km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{round(km / KM_PER_MILE, 1):g} mi"
    return f"{round(km, 2):g} km"


def distance_in_units(km: float, units: Units) -> float:
    return km / KM_PER_MILE if units is Units.MI else km


def about_distance_text(km: float, units: Units) -> str:
    """A rough figure in whole units: ``about 32 km``, ``about 20 mi``."""
    return f"about {distance_in_units(km, units):.0f} {units.value}"


def format_distance(km: float, units: Units, *, unit_label: bool = True) -> str:
    """``12 km`` / ``7.5 mi`` exactly as the plan's own texts (and calendar events) write it;
    without the unit for a column or a cell that names it once (``12``, ``7.5``)."""
    text = distance_text(km, units)
    return text if unit_label else text.removesuffix(f" {units.value}")


def pace_text(pace: PaceRange | None, units: Units) -> str:
    """ "E 5:35-6:10/km", or effort words when there is no recent race (P3)."""
    if pace is None:
        return ""
    return format_pace_range(pace, units)


def amount_text(step: Step, units: Units) -> str:
    """``15 min``, ``90 s`` or ``3 km`` (``1.9 mi``)."""
    if step.km is not None:
        return distance_text(round(step.km, 2), units)
    if step.minutes is not None:
        return f"{step.minutes:g} min"
    return f"{step.seconds or 0} s"


def _target_text(step: Step, units: Units) -> str:
    """`` at T 4:30/km (comfortably hard)``, or the effort alone (P3)."""
    feel = step.effort or (effort_text(step.zone) if step.zone else "")
    feel = f" ({feel})" if feel else ""
    return f" at {pace_text(step.pace, units)}{feel}" if step.pace is not None else feel


def step_text(step: Step, units: Units) -> str:
    """One step in the runner's words."""
    amount = amount_text(step, units)
    if step.step is StepKind.REPEAT:
        inner = [step_text(s, units) for s in step.steps]
        work, rest = inner[0], inner[1:]
        after = f", then {'; '.join(rest)} after each" if rest else ""
        return f"{step.repeat} × {work}{after}"
    if step.step is StepKind.WARMUP:
        return f"Warm-up: {amount} easy{_pace_only(step, units)}"
    if step.step is StepKind.COOLDOWN:
        return f"Cool-down: {amount} easy{_pace_only(step, units)}"
    if step.step is StepKind.RECOVER:
        return f"{amount} {step.note or 'easy'}"
    note = f" {step.note}" if step.note in ("uphill",) else ""
    label = " stride" if step.note == "stride" else ""
    return f"{amount}{label}{note}{_target_text(step, units)}"


def _pace_only(step: Step, units: Units) -> str:
    return f" ({pace_text(step.pace, units)})" if step.pace is not None else ""


def steps_text(steps: tuple[Step, ...], units: Units) -> str:
    """The session step by step, numbered, as the watch shows it."""
    return "\n".join(f"{i}. {step_text(s, units)}" for i, s in enumerate(steps, start=1))


EASY_CUE = "Steady, relaxed running: you should be able to talk in sentences."
KIND_CUES = {
    Kind.HILLS: "Find a steady hill of 4-8%; run up with quick steps, jog back down.",
    Kind.STRIDES: "Strides: quick, relaxed, full recovery between them; not a sprint.",
    Kind.RECOVERY: "A very short, very easy jog with a few relaxed strides to loosen up.",
    Kind.LONG: "Start easy; fuel and drink as you will in the race.",
}


def run_title(kind: Kind, km: float, units: Units) -> str:
    return f"{RUN_TITLES[kind]} {distance_text(km, units)}"


def describe_run(
    kind: Kind,
    km: float,
    units: Units,
    pace: PaceRange | None,
    steps: tuple[Step, ...],
    phase: Phase,
    why: str,
) -> str:
    """What to do, written from the session's steps, and why it sits on this day."""
    lines = [f"Distance: {distance_text(km, units)}"]
    if pace:
        lines.append(f"Pace: {pace_text(pace, units)}")
    cue = KIND_CUES.get(kind, EASY_CUE if kind is Kind.EASY else "")
    lines += ["", steps_text(steps, units)]
    if cue:
        lines.append(cue)
    lines += ["", PHASE_WORDS[phase], f"Why today: {why}"]
    return "\n".join(lines)


def minutes_text(minutes: int) -> str:
    """A time as runners write it: ``50 min`` under an hour, ``1:15 h`` and ``4:12 h`` over."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}:{rest:02d} h"
