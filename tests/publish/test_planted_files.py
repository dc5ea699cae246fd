"""A hostile folder: links and pipes planted where RunLift writes (a publish folder is meant to
be shared or synced; a document's folder may be too). Nothing is written through a link,
nothing is deleted inside one, no pipe blocks a publish, and the .bak is never a way out."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.publish.feed.files import PLAN_MARKER
from runlift.storage.document import backup_path, load_document, save_document

from .test_output_cli import doc_path  # noqa: F401  (the fixture)

RUNLIFT = Path(sys.executable).with_name("runlift")


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim_key"
    victim.write_text("SECRET KEY\n")
    victim.chmod(0o600)
    return victim


def test_a_link_planted_as_the_calendar_is_refused_and_its_target_untouched(
    doc_path: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    token = load_document(doc_path).feed_token
    calendar = site / "feed" / token / "plan.ics"
    victim = _victim(tmp_path)
    calendar.unlink()
    calendar.symlink_to(victim)
    capsys.readouterr()
    assert main(["publish", str(doc_path), str(site)]) == 1
    err = capsys.readouterr().err
    assert "is a link RunLift did not make" in err and str(calendar) in err
    assert len(err.strip().splitlines()) == 1
    assert victim.read_text() == "SECRET KEY\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600  # never chmodded either


def test_an_old_token_folder_that_is_a_link_is_never_emptied(
    doc_path: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    plan_uuid = load_document(doc_path).plan_uuid
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in ("plan.ics", "busy.ics", "index.html"):
        (elsewhere / name).write_text(f"the runner's own {name}\n")
    (elsewhere / PLAN_MARKER).write_text(plan_uuid + "\n")
    (site / "feed" / "oldtoken").symlink_to(elsewhere, target_is_directory=True)
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
        ["plan.ics", "busy.ics", "index.html", PLAN_MARKER]
    )
    assert (elsewhere / "plan.ics").read_text() == "the runner's own plan.ics\n"


def test_a_pipe_planted_as_a_token_folders_marker_does_not_block_publish(
    doc_path: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    planted = site / "feed" / "sometoken"
    planted.mkdir()
    os.mkfifo(planted / PLAN_MARKER)
    env = {**os.environ, "RUNLIFT_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [str(RUNLIFT), "publish", str(doc_path), str(site)],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO((planted / PLAN_MARKER).lstat().st_mode)  # left alone


def test_a_link_planted_as_the_backup_is_replaced_not_written_through(
    doc_path: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    victim = _victim(tmp_path)
    backup = backup_path(doc_path)
    backup.unlink(missing_ok=True)
    backup.symlink_to(victim)
    doc = load_document(doc_path)
    save_document(doc_path, doc)
    assert victim.read_text() == "SECRET KEY\n"
    assert not backup.is_symlink() and backup.is_file()
    assert load_document(backup).plan_uuid == doc.plan_uuid  # the previous document, as a file
