"""New plans run on the runner's own clock: the machine's timezone, ``TZ`` first."""

from __future__ import annotations

import json

import pytest

from runlift.cli import main
from runlift.local_zone import local_timezone

NEW_PLAN = ["plan", "--today", "2026-11-26", "--race-date", "2027-04-25", "--distance", "10k"]


def test_tz_names_the_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_timezone() == "America/New_York"


def test_an_unknown_tz_falls_back_to_the_system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Mars/Olympus_Mons")
    monkeypatch.setattr("runlift.local_zone._system_zone", lambda: "Asia/Tokyo")
    assert local_timezone() == "Asia/Tokyo"
    monkeypatch.setattr("runlift.local_zone._system_zone", lambda: "")
    assert local_timezone() == "UTC"


def test_a_new_plan_takes_the_local_zone_unless_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert main([*NEW_PLAN, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["timezone"] == "Europe/Berlin"
    assert main([*NEW_PLAN, "--json", "--timezone", "Australia/Perth"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["timezone"] == "Australia/Perth"
