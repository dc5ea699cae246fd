"""The document commands' words: the plan line, the week table, the edit and rule reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from runlift.errors import RunLiftError
from runlift.plan.content.describe import format_distance
from runlift.plan.distance_io import race_distance_text
from runlift.plan.edits.record import Edit, EditOp, EditOutcome, edit_to_dict
from runlift.plan.edits.words import day_text
from runlift.plan.model import Mode, Plan, Session, Units, Violation


def plan_line(plan: Plan) -> str:
    settings = plan.settings
    first = plan.weeks[0].start if plan.weeks else settings.start
    span = f"{len(plan.weeks)} weeks from {day_text(settings.start or first or date.min)}"
    if settings.mode is Mode.RACE and settings.race_date and settings.distance_km:
        race = race_distance_text(settings.distance_km, settings.units)
        return f"{race} race on {day_text(settings.race_date)}, {span}"
    return f"base plan, {span}"


def week_table(plan: Plan, outcomes: Sequence[EditOutcome]) -> list[str]:
    marks = _edit_marks(outcomes)
    lines: list[str] = []
    for week in plan.weeks:
        label = f"w-{week.to_race:02d}" if week.to_race is not None else f"w-{week.index:02d}"
        cut = ", cutback" if week.cutback else ""
        lines.append(
            f"Week {week.index} ({label}) from {day_text(week.start)} · {week.phase.value}{cut}"
            f" · {format_distance(week.run_km, plan.settings.units)}"
        )
        end = week.start.toordinal() + 7
        for session in (s for s in plan.sessions if week.start <= s.date < date.fromordinal(end)):
            lines.append(_session_line(session, marks.get(session.id, "")))
    return lines


def _session_line(session: Session, mark: str) -> str:
    start = f"{session.start:%H:%M}" if session.start else "--:--"
    state = "SKIPPED " if session.skipped else ""
    note = f"  [{mark}]" if mark else ""
    return (
        f"  {session.date:%a %m-%d} {session.slot.value:<6} {start}  {session.id:<24} "
        f"{state}{session.title} ({session.minutes} min){note}"
    )


def _edit_marks(outcomes: Sequence[EditOutcome]) -> dict[str, str]:
    marks: dict[str, list[str]] = {}
    for outcome in (o for o in outcomes if o.applied):
        edit = outcome.edit
        for session_id in (edit.session_id, edit.other_id):
            if session_id:
                marks.setdefault(session_id, []).append(_PAST[EditOp(edit.op)])
    return {sid: ", ".join(dict.fromkeys(words)) for sid, words in marks.items()}


_PAST = {
    EditOp.MOVE: "moved",
    EditOp.SWAP: "swapped",
    EditOp.SKIP: "skipped",
    EditOp.RESTORE: "restored",
    EditOp.DISTANCE: "distance changed",
    EditOp.MINUTES: "time changed",
    EditOp.LOCK: "locked",
    EditOp.UNLOCK: "unlocked",
}


def describe_edit(edit: Edit, units: Units) -> str:
    """``move w-10.long to Sat 2027-03-13 am`` …: an edit in one short line."""
    op = EditOp(edit.op)
    if op is EditOp.MOVE:
        where = " ".join(
            p for p in (day_text(edit.date) if edit.date else "", edit.slot or "") if p
        )
        return f"move {edit.session_id} to {where}"
    if op is EditOp.SWAP:
        return f"swap {edit.session_id} with {edit.other_id}"
    if op is EditOp.DISTANCE:
        return f"set distance of {edit.session_id} to {format_distance(edit.value or 0, units)}"
    if op is EditOp.MINUTES:
        return f"set minutes of {edit.session_id} to {edit.value:g} min"
    return f"{op.value} {edit.session_id}"


def edit_report(outcomes: Sequence[EditOutcome], units: Units) -> list[str]:
    if not outcomes:
        return ["No edits."]
    applied = [o for o in outcomes if o.applied]
    stale = [o for o in outcomes if not o.applied]
    lines = [f"Edits: {len(applied)} applied, {len(stale)} no longer apply."]
    for outcome in applied:
        note = f" ({outcome.reason})" if outcome.reason else ""
        lines.append(f"  applied      {describe_edit(outcome.edit, units)}{note}")
    for outcome in stale:
        lines.append(f"  not applied  {describe_edit(outcome.edit, units)}: {outcome.reason}")
    if stale:
        lines.append("  (edits that no longer apply stay in the document and count again if the")
        lines.append("   plan changes back)")
    return lines


def warning_report(warnings: Sequence[Violation]) -> list[str]:
    if not warnings:
        return []
    lines = [f"Rule report: {len(warnings)} finding(s)."]
    for violation in warnings:
        when = f" {day_text(violation.date)}" if violation.date else ""
        lines.append(f"  {violation.severity.value:<7} {violation.rule}{when}: {violation.message}")
    return lines


def plan_json(plan: Plan, outcomes: Sequence[EditOutcome]) -> dict[str, Any]:
    try:
        from runlift.plan.serialize import plan_to_json
    except ImportError:
        raise RunLiftError("plan JSON is not available in this version of RunLift") from None
    data: dict[str, Any] = plan_to_json(plan)
    data["edits"] = [
        {"edit": edit_to_dict(o.edit), "applied": o.applied, "reason": o.reason} for o in outcomes
    ]
    return data
