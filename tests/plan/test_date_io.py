"""Days as runners type them, in the window and the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from runlift.errors import SettingsError
from runlift.plan.date_io import read_day
from runlift.plan.settings_io import settings_from_dict

DAY = date(2026, 12, 27)


@pytest.mark.parametrize("typed", ["2026-12-27", " 2026-12-27 ", "27.12.2026", "12/27/2026",
                                   "27/12/2026", "2026-12-27"])  # fmt: skip
def test_every_way_of_writing_the_day_is_that_day(typed: str) -> None:
    assert read_day(typed, "race_date") == DAY


def test_a_slash_date_that_could_be_two_days_follows_the_locale_or_is_asked_about() -> None:
    assert read_day("03/04/2027", "race_date", month_first=True) == date(2027, 3, 4)
    assert read_day("03/04/2027", "race_date", month_first=False) == date(2027, 4, 3)
    with pytest.raises(SettingsError) as refused:
        read_day("03/04/2027", "race_date")
    assert refused.value.field == "race_date"
    assert "could be 3 April or 4 March 2027" in refused.value.message
    assert "2027-MM-DD" in refused.value.message
    assert read_day("04/04/2027", "race_date") == date(2027, 4, 4)  # the same either way


@pytest.mark.parametrize(
    ("typed", "words"),
    [("2026-02-30", "day is not in the calendar"), ("31.04.2027", "day is not in the calendar"),
     ("next sunday", "write it like 2026-12-27"), ("27-12-2026", "write it like")],
)  # fmt: skip
def test_what_is_not_a_day_is_refused_with_the_form_to_use(typed: str, words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        read_day(typed, "race_date")


def test_the_cli_and_settings_files_take_a_dotted_day_too() -> None:
    settings = settings_from_dict(
        {"race_date": "28.03.2027", "distance_km": "half", "start": "30.11.2026"}
    )
    assert settings.race_date == date(2027, 3, 28) and settings.start == date(2026, 11, 30)
