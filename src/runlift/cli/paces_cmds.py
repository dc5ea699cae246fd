"""``runlift paces``: VDOT, equivalent race times and training paces from a recent race."""

from __future__ import annotations

import argparse
import json
from typing import Any

from runlift.plan.distance_io import distance_label
from runlift.plan.model import Units
from runlift.plan.paces import (
    effort_words,
    equivalents,
    format_pace_range,
    training_paces,
    vdot_from_race,
)
from runlift.plan.race_io import format_duration, parse_race_result


def register(commands: Any) -> None:
    """Add ``runlift paces`` to the ``runlift`` parser."""
    parser = commands.add_parser(
        "paces",
        help="VDOT, equivalent race times and training paces from a recent race",
        description="Daniels' VDOT from a recent race: equivalent times and E/M/T/I/R paces.",
    )
    parser.add_argument(
        "--race",
        required=True,
        metavar="DIST:TIME",
        help='e.g. 10k:45:00, "10K 45:00" or "half marathon 1:45:30"',
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--units", choices=[unit.value for unit in Units], default=Units.KM.value)
    parser.set_defaults(handler=run_paces)


def run_paces(args: argparse.Namespace) -> int:
    result = parse_race_result(args.race)
    vdot = vdot_from_race(result.distance_km, result.seconds)
    if args.json:
        print(json.dumps(paces_json(vdot)))
        return 0
    header = f"VDOT {vdot:.1f} from {distance_label(result.distance_km)} in "
    print(header + format_duration(result.seconds))
    print(_text(vdot, Units(args.units)))
    return 0


def paces_json(vdot: float) -> dict[str, Any]:
    """The ``runlift paces --json`` document (DESIGN.md): whole seconds, min the faster end."""
    paces = {
        name: {"min_s_per_km": pace.min_s_per_km, "max_s_per_km": pace.max_s_per_km}
        for name, pace in training_paces(vdot).items()
    }
    return {"vdot": round(vdot, 1), "equivalents": equivalents(vdot), "paces": paces}


def _text(vdot: float, units: Units) -> str:
    lines = ["", "Equivalent race times"]
    for name, seconds in equivalents(vdot).items():
        lines.append(f"  {name:<9} {_hours_minutes_seconds(seconds)}")
    lines += ["", f"Training paces (per {units.value})"]
    for name, pace in training_paces(vdot).items():
        lines.append(f"  {format_pace_range(pace, units):<18} {effort_words(name)}")
    return "\n".join(lines)


def _hours_minutes_seconds(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
