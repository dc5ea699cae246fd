"""``runlift plan``: the table, the JSON contract, config files and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.plan.content.describe import format_distance
from runlift.plan.generate import generate
from runlift.plan.model import KM_PER_MILE, Kind, Units
from runlift.plan.serialize import plan_to_json
from runlift.plan.settings_io import settings_from_dict

BASE_ARGS = ["plan", "--today", "2026-11-26", "--start", "2027-01-04"]
HALF = [*BASE_ARGS, "--race-date", "2027-04-25", "--distance", "half", "--weekly-km", "35",
        "--long-run-km", "13", "--recent-race", "10k:48:00"]  # fmt: skip


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_table_shows_every_week_and_the_race(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(HALF, capsys)
    assert code == 0
    assert out.startswith("Race plan · half on Sun 2027-04-25 · 16 weeks · VDOT 42.0")
    rows = [line for line in out.splitlines() if line[:3].strip().isdigit()]
    assert len(rows) == 16
    assert "RACE" in rows[-1] and "taper" in rows[-2]


def test_json_is_the_plan_json_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*HALF, "--json"], capsys)
    assert code == 0
    settings = settings_from_dict(
        {"mode": "race", "race_date": "2027-04-25", "distance_km": "half", "weekly_km": 35,
         "long_run_km": 13, "recent_race": "10k:48:00", "start": "2027-01-04"}
    )  # fmt: skip
    assert json.loads(out) == plan_to_json(generate(settings, date(2026, 11, 26)))


def test_config_file_with_flags_winning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(
        'mode = "race"\nrace_date = 2027-04-25\ndistance_km = "10k"\nweekly_km = 30\n'
        "long_run_km = 10\nrunway = 1\n"
    )
    code, _, err = run([*BASE_ARGS, "--config", str(config)], capsys)
    assert code == 2 and "unknown setting 'runway'" in err
    config.write_text(config.read_text().replace("runway = 1\n", ""))
    code, out, _ = run([*BASE_ARGS, "--config", str(config), "--distance", "5k", "--json"], capsys)
    assert code == 0
    settings = json.loads(out)["settings"]
    assert settings["distance_km"] == 5.0 and settings["weekly_km"] == 30.0


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--race-date", "2026-12-01", "--distance", "10k"], "race_date"),
        (["--race-date", "2027-05-01", "--distance", "ultra"], "unknown distance 'ultra'"),
        (["--race-date", "2027-05-01", "--distance", "marathon", "--runs-per-week", "2"],
         "runs_per_week"),
        (["--race-date", "2027-05-01", "--distance", "10k", "--recent-race", "10k:0:00"],
         "recent_race"),
        (["--race-date", "2027-05-01", "--distance", "10k", "--long-run-day", "funday"],
         "unknown weekday 'funday'"),
        (["--base-weeks", "0"], "base_weeks"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(
    extra: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*BASE_ARGS, *extra], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err
    assert "Traceback" not in err


def test_malformed_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("weekly_km = = 3\n")
    code, _, err = run([*BASE_ARGS, "--config", str(config)], capsys)
    assert code == 2 and "is not valid TOML" in err and len(err.strip().splitlines()) == 1


def test_console_script_runs_as_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "runlift", *HALF, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["format"] == "runlift-plan"


def test_a_date_with_a_time_in_the_config_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "dt.toml"
    config.write_text('race_date = 2027-04-25T09:00:00\ndistance_km = "10k"\n')
    code, _, err = run([*BASE_ARGS, "--config", str(config)], capsys)
    assert code == 2 and "race_date" in err and "only the day" in err
    assert "Traceback" not in err


def test_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m runlift {' '.join(HALF)} --json | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == "{"
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_a_plan_in_miles_prints_miles_as_the_window_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run([*HALF, "--units", "mi"], capsys)
    assert code == 0
    plan = generate(
        settings_from_dict(
            {"mode": "race", "race_date": "2027-04-25", "distance_km": "half", "weekly_km": 35,
             "long_run_km": 13, "recent_race": "10k:48:00", "start": "2027-01-04", "units": "mi"}
        ),
        date(2026, 11, 26),
    )  # fmt: skip
    rows = [line.split() for line in out.splitlines() if line[:3].strip().isdigit()]
    volumes = [row[5].rstrip("*") for row in rows]
    assert volumes == [
        format_distance(plan.shown_km(w), Units.MI, unit_label=False) for w in plan.weeks
    ]
    long_runs = [s for s in plan.active_sessions if s.kind is Kind.LONG]
    cells = {cell for row in rows for cell in row if cell.startswith("L")}
    assert {
        f"L{format_distance(s.distance_km or 0, Units.MI, unit_label=False)}" for s in long_runs
    } <= cells
    assert " mi " in out.splitlines()[2] and "km" not in out


def test_too_few_weeks_in_miles_are_told_in_miles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [*BASE_ARGS, "--race-date", "2027-02-07", "--distance", "marathon", "--weekly-km",
         "20", "--units", "mi"],
        capsys,
    )  # fmt: skip
    assert code == 0
    v8 = next(line for line in out.splitlines() if " V8 " in line)
    assert "km" not in v8 and "about 20 mi (at least 18 mi, twice)" in v8


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--weekly-km", "300"], "weekly_km: must be between 2 and 175"),
        (["--weekly-km", "300", "--units", "mi"],
         "weekly_km: must be between 2 and 175 km (1.5 to 108.5 mi)"),
        (["--weekly-km", "109mi", "--units", "mi"], "weekly_km: must be between 1.5 and 108.5 mi"),
        (["--weekly-km", "1mi"], "weekly_km: must be between 1.5 and 108.5 mi"),
        (["--long-run-km", "37.5mi", "--units", "mi"],
         "long_run_km: must be between 1 and 37 mi"),
        (["--long-run-km", "61"], "long_run_km: must be between 1 and 60"),
        (["--distance", "156mi", "--units", "mi"],
         "distance_km: distance '156mi' must be between 1 and 155 mi"),
        (["--distance", "300", "--units", "mi"],
         "distance_km: distance '300' must be between 1 and 250 km (1 to 155 mi)"),
        (["--weekly-km", "80mi", "--runs-per-week", "3", "--units", "mi"],
         "runs_per_week: 3 runs a week hold about 46.5 mi; for 80 mi choose more runs a week"),
        (["--recent-race", "10k:4:00:00", "--units", "mi"],
         "recent_race: that race time is slower than 32:11/mi; check it"),
    ],
)  # fmt: skip
def test_a_bound_is_named_in_the_plans_unit(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*HALF, *flags], capsys)
    assert (code, out, err) == (2, "", f"runlift: {message}\n")


def test_the_mile_bounds_a_message_names_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    for weekly, runs in (("1.5mi", "3"), ("108.5mi", "7")):
        code, out, err = run(
            [*HALF, "--weekly-km", weekly, "--long-run-km", "1mi", "--runs-per-week", runs,
             "--units", "mi", "--json"],
            capsys,
        )  # fmt: skip
        assert code == 0, err
        kept = json.loads(out)["settings"]["weekly_km"]
        assert kept == pytest.approx(float(weekly.removesuffix("mi")) * KM_PER_MILE, abs=1e-3)
