"""The words of edits: figures in titles that follow a new distance, and why an id is gone."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from runlift.plan.content.describe import steps_text
from runlift.plan.model import KM_PER_MILE, Mode, Plan, Session, Step, Units


def day_text(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def resized(session: Session, km: float | None, minutes: int, units: Units) -> Session:
    """The session with a new distance and time; its steps and the figures in its words follow."""
    title, text, steps = session.title, session.description, session.steps
    if km is not None and session.distance_km is not None:
        steps = resteps(session.steps, session.distance_km, km)
        text = text.replace(steps_text(session.steps, units), steps_text(steps, units))
        title = refigure_km(title, session.distance_km, km)
        text = refigure_km(text, session.distance_km, km)
    title = refigure_minutes(title, session.minutes, minutes)
    text = refigure_minutes(text, session.minutes, minutes)
    return replace(
        session,
        distance_km=km,
        minutes=minutes,
        title=title,
        description=text,
        steps=steps,
        edited=True,
    )


def resteps(steps: tuple[Step, ...], old_km: float, new_km: float) -> tuple[Step, ...]:
    """The steps of a longer or shorter run: the last easy part takes the difference, or
    (when it cannot) every part by distance grows or shrinks in proportion."""
    change = new_km - old_km
    for index in range(len(steps) - 1, -1, -1):
        step = steps[index]
        if step.km is not None and step.zone == "E":
            if step.km + change >= 0.5:
                new = replace(step, km=round(step.km + change, 2))
                return (*steps[:index], new, *steps[index + 1 :])
            break
    ratio = new_km / old_km if old_km else 1.0
    return tuple(replace(s, km=round(s.km * ratio, 2)) if s.km is not None else s for s in steps)


# ---------------------------------------------------------------------------------------------
# Figures in titles and descriptions

_KM_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(\s?)(km|mi)\b")
_MIN_FIGURE = re.compile(r"(\d+)(\s?)min\b")


def refigure_km(text: str, old_km: float, new_km: float) -> str:
    """Replace the figure that shows ``old_km`` (in km or miles) by ``new_km``."""

    def swap(match: re.Match[str]) -> str:
        factor = KM_PER_MILE if match.group(3) == "mi" else 1.0
        shown = float(match.group(1)) * factor
        if abs(shown - old_km) > 0.051 * factor:
            return match.group(0)
        return f"{round(new_km / factor, 1):g}{match.group(2)}{match.group(3)}"

    return _KM_FIGURE.sub(swap, text)


def refigure_minutes(text: str, old: int, new: int) -> str:
    def swap(match: re.Match[str]) -> str:
        if int(match.group(1)) != old:
            return match.group(0)
        return f"{new}{match.group(2)}min"

    return _MIN_FIGURE.sub(swap, text)


# ---------------------------------------------------------------------------------------------
# Why an id is missing, in the runner's words

_ID = re.compile(r"^w-(\d{2,})\.([a-z0-9-]+)$")
_ROLE_WORDS = {
    "long": "long run",
    "race": "race",
    "shakeout": "shake-out run",
    "rest": "rest day",
    "quality-1": "first quality run",
    "quality-2": "second quality run",
}


def _role_words(role: str) -> str:
    if role in _ROLE_WORDS:
        return _ROLE_WORDS[role]
    if role.startswith("strength-"):
        load, _, second = role.removeprefix("strength-").partition("-")
        return f"{'second ' if second else ''}{load} strength session"
    kind, _, number = role.rpartition("-")
    return f"{kind} session {number}" if number.isdigit() else role.replace("-", " ")


def id_words(session_id: str, mode: Mode = Mode.RACE) -> str:
    """A session known only by its id, in words: ``the long run 15 weeks before race week``."""
    match = _ID.match(session_id)
    if not match:
        return "a session of another plan"
    number, role = int(match.group(1)), _role_words(match.group(2))
    if mode is Mode.RACE:
        return (
            f"the {role} {number} weeks before race week" if number else f"the {role} of race week"
        )
    return f"the {role} of week {number}"


def missing_reason(plan: Plan, session_id: str) -> str:
    """Why ``session_id`` is not in ``plan`` (e.g. the race date moved and the plan is shorter),
    naming the session in words (the id stays in ``--json`` and the debug log)."""
    match = _ID.match(session_id)
    if not match:
        return "that session is not one of this plan's"
    number, role = int(match.group(1)), _role_words(match.group(2))
    named = id_words(session_id, plan.settings.mode)
    gone = named[:1].upper() + named[1:] + " no longer exists"
    if plan.settings.mode is Mode.RACE:
        longest = max((w.to_race for w in plan.weeks if w.to_race is not None), default=0)
        if number > longest:
            return (
                f"{gone}: the plan now starts {longest} weeks before race week, not {number} "
                "(the race date or the start moved)"
            )
        return f"{gone}: that week has no {role} now"
    if number > len(plan.weeks) or number < 1:
        return f"{gone}: the plan now has {len(plan.weeks)} weeks"
    return f"{gone}: that week has no {role} now"
