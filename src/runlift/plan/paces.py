"""Jack Daniels' VDOT: fitness from a recent race, equivalent race times and training paces.

P1: VDOT and equivalent race times come from Daniels & Gilbert's oxygen-cost and
sustainable-fraction formulas. P2: training paces follow the table published in Daniels'
Running Formula (3rd edition, Table 5.2), interpolated between whole VDOT values; the
formulas alone drift from that table (marathon pace at VDOT 30 is 11 s/km too fast).
P3: with no race result, sessions are described by effort words instead of a pace.

Everything here is pure: no clock, no I/O, and bad input raises ``SettingsError`` on the
``recent_race`` field with a message a runner can act on.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass

from runlift.errors import SettingsError
from runlift.plan.model import KM_PER_MILE, RACE_DISTANCES_KM, PaceRange, Units

VDOT_RANGE: tuple[float, float] = (30.0, 85.0)  # the rows Daniels publishes
# P3: below the table, paces come from the formulas down to here (a 5K in about 62 min);
# a slower race trains by effort.
VDOT_FLOOR = 12.0
PACE_NAMES: tuple[str, ...] = ("E", "M", "T", "I", "R")

_FIELD = "recent_race"
# Bisection bracket for race_seconds, in seconds per km: 1:00/km to 20:00/km holds every
# race from 1 to 250 km for VDOT 30-85 (the equation is monotonic in time over it).
_FASTEST_S_PER_KM = 60.0
_SLOWEST_S_PER_KM = 1200.0
_BISECTION_STEPS = 80
# A race within 0.2 of the table's ends counts as that end: the book's own race times for
# VDOT 30 and 85 (Table 5.1) give 29.9-85.1 by the formula.
_EDGE = 0.2


@dataclass(frozen=True)
class _Row:
    """One VDOT row of Table 5.2, every pace in seconds per km."""

    vdot: int
    easy_fast: float
    easy_slow: float
    marathon: float
    threshold: float
    interval: float
    repetition: float


# P2: Daniels' Running Formula, 3rd ed., Table 5.2 ("Training intensities based on current
# VDOT"). E range, M and T are the book's per-km columns; I is its 1000 m time (400 m x 2.5
# below VDOT 37, where the book lists no 1000 m time); R is its 400 m time x 2.5 (300 m x 10/3
# below VDOT 34, where it lists no 400 m time).
_TABLE: tuple[_Row, ...] = tuple(
    _Row(*values)
    for values in (
        (30, 447, 494, 423, 384, 355, 336.7),
        (31, 436, 482, 412, 374, 345, 326.7),
        (32, 425, 472, 400, 365, 335, 316.7),
        (33, 415, 461, 390, 356, 327.5, 306.7),
        (34, 405, 451, 380, 348, 320, 300),
        (35, 396, 441, 370, 340, 312.5, 292.5),
        (36, 387, 431, 361, 333, 305, 285),
        (37, 379, 422, 353, 326, 300, 277.5),
        (38, 371, 414, 345, 319, 294, 270),
        (39, 363, 406, 337, 312, 288, 265),
        (40, 356, 398, 329, 306, 282, 260),
        (41, 349, 391, 322, 300, 276, 255),
        (42, 342, 383, 316, 294, 271, 250),
        (43, 335, 376, 309, 289, 266, 245),
        (44, 329, 370, 303, 283, 261, 240),
        (45, 323, 363, 297, 278, 256, 235),
        (46, 317, 357, 291, 273, 252, 230),
        (47, 312, 351, 286, 269, 247, 225),
        (48, 307, 345, 281, 264, 243, 222.5),
        (49, 301, 340, 276, 260, 239, 220),
        (50, 296, 334, 271, 255, 235, 217.5),
        (51, 292, 329, 267, 251, 231, 215),
        (52, 287, 324, 262, 247, 228, 212.5),
        (53, 283, 319, 258, 244, 224, 210),
        (54, 278, 314, 254, 240, 221, 205),
        (55, 274, 310, 250, 236, 217, 202.5),
        (56, 270, 305, 246, 233, 214, 200),
        (57, 266, 301, 243, 230, 211, 197.5),
        (58, 262, 297, 239, 226, 208, 192.5),
        (59, 259, 293, 236, 223, 205, 190),
        (60, 255, 289, 232, 220, 203, 187.5),
        (61, 251, 285, 229, 217, 200, 185),
        (62, 248, 281, 226, 214, 197, 182.5),
        (63, 245, 278, 223, 212, 195, 180),
        (64, 242, 274, 220, 209, 192, 177.5),
        (65, 239, 271, 217, 206, 190, 175),
        (66, 236, 268, 214, 204, 188, 172.5),
        (67, 233, 264, 211, 201, 185, 170),
        (68, 230, 261, 209, 199, 183, 167.5),
        (69, 227, 258, 206, 196, 181, 165),
        (70, 224, 255, 204, 194, 179, 162.5),
        (71, 222, 252, 201, 192, 177, 160),
        (72, 220, 250, 199, 190, 175, 157.5),
        (73, 217, 247, 196, 188, 173, 157.5),
        (74, 214, 244, 194, 186, 171, 155),
        (75, 212, 241, 192, 184, 169, 152.5),
        (76, 210, 238, 190, 182, 168, 150),
        (77, 208, 236, 188, 180, 166, 147.5),
        (78, 205, 233, 186, 178, 164, 147.5),
        (79, 203, 231, 183, 176, 162, 145),
        (80, 201, 229, 181, 174, 161, 145),
        (81, 199, 226, 180, 173, 159, 142.5),
        (82, 197, 224, 178, 171, 158, 140),
        (83, 195, 222, 176, 169, 156, 140),
        (84, 193, 220, 174, 168, 155, 137.5),
        (85, 191, 218, 172, 166, 153, 137.5),
    )
)

# P3: how each pace feels, for sessions described without a pace.
_EFFORT_WORDS: dict[str, str] = {
    "E": "easy, conversational",
    "M": "steady, the effort you could hold for a marathon",
    "T": "comfortably hard",
    "I": "hard, about 3K to 5K race effort",
    "R": "fast but relaxed, about mile race effort",
}


def _oxygen_cost(metres_per_minute: float) -> float:
    """P1: VO2 (ml/kg/min) needed to run at this speed."""
    v = metres_per_minute
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def _sustainable_fraction(minutes: float) -> float:
    """P1: the fraction of VO2max a runner can hold for a race of this duration."""
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def _vdot(distance_km: float, seconds: float) -> float:
    minutes = seconds / 60.0
    return _oxygen_cost(distance_km * 1000.0 / minutes) / _sustainable_fraction(minutes)


def _check_positive(distance_km: float, seconds: float) -> None:
    values = (distance_km, seconds)
    if not all(math.isfinite(value) and value > 0 for value in values):
        raise SettingsError(_FIELD, "a race result needs a distance and a time above zero")


def _check_vdot(vdot: float) -> None:
    high = VDOT_RANGE[1]
    if not (math.isfinite(vdot) and VDOT_FLOOR <= vdot <= high):
        raise SettingsError(
            _FIELD,
            f"VDOT {vdot:.1f} is outside the paces RunLift can give ({VDOT_FLOOR:g}-{high:g}, "
            "a 5K between about 62:00 and 12:37); leave the recent race out to train by effort",
        )


def has_paces(vdot: float) -> bool:
    """P3: whether a race this slow still gives training paces (else: train by effort)."""
    return vdot >= VDOT_FLOOR


def vdot_from_race(distance_km: float, seconds: float) -> float:
    """P1: VDOT from a race result; a race faster than the tables (85) is an error.

    A race slower than the table's lowest row (30) is accepted (P3): its paces come from the
    formulas below the table (``training_paces``).
    """
    _check_positive(distance_km, seconds)
    vdot = _vdot(distance_km, seconds)
    low, high = VDOT_RANGE
    if vdot > high + _EDGE:
        raise SettingsError(
            _FIELD,
            f"that race gives VDOT {vdot:.1f}, faster than the published paces go "
            f"(VDOT {high:g}, a 5K in 12:37); check the distance and time",
        )
    if low - _EDGE <= vdot < low:
        return low  # the book's own 30 and 85 rows can land just outside
    return max(min(vdot, high), 0.0)


def race_seconds(vdot: float, distance_km: float) -> float:
    """P1: the race time at which ``distance_km`` gives ``vdot`` (bisection on time)."""
    _check_vdot(vdot)
    _check_positive(distance_km, 1.0)
    fast = distance_km * _FASTEST_S_PER_KM
    slow = distance_km * _SLOWEST_S_PER_KM
    for _ in range(_BISECTION_STEPS):  # VDOT falls as the time grows
        middle = (fast + slow) / 2.0
        if _vdot(distance_km, middle) > vdot:
            fast = middle
        else:
            slow = middle
    return (fast + slow) / 2.0


def equivalents(vdot: float) -> dict[str, int]:
    """P1: equivalent times in whole seconds for 5k, 10k, half and marathon."""
    return {name: _round(race_seconds(vdot, km)) for name, km in RACE_DISTANCES_KM.items()}


def training_paces(vdot: float) -> dict[str, PaceRange]:
    """P2: E (a range), M, T, I, R in whole seconds per km, from the published table."""
    _check_vdot(vdot)
    _, easy_fast, easy_slow, *singles = (_round(value) for value in _table_row(vdot))
    paces = {"E": PaceRange("E", easy_fast, easy_slow)}
    for name, value in zip(PACE_NAMES[1:], singles, strict=True):
        paces[name] = PaceRange(name, value, value)
    return paces


def goal_pace(vdot: float, distance_km: float) -> PaceRange:
    """RP: the pace of the race itself; for the marathon, the table's M pace (one marathon
    pace everywhere: the Paces box, race-pace runs and the race)."""
    if abs(distance_km - RACE_DISTANCES_KM["marathon"]) < 0.01:
        per_km = training_paces(vdot)["M"].min_s_per_km
    else:
        per_km = round(race_seconds(vdot, distance_km) / distance_km)
    return PaceRange("RP", per_km, per_km)


def _table_row(vdot: float) -> tuple[float, ...]:
    """Table 5.2 at ``vdot``, interpolated linearly between the two whole-VDOT rows."""
    if vdot < VDOT_RANGE[0]:
        return _below_table(vdot)
    index = min(int(vdot - VDOT_RANGE[0]), len(_TABLE) - 2)
    below, above = astuple(_TABLE[index]), astuple(_TABLE[index + 1])
    share = vdot - below[0]
    return tuple(start + (end - start) * share for start, end in zip(below, above, strict=True))


def _below_table(vdot: float) -> tuple[float, ...]:
    """P3: below VDOT 30, each pace at the same share of VDOT as in the table's lowest row.

    Solving the oxygen cost for that share carries the table's own slowing of M pace on.
    """
    lowest = astuple(_TABLE[0])
    row = [vdot]
    for s_per_km in lowest[1:]:
        share = _oxygen_cost(60000.0 / s_per_km) / lowest[0]
        row.append(60000.0 / _speed_for(share * vdot))
    return tuple(row)


def _speed_for(oxygen: float) -> float:
    """P1 backwards: the speed (m/min) whose oxygen cost is ``oxygen``."""
    a, b, c = 0.000104, 0.182258, -4.60 - oxygen
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def format_pace(s_per_km: float, units: Units) -> str:
    """``5:35/km`` or ``8:59/mi``."""
    return f"{_clock(s_per_km, units)}/{units.value}"


def format_pace_range(pace: PaceRange, units: Units) -> str:
    """``E 5:35-6:10/km``; a single pace as ``T 4:30/km``."""
    slow = format_pace(pace.max_s_per_km, units)
    if pace.min_s_per_km == pace.max_s_per_km:
        return f"{pace.name} {slow}"
    return f"{pace.name} {_clock(pace.min_s_per_km, units)}-{slow}"


def effort_words(name: str) -> str:
    """P3: how a pace feels (``easy, conversational``, ``comfortably hard`` …)."""
    key = name.strip().upper()
    if key not in _EFFORT_WORDS:
        raise SettingsError("pace", f"unknown training pace {name!r}: use E, M, T, I or R")
    return _EFFORT_WORDS[key]


def _clock(s_per_km: float, units: Units) -> str:
    if not (math.isfinite(s_per_km) and s_per_km > 0):
        raise SettingsError("pace", "a pace must be a positive number of seconds")
    per_unit = s_per_km * (KM_PER_MILE if units is Units.MI else 1.0)
    minutes, seconds = divmod(_round(per_unit), 60)
    return f"{minutes}:{seconds:02d}"


def _round(value: float) -> int:
    """Half up (4:30.5 shows as 4:31), where round() would round half to even."""
    return math.floor(value + 0.5)
