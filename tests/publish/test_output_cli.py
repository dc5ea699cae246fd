"""``runlift export``, ``publish``, ``feed rotate`` and ``serve`` on real documents."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from runlift.cli import main
from runlift.plan.edits import Edit
from runlift.plan.model import Slot
from runlift.publish.events import EventOptions
from runlift.publish.ics import export_document
from runlift.storage.document import load_document, save_document

from .test_feed import make_document
from .test_ics import PARSERS, lint_ics

NOW = datetime(2027, 1, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "spring.runlift"
    make_document(path)
    return path


def events_of(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_export_writes_a_clean_calendar_readable_three_ways(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.ics"
    assert main(["export", str(doc_path), "-o", str(out)]) == 0
    body = out.read_bytes()
    assert lint_ics(body) == []
    seen = [parse(body) for parse in PARSERS]
    assert len(seen[0]) > 20 and all(s.keys() == seen[0].keys() for s in seen)
    assert f"Wrote {len(seen[0])} events to {out}" in capsys.readouterr().out
    assert set(load_document(doc_path).publish["ics"]) == {u.split("@")[0] for u in seen[0]}


def test_export_twice_is_byte_identical(doc_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    assert main(["export", str(doc_path), "-o", str(first), "--alarm", "30"]) == 0
    assert main(["export", str(doc_path), "-o", str(second), "--alarm", "30"]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_flags_shape_the_events(doc_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    flags = ["--all-day", "--include-rest", "--alarm", "15", "--busy-only", "--busy-text", "Off"]
    assert main(["export", str(doc_path), "-o", str(out), *flags]) == 0
    events = events_of(out.read_bytes())
    assert all(str(e["SUMMARY"]) == "Off" and "DESCRIPTION" not in e for e in events.values())
    assert all(e["DTSTART"].params.get("VALUE") == "DATE" for e in events.values())
    rest = [e for sid, e in events.items() if sid.endswith(".rest")]
    assert rest and all(str(e["TRANSP"]) == "TRANSPARENT" for e in rest)
    timed = [e for e in events.values() if str(e["TRANSP"]) == "OPAQUE"]
    assert timed and all(e.walk("VALARM") for e in timed)


def test_only_the_moved_session_gets_a_new_sequence(doc_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    export_document(doc_path, out, EventOptions(), NOW)
    before = events_of(out.read_bytes())
    moved_id = next(sid for sid, e in before.items() if e["DTSTART"].dt.hour < 12)
    doc = load_document(doc_path)
    save_document(doc_path, replace(doc, edits=(Edit("move", moved_id, slot=Slot.PM),)))
    later = NOW + timedelta(days=3)
    result = export_document(doc_path, out, EventOptions(), later)
    after = events_of(out.read_bytes())
    assert result.changed == 1
    assert after[moved_id]["DTSTART"].dt.hour >= 12
    assert (int(after[moved_id]["SEQUENCE"]), after[moved_id]["DTSTAMP"].dt) == (1, later)
    assert after[moved_id]["LAST-MODIFIED"].dt == later
    for sid, event in after.items():
        if sid != moved_id:
            assert event.to_ical() == before[sid].to_ical()


def test_bad_alarm_is_exit_2_with_a_message(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.ics"
    assert main(["export", str(doc_path), "-o", str(out), "--alarm", "-5"]) == 2
    assert "alarm" in capsys.readouterr().err
    assert not out.exists()


def test_broken_document_is_exit_1_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.runlift"
    path.write_text('{"format": "runlift-document", "schema_ver')
    assert main(["export", str(path), "-o", str(tmp_path / "x.ics")]) == 1
    assert main(["publish", str(path), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert err.count("runlift: cannot open") == 2 and "Traceback" not in err
    assert path.read_text() == '{"format": "runlift-document", "schema_ver'


def feed_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.ics"))


def test_publish_writes_both_feeds_under_the_token(doc_path: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    token = load_document(doc_path).feed_token
    assert feed_files(site) == [site / "feed" / token / n for n in ("busy.ics", "plan.ics")]
    plan = (site / "feed" / token / "plan.ics").read_bytes()
    assert (
        lint_ics(plan) == [] and lint_ics((site / "feed" / token / "busy.ics").read_bytes()) == []
    )
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert (site / "feed" / token / "plan.ics").read_bytes() == plan  # unchanged: same bytes


def test_rotate_gives_a_new_token_and_publish_drops_the_old_folder(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    (site / "notes" / "keep.txt").write_text("mine")
    assert main(["publish", str(doc_path), str(site)]) == 0
    old = load_document(doc_path).feed_token
    assert main(["feed", "rotate", str(doc_path)]) == 0
    new = load_document(doc_path).feed_token
    assert new != old and len(new) >= 22 and new in capsys.readouterr().out
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert not (site / "feed" / old).exists()
    assert (site / "feed" / new / "plan.ics").is_file()
    assert (site / "notes" / "keep.txt").read_text() == "mine"


def test_serve_prints_urls_serves_and_stops_cleanly_on_ctrl_c(doc_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "runlift", "serve", str(doc_path), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line.decode())
            if line.startswith(b"Press Ctrl-C"):
                break
        printed = "".join(lines)
        match = re.search(r"http://127\.0\.0\.1:(\d+)(/feed/\S+/plan\.ics)", printed)
        assert match, printed
        assert f"webcal://127.0.0.1:{match.group(1)}{match.group(2)}" in printed
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=10)
        connection.request("GET", match.group(2))
        reply = connection.getresponse()
        assert reply.status == 200 and b"BEGIN:VEVENT" in reply.read()
        connection.close()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert b"Feed stopped." in out and b"Traceback" not in err
