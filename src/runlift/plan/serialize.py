"""The plan JSON of ``runlift plan --json`` (DESIGN.md, format ``runlift-plan`` version 1)."""

from __future__ import annotations

from typing import Any

from runlift.plan.model import Exercise, PaceRange, Plan, Session, Step, Violation, Week
from runlift.plan.settings_io import settings_to_dict

FORMAT = "runlift-plan"
VERSION = 1


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The whole plan as plain JSON values; skipped sessions are left out."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings_to_dict(plan.settings),
        "vdot": plan.vdot,
        "weeks": [week_to_json(w) for w in plan.weeks],
        "sessions": [session_to_json(s) for s in plan.active_sessions],
        "warnings": [violation_to_json(v) for v in plan.warnings],
    }


def week_to_json(week: Week) -> dict[str, Any]:
    return {
        "index": week.index,
        "start": week.start.isoformat(),
        "phase": week.phase.value,
        "run_km": week.run_km,
        "cutback": week.cutback,
        "to_race": week.to_race,
        "strength_cutback": week.strength_cutback,
    }


def session_to_json(session: Session) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": session.id,
        "date": session.date.isoformat(),
        "slot": session.slot.value,
        "start": session.start.strftime("%H:%M") if session.start else None,
        "minutes": session.minutes,
        "kind": session.kind.value,
        "hard": session.hard,
    }
    if session.distance_km is not None:
        data["distance_km"] = session.distance_km
    if session.pace is not None:
        data["pace"] = pace_to_json(session.pace)
    if session.load is not None:
        data["load"] = session.load.value
    if session.exercises:
        data["exercises"] = [exercise_to_json(e) for e in session.exercises]
    if session.steps:
        data["steps"] = [step_to_json(s) for s in session.steps]
    data["title"] = session.title
    data["description"] = session.description
    if session.locked:
        data["locked"] = True
    if session.edited:
        data["edited"] = True
    return data


def pace_to_json(pace: PaceRange) -> dict[str, Any]:
    return {
        "name": pace.name,
        "min_s_per_km": pace.min_s_per_km,
        "max_s_per_km": pace.max_s_per_km,
    }


_STEP_FIELDS = (
    "minutes", "seconds", "km", "effort", "repeat", "name", "sets", "reps", "hold_breaths",
    "rest_seconds", "note", "zone",
)  # fmt: skip


def step_to_json(step: Step) -> dict[str, Any]:
    """One step as in DESIGN.md "Plan JSON": only the fields that the step has."""
    data: dict[str, Any] = {"step": step.step.value}
    for name in _STEP_FIELDS:
        value = getattr(step, name)
        if value is not None:
            data[name] = value
    if step.pattern is not None:
        data["pattern"] = step.pattern.value
    if step.pace is not None:
        data["pace"] = pace_to_json(step.pace)
    if step.steps:
        data["steps"] = [step_to_json(s) for s in step.steps]
    return data


def exercise_to_json(exercise: Exercise) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": exercise.name,
        "pattern": exercise.pattern.value,
        "sets": exercise.sets,
    }
    if exercise.reps is not None:
        data["reps"] = exercise.reps
    if exercise.hold_breaths is not None:
        data["hold_breaths"] = exercise.hold_breaths
    return data


def violation_to_json(violation: Violation) -> dict[str, Any]:
    return {
        "rule": violation.rule,
        "date": violation.date.isoformat() if violation.date else None,
        "severity": violation.severity.value,
        "message": violation.message,
        "session_id": violation.session_id,
    }
