"""The command line loads a service's client only for that service's commands: every
`runlift` call (and the many-writers test's hundreds of them) starts fast."""

from __future__ import annotations

import subprocess
import sys


def test_the_command_line_does_not_load_the_calendar_clients_to_start() -> None:
    clients = ("niquests", "caldav", "googleapiclient", "fit_tool")
    probe = (
        f"import sys, runlift.cli\nprint(','.join(m for m in {clients!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
