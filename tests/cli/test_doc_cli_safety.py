"""Nothing lost, nothing crashes: the document commands on hostile files and long skip runs."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date
from pathlib import Path

import pytest

from runlift.plan.edits.apply import document_today, plan_with_edits
from runlift.plan.edits.record import Edit, EditOp
from runlift.plan.model import Kind
from runlift.storage.document import Document, backup_path, load_document

from .test_doc_cli import Run

TEN_K = [
    "--distance", "10k", "--race-date", "2027-03-07", "--weekly-km", "30", "--long-run-km",
    "12", "--runs-per-week", "3", "--strength-per-week", "0",
]  # fmt: skip


def first_runs(doc: Document, today: date, weeks: int) -> list[str]:
    """Every run of the plan's first ``weeks`` weeks, in plan order (the race is never one)."""
    plan, _ = plan_with_edits(doc.settings, doc.edits, document_today(doc.settings, today))
    end = plan.weeks[weeks].start
    return [s.id for s in plan.sessions if s.is_run and s.kind is not Kind.RACE and s.date < end]


def _new(run: Run, path: Path, *extra: str) -> None:
    code, _, err = run("new", str(path), "--distance", "half", "--race-date", "2027-05-02",
                       "--weekly-km", "35", "--long-run-km", "13", *extra)  # fmt: skip
    assert (code, err) == (0, ""), err


def test_skipping_every_run_of_the_first_five_weeks_is_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ill for a month: the 14th skip once ended in "max() arg is an empty sequence"."""
    from runlift.cli import main

    path = tmp_path / "s.runlift"
    assert main(["new", str(path), *TEN_K, "--today", "2026-11-28"]) == 0
    capsys.readouterr()
    ill_for_a_month = first_runs(load_document(path), date(2026, 11, 28), weeks=5)
    assert len(ill_for_a_month) >= 13  # the case: the 14th skip crashed
    for number, session_id in enumerate(ill_for_a_month, 1):
        code = main(["skip", str(path), session_id, "--today", "2026-11-28"])
        out, err = capsys.readouterr()
        assert (code, err) == (0, ""), (number, session_id, err)
        assert f"Skipped {session_id} " in out
    skipped = [e.session_id for e in load_document(path).edits if e.op is EditOp.SKIP]
    assert skipped == ill_for_a_month
    assert main(["check", str(path), "--today", "2026-11-28"]) in (0, 1)  # a report, no crash
    report = capsys.readouterr().out
    assert report.startswith(("Rule report: ", "No broken rules."))


def test_new_force_keeps_every_replaced_plan(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "spring.runlift"
    _new(run, path, "--name", "original")
    original = path.read_bytes()
    kept: list[Path] = []
    for name in ("second", "third"):
        code, out, err = run("new", str(path), *TEN_K, "--force", "--name", name)
        assert (code, err) == (0, ""), err
        line = next(x for x in out.splitlines() if x.startswith("The plan it replaced is kept"))
        kept.append(Path(line.removeprefix("The plan it replaced is kept as ").rstrip(".")))
    assert kept[0] != kept[1]
    assert kept[0].read_bytes() == original  # the original survives a second --force
    assert load_document(kept[1]).name == "second"
    assert load_document(path).name == "third"


def test_a_write_protected_document_is_refused_and_left_alone(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "spring.runlift"
    _new(run, path)
    path.chmod(0o444)
    before = path.read_bytes()
    for argv in (("skip", "w-10.long"), ("set", "weekly_km=36"), ("lock", "w-10.long")):
        code, out, err = run(argv[0], str(path), *argv[1:])
        assert code == 1 and out == "", (argv, out)
        assert err.count("\n") == 1 and "write-protected (read-only); nothing was saved" in err
    code, _, err = run("new", str(path), *TEN_K, "--force")
    assert code == 1 and "write-protected" in err
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not backup_path(path).exists()


def test_a_save_keeps_the_permissions_of_the_file(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "spring.runlift"
    _new(run, path)
    path.chmod(0o640)  # shared with a group on purpose
    code, _, err = run("skip", str(path), "w-10.long")
    assert (code, err) == (0, ""), err
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o640


def test_a_newer_runlift_s_keys_are_kept_and_its_settings_reported(
    tmp_path: Path, run: Run
) -> None:
    path = tmp_path / "spring.runlift"
    _new(run, path)
    data = json.loads(path.read_text())
    data["watch"] = {"model": "fr965"}
    data["settings"]["heart_rate_zones"] = [120, 140, 160]
    data["edits"] = [{"op": "skip", "id": "w-12.long", "reason": "travel"}]
    path.write_text(json.dumps(data))

    code, out, err = run("show", str(path))
    assert code == 0 and "w-12.long" in out
    assert err == (
        f"runlift: note: {path} has settings this RunLift does not know (heart_rate_zones); "
        "they are kept as they are\n"
    )
    for argv in (("skip", "w-10.long"), ("set", "weekly_km=36")):
        code, _, err = run(argv[0], str(path), *argv[1:])
        assert code == 0 and "heart_rate_zones" in err
    for saved in (path, backup_path(path)):  # in the .bak too, after a second save
        again = json.loads(saved.read_text())
        assert again["watch"] == {"model": "fr965"}
        assert again["settings"]["heart_rate_zones"] == [120, 140, 160]
        assert again["edits"][0] == {"op": "skip", "id": "w-12.long", "reason": "travel"}
    assert Edit(EditOp.SKIP, "w-10.long") in load_document(path).edits


def test_temp_files_of_an_interrupted_save_go_on_the_next_open(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "spring.runlift"
    _new(run, path)
    left = [tmp_path / ".spring.runlift.k2j4x9.tmp", tmp_path / ".spring.runlift.bak.a8d.tmp"]
    for temp in left:
        temp.write_bytes(b'{"format": "runlift-doc')  # half a save, killed before its rename
    other = tmp_path / ".other.runlift.x1.tmp"  # another document's: not ours to remove
    other.write_bytes(b"")
    code, _, _ = run("show", str(path))
    assert code == 0
    assert [t.exists() for t in left] == [False, False]
    assert other.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_a_clear_failure(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "spring.runlift"
    _new(run, path)
    folder.chmod(0o555)
    try:
        code, _, err = run("skip", str(path), "w-10.long")
    finally:
        folder.chmod(0o755)
    assert code == 1 and "nothing was saved" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["plan", "new"])
def test_a_plan_with_no_sessions_is_a_clear_error(command: str, tmp_path: Path, run: Run) -> None:
    """Every day unavailable: no plan to follow, so no "Created" or empty table with exit 0."""
    path = tmp_path / "empty.runlift"
    target = [str(path)] if command == "new" else []
    code, out, err = run(
        command, *target, "--base-weeks", "4", "--start", "2027-01-04", "--weekly-km", "30",
        "--long-run-km", "12", "--unavailable", "2027-01-04..2027-01-31",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert re.fullmatch(r"runlift: [a-z_]+: .+\n", err), err  # one line naming the setting
    assert not path.exists()
