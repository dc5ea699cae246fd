"""Watch workouts on the command line: ``runlift workouts DOC DIR`` and ``--to-watch``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from runlift.cli.common import add_document_command
from runlift.errors import PublishError, SettingsError
from runlift.plan.settings_io import parse_date
from runlift.publish.watch.device import copy_by_hand, search_here, send_to_watch
from runlift.publish.watch.workouts import WorkoutChoice, default_folder, document_workouts


def register(commands: Any) -> None:
    """Add ``workouts`` to the ``runlift`` parser."""
    parser = add_document_command(
        commands, "workouts", "write the coming sessions as watch workouts (FIT files)", _workouts
    )
    parser.add_argument(
        "folder", metavar="DIR", type=Path, nargs="?", help="where to write the .fit files"
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day (default: today)")
    parser.add_argument("--weeks", metavar="N", help="this many weeks (default: to race day)")
    parser.add_argument("--runs-only", action="store_true", help="leave out strength sessions")
    parser.add_argument(
        "--to-watch", action="store_true", help="copy them onto a Garmin plugged in over USB"
    )


def _choice(args: argparse.Namespace) -> WorkoutChoice:
    weeks = None
    if args.weeks is not None:
        try:
            weeks = int(args.weeks)
        except ValueError:
            raise SettingsError("weeks", f"{args.weeks!r} is not a whole number") from None
    start = parse_date(args.start, "from") if args.start else None
    return WorkoutChoice(start, weeks, args.runs_only)


def _workouts(args: argparse.Namespace) -> int:
    if args.folder is None and not args.to_watch:
        raise SettingsError("DIR", "give a folder to write into, or --to-watch")
    folder = args.folder or default_folder(args.document)
    written = document_workouts(args.document, folder, _choice(args), datetime.now(UTC))
    for workout, path in written:
        print(f"Wrote {path}  ({workout.workout_name})")
    if written:
        print(f"{len(written)} workouts in {folder}.")
    else:
        print("No coming session has steps for the watch in those weeks; nothing written.")
    if not args.to_watch:
        return 0
    return _to_watch([path for _, path in written], folder)


def _to_watch(paths: list[Path], folder: Path) -> int:
    search = search_here()
    if not search.watches:
        print(f"runlift: {copy_by_hand(folder, search)}", file=sys.stderr)
        return 1
    for watch in search.watches:
        try:
            copied = send_to_watch(paths, watch)
        except PublishError as error:
            print(f"runlift: {error}", file=sys.stderr)
            return 1
        print(
            f"Copied {len(copied)} workouts to {watch.label} → {copied[0].parent if copied else ''}"
        )
    print("Eject and unplug the watch: it imports them into its workouts.")
    return 0
