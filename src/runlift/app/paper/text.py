"""The words of the printed plan: the cover (race, paces, rule notes) and every week's
sessions in full, as HTML that ``print_plan`` flows over the pages."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from runlift.app.details.panel import paragraphs_html, session_facts
from runlift.app.view.model import sessions_by_day, week_label, week_marks
from runlift.plan.content.describe import format_distance
from runlift.plan.distance_io import distance_label, volume_text
from runlift.plan.model import Kind, Mode, Phase, Plan, Session
from runlift.plan.paces import (
    effort_words,
    format_pace_range,
    goal_pace,
    training_paces,
    vdot_from_race,
)
from runlift.plan.race_io import format_race_result

_RACE_WORDS = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}


def goal_text(plan: Plan) -> str:
    """``Half marathon on Sunday 14 March 2027`` or ``Base training, 12 weeks``."""
    settings = plan.settings
    if settings.mode is Mode.RACE and settings.race_date and settings.distance_km:
        label = distance_label(settings.distance_km)
        race = _RACE_WORDS.get(label) or format_distance(settings.distance_km, settings.units)
        return f"{race} on {settings.race_date:%A %d %B %Y}"
    return f"Base training, {len(plan.weeks)} weeks"


def cover_html(plan: Plan, name: str) -> str:
    settings, units = plan.settings, plan.settings.units
    first, last = plan.weeks[0].start, plan.weeks[-1].start + timedelta(days=6)
    week = [
        f"{settings.runs} runs a week, the long run on {settings.long_run_day.title()}",
        f"rest day {settings.rest.title()}",
        f"{sum(1 for s in plan.active_sessions if s.kind is Kind.STRENGTH)} strength sessions",
        f"starting from {volume_text(settings.weekly_km, units)} {units.value} a week",
    ]
    parts = [
        f"<h1>{escape(name)}</h1>",
        f"<p><b>{escape(goal_text(plan))}</b><br>{len(plan.weeks)} weeks, "
        f"{first:%d %B %Y} to {last:%d %B %Y}<br>{escape('; '.join(week))}.</p>",
        "<h2>Paces</h2>",
        _paces_html(plan),
        "<h2>Taper and strength cut-back</h2>",
        _milestones_html(plan),
        "<h2>Rule notes</h2>",
        _rule_notes_html(plan),
        "<h2>Reading the grid</h2>",
        "<p>One row per week, Monday to Sunday; each box is a session with its distance "
        f"({units.value}) or its load. Tinted weeks are the taper. A box with a red edge and ⚠ "
        "breaks the rule it names; a dashed box was skipped.</p>",
    ]
    return "\n".join(parts)


def _paces_html(plan: Plan) -> str:
    """P1/P2: the runner's training paces, or P3's effort words without a race result."""
    settings = plan.settings
    if plan.vdot is None or settings.recent_race is None:
        return "<p>No recent race given: every run is described by effort (P3).</p>"
    race = settings.recent_race
    vdot = vdot_from_race(race.distance_km, race.seconds)  # the plan's own, not the rounded
    rows = "".join(
        f"<tr><td><b>{escape(format_pace_range(pace, settings.units))}</b></td>"
        f"<td>{escape(effort_words(key))}</td></tr>"
        for key, pace in training_paces(vdot).items()
    )
    if settings.mode is Mode.RACE and settings.distance_km:
        pace = goal_pace(vdot, settings.distance_km)
        rows += (
            f"<tr><td><b>{escape(format_pace_range(pace, settings.units))}</b></td>"
            "<td>your goal race pace</td></tr>"
        )
    result = format_race_result(settings.recent_race)
    return (
        f"<p>From your recent race {escape(result)}: VDOT {plan.vdot:.1f}.</p>"
        f"<table cellpadding=3>{rows}</table>"
    )


def _milestones_html(plan: Plan) -> str:
    taper = next((w for w in plan.weeks if w.phase in (Phase.TAPER, Phase.RACE)), None)
    cutback = next((w for w in plan.weeks if w.strength_cutback), None)
    lines = []
    if taper is not None:  # T1
        lines.append(f"The taper starts on {taper.start:%A %d %B} ({week_label(taper)}).")
    if cutback is not None:  # T3
        lines.append(f"Light strength only from {cutback.start:%A %d %B} ({week_label(cutback)}).")
    return f"<p>{' '.join(lines) or 'No taper: a base block builds up to its last week.'}</p>"


def _rule_notes_html(plan: Plan) -> str:
    if not plan.warnings:
        return "<p>The plan breaks none of its rules.</p>"
    items = "".join(
        f"<li><b>{escape(v.rule)}</b> ({v.severity.value})"
        f"{escape(f' {v.date:%a %d %b}' if v.date else '')}: {escape(v.message)}</li>"
        for v in plan.warnings
    )
    return f"<ul>{items}</ul>"


def sessions_html(plan: Plan) -> str:
    """Each week's sessions in order, each with what to do in full."""
    units = plan.settings.units
    by_day = sessions_by_day(plan)
    parts = ["<h1>The sessions</h1>"]
    for week in plan.weeks:
        volume = format_distance(plan.shown_km(week), units)
        parts.append(f"<h2>{escape(week_label(week))} · {escape(week_marks(week))} · "
                     f"{week.start:%d %b} · {volume}</h2>")  # fmt: skip
        days = (week.start + timedelta(days=n) for n in range(7))
        for session in (s for day in days for s in by_day.get(day, ())):
            parts.append(_session_html(session, plan))
    return "\n".join(parts)


def _session_html(session: Session, plan: Plan) -> str:
    skipped = " (skipped)" if session.skipped else ""
    head = f"<p><b>{session.date:%a %d %b} · {escape(session.title)}{skipped}</b><br>"
    facts = f"<small>{escape(session_facts(session, plan.settings.units))}</small></p>"
    broken = [f"⚠ {v.rule}: {v.message}" for v in plan.warnings if v.session_id == session.id]
    notes = f"<p style='color:#d32f2f'>{escape(' · '.join(broken))}</p>" if broken else ""
    if session.kind is Kind.REST:
        return head + facts + notes
    return head + facts + notes + paragraphs_html(session.description)
