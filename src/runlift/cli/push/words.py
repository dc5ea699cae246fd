"""What a calendar push prints, the same for Google and CalDAV: progress, the dry run's
changes one line each, and the counts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from runlift.publish.sync.diff import Action, PushResult, SyncStep, calendar_summary, step_words


def progress_printer(where: str) -> Callable[[int, int], None] | None:
    """``Writing to <where>: 3/40`` on one terminal line; nothing when stderr is no terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\rWriting to {where}: {done}/{total}", end=end, file=sys.stderr)

    return show


def step_line(step: SyncStep) -> str:
    words = {Action.CREATE: "create", Action.UPDATE: "update", Action.DELETE: "delete"}
    return f"  {words[step.action]:<6}  {step_words(step)} ({step.reason})"


def push_summary(result: PushResult, service: str, note: str = "") -> str:
    """``<service> “<calendar>”: N created, …``; a dry run says it wrote nothing."""
    counts = (
        f"{result.created} created, {result.updated} updated, "
        f"{result.deleted} deleted, {result.unchanged} unchanged"
    )
    name = calendar_summary(result.document)
    if result.dry_run:
        return f"Dry run for “{name}”: would be {counts}. Nothing was written."
    made = " (calendar created)" if result.calendar_created else ""
    return f"{service} “{name}”{made}: {counts}{note} ({result.requests} HTTP requests)."


def print_push(result: PushResult, service: str, note: str = "") -> None:
    """The dry run's changes, one line each, then the counts."""
    if result.dry_run:
        for step in result.plan.writes:
            print(step_line(step))
    print(push_summary(result, service, note))


Handler = Callable[[argparse.Namespace], int]


def action(actions: Any, name: str, text: str, handler: Handler) -> argparse.ArgumentParser:
    """One ``runlift google|caldav ACTION``, run by ``handler``."""
    parser: argparse.ArgumentParser = actions.add_parser(name, help=text, description=text)
    parser.set_defaults(handler=handler)
    return parser


def push_actions(
    actions: Any, push: Handler, status: tuple[str, Handler], logout: tuple[str, Handler]
) -> argparse.ArgumentParser:
    """``push DOC [--dry-run]``, ``status [DOC]`` and ``logout``, the same for every calendar
    account; the ``push`` parser is returned for a target's own options."""
    send = action(actions, "push", "create, update and delete the plan's events", push)
    send.add_argument("document", metavar="DOC", type=Path, help="the plan document (.runlift)")
    send.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    shown = action(actions, "status", *status)
    shown.add_argument("document", metavar="DOC", type=Path, nargs="?", help="a plan document")
    action(actions, "logout", *logout)
    return send
