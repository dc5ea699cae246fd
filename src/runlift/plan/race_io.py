"""Race results as runners write them: a distance and a time apart by ``:`` or by spaces
(``10k:45:00``, ``10K 45:00``, ``half marathon 1:45:30``), or a time alone over the plan's race
distance; and the ``10k:45:00`` form a plan document keeps them in.
"""

from __future__ import annotations

import re

from runlift.errors import SettingsError
from runlift.plan.distance_io import distance_label, exact_distance_label, parse_distance, quoted
from runlift.plan.model import Mode, RaceResult, Settings, Units
from runlift.plan.paces import format_pace

# ASCII digits only: str.isdigit and \d also accept "²" and "٣", which int() then refuses
_DURATION_PART_RE = re.compile(r"[0-9]{1,6}", re.ASCII)
_TIME_RE = re.compile(r"[0-9]{1,6}(?::[0-9]{1,6})*", re.ASCII)  # what a race time looks like
_SPACED_RE = re.compile(r"(.*\S)\s+(\S+)", re.DOTALL)  # a distance, spaces, a time
SLOWEST_RACE_S_PER_KM = 1200  # 20:00/km: slower is a typing slip, not a race


def parse_duration(text: str, field: str) -> int:
    """``45:00``, ``1:45:30`` or ``2700`` (seconds) → seconds; minutes and seconds after the
    first part are below 60."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(_DURATION_PART_RE.fullmatch(p) for p in parts):
        raise SettingsError(field, f"time {quoted(text)} must look like 45:00 or 1:45:30")
    if any(int(part) >= 60 for part in parts[1:]):
        raise SettingsError(
            field, f"time {quoted(text)}: minutes and seconds go up to 59 (45:00 or 1:45:30)"
        )
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    if seconds <= 0:
        raise SettingsError(field, "the race time must be longer than zero")
    return seconds


def parse_race_result(
    text: str,
    field: str = "recent_race",
    units: Units = Units.KM,
    default_km: float | None = None,
) -> RaceResult:
    """A recent race as runners write it → a RaceResult (a refusal in the plan's ``units``).

    A distance and a time, apart by ``:`` or by spaces, any case: ``10k:45:00``,
    ``10K 45:00``, ``half marathon 1:45:30``, ``HM 1:45:30``, ``13.1mi 1:45:00``,
    ``21,1km 1:45:00``. A time alone (``45:00``) is a race over ``default_km``, the plan's
    race distance; without one it is refused. A single number is never a time: ``10k:55``
    is refused with the form to use (``10k:55:00``).
    """
    head, clock = _split_race(text.strip(), field)
    if head is None:
        if default_km is None:
            plain = 1 <= clock.count(":") <= 2 and len(clock) <= 8
            example = f"10k {clock}" if plain else "10k 55:00"
            raise SettingsError(field, f"recent race {quoted(text)}: add the distance: {example}")
        distance, shown = default_km, distance_label(default_km)
    else:
        distance, shown = parse_distance(head, field, units), " ".join(head.split())
    if ":" not in clock:
        raise SettingsError(field, _single_number_words(text, clock, distance, shown))
    result = RaceResult(distance, parse_duration(clock, field))
    _check_race_speed(result, field, units)
    return result


def _split_race(text: str, field: str) -> tuple[str | None, str]:
    """The typed distance (None for a time alone) and the time: the last word after spaces,
    else what follows the first ``:``."""
    if ":" in text and _TIME_RE.fullmatch(text):
        return None, text
    spaced = _SPACED_RE.fullmatch(text)
    if spaced and _TIME_RE.fullmatch(spaced.group(2)):
        head = spaced.group(1).removesuffix(":").strip()
        if head:
            return head, spaced.group(2)
    head, colon, rest = text.partition(":")
    if colon and head.strip():
        return head.strip(), rest.strip()
    if _TIME_RE.fullmatch(text):
        return None, text  # a number alone: refused with the form to use
    raise SettingsError(field, f"recent race {quoted(text)} must look like 10k 45:00 or 10k:45:00")


def _single_number_words(text: str, number: str, distance_km: float, shown: str) -> str:
    """A single number where the time goes: minutes, if that makes a race, else the form."""
    minutes = int(number) if number.isdigit() and len(number) <= 6 else 0
    pace = minutes * 60 / distance_km
    if minutes and 150 <= pace <= SLOWEST_RACE_S_PER_KM:
        return f"{minutes} minutes? write {shown}:{format_duration(minutes * 60)}"
    return (
        f"recent race {quoted(text)}: write the time as minutes:seconds or "
        f"hours:minutes:seconds, e.g. {shown}:55:00"
    )


def format_duration(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_race_result(result: RaceResult) -> str:
    """``10k:50:00``: the form a plan document keeps and every reader takes back."""
    return f"{exact_distance_label(result.distance_km)}:{format_duration(result.seconds)}"


def _check_race_speed(result: RaceResult, field: str, units: Units) -> None:
    pace = result.seconds / result.distance_km  # s/km
    if pace < 150:
        raise SettingsError(field, "that race time is faster than the world record; check it")
    if pace > SLOWEST_RACE_S_PER_KM:
        slowest = format_pace(SLOWEST_RACE_S_PER_KM, units)
        raise SettingsError(field, f"that race time is slower than {slowest}; check it")


def race_default_km(settings: Settings) -> float | None:
    """The distance a race result typed as a time alone is over: the plan's race distance."""
    return settings.distance_km if settings.mode is Mode.RACE else None
