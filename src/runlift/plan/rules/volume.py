"""Rule checks of volume and structure: V1-V3 and V8-V11 (DOMAIN.md).

Each check measures the plan against the same numbers the generator sizes it with
(``periodize`` and ``readiness``), so the two cannot disagree.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from runlift.plan.content.describe import about_distance_text, format_distance
from runlift.plan.content.steps import Paces, intense_km
from runlift.plan.model import (
    QUALITY_KINDS,
    Kind,
    Load,
    Mode,
    Phase,
    Session,
    Severity,
    Violation,
    Week,
    monday,
)
from runlift.plan.rules.context import RuleContext
from runlift.plan.targets.readiness import (
    current_long_run,
    is_novice,
    long_run_cap_km,
    long_run_out_of_share,
    race_class,
    readiness_minimum,
)
from runlift.plan.targets.weeks import (
    long_share_limit,
    run_growth_limit,
    starting_volume,
    week_targets,
    weekly_rise,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING
ROUNDING_KM = 0.85  # a week's runs are whole half-units (0.5 mi is 0.8 km): room for rounding
EASY_MARGIN = 1.25  # V3: the long run "by a clear margin" over an easy run (the plan aims 1.5x)
MAX_WEEKS = 52


def check_volume(ctx: RuleContext) -> Iterator[Violation]:
    yield from _weekly_progression(ctx)
    yield from _single_runs(ctx)
    yield from _long_runs(ctx)
    yield from _readiness(ctx)
    yield from _copies(ctx)
    yield from _beginner_start(ctx)
    yield from _lead_in(ctx)
    yield from _easy_share(ctx)


def _progression_weeks(ctx: RuleContext) -> list[Week]:
    return [
        w for w in ctx.plan.weeks
        if ctx.is_full_week(w) and w.phase not in (Phase.TAPER, Phase.RACE)
    ]  # fmt: skip


def _weekly_progression(ctx: RuleContext) -> Iterator[Violation]:
    """V1 weekly progression and V2 cut-back weeks."""
    weeks = ctx.plan.weeks
    full = _progression_weeks(ctx)
    before_plan = starting_volume(ctx.settings)
    last_normal: Week | None = None
    since_cutback = 0
    for i, week in enumerate(weeks):
        if week not in full:
            continue
        # Nielsen 2014: the ramp against the recent weeks (a cut-back or a trip in between
        # does not count as the base); before the plan the runner ran their current volume.
        refs = [w.run_km for w in weeks[max(0, i - 4) : i]]
        if i < 4:
            refs.append(before_plan)
        if week.run_km > 1.30 * max(refs) + 1.0:
            yield Violation(
                "V1", ERROR, f"Week {week.index}: more than 30% more running in two weeks.",
                week.start,
            )  # fmt: skip
        if week.cutback:
            since_cutback = 0
            yield from _cutback(ctx, week, last_normal)
            continue
        since_cutback += 1
        base = last_normal.run_km if last_normal else before_plan
        if week.run_km > base + weekly_rise(base) + ROUNDING_KM:
            yield Violation(
                "V1", WARNING, f"Week {week.index}: volume up more than about 10%.", week.start
            )
        if since_cutback > 5:
            yield Violation(
                "V2", WARNING, f"Week {week.index}: no cut-back week for 5 weeks.", week.start
            )
        last_normal = week


def _cutback(ctx: RuleContext, week: Week, last_normal: Week | None) -> Iterator[Violation]:
    """V2: a cut-back week drops 15-30% and is lower than the weeks beside it."""
    if last_normal and not 0.65 <= week.run_km / max(last_normal.run_km, 0.1) <= 0.90:
        yield Violation(
            "V2", WARNING, f"Week {week.index}: a cut-back week drops 15-30%.", week.start
        )
    after = next((w for w in ctx.plan.weeks if w.index == week.index + 1), None)
    later = after is not None and after.phase not in (Phase.TAPER, Phase.RACE)
    if later and after is not None and ctx.is_full_week(after) and after.run_km <= week.run_km:
        yield Violation(
                "V2", WARNING,
                f"Week {week.index}: a cut-back week must be lower than the week after it.",
                week.start,
            )  # fmt: skip


def _single_runs(ctx: RuleContext) -> Iterator[Violation]:
    """V1: no run much longer than the longest of the previous 30 days (the race aside)."""
    runs = [s for s in ctx.sessions() if s.is_run and s.kind is not Kind.RACE]  # by date
    dates = [r.date for r in runs]
    before = max(current_long_run(ctx.settings), starting_volume(ctx.settings) / 7)
    for run in runs:
        since = run.date - timedelta(days=30)
        window = runs[bisect_left(dates, since) : bisect_left(dates, run.date)]
        previous = [r.distance_km or 0.0 for r in window]
        if since < ctx.start:
            previous.append(before)
        longest = max(previous, default=0.0)
        if longest and (run.distance_km or 0.0) > run_growth_limit(longest) + 0.3:
            yield ctx.at(
                run, "V1", WARNING, "a run over 10-15% longer than any in the last 30 days"
            )


def _long_runs(ctx: RuleContext) -> Iterator[Violation]:
    """V3: the time cap, the long run's share of the week, and its margin over easy runs."""
    settings = ctx.settings
    cap_km = long_run_cap_km(settings)
    own = current_long_run(settings)
    if long_run_out_of_share(settings) and settings.long_run_km is not None:
        units = settings.units
        share = settings.long_run_km / settings.weekly_km
        yield Violation(
            "V3",
            WARNING,
            f"A longest run of {format_distance(settings.long_run_km, units)} is {share:.0%} of "
            f"{format_distance(settings.weekly_km, units)} a week, more than a long run's "
            f"share: the plan starts the long run at {format_distance(own, units)}. Check the "
            "weekly volume and the longest run.",
        )
    for run in ctx.sessions(Kind.LONG):
        km = run.distance_km or 0.0
        if cap_km is not None and km > max(cap_km, own) + 1.0:
            hours = "3 hours" if race_class(settings.distance_km or 0) == "marathon" else "2h15"
            yield ctx.at(run, "V3", WARNING, f"long run over about {hours} at easy pace")
        week = ctx.plan.week_of(run.date)
        if week is None or week.run_km <= 0 or not ctx.is_full_week(week):
            continue
        share = km / week.run_km
        limit = long_share_limit(week.run_km)
        if km > limit * week.run_km + ROUNDING_KM and km > own + 0.5:
            yield ctx.at(
                run, "V3", WARNING, f"long run is {share:.0%} of the week (about {limit:.0%})"
            )
        easy = [s.distance_km or 0.0 for s in ctx.week_sessions(week, Kind.EASY)]
        if week.phase in (Phase.BUILD, Phase.PEAK) and easy and km < EASY_MARGIN * max(easy):
            yield ctx.at(run, "V3", WARNING, "the long run is hardly longer than an easy run")


