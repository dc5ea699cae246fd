"""The ``runlift`` command line. Each command group lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from runlift import __version__
from runlift.cli import (
    doc_cmds,
    output_cmds,
    paces_cmds,
    pdf_cmds,
    plan_cmds,
    workouts_cmds,
)
from runlift.cli.push import caldav as caldav_cmds
from runlift.cli.push import google as google_cmds
from runlift.errors import RunLiftError, SettingsError

_GROUPS = (
    plan_cmds, paces_cmds, doc_cmds, output_cmds, pdf_cmds, google_cmds, caldav_cmds,
    workouts_cmds,
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runlift",
        description="Running + strength plans toward a race, delivered to your calendars.",
    )
    parser.add_argument("--version", action="version", version=f"runlift {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in _GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: exit 0 on success, 2 for bad input, 1 for any other failure."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except SettingsError as error:
        print(f"runlift: {error}", file=sys.stderr)
        return 2
    except RunLiftError as error:
        print(f"runlift: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("runlift: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `runlift plan | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
