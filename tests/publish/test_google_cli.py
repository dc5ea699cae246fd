"""``runlift google …`` against the fake Google Calendar, in-process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.plan.model import Kind
from runlift.publish.google import auth as google_auth
from runlift.publish.google.auth import ACCOUNT, ENDPOINT_ENV, StoredLogin
from runlift.publish.ics import document_plan
from runlift.storage.document import load_document
from runlift.storage.secrets import SERVICE
from tests.keyrings import MemoryKeyring
from tests.publish.fake_google import FakeGoogle

NEW = ["--race-date", "2027-05-16", "--distance", "half", "--start", "2027-02-01",
       "--timezone", "Europe/Berlin", "--today", "2027-01-20"]  # fmt: skip


@pytest.fixture
def plan_doc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "spring.runlift"
    assert main(["new", str(path), "--name", "Spring half", *NEW]) == 0
    capsys.readouterr()
    return path


def test_dry_run_prints_the_diff_and_writes_nothing(
    fake: FakeGoogle,
    plan_doc: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, fake.root)
    assert main(["google", "push", str(plan_doc), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    changes = [line for line in out if line.strip().startswith("create")]
    assert changes and all("new in the plan" in line for line in changes)
    assert out[-1].startswith("Dry run for “RunLift – Spring half”: would be ")
    assert f"would be {len(changes)} created" in out[-1]
    assert fake.calendars == {}
    assert load_document(plan_doc).google_calendar_id is None


def test_push_prints_counts_and_remembers_the_calendar(
    fake: FakeGoogle,
    plan_doc: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, fake.root)
    assert main(["google", "push", str(plan_doc)]) == 0
    first = capsys.readouterr().out
    calendar = load_document(plan_doc).google_calendar_id
    assert calendar in fake.calendars
    created = len(fake.live_events(calendar))
    assert f"(calendar created): {created} created, 0 updated, 0 deleted, 0 unchanged" in first
    assert main(["google", "push", str(plan_doc)]) == 0
    again = capsys.readouterr().out
    assert f"0 created, 0 updated, 0 deleted, {created} unchanged (2 HTTP requests)" in again
    assert main(["google", "status", str(plan_doc)]) == 0
    assert calendar in capsys.readouterr().out


def test_push_without_sign_in_says_how_to_sign_in(
    vault: MemoryKeyring, plan_doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del vault
    assert main(["google", "push", str(plan_doc)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("runlift: not signed in") and "Traceback" not in err
    assert main(["google", "status"]) == 1
    assert "Not signed in" in capsys.readouterr().out


def test_push_of_a_missing_document_is_a_clear_failure(
    fake: FakeGoogle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, fake.root)
    assert main(["google", "push", str(tmp_path / "none.runlift")]) == 1
    assert "no plan document" in capsys.readouterr().err


def test_login_with_a_wrong_client_file_is_bad_input(
    vault: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del vault
    bad = tmp_path / "client.json"
    bad.write_text("{}")
    assert main(["google", "login", "--client-secrets", str(bad)]) == 2
    assert "Desktop app" in capsys.readouterr().err


def test_status_and_logout_of_a_signed_in_user(
    fake: FakeGoogle,
    vault: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.refresh_tokens.add("1//cli-refresh")
    stored = StoredLogin("1//cli-refresh", "42-cli", "secret", fake.root + "token")
    vault.set_password(SERVICE, ACCOUNT, stored.to_json())
    monkeypatch.setattr(google_auth, "GOOGLE_REVOKE_URI", fake.root + "revoke")
    printed: list[str] = []

    def run(*args: str) -> str:
        assert main(["google", *args]) == 0
        out, err = capsys.readouterr()
        printed.extend((out, err))
        return out

    assert "Google accepts the sign-in" in run("status")
    assert "Google revoked RunLift's access" in run("logout")
    assert fake.revoked == ["1//cli-refresh"] and vault.entries == {}
    assert "Not signed in" in run("logout")
    assert not [text for text in printed if "1//cli-refresh" in text or "secret" in text]


def test_moving_one_session_of_a_generated_plan_pushes_one_update(
    fake: FakeGoogle,
    plan_doc: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(ENDPOINT_ENV, fake.root)
    assert main(["google", "push", str(plan_doc)]) == 0
    doc = load_document(plan_doc)
    plan = document_plan(doc, datetime(2027, 1, 20, 12, tzinfo=UTC))
    long_run = next(s for s in plan.active_sessions if s.kind is Kind.LONG)
    day_before = long_run.date - timedelta(days=1)
    assert main(["move", str(plan_doc), long_run.id, day_before.isoformat()]) == 0
    capsys.readouterr()
    before = len(fake.calls)
    assert main(["google", "push", str(plan_doc)]) == 0
    assert ": 0 created, 1 updated, 0 deleted" in capsys.readouterr().out
    writes = [call for call in fake.calls[before:] if call[0] != "GET"]
    assert [method for method, _ in writes] == ["PUT"]
    moved = fake.live_events(str(doc.google_calendar_id))[writes[0][1].rsplit("/", 1)[1]]
    assert moved["start"]["dateTime"].startswith(day_before.isoformat())
