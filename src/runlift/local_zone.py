"""The runner's own timezone, for new plans: events land at the times they train."""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal

FALLBACK = "UTC"


def local_timezone() -> str:
    """The machine's IANA timezone name (``TZ`` wins when it names one), else UTC."""
    for name in (os.environ.get("TZ", "").lstrip(":"), _system_zone()):
        if name and _known(name):
            return name
    return FALLBACK


def _system_zone() -> str:
    try:
        return tzlocal.get_localzone_name() or ""
    except (OSError, ValueError, LookupError):  # no zone configured on this machine
        return ""


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
