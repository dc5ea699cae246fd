"""How a session looks in the window: chip colour, short label, distances in the runner's unit.

Presentation only: which session is where comes from the plan engine.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from runlift.plan.content.describe import format_distance
from runlift.plan.model import Kind, Load, Phase, Session, Units

_KIND_COLOURS: dict[Kind, str] = {
    Kind.EASY: "#43a047",
    Kind.RECOVERY: "#7cb342",
    Kind.STRIDES: "#66bb6a",
    Kind.LONG: "#1e88e5",
    Kind.THRESHOLD: "#ef6c00",
    Kind.INTERVALS: "#e65100",
    Kind.HILLS: "#f57c00",
    Kind.RACE_PACE: "#fb8c00",
    Kind.RACE: "#d81b60",
    Kind.CORE: "#00897b",
    Kind.CROSS: "#8d6e63",
    Kind.REST: "#9e9e9e",
}

_STRENGTH_COLOURS: dict[Load | None, str] = {
    Load.HEAVY: "#6a1b9a",
    Load.MODERATE: "#8e24aa",
    Load.LIGHT: "#ba68c8",
    None: "#8e24aa",
}

_PHASE_COLOURS: dict[Phase, str] = {
    Phase.BASE: "#64b5f6",
    Phase.BUILD: "#4db6ac",
    Phase.PEAK: "#ffb74d",
    Phase.TAPER: "#f06292",
    Phase.RACE: "#d81b60",
}

_SHORT_NAMES: dict[Kind, str] = {
    Kind.EASY: "Easy",
    Kind.RECOVERY: "Shake-out",
    Kind.STRIDES: "Strides",
    Kind.LONG: "Long",
    Kind.THRESHOLD: "Tempo",
    Kind.INTERVALS: "Intervals",
    Kind.HILLS: "Hills",
    Kind.RACE_PACE: "RP",
    Kind.RACE: "RACE",
    Kind.CORE: "Core",
    Kind.CROSS: "Cross",
    Kind.REST: "Rest",
}

_LOAD_NAMES: dict[Load | None, str] = {
    Load.HEAVY: "Str heavy",
    Load.MODERATE: "Str mod.",
    Load.LIGHT: "Str light",
    None: "Strength",
}


def kind_colour(session: Session) -> QColor:
    """The chip colour: one per kind; strength shades by load (darker = heavier)."""
    if session.kind is Kind.STRENGTH:
        return QColor(_STRENGTH_COLOURS[session.load])
    return QColor(_KIND_COLOURS.get(session.kind, "#757575"))


def phase_colour(phase: Phase) -> QColor:
    return QColor(_PHASE_COLOURS[phase])


def text_colour_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on the chip colour."""
    luma = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor("#000000") if luma > 150 else QColor("#ffffff")


def chip_label(session: Session, units: Units) -> str:
    """A short label that fits a day cell: ``Long 16``, ``Str heavy``, ``Core``."""
    if session.kind is Kind.STRENGTH:
        return _LOAD_NAMES[session.load]
    name = _SHORT_NAMES.get(session.kind, session.kind.value.title())
    if session.distance_km and session.kind not in (Kind.RACE, Kind.STRIDES):
        return f"{name} {format_distance(session.distance_km, units, unit_label=False)}"
    return name
