"""The RunLift desktop window (PySide6): ``runlift-gui [DOC]`` and ``python -m runlift.app``.

This module only reads the command line; Qt is imported when the window is really wanted, so
``--help`` and ``--self-test`` stay quick.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1480x900") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runlift-gui", description="The RunLift window: set up, see, adjust and deliver."
    )
    parser.add_argument("document", nargs="?", type=Path, help="a .runlift plan to open")
    parser.add_argument("--screenshot", type=Path, metavar="PATH",
                        help="render the window offscreen to a PNG and exit")  # fmt: skip
    parser.add_argument("--size", type=_size, default=(1480, 900), metavar="WxH",
                        help="window size for --screenshot (default 1480x900)")  # fmt: skip
    parser.add_argument("--today", type=_day, help="pretend today is this date (YYYY-MM-DD)")
    parser.add_argument("--select", metavar="SESSION_ID",
                        help="with --screenshot: show this session's details")  # fmt: skip
    panels = ("session", "warnings", "feed", "google", "caldav", "watch")
    parser.add_argument("--panel", choices=panels,
                        help="with --screenshot: the side panel to show")  # fmt: skip
    parser.add_argument(
        "--lan",
        action="store_true",
        help="with --panel feed: share the feed on the local network (QR code)",
    )
    parser.add_argument("--self-test", action="store_true",
                        help="check that the installed app can start, then exit")  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``runlift-gui``; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.self_test:
        from runlift.app.selftest import run_self_test

        return run_self_test()
    from runlift.app.launch import run

    return run(args)
