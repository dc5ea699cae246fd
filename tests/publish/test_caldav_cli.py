"""``runlift caldav …`` against a real Radicale, in-process (the keyring in memory)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.storage.document import load_document
from tests.keyrings import MemoryKeyring
from tests.publish.caldav_servers import PASSWORD, USER, Radicale

NEW = ["--race-date", "2027-05-16", "--distance", "half", "--start", "2027-02-01",
       "--timezone", "Europe/Berlin", "--today", "2027-01-20"]  # fmt: skip


@pytest.fixture
def plan_doc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "spring.runlift"
    assert main(["new", str(path), "--name", "Spring half", *NEW]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def logged_in(
    radicale: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> MemoryKeyring:
    monkeypatch.setenv("RUNLIFT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["caldav", "login", "--url", radicale.url, "--user", USER, "--password-stdin"]
    assert main(argv) == 0
    assert "the password is kept in your keyring" in capsys.readouterr().out
    return memory_keyring


def test_dry_run_then_push_then_nothing_to_do(
    logged_in: MemoryKeyring, plan_doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del logged_in
    assert main(["caldav", "push", str(plan_doc), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    changes = [line for line in out if line.strip().startswith("create")]
    assert changes and all("new in the plan" in line for line in changes)
    # each session as a runner names it: its title and day, never its id
    assert not [line for line in changes if re.search(r"w-[0-9]{2}\.", line)]
    assert all(re.search(r", (Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9]{1,2} [A-Z][a-z]{2} ", line)
               for line in changes)  # fmt: skip
    assert out[-1].startswith(f"Dry run for “RunLift – Spring half”: would be {len(changes)} ")
    assert load_document(plan_doc).caldav_calendar_url is None

    assert main(["caldav", "push", str(plan_doc)]) == 0
    first = capsys.readouterr().out
    assert f"(calendar created): {len(changes)} created, 0 updated, 0 deleted" in first
    assert load_document(plan_doc).caldav_calendar_url
    assert load_document(plan_doc).publish["caldav"]

    assert main(["caldav", "push", str(plan_doc)]) == 0
    again = capsys.readouterr().out
    assert f"0 created, 0 updated, 0 deleted, {len(changes)} unchanged (1 HTTP requests)" in again


def test_status_lists_the_calendars_and_logout_forgets(
    logged_in: MemoryKeyring, plan_doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["caldav", "push", str(plan_doc)]) == 0
    capsys.readouterr()
    assert main(["caldav", "status", str(plan_doc)]) == 0
    out = capsys.readouterr().out
    assert f"as {USER}" in out and "calendar “RunLift – Spring half”" in out
    assert "pushed to http://127.0.0.1:" in out
    assert main(["caldav", "logout"]) == 0
    assert logged_in.entries == {}
    assert main(["caldav", "status"]) == 1
    assert "Not logged in" in capsys.readouterr().out


def test_a_bad_address_exits_2_naming_it_and_a_refused_password_exits_1(
    radicale: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("RUNLIFT_HOME", str(home))
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    argv = ["caldav", "login", "--url", "http://dav.example.org/", "--user", USER]
    assert main([*argv, "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("runlift: url: only https://") and err.count("\n") == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-pass-42\n"))
    argv = ["caldav", "login", "--url", radicale.url, "--user", USER, "--password-stdin"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "refused the user name or password" in err and "Traceback" not in err
    assert "wrong-pass-42" not in err
    assert memory_keyring.entries == {} and not (home / "config" / "caldav.json").exists()


def test_push_without_login_exits_1(
    plan_doc: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    del memory_keyring
    monkeypatch.setenv("RUNLIFT_HOME", str(tmp_path / "home"))
    assert main(["caldav", "push", str(plan_doc)]) == 1
    assert "runlift caldav login" in capsys.readouterr().err


def test_the_remembered_account_holds_no_password(logged_in: MemoryKeyring, tmp_path: Path) -> None:
    del logged_in
    kept = json.loads((tmp_path / "home" / "config" / "caldav.json").read_text())
    assert set(kept) == {"url", "user", "provider", "auth"}
    assert PASSWORD not in json.dumps(kept)
