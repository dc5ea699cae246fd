"""The exercise library and strength/core session content (DOMAIN.md S2-S4, T3)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.plan.model import SIX_PATTERNS, Equipment, Exercise, Load, Pattern
from runlift.plan.strength.exercises import (
    core_session,
    describe_exercises,
    library_entry,
    strength_session,
)
from runlift.plan.strength.library import ExerciseDef, default_library, parse_library
from runlift.resources import resource_path

LIBRARY = default_library()
BY_NAME = {d.name: d for d in LIBRARY}
ALL_PATTERNS = (*SIX_PATTERNS, Pattern.CORE)

# S3 as DOMAIN.md and the load table state it: (pattern, load) → reps for lifts that are not holds.
_HEAVY_REPS = {Pattern.SQUAT: "10-12", Pattern.CARRY: "20 m"}
_MODERATE_REPS = {Pattern.SQUAT: "12-15", Pattern.CARRY: "30 m"}


def expected_reps(pattern: Pattern, load: Load) -> str:
    if load is Load.MODERATE:
        return _MODERATE_REPS.get(pattern, "8-10")
    return _HEAVY_REPS.get(pattern, "6-8")


def week(
    kit: tuple[Equipment, ...], load: Load, variant: int, sessions: int, minutes: int
) -> list[tuple[Exercise, ...]]:
    return [
        strength_session(LIBRARY, kit, load, variant, n, sessions, minutes) for n in range(sessions)
    ]


def names(sessions: Iterable[tuple[Exercise, ...]]) -> set[str]:
    return {e.name for session in sessions for e in session}


def fits(entry: ExerciseDef, kit: Iterable[Equipment]) -> bool:
    return set(entry.equipment) <= set(kit) | {Equipment.BODYWEIGHT}


kits = st.sets(st.sampled_from(list(Equipment))).map(lambda s: tuple(sorted(s)))
loads = st.sampled_from(list(Load))
variants = st.integers(min_value=0, max_value=30)
sessions_per_week = st.integers(min_value=1, max_value=3)
minutes_st = st.integers(min_value=20, max_value=75)


# --- the library ------------------------------------------------------------------------------


def test_bundled_library_parses_with_enough_exercises() -> None:
    text = resource_path("exercises.toml").read_text(encoding="utf-8")
    parsed = parse_library(text)
    assert parsed == LIBRARY
    assert len(LIBRARY) >= 36
    assert len(BY_NAME) == len(LIBRARY), "names must be unique"
    assert all(d.cue.strip() and d.equipment for d in LIBRARY)
    assert {d.pattern for d in LIBRARY} == set(ALL_PATTERNS)


def test_default_library_is_read_once() -> None:
    assert default_library() is default_library()


def test_library_entry_by_name() -> None:
    goblet = library_entry("Goblet squat")
    assert goblet is not None
    assert (goblet.fit_category, goblet.fit_name) == ("squat", "goblet_squat")
    assert library_entry("Goblet squat", parse_library(MINIMAL)) is None
    assert library_entry("Squat one", parse_library(MINIMAL)) == parse_library(MINIMAL)[0]
    assert library_entry("Headstand") is None


@pytest.mark.parametrize(
    "kit", [(), (Equipment.BAND,)], ids=["bodyweight only", "bodyweight and band"]
)
@pytest.mark.parametrize("pattern", ALL_PATTERNS, ids=str)
def test_every_pattern_available_with_minimal_kits(
    kit: tuple[Equipment, ...], pattern: Pattern
) -> None:
    assert any(d.pattern is pattern and fits(d, kit) for d in LIBRARY)


def test_static_holds_are_flagged() -> None:
    # S3: planks and side planks are static holds, counted in breaths.
    assert BY_NAME["Plank"].hold and BY_NAME["Side plank"].hold and BY_NAME["Wall sit"].hold
    assert not BY_NAME["Goblet squat"].hold and not BY_NAME["Dead bug"].hold


# --- corrupt library text ----------------------------------------------------------------------

MINIMAL = "\n".join(
    f'[[exercise]]\nname = "{p.value.title()} one"\npattern = "{p.value}"\n'
    f'equipment = ["bodyweight"]\nhold = false\ncue = "Move well."\n'
    f'fit_category = "{p.value}"\nfit_name = "{p.value}"\n'
    for p in ALL_PATTERNS
)


def test_minimal_library_parses() -> None:
    parsed = parse_library(MINIMAL)
    assert [d.pattern for d in parsed] == list(ALL_PATTERNS)
    assert all(d.equipment == (Equipment.BODYWEIGHT,) and not d.per_side for d in parsed)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('pattern = "push"', 'pattern = "bench"', "'Push one'"),
        (
            'name = "Pull one"\npattern = "pull"\nequipment = ["bodyweight"]',
            'name = "Pull one"\npattern = "pull"\nequipment = ["barbell"]',
            "'Pull one'",
        ),
        (
            'name = "Core one"\npattern = "core"\nequipment = ["bodyweight"]\nhold = false',
            'name = "Core one"\npattern = "core"\nequipment = ["bodyweight"]\nhold = "yes"',
            "'Core one'",
        ),
        (
            'name = "Hinge one"\npattern = "hinge"\nequipment = ["bodyweight"]\nhold = false\n'
            'cue = "Move well."',
            'name = "Hinge one"\npattern = "hinge"\nequipment = ["bodyweight"]\nhold = false',
            "'Hinge one'",
        ),
        ('name = "Lunge one"', 'name = "Lunge one"\nreps = 5', "'Lunge one'"),
        (
            'name = "Carry one"\npattern = "carry"\nequipment = ["bodyweight"]',
            'name = "Carry one"\npattern = "carry"\nequipment = []',
            "'Carry one'",
        ),
        ('name = "Squat one"', 'name = "Hinge one"', "'Hinge one'"),
        ('name = "Squat one"', 'name = ""', "exercise entry 1"),
        ('fit_category = "push"\n', "", r"'Push one'\): fit_category is missing"),
        (
            'fit_name = "pull"',
            'fit_name = "Pull Up"',
            r"'Pull one'\): fit_name must be a FIT profile name",
        ),
        ('fit_name = "core"', "fit_name = 5", r"'Core one'\): fit_name must be"),
    ],
    ids=[
        "bad pattern",
        "unknown equipment",
        "hold not a flag",
        "no cue",
        "unknown key",
        "empty equipment",
        "duplicate name",
        "no name",
        "no FIT category",
        "FIT name not a profile name",
        "FIT name a number",
    ],
)
def test_corrupt_entry_names_the_entry(old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    with pytest.raises(ValueError, match=message):
        parse_library(MINIMAL.replace(old, new, 1))


def test_corrupt_bundled_library_names_the_entry() -> None:
    text = resource_path("exercises.toml").read_text(encoding="utf-8")
    old = 'name = "Pike push-up"\npattern = "push"'
    assert old in text
    with pytest.raises(ValueError, match="Pike push-up"):
        parse_library(text.replace(old, 'name = "Pike push-up"\npattern = "pushing"'))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[exercise]\nname = 1", "not valid TOML"),
        ("title = 'exercises'\n", "no \\[\\[exercise\\]\\] entries"),
        ("exercise = [1]\n", "exercise entry 1 is not a table"),
    ],
)
def test_unreadable_library(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_library(text)


def test_library_without_bodyweight_carry_is_refused() -> None:
    # S2: any kit must be able to cover every pattern, so each needs a bodyweight option.
    text = MINIMAL.replace(
        'pattern = "carry"\nequipment = ["bodyweight"]',
        'pattern = "carry"\nequipment = ["dumbbell"]',
    )
    with pytest.raises(ValueError, match="bodyweight-only carry"):
        parse_library(text)


# --- sessions: examples ------------------------------------------------------------------------


def test_single_bodyweight_session_covers_six_patterns_and_core() -> None:
    (session,) = week((), Load.HEAVY, 0, 1, 20)
    assert {e.pattern for e in session} == set(ALL_PATTERNS)
    assert all(BY_NAME[e.name].equipment == (Equipment.BODYWEIGHT,) for e in session)


def test_kit_exercises_are_preferred_to_bodyweight() -> None:
    # S3: heavier weights for fewer reps; with dumbbells the squat is loaded.
    kit = (Equipment.DUMBBELL,)
    for variant in range(4):
        session = strength_session(LIBRARY, kit, Load.HEAVY, variant, 0, 1, 50)
        squat = next(e for e in session if e.pattern is Pattern.SQUAT)
        assert Equipment.DUMBBELL in BY_NAME[squat.name].equipment
        assert squat.equipment is Equipment.DUMBBELL
        assert squat.sets == 4  # the main squat lift


def test_variant_changes_the_exercises() -> None:
    kit = (Equipment.DUMBBELL, Equipment.KETTLEBELL)
    blocks = [names(week(kit, Load.HEAVY, variant, 2, 45)) for variant in range(3)]
    assert blocks[0] != blocks[1] and blocks[1] != blocks[2]


def test_sessions_are_ordered_by_pattern() -> None:
    order = list(ALL_PATTERNS)
    for session in week((Equipment.BAND,), Load.MODERATE, 2, 2, 60):
        indexes = [order.index(e.pattern) for e in session]
        assert indexes == sorted(indexes)


@pytest.mark.parametrize(
    ("session_no", "sessions", "minutes"), [(2, 2, 45), (-1, 2, 45), (0, 0, 45), (0, 1, 0)]
)
def test_bad_session_arguments(session_no: int, sessions: int, minutes: int) -> None:
    with pytest.raises(ValueError):
        strength_session(LIBRARY, (), Load.HEAVY, 0, session_no, sessions, minutes)


# --- sessions: properties ----------------------------------------------------------------------


@given(kits, loads, variants, sessions_per_week, minutes_st)
def test_week_covers_six_patterns_and_core_in_each_session(
    kit: tuple[Equipment, ...], load: Load, variant: int, sessions: int, minutes: int
) -> None:
    planned = week(kit, load, variant, sessions, minutes)
    # S2: the week covers all six patterns (also with a single session).
    assert {e.pattern for s in planned for e in s} >= set(SIX_PATTERNS)
    for session in planned:
        assert any(e.pattern is Pattern.CORE for e in session)  # S4
        assert len({e.name for e in session}) == len(session)  # no exercise twice


@given(kits, loads, variants, sessions_per_week, minutes_st)
def test_reps_holds_and_equipment(
    kit: tuple[Equipment, ...], load: Load, variant: int, sessions: int, minutes: int
) -> None:
    for session in week(kit, load, variant, sessions, minutes):
        for exercise in session:
            entry = BY_NAME[exercise.name]
            assert fits(entry, kit)
            assert exercise.equipment in (*kit, Equipment.BODYWEIGHT)
            assert exercise.pattern is entry.pattern
            if entry.hold:  # S3: static holds counted in breaths
                assert exercise.reps is None
                assert exercise.hold_breaths is not None and exercise.hold_breaths >= 8
            else:
                assert exercise.hold_breaths is None
                assert exercise.reps == expected_reps(exercise.pattern, load)


@given(kits, variants, sessions_per_week, minutes_st)
def test_sets_follow_the_load(
    kit: tuple[Equipment, ...], variant: int, sessions: int, minutes: int
) -> None:
    heavy = week(kit, Load.HEAVY, variant, sessions, minutes)
    for session in heavy:
        for e in session:
            main_lift = e.pattern in (Pattern.SQUAT, Pattern.HINGE) and e.reps is not None
            assert e.sets == 3 or (e.sets == 4 and main_lift)
    heavy_sets: dict[str, int] = {}
    for session in heavy:
        for e in session:
            heavy_sets[e.name] = max(e.sets, heavy_sets.get(e.name, 0))
    for session in week(kit, Load.MODERATE, variant, sessions, minutes):
        assert all(e.sets == 3 for e in session)
    for session in week(kit, Load.LIGHT, variant, sessions, minutes):
        for e in session:  # T3: about half the sets
            assert e.sets == max(1, round(heavy_sets.get(e.name, 3) / 2))


@given(kits, variants, sessions_per_week, sessions_per_week, minutes_st, minutes_st, loads)
def test_light_session_brings_no_new_exercise(
    kit: tuple[Equipment, ...],
    variant: int,
    heavy_sessions: int,
    light_sessions: int,
    heavy_minutes: int,
    light_minutes: int,
    block_load: Load,
) -> None:
    # T3: a cut-back session of the same variant only repeats exercises the heavy weeks used.
    heavy_load = Load.HEAVY if block_load is Load.LIGHT else block_load
    used = names(week(kit, heavy_load, variant, heavy_sessions, heavy_minutes))
    light = names(week(kit, Load.LIGHT, variant, light_sessions, light_minutes))
    assert light <= used


@given(kits, loads, variants, sessions_per_week, minutes_st)
def test_same_inputs_same_session(
    kit: tuple[Equipment, ...], load: Load, variant: int, sessions: int, minutes: int
) -> None:
    fresh = parse_library(resource_path("exercises.toml").read_text(encoding="utf-8"))
    for n in range(sessions):
        first = strength_session(LIBRARY, kit, load, variant, n, sessions, minutes)
        assert strength_session(fresh, kit, load, variant, n, sessions, minutes) == first
        assert strength_session(LIBRARY, kit, load, variant, n, sessions, minutes) == first
        assert describe_exercises(first) == describe_exercises(first, fresh)


@given(kits, loads, variants, sessions_per_week, minutes_st, minutes_st)
def test_longer_sessions_never_have_fewer_exercises(
    kit: tuple[Equipment, ...], load: Load, variant: int, sessions: int, a: int, b: int
) -> None:
    shorter, longer = sorted((a, b))
    for n in range(sessions):
        few = strength_session(LIBRARY, kit, load, variant, n, sessions, shorter)
        many = strength_session(LIBRARY, kit, load, variant, n, sessions, longer)
        assert len(few) <= len(many)


@pytest.mark.parametrize("sessions", [2, 3])
def test_short_sessions_have_fewer_exercises_than_long_ones(sessions: int) -> None:
    # S1: under 40 minutes is a short session, 40-60 a long one.
    kit = (Equipment.DUMBBELL,)
    for n in range(sessions):
        short = strength_session(LIBRARY, kit, Load.HEAVY, 0, n, sessions, 30)
        long = strength_session(LIBRARY, kit, Load.HEAVY, 0, n, sessions, 50)
        assert len(short) < len(long)


# --- core add-on -------------------------------------------------------------------------------


@given(kits, variants)
def test_core_session_is_short_core_work_from_the_kit(
    kit: tuple[Equipment, ...], variant: int
) -> None:
    session = core_session(LIBRARY, kit, variant)
    assert 2 <= len(session) <= 3
    assert len({e.name for e in session}) == len(session)
    for e in session:
        entry = BY_NAME[e.name]
        assert e.pattern is Pattern.CORE and fits(entry, kit)
        assert (e.reps is None) == entry.hold == (e.hold_breaths is not None)
    assert core_session(LIBRARY, kit, variant) == session


def test_core_session_rotates_with_variant() -> None:
    sessions = {core_session(LIBRARY, (), variant) for variant in range(4)}
    assert len(sessions) > 1


# --- text --------------------------------------------------------------------------------------


def test_describe_lines() -> None:
    exercises = (
        Exercise("Goblet squat", Pattern.SQUAT, 3, reps="10-12", equipment=Equipment.DUMBBELL),
        Exercise("Side plank", Pattern.CORE, 3, hold_breaths=10),
        Exercise("Reverse lunge", Pattern.LUNGE, 2, reps="6-8"),
    )
    lines = describe_exercises(exercises).splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Goblet squat — 3 × 10-12. ")
    assert BY_NAME["Goblet squat"].cue in lines[0]
    assert lines[1].startswith("Side plank — 3 × 10 breaths each side. ")
    assert lines[2].startswith("Reverse lunge — 2 × 6-8 each side. ")
    assert "rest" in lines[3].lower() and "form" in lines[3]  # S3: rest enough to keep form


def test_describe_unknown_exercise_and_empty() -> None:
    text = describe_exercises((Exercise("Cartwheel", Pattern.CORE, 2, reps="5"),))
    assert text.splitlines()[0] == "Cartwheel — 2 × 5"
    assert "form" in text.splitlines()[1]
    assert describe_exercises(()) == ""


def test_describe_a_generated_session_lists_every_exercise() -> None:
    session = strength_session(LIBRARY, (Equipment.KETTLEBELL,), Load.HEAVY, 1, 0, 2, 45)
    lines = describe_exercises(session).splitlines()
    assert len(lines) == len(session) + 1
    for exercise, line in zip(session, lines, strict=False):
        amount = exercise.reps or f"{exercise.hold_breaths} breaths"
        assert line.startswith(f"{exercise.name} — {exercise.sets} × {amount}")
