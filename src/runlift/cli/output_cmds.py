"""Calendar outputs on the command line: ``export``, ``serve``, ``publish``, ``feed rotate``.

These are the edges where the real clock is read: the publish layer takes ``now`` as a value.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from runlift.cli.common import add_document_command
from runlift.errors import SettingsError
from runlift.publish.events import EventOptions
from runlift.publish.feed.files import ensure_token, publish_folder
from runlift.publish.feed.files import rotate_token as rotate_feed_token
from runlift.publish.feed.port import ServedPort, moved_note, start_on_kept_port
from runlift.publish.feed.server import ALL_INTERFACES, LOOPBACK, FeedServer
from runlift.publish.ics import export_document

MAX_ALARM_MINUTES = 7 * 24 * 60


_command = add_document_command


def register(commands: Any) -> None:
    """Add the output commands to the ``runlift`` parser."""
    export = _command(commands, "export", "write the plan as an .ics calendar file", _export)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.ics")
    export.add_argument("--all-day", action="store_true", help="whole-day events, no times")
    export.add_argument("--busy-only", action="store_true", help="only 'Busy' at the same times")
    export.add_argument("--busy-text", default="Busy", help="the word busy events show")
    export.add_argument("--alarm", type=int, metavar="MIN", help="a reminder MIN minutes before")
    export.add_argument("--include-rest", action="store_true", help="rest days as free events")
    serve = _command(commands, "serve", "serve the plan as a calendar feed until Ctrl-C", _serve)
    serve.add_argument(
        "--port", type=int, help="port (default: the plan's own, kept across restarts; 0: any)"
    )
    serve.add_argument("--lan", action="store_true", help="share on the local network too")
    publish = _command(commands, "publish", "write the feed files into a folder", _publish)
    publish.add_argument("folder", metavar="DIR", type=Path, help="web-host or synced folder")
    feed = commands.add_parser("feed", help="the feed address", description="the feed address")
    actions = feed.add_subparsers(dest="feed_action", metavar="ACTION", required=True)
    _command(actions, "rotate", "a new feed address; the old one stops working", _rotate)


def _now() -> datetime:
    return datetime.now(UTC)


def export_options(args: argparse.Namespace) -> EventOptions:
    """The export flags as event options; bad values are SettingsError (exit 2)."""
    if args.alarm is not None and not 0 <= args.alarm <= MAX_ALARM_MINUTES:
        raise SettingsError("alarm", f"a reminder must be 0 to {MAX_ALARM_MINUTES} minutes before")
    busy_text = args.busy_text.strip()
    if not busy_text:
        raise SettingsError("busy_text", "the busy word cannot be empty")
    return EventOptions(
        all_day=args.all_day,
        include_rest=args.include_rest,
        busy_only=args.busy_only,
        busy_text=busy_text,
        alarm_minutes=args.alarm,
    )


def _export(args: argparse.Namespace) -> int:
    result = export_document(args.document, args.output, export_options(args), _now())
    print(
        f"Wrote {result.events} events to {result.path} "
        f"({result.changed} new or changed, {result.size:,} bytes)."
    )
    if result.note:
        print(f"Note: {result.note}.", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.port is not None and not 0 <= args.port <= 65535:
        raise SettingsError("port", "the port must be between 0 and 65535")
    doc = ensure_token(args.document)
    server = FeedServer(args.document)
    host = ALL_INTERFACES if args.lan else LOOPBACK
    if args.port is None:  # the same address as the window's feed and the last serve
        served = start_on_kept_port(server, doc.plan_uuid, doc.feed_token, host)
    else:
        server.start(host, args.port)
        served = ServedPort(server.port)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    try:
        if served.moved_from is not None:
            print(moved_note(served))
        print(f"Serving {args.document.name}:")
        print(f"  Plan:  {server.url}")
        print(f"         {server.webcal_url}")
        print(f"  Busy:  {server.busy_url}")
        print(f"         {server.busy_webcal_url}")
        if args.lan:
            print("Anyone on your local network who has the address can read the plan.")
        print("Press Ctrl-C to stop.", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    print("Feed stopped.")
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _publish(args: argparse.Namespace) -> int:
    notes: list[str] = []
    written = publish_folder(args.document, args.folder, _now(), notes)
    for path in written:
        print(f"Wrote {path}")
    for note in notes:
        print(f"Note: {note}.", file=sys.stderr)
    print(f"Upload or sync {args.folder} as it is: the folder names are the private address.")
    return 0


def _rotate(args: argparse.Namespace) -> int:
    doc = rotate_feed_token(args.document)
    print(f"New feed address for {args.document.name}: …/feed/{doc.feed_token}/plan.ics")
    print("The old address stops working: a running `runlift serve` switches at once, a folder")
    print("switches when you run `runlift publish` again. Subscribers must subscribe again.")
    return 0
