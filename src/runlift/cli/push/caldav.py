"""CalDAV on the command line: ``caldav login``, ``push``, ``status``, ``logout``.

``runlift caldav login --provider icloud --user you@icloud.com`` asks for an app-specific
password (or reads it from standard input with ``--password-stdin``; never from a flag, which
would stay in the shell's history) and keeps it in the keyring. ``runlift caldav push DOC``
prints what it created, updated, deleted and left unchanged; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from runlift.cli.push.words import action, print_push, progress_printer, push_actions
from runlift.errors import RunLiftError, SettingsError
from runlift.publish.caldav.providers import PROVIDERS
from runlift.publish.sync.diff import Reason
from runlift.storage.document import load_document


def register(commands: Any) -> None:
    """Add ``runlift caldav …`` to the ``runlift`` parser."""
    group = commands.add_parser(
        "caldav",
        help="push the plan to a CalDAV calendar (iCloud, Fastmail, Nextcloud, …)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(dest="caldav_command", metavar="ACTION", required=True)
    sign_in = action(actions, "login", "check and keep a CalDAV account", _login)
    sign_in.add_argument("--provider", choices=sorted(PROVIDERS), default="other")
    sign_in.add_argument("--url", help="the server's address, or just its host (discovery)")
    sign_in.add_argument("--user", required=True, help="the account's user name")
    sign_in.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    send = push_actions(
        actions,
        _push,
        status=("the account, its calendars and a plan's calendar", _status),
        logout=("forget the account and its password", _logout),
    )
    send.add_argument(
        "--calendar", metavar="NAME", help="push into this calendar of yours instead of our own"
    )


def _login(args: argparse.Namespace) -> int:
    from runlift.publish.caldav.account import login  # the client loads only when used

    password = _read_password(args)
    account = login(args.provider, args.url, args.user, password)
    print(f"Logged in to {account.url} as {account.user}; the password is kept in your keyring.")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SettingsError("password", "no terminal to ask on: use --password-stdin")
    hint = PROVIDERS[args.provider].password_help
    try:
        return getpass.getpass(f"Password ({hint}): ")
    except EOFError:
        raise SettingsError("password", "no password given") from None


def _push(args: argparse.Namespace) -> int:
    from runlift.publish.caldav.push import push_document

    result = push_document(
        args.document,
        dry_run=args.dry_run,
        progress=progress_printer("the CalDAV calendar"),
        calendar=args.calendar,
    )
    restored = sum(1 for step in result.plan.writes if step.reason is Reason.EDITED)
    put_back = f"; {restored} changed by another app, put back" if restored else ""
    print_push(result, "CalDAV", put_back)
    return 0


def _status(args: argparse.Namespace) -> int:
    from runlift.publish.caldav.account import connect, stored_account
    from runlift.publish.caldav.push import account_calendars

    account = stored_account()
    if account is None:
        print("Not logged in. Run `runlift caldav login --user USER [--provider …|--url …]`.")
        return 1
    print(f"Logged in to {account.url} as {account.user}.")
    try:
        connection = connect()
        calendars = account_calendars(connection.client())
    except RunLiftError as error:
        print(f"But: {error}")
        return 1
    for calendar in calendars:
        print(f"  calendar “{calendar.name}”  {calendar.url}")
    if args.document is not None:
        doc = load_document(args.document)
        where = doc.caldav_calendar_url
        print(f"{args.document}: " + (f"pushed to {where}." if where else "not pushed yet."))
    return 0


def _logout(args: argparse.Namespace) -> int:
    from runlift.publish.caldav.account import logout

    del args
    account = logout()
    if account is None:
        print("Not logged in; nothing to do.")
    else:
        print(f"Forgot {account.user} at {account.url} and removed its password from the keyring.")
    return 0
