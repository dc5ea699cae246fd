"""The engine's stages in one direction: ``generate`` enters each stage once, in order.

The stages are sub-packages of ``runlift.plan``: the week targets, the week layout, strength and
the rule check. Session content is asked for by the layout and strength, never by ``generate``
between two stages. The import direction is checked by import-linter (pyproject.toml); this test
follows what really runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from types import FrameType
from typing import Any

import pytest

from runlift.plan.edits.apply import plan_with_edits
from runlift.plan.generate import generate
from runlift.plan.model import Mode, RaceResult, Settings

STAGES = ("targets", "layout", "strength", "rules")
ENGINE = "runlift.plan."


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[2] in STAGES else None


@contextmanager
def _calls() -> Iterator[list[tuple[str, str]]]:
    """Every call into RunLift's engine while the block runs: (caller's module, callee's)."""
    seen: list[tuple[str, str]] = []

    def profile(frame: FrameType, event: str, _: Any) -> None:
        if event != "call":
            return
        callee = frame.f_globals.get("__name__", "")
        if callee.startswith(ENGINE) and frame.f_back is not None:
            seen.append((frame.f_back.f_globals.get("__name__", ""), callee))

    previous: Callable[..., Any] | None = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(previous)


def _entered(calls: list[tuple[str, str]], caller: str) -> list[str]:
    """The stages ``caller`` called into, a run of calls into one stage counted once."""
    stages = [s for c, m in calls if c == caller and (s := _stage(m)) is not None]
    return [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s]


RUNNERS = {
    "half from 30 km, with paces": Settings(
        race_date=date(2027, 4, 25),
        distance_km=21.0975,
        weekly_km=30,
        recent_race=RaceResult(10.0, 52 * 60),
    ),
    "marathon from 55 km, by effort": Settings(
        race_date=date(2027, 5, 2), distance_km=42.195, weekly_km=55, runs_per_week=5
    ),
    "base weeks, no race": Settings(mode=Mode.BASE, base_weeks=8, weekly_km=25),
}


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_generate_enters_each_stage_once_in_order(name: str) -> None:
    with _calls() as calls:
        plan = generate(RUNNERS[name], date(2026, 12, 7))
    assert plan.sessions
    assert _entered(calls, "runlift.plan.generate") == list(STAGES)


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_no_stage_calls_a_stage_after_it(name: str) -> None:
    with _calls() as calls:
        plan_with_edits(RUNNERS[name], (), date(2026, 12, 7))
    backwards = {
        (c, m)
        for c, m in calls
        if (a := _stage(c)) is not None
        and (b := _stage(m)) is not None
        and STAGES.index(b) > STAGES.index(a)
    }
    assert not backwards, f"a stage reached into a later one: {sorted(backwards)}"
