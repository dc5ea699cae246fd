"""Which document the window opens with: the one asked for, the last one, or the demo plan.

The demo (``resources/demo.runlift``) is opened as an untitled copy with its own plan id and
feed token, so the bundled file is never written to and the window is never empty. Its dates are
moved by whole weeks to start in the current week, so the demo never opens as a past plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from runlift.app.document.state import BuiltPlan, build_plan
from runlift.errors import RunLiftError
from runlift.local_zone import local_timezone
from runlift.plan.edits.record import Edit
from runlift.plan.model import RACE_DISTANCES_KM, Settings
from runlift.resources import resource_path
from runlift.storage.document import Document, load_document, new_document

DEMO_FILE = "demo.runlift"


@dataclass(frozen=True)
class Startup:
    document: Document
    path: Path | None
    problem: str | None = None  # why the requested or last document was not opened
    built: BuiltPlan | None = None  # the plan, when opening had to build it already


def demo_document(today: date) -> Document:
    """An untitled copy of the bundled demo plan (or a half-marathon plan if it is missing)."""
    try:
        demo = load_document(resource_path(DEMO_FILE))
    except (OSError, RunLiftError):
        settings = Settings(race_date=today + timedelta(weeks=16),
                            distance_km=RACE_DISTANCES_KM["half"])  # fmt: skip
        return new_document(replace(settings, timezone=local_timezone()), "Demo plan", today)
    demo = shifted_to_week_of(demo, today)
    settings = replace(demo.settings, timezone=local_timezone())  # events at the runner's hours
    return replace(new_document(settings, demo.name, today), edits=demo.edits)


def demo_shift(settings: Settings, today: date) -> timedelta:
    """The whole weeks that bring the demo's start to the Monday of ``today``'s week."""
    if settings.start is None:
        return timedelta(0)
    start_monday = settings.start - timedelta(days=settings.start.weekday())
    this_monday = today - timedelta(days=today.weekday())
    return timedelta(weeks=(this_monday - start_monday).days // 7)


def shifted_to_week_of(document: Document, today: date) -> Document:
    """The document with every date moved by the same whole weeks (see ``demo_shift``).

    Whole weeks keep each weekday, so the plan has the same weeks, sessions and ids, and every
    edit (a move's ``date`` and ``from_date``) still lands on the session it was made for.
    """
    shift = demo_shift(document.settings, today)
    if not shift:
        return document
    settings = document.settings
    settings = replace(
        settings,
        start=_moved(settings.start, shift),
        race_date=_moved(settings.race_date, shift),
        unavailable=tuple(day + shift for day in settings.unavailable),
    )
    edits = tuple(_shifted_edit(edit, shift) for edit in document.edits)
    return replace(document, settings=settings, edits=edits)


def _shifted_edit(edit: Edit, shift: timedelta) -> Edit:
    return replace(edit, date=_moved(edit.date, shift), from_date=_moved(edit.from_date, shift))


def _moved(day: date | None, shift: timedelta) -> date | None:
    return None if day is None else day + shift


def _open(path: Path, today: date) -> Startup:
    """A document whose plan cannot be built is refused here; the one built is kept for the
    window, so an opened plan is generated once."""
    document = load_document(path)
    return Startup(document, path, built=build_plan(document, today))


def startup_document(requested: Path | None, last: str | None, today: date) -> Startup:
    """The requested document, else the last one (if it still opens), else the demo."""
    if requested is not None:
        try:
            return _open(requested, today)
        except (OSError, RunLiftError) as error:
            return Startup(demo_document(today), None, f"Cannot open {requested}: {error}")
    if last and Path(last).is_file():
        try:
            return _open(Path(last), today)
        except (OSError, RunLiftError) as error:
            return Startup(demo_document(today), None, f"Cannot open {last}: {error}")
    return Startup(demo_document(today), None)
