"""The command line reads results and distances as runners write them, with the same parser
as the window: a space or a colon, everyday race names, a time alone, a decimal comma."""

from __future__ import annotations

import json
from typing import Any

import pytest

from runlift.cli import main

BASE = ["plan", "--today", "2026-11-26", "--start", "2027-01-04", "--race-date", "2027-04-25"]


def plan_json(capsys: pytest.CaptureFixture[str], *flags: str) -> dict[str, Any]:
    assert main([*BASE, *flags, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def refusal(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize(
    "typed", ["10K 55:00", "10k 55:00", "10k: 55:00", "10 km 55:00", "6.2mi 55:00"]
)
def test_a_result_with_a_space_makes_the_same_plan_as_with_a_colon(
    capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    colon = plan_json(capsys, "--distance", "half", "--recent-race", "10k:55:00")
    spaced = plan_json(capsys, "--distance", "half", "--recent-race", typed)
    assert spaced["settings"]["recent_race"] == "10k:55:00"
    assert spaced == colon


@pytest.mark.parametrize(
    ("distance", "time", "stored"),
    [("half", "1:45:30", "half:1:45:30"), ("10k", "55:00", "10k:55:00"),
     ("13.1mi", "1:45:00", "half:1:45:00")],
)  # fmt: skip
def test_a_time_alone_is_over_the_race_distance(
    capsys: pytest.CaptureFixture[str], distance: str, time: str, stored: str
) -> None:
    data = plan_json(capsys, "--distance", distance, "--recent-race", time)
    assert data["settings"]["recent_race"] == stored
    assert data["vdot"] is not None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("half marathon 1:45:30", "half:1:45:30"), ("HM 1:45:30", "half:1:45:30"),
     ("M 3:30:00", "marathon:3:30:00"), ("21,1km 1:45:00", "half:1:45:00"),
     ("5 km 25:00", "5k:25:00")],
)  # fmt: skip
def test_results_by_their_everyday_names(
    capsys: pytest.CaptureFixture[str], typed: str, stored: str
) -> None:
    data = plan_json(capsys, "--distance", "marathon", "--recent-race", typed)
    assert data["settings"]["recent_race"] == stored


def test_a_race_in_miles_heads_the_table_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, "--distance", "13.1mi"]) == 0
    heading = capsys.readouterr().out.splitlines()[0]
    assert heading.startswith("Race plan · half on Sun 2027-04-25")
    assert "21.08" not in heading


def test_a_decimal_comma_in_the_volumes(capsys: pytest.CaptureFixture[str]) -> None:
    data = plan_json(capsys, "--distance", "half", "--weekly-km", "35,5", "--long-run-km", "12,5")
    assert (data["settings"]["weekly_km"], data["settings"]["long_run_km"]) == (35.5, 12.5)


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (["--distance", "half", "--recent-race", "10k:55"],
         "runlift: recent_race: 55 minutes? write 10k:55:00"),
        (["--distance", "half", "--recent-race", "10K 55"],
         "runlift: recent_race: 55 minutes? write 10K:55:00"),
        (["--base-weeks", "12", "--recent-race", "55:00"],
         "runlift: recent_race: recent race '55:00': add the distance: 10k 55:00"),
        (["--distance", "xyz"],
         "runlift: distance_km: unknown distance 'xyz': use 5k, 10k, half, marathon or a "
         "number like 15km"),
        (["--distance", "half", "--weekly-km", "2,500"],
         "runlift: weekly_km: '2,500': leave out the thousands separator; write decimals like "
         "12.5 or 12,5"),
    ],
)  # fmt: skip
def test_refusals_name_the_field_and_the_form_to_use(
    capsys: pytest.CaptureFixture[str], flags: list[str], line: str
) -> None:
    argv = [*BASE, *flags] if "--base-weeks" not in flags else [*BASE[:5], *flags]
    assert refusal(capsys, *argv) == line


def test_a_single_number_is_never_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    line = refusal(capsys, *BASE, "--distance", "half", "--recent-race", "10k:5500")
    assert line.startswith("runlift: recent_race: ") and "minutes:seconds" in line


def test_paces_read_the_same_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paces", "--race", "10K 45:00"]) == 0
    spaced = capsys.readouterr().out
    assert main(["paces", "--race", "10k:45:00"]) == 0
    assert capsys.readouterr().out == spaced
    assert spaced.splitlines()[0] == "VDOT 45.3 from 10k in 45:00"
    assert main(["paces", "--race", "13.1mi 1:45:00"]) == 0
    assert " from half in 1:45:00" in capsys.readouterr().out.splitlines()[0]
    line = refusal(capsys, "paces", "--race", "45:00")
    assert line == "runlift: recent_race: recent race '45:00': add the distance: 10k 45:00"
