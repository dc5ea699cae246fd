"""Results and distances read as runners write them: a race result with a space or a colon,
the races by their everyday names, miles that are a named race, and a decimal comma."""

from __future__ import annotations

from datetime import date

import pytest

from runlift.errors import SettingsError
from runlift.plan.distance_io import (
    distance_label,
    parse_amount,
    parse_distance,
    parse_number,
    race_distance_text,
)
from runlift.plan.model import KM_PER_MILE, RACE_DISTANCES_KM, Mode, RaceResult, Settings, Units
from runlift.plan.settings_io import (
    format_race_result,
    parse_race_result,
    settings_from_dict,
    settings_to_dict,
)

HALF, MARATHON = RACE_DISTANCES_KM["half"], RACE_DISTANCES_KM["marathon"]


@pytest.mark.parametrize(
    ("typed", "km", "seconds"),
    [
        ("10k:55:00", 10.0, 3300),
        ("10K 55:00", 10.0, 3300),
        ("10k 55:00", 10.0, 3300),
        ("10K:55:00", 10.0, 3300),
        ("  10k   55:00  ", 10.0, 3300),
        ("10k: 55:00", 10.0, 3300),
        ("half 1:45:30", HALF, 6330),
        ("half:1:45:30", HALF, 6330),
        ("half marathon 1:45:30", HALF, 6330),
        ("Half Marathon 1:45:30", HALF, 6330),
        ("half-marathon 1:45:30", HALF, 6330),
        ("HM 1:45:30", HALF, 6330),
        ("hm 1:45:30", HALF, 6330),
        ("M 3:30:00", MARATHON, 12600),
        ("marathon 3:30:00", MARATHON, 12600),
        ("full 3:30:00", MARATHON, 12600),
        ("13.1mi 1:45:00", HALF, 6300),
        ("13.1 mi 1:45:00", HALF, 6300),
        ("26.2mi 3:30:00", MARATHON, 12600),
        ("6.2 mi 50:00", 10.0, 3000),
        ("21,1km 1:45:00", HALF, 6300),
        ("5 km 25:00", 5.0, 1500),
        ("15km 1:20:00", 15.0, 4800),
    ],
)
def test_a_race_result_reads_as_runners_write_it(typed: str, km: float, seconds: int) -> None:
    assert parse_race_result(typed) == RaceResult(km, seconds)


def test_a_space_and_a_colon_give_the_same_result() -> None:
    assert parse_race_result("10K 55:00") == parse_race_result("10k:55:00")


@pytest.mark.parametrize(
    ("typed", "default_km", "km", "seconds"),
    [
        ("55:00", 10.0, 10.0, 3300),
        ("1:45:30", HALF, HALF, 6330),
        ("3:30:00", MARATHON, MARATHON, 12600),
    ],
)
def test_a_time_alone_is_a_race_over_the_default_distance(
    typed: str, default_km: float, km: float, seconds: int
) -> None:
    assert parse_race_result(typed, default_km=default_km) == RaceResult(km, seconds)


@pytest.mark.parametrize("typed", ["55:00", "1:45:30", "55"])
def test_a_time_alone_without_a_distance_asks_for_the_distance(typed: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_race_result(typed)
    assert caught.value.field == "recent_race"
    assert "add the distance: 10k " in caught.value.message


def test_a_time_alone_is_never_read_as_a_distance() -> None:
    # "55:00" once read as 55 km in no time at all
    with pytest.raises(SettingsError) as caught:
        parse_race_result("55:00")
    assert "longer than zero" not in caught.value.message


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10k:55", "55 minutes? write 10k:55:00"),
        ("10k 55", "55 minutes? write 10k:55:00"),
        ("half 95", "95 minutes? write half:1:35:00"),
    ],
)
def test_a_single_number_as_the_time_is_refused_with_the_form(typed: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_race_result(typed)
    assert caught.value.field == "recent_race"
    assert caught.value.message == message


def test_a_single_number_after_a_time_alone_names_the_race_distance() -> None:
    with pytest.raises(SettingsError) as caught:
        parse_race_result("55", default_km=10.0)
    assert caught.value.message == "55 minutes? write 10k:55:00"


@pytest.mark.parametrize("typed", ["10k:5500", "10k 5500", "10k:2700", "5k:1"])
def test_a_single_number_is_never_seconds(typed: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_race_result(typed)
    assert caught.value.field == "recent_race"
    assert "minutes:seconds" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("10k:1:00", "faster than the world record"),
        ("10k:4:00:00", "slower than"),
        ("10k:0:00", "longer than zero"),
        ("10k:55:75", "up to 59"),
        ("10k", "must look like"),
        ("", "must look like"),
        (":45:00", "must look like"),
        ("xyz 55:00", "unknown distance 'xyz': use 5k, 10k, half, marathon or a number"),
        ("10k:45:00:00:00", "must look like 45:00 or 1:45:30"),
    ],
)
def test_absurd_results_are_still_refused(typed: str, words: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_race_result(typed)
    assert caught.value.field == "recent_race"
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("typed", "km"),
    [
        ("half marathon", HALF),
        ("half-marathon", HALF),
        ("HM", HALF),
        ("hm", HALF),
        ("M", MARATHON),
        ("full", MARATHON),
        ("10 km", 10.0),
        ("13.1mi", HALF),
        ("13.1 mi", HALF),
        ("26.2mi", MARATHON),
        ("6.2 mi", 10.0),
        ("3.1mi", 5.0),
        ("21,1km", HALF),
        ("21.1", HALF),
        ("12,5km", 12.5),
        ("15km", 15.0),
    ],
)
def test_race_distances_by_their_everyday_names(typed: str, km: float) -> None:
    assert parse_distance(typed) == km


