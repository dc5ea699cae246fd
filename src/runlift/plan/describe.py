"""Session titles and descriptions in the runner's words and units."""

from __future__ import annotations

from runlift.plan.model import KM_PER_MILE, Kind, PaceRange, Phase, Units
from runlift.plan.paces import effort_words, format_pace_range

RUN_TITLES = {
    Kind.EASY: "Easy run",
    Kind.LONG: "Long run",
    Kind.THRESHOLD: "Threshold run",
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
        return f"{km / KM_PER_MILE:.1f} mi"
    return f"{km:g} km"


def pace_text(pace: PaceRange | None, units: Units) -> str:
    """ "E 5:35-6:10/km", or effort words when there is no recent race (P3)."""
    if pace is None:
        return ""
    return format_pace_range(pace, units)


# Which training pace each run kind is run at (P2); RP is the goal pace of the race itself.
PACE_OF_KIND = {Kind.THRESHOLD: "T", Kind.INTERVALS: "I", Kind.HILLS: "R", Kind.RACE_PACE: "RP"}


def pace_name(kind: Kind) -> str:
    return PACE_OF_KIND.get(kind, "E")


def effort_text(name: str) -> str:
    """How a pace feels; race pace is the runner's own goal race effort, whatever the distance."""
    return "your goal race effort" if name == "RP" else effort_words(name)


def workout_text(kind: Kind, km: float, units: Units, pace: PaceRange | None) -> str:
    """What to do in a run, step by step."""
    at = f" at {pace_text(pace, units)}" if pace else ""
    effort = effort_text(pace_name(kind))
    if kind is Kind.THRESHOLD:
        reps = max(2, min(5, round(km / 3)))
        return (
            f"15 min easy warm-up, then {reps} × 8 min{at} ({effort}) with 2 min easy jog "
            "between, then easy to finish the distance."
        )
    if kind is Kind.INTERVALS:
        reps = max(4, min(8, round(km / 1.6)))
        return (
            f"15 min easy warm-up, then {reps} × 3 min{at} ({effort}) with 2 min easy jog "
            "between, then easy to finish the distance."
        )
    if kind is Kind.HILLS:
        reps = max(6, min(12, round(km)))
        return (
            f"15 min easy warm-up, then {reps} × 60 s uphill at a hard, controlled effort, "
            "jog back down; easy to finish the distance."
        )
    if kind is Kind.RACE_PACE:
        block = distance_text(round(km * 0.5 * 2) / 2, units)
        return f"Easy start, then {block}{at} ({effort}), easy to finish."
    if kind is Kind.STRIDES:
        return f"Easy running{at} ({effort}), then 6 × 20 s strides: quick, relaxed, full recovery."
    if kind is Kind.RECOVERY:
        return "A very short, very easy jog with 3-4 relaxed strides to loosen up."
    return f"Steady, relaxed running{at} ({effort}). You should be able to talk in sentences."


def run_title(kind: Kind, km: float, units: Units) -> str:
    return f"{RUN_TITLES[kind]} {distance_text(km, units)}"


def describe_run(
    kind: Kind, km: float, units: Units, pace: PaceRange | None, phase: Phase, why: str
) -> str:
    lines = [f"Distance: {distance_text(km, units)}"]
    if pace:
        lines.append(f"Pace: {pace_text(pace, units)}")
    lines += ["", workout_text(kind, km, units, pace), "", PHASE_WORDS[phase], f"Why today: {why}"]
    return "\n".join(lines)
