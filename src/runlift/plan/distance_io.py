"""Distances as the runner types and reads them: a race distance by name or with its unit, the
distance settings within their bounds, and the words a form shows, in km or in miles.

The distance settings keep kilometres (DESIGN.md); a runner in miles types and reads miles, and
a refusal names the bounds in the unit of the plan.
"""

from __future__ import annotations

import math
import re

from runlift.errors import SettingsError
from runlift.plan.model import KM_PER_MILE, RACE_DISTANCES_KM, Units

_DISTANCE_NAMES = {v: k for k, v in RACE_DISTANCES_KM.items()}
# The names runners give the race distances, lower case with single spaces.
_RACE_NAMES: dict[str, str] = {
    **{name: name for name in RACE_DISTANCES_KM},
    "5 k": "5k",
    "10 k": "10k",
    "half marathon": "half",
    "half-marathon": "half",
    "halfmarathon": "half",
    "hm": "half",
    "m": "marathon",
    "full": "marathon",
    "full marathon": "marathon",
}
SAME_RACE_SHARE = 0.005  # a distance within 0.5 % of a named race is that race (13.1mi: half)
# ASCII digits only: str.isdigit and \d also accept "²" and "٣", which int() then refuses.
# A decimal comma is read like a decimal point (25,5); a comma before three digits is refused,
# as it reads as a thousands separator (1,000).
_KM_RE = re.compile(r"([0-9]{1,4}(?:[.,][0-9]{1,4})?)\s*(km|k|mi)?", re.ASCII)
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]{1,9}(?:[.,][0-9]{0,9})?|[.,][0-9]{1,9})", re.ASCII)
_THOUSANDS_RE = re.compile(r"[0-9],[0-9]{3}(?![0-9])", re.ASCII)
UNKNOWN_DISTANCE = "use 5k, 10k, half, marathon or a number like 15km"
_AMOUNT_RE = re.compile(r"(.*?)\s*(km|mi)?", re.ASCII | re.IGNORECASE | re.DOTALL)
# The distances a plan is made from, in km: the one source of the check and of its message,
# which names them in the runner's unit (a mile bound rounded inward to 0.5 mi, so that what
# the message allows is allowed).
DISTANCE_BOUNDS_KM: dict[str, tuple[float, float]] = {
    "distance_km": (1.0, 250.0),  # a race's distance, the planned one or a recent result's
    "weekly_km": (2.0, 175.0),
    "long_run_km": (1.0, 60.0),
    "distance": (0.5, 250.0),  # a run's distance changed by hand (runlift distance, the window)
}
_UNITLESS_IN_KM = ("weekly_km", "long_run_km")  # their key names the km; the words predate miles


def parse_distance(text: str, field: str = "distance_km", units: Units = Units.KM) -> float:
    """``5k``, ``10k``, ``half`` (``half marathon``, ``HM``), ``marathon`` (``M``, ``full``),
    ``NNkm``, ``NN km``, ``NNmi`` or a number of km, with a decimal point or comma (``21,1km``).

    A distance within 0.5 % of a named race is that race (``13.1mi`` is the half). ``units``
    is the plan's unit: a distance out of bounds is told in it too.
    """
    key = " ".join(text.strip().lower().split())
    if key in _RACE_NAMES:
        return RACE_DISTANCES_KM[_RACE_NAMES[key]]
    match = _KM_RE.fullmatch(key)
    if not match:
        raise SettingsError(field, f"unknown distance {quoted(text)}: {UNKNOWN_DISTANCE}")
    _refuse_thousands(text, field)
    number = float(match.group(1).replace(",", "."))
    typed = Units.MI if match.group(2) == "mi" else Units.KM
    low, high = bounds_in("distance_km", typed)
    if not low <= number <= high:
        words = _bounds_words("distance_km", typed, units)
        raise SettingsError(field, f"distance {quoted(text)} must be between {words}")
    return race_distance(_in_km(number, typed))


def race_distance(km: float) -> float:
    """The named race distance ``km`` is within 0.5 % of (26.2 mi: the marathon), else ``km``."""
    for named in RACE_DISTANCES_KM.values():
        if abs(km - named) <= named * SAME_RACE_SHARE:
            return named
    return km


def _refuse_thousands(value: object, field: str) -> None:
    if isinstance(value, str) and _THOUSANDS_RE.search(value):
        raise SettingsError(
            field,
            f"{quoted(value)}: leave out the thousands separator; write decimals like 12.5 or 12,5",
        )


