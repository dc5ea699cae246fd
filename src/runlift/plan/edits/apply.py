"""User edits, stored as a list keyed by session id and replayed onto a fresh plan.

The generator always starts from the settings; what the runner changed by hand (moved the long
run to Saturday, skipped a strength session while travelling, shortened a run) is kept as a list
of ``Edit`` and replayed on top (DESIGN.md "one direction of flow"). Replaying never raises for an
edit that no longer fits the plan: each edit comes back as an ``EditOutcome`` saying whether it
applied and, if not, why, in words a runner understands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from runlift.plan.constraints import week_run_km
from runlift.plan.content.describe import format_distance
from runlift.plan.edits.record import Edit, EditOp, EditOutcome, record_edit
from runlift.plan.edits.words import day_text, missing_reason, resized
from runlift.plan.generate import Draft, draft_plan
from runlift.plan.model import (
    Kind,
    Mode,
    Plan,
    Session,
    Settings,
    Severity,
    Slot,
    Violation,
    Week,
    monday,
)
from runlift.plan.rules.check import check


class _Already(str):
    """A refusal that only means "nothing to do": the session already is as asked."""

    __slots__ = ()


# ---------------------------------------------------------------------------------------------
# Replaying edits


@dataclass(frozen=True)
class _Context:
    """The plan as generated, and the days a session may be moved to (start to race day)."""

    plan: Plan
    first: date
    last: date
    race_day: date | None


def _context(plan: Plan) -> _Context:
    dates = [s.date for s in plan.sessions]
    week_first = plan.weeks[0].start if plan.weeks else min(dates, default=date.min)
    first = plan.settings.start or week_first
    race_day = plan.settings.race_date if plan.settings.mode is Mode.RACE else None
    week_last = (
        plan.weeks[-1].start + timedelta(days=6) if plan.weeks else max(dates, default=first)
    )
    return _Context(plan, first, race_day or week_last, race_day)


_Sessions = dict[str, Session]
_Result = dict[str, Session] | str  # the changed sessions, or why the edit cannot apply


def apply_edits(plan: Plan, edits: Sequence[Edit]) -> tuple[Plan, tuple[EditOutcome, ...]]:
    """Replay ``edits`` in order on the generated ``plan``; never raises for a stale edit."""
    context = _context(plan)
    sessions: _Sessions = {s.id: s for s in plan.sessions}
    outcomes: list[EditOutcome] = []
    for edit in edits:
        result = _apply_one(context, sessions, edit)
        if isinstance(result, str):
            outcomes.append(EditOutcome(edit, False, str(result), isinstance(result, _Already)))
            continue
        sessions.update(result)
        outcomes.append(EditOutcome(edit, True, _follow_note(result, edit)))
    if not any(o.applied for o in outcomes):
        return plan, tuple(outcomes)
    ordered = sorted(sessions.values(), key=lambda s: (s.date, _SLOT_ORDER[s.slot]))
    weeks = _weeks_with_volume(plan, ordered)
    return replace(plan, sessions=tuple(ordered), weeks=weeks), tuple(outcomes)


_SLOT_ORDER = {Slot.AM: 0, Slot.ALLDAY: 1, Slot.PM: 2}


def _apply_one(context: _Context, sessions: _Sessions, edit: Edit) -> _Result:
    session = sessions.get(edit.session_id)
    if session is None:
        return missing_reason(context.plan, edit.session_id)
    if session.locked and edit.op not in (EditOp.LOCK, EditOp.UNLOCK):
        return f"{session.id} is locked; unlock it before changing it"
    return _HANDLERS[edit.op](context, sessions, session, edit)


def _move(context: _Context, _: _Sessions, session: Session, edit: Edit) -> _Result:
    if session.kind is Kind.RACE:
        return "the race stays on race day; change the race date instead"
    target = _move_target(context.plan, session, edit)
    slot = edit.slot or session.slot
    if (target, slot) == (session.date, session.slot):
        return _Already(f"{session.id} is already on {day_text(target)} {slot.value}")
    outside = _outside(context, target)
    if outside:
        return outside
    return {session.id: _placed(context, session, target, slot)}


def _move_target(generated: Plan, session: Session, edit: Edit) -> date:
    """The day asked for, shifted by as many weeks as the generator moved the session (T5).

    ``from_date`` is where the generator had put the session when the runner moved it; when
    the race date moves, the session's week moves and the chosen weekday goes with it.
    """
    if edit.date is None:
        return session.date
    planned = generated.session(session.id)
    if edit.from_date is None or planned is None:
        return edit.date
    return edit.date + (monday(planned.date) - monday(edit.from_date))


def _outside(context: _Context, day: date) -> str:
    if day < context.first:
        return f"{day.isoformat()} is before the plan starts ({context.first.isoformat()})"
    if day > context.last:
        end = "race day" if context.race_day else "the end of the plan"
        return f"{day.isoformat()} is after {end} ({context.last.isoformat()})"
    return ""


def _placed(context: _Context, session: Session, day: date, slot: Slot) -> Session:
    """The session on another day/slot, starting at the runner's time for that day and slot.

    Its "why today" no longer holds on another day, so it says where the plan had it instead.
    """
    times = context.plan.settings.day_times(day)
    start = None if slot is Slot.ALLDAY else times.am if slot is Slot.AM else times.pm
    planned = context.plan.session(session.id)
    why, text = session.why, session.description
    if planned is not None and day != planned.date and planned.why:
        why = f"You moved it here; the plan had it on {day_text(planned.date)}."
        text = text.replace(session.why, why) if session.why else text
    elif planned is not None and day == planned.date:
        why, text = planned.why, text.replace(session.why, planned.why) if session.why else text
    return replace(
        session, date=day, slot=slot, start=start, why=why, description=text, edited=True
    )


def _swap(context: _Context, sessions: _Sessions, one: Session, edit: Edit) -> _Result:
    other = sessions.get(edit.other_id or "")
    if other is None:
        return missing_reason(context.plan, edit.other_id or "")
    if other.locked:
        return f"{other.id} is locked; unlock it before changing it"
    if Kind.RACE in (one.kind, other.kind):
        return "the race stays on race day; change the race date instead"
    if (one.date, one.slot) == (other.date, other.slot):
        return _Already(f"{one.id} and {other.id} are already on the same day and slot")
    return {
        one.id: _placed(context, one, other.date, other.slot),
        other.id: _placed(context, other, one.date, one.slot),
    }


def _skip(_: _Context, __: _Sessions, session: Session, edit: Edit) -> _Result:
    if session.kind is Kind.RACE:
        return "the race cannot be skipped; switch to base mode for a plan without a race"
    if session.skipped == (edit.op is EditOp.SKIP):
        return _Already(f"{session.id} is {'already' if session.skipped else 'not'} skipped")
    return {session.id: replace(session, skipped=edit.op is EditOp.SKIP)}


def _lock(_: _Context, __: _Sessions, session: Session, edit: Edit) -> _Result:
    if session.locked == (edit.op is EditOp.LOCK):
        return _Already(f"{session.id} is {'already' if session.locked else 'not'} locked")
    return {session.id: replace(session, locked=edit.op is EditOp.LOCK)}


def _distance(ctx: _Context, __: _Sessions, run: Session, edit: Edit) -> _Result:
    if not run.is_run:
        return f"{run.id} is a {run.kind.value} session and has no distance"
    if run.kind is Kind.RACE:
        return "the race distance is a setting (distance_km); change it there"
    km = round(float(edit.value or 0), 2)
    if run.distance_km == km:
        return _Already(f"{run.id} is already {format_distance(km, ctx.plan.settings.units)}")
    if run.distance_km is None:
        return {run.id: replace(run, distance_km=km, edited=True)}
    # Same pace, new distance: the time on the calendar grows or shrinks with it.
    minutes = max(1, round(run.minutes * km / run.distance_km))
    return {run.id: resized(run, km, minutes, ctx.plan.settings.units)}


def _minutes(ctx: _Context, __: _Sessions, session: Session, edit: Edit) -> _Result:
    if session.kind is Kind.RACE:
        return "the race takes as long as it takes; its time cannot be edited"
    minutes = round(float(edit.value or 0))
    if session.minutes == minutes:
        return _Already(f"{session.id} already takes {minutes} min")
    km = session.distance_km
    if km is not None and session.minutes > 0:
        km = round(km * minutes / session.minutes, 1)  # same pace, shorter or longer run
    return {session.id: resized(session, km, minutes, ctx.plan.settings.units)}


_Handler = Callable[[_Context, _Sessions, Session, Edit], _Result]
_HANDLERS: dict[str, _Handler] = {
    EditOp.MOVE: _move,
    EditOp.SWAP: _swap,
    EditOp.SKIP: _skip,
    EditOp.RESTORE: _skip,
    EditOp.LOCK: _lock,
    EditOp.UNLOCK: _lock,
    EditOp.DISTANCE: _distance,
    EditOp.MINUTES: _minutes,
}


def _follow_note(result: dict[str, Session], edit: Edit) -> str:
    """Say so when a move followed its week instead of landing on the date first asked for."""
    moved = result.get(edit.session_id)
    if edit.op is not EditOp.MOVE or moved is None or edit.date in (None, moved.date):
        return ""
    return f"moved along with its week to {day_text(moved.date)}"


def _weeks_with_volume(plan: Plan, sessions: Sequence[Session]) -> tuple[Week, ...]:
    """Weekly run volume follows skipped, moved and re-measured runs (the race is not counted)."""
    return tuple(replace(w, run_km=week_run_km(sessions, w.start)) for w in plan.weeks)


# ---------------------------------------------------------------------------------------------
# After the replay: rule warnings a user edit created


def as_user_warnings(
    found: Sequence[Violation], generated: Sequence[Violation]
) -> tuple[Violation, ...]:
    """Rules broken only because of a user edit are warnings, never errors (DOMAIN.md rule ids)."""
    baseline = set(generated)
    result: list[Violation] = []
    for violation in found:
        if violation.severity is Severity.ERROR and violation not in baseline:
            violation = replace(violation, severity=Severity.WARNING)
        if violation not in result:
            result.append(violation)
    return tuple(result)


def document_today(settings: Settings, today: date) -> date:
    """The day a saved plan is rendered for: a plan still renders after its start date."""
    return min(today, settings.start) if settings.start else today


def plan_with_edits(
    settings: Settings, edits: Sequence[Edit], today: date, draft: Draft | None = None
) -> tuple[Plan, tuple[EditOutcome, ...]]:
    """Generate, replay the edits, then check the rules; warnings land in ``plan.warnings``.

    ``draft`` is the plan ``draft_plan(settings, today)`` gave, when the caller has it already.
    """
    draft = draft or draft_plan(settings, today)
    generated, notes = draft.plan, draft.notes
    edited, outcomes = apply_edits(generated, edits)
    # The generator's own notes (a hard session lost to unavailable days) stay; the rule report
    # is made afresh, so a break an edit removed is gone with it.
    baseline = check(generated)
    found = check(edited) if edited is not generated else baseline
    warnings = as_user_warnings((*notes, *found), (*notes, *baseline))
    return replace(edited, warnings=warnings), outcomes


# ---------------------------------------------------------------------------------------------
# Keeping the list short, and the document form


def add_edit(
    generated: Plan, edits: Sequence[Edit], edit: Edit
) -> tuple[tuple[Edit, ...], EditOutcome]:
    """The stored list with ``edit`` recorded, and what ``edit`` did to the ``generated`` plan.

    A refused edit leaves the list as it was. An edit whose effect comes from dropping an
    earlier one (a restore after a skip, a move back to where the generator put the session)
    is not stored itself.
    """
    before, _ = apply_edits(generated, edits)
    kept = record_edit(edits, edit)
    after, outcomes = apply_edits(generated, kept)
    mine = [o for o in outcomes if o.edit == edit]
    if mine and mine[-1].applied:
        return kept, mine[-1]
    outcome = mine[-1] if mine else apply_edits(before, [edit])[1][0]
    touched = [i for i in (edit.session_id, edit.other_id) if i]
    changed = any(before.session(i) != after.session(i) for i in touched)
    if changed and (outcome.already or not mine):
        return tuple(e for e in kept if e is not edit), EditOutcome(edit, True)
    return tuple(edits), outcome


def move_edit(generated: Plan, session_id: str, day: date | None, slot: Slot | None) -> Edit:
    """A move as the runner asks for it, remembering where the generator had the session."""
    planned = generated.session(session_id)
    from_date = planned.date if planned is not None and day is not None else None
    return Edit(EditOp.MOVE, session_id, date=day, slot=slot, from_date=from_date)
