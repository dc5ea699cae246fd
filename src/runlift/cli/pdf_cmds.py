"""``runlift pdf DOC -o plan.pdf [--paper a4|letter]``: the printed plan as a PDF file.

Qt draws the pages (the window's own printing, ``runlift.app.paper.plan``), imported only when
the command runs. Without a display (a server, CI, an SSH session) Qt's offscreen platform is
used, so no X server or Wayland session is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from runlift.cli.common import add_document_command, today_from_args
from runlift.errors import SettingsError
from runlift.plan.edits.apply import document_today, plan_with_edits
from runlift.storage.document import load_document

PAPERS = ("a4", "letter")


def register(commands: Any) -> None:
    """Add ``pdf`` to the ``runlift`` parser."""
    pdf = add_document_command(commands, "pdf", "write the plan as a PDF to print", _pdf, True)
    pdf.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    pdf.add_argument("--paper", default="a4", help="a4 (default) or letter")


def _pdf(args: argparse.Namespace) -> int:
    paper = args.paper.strip().lower()
    if paper not in PAPERS:
        raise SettingsError("paper", f"{args.paper!r} is not a paper size: use a4 or letter")
    doc = load_document(args.document)
    today = document_today(doc.settings, today_from_args(args))
    plan, _ = plan_with_edits(doc.settings, doc.edits, today)
    _use_offscreen_without_display()
    from runlift.app.paper.plan import gui_application, write_pdf  # Qt only for this command

    gui_application()
    printed = write_pdf(plan, doc.name or args.document.stem, args.output, paper)
    print(f"Wrote {printed.pages} pages to {args.output} ({paper}).")
    return 0


def _use_offscreen_without_display() -> None:
    """Qt's offscreen platform where no display is there to connect to (Linux and BSDs)."""
    if sys.platform in ("darwin", "win32") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
