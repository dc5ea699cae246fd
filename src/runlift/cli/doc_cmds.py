"""Plan documents on the command line: ``new``, ``show``, ``move``, ``skip``, ``restore``,
``swap``, ``distance``, ``minutes``, ``lock``, ``unlock``, ``set``, ``check``.

Every command that changes a document saves it atomically and says so in one line. A document
that cannot be read ends the command with its ``DocumentError`` (exit 1); bad input, including an
edit that cannot apply, exits 2 (raised as ``SettingsError``).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from runlift.cli.common import (
    add_document_command,
    add_plan_options,
    settings_from_args,
    today_from_args,
)
from runlift.cli.doc_text import edit_report, plan_json, plan_line, warning_report, week_table
from runlift.errors import SettingsError
from runlift.plan.distance_io import (
    DISTANCE_BOUNDS_KM,
    parse_amount,
    race_distance_text,
    volume_text,
)
from runlift.plan.edits.apply import add_edit, document_today, move_edit, plan_with_edits
from runlift.plan.edits.record import Edit, EditOp, EditOutcome
from runlift.plan.edits.words import day_text
from runlift.plan.generate import draft_plan
from runlift.plan.model import Plan, Session, Settings, Severity, Slot, Units
from runlift.plan.settings_io import parse_date, settings_from_dict, settings_to_dict
from runlift.storage.document import (
    Document,
    create_document,
    load_document,
    new_document,
    update_document,
)

_command = functools.partial(add_document_command, today=True)


def register(commands: Any) -> None:
    """Add the document commands to the ``runlift`` parser."""
    new = _command(commands, "new", "create a plan document", _new)
    new.add_argument("--name", help="the plan's name (default: the file name)")
    new.add_argument("--force", action="store_true", help="replace an existing document")
    add_plan_options(new)
    show = _command(commands, "show", "the plan of a document, week by week, and its edits", _show)
    show.add_argument("--json", action="store_true", help="print the plan JSON instead")
    move = _command(commands, "move", "move a session to another day and/or slot", _move)
    move.add_argument("session_id", metavar="ID", help="session id, e.g. w-03.long")
    move.add_argument("date", metavar="DATE", help="the new day, YYYY-MM-DD")
    move.add_argument("--slot", choices=("am", "pm"), help="morning or evening")
    for name, verb in (("skip", "skip a session"), ("restore", "bring back a skipped session")):
        one = _command(commands, name, verb, _skip if name == "skip" else _restore)
        one.add_argument("session_id", metavar="ID", help="session id, e.g. w-05.strength-heavy")
    swap = _command(commands, "swap", "swap the days and slots of two sessions", _swap)
    swap.add_argument("session_id", metavar="ID", help="session id, e.g. w-03.long")
    swap.add_argument("other_id", metavar="OTHER", help="the other session, e.g. w-03.easy-1")
    for name, unit in (("distance", "the plan's unit (km or mi; or say it: 8mi)"),
                       ("minutes", "minutes")):  # fmt: skip
        text = "change how long a session takes" if unit == "minutes" else "change a run's distance"
        figure = _command(commands, name, text, _figure)
        figure.add_argument("session_id", metavar="ID", help="session id, e.g. w-03.long")
        figure.add_argument("value", metavar=name.upper(), help=f"new value in {unit}")
        figure.set_defaults(op=name)
    for name in ("lock", "unlock"):
        text = "protect a session from changes" if name == "lock" else "allow changes again"
        lock = _command(commands, name, text, _lock)
        lock.add_argument("session_id", metavar="ID", help="session id, e.g. w-03.long")
        lock.set_defaults(op=name)
    change = _command(commands, "set", "change settings (key=value …) and replay the edits", _set)
    change.add_argument("pairs", nargs="+", metavar="KEY=VALUE", help="e.g. race_date=2027-05-16")
    _command(commands, "check", "the rule report of a document (exit 1 on an error)", _check)


# -- commands -----------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    path: Path = args.document
    if path.exists() and not args.force:
        raise SettingsError("DOC", f"{path} already exists (use --force to replace it)")
    today = today_from_args(args)
    doc = new_document(settings_from_args(args), args.name or path.stem, today)
    plan, _ = plan_with_edits(doc.settings, (), document_today(doc.settings, today))
    kept = create_document(path, doc, replace_existing=args.force)
    print(f"Created {path}: {plan_line(plan)}, {len(plan.active_sessions)} sessions.")
    if kept:
        print(f"The plan it replaced is kept as {kept}.")
    return 0


def _show(args: argparse.Namespace) -> int:
    doc, today = _open(args)
    plan, outcomes = plan_with_edits(doc.settings, doc.edits, today)
    if args.json:
        print(json.dumps(plan_json(plan, outcomes), indent=2, ensure_ascii=False))
        return 0
    print(f"{doc.name}: {plan_line(plan)}")
    for line in week_table(plan, outcomes):
        print(line)
    for line in (*edit_report(outcomes, plan.settings.units), *warning_report(plan.warnings)):
        print(line)
    return 0


def _move(args: argparse.Namespace) -> int:
    day = parse_date(args.date, "DATE")
    slot = Slot(args.slot) if args.slot else None

    def done(session: Session) -> str:
        start = f" ({session.start:%H:%M})" if session.start else ""
        return f"Moved {session.id} to {day_text(session.date)} {session.slot.value}{start}"

    return _change(args, lambda plan: move_edit(plan, args.session_id, day, slot), done)


def _skip(args: argparse.Namespace) -> int:
    return _change(
        args,
        lambda _: Edit(EditOp.SKIP, args.session_id),
        lambda s: f"Skipped {s.id} ({s.title}, {day_text(s.date)})",
    )


def _restore(args: argparse.Namespace) -> int:
    return _change(
        args,
        lambda _: Edit(EditOp.RESTORE, args.session_id),
        lambda s: f"Restored {s.id} ({s.title}, {day_text(s.date)})",
    )


def _swap(args: argparse.Namespace) -> int:
    def done(session: Session) -> str:
        now_on = day_text(session.date)
        return f"Swapped {session.id} and {args.other_id}: {session.id} is now on {now_on}"

    return _change(args, lambda _: Edit(EditOp.SWAP, args.session_id, other_id=args.other_id), done)


def _figure(args: argparse.Namespace) -> int:
    def done(session: Session) -> str:  # a run's title names its distance in the plan's unit
        return f"Changed {session.id}: {session.title} ({session.minutes} min)"

    if args.op == "distance":  # in the plan's unit, as the window asks it

        def make(plan: Plan) -> Edit:
            units = plan.settings.units
            km = parse_amount(args.value, "distance", units, bare=units)
            return Edit(args.op, args.session_id, value=km)

        return _change(args, make, done)
    value = _number(args.value, args.op)
    return _change(args, lambda _: Edit(args.op, args.session_id, value=value), done)


def _lock(args: argparse.Namespace) -> int:
    past = "Locked" if args.op == "lock" else "Unlocked"
    return _change(
        args, lambda _: Edit(args.op, args.session_id), lambda s: f"{past} {s.id} ({s.title})"
    )


def _number(text: str, field: str) -> float:
    """A plain decimal number (ASCII digits: "٣" or "1_0" are not what the runner typed)."""
    if not _DECIMAL.fullmatch(text.strip()):
        raise SettingsError(field, f"{text[:40]!r} is not a number (e.g. 12.5)")
    return float(text)


_SESSION_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}", re.ASCII)  # w-03.long, b-02.easy-1
_DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?", re.ASCII)


def _set(args: argparse.Namespace) -> int:
    pairs = _pairs(args.pairs)
    today_given = today_from_args(args)
    before: list[Document] = []
    replayed: list[tuple[Plan, tuple[EditOutcome, ...]]] = []

    def change(doc: Document) -> Document:  # under the lock, on the file as it is now
        settings = settings_from_dict(pairs, doc.settings)
        today = document_today(settings, today_given)
        replayed.append(plan_with_edits(settings, doc.edits, today))
        before.append(doc)
        return replace(doc, settings=settings)

    saved = update_document(args.document, change)
    _report_unknown(args.document, saved)
    plan, outcomes = replayed[-1]
    changes = _changes(before[-1].settings, saved.settings)
    print(f"Saved {args.document}: {changes}; now {plan_line(plan)}.")
    for line in edit_report(outcomes, plan.settings.units):
        print(line)
    return 0


def _check(args: argparse.Namespace) -> int:
    doc, today = _open(args)
    plan, outcomes = plan_with_edits(doc.settings, doc.edits, today)
    lines = warning_report(plan.warnings) or ["No broken rules."]
    for line in lines:
        print(line)
    stale = sum(not o.applied for o in outcomes)
    if stale:
        print(f"{stale} edit(s) no longer apply; `runlift show {args.document}` lists them.")
    return 1 if any(v.severity is Severity.ERROR for v in plan.warnings) else 0


# -- shared steps -------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> tuple[Document, date]:
    doc = load_document(args.document)
    _report_unknown(args.document, doc)
    return doc, document_today(doc.settings, today_from_args(args))


def _report_unknown(path: Path, doc: Document) -> None:
    """A newer RunLift's settings are kept in the file; the runner hears they do nothing here."""
    if doc.unknown_settings:
        keys = ", ".join(sorted(doc.unknown_settings))
        print(
            f"runlift: note: {path} has settings this RunLift does not know ({keys}); "
            "they are kept as they are",
            file=sys.stderr,
        )


