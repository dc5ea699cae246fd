"""Google Calendar on the command line: ``google login``, ``push``, ``status``, ``logout``.

``runlift google push DOC`` prints what it created, updated, deleted and left unchanged;
``--dry-run`` prints the same diff, one line per change, and writes nothing.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from runlift.cli.push.words import action, print_push, progress_printer, push_actions
from runlift.errors import AuthError
from runlift.storage.document import load_document

# The Google client libraries take ~0.4 s to import: only the google commands pay for them.

PERMISSIONS_PAGE = "https://myaccount.google.com/permissions"


def register(commands: Any) -> None:
    """Add ``runlift google …`` to the ``runlift`` parser."""
    group = commands.add_parser(
        "google", help="push the plan to Google Calendar", description=__doc__
    )
    actions = group.add_subparsers(dest="google_command", metavar="ACTION", required=True)
    sign_in = action(actions, "login", "sign in to Google in your browser", _login)
    sign_in.add_argument(
        "--client-secrets",
        type=Path,
        required=True,
        metavar="FILE",
        help="your Desktop OAuth client file (see docs/google-setup.md)",
    )
    sign_in.add_argument(
        "--no-browser", action="store_true", help="print the sign-in address instead"
    )
    push_actions(
        actions,
        _push,
        status=("whether RunLift is signed in (and a plan's calendar)", _status),
        logout=("revoke RunLift's access and forget the sign-in", _logout),
    )


def _login(args: argparse.Namespace) -> int:
    from runlift.publish.google.auth import ENDPOINT_ENV, login

    if os.environ.get(ENDPOINT_ENV):
        print(f"{ENDPOINT_ENV} is set: pushes go to that server and need no sign-in.")
        return 0
    if not args.no_browser:
        print("Opening your browser to sign in to Google …")
    stored = login(args.client_secrets, open_browser=not args.no_browser)
    print(f"Signed in with OAuth client {stored.client_id}; the sign-in is kept in your keyring.")
    return 0


def _push(args: argparse.Namespace) -> int:
    from runlift.publish.google.push import push_document

    result = push_document(
        args.document, dry_run=args.dry_run, progress=progress_printer("Google Calendar")
    )
    print_push(result, "Google Calendar")
    return 0


def _status(args: argparse.Namespace) -> int:
    from runlift.publish.google.push import calendar_summary

    code = _sign_in_status()
    if args.document is not None:
        doc = load_document(args.document)
        if doc.google_calendar_id:
            print(
                f"{args.document}: pushed to “{calendar_summary(doc)}” ({doc.google_calendar_id})."
            )
        else:
            print(f"{args.document}: not pushed to Google Calendar yet.")
    return code


def _sign_in_status() -> int:
    from runlift.publish.google.auth import ENDPOINT_ENV, signed_in_credentials, stored_login

    endpoint = os.environ.get(ENDPOINT_ENV)
    if endpoint:
        print(f"Using the Calendar API at {endpoint} ({ENDPOINT_ENV}); no sign-in needed.")
        return 0
    stored = stored_login()
    if stored is None:
        print("Not signed in. Run `runlift google login --client-secrets FILE`.")
        return 1
    try:
        signed_in_credentials()
    except AuthError as error:
        print(f"Signed in with OAuth client {stored.client_id}, but: {error}")
        return 1
    print(f"Signed in with OAuth client {stored.client_id}; Google accepts the sign-in.")
    return 0


def _logout(args: argparse.Namespace) -> int:
    from runlift.publish.google.auth import logout

    del args
    was_signed_in, revoked = logout()
    if not was_signed_in:
        print("Not signed in; nothing to do.")
    elif revoked:
        print("Signed out: Google revoked RunLift's access and the keyring entry is removed.")
    else:
        print(
            "Removed the sign-in from your keyring. Google could not be told (offline, or the "
            f"access was already revoked); check {PERMISSIONS_PAGE}."
        )
    return 0
