"""Strength and core sessions: how many, how heavy, on which day (S1, S4-S8, T3)."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from runlift.plan.constraints import (
    DayMap,
    day_map,
    heavy_followed_by_load,
    heavy_too_close,
    in_final_strength_ban,
    strength_placement_breaks,
)
from runlift.plan.content.describe import PHASE_WORDS, RUN_TITLES
from runlift.plan.model import (
    WEEKDAYS,
    Equipment,
    Exercise,
    Kind,
    Load,
    Mode,
    Pattern,
    Phase,
    Session,
    Settings,
    Slot,
    Step,
    StepKind,
    Week,
    monday,
)
from runlift.plan.strength.exercises import core_session, describe_exercises, strength_session
from runlift.plan.strength.library import ExerciseDef, default_library
from runlift.plan.targets.weeks import (
    FINAL_STRENGTH_DAYS,
    LAST_HEAVY_DAYS,
    NO_STRENGTH_DAYS,
    WeekTarget,
    race_class,
)

ONE_DAY = timedelta(days=1)
CORE_MINUTES = 15
BLOCK_WEEKS = 3  # exercises rotate every 3 weeks
LOAD_WORDS = {  # S3, T3
    Load.HEAVY: (
        "Heavy: weights that make the last rep of each set hard, with clean form (squats in "
        "sets of 10-12, the other lifts 6-8: S3)."
    ),
    Load.MODERATE: "Moderate: a little lighter, a few more reps, stop two reps short of failure.",
    Load.LIGHT: "Light: about half the sets, moderate weights, well short of failure.",
}  # T3: "the final two weeks" before the race


# The same block, kit and load give the same exercises: compute each combination once.
Choice = tuple[tuple[Equipment, ...], Load, int, int, int, int]  # strength_session's other args


def _exercises(library: tuple[ExerciseDef, ...], *choice: *Choice) -> tuple[Exercise, ...]:
    """A plan asks the same few sessions many times over: each is worked out once. The bundled
    library is known by itself, not hashed entry by entry at every call."""
    if library is default_library():
        return _bundled_exercises(*choice)
    return _any_library_exercises(library, *choice)


_any_library_exercises = lru_cache(maxsize=512)(strength_session)


@lru_cache(maxsize=512)
def _bundled_exercises(*choice: *Choice) -> tuple[Exercise, ...]:
    return strength_session(default_library(), *choice)


WARMUP_MINUTES = 5
# S3: "enough rest between sets to keep form": about 2 minutes for the big lifts, about
# 1 minute between core and carry sets (the session text says the same).
REST_SECONDS = {Pattern.CORE: 60, Pattern.CARRY: 60}
BIG_LIFT_REST_SECONDS = 120


def exercise_steps(exercises: tuple[Exercise, ...]) -> tuple[Step, ...]:
    """The session as steps: a short warm-up, then each exercise's sets × reps (or breaths)."""
    warmup = Step(StepKind.WARMUP, minutes=WARMUP_MINUTES, effort="easy mobility and activation")
    return (
        warmup,
        *(
            Step(
                StepKind.EXERCISE,
                name=e.name,
                pattern=e.pattern,
                sets=e.sets,
                reps=e.reps,
                hold_breaths=e.hold_breaths,
                rest_seconds=REST_SECONDS.get(e.pattern, BIG_LIFT_REST_SECONDS),
            )
            for e in exercises
        ),
    )


def sessions_per_week(settings: Settings, phase: Phase) -> int:
    """S1 default from the session length; S8 holds race builds at 2; the setting wins."""
    if settings.strength_per_week is not None:
        return settings.strength_per_week
    count = 2 if settings.strength_minutes >= 40 else 3
    if settings.mode is Mode.RACE and phase is not Phase.BASE:
        count = min(count, 2)  # S8: running first during a hard race build
    return count


def week_loads(settings: Settings, target: WeekTarget | Week) -> list[Load]:
    """Load of each session of the week, heaviest first (S8, T3)."""
    count = sessions_per_week(settings, target.phase)
    lead_in = isinstance(target, WeekTarget) and target.lead_in
    if settings.mode is Mode.BASE:
        loads = [Load.MODERATE, Load.LIGHT, Load.LIGHT] if target.cutback else [
            Load.HEAVY, Load.MODERATE, Load.LIGHT
        ]  # fmt: skip
        return loads[:count]
    if target.phase is Phase.RACE or (target.to_race is not None and target.to_race <= 1):
        return [Load.LIGHT][:count]  # T3: at most one light session in the final two weeks
    if lead_in:
        light = target.phase is Phase.TAPER  # T3: nothing but light once the taper begins
        return [Load.LIGHT if light else Load.MODERATE][:count]  # V11: a lead-in, not heavy
    if target.phase is Phase.TAPER:
        return [Load.HEAVY, Load.LIGHT][:count]
    if target.phase is Phase.PEAK:
        return [Load.HEAVY, Load.LIGHT, Load.LIGHT][:count]
    return [Load.HEAVY, Load.MODERATE, Load.MODERATE][:count]


