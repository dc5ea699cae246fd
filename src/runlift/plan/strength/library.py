"""The exercise library (``resources/exercises.toml``): pattern, kit, cue and FIT name of each."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from runlift.plan.model import SIX_PATTERNS, Equipment, Pattern
from runlift.resources import resource_path

_KEYS = frozenset(
    {"name", "pattern", "equipment", "hold", "cue", "per_side", "fit_category", "fit_name"}
)


# A FIT profile value name: lower-case words joined by "_" ("goblet_squat", "hip_raise").
_FIT_VALUE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class ExerciseDef:
    """One library entry. ``per_side``: sets × reps (or breaths) are done on each side.

    ``fit_category`` and ``fit_name`` name the exercise in Garmin's FIT profile (types
    ``exercise_category`` and ``<category>_exercise_name``), e.g. ``squat`` / ``goblet_squat``.
    """

    name: str
    pattern: Pattern
    equipment: tuple[Equipment, ...]
    hold: bool
    cue: str
    fit_category: str
    fit_name: str
    per_side: bool = False


def parse_library(text: str) -> tuple[ExerciseDef, ...]:
    """Read an exercise library; ValueError naming the entry for anything wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"exercise library is not valid TOML: {exc}") from None
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise ValueError("exercise library has no [[exercise]] entries")
    library = tuple(_parse_entry(index, entry) for index, entry in enumerate(entries, start=1))
    _check_unique_names(library)
    _check_bodyweight_cover(library)
    return library


@cache
def default_library() -> tuple[ExerciseDef, ...]:
    """The library bundled with RunLift, read once."""
    return parse_library(resource_path("exercises.toml").read_text(encoding="utf-8"))


def _parse_entry(index: int, entry: object) -> ExerciseDef:
    label = f"exercise entry {index}"
    if not isinstance(entry, dict):
        raise ValueError(f"{label} is not a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{label} has no name")
    label = f"{label} ({name!r})"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ValueError(f"{label}: unknown key {unknown[0]!r}")
    cue = entry.get("cue")
    if not isinstance(cue, str) or not cue.strip():
        raise ValueError(f"{label}: the form cue is missing")
    return ExerciseDef(
        name=name.strip(),
        pattern=_parse_pattern(label, entry.get("pattern")),
        equipment=_parse_equipment(label, entry.get("equipment")),
        hold=_parse_flag(label, entry, "hold", required=True),
        cue=cue.strip(),
        fit_category=_parse_fit_value(label, entry, "fit_category"),
        fit_name=_parse_fit_value(label, entry, "fit_name"),
        per_side=_parse_flag(label, entry, "per_side", required=False),
    )


def _parse_pattern(label: str, value: object) -> Pattern:
    try:
        return Pattern(str(value))
    except ValueError:
        names = ", ".join(p.value for p in Pattern)
        raise ValueError(f"{label}: pattern {value!r} is not one of {names}") from None


def _parse_equipment(label: str, value: object) -> tuple[Equipment, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f'{label}: equipment must be a non-empty list, e.g. ["bodyweight"]')
    items: list[Equipment] = []
    for item in value:
        try:
            kit = Equipment(str(item))
        except ValueError:
            names = ", ".join(e.value for e in Equipment)
            raise ValueError(f"{label}: equipment {item!r} is not one of {names}") from None
        if kit in items:
            raise ValueError(f"{label}: equipment {item!r} is listed twice")
        items.append(kit)
    return tuple(items)


def _parse_flag(label: str, entry: Mapping[str, object], key: str, *, required: bool) -> bool:
    value = entry.get(key, None if required else False)
    if not isinstance(value, bool):
        raise ValueError(f"{label}: {key} must be true or false")
    return value


def _parse_fit_value(label: str, entry: Mapping[str, object], key: str) -> str:
    value = entry.get(key)
    if value is None:
        raise ValueError(f"{label}: {key} is missing")
    if not isinstance(value, str) or not _FIT_VALUE.fullmatch(value):
        raise ValueError(
            f"{label}: {key} must be a FIT profile name in lower case, e.g. "
            f'fit_category = "squat", fit_name = "goblet_squat" (not {value!r})'
        )
    return value


def _check_unique_names(library: tuple[ExerciseDef, ...]) -> None:
    seen: set[str] = set()
    for index, exercise in enumerate(library, start=1):
        if exercise.name.casefold() in seen:
            raise ValueError(f"exercise entry {index} ({exercise.name!r}): the name is used twice")
        seen.add(exercise.name.casefold())


def _check_bodyweight_cover(library: tuple[ExerciseDef, ...]) -> None:
    # S2/S4: any kit must be able to cover the six patterns and core, so bodyweight must.
    bodyweight = frozenset({Equipment.BODYWEIGHT})
    for pattern in PATTERN_ORDER:
        if not any(d.pattern is pattern and fits_kit(d, bodyweight) for d in library):
            raise ValueError(f"exercise library has no bodyweight-only {pattern.value} exercise")


# S2: sessions list their exercises by movement pattern, big leg lifts first, core last.
PATTERN_ORDER: tuple[Pattern, ...] = (*SIX_PATTERNS, Pattern.CORE)


def fits_kit(exercise: ExerciseDef, kit: frozenset[Equipment]) -> bool:
    return all(item in kit for item in exercise.equipment)
