"""Which document the window opens with: the one asked for, the last one, or the demo plan.

The demo (``resources/demo.runlift``) is opened as an untitled copy with its own plan id and
feed token, so the bundled file is never written to and the window is never empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from runlift.app.document_state import build_plan
from runlift.errors import RunLiftError
from runlift.local_zone import local_timezone
from runlift.plan.model import RACE_DISTANCES_KM, Settings
from runlift.resources import resource_path
from runlift.storage.document import Document, load_document, new_document

DEMO_FILE = "demo.runlift"


@dataclass(frozen=True)
class Startup:
    document: Document
    path: Path | None
    problem: str | None = None  # why the requested or last document was not opened


def demo_document(today: date) -> Document:
    """An untitled copy of the bundled demo plan (or a half-marathon plan if it is missing)."""
    try:
        demo = load_document(resource_path(DEMO_FILE))
    except (OSError, RunLiftError):
        settings = Settings(race_date=today + timedelta(weeks=16),
                            distance_km=RACE_DISTANCES_KM["half"])  # fmt: skip
        return new_document(replace(settings, timezone=local_timezone()), "Demo plan", today)
    settings = replace(demo.settings, timezone=local_timezone())  # events at the runner's hours
    return replace(new_document(settings, demo.name, today), edits=demo.edits)


def _open(path: Path, today: date) -> Document:
    document = load_document(path)
    build_plan(document, today)  # a document whose plan cannot be built is refused here
    return document


def startup_document(requested: Path | None, last: str | None, today: date) -> Startup:
    """The requested document, else the last one (if it still opens), else the demo."""
    if requested is not None:
        try:
            return Startup(_open(requested, today), requested)
        except (OSError, RunLiftError) as error:
            return Startup(demo_document(today), None, f"Cannot open {requested}: {error}")
    if last and Path(last).is_file():
        try:
            return Startup(_open(Path(last), today), Path(last))
        except (OSError, RunLiftError) as error:
            return Startup(demo_document(today), None, f"Cannot open {last}: {error}")
    return Startup(demo_document(today), None)