def test_a_distance_more_than_half_a_percent_off_a_race_is_its_own() -> None:
    assert parse_distance("21km") == HALF  # 0.46 % short of the half
    assert parse_distance("42km") == MARATHON  # 0.46 % short of the marathon
    assert parse_distance("20.9km") == 20.9  # 0.94 % short
    assert parse_distance("13mi") == round(13 * KM_PER_MILE, 4)
    assert parse_distance("9.9km") == 9.9  # 1 % short of the 10k


@pytest.mark.parametrize("typed", ["1,000", "1,000km", "1,500 mi", "2,500"])
def test_a_thousands_separator_in_a_distance_is_refused(typed: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_distance(typed)
    assert caught.value.field == "distance_km"
    assert "thousands separator" in caught.value.message


def test_an_unknown_distance_says_the_forms_to_use() -> None:
    with pytest.raises(SettingsError) as caught:
        parse_distance("xyz")
    assert caught.value.message == (
        "unknown distance 'xyz': use 5k, 10k, half, marathon or a number like 15km"
    )


def test_a_decimal_comma_is_a_decimal_point() -> None:
    assert parse_number("25,5", "weekly_km") == 25.5
    assert parse_number(" 12,5 ", "long_run_km") == 12.5
    assert parse_amount("25,5", "weekly_km", Units.KM) == 25.5
    assert parse_amount("12,5", "long_run_km", Units.KM) == 12.5
    assert parse_amount("12,5 mi", "long_run_km", Units.MI) == round(12.5 * KM_PER_MILE, 4)
    settings = settings_from_dict({"weekly_km": "25,5", "long_run_km": "12,5"})
    assert (settings.weekly_km, settings.long_run_km) == (25.5, 12.5)


@pytest.mark.parametrize(("field", "typed"), [("weekly_km", "2,500"), ("long_run_km", "1,000")])
def test_a_thousands_separator_in_an_amount_is_refused(field: str, typed: str) -> None:
    # 2,500 would be a 2.5 km week inside the bounds, and 1,000 a 1 km longest run
    with pytest.raises(SettingsError) as caught:
        settings_from_dict({field: typed})
    assert caught.value.field == field
    assert "thousands separator" in caught.value.message


def test_the_bounds_still_hold_with_a_decimal_comma() -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from_dict({"weekly_km": "175,5"})
    assert caught.value.field == "weekly_km" and "between 2 and 175" in caught.value.message
    with pytest.raises(SettingsError) as caught:
        parse_distance("250,5km")
    assert "between 1 and 250 km" in caught.value.message


def test_the_label_of_a_distance_names_the_race_or_rounds() -> None:
    assert [distance_label(km) for km in RACE_DISTANCES_KM.values()] == [
        "5k", "10k", "half", "marathon",
    ]  # fmt: skip
    assert distance_label(21.0824) == "half"  # 13.1 mi
    assert distance_label(42.1648) == "marathon"  # 26.2 mi
    assert distance_label(15.0) == "15 km"
    assert distance_label(12.5) == "12.5 km"
    assert distance_label(80.4672) == "80.5 km"  # 50 mi
    assert race_distance_text(21.0824, Units.KM) == "half"
    assert race_distance_text(21.0824, Units.MI) == "half"
    assert race_distance_text(80.4672, Units.MI) == "50mi"


def test_a_race_given_in_miles_is_the_named_race_in_the_settings() -> None:
    settings = settings_from_dict({"distance_km": "13.1mi", "race_date": "2027-04-25"})
    assert settings.distance_km == HALF
    assert race_distance_text(settings.distance_km, settings.units) == "half"


def test_the_stored_form_of_a_result_is_unchanged() -> None:
    assert format_race_result(RaceResult(10.0, 3000)) == "10k:50:00"
    assert format_race_result(RaceResult(HALF, 6330)) == "half:1:45:30"
    assert format_race_result(RaceResult(15.0, 4800)) == "15km:1:20:00"
    assert format_race_result(RaceResult(21.0824, 6300)) == "21.0824km:1:45:00"  # every digit
    for stored in ("10k:50:00", "half:1:45:30", "marathon:3:30:00", "15km:1:20:00"):
        assert format_race_result(parse_race_result(stored)) == stored  # old documents load


def test_the_settings_give_a_time_alone_the_race_distance() -> None:
    settings = settings_from_dict({"distance_km": "half", "recent_race": "1:45:30"})
    assert settings.recent_race == RaceResult(HALF, 6330)
    # the order of the keys does not matter
    settings = settings_from_dict({"recent_race": "55:00", "distance_km": "10k"})
    assert settings.recent_race == RaceResult(10.0, 3300)
    # the distance of the plan already in force
    base = Settings(distance_km=MARATHON, race_date=date(2027, 4, 25))
    assert settings_from_dict({"recent_race": "3:30:00"}, base).recent_race == RaceResult(
        MARATHON, 12600
    )
    assert settings_to_dict(settings)["recent_race"] == "10k:55:00"


def test_a_base_plan_has_no_race_distance_for_a_time_alone() -> None:
    base = Settings(mode=Mode.BASE, base_weeks=12, distance_km=10.0)
    with pytest.raises(SettingsError) as caught:
        settings_from_dict({"recent_race": "55:00"}, base)
    assert caught.value.field == "recent_race" and "add the distance" in caught.value.message
    assert settings_from_dict({"recent_race": "10k 55:00"}, base).recent_race == RaceResult(
        10.0, 3300
    )
