"""Settings to and from plain dicts (TOML file, plan JSON, document), with validation.

The keys are the same snake_case names everywhere: the settings TOML file, the CLI flags
(``--weekly-km`` for ``weekly_km``) and the ``settings`` object of the plan JSON. Times per
weekday are ``mon_am``, ``mon_pm`` … ``sun_pm`` ("HH:MM").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runlift.errors import SettingsError
from runlift.plan.date_io import read_day
from runlift.plan.distance_io import parse_amount, parse_distance, quoted, volume_words
from runlift.plan.model import MAX_RUN_AVERAGE_KM, WEEKDAYS, Equipment, Mode, Settings, Units
from runlift.plan.race_io import SLOWEST_RACE_S_PER_KM as SLOWEST_RACE_S_PER_KM
from runlift.plan.race_io import format_duration as format_duration
from runlift.plan.race_io import format_race_result as format_race_result
from runlift.plan.race_io import parse_duration as parse_duration
from runlift.plan.race_io import parse_race_result as parse_race_result
from runlift.plan.race_io import race_default_km as race_default_km

# ASCII digits only: str.isdigit and \d also accept "²" and "٣", which int() then refuses
_WHOLE_RE = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_CLOCK_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)
FIRST_YEAR, LAST_YEAR = 2000, 2199  # plans live here; far dates only overflow date arithmetic
MAX_TIMEZONE_LENGTH = 64  # the longest IANA name is 32 characters


def parse_date(value: object, field: str) -> date:
    """A day (``YYYY-MM-DD`` or a TOML date) between the years 2000 and 2199."""
    if isinstance(value, datetime):  # a TOML date-time: a day is wanted, not a moment
        raise SettingsError(
            field, f"{value.isoformat()} has a time; give only the day (YYYY-MM-DD)"
        )
    day = value if isinstance(value, date) else _iso_date(value, field)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise SettingsError(
            field, f"{day.isoformat()} is out of range: use a date from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return day


def _iso_date(value: object, field: str) -> date:
    """``2026-12-27`` or ``27.12.2026``; a slash date only where it can be one day only."""
    text = str(value).strip()
    if not text.isascii() or len(text) > 10:
        raise SettingsError(field, f"{quoted(value)} is not a date (use YYYY-MM-DD)")
    return read_day(text, field)


def parse_date_range(text: str, field: str = "unavailable") -> tuple[date, ...]:
    """``2027-02-01`` or ``2027-02-01..2027-02-05`` → the dates it covers."""
    first_text, _, last_text = text.partition("..")
    first = parse_date(first_text, field)
    last = parse_date(last_text, field) if last_text else first
    if last < first:
        raise SettingsError(field, f"range {quoted(text)} ends before it starts")
    if (last - first).days > 366:
        raise SettingsError(field, f"range {quoted(text)} is longer than a year")
    return tuple(date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1))


def parse_weekday(value: object, field: str) -> str:
    key = str(value).strip().lower()[:3]
    if key not in WEEKDAYS:
        raise SettingsError(field, f"unknown weekday {quoted(value)}: use mon, tue, … sun")
    return key


def parse_time(value: object, field: str) -> time:
    if isinstance(value, time):
        return value
    match = _CLOCK_RE.fullmatch(str(value).strip())
    try:
        if match is None:
            raise ValueError(value)
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise SettingsError(field, f"{quoted(value)} is not a time of day (use HH:MM)") from None


def _items(value: object, field: str, example: str) -> list[object]:
    """A comma list in text or a list (TOML, JSON); anything else names the field."""
    if isinstance(value, str):
        return list(value.split(","))
    if isinstance(value, list | tuple):
        return list(value)
    raise SettingsError(field, f"{quoted(value)} is not a list (e.g. {example})")


def parse_equipment(value: object, field: str = "equipment") -> tuple[Equipment, ...]:
    items = _items(value, field, "dumbbell,band")
    result: list[Equipment] = []
    for item in items:
        name = str(item).strip().lower()
        if not name:
            continue
        try:
            kit = Equipment(name)
        except ValueError:
            names = ", ".join(e.value for e in Equipment)
            raise SettingsError(field, f"unknown equipment {quoted(name)}: use {names}") from None
        if kit not in result:
            result.append(kit)
    if Equipment.BODYWEIGHT not in result:
        result.insert(0, Equipment.BODYWEIGHT)  # bodyweight is always at hand
    return tuple(sorted(result, key=list(Equipment).index))


def _int(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SettingsError(field, f"{quoted(value)} is not a whole number")
    if isinstance(value, str) and not _WHOLE_RE.fullmatch(value.strip()):
        raise SettingsError(field, f"{quoted(value)} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise SettingsError(field, f"must be between {low} and {high}")
    return number


def _timezone(value: object) -> str:
    name = str(value).strip()
    unknown = SettingsError("timezone", f"unknown timezone {quoted(name)} (e.g. Europe/Berlin)")
    if not isinstance(value, str) or not name or len(name) > MAX_TIMEZONE_LENGTH:
        raise unknown
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a tzdata folder ("US", "America") or a name the file system refuses
        raise unknown from None
    return name


_SCALARS: dict[str, Callable[[object], Any]] = {
    "mode": lambda v: _enum(Mode, v, "mode"),
    "race_date": lambda v: parse_date(v, "race_date"),
    "base_weeks": lambda v: _int(v, "base_weeks", 1, 104),
    "start": lambda v: parse_date(v, "start"),
    "runs_per_week": lambda v: _int(v, "runs_per_week", 2, 7),
    "long_run_day": lambda v: parse_weekday(v, "long_run_day"),
    "rest_day": lambda v: parse_weekday(v, "rest_day"),
    "strength_per_week": lambda v: _int(v, "strength_per_week", 0, 3),
    "strength_minutes": lambda v: _int(v, "strength_minutes", 15, 90),
    "core_per_week": lambda v: _int(v, "core_per_week", 0, 3),
    "equipment": parse_equipment,
    "unavailable": lambda v: _unavailable(v),
    "units": lambda v: _enum(Units, v, "units"),
    "timezone": _timezone,
}
# The distances, read with the plan's unit: their messages name the bounds in it.
_DISTANCES: dict[str, Callable[[object, Units], Any]] = {
    "distance_km": lambda v, units: parse_distance(str(v), "distance_km", units),
    "weekly_km": lambda v, units: parse_amount(v, "weekly_km", units),
    "long_run_km": lambda v, units: parse_amount(v, "long_run_km", units),
}

SETTINGS_KEYS: tuple[str, ...] = (
    *_SCALARS,
    *_DISTANCES,
    "recent_race",
    *(f"{day}_{slot}" for day in WEEKDAYS for slot in ("am", "pm")),
)


def _enum(kind: Any, value: object, field: str) -> Any:
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        names = ", ".join(m.value for m in kind)
        raise SettingsError(field, f"{quoted(value)} is not one of {names}") from None


def _unavailable(value: object) -> tuple[date, ...]:
    days: set[date] = set()
    for item in _items(value, "unavailable", "2027-02-10..2027-02-14"):
        if isinstance(item, date):
            days.add(parse_date(item, "unavailable"))
        elif isinstance(item, str):
            if item.strip():
                days.update(parse_date_range(item))
        else:
            raise SettingsError("unavailable", f"{quoted(item)} is not a date or a date range")
    return tuple(sorted(days))


def _race_distance(
    data: dict[str, Any], settings: Settings, changes: dict[str, Any], units: Units
) -> float | None:
    """The race distance of the plan these values make (None for a base plan)."""
    mode = changes.get("mode") or (
        settings.mode if data.get("mode") is None else _SCALARS["mode"](data["mode"])
    )
    if mode is not Mode.RACE:
        return None
    if "distance_km" in changes:
        return float(changes["distance_km"])
    if data.get("distance_km") is not None:
        return float(_DISTANCES["distance_km"](data["distance_km"], units))
    return race_default_km(settings)


def settings_from_dict(data: dict[str, Any], base: Settings | None = None) -> Settings:
    """Build Settings from plain values (strings or typed), on top of ``base``.

    ``None`` values are skipped (an unset CLI flag). Unknown keys are an error, and so is a
    value of the wrong type (a TOML table or list where a number is wanted): SettingsError
    naming the field, whatever the input.
    """
    if not isinstance(data, dict):
        raise SettingsError("", "the settings must be a table of key = value")
    settings = base or Settings()
    changes: dict[str, Any] = {}
    times = list(settings.times)
    units = settings.units if data.get("units") is None else _SCALARS["units"](data["units"])
    for key, value in data.items():
        if value is None:
            continue
        if key in _SCALARS:
            changes[key] = _SCALARS[key](value)
        elif key in _DISTANCES:
            changes[key] = _DISTANCES[key](value, units)
        elif key == "recent_race":  # a time alone is a race over the plan's race distance
            default_km = _race_distance(data, settings, changes, units)
            changes[key] = parse_race_result(str(value), key, units, default_km)
        elif key in SETTINGS_KEYS:  # mon_am …
            day, slot = key.split("_")
            index = WEEKDAYS.index(day)
            times[index] = replace(times[index], **{slot: parse_time(value, key)})
        else:
            raise SettingsError(str(key), f"unknown setting {quoted(key)}")
    return replace(settings, **changes, times=tuple(times))


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """Normalised plain values (JSON/TOML-ready); ``None`` for unset optional values."""
    data: dict[str, Any] = {
        "mode": settings.mode.value,
        "race_date": settings.race_date.isoformat() if settings.race_date else None,
        "distance_km": settings.distance_km,
        "base_weeks": settings.base_weeks,
        "start": settings.start.isoformat() if settings.start else None,
        "weekly_km": settings.weekly_km,
        "long_run_km": settings.long_run_km,
        "runs_per_week": settings.runs_per_week,
        "long_run_day": settings.long_run_day,
        "rest_day": settings.rest_day,
        "strength_per_week": settings.strength_per_week,
        "strength_minutes": settings.strength_minutes,
        "core_per_week": settings.core_per_week,
        "equipment": [e.value for e in settings.equipment],
        "recent_race": format_race_result(settings.recent_race) if settings.recent_race else None,
        "unavailable": [d.isoformat() for d in settings.unavailable],
        "units": settings.units.value,
        "timezone": settings.timezone,
    }
    for day, times in zip(WEEKDAYS, settings.times, strict=True):
        data[f"{day}_am"] = times.am.strftime("%H:%M")
        data[f"{day}_pm"] = times.pm.strftime("%H:%M")
    return data


def validate(settings: Settings, today: date) -> None:
    """Raise SettingsError for settings no plan can be built from (V6 and friends)."""
    for day, times in zip(WEEKDAYS, settings.times, strict=True):
        if times.pm <= times.am:  # S6: run in the morning, lift in the evening
            raise SettingsError(
                f"{day}_pm", f"the evening time on {day} must come after the morning"
            )
    start = settings.start or today
    if settings.mode is Mode.RACE:
        if settings.race_date is None:
            raise SettingsError("race_date", "a race plan needs a race date")
        if settings.distance_km is None:
            raise SettingsError("distance_km", "a race plan needs a race distance")
        if settings.race_date < today:
            raise SettingsError("race_date", f"the race date {settings.race_date} is in the past")
        if settings.race_date <= start:
            raise SettingsError("race_date", "the race date must be after the start date")
        if (settings.race_date - start).days > 7 * 52:
            raise SettingsError(
                "race_date", "the race is more than a year away; plan up to 52 weeks"
            )
        if settings.distance_km >= 30 and settings.runs < 3:
            raise SettingsError("runs_per_week", "a marathon plan needs at least 3 runs a week")
    elif settings.base_weeks is None:
        raise SettingsError("base_weeks", "a base plan needs a number of weeks")
    if settings.long_run_day == settings.rest_day:
        raise SettingsError("rest_day", "the rest day cannot be the long-run day")
    if settings.weekly_km / settings.runs > MAX_RUN_AVERAGE_KM:  # only a chosen number can
        most = volume_words(settings.runs * MAX_RUN_AVERAGE_KM, settings.units)
        weekly = volume_words(settings.weekly_km, settings.units)
        raise SettingsError(
            "runs_per_week",
            f"{settings.runs} runs a week hold about {most}; for {weekly} choose more runs a week",
        )
    # V10: no refusal for a low volume, a short or long longest run: the plan starts from
    # what the runner runs now (fewer, shorter runs at first).
