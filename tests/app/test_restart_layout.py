"""The layout a runner comes back to: open through the real launch path, change the layout,
close, open again: the whole week is in view at every size and scale, and stays so after a
resize. Each start is a process of its own on a screen of the given size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEEK = [1, 2, 3, 4, 5, 6, 7]


def _start(tmp_path: Path, screen: tuple[int, int, float], *actions: str) -> dict[str, Any]:
    width, height, scale = screen
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": scale,
    }]}))  # fmt: skip
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "RUNLIFT_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.app.restart_session", str(tmp_path / "ui.ini"), *actions],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


SCREENS = [(1366, 768, 1.0), (1024, 700, 1.0), (1366, 768, 2.0), (2732, 1536, 1.0)]


@pytest.mark.parametrize("screen", SCREENS, ids=["1366x768", "1024x700", "1366x768x2", "2732x1536"])
def test_the_whole_week_is_in_view_after_every_restart(
    tmp_path: Path, screen: tuple[int, int, float]
) -> None:
    first = _start(tmp_path, screen, "widen-setup=40")  # on a small screen: a day less
    assert first["opened"]["columns"] == WEEK
    assert first["widen-setup=40"]["setup"] >= first["opened"]["setup"] + 30
    left = first["widen-setup=40"]
    for start in range(2):  # the second and third start: each one the layout the last left
        again = _start(tmp_path, screen, "resize=1000x680")
        assert again["opened"]["columns"] == WEEK, again
        if start == 0 and left["columns"] == WEEK:  # it fitted: it comes back as it was left
            assert abs(again["opened"]["setup"] - left["setup"]) <= 2, (left, again)
        assert again["opened"]["side"] < again["opened"]["week"], again
        assert again["resize=1000x680"]["columns"] == WEEK, again


def test_the_runners_own_panel_width_comes_back(tmp_path: Path) -> None:
    screen = (2732, 1536, 1.0)  # room for the wider panel beside the whole week
    first = _start(tmp_path, screen, "resize=2200x1300", "widen-setup=120")
    wider = first["widen-setup=120"]["setup"]
    assert wider > first["opened"]["setup"] + 100
    again = _start(tmp_path, screen)
    assert again["opened"]["window"] == [2200, 1300]
    assert abs(again["opened"]["setup"] - wider) <= 2, again
    assert again["opened"]["columns"] == WEEK


def test_view_reset_layout_brings_back_the_fitted_panels(tmp_path: Path) -> None:
    screen = (1366, 768, 1.0)
    first = _start(tmp_path, screen, "widen-setup=300", "reset-layout")
    assert first["reset-layout"]["setup"] == first["opened"]["setup"]
    assert first["reset-layout"]["columns"] == WEEK
