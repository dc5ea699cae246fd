"""Strength rules for the checker: S1-S8 and the strength cut-back T3."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from runlift.plan.constraints import (
    heavy_before_hard,
    heavy_followed_by_load,
    heavy_too_close,
    in_final_strength_ban,
    misplaced_race_strength,
)
from runlift.plan.model import (
    SIX_PATTERNS,
    Kind,
    Load,
    Mode,
    Pattern,
    Phase,
    Session,
    Severity,
    Violation,
    Week,
    monday,
)
from runlift.plan.rules.context import RuleContext
from runlift.plan.strength.place import week_loads
from runlift.plan.targets.weeks import (
    FINAL_STRENGTH_DAYS,
    LAST_HEAVY_DAYS,
    NO_STRENGTH_DAYS,
    race_class,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def check_strength(ctx: RuleContext) -> Iterator[Violation]:
    yield from _weekly(ctx)
    yield from _sessions(ctx)
    yield from _cutback(ctx)


def _weekly(ctx: RuleContext) -> Iterator[Violation]:
    settings = ctx.settings
    for week in ctx.plan.weeks:
        lifts = ctx.week_sessions(week, Kind.STRENGTH)
        if len(lifts) > 3:
            yield Violation(
                "S1", ERROR, f"Week {week.index}: more than 3 strength sessions.", week.start
            )
        wanted = len(week_loads(settings, week))
        if ctx.is_full_week(week) and len(lifts) < wanted:
            yield _fewer_lifts(ctx, week, len(lifts), wanted)
        covered = {e.pattern for s in lifts for e in s.exercises}
        missing = [p.value for p in SIX_PATTERNS if p not in covered]
        if len(lifts) >= 2 and missing:
            yield Violation(
                "S2", ERROR, f"Week {week.index}: no {', '.join(missing)} exercise.", week.start
            )
        if (
            settings.mode is Mode.RACE
            and settings.strength_per_week is None
            and week.phase in (Phase.BUILD, Phase.PEAK)
            and len(lifts) > 2
        ):
            yield Violation(
                "S8",
                ERROR,
                f"Week {week.index}: strength is held at 2 in a race build.",
                week.start,
            )


def _fewer_lifts(ctx: RuleContext, week: Week, count: int, wanted: int) -> Violation:
    """S1: fewer sessions than the week should have; 1 is better than none."""
    skipped = [
        s for s in ctx.plan.sessions
        if s.skipped and s.kind is Kind.STRENGTH and ctx.plan.week_of(s.date) == week
    ]  # fmt: skip
    why = f"you skipped {len(skipped)}" if skipped else "the others did not fit around the runs"
    return Violation(
        "S1",
        WARNING,
        f"Week {week.index}: {count} of {wanted} strength sessions ({why}); one is better than "
        "none.",
        week.start,
    )


def _sessions(ctx: RuleContext) -> Iterator[Violation]:
    for session in ctx.sessions(Kind.STRENGTH):
        if not any(e.pattern is Pattern.CORE for e in session.exercises):
            yield ctx.at(session, "S4", ERROR, "a strength session without a core exercise")
        yield from _reps(ctx, session)
        if heavy_before_hard(ctx.days, session):
            yield ctx.at(session, "S5", ERROR, "heavy strength the day before a hard day")
        if heavy_followed_by_load(ctx.days, session):
            yield ctx.at(session, "S7", ERROR, "more lifting the day after the heavy session")
        if ctx.settings.mode is Mode.RACE and misplaced_race_strength(ctx.days, session):
            yield ctx.at(
                session,
                "S6",
                WARNING,
                "strength goes on a hard-run day (after the run) or before an easy run",
            )


def _reps(ctx: RuleContext, session: Session) -> Iterator[Violation]:
    for exercise in session.exercises:
        if exercise.hold_breaths is not None:
            if exercise.reps is not None:
                yield ctx.at(session, "S3", ERROR, f"{exercise.name}: holds count breaths only")
            continue
        if session.load is not Load.HEAVY or exercise.pattern in (Pattern.CARRY, Pattern.CORE):
            continue
        wanted = "10-12" if exercise.pattern is Pattern.SQUAT else "6-8"
        if exercise.reps != wanted:
            yield ctx.at(session, "S3", ERROR, f"{exercise.name}: {wanted} reps when heavy")


def _cutback(ctx: RuleContext) -> Iterator[Violation]:
    """T3: last heavy ≥ 7/10 days out, then light only, ≤ 1 a week late, none in the last 4 days."""
    settings = ctx.settings
    race = settings.race_date
    if settings.mode is not Mode.RACE or race is None or settings.distance_km is None:
        return
    min_days = LAST_HEAVY_DAYS[race_class(settings.distance_km)]
    final_two_weeks = race - timedelta(days=FINAL_STRENGTH_DAYS)
    per_week: dict[object, int] = {}
    for session in ctx.sessions(Kind.STRENGTH):
        if session.load is Load.HEAVY and heavy_too_close(race, session.date, min_days):
            yield ctx.at(
                session, "T3", ERROR, f"heavy strength less than {min_days} days before the race"
            )
        elif (race - session.date).days < min_days and session.load is not Load.LIGHT:
            yield ctx.at(
                session, "T3", ERROR, "only light strength in the last days before the race"
            )
        if in_final_strength_ban(race, session.date, NO_STRENGTH_DAYS):
            yield ctx.at(session, "T3", ERROR, "no strength in the last 4 days before the race")
        if session.date >= final_two_weeks:
            week = monday(session.date)
            per_week[week] = per_week.get(week, 0) + 1
            if per_week[week] > 1:
                yield ctx.at(session, "T3", ERROR, "at most one light strength session a week now")
