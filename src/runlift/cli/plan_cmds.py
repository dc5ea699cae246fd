"""``runlift plan``: print the plan as a week table or as the plan JSON."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    del commands
