"""The rule checker: every DOMAIN.md rule id, reported as a Violation.

``check(plan)`` reports what the plan breaks. The generator never produces an ``error``;
a break that involves a session the runner moved or changed is reported as a ``warning``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from runlift.plan.constraints import adjacent_hard_days, is_full_rest
from runlift.plan.model import (
    HARD_KINDS,
    QUALITY_KINDS,
    Kind,
    Mode,
    Phase,
    Plan,
    Severity,
    Violation,
    monday,
)
from runlift.plan.paces import training_paces, vdot_from_race
from runlift.plan.rules.context import RuleContext
from runlift.plan.rules.strength import check_strength
from runlift.plan.rules.volume import check_volume
from runlift.plan.targets.weeks import (
    MIN_WEEKS,
    TAPER_RANGES,
    race_class,
    taper_peak,
    taper_shape,
    taper_weeks,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING
PHASE_ORDER = (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER, Phase.RACE)


def check(plan: Plan) -> tuple[Violation, ...]:
    """Every broken rule of the plan, in date order; edited sessions only warn."""
    if not plan.weeks:
        return ()
    ctx = RuleContext(plan)
    found = [
        *check_strength(ctx),
        *_taper(ctx),
        *_race_day(ctx),
        *check_volume(ctx),
        *_hard_days(ctx),
        *_rest(ctx),
        *_length_and_phases(ctx),
        *_paces(ctx),
    ]
    edited = {s.date for s in plan.sessions if s.edited}
    near_edit = (
        edited | {d + timedelta(days=1) for d in edited} | {d - timedelta(days=1) for d in edited}
    )
    result = [replace(v, severity=WARNING) if v.date in near_edit else v for v in found]
    # V8 first: whether the plan gets the runner to the start line is the first thing to say
    return tuple(
        sorted(result, key=lambda v: (v.rule != "V8", v.date or plan.weeks[0].start, v.rule))
    )


def _peak(ctx: RuleContext) -> float:
    """The peak week: the biggest week before the taper (a short first week aside), or the
    runner's current volume; the generator sizes the taper against the same."""
    phases = (Phase.BASE, Phase.BUILD, Phase.PEAK)
    weeks = [w.run_km for w in ctx.plan.weeks if w.phase in phases and w.start >= ctx.start]
    return taper_peak(weeks, ctx.settings.weekly_km)


def _taper(ctx: RuleContext) -> Iterator[Violation]:
    """T1: volume cut in the taper weeks; T2: roughly the published shape, race week too."""
    settings = ctx.settings
    if settings.mode is not Mode.RACE or settings.distance_km is None:
        return
    peak = _peak(ctx)
    ranges = TAPER_RANGES[race_class(settings.distance_km)]
    shaped = len(taper_shape(settings))
    for week in ctx.plan.weeks:
        if week.to_race is None or week.to_race >= shaped or peak <= 0:
            continue
        share = week.run_km / peak
        if 0 < week.to_race < taper_weeks(settings) and share > 0.9:
            yield Violation(
                "T1", ERROR, f"Week {week.index}: the taper must cut volume.", week.start
            )
        low, high = ranges[len(ranges) - 1 - week.to_race]
        if not low - 0.05 <= share <= high + 0.05 and ctx.is_whole(week):
            yield Violation(
                "T2",
                WARNING,
                f"Week {week.index}: {share:.0%} of the peak week's running "
                f"(about {low:.0%}-{high:.0%}).",
                week.start,
            )


def _race_day(ctx: RuleContext) -> Iterator[Violation]:
    """T4: the race is its own event on race day, last; the day before is rest or a shake-out."""
    race = ctx.settings.race_date
    if ctx.settings.mode is not Mode.RACE or race is None:
        return
    races = ctx.sessions(Kind.RACE)
    if len(races) != 1 or races[0].date != race:
        yield Violation("T4", ERROR, "The race must be one event on race day.", race)
    late = [
        s for s in ctx.sessions() if s.date > race or (s.date == race and s.kind is not Kind.RACE)
    ]
    if late:
        yield Violation("T4", ERROR, "Nothing goes on or after race day but the race.", race)
    eve = [s for s in ctx.days.get(race - timedelta(days=1), []) if s.kind is not Kind.REST]
    if any(s.kind is not Kind.RECOVERY or (s.distance_km or 0) > 5 for s in eve):
        yield Violation(
            "T4", ERROR, "The day before the race is rest or a very short shake-out run.", race
        )
    yield from _race_week_runs(ctx, race)