@dataclass(frozen=True)
class _Recorded:
    """One edit recorded: the plan before and after it, and the edit as stored."""

    before: Plan
    after: Plan
    edit: Edit


def _change(
    args: argparse.Namespace, make: Callable[[Plan], Edit], done: Callable[[Session], str]
) -> int:
    """Record one edit: refused (exit 2, nothing saved) unless it applies to the plan as it is.

    The edit is added to the document as it is on disk under its lock, so an edit another
    program saved meanwhile stays (DESIGN.md "Many writers, one document"). The plan is worked
    out before taking the lock, and again under it only if the file changed in between.
    """
    today_given = today_from_args(args)
    for session_id in (args.session_id, getattr(args, "other_id", None)):
        if session_id is not None and not _SESSION_ID.fullmatch(session_id):
            shown = session_id[:40]
            raise SettingsError("ID", f"{shown!r} is not a session id (e.g. w-03.long)")

    def record(doc: Document) -> tuple[_Recorded, Document]:
        today = document_today(doc.settings, today_given)
        draft = draft_plan(doc.settings, today)  # generated once, for the edit and both reports
        before, _ = plan_with_edits(doc.settings, doc.edits, today, draft)
        edit = make(draft.plan)
        edits, outcome = add_edit(draft.plan, doc.edits, edit)
        if not outcome.applied:
            raise SettingsError("", f"cannot {edit.op} {edit.session_id}: {outcome.reason}")
        after, _ = plan_with_edits(doc.settings, edits, today, draft)
        return _Recorded(before, after, edit), replace(doc, edits=edits)

    read = load_document(args.document)
    recorded = [record(read)]

    def change(fresh: Document) -> Document:
        if (fresh.settings, fresh.edits) != (read.settings, read.edits):
            recorded.append(record(fresh))
        return replace(fresh, edits=recorded[-1][1].edits)

    saved = update_document(args.document, change)
    _report_unknown(args.document, saved)
    result = recorded[-1][0]
    session = result.after.session(result.edit.session_id)
    summary = done(session) if session else f"{result.edit.op} {result.edit.session_id}"
    print(f"{summary}. Saved {args.document}.")
    fresh = [v for v in result.after.warnings if v not in result.before.warnings]
    for line in warning_report(tuple(fresh)):
        print(line)
    return 0


def _pairs(pairs: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SettingsError("", f"{pair!r} is not key=value (e.g. race_date=2027-05-16)")
        key = key.strip().replace("-", "_")
        values["distance_km" if key == "distance" else key] = value.strip()
    return values


def _changes(old: Settings, new: Settings) -> str:
    """The settings changed, both sides in the plan's unit now."""
    before, after = settings_to_dict(old), settings_to_dict(new)
    changed = [
        f"{k} {_shown(k, before[k], new.units)} → {_shown(k, after[k], new.units)}"
        for k in after
        if before[k] != after[k]
    ]
    return ", ".join(changed) or "no setting changed"


def _shown(key: str, value: object, units: Units) -> object:
    """A distance setting of a plan in miles as the window shows it (``31 mi``, ``half``)."""
    if units is not Units.MI or not isinstance(value, float):
        return value
    if key == "distance_km":
        return race_distance_text(value, units)
    return f"{volume_text(value, units)} mi" if key in DISTANCE_BOUNDS_KM else value