@dataclass
class StrengthContext:
    settings: Settings
    library: tuple[ExerciseDef, ...]
    usable: Callable[[date], bool]
    days: dict[date, list[Session]]
    last_heavy_variant: int = 0

    @property
    def last_heavy_days(self) -> int:
        distance = self.settings.distance_km
        return LAST_HEAVY_DAYS[race_class(distance)] if distance else 0


def _candidate_days(ctx: StrengthContext, target: WeekTarget, load: Load) -> list[date]:
    settings = ctx.settings
    rest = WEEKDAYS.index(settings.rest)
    race = settings.race_date if settings.mode is Mode.RACE else None
    days = []
    for offset in range(7):
        day = target.start + timedelta(days=offset)
        busy = ctx.days.get(day, [])
        if (
            day.weekday() == rest  # V5: the rest day stays empty
            or not ctx.usable(day)
            or in_final_strength_ban(race, day, NO_STRENGTH_DAYS)  # T3
            or any(s.kind is Kind.STRENGTH or s.slot is Slot.PM for s in busy)
            # T3: only light strength once the last heavy session's day has passed
            or (load is not Load.LIGHT and heavy_too_close(race, day, ctx.last_heavy_days))
            or _late_week_has_lifting(ctx, race, day)  # T3: one a week in the final two weeks
        ):
            continue
        days.append(day)
    return days


def _late_week_has_lifting(ctx: StrengthContext, race: date | None, day: date) -> bool:
    if race is None or (race - day).days > FINAL_STRENGTH_DAYS:
        return False
    week_start = monday(day)
    return any(
        s.kind is Kind.STRENGTH and (race - s.date).days <= FINAL_STRENGTH_DAYS
        for offset in range(7)
        for s in ctx.days.get(week_start + timedelta(days=offset), [])
    )


def _preference(ctx: StrengthContext, session: Session) -> tuple[int, ...]:
    day = session.date
    busy = ctx.days.get(day, [])
    neighbours = ctx.days.get(day - ONE_DAY, []) + ctx.days.get(day + ONE_DAY, [])
    lifting_near = sum(s.kind is Kind.STRENGTH for s in neighbours)
    runs_today = [s for s in busy if s.is_run]
    if ctx.settings.mode is Mode.BASE:  # S6 base mode: strength on non-running days
        return (len(runs_today), lifting_near, day.weekday())
    quality_today = any(s.hard and s.kind is not Kind.LONG for s in runs_today)
    long_today = any(s.kind is Kind.LONG for s in runs_today)
    # S6 race mode: stack on a hard day (quality first), else before an easy run.
    rank = 0 if quality_today else 1 if long_today else 2
    return (lifting_near, rank, day.weekday())


def _draft(ctx: StrengthContext, target: WeekTarget, day: date, load: Load) -> Session:
    times = ctx.settings.day_times(day)
    return Session(
        id="",
        date=day,
        slot=Slot.PM,
        start=times.pm,
        minutes=ctx.settings.strength_minutes,
        kind=Kind.STRENGTH,
        title=f"Strength ({load.value})",
        description="",
        load=load,
    )


def _fits(ctx: StrengthContext, session: Session, strict_s6: bool) -> bool:
    today: list[Session] = [*ctx.days.get(session.date, []), session]
    trial: DayMap = ChainMap[date, list[Session]]({session.date: today}, ctx.days)  # no copy
    if strength_placement_breaks(trial, session, ctx.settings.mode, strict_s6):
        return False
    # S7 for a heavy session the day before this one.
    return not any(
        heavy_followed_by_load(trial, other)
        for other in ctx.days.get(session.date - ONE_DAY, [])
        if other.kind is Kind.STRENGTH
    )


def place_week(ctx: StrengthContext, target: WeekTarget) -> list[Session]:
    """Place the week's strength sessions, heaviest first, where every rule allows."""
    drafts: list[Session] = []
    for load in week_loads(ctx.settings, target):
        session = _place_one(ctx, target, load) or (
            _place_one(ctx, target, Load.LIGHT) if load is not Load.LIGHT else None
        )
        if session is not None:
            ctx.days.setdefault(session.date, []).append(session)
            drafts.append(session)
    # S2: the exercises are dealt over the sessions that really fit this week.
    placed = []
    for number, draft in enumerate(drafts):
        session = _finish(ctx, target, draft, number, len(drafts))
        ctx.days[draft.date] = [session if s is draft else s for s in ctx.days[draft.date]]
        placed.append(session)
    return placed