def parse_amount(value: object, field: str, units: Units, bare: Units = Units.KM) -> float:
    """A distance (``weekly_km``, ``long_run_km``, a run's ``distance``) in km: a number in the
    ``bare`` unit, or one with its unit (``20 mi``, ``32km``), within its bounds, which a
    refusal names in the plan's ``units`` (DISTANCE_BOUNDS_KM)."""
    typed, number = bare, value
    if isinstance(value, str):
        match = _AMOUNT_RE.fullmatch(value.strip())
        assert match is not None  # the pattern matches any text
        number = match.group(1)
        typed = Units(match.group(2).lower()) if match.group(2) else bare
    amount = parse_number(number, field)
    low, high = bounds_in(field, typed)
    if not low <= amount <= high:  # NaN and infinity fail this too
        raise SettingsError(field, f"must be between {_bounds_words(field, typed, units)}")
    return _in_km(amount, typed) if typed is Units.MI else amount


def _in_km(amount: float, typed: Units) -> float:
    return round(amount * (KM_PER_MILE if typed is Units.MI else 1.0), 4)


def bounds_in(field: str, units: Units) -> tuple[float, float]:
    """DISTANCE_BOUNDS_KM in ``units``: miles rounded inward to 0.5 mi (2-175 km: 1.5-108.5)."""
    low, high = DISTANCE_BOUNDS_KM[field]
    if units is Units.KM:
        return low, high
    return math.ceil(low / KM_PER_MILE * 2) / 2, math.floor(high / KM_PER_MILE * 2) / 2


def _bounds_words(field: str, typed: Units, units: Units) -> str:
    """``2 and 175`` (km as typed, the words of a plan in km), ``1.5 and 108.5 mi``, or for
    km typed into a plan in miles ``2 and 175 km (1.5 to 108.5 mi)``."""
    low, high = bounds_in(field, typed)
    unit = "" if typed is Units.KM and field in _UNITLESS_IN_KM else f" {typed.value}"
    words = f"{low:g} and {high:g}{unit}"
    if typed is Units.KM and units is Units.MI:
        low_mi, high_mi = bounds_in(field, Units.MI)
        words += f"{'' if unit else ' km'} ({low_mi:g} to {high_mi:g} mi)"
    return words


def distance_label(km: float) -> str:
    """``5k``, ``half`` … for the named races (and distances within 0.5 % of one), else the
    distance to a tenth of a km: ``15 km``, ``12.5 km``."""
    named = _DISTANCE_NAMES.get(race_distance(km))
    return named if named is not None else f"{round(km, 1):g} km"


def exact_distance_label(km: float) -> str:
    """``5k``, ``half`` … for exactly the named distances, else every digit: ``21.0824km``
    (the form a plan document keeps a race result in)."""
    return _DISTANCE_NAMES.get(km, f"{km:g}km")


def race_distance_text(km: float | None, units: Units) -> str:
    """``half``, ``10k`` by name; any other distance in the runner's unit (``50mi``)."""
    if km is None:
        return ""
    if units is Units.MI and race_distance(km) not in RACE_DISTANCES_KM.values():
        return f"{round(km / KM_PER_MILE, 2):g}mi"
    return distance_label(km)


def volume_text(km: float, units: Units) -> str:
    """A distance as a runner writes it in a form: ``32.5`` km, or miles in 0.5 steps."""
    if units is Units.MI:
        return f"{round(km / KM_PER_MILE * 2) / 2:g}"
    return f"{round(km, 1):g}"


def volume_words(km: float, units: Units) -> str:
    """``75 km`` as given, or ``46.5 mi`` in the form's 0.5 mi steps."""
    return f"{volume_text(km, units)} mi" if units is Units.MI else f"{km:g} km"


def quoted(value: object) -> str:
    """``value`` for a message: quoted, and cut to a line's worth when it is huge."""
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return text if len(text) <= 40 else text[:36] + "…" + text[-1]


def parse_number(value: object, field: str) -> float:
    """A number, with a decimal point or a decimal comma (``25.5``, ``25,5``)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SettingsError(field, f"{quoted(value)} is not a number")
    if isinstance(value, str):
        if not _NUMBER_RE.fullmatch(value.strip()):
            raise SettingsError(field, f"{quoted(value)} is not a number")
        _refuse_thousands(value, field)
        return float(value.strip().replace(",", "."))
    return float(value)
