"""Session details: when, how far, how fast, which exercises, and why the session is there."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from runlift.app.view.model import week_label, week_marks
from runlift.plan.content.describe import format_distance, minutes_text
from runlift.plan.model import Kind, Plan, Session, Slot, Units
from runlift.plan.paces import format_pace_range
from runlift.plan.strength.exercises import describe_exercises
from runlift.publish.watch.text import watch_lines
from runlift.publish.watch.workouts import has_workout, workout_name

_SLOT_WORDS = {Slot.AM: "morning", Slot.PM: "evening", Slot.ALLDAY: "any time"}


def session_facts(session: Session, units: Units) -> str:
    """When, how long, how far, how fast and how heavy, on one line."""
    when = f"{session.date:%A %d %B %Y}"
    if session.start is not None:
        when += f", {session.start:%H:%M} ({_SLOT_WORDS[session.slot]})"
    facts = [when]
    if session.minutes and session.kind is not Kind.REST:
        facts.append(f"about {minutes_text(session.minutes)}")
    if session.distance_km:
        facts.append(format_distance(session.distance_km, units))
    if session.pace is not None:
        facts.append(format_pace_range(session.pace, units))
    if session.load is not None:
        facts.append(f"{session.load.value} load")
    return " · ".join(facts)


def session_html(session: Session, plan: Plan) -> str:
    """The details of one session as simple HTML (system palette colours apply)."""
    facts = session_facts(session, plan.settings.units)
    parts = [f"<h3>{escape(session.title)}</h3>", f"<p>{escape(facts)}</p>"]
    parts += _status(session)
    if session.exercises:  # the list with its cues, then why (the text repeats the list)
        parts.append(_exercises(session))
        week = plan.week_of(session.date)
        if week is not None:
            parts.append(f"<p>{escape(week_marks(week))} · {escape(week_label(week))}</p>")
        if session.why:
            parts.append(f"<p><b>Why here:</b> {escape(session.why)}</p>")
    elif session.description:  # runs: the text already says how and why
        parts.append(paragraphs_html(session.description))
    parts += _on_the_watch(session, plan)
    parts += _warnings(session, plan)
    return "\n".join(parts)


def _exercises(session: Session) -> str:
    """S3: sets × reps or breaths per exercise, with the rest advice last."""
    lines = describe_exercises(session.exercises).splitlines()
    items = "".join(f"<li>{_exercise_item(line)}</li>" for line in lines[:-1])
    return f"<p><b>Exercises</b></p><ul>{items}</ul><p><i>{escape(lines[-1])}</i></p>"


def _exercise_item(line: str) -> str:
    """``<b>Goblet squat — 3 × 10-12</b> cue…``: the dose stands out from the form cue."""
    head, dot, cue = line.partition(". ")
    return f"<b>{escape(head)}</b>{dot}{escape(cue)}"


def _on_the_watch(session: Session, plan: Plan) -> list[str]:
    """The steps as the watch will run them (the Watch panel sends them)."""
    if not has_workout(session):
        return []
    units = plan.settings.units
    rows = []
    for line in watch_lines(session, units):
        text = line.lstrip(" ")
        rows.append("&nbsp;" * 2 * (len(line) - len(text)) + escape(text))
    title = escape(workout_name(session, units))
    return [f"<p><b>On the watch</b> ({title})<br>{'<br>'.join(rows)}</p>"]


def _status(session: Session) -> list[str]:
    notes = []
    if session.skipped:
        notes.append("Skipped (right-click the chip to restore it).")
    if session.edited:
        notes.append("Changed by you.")
    if session.locked:
        notes.append("Locked.")
    return [f"<p><i>{' '.join(notes)}</i></p>"] if notes else []


def _warnings(session: Session, plan: Plan) -> list[str]:
    broken = [v for v in plan.warnings if v.session_id == session.id]
    if not broken:
        return []
    items = "".join(f"<li><b>{v.rule}</b>: {escape(v.message)}</li>" for v in broken)
    return [f"<p style='color:#d32f2f'><b>Rules broken</b></p><ul>{items}</ul>"]


def paragraphs_html(text: str) -> str:
    """Blank-line separated text as paragraphs, its line breaks kept."""
    blocks = [block for block in text.split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks)


class DetailsPanel(QTextBrowser):
    """Shows the selected session; a hint when nothing is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_id: str | None = None
        self.setOpenExternalLinks(False)
        self.show_session(None, None)

    def show_session(self, session: Session | None, plan: Plan | None) -> None:
        self.session_id = session.id if session else None
        if session is None or plan is None:
            self.setHtml(
                "<p><i>Click a session in the plan to see its distance, paces, exercises "
                "and why it sits on that day. Drag it to another day to move it.</i></p>"
            )
            return
        self.setHtml(session_html(session, plan))
