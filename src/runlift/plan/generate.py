"""Settings → Plan. Deterministic: the same settings give the same plan, byte for byte."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from runlift.errors import SettingsError
from runlift.plan.constraints import day_map, week_run_km
from runlift.plan.layout.race_week import lay_out_race_week
from runlift.plan.layout.week import RunContext, WeekRuns, choose_long_dates, lay_out_week
from runlift.plan.model import (
    WEEKDAYS,
    Kind,
    Mode,
    PaceRange,
    Phase,
    Plan,
    Session,
    Settings,
    Severity,
    Slot,
    Violation,
    Week,
)
from runlift.plan.paces import has_paces, race_seconds, training_paces, vdot_from_race
from runlift.plan.rules.check import check
from runlift.plan.settings_io import validate
from runlift.plan.strength.exercises import default_library
from runlift.plan.strength.place import StrengthContext, place_core, place_week
from runlift.plan.targets.weeks import WeekTarget, monday, plan_start, taper_peak, week_targets


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
    runs, notes = _all_runs(ctx, targets)
    if vdot is not None and paces is None:
        notes.insert(0, _effort_note(vdot))
    strength = StrengthContext(settings, default_library(), usable, day_map(runs))
    extra: list[Session] = []
    for target in targets:
        extra += place_week(strength, target)
    for target in targets:
        extra += place_core(strength, target)
    extra += _rest_days(settings, targets, usable)
    sessions = _with_ids(settings, targets, [*runs, *extra])
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
        per_km = round(race_seconds(vdot, settings.distance_km) / settings.distance_km)
        race_pace = PaceRange("RP", per_km, per_km)
    return round(vdot, 1), paces, race_pace


def _km(runs: Iterable[Session]) -> float:
    return sum(r.distance_km or 0.0 for r in runs)


def _lower_than(week: WeekRuns, full_km: float) -> WeekRuns:
    """V2: a cut-back week really is lower than the full week before it; at the smallest
    volumes, where every run is already as short as a run gets, it drops an easy run."""
    runs = list(week.runs)
    easy = [r for r in runs if r.kind in (Kind.EASY, Kind.STRIDES)]
    while easy and len(runs) > 1 and _km(runs) > full_km * 0.9:
        runs.remove(easy.pop(0))
    return WeekRuns(tuple(runs), week.warnings)


def _days_left(start: date) -> float:
    return (7 - start.weekday()) / 7


def _effort_note(vdot: float) -> Violation:
    return Violation(
        "P3",
        Severity.WARNING,
        f"Your recent race (VDOT {vdot:.1f}) is slower than the paces RunLift can work out: "
        "every session goes by effort (easy, comfortably hard …) instead of a pace.",
        None,
    )


def _all_runs(
    ctx: RunContext, targets: tuple[WeekTarget, ...]
) -> tuple[list[Session], list[Violation]]:
    long_dates = choose_long_dates(ctx, targets)
    hard_dates = {d for d in long_dates.values() if d is not None}
    if ctx.settings.race_date is not None:
        hard_dates.add(ctx.settings.race_date)
    runs: list[Session] = []
    notes: list[Violation] = []
    peak_km = 0.0
    last_full_km = ctx.settings.weekly_km
    week: WeekRuns = WeekRuns((), ())
    for target in targets:
        if target.taper_fraction is not None:  # T2: a share of the peak the runner really ran
            peak = taper_peak([peak_km], ctx.settings.weekly_km)
            target = replace(target, target_km=peak * target.taper_fraction)
            if target.index == 1:  # V11: a plan that starts mid-week in its taper
                target = replace(target, target_km=target.target_km * _days_left(ctx.start))
        if target.phase is Phase.RACE:
            week = lay_out_race_week(ctx, target, hard_dates, week.runs)
        else:
            week = lay_out_week(ctx, target, long_dates[target.index], hard_dates)
        if target.cutback:
            week = _lower_than(week, last_full_km)
        elif target.taper_fraction is None:
            last_full_km = _km(week.runs)
        if target.taper_fraction is None and not target.lead_in:
            peak_km = max(peak_km, _km(week.runs))
        runs += week.runs
        notes += week.warnings
    return runs, notes


def _rest_days(
    settings: Settings, targets: Iterable[WeekTarget], usable: Callable[[date], bool]
) -> list[Session]:
    """V5: the runner's full rest day, as an (optional, transparent) calendar entry."""
    offset = WEEKDAYS.index(settings.rest)
    why = "Full rest: no run, no strength. Adaptation happens when you rest (V5)."
    days = [t.start + timedelta(days=offset) for t in targets]
    return [
        Session(
            id="",
            date=day,
            slot=Slot.ALLDAY,
            start=None,
            minutes=0,
            kind=Kind.REST,
            title="Rest day",
            description=f"No training today.\n\nWhy today: {why}",
            why=why,
        )
        for day in days
        if usable(day) and day != settings.race_date
    ]


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
