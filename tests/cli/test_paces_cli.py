"""``runlift paces``: text and JSON output, bad input, and the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runlift.cli import main
from runlift.plan.model import Units
from runlift.plan.paces import format_pace_range, training_paces, vdot_from_race


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["paces", *argv, "--json"]) == 0
    out = capsys.readouterr().out
    data: dict[str, Any] = json.loads(out)
    return data


def test_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--race", "10k:45:00")
    assert list(data) == ["vdot", "equivalents", "paces"]
    assert list(data["equivalents"]) == ["5k", "10k", "half", "marathon"]
    assert list(data["paces"]) == ["E", "M", "T", "I", "R"]
    assert data["vdot"] == round(vdot_from_race(10.0, 45 * 60), 1)
    assert all(isinstance(s, int) for s in data["equivalents"].values())
    for name, pace in data["paces"].items():
        assert list(pace) == ["min_s_per_km", "max_s_per_km"]
        assert isinstance(pace["min_s_per_km"], int)
        assert (pace["min_s_per_km"] < pace["max_s_per_km"]) == (name == "E")


def test_json_figures_for_a_10k_in_45_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--race", "10k:45:00")
    vdot = vdot_from_race(10.0, 45 * 60)
    assert data["vdot"] == pytest.approx(45.3, abs=0.05)
    assert data["equivalents"]["10k"] == 45 * 60  # the race comes back as itself
    for name, pace in training_paces(vdot).items():
        assert data["paces"][name] == {
            "min_s_per_km": pace.min_s_per_km,
            "max_s_per_km": pace.max_s_per_km,
        }


def test_json_for_the_books_vdot_50_half_marathon(capsys: pytest.CaptureFixture[str]) -> None:
    # Daniels' Table 5.1: VDOT 50 = 5K 19:57, 10K 41:21, half 1:31:35, marathon 3:10:49
    data = run_json(capsys, "--race", "half:1:31:35")
    assert data["vdot"] == 50.0
    published = {"5k": 1197, "10k": 2481, "half": 5495, "marathon": 11449}
    for name, seconds in published.items():
        assert abs(data["equivalents"][name] - seconds) <= 5
    # Table 5.2 at VDOT 50: M 4:31/km, T 4:15/km
    assert data["paces"]["M"]["min_s_per_km"] == pytest.approx(271, abs=1)
    assert data["paces"]["T"]["min_s_per_km"] == pytest.approx(255, abs=1)


def test_text_output_in_miles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paces", "--race", "10k:45:00", "--units", "mi"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "VDOT 45.3 from 10k in 45:00"
    assert "0:45:00" in out  # the 10K equivalent, h:mm:ss
    assert "/km" not in out
    for pace in training_paces(vdot_from_race(10.0, 45 * 60)).values():
        assert format_pace_range(pace, Units.MI) in out
    assert "comfortably hard" in out


def test_text_output_in_km_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paces", "--race", "marathon:3:10:49"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VDOT 50.0 from marathon in 3:10:49")
    assert "0:19:5" in out  # 5K equivalent near the book's 19:57
    assert "M 4:31/km" in out
    assert "/mi" not in out


@pytest.mark.parametrize(
    ("race", "words"),
    [
        ("10k:0:00", "longer than zero"),
        ("12q:45:00", "unknown distance"),
        ("10k", "must look like"),
        ("5k:12:30", "faster than the published paces"),
    ],
)
def test_bad_races_exit_2_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], race: str, words: str
) -> None:
    assert main(["paces", "--race", race]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("runlift: recent_race: ")
    assert words in lines[0]


def test_missing_race_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["paces"])
    assert caught.value.code == 2
    assert "--race" in capsys.readouterr().err


def test_installed_command_prints_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    command = Path(sys.executable).parent / "runlift"
    if not command.exists():
        pytest.skip(f"no installed runlift script next to {sys.executable}")
    finished = subprocess.run(
        [str(command), "paces", "--race", "10k:45:00", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout) == run_json(capsys, "--race", "10k:45:00")
    assert json.loads(finished.stdout)["equivalents"]["10k"] == 2700


def test_a_race_slower_than_the_tables_still_gives_paces(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # P3: a 10K in 1:25 is below Daniels' lowest row (VDOT 30), and still accepted
    assert main(["paces", "--race", "10k:1:25:00", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["vdot"] < 30
    assert data["paces"]["E"]["min_s_per_km"] > 447  # slower than the VDOT 30 row's E
