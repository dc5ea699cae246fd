"""VDOT, equivalent times and training paces against Daniels' published tables (P1-P3).

The expected values are the book's own numbers in columns the implementation does not
store (per mile, per 400 m / 200 m / 1200 m, race times), so a typo in the per-km table or
a wrong formula shows up here.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlift.errors import SettingsError
from runlift.plan.model import PaceRange, Units
from runlift.plan.paces import (
    VDOT_FLOOR,
    effort_words,
    equivalents,
    format_pace,
    format_pace_range,
    has_paces,
    race_seconds,
    training_paces,
    vdot_from_race,
)

KM_PER_MILE = 1.609344


def clock(text: str) -> float:
    """``1:31:35`` / ``7:17`` / ``93`` → seconds."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def per_mile(text: str) -> float:
    return clock(text) / KM_PER_MILE


def per_metres(text: str, metres: int) -> float:
    return clock(text) * 1000 / metres


# Daniels' Running Formula, 3rd ed., Table 5.2, per-mile columns: E range, M, T.
PUBLISHED_MILE = {
    30: ("12:00", "13:16", "11:21", "10:18"),
    40: ("9:32", "10:41", "8:50", "8:12"),
    43: ("9:00", "10:05", "8:17", "7:42"),
    44: ("8:50", "9:55", "8:07", "7:33"),
    50: ("7:57", "8:58", "7:17", "6:50"),
    60: ("6:50", "7:45", "6:14", "5:54"),
    62: ("6:39", "7:33", "6:04", "5:45"),
    70: ("6:01", "6:50", "5:28", "5:13"),
    85: ("5:08", "5:50", "4:37", "4:27"),
}

# Table 5.2 track splits: T per 400 m, I per 400 m, R per 200 m.
PUBLISHED_SPLITS = {
    30: ("2:33", "2:22", "67"),
    40: ("2:02", "1:52", "52"),
    50: ("1:41", "93", "43"),
    60: ("88", "81", "37"),
    70: ("77", "71", "32"),
    85: ("66", "61", "27"),
}

# Table 5.1 (race times for each VDOT): 5K, 10K, half marathon, marathon.
PUBLISHED_RACES = {
    30: ("30:40", "63:46", "2:21:04", "4:49:17"),
    40: ("24:08", "50:03", "1:50:59", "3:49:45"),
    50: ("19:57", "41:21", "1:31:35", "3:10:49"),
    60: ("17:03", "35:22", "1:18:09", "2:43:25"),
    70: ("14:55", "31:00", "1:08:21", "2:23:10"),
    85: ("12:37", "26:19", "57:50", "2:01:10"),
}

RACE_KM = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195}

vdots = st.floats(min_value=30.0, max_value=85.0, allow_nan=False)
race_km = st.floats(min_value=1.5, max_value=42.195, allow_nan=False)


@pytest.mark.parametrize("vdot", sorted(PUBLISHED_MILE))
def test_easy_marathon_threshold_match_the_published_mile_columns(vdot: int) -> None:
    easy_fast, easy_slow, marathon, threshold = (per_mile(t) for t in PUBLISHED_MILE[vdot])
    paces = training_paces(vdot)
    assert paces["E"].min_s_per_km == pytest.approx(easy_fast, abs=2)
    assert paces["E"].max_s_per_km == pytest.approx(easy_slow, abs=2)
    assert paces["M"].min_s_per_km == pytest.approx(marathon, abs=2)
    assert paces["T"].min_s_per_km == pytest.approx(threshold, abs=2)


@pytest.mark.parametrize("vdot", sorted(PUBLISHED_SPLITS))
def test_threshold_interval_repetition_match_the_published_track_splits(vdot: int) -> None:
    t_400, i_400, r_200 = PUBLISHED_SPLITS[vdot]
    paces = training_paces(vdot)
    assert paces["T"].min_s_per_km == pytest.approx(per_metres(t_400, 400), abs=3)
    assert paces["I"].min_s_per_km == pytest.approx(per_metres(i_400, 400), abs=3)
    # 200 m splits are whole seconds: 2.5 s/km of rounding on their own
    assert paces["R"].min_s_per_km == pytest.approx(per_metres(r_200, 200), abs=3)


