"""The rule checker: every DOMAIN.md rule id, reported as a Violation.

``check(plan)`` reports what the plan breaks. The generator never produces an ``error``;
a break that involves a session the runner moved or changed is reported as a ``warning``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

from runlift.plan.constraints import adjacent_hard_days, is_full_rest, week_run_km
from runlift.plan.model import (
    HARD_KINDS,
    QUALITY_KINDS,
    Kind,
    Mode,
    Phase,
    Plan,
    Severity,
    Violation,
    Week,
)
from runlift.plan.paces import training_paces, vdot_from_race
from runlift.plan.periodize import (
    LONG_RUN_CAP_KM,
    LONG_RUN_CAP_MIN,
    MIN_WEEKS,
    TAPER_RANGES,
    long_run_share,
    monday,
    race_class,
    taper_peak,
    taper_weeks,
)
from runlift.plan.rule_context import RuleContext
from runlift.plan.rules_strength import check_strength

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
        *_volume(ctx),
        *_long_runs(ctx),
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
    return tuple(sorted(result, key=lambda v: (v.date or plan.weeks[0].start, v.rule)))


def _peak(plan: Plan) -> float:
    """The peak week: the biggest week before the taper, or the runner's current volume."""
    phases = (Phase.BASE, Phase.BUILD, Phase.PEAK)
    return taper_peak((w.run_km for w in plan.weeks if w.phase in phases), plan.settings.weekly_km)


def _taper(ctx: RuleContext) -> Iterator[Violation]:
    """T1: volume cut in the taper weeks; T2: roughly the published shape."""
    settings = ctx.settings
    if settings.mode is not Mode.RACE or settings.distance_km is None:
        return
    peak = _peak(ctx.plan)
    ranges = TAPER_RANGES[race_class(settings.distance_km)]
    length = taper_weeks(settings)
    for week in ctx.plan.weeks:
        if week.to_race is None or week.to_race >= length or peak <= 0 or week.to_race == 0:
            continue
        share = week.run_km / peak
        if share > 0.9:
            yield Violation(
                "T1", ERROR, f"Week {week.index}: the taper must cut volume.", week.start
            )
        low, high = ranges[len(ranges) - 1 - week.to_race]
        if not low - 0.05 <= share <= high + 0.05:
            yield Violation(
                "T2",
                WARNING,
                f"Week {week.index}: taper volume {share:.0%} of peak "
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


def _volume(ctx: RuleContext) -> Iterator[Violation]:
    """V1 weekly progression and V2 cut-back weeks."""
    weeks = ctx.plan.weeks
    full = [w for w in weeks if ctx.is_full_week(w) and w.phase not in (Phase.TAPER, Phase.RACE)]
    last_normal: Week | None = None
    since_cutback = 0
    for i, week in enumerate(weeks):
        if week not in full:
            continue
        # Nielsen 2014: the ramp against the recent weeks (a cut-back or a trip in between
        # does not count as the base); before the plan the runner ran their current volume.
        refs = [w.run_km for w in weeks[max(0, i - 4) : i]]
        if i < 4:
            refs.append(ctx.settings.weekly_km)
        if refs and week.run_km > 1.30 * max(refs) + 1.0:
            yield Violation(
                "V1",
                ERROR,
                f"Week {week.index}: more than 30% more running in two weeks.",
                week.start,
            )
        if week.cutback:
            since_cutback = 0
            if last_normal and not 0.65 <= week.run_km / max(last_normal.run_km, 0.1) <= 0.90:
                yield Violation(
                    "V2", WARNING, f"Week {week.index}: a cut-back week drops 15-30%.", week.start
                )
            continue
        since_cutback += 1
        if last_normal and week.run_km > last_normal.run_km * 1.10 + 1.0:
            yield Violation(
                "V1", WARNING, f"Week {week.index}: volume up more than 10%.", week.start
            )
        if since_cutback > 5:
            yield Violation(
                "V2", WARNING, f"Week {week.index}: no cut-back week for 5 weeks.", week.start
            )
        last_normal = week
    yield from _single_runs(ctx)


def _single_runs(ctx: RuleContext) -> Iterator[Violation]:
    """V1: no run more than 10% longer than the longest of the previous 30 days."""
    runs = sorted(
        (s for s in ctx.sessions() if s.is_run and s.kind is not Kind.RACE), key=lambda s: s.date
    )
    for run in runs:
        since = run.date - timedelta(days=30)
        previous = [r.distance_km or 0.0 for r in runs if since <= r.date < run.date]
        if since < ctx.start:
            previous.append(ctx.settings.long_run_km)
        longest = max(previous, default=0.0)  # a month without runs: any run is new ground
        if (run.distance_km or 0.0) > longest * 1.10 + 0.25:
            yield ctx.at(run, "V1", WARNING, "a run over 10% longer than any in the last 30 days")


def _long_runs(ctx: RuleContext) -> Iterator[Violation]:
    """V3: long-run caps and its share of the week."""
    settings = ctx.settings
    cls = race_class(settings.distance_km) if settings.distance_km else None
    for run in ctx.sessions(Kind.LONG):
        km = run.distance_km or 0.0
        if cls and km > LONG_RUN_CAP_KM[cls] + 0.5:
            yield ctx.at(run, "V3", ERROR, f"long run over the {LONG_RUN_CAP_KM[cls]:g} km cap")
        cap_min = LONG_RUN_CAP_MIN[cls] if cls else None
        if cap_min and run.minutes > cap_min + 5:
            yield ctx.at(run, "V3", ERROR, f"long run over {cap_min // 60} hours")
        week = ctx.plan.week_of(run.date)
        if week is None or week.run_km <= 0:
            continue
        share = km / week.run_km
        limit = long_run_share(settings.distance_km) + 0.005  # "about 30%", after rounding
        if share > limit + 0.05 and week.run_km >= 50 and ctx.is_full_week(week):
            yield ctx.at(run, "V3", ERROR, f"long run is {share:.0%} of the week (about 30%)")
        elif share > limit:
            yield ctx.at(run, "V3", WARNING, f"long run is {share:.0%} of the week (about 30%)")


def _hard_days(ctx: RuleContext) -> Iterator[Violation]:
    """V4: at most two quality runs a week, never two hard days in a row, mostly easy."""
    for week in ctx.plan.weeks:
        runs = [s for s in ctx.week_sessions(week) if s.is_run]
        quality = [s for s in runs if s.kind in QUALITY_KINDS]
        if len(quality) > 2:
            yield Violation(
                "V4", ERROR, f"Week {week.index}: more than two quality runs.", week.start
            )
        total = week_run_km(runs, week.start)
        hard = sum(s.distance_km or 0.0 for s in quality)
        if total > 0 and hard / total > 0.35:
            yield Violation(
                "V4", WARNING, f"Week {week.index}: keep about 80% of running easy.", week.start
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