def _race_week_runs(ctx: RuleContext, race: date) -> Iterator[Violation]:
    """T4: no race-week run longer than its kind the week before; shorter toward race day."""
    week_start = monday(race)
    before = [s for s in ctx.sessions() if week_start - timedelta(days=7) <= s.date < week_start]
    runs = sorted(
        (
            s for s in ctx.sessions()
            if week_start <= s.date < race and s.is_run and s.kind is not Kind.RACE
        ),
        key=lambda s: s.date,
    )  # fmt: skip
    shortest_so_far = 0.0
    for run in runs:
        km = run.distance_km or 0.0
        same = [s.distance_km or 0.0 for s in before if _same_kind(s.kind, run.kind)]
        if same and km > max(same) + 0.05:
            yield ctx.at(run, "T4", WARNING, "a race-week run longer than its kind the week before")
        if shortest_so_far and km > shortest_so_far + 0.05:
            yield ctx.at(run, "T4", WARNING, "race-week runs should get shorter toward race day")
        shortest_so_far = km if not shortest_so_far else min(shortest_so_far, km)


def _same_kind(a: Kind, b: Kind) -> bool:
    """Easy runs with or without strides are one kind; quality runs another."""
    easy = (Kind.EASY, Kind.STRIDES, Kind.RECOVERY)
    return (a in easy and b in easy) or (a in QUALITY_KINDS and b in QUALITY_KINDS) or a is b


def _hard_days(ctx: RuleContext) -> Iterator[Violation]:
    """V4: at most two quality runs a week, never two hard days in a row (80/20: rules_volume)."""
    for week in ctx.plan.weeks:
        quality = ctx.week_sessions(week, None)
        if sum(s.kind in QUALITY_KINDS for s in quality) > 2:
            yield Violation(
                "V4", ERROR, f"Week {week.index}: more than two quality runs.", week.start
            )
    hard_days = sorted({s.date for s in ctx.sessions() if s.kind in HARD_KINDS})
    for day in hard_days:
        if adjacent_hard_days(ctx.days, day):
            yield Violation("V4", ERROR, f"{day:%a %d %b}: a hard day right after another.", day)


def _rest(ctx: RuleContext) -> Iterator[Violation]:
    """V5: at least one full rest day a week (days outside the plan count as rest)."""
    for week in ctx.plan.weeks:
        days = [d for d in ctx.week_days(week) if ctx.start <= d <= ctx.end]
        if days and not any(is_full_rest(ctx.days, d) for d in days) and len(days) == 7:
            yield Violation("V5", ERROR, f"Week {week.index}: no full rest day.", week.start)


def _length_and_phases(ctx: RuleContext) -> Iterator[Violation]:
    """V6 plan length, V7 phase order, T5 weeks counted back from race day."""
    settings = ctx.settings
    weeks = ctx.plan.weeks
    if settings.mode is Mode.RACE and settings.distance_km and settings.race_date:
        minimum = MIN_WEEKS[race_class(settings.distance_km)]
        if len(weeks) < minimum:
            yield Violation(
                "V6",
                WARNING,
                f"{len(weeks)} weeks to race day; {minimum} is the usual minimum, so the build is "
                "compressed (the taper is kept).",
                weeks[0].start,
            )
        race_week = monday(settings.race_date)
        for week in weeks:
            expected = (race_week - week.start).days // 7
            if week.to_race != expected:
                yield Violation(
                    "T5", ERROR, f"Week {week.index} is not counted back from race day.", week.start
                )
    order = [PHASE_ORDER.index(w.phase) for w in weeks]
    if order != sorted(order):
        yield Violation("V7", ERROR, "Phases must run base → build → peak → taper → race.", None)


def _paces(ctx: RuleContext) -> Iterator[Violation]:
    """P1-P3: paces come from the recent race, or there are none at all."""
    race = ctx.settings.recent_race
    paced = [s for s in ctx.sessions() if s.pace is not None]
    if race is None:
        if paced or ctx.plan.vdot is not None:
            yield Violation("P3", ERROR, "No race result: sessions go by effort, not pace.", None)
        return
    vdot = vdot_from_race(race.distance_km, race.seconds)
    if ctx.plan.vdot is None or abs(ctx.plan.vdot - vdot) > 0.051:
        yield Violation("P1", ERROR, "The VDOT does not match the recent race.", None)
    table = {p.name: p for p in training_paces(vdot).values()}
    for session in paced:
        assert session.pace is not None
        if session.pace.name in table and session.pace != table[session.pace.name]:
            yield ctx.at(session, "P2", ERROR, f"{session.pace.name} pace is off the table")
