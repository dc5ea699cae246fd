"""RunLift's plans against published plans on the same day-1 inputs (reference_plans/).

The bars are the reference plans' README's: peak long run, long runs near the peak, peak week,
race week, week over week. Each published plan is a test of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runlift.plan.model import Severity
from tests.plan.reference_compare import compare, reference_files

FILES = reference_files()


def test_the_reference_set_covers_every_distance_and_level() -> None:
    plans = [json.loads(path.read_text(encoding="utf-8")) for path in FILES]
    assert {p["distance"] for p in plans} == {"5k", "10k", "half", "marathon"}
    assert len(plans) >= 8
    for distance in ("5k", "10k", "half", "marathon"):
        levels = {p["level"] for p in plans if p["distance"] == distance}
        assert "novice" in levels
        assert len(levels) >= 2, f"{distance}: one level only ({levels})"
    assert all(p["source"]["data"] for p in plans)  # where each one came from


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_plan_is_within_the_bars_of_the_published_plan(path: Path) -> None:
    comparison = compare(path)
    assert comparison.failures() == [], comparison.failures()
    # the plan RunLift makes from these inputs is clean: no rule broken, no warning of its own
    assert [v for v in comparison.plan.warnings if v.severity is Severity.ERROR] == []
    assert [v.message for v in comparison.plan.warnings] == []
