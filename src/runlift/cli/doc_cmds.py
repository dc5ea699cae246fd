"""Commands of this group (filled in by their owner)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    """Add this group's subcommands to the ``runlift`` parser."""
    del commands


_ = argparse
