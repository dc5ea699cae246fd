"""Entry point of the bundled executables: ``runlift-gui`` opens the window, ``runlift`` is the CLI.

Both executables of the bundle share this script (and one set of libraries); the name the
program was started under picks the front end.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    if Path(sys.executable).stem.lower() == "runlift":
        from runlift.cli import main as cli_main

        return cli_main()
    from runlift.app import main as gui_main

    code: int = gui_main()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
