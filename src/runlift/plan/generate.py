"""Settings → Plan. Deterministic: the same settings give the same plan, byte for byte."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from runlift.errors import SettingsError
from runlift.plan.constraints import week_run_km
from runlift.plan.layout.days import RunContext
from runlift.plan.layout.plan import lay_out_runs, rest_days
from runlift.plan.model import (
    Kind,
    Mode,
    PaceRange,
    Plan,
    Session,
    Settings,
    Severity,
    Slot,
    Violation,
    Week,
    monday,
)
from runlift.plan.paces import goal_pace, has_paces, training_paces, vdot_from_race
from runlift.plan.rules.check import check
from runlift.plan.settings_io import validate
from runlift.plan.strength.place import place_strength
from runlift.plan.targets.weeks import WeekTarget, plan_start, week_targets


def generate(settings: Settings, today: date) -> Plan:
    """Build the plan; raises SettingsError for settings no plan can be built from."""
    draft = draft_plan(settings, today)
    return replace(draft.plan, warnings=(*draft.notes, *check(draft.plan)))


@dataclass(frozen=True)
class Draft:
    """A generated plan before the rule check, and the generator's own notes (lost sessions)."""

    plan: Plan
    notes: tuple[Violation, ...]


def draft_plan(settings: Settings, today: date) -> Draft:
    """The plan as generated, not yet checked: for callers that check it after edits."""
    validate(settings, today)
    start = plan_start(settings, today)
    settings = replace(settings, start=start)
    targets = week_targets(settings, start)
    end = _plan_end(settings, targets)
    unavailable = frozenset(settings.unavailable)
    if settings.race_date in unavailable:
        raise SettingsError("unavailable", "race day itself is marked unavailable")

    def usable(day: date) -> bool:
        return start <= day <= end and day not in unavailable

    vdot, paces, race_pace = _paces(settings)
    ctx = RunContext(settings, start, end, paces, race_pace, usable)
    runs, notes = lay_out_runs(ctx, targets)
    rest = rest_days(settings, targets, usable)
    if vdot is not None and paces is None:
        notes.insert(0, _effort_note(vdot))
    strength = place_strength(settings, usable, runs, targets)
    sessions = _with_ids(settings, targets, [*runs, *strength, *rest])
    if not any(s.kind not in (Kind.REST, Kind.RACE) for s in sessions):
        raise SettingsError(
            "unavailable", "every day of the plan is marked unavailable: no training fits"
        )
    by_week: dict[date, list[Session]] = {}
    for session in sessions:  # sorted by date: each week's are looked at once, not all
        by_week.setdefault(monday(session.date), []).append(session)
    weeks = tuple(_week(t, by_week.get(monday(t.start), [])) for t in targets)
    return Draft(Plan(settings, vdot, weeks, sessions), tuple(notes))


def _plan_end(settings: Settings, targets: tuple[WeekTarget, ...]) -> date:
    if settings.mode is Mode.RACE:
        assert settings.race_date is not None
        return settings.race_date
    return targets[-1].start + timedelta(days=6)


def _paces(
    settings: Settings,
) -> tuple[float | None, dict[str, PaceRange] | None, PaceRange | None]:
    """P1-P3: paces from a recent race, or none at all (sessions then go by effort)."""
    if settings.recent_race is None:
        return None, None, None
    vdot = vdot_from_race(settings.recent_race.distance_km, settings.recent_race.seconds)
    if not has_paces(vdot):
        return round(vdot, 1), None, None  # P3: too slow for any pace: by effort, with a note
    paces = training_paces(vdot)
    race_pace = None
    if settings.mode is Mode.RACE and settings.distance_km is not None:
        race_pace = goal_pace(vdot, settings.distance_km)
    return round(vdot, 1), paces, race_pace


def _effort_note(vdot: float) -> Violation:
    return Violation(
        "P3",
        Severity.WARNING,
        f"Your recent race (VDOT {vdot:.1f}) is slower than the paces RunLift can work out: "
        "every session goes by effort (easy, comfortably hard …) instead of a pace.",
        None,
    )


def _role(session: Session) -> str:
    if session.kind is Kind.STRENGTH:
        assert session.load is not None
        return f"strength-{session.load.value}"
    return {
        Kind.LONG: "long",
        Kind.RACE: "race",
        Kind.RECOVERY: "shakeout",
        Kind.REST: "rest",
        Kind.CORE: "core",
        Kind.EASY: "easy",
        Kind.STRIDES: "easy",
    }.get(session.kind, "quality")


NUMBERED_ROLES = frozenset({"easy", "quality", "core"})


def _with_ids(
    settings: Settings, targets: tuple[WeekTarget, ...], sessions: list[Session]
) -> tuple[Session, ...]:
    """Stable ids: role + week counted back from race week (forward in base mode)."""
    week_label = {t.start: t.to_race if t.to_race is not None else t.index for t in targets}
    ordered = sorted(sessions, key=lambda s: (s.date, s.slot is not Slot.AM, s.kind.value))
    seen: dict[str, int] = {}
    result = []
    for session in ordered:
        prefix = f"w-{week_label[monday(session.date)]:02d}"
        role = _role(session)
        key = f"{prefix}.{role}"
        seen[key] = seen.get(key, 0) + 1
        number = seen[key]
        if role in NUMBERED_ROLES or number > 1:
            role = f"{role}-{number}"
        result.append(replace(session, id=f"{prefix}.{role}"))
    return tuple(result)


def _week(target: WeekTarget, sessions: list[Session]) -> Week:
    """The week's facts from its own sessions (those of its Monday-to-Sunday)."""
    end = target.start + timedelta(days=7)
    strength_cutback = any(
        s.kind is Kind.STRENGTH and s.why.startswith("Strength cut-back")
        for s in sessions
        if target.start <= s.date < end
    )
    return Week(
        index=target.index,
        start=target.start,
        phase=target.phase,
        run_km=week_run_km(sessions, target.start),
        cutback=target.cutback,
        to_race=target.to_race,
        strength_cutback=strength_cutback,
    )