def _readiness(ctx: RuleContext) -> Iterator[Violation]:
    """V8: the long run reaches what the race needs, more than once, or the plan says so."""
    settings = ctx.settings
    if settings.mode is not Mode.RACE or settings.distance_km is None:
        return
    need = readiness_minimum(settings)
    longs = [
        s.distance_km or 0.0
        for s in ctx.sessions()
        if s.is_run and s.kind is not Kind.RACE and _before_taper(ctx, s.date)
    ]
    if sum(km >= need - 0.05 for km in longs) >= 2:
        return
    longest = max(longs, default=0.0)
    yield replace(_shortfall(ctx, longest, need), date=None)


def _before_taper(ctx: RuleContext, day: date) -> bool:
    week = ctx.plan.week_of(day)
    return week is not None and week.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)


def _shortfall(ctx: RuleContext, longest: float, need: float) -> Violation:
    settings = ctx.settings
    assert settings.race_date is not None
    enough = enough_race_date(ctx)
    when = (
        f"a race on or after {enough:%a %d %b %Y} would leave enough weeks"
        if enough is not None
        else "more weeks than a year holds would be needed: start from more weekly running"
    )
    race = {"5k": "5K", "10k": "10K", "half": "half marathon", "marathon": "marathon"}
    name = race[race_class(settings.distance_km or 0.0)]
    units = settings.units
    least = about_distance_text(need, units).removeprefix("about ")
    reached = (
        f"The longest run reaches {format_distance(longest, units)}"
        if longest > 0
        else "No long run comes before the taper (the plan is all taper and race week)"
    )
    return Violation(
        "V8",
        WARNING,
        f"{reached}; a {name} usually needs "
        f"{about_distance_text(need / 0.9, units)} (at least {least}, twice) before the taper. "
        f"The weeks to race day are too few to get there safely (V1): {when}.",
        None,
    )


