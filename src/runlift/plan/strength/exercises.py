"""What goes into strength and core sessions, out of the exercise library (DOMAIN.md S2-S4, T3).

The library (``library.py``) gives each exercise its movement pattern and kit. For each pattern a
session takes one exercise out of what the runner's kit allows:

- the pattern's *primary* exercise depends only on the kit, the pattern and ``variant`` (the
  training block). Every week of heavy sessions uses all the primaries, and light sessions use
  nothing else, so a cut-back session of the same variant brings no new exercise (T3);
- the extra slots of longer sessions take the pattern's *secondary* exercise, for variety.

Same inputs, same output: no randomness, no set iteration (determinism is a product rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from runlift.plan.model import SIX_PATTERNS, Equipment, Exercise, Load, Pattern
from runlift.plan.strength.library import (
    PATTERN_ORDER,
    ExerciseDef,
    default_library,
    fits_kit,
)

# What a longer session adds first: the posterior chain and single-leg work matter most to runners.
_FILL_ORDER: tuple[Pattern, ...] = (
    Pattern.HINGE,
    Pattern.SQUAT,
    Pattern.LUNGE,
    Pattern.PULL,
    Pattern.PUSH,
    Pattern.CARRY,
)
_MAIN_LIFTS = frozenset({Pattern.SQUAT, Pattern.HINGE})
_CORE_SESSION_SIZE = 3
_CORE_SESSION_SETS = 2

_CORE_REST_ADVICE = (
    "Rest about 1 minute between sets: enough to keep good form and slow breathing on every rep."
)
_REST_ADVICE = (
    "Rest about 2 minutes between sets of the big lifts and about 1 minute between core and carry "
    "sets: enough to do every rep with good form. Stop a set when your form slips; if time is "
    "short, alternate two exercises instead of resting idle."
)


# ---------------------------------------------------------------------------------------------
# The library


# ---------------------------------------------------------------------------------------------
# Choosing exercises


def _kit(equipment: Iterable[Equipment]) -> frozenset[Equipment]:
    return frozenset(equipment) | {Equipment.BODYWEIGHT}  # bodyweight is always at hand


def _loaded(exercise: ExerciseDef) -> bool:
    return any(item is not Equipment.BODYWEIGHT for item in exercise.equipment)


def _pool(
    library: tuple[ExerciseDef, ...], kit: frozenset[Equipment], pattern: Pattern
) -> tuple[ExerciseDef, ...]:
    """The exercises a pattern rotates through, in library order.

    S3 prefers loaded lifts: with two or more kit exercises for the pattern the bodyweight ones
    are left out. Core keeps them all (a plank is as good as any core exercise).
    """
    fitting = [d for d in library if d.pattern is pattern and fits_kit(d, kit)]
    loaded = [d for d in fitting if _loaded(d)]
    if pattern is Pattern.CORE or len(loaded) < 2:
        pool = loaded + [d for d in fitting if not _loaded(d)]
    else:
        pool = loaded
    if not pool:
        raise ValueError(f"the exercise library has no {pattern.value} exercise for this kit")
    return tuple(pool)


def _rotate(pool: tuple[ExerciseDef, ...], variant: int, step: int) -> ExerciseDef:
    return pool[(variant + step) % len(pool)]


def _assigned_patterns(session_no: int, sessions_in_week: int) -> tuple[Pattern, ...]:
    # S2: deal the six patterns round-robin, so the week covers all six and each session mixes
    # lower and upper body (2 a week: squat/lunge/pull and hinge/push/carry).
    return tuple(p for i, p in enumerate(SIX_PATTERNS) if i % sessions_in_week == session_no)


def _exercise_count(minutes: int) -> int:
    """How many exercises (core included) fit: short sessions under 40 min have fewer (S1)."""
    if minutes < 30:
        return 4
    if minutes < 40:
        return 5
    if minutes < 50:
        return 6
    if minutes <= 60:
        return 7
    return 8


@dataclass(frozen=True)
class _Pick:
    exercise: ExerciseDef
    main: bool  # the pattern's primary in the session it is assigned to


def _choose(
    library: tuple[ExerciseDef, ...],
    kit: frozenset[Equipment],
    variant: int,
    session_no: int,
    sessions_in_week: int,
    minutes: int,
    light: bool,
) -> list[_Pick]:
    assigned = _assigned_patterns(session_no, sessions_in_week)
    # S2/S4 coverage wins over the time budget: assigned patterns and one core always go in.
    room = max(_exercise_count(minutes), len(assigned) + 1) - len(assigned) - 1
    picks = [_Pick(_rotate(_pool(library, kit, p), variant, 0), True) for p in assigned]
    # T3: light sessions take primaries only, so they repeat exercises the heavy weeks used.
    extra_step = 0 if light else 1
    fills = [p for p in _FILL_ORDER if p not in assigned][:room]
    picks += [_Pick(_rotate(_pool(library, kit, p), variant, extra_step), False) for p in fills]
    picks += _core_picks(
        _pool(library, kit, Pattern.CORE), variant, session_no, light, room - len(fills)
    )
    return sorted(picks, key=lambda pick: PATTERN_ORDER.index(pick.exercise.pattern))


def _core_picks(
    pool: tuple[ExerciseDef, ...], variant: int, session_no: int, light: bool, room: int
) -> list[_Pick]:
    # S4: at least one core exercise. Heavy weeks rotate it per session; session 0 always has the
    # primary, which is the only one a light session uses (T3).
    step = 0 if light else session_no
    first = _rotate(pool, variant, step)
    picks = [_Pick(first, False)]
    if room > 0 and not light:
        others = (_rotate(pool, variant, step + n) for n in range(1, len(pool)))
        second = next((e for e in others if movement(e) != movement(first)), None)
        if second is not None:  # never the same movement twice ("Dead bug", "Dumbbell dead bug")
            picks.append(_Pick(second, False))
    return picks


_KIT_WORDS = ("dumbbell ", "kettlebell ", "band ", "banded ", "weighted ", "suspension ", "ball ")


def movement(exercise: ExerciseDef) -> str:
    """The movement an exercise is, whatever it is done with: a dumbbell dead bug is a dead bug."""
    name = exercise.name.casefold()
    for word in _KIT_WORDS:
        name = name.replace(word, "")
    return name.strip()


# ---------------------------------------------------------------------------------------------
# Sets, reps and holds (S3)


def _heavy_sets(pick: _Pick) -> int:
    main_lift = pick.main and pick.exercise.pattern in _MAIN_LIFTS and not pick.exercise.hold
    return 4 if main_lift else 3


def _sets(pick: _Pick, load: Load) -> int:
    heavy = _heavy_sets(pick)
    if load is Load.HEAVY:
        return heavy
    if load is Load.MODERATE:
        return 3
    return max(1, round(heavy / 2))  # T3: about half the sets


def _reps(pattern: Pattern, load: Load) -> str:
    moderate = load is Load.MODERATE
    if pattern is Pattern.CARRY:
        return "30 m" if moderate else "20 m"  # a distance: carries are walked, not counted
    if pattern is Pattern.SQUAT:
        return "12-15" if moderate else "10-12"
    return "8-10" if moderate else "6-8"


def _hold_breaths(load: Load) -> int:
    return 12 if load is Load.MODERATE else 10


def _main_equipment(exercise: ExerciseDef) -> Equipment:
    return next(
        (e for e in exercise.equipment if e is not Equipment.BODYWEIGHT), Equipment.BODYWEIGHT
    )


def _prescribe(exercise: ExerciseDef, sets: int, load: Load) -> Exercise:
    if exercise.hold:  # S3: static holds are counted in breaths, not seconds
        return Exercise(
            name=exercise.name,
            pattern=exercise.pattern,
            sets=sets,
            hold_breaths=_hold_breaths(load),
            equipment=_main_equipment(exercise),
        )
    return Exercise(
        name=exercise.name,
        pattern=exercise.pattern,
        sets=sets,
        reps=_reps(exercise.pattern, load),
        equipment=_main_equipment(exercise),
    )


# ---------------------------------------------------------------------------------------------
# Sessions


def strength_session(
    library: tuple[ExerciseDef, ...],
    equipment: tuple[Equipment, ...],
    load: Load,
    variant: int,
    session_no: int,
    sessions_in_week: int,
    minutes: int,
) -> tuple[Exercise, ...]:
    """The exercises of strength session ``session_no`` (0-based) of a week of ``sessions_in_week``.

    S2: the week's sessions together cover the six patterns; S4: each has core; S3/T3: sets and
    reps follow ``load``. ``variant`` is the training block: keep it for a few weeks, and give a
    cut-back week the variant of its last heavy block so it brings no new exercise.
    """
    if sessions_in_week < 1:
        raise ValueError(f"sessions_in_week must be at least 1, not {sessions_in_week}")
    if not 0 <= session_no < sessions_in_week:
        raise ValueError(f"session_no {session_no} is outside 0..{sessions_in_week - 1}")
    if minutes < 1:
        raise ValueError(f"minutes must be positive, not {minutes}")
    picks = _choose(
        library, _kit(equipment), variant, session_no, sessions_in_week, minutes, load is Load.LIGHT
    )
    return tuple(_prescribe(pick.exercise, _sets(pick, load), load) for pick in picks)


def core_session(
    library: tuple[ExerciseDef, ...], equipment: tuple[Equipment, ...], variant: int
) -> tuple[Exercise, ...]:
    """A short separate core add-on (S4): up to three core exercises, two sets each."""
    pool = _pool(library, _kit(equipment), Pattern.CORE)
    chosen: list[ExerciseDef] = []
    for step in range(len(pool)):  # each a movement of its own: never two kinds of dead bug
        exercise = _rotate(pool, variant, step)
        if len(chosen) < _CORE_SESSION_SIZE and movement(exercise) not in map(movement, chosen):
            chosen.append(exercise)
    return tuple(_prescribe(d, _CORE_SESSION_SETS, Load.MODERATE) for d in chosen)


# ---------------------------------------------------------------------------------------------
# Text


def describe_exercises(
    exercises: tuple[Exercise, ...], library: tuple[ExerciseDef, ...] | None = None
) -> str:
    """One line per exercise ("Goblet squat — 3 × 10-12. <cue>") and the rest advice (S3).

    ``library`` (default: the bundled one) supplies the form cue and "each side"; exercises not in
    it are still listed, without them.
    """
    if not exercises:
        return ""
    lines = [
        _exercise_line(exercise, library_entry(exercise.name, library)) for exercise in exercises
    ]
    core_only = all(exercise.pattern is Pattern.CORE for exercise in exercises)
    return "\n".join([*lines, _CORE_REST_ADVICE if core_only else _REST_ADVICE])


def library_entry(name: str, library: tuple[ExerciseDef, ...] | None = None) -> ExerciseDef | None:
    """The library entry of an exercise by its name (default: the bundled library), or None."""
    if library is None:
        return _bundled_by_name().get(name)
    return next((d for d in library if d.name == name), None)


@cache
def _bundled_by_name() -> dict[str, ExerciseDef]:
    return {entry.name: entry for entry in default_library()}  # names are unique (checked)


def _exercise_line(exercise: Exercise, entry: ExerciseDef | None) -> str:
    if exercise.hold_breaths is not None:
        amount = f"{exercise.hold_breaths} breaths"
    else:
        amount = exercise.reps or ""
    if entry is None:
        return f"{exercise.name} — {exercise.sets} × {amount}"
    side = " each side" if entry.per_side else ""
    return f"{exercise.name} — {exercise.sets} × {amount}{side}. {entry.cue}"
