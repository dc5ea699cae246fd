"""The week-by-week plan table printed by ``runlift plan`` and ``runlift show``."""

from __future__ import annotations

from datetime import timedelta

from runlift.plan.content.describe import format_distance
from runlift.plan.distance_io import race_distance_text
from runlift.plan.model import WEEKDAYS, Kind, Mode, Plan, Session, Severity, Units

CODES = {
    Kind.EASY: "E",
    Kind.LONG: "L",
    Kind.THRESHOLD: "T",
    Kind.INTERVALS: "I",
    Kind.HILLS: "H",
    Kind.RACE_PACE: "RP",
    Kind.STRIDES: "ES",
    Kind.RECOVERY: "SO",
    Kind.CROSS: "X",
}
LEGEND = (
    "E easy · ES easy+strides · L long · T tempo · I intervals · H hills · RP race pace · "
    "SO shake-out · +S heavy/moderate/light strength (SH/SM/SL) · +C core · rest · x unavailable"
)
DAY_WIDTH = 10


def _cell(sessions: list[Session], unavailable: bool, units: Units) -> str:
    if unavailable:
        return "x"
    parts = []
    for s in sorted(sessions, key=lambda s: (s.start is None, s.start)):
        if s.kind is Kind.RACE:
            parts.append("RACE")
        elif s.kind is Kind.REST:
            parts.append("rest")
        elif s.kind is Kind.STRENGTH:
            parts.append("+S" + (s.load.value[0].upper() if s.load else ""))
        elif s.kind is Kind.CORE:
            parts.append("+C")
        elif s.skipped:
            continue
        else:
            amount = format_distance(s.distance_km or 0, units, unit_label=False)
            parts.append(f"{CODES.get(s.kind, '?')}{amount}")
    return " ".join(parts) or "·"


def _heading(plan: Plan) -> str:
    settings = plan.settings
    vdot = f" · VDOT {plan.vdot:.1f}" if plan.vdot else " · paces by effort (no recent race)"
    weeks = len(plan.weeks)
    if settings.mode is Mode.BASE:
        return f"Base plan · {weeks} weeks from {settings.start}{vdot}"
    assert settings.distance_km is not None and settings.race_date is not None
    race = race_distance_text(settings.distance_km, settings.units)
    return f"Race plan · {race} on {settings.race_date:%a %Y-%m-%d} · {weeks} weeks{vdot}"


def format_plan_table(plan: Plan) -> str:
    """The plan as a fixed-width week table with a legend and the rule warnings."""
    units = plan.settings.units
    unavailable = set(plan.settings.unavailable)
    by_day: dict[object, list[Session]] = {}
    for session in plan.active_sessions:
        by_day.setdefault(session.date, []).append(session)
    head = f"{'Wk':>3} {'ToGo':>4} {'Week of':<9} {'Phase':<6} {units.value:>5}  "
    head += "".join(f"{d.title():<{DAY_WIDTH}}" for d in WEEKDAYS)
    lines = [_heading(plan), "", head, "-" * len(head)]
    for week in plan.weeks:
        togo = "" if week.to_race is None else str(week.to_race)
        mark = "*" if week.cutback else " "
        row = f"{week.index:>3} {togo:>4} {week.start:%d %b}  {week.phase.value:<6}"
        row += f"{format_distance(plan.shown_km(week), units, unit_label=False):>5}{mark} "
        for offset in range(7):
            day = week.start + timedelta(days=offset)
            cell = _cell(by_day.get(day, []), day in unavailable, units)
            row += f"{cell:<{DAY_WIDTH}}"
        lines.append(row.rstrip())
    lines += ["", LEGEND, "* cut-back week · ToGo: weeks to race week"]
    lines += _warnings(plan)
    return "\n".join(lines)


def _warnings(plan: Plan) -> list[str]:
    if not plan.warnings:
        return ["", "No rule warnings."]
    lines = ["", f"Rule report ({len(plan.warnings)}):"]
    for v in plan.warnings:
        flag = "ERROR" if v.severity is Severity.ERROR else "warn "
        lines.append(f"  {flag} {v.rule:<3} {v.message}")
    return lines