def _place_one(ctx: StrengthContext, target: WeekTarget, load: Load) -> Session | None:
    drafts = [_draft(ctx, target, day, load) for day in _candidate_days(ctx, target, load)]
    # Race week: a light session only where it sits well (S6), else none (T3 allows none).
    for strict in (True,) if target.phase is Phase.RACE else (True, False):
        fitting = [d for d in drafts if _fits(ctx, d, strict)]
        if fitting:
            return min(fitting, key=lambda d: _preference(ctx, d))
    return None


def _finish(
    ctx: StrengthContext, target: WeekTarget, session: Session, number: int, count: int
) -> Session:
    assert session.load is not None
    settings = ctx.settings
    variant = target.index // BLOCK_WEEKS
    light_cutback = settings.mode is Mode.RACE and target.phase in (Phase.TAPER, Phase.RACE)
    if session.load is Load.HEAVY:
        ctx.last_heavy_variant = variant
    elif light_cutback:
        variant = ctx.last_heavy_variant  # T3: no new exercises in the cut-back
    exercises = _exercises(
        ctx.library,
        settings.equipment,
        session.load,
        variant,
        number,
        count,
        settings.strength_minutes,
    )
    minutes = settings.strength_minutes
    if session.load is Load.LIGHT:
        minutes = max(20, round(minutes * 0.6 / 5) * 5)  # about half the sets
    why = _why(ctx, session, light_cutback)
    description = "\n".join(
        [
            LOAD_WORDS[session.load],
            "",
            describe_exercises(exercises),
            "",
            PHASE_WORDS[target.phase],
            f"Why today: {why}",
        ]
    )
    return Session(
        id="",
        date=session.date,
        slot=session.slot,
        start=session.start,
        minutes=minutes,
        kind=Kind.STRENGTH,
        title=f"Strength ({session.load.value}) — full body",
        description=description,
        why=why,
        load=session.load,
        exercises=exercises,
        steps=exercise_steps(exercises),
    )


def _why(ctx: StrengthContext, session: Session, light_cutback: bool) -> str:
    race = ctx.settings.race_date
    if light_cutback and race is not None:
        days = (race - session.date).days
        return f"Strength cut-back: a light session {days} days before the race (T3)."
    runs = [s for s in ctx.days.get(session.date, []) if s.is_run]
    hard = [s for s in runs if s.hard]
    if hard:
        name = RUN_TITLES.get(hard[0].kind, "run").lower()
        return f"Strength after today's {name}: hard days hard, easy days easy (S6)."
    if not runs:
        return "On a day without running, so the lifting gets your full effort (S6)."
    return "Strength today, an easy run tomorrow: the day after lifting stays easy (S6)."


def place_core(ctx: StrengthContext, target: WeekTarget) -> list[Session]:
    """S4: the optional short core sessions, on days without strength or a hard run."""
    settings = ctx.settings
    rest = WEEKDAYS.index(settings.rest)
    candidates = []
    for offset in range(7):
        day = target.start + timedelta(days=offset)
        busy = ctx.days.get(day, [])
        if (
            day.weekday() == rest
            or not ctx.usable(day)
            or (settings.race_date is not None and (settings.race_date - day).days <= 1)  # T4
            or any(s.kind in (Kind.STRENGTH, Kind.CORE) or s.slot is Slot.PM for s in busy)
        ):
            continue
        candidates.append(day)
    candidates.sort(key=lambda d: (any(s.hard for s in ctx.days.get(d, [])), d.weekday() % 2))
    sessions = []
    for number, day in enumerate(sorted(candidates[: settings.core_per_week])):
        exercises = core_session(ctx.library, settings.equipment, target.index + number)
        why = "A short core session on a lighter day: a strong trunk keeps form late in runs (S4)."
        session = Session(
            id="",
            date=day,
            slot=Slot.PM,
            start=settings.day_times(day).pm,
            minutes=CORE_MINUTES,
            kind=Kind.CORE,
            title=f"Core · {CORE_MINUTES} min",
            description=f"{describe_exercises(exercises)}\n\nWhy today: {why}",
            why=why,
            exercises=exercises,
            steps=exercise_steps(exercises),
        )
        ctx.days.setdefault(day, []).append(session)
        sessions.append(session)
    return sessions


def place_strength(
    settings: Settings,
    usable: Callable[[date], bool],
    runs: Sequence[Session],
    targets: Sequence[WeekTarget],
) -> list[Session]:
    """Stage 3 of the engine: every week's strength sessions around its runs, then core."""
    ctx = StrengthContext(settings, default_library(), usable, day_map(runs))
    placed: list[Session] = []
    for target in targets:
        placed += place_week(ctx, target)
    for target in targets:
        placed += place_core(ctx, target)
    return placed
