"""The document commands end to end, through ``runlift.cli.main``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from runlift.plan.content.describe import format_distance
from runlift.plan.edits.apply import plan_with_edits
from runlift.plan.edits.record import EditOutcome
from runlift.plan.model import KM_PER_MILE, Plan, Severity, Units, Violation
from runlift.storage.document import backup_path, load_document

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def doc(tmp_path: Path, run: Run) -> Path:
    path = tmp_path / "spring.runlift"
    code, out, err = run(
        "new", str(path), "--distance", "marathon", "--race-date", "2027-05-02",
        "--weekly-km", "40", "--long-run-km", "16", "--name", "Spring",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert out.startswith(f"Created {path}: marathon race on Sun 2027-05-02")
    return path


def _line(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_marathon_moves_skips_and_a_later_race_date(doc: Path, run: Run) -> None:
    code, out, _ = run("move", str(doc), "w-10.long", "2027-02-20")  # Sun → Sat before
    assert code == 0 and out.startswith("Moved w-10.long to Sat 2027-02-20 am (08:00). Saved")
    code, out, _ = run("skip", str(doc), "w-12.strength-heavy")
    assert code == 0 and out.startswith("Skipped w-12.strength-heavy (Strength")
    code, out, _ = run("skip", str(doc), "w-16.strength-moderate")
    assert code == 0

    code, out, _ = run("set", str(doc), "race_date=2027-05-16")
    assert code == 0
    assert "race_date 2027-05-02 → 2027-05-16" in out
    assert "Edits: 3 applied, 0 no longer apply." in out

    code, out, _ = run("show", str(doc))
    assert code == 0
    assert out.startswith("Spring: marathon race on Sun 2027-05-16, 19 weeks from Mon 2027-01-04")
    # The long run moved with its week: still the Saturday, two weeks later (T5).
    moved = _line(out, "w-10.long ")
    assert moved.lstrip().startswith("Sat 03-06") and moved.endswith("[moved]")
    assert "move w-10.long to Sat 2027-02-20 (moved along with its week to Sat 2027-03-06)" in out
    skipped = _line(out, "w-12.strength-heavy ")
    assert "SKIPPED Strength (heavy)" in skipped and skipped.endswith("[skipped]")
    assert "Edits: 3 applied, 0 no longer apply." in out

    # Back to a race two weeks earlier than first planned: the first two weeks are gone.
    code, out, _ = run("set", str(doc), "race_date=2027-04-18")
    assert code == 0
    assert "Edits: 2 applied, 1 no longer apply." in out
    stale = _line(out, "not applied")
    assert (
        "skip w-16.strength-moderate: The moderate strength session 16 weeks before race week "
        "no longer exists" in stale
    )
    assert "the plan now starts 14 weeks before race week, not 16" in stale
    assert len(load_document(doc).edits) == 3  # kept, not dropped


def test_the_document_holds_what_the_commands_did(doc: Path, run: Run) -> None:
    run("move", str(doc), "w-10.long", "2027-02-20", "--slot", "pm")
    saved = load_document(doc)
    assert saved.name == "Spring" and saved.settings.start == date(2027, 1, 4)
    (edit,) = saved.edits
    assert (edit.op, edit.session_id, edit.date, edit.slot) == (
        "move",
        "w-10.long",
        date(2027, 2, 20),
        "pm",
    )
    assert backup_path(doc).exists()
    code, _, err = run("restore", str(doc), "w-10.long")
    assert code == 2 and "w-10.long is not skipped" in err


def test_restore_undoes_a_skip_without_piling_up_edits(doc: Path, run: Run) -> None:
    run("skip", str(doc), "w-12.strength-heavy")
    code, out, _ = run("restore", str(doc), "w-12.strength-heavy")
    assert code == 0 and out.startswith("Restored w-12.strength-heavy")
    assert load_document(doc).edits == ()
    code, _, err = run("restore", str(doc), "w-12.strength-heavy")
    assert code == 2 and "is not skipped" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("move", "{doc}", "w-99.long", "2027-02-20"),
            "long run 99 weeks before race week no longer",
        ),
        (("move", "{doc}", "w-10.long", "2027-09-01"), "after race day (2027-05-02)"),
        (("move", "{doc}", "w-10.long", "2027-02-31"), "is not a date"),
        (("skip", "{doc}", "w-00.race"), "the race cannot be skipped"),
        (("set", "{doc}", "weekly_km=lots"), "weekly_km: 'lots' is not a number"),
        (("set", "{doc}", "race_date"), "is not key=value"),
        (("set", "{doc}", "colour=blue"), "unknown setting 'colour'"),
    ],
)
def test_bad_input_exits_2_and_leaves_the_document(
    doc: Path, run: Run, argv: tuple[str, ...], message: str
) -> None:
    before = doc.read_bytes()
    code, out, err = run(*(a.format(doc=doc) for a in argv))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert doc.read_bytes() == before


def test_a_bad_document_exits_1_with_its_message(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "broken.runlift"
    path.write_text('{"format": "runlift-document", "schema_version": 1, "na')
    code, out, err = run("show", str(path))
    assert (code, out) == (1, "")
    assert "cut short" in err and str(path) in err
    code, _, err = run("skip", str(tmp_path / "missing.runlift"), "w-01.long")
    assert code == 1 and "no plan document at" in err


def test_new_refuses_to_replace_a_document(doc: Path, run: Run) -> None:
    code, _, err = run("new", str(doc), "--distance", "10k", "--race-date", "2027-03-01")
    assert code == 2 and "already exists" in err
    assert load_document(doc).settings.distance_km == 42.195


def test_new_with_settings_no_plan_fits_saves_nothing(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "x.runlift"
    code, _, err = run("new", str(path), "--distance", "marathon", "--race-date", "2026-12-01")
    assert code == 2 and "race_date" in err
    assert not path.exists()


def test_check_reports_the_rules(doc: Path, run: Run) -> None:
    code, out, _ = run("check", str(doc))
    assert code == 0  # the generator never produces an error
    assert out.startswith("Rule report:") or out.startswith("No broken rules.")
    assert "error " not in out


def test_check_exits_1_when_an_error_rule_is_broken(
    doc: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only a generator bug can leave an error (user edits only warn), so plant one.
    from runlift.cli import doc_cmds
    from runlift.plan.edits import apply as edits

    def with_error(*args: object) -> tuple[Plan, tuple[EditOutcome, ...]]:
        plan, outcomes = edits.plan_with_edits(*args)  # type: ignore[arg-type]
        error = Violation("V5", Severity.ERROR, "Week 3 has no full rest day.", date(2027, 1, 18))
        return replace(plan, warnings=(*plan.warnings, error)), outcomes

    monkeypatch.setattr(doc_cmds, "plan_with_edits", with_error)
    code, out, _ = run("check", str(doc))
    assert code == 1
    assert "  error   V5 Mon 2027-01-18: Week 3 has no full rest day." in out


def test_show_json_carries_the_edit_outcomes(doc: Path, run: Run) -> None:
    pytest.importorskip("runlift.plan.serialize", reason="plan JSON (runlift.plan.serialize)")
    run("skip", str(doc), "w-12.strength-heavy")
    code, out, _ = run("show", str(doc), "--json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "runlift-plan"
    assert data["edits"] == [
        {"edit": {"op": "skip", "id": "w-12.strength-heavy"}, "applied": True, "reason": ""}
    ]


def test_swap_distance_minutes_and_lock(doc: Path, run: Run) -> None:
    code, out, _ = run("swap", str(doc), "w-10.long", "w-10.easy-1")
    assert code == 0 and out.startswith("Swapped w-10.long and w-10.easy-1: w-10.long is now on ")
    code, out, _ = run("distance", str(doc), "w-10.long", "20")
    assert code == 0 and "Long run 20 km" in out
    code, out, _ = run("minutes", str(doc), "w-09.strength-heavy", "30")
    assert code == 0 and "(30 min)" in out
    code, out, _ = run("lock", str(doc), "w-10.long")
    assert code == 0 and out.startswith("Locked w-10.long")
    code, _, err = run("move", str(doc), "w-10.long", "2027-03-03")
    assert code == 2 and "w-10.long is locked; unlock it before changing it" in err
    code, _, err = run("distance", str(doc), "w-09.strength-heavy", "5")
    assert code == 2 and "has no distance" in err
    code, out, _ = run("show", str(doc))
    assert "Edits: 4 applied, 0 no longer apply." in out
    assert _line(out, "w-10.long ").endswith("[swapped, distance changed, locked]")


def test_a_plan_in_miles_shows_sets_and_checks_in_miles(doc: Path, run: Run) -> None:
    code, out, _ = run("set", str(doc), "units=mi", "weekly_km=30mi", "long_run_km=11mi")
    assert code == 0 and "weekly_km 25 mi → 30 mi, long_run_km 10 mi → 11 mi, units km → mi" in out
    settings = load_document(doc).settings
    assert settings.weekly_km == pytest.approx(30 * KM_PER_MILE, abs=1e-3)
    code, out, _ = run("distance", str(doc), "w-10.long", "20")  # in the plan's unit
    assert code == 0 and "Long run 20 mi" in out
    code, out, _ = run("distance", str(doc), "w-09.long", "30km")  # or in the one it names
    assert code == 0 and "Long run 18.6 mi" in out
    code, out, _ = run("show", str(doc))
    assert code == 0 and "km" not in out, out
    saved = load_document(doc)
    plan, _ = plan_with_edits(saved.settings, saved.edits, date(2027, 1, 4))
    assert _line(out, "Week 1 ").endswith(f"· {format_distance(plan.weeks[0].run_km, Units.MI)}")
    assert "applied      set distance of w-10.long to 20 mi" in out
    assert "Shake-out run 2 mi" in _line(out, "w-00.shakeout")
    code, out, _ = run("check", str(doc))
    assert "km" not in out


def test_a_bound_refused_for_a_plan_in_miles_names_miles(doc: Path, run: Run) -> None:
    assert run("set", str(doc), "units=mi")[0] == 0
    before = doc.read_bytes()
    code, out, err = run("set", str(doc), "weekly_km=300")
    assert (code, out) == (2, "")
    assert err == "runlift: weekly_km: must be between 2 and 175 km (1.5 to 108.5 mi)\n"
    code, _, err = run("set", str(doc), "long_run_km=40mi")
    assert err == "runlift: long_run_km: must be between 1 and 37 mi\n"
    code, _, err = run("distance", str(doc), "w-10.long", "160")
    assert (code, err) == (2, "runlift: distance: must be between 0.5 and 155 mi\n")
    assert doc.read_bytes() == before