def enough_race_date(ctx: RuleContext) -> date | None:
    """V8: the first race date (same weekday) whose plan reaches the target twice."""
    settings = ctx.settings
    assert settings.race_date is not None
    start = ctx.start
    need = readiness_minimum(settings)
    for extra in range(1, MAX_WEEKS + 1):
        later = settings.race_date + timedelta(weeks=extra)
        if (monday(later) - monday(start)).days // 7 + 1 > MAX_WEEKS:
            return None
        targets = week_targets(replace(settings, race_date=later), start)
        reached = sum(t.long_km >= need - 0.05 and t.taper_fraction is None for t in targets)
        if reached >= 2:
            return later
    return None


def _signature(ctx: RuleContext, week: Week) -> tuple[object, ...]:
    runs = sorted(
        (s for s in ctx.week_sessions(week) if s.is_run), key=lambda s: (s.date.weekday(), s.id)
    )
    return tuple((s.date.weekday(), s.kind, s.distance_km, s.steps) for s in runs)


def _copies(ctx: RuleContext) -> Iterator[Violation]:
    """V9: no two non-cut-back build weeks are copies of each other."""
    seen: dict[tuple[object, ...], Week] = {}
    for week in ctx.plan.weeks:
        if week.cutback or week.phase not in (Phase.BUILD, Phase.PEAK):
            continue
        if not ctx.is_full_week(week):
            continue
        signature = _signature(ctx, week)
        if not signature:
            continue
        if signature in seen:
            yield Violation(
                "V9", WARNING,
                f"Week {week.index} is a copy of week {seen[signature].index}: the sessions "
                "should grow through the build.",
                week.start,
            )  # fmt: skip
        seen.setdefault(signature, week)


def _beginner_start(ctx: RuleContext) -> Iterator[Violation]:
    """V10: a beginner's base is easy running and strides, one quality session at most."""
    if not is_novice(ctx.settings):
        return
    for week in ctx.plan.weeks:
        sessions = ctx.week_sessions(week)
        quality = [s for s in sessions if s.kind in QUALITY_KINDS]
        if week.phase is Phase.BASE and len(quality) > 1:
            yield Violation(
                "V10", WARNING,
                f"Week {week.index}: a beginner's base weeks have one quality run at most.",
                week.start,
            )  # fmt: skip
        if week is ctx.plan.weeks[0] or (week.index == 2 and ctx.plan.weeks[0].start < ctx.start):
            hills = any(s.kind is Kind.HILLS for s in sessions)
            heavy = any(s.load is Load.HEAVY for s in sessions)
            if hills and heavy:
                yield Violation(
                    "V10", WARNING, "Week 1: hills and heavy strength together at the start.",
                    week.start,
                )  # fmt: skip


def _lead_in(ctx: RuleContext) -> Iterator[Violation]:
    """V11: a plan that starts mid-week gives the days left their share of a week."""
    first = ctx.plan.weeks[0]
    if ctx.start <= first.start or first.to_race == 0:
        return
    days_left = 7 - ctx.start.weekday()
    share = starting_volume(ctx.settings) * days_left / 7
    units = ctx.settings.units
    if first.run_km > share * 1.25 + 2.0:
        held, fair = format_distance(first.run_km, units), about_distance_text(share, units)
        yield Violation(
            "V11", WARNING,
            f"The first {days_left} days hold {held}: more than their share of your week "
            f"({fair}).",
            first.start,
        )  # fmt: skip
    for run in ctx.week_sessions(first, Kind.LONG):
        # days outside the plan count as rest (as in V5)
        around = [run.date - timedelta(days=1), run.date + timedelta(days=1)]
        if all(any(s.is_run for s in ctx.days.get(d, [])) for d in around):
            yield ctx.at(
                run, "V11", WARNING, "the first short week has no rest day by its long run"
            )


def _easy_share(ctx: RuleContext) -> Iterator[Violation]:
    """V4: about 80% of the running easy (the fast parts of the sessions counted)."""
    paces = Paces(None)
    for week in ctx.plan.weeks:
        runs = [s for s in ctx.week_sessions(week) if s.is_run and s.kind is not Kind.RACE]
        total = sum(s.distance_km or 0.0 for s in runs)
        fast = sum(_fast_km(s, paces) for s in runs)
        if total > 0 and fast / total > 0.30:
            yield Violation(
                "V4", WARNING, f"Week {week.index}: keep about 80% of running easy.", week.start
            )


def _fast_km(session: Session, paces: Paces) -> float:
    if session.steps:
        return intense_km(session.steps, paces)
    return (session.distance_km or 0.0) if session.kind in QUALITY_KINDS else 0.0
