"""``runlift-gui --self-test``: proves that an installed RunLift (or the bundle) works end to end.

Runs offscreen and touches nothing of the user's: it loads the demo plan shipped in the
resources, generates it, exports an ``.ics`` into a temporary folder and parses it back, serves
it once as a feed on a free port of 127.0.0.1, and checks the parts a bundle can lose (Qt
plugins, keyring backends, time zones, the Google discovery document). One line per step;
exit 0 when every step passed, 1 with the failing step's reason otherwise.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runlift.plan.model import Plan
    from runlift.publish.events import CalendarEvent
    from runlift.storage.document import Document

DEMO_NAME = "demo.runlift"
ICON_NAME = "icons/runlift.svg"


class SelfTestFailure(Exception):
    """A step found the installation broken; the message says what is wrong."""


@dataclass
class _Run:
    """What the steps hand on to each other (filled in step by step)."""

    folder: Path
    doc: Document | None = None
    plan: Plan | None = None
    events: tuple[CalendarEvent, ...] = ()
    ics: bytes = b""
    qt_app: object = None

    def document(self) -> Document:
        if self.doc is None:
            raise SelfTestFailure("the demo plan was not loaded")
        return self.doc

    def generated(self) -> Plan:
        if self.plan is None:
            raise SelfTestFailure("the demo plan was not generated")
        return self.plan


def _check(condition: bool, reason: str) -> None:
    if not condition:
        raise SelfTestFailure(reason)


def _vevent_count(body: bytes) -> int:
    from icalendar import Calendar

    return len(Calendar.from_ical(body).walk("VEVENT"))


# --- The steps. Each returns the short summary printed after "ok".


def _qt(run: _Run) -> str:
    from PySide6.QtGui import QIcon, QImageReader
    from PySide6.QtWidgets import QApplication

    from runlift.resources import resource_path

    # Reuse the caller's application; a new one is kept on the run so it outlives this step.
    run.qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    formats = {bytes(fmt.data()).decode() for fmt in QImageReader.supportedImageFormats()}
    _check(
        {"png", "svg"} <= formats, f"Qt image formats missing: {sorted({'png', 'svg'} - formats)}"
    )
    icon = QIcon(str(resource_path(ICON_NAME)))
    _check(not icon.pixmap(64, 64).isNull(), f"the app icon {ICON_NAME} does not render")
    return f"platform {QApplication.platformName()}, png and svg images, the app icon renders"


def _load_demo(run: _Run) -> str:
    from runlift.resources import resource_path
    from runlift.storage.document import load_document

    run.doc = load_document(resource_path(DEMO_NAME))
    return f"{DEMO_NAME}: {run.doc.name or 'unnamed plan'}"


def _generate(run: _Run) -> str:
    from runlift.plan.edits.apply import document_today, plan_with_edits

    doc = run.document()
    plan, _outcomes = plan_with_edits(
        doc.settings, doc.edits, document_today(doc.settings, date.today())
    )
    _check(len(plan.sessions) > 0, "the demo plan generated no sessions")
    run.plan = plan
    return f"{len(plan.sessions)} sessions over {len(plan.weeks)} weeks"


def _export_ics(run: _Run) -> str:
    from runlift.publish.events import PLAN_OPTIONS, to_events
    from runlift.publish.ics import calendar_name, render_ics, write_atomic

    doc = run.document()
    run.events = to_events(run.generated(), doc.plan_uuid, PLAN_OPTIONS)
    run.ics, _records = render_ics(
        run.events, calendar_name(doc, PLAN_OPTIONS), {}, datetime.now(UTC), PLAN_OPTIONS
    )
    path = run.folder / "self-test.ics"
    write_atomic(path, run.ics)
    parsed = _vevent_count(path.read_bytes())
    _check(parsed == len(run.events) > 0, f"{path.name} holds {parsed} of {len(run.events)} events")
    _check(b"BEGIN:VTIMEZONE" in run.ics, "the .ics has no time zone (is tzdata missing?)")
    return f"{parsed} events, {len(run.ics) // 1024} KiB, parsed back with icalendar"


def _feed(run: _Run) -> str:
    from runlift.publish.feed.server import LOOPBACK, FeedServer
    from runlift.storage.document import new_feed_token, save_document

    # The feed serves (and updates) a document file: give it a copy, never the shipped demo.
    copy = run.folder / "self-test.runlift"
    save_document(copy, replace(run.document(), feed_token=new_feed_token()))
    server = FeedServer(copy)
    server.start(LOOPBACK, 0)
    try:
        port = server.port
        with urllib.request.urlopen(server.url, timeout=10) as reply:
            kind, body = reply.headers.get("Content-Type", ""), reply.read()
    finally:
        server.stop()
    _check(kind.startswith("text/calendar"), f"the feed answered with {kind!r}")
    served = _vevent_count(body)
    _check(served == len(run.events), f"the feed served {served} of {len(run.events)} events")
    return f"{served} events served on 127.0.0.1:{port}, then stopped"


def _keyring(run: _Run) -> str:
    # keyring discovers its backends through entry points: a bundle without the metadata has none.
    names = sorted(point.name for point in entry_points(group="keyring.backends"))
    _check(bool(names), "no keyring backends found: passwords could not be stored")
    return ", ".join(names)


def _google_discovery(run: _Run) -> str:
    from googleapiclient.discovery_cache import get_static_doc

    document = get_static_doc("calendar", "v3")
    _check(document is not None, "the Google Calendar discovery document is missing")
    resources = json.loads(str(document))["resources"]
    _check("events" in resources, "the Google Calendar discovery document has no events")
    return f"calendar v3 with {len(resources)} resources"


def _window(run: _Run) -> str:
    from PySide6.QtCore import QSettings

    from runlift.app.window.main import MainWindow

    # Window state goes to a scratch file: the self-test leaves the user's settings alone.
    scratch = QSettings(str(run.folder / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(run.document(), date.today(), ui_settings=scratch)
    window.show()
    shown = window.isVisible()
    window.close()
    _check(shown, "the main window did not show")
    return f"{type(window).__name__} shown and closed"


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("qt", _qt),
    ("demo plan", _load_demo),
    ("generate", _generate),
    ("ics export", _export_ics),
    ("feed", _feed),
    ("keyring", _keyring),
    ("google", _google_discovery),
    ("window", _window),
)


def run_self_test() -> int:
    """Run every step, print one line each; 0 when all passed, 1 at the first failure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="runlift-self-test-") as folder:
        run = _Run(Path(folder))
        for name, step in STEPS:
            try:
                summary = step(run)
            except Exception as error:  # any failure is the answer: report it, don't crash
                reason = str(error) or type(error).__name__
                print(f"FAIL {name}: {reason}", flush=True)
                return 1
            print(f"ok   {name}: {summary}", flush=True)
    print(f"self-test passed in {time.perf_counter() - started:.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(run_self_test())
