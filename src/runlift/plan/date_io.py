"""Days as runners type them: ``2026-12-27``, ``27.12.2026``, ``12/27/2026`` or ``27/12/2026``.

A slash date is read in the order the runner's locale writes dates (``month_first``); where
both readings are real days and no order is known, it is refused with the form to use.
"""

from __future__ import annotations

import re
from datetime import date

from runlift.errors import SettingsError

_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_DOTS_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", re.ASCII)
_SLASH_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.ASCII)
_MONTHS = tuple(date(2001, month, 1).strftime("%B") for month in range(1, 13))


def read_day(text: str, field: str, month_first: bool | None = None) -> date:
    """The day written in ``text``; SettingsError (for ``field``) saying the form to use."""
    typed = text.strip()
    iso, dots, slash = (pattern.fullmatch(typed) for pattern in (_ISO_RE, _DOTS_RE, _SLASH_RE))
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]), typed, field)
    if dots:  # 27.12.2026: day first, as everywhere dots are written
        return _day(int(dots[3]), int(dots[2]), int(dots[1]), typed, field)
    if slash:
        first, second, year = int(slash[1]), int(slash[2]), int(slash[3])
        if first > 12 or second > 12 or first == second:
            day, month = (first, second) if first > 12 or first == second else (second, first)
            return _day(year, month, day, typed, field)
        if month_first is None:
            one = f"{first} {_MONTHS[second - 1]}"
            other = f"{second} {_MONTHS[first - 1]}"
            raise SettingsError(
                field,
                f"{typed!r} could be {one} or {other} {year}: write it as {year}-MM-DD",
            )
        month, day = (first, second) if month_first else (second, first)
        return _day(year, month, day, typed, field)
    raise SettingsError(field, f"{typed!r} is not a date: write it like 2026-12-27 or 27.12.2026")


def _day(year: int, month: int, day: int, typed: str, field: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise SettingsError(
            field, f"{typed!r} is not a date: that day is not in the calendar"
        ) from None