def test_longer_published_splits_agree_too() -> None:
    assert training_paces(50)["I"].min_s_per_km == pytest.approx(per_metres("4:40", 1200), abs=2)
    assert training_paces(70)["I"].min_s_per_km == pytest.approx(per_mile("4:46"), abs=2)
    assert training_paces(85)["R"].min_s_per_km == pytest.approx(per_metres("1:51", 800), abs=2)


@pytest.mark.parametrize("vdot", sorted(PUBLISHED_RACES))
def test_equivalents_match_the_published_race_times(vdot: int) -> None:
    times = equivalents(vdot)
    assert list(times) == ["5k", "10k", "half", "marathon"]
    for (name, km), published in zip(RACE_KM.items(), PUBLISHED_RACES[vdot], strict=True):
        assert isinstance(times[name], int)
        # within 1 s/km of the book's average race pace
        assert abs(times[name] - clock(published)) / km <= 1.0, (vdot, name, times[name])


def test_vdot_of_the_published_races_is_the_row_they_come_from() -> None:
    for vdot, times in PUBLISHED_RACES.items():
        for km, published in zip(RACE_KM.values(), times, strict=True):
            assert vdot_from_race(km, clock(published)) == pytest.approx(vdot, abs=0.15)


def test_marathon_pace_follows_the_table_where_the_formula_drifts() -> None:
    # P2: at VDOT 30 the race-equivalent marathon pace is ~11 s/km faster than the book's M
    formula_m = race_seconds(30, 42.195) / 42.195
    table_m = per_mile(PUBLISHED_MILE[30][2])
    assert table_m - formula_m > 8
    assert training_paces(30)["M"].min_s_per_km == pytest.approx(table_m, abs=1)
    # where the book and the formula agree, so do we
    assert training_paces(60)["M"].min_s_per_km == pytest.approx(
        race_seconds(60, 42.195) / 42.195, abs=2
    )


@given(vdots)
def test_paces_are_ordered_from_easy_to_repetition(vdot: float) -> None:
    paces = training_paces(vdot)
    assert list(paces) == ["E", "M", "T", "I", "R"]
    assert all(paces[name].name == name for name in paces)
    assert paces["E"].max_s_per_km > paces["E"].min_s_per_km > paces["M"].min_s_per_km
    assert paces["M"].min_s_per_km > paces["T"].min_s_per_km > paces["I"].min_s_per_km
    assert paces["I"].min_s_per_km > paces["R"].min_s_per_km
    for name in "MTIR":
        assert paces[name].min_s_per_km == paces[name].max_s_per_km


@given(vdots)
def test_between_rows_paces_lie_between_the_neighbouring_rows(vdot: float) -> None:
    lower, upper = training_paces(math.floor(vdot)), training_paces(min(math.ceil(vdot), 85))
    for name, pace in training_paces(vdot).items():
        assert upper[name].min_s_per_km <= pace.min_s_per_km <= lower[name].min_s_per_km
        assert upper[name].max_s_per_km <= pace.max_s_per_km <= lower[name].max_s_per_km


@given(vdots, vdots)
def test_fitter_runners_never_get_slower_paces(first: float, second: float) -> None:
    slower, faster = training_paces(min(first, second)), training_paces(max(first, second))
    for name in "EMTIR":
        assert faster[name].min_s_per_km <= slower[name].min_s_per_km
        assert faster[name].max_s_per_km <= slower[name].max_s_per_km


@given(vdots, race_km)
def test_race_seconds_and_vdot_from_race_round_trip(vdot: float, km: float) -> None:
    seconds = race_seconds(vdot, km)
    assert vdot_from_race(km, seconds) == pytest.approx(vdot, abs=1e-6)


@given(st.floats(min_value=30.5, max_value=84.5), race_km)
def test_a_race_in_whole_seconds_comes_back_as_its_own_time(vdot: float, km: float) -> None:
    seconds = round(race_seconds(vdot, km))
    assert race_seconds(vdot_from_race(km, seconds), km) == pytest.approx(seconds, abs=0.01)


@given(vdots)
def test_equivalents_get_slower_with_distance(vdot: float) -> None:
    times = list(equivalents(vdot).values())
    assert times == sorted(times)
    pace = [time / km for time, km in zip(times, RACE_KM.values(), strict=True)]
    assert pace == sorted(pace)


@pytest.mark.parametrize(
    ("km", "seconds", "words"),
    [
        (5.0, 12 * 60, "faster than the published paces"),
        (0.0, 2700, "above zero"),
        (10.0, 0, "above zero"),
        (10.0, -5, "above zero"),
        (math.nan, 2700, "above zero"),
        (10.0, math.inf, "above zero"),
    ],
)
def test_races_outside_the_tables_are_refused_with_a_reason(
    km: float, seconds: float, words: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        vdot_from_race(km, seconds)
    assert caught.value.field == "recent_race"
    assert words in caught.value.message


@pytest.mark.parametrize("vdot", [11.9, 85.1, 0.0, -3.0, math.nan, math.inf])
def test_vdot_outside_the_tables_is_refused(vdot: float) -> None:
    for call in (training_paces, equivalents, lambda v: race_seconds(v, 10.0)):
        with pytest.raises(SettingsError) as caught:
            call(vdot)
        assert caught.value.field == "recent_race"
        assert "12-85" in caught.value.message


@pytest.mark.parametrize(("km", "seconds"), [(10.0, 80 * 60), (42.195, 6 * 3600), (5.0, 45 * 60)])
def test_a_race_slower_than_the_table_gets_paces_from_the_formulas(km: float, seconds: int) -> None:
    # P3: accepted, never refused; every pace slower than the table's lowest row
    vdot = vdot_from_race(km, seconds)
    assert VDOT_FLOOR <= vdot < 30
    slow, lowest = training_paces(vdot), training_paces(30)
    for name in "EMTIR":
        assert slow[name].min_s_per_km > lowest[name].min_s_per_km
    # the paces keep their order: E slower than M slower than T slower than I slower than R
    order = [slow["E"].min_s_per_km, *(slow[n].min_s_per_km for n in "MTIR")]
    assert order == sorted(order, reverse=True)


def test_below_the_table_the_paces_join_the_table_without_a_jump() -> None:
    just_below, row = training_paces(29.99), training_paces(30)
    for name in "EMTIR":
        assert abs(just_below[name].min_s_per_km - row[name].min_s_per_km) <= 2
        assert abs(just_below[name].max_s_per_km - row[name].max_s_per_km) <= 2


def test_a_race_too_slow_for_any_pace_trains_by_effort() -> None:
    vdot = vdot_from_race(5.0, 100 * 60)  # a 5K walked in 100 minutes
    assert not has_paces(vdot) and has_paces(30.0)


def test_race_seconds_refuses_a_distance_of_zero() -> None:
    with pytest.raises(SettingsError):
        race_seconds(50.0, 0.0)


def test_format_pace_per_km_and_per_mile() -> None:
    assert format_pace(335, Units.KM) == "5:35/km"
    assert format_pace(335, Units.MI) == "8:59/mi"  # 539.1 s per mile
    assert format_pace(59.5, Units.KM) == "1:00/km"  # rounds half up and carries the minute
    assert format_pace(600, Units.KM) == "10:00/km"


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_format_pace_refuses_non_paces(bad: float) -> None:
    with pytest.raises(SettingsError):
        format_pace(bad, Units.KM)


def test_format_pace_range() -> None:
    assert format_pace_range(PaceRange("E", 335, 370), Units.KM) == "E 5:35-6:10/km"
    assert format_pace_range(PaceRange("T", 270, 270), Units.KM) == "T 4:30/km"
    assert format_pace_range(PaceRange("E", 335, 370), Units.MI) == "E 8:59-9:55/mi"
    assert format_pace_range(training_paces(50)["M"], Units.MI) == "M 7:16/mi"


def test_effort_words_describe_each_pace() -> None:
    assert effort_words("E") == "easy, conversational"
    assert effort_words("T") == "comfortably hard"
    words = {name: effort_words(name) for name in "EMTIR"}
    assert len(set(words.values())) == 5
    assert effort_words("i") == words["I"]
    with pytest.raises(SettingsError):
        effort_words("Z")


def test_the_books_end_rows_count_as_the_ends_of_the_table() -> None:
    # 2:01:10 is the book's VDOT 85 marathon; the formula puts it a hair above 85
    assert vdot_from_race(42.195, clock("2:01:10")) == 85.0
    # a few seconds slower than the VDOT 30 row still gets the VDOT 30 paces
    slow_edge = vdot_from_race(10.0, clock("63:55"))
    assert slow_edge == 30.0
    assert training_paces(slow_edge) == training_paces(30)
    past = vdot_from_race(10.0, clock("65:00"))  # VDOT 29.3: past the edge, below the table
    assert 29.0 < past < 29.5
