"""``runlift export``, ``publish``, ``feed rotate`` and ``serve`` on real documents."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from runlift.cli import main
from runlift.plan.edits.record import Edit
from runlift.plan.model import Slot
from runlift.publish import ics as ics_module
from runlift.publish.events import EventOptions
from runlift.publish.feed.port import kept_ports, remember_port
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


def _serve(doc_path: Path, *flags: str, home: Path | None = None) -> tuple[str, bytes, bytes]:
    """Run `runlift serve` until it prints its addresses, fetch the plan once, then Ctrl-C."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if home is not None:
        env["RUNLIFT_HOME"] = str(home)
    command = [sys.executable, "-m", "runlift", "serve", str(doc_path), *flags]
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
    return printed, out, err


def test_serve_prints_urls_serves_and_stops_cleanly_on_ctrl_c(doc_path: Path) -> None:
    _printed, out, err = _serve(doc_path, "--port", "0")
    assert b"Feed stopped." in out and b"Traceback" not in err


def test_serve_uses_the_port_the_plan_keeps_like_the_window(
    doc_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("RUNLIFT_HOME", str(home))
    with socket.socket() as probe:  # a free port, as the window would have kept it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    remember_port(load_document(doc_path).plan_uuid, port)
    for _restart in range(2):
        printed, _out, _err = _serve(doc_path, home=home)
        assert f"http://127.0.0.1:{port}/feed/" in printed and "moved" not in printed
    assert kept_ports() == {load_document(doc_path).plan_uuid: port}


def _skip_on_disk(doc_path: Path, session_id: str) -> None:
    """Another process (the window, `runlift skip`) saves an edit."""
    doc = load_document(doc_path)
    save_document(doc_path, replace(doc, edits=(*doc.edits, Edit("skip", session_id))))


def test_export_keeps_an_edit_saved_while_it_renders(
    doc_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = ics_module.render_document

    def render_while_edited(*args: Any, **kwargs: Any) -> Any:
        _skip_on_disk(doc_path, "w-01.long")
        return render(*args, **kwargs)

    monkeypatch.setattr(ics_module, "render_document", render_while_edited)
    export_document(doc_path, tmp_path / "plan.ics", EventOptions(), NOW)
    saved = load_document(doc_path)
    assert [edit.session_id for edit in saved.edits] == ["w-01.long"]
    assert saved.publish["ics"]  # and what the export published is remembered too


def test_a_skipped_session_that_returns_gets_a_higher_sequence(
    doc_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan.ics"
    export_document(doc_path, out, EventOptions(), NOW)
    session_id = sorted(events_of(out.read_bytes()))[0]
    _skip_on_disk(doc_path, session_id)
    skipped = export_document(doc_path, out, EventOptions(), NOW + timedelta(days=1))
    assert session_id not in events_of(out.read_bytes())
    assert skipped.events == len(events_of(out.read_bytes()))
    save_document(doc_path, replace(load_document(doc_path), edits=()))  # un-skipped
    back_at = NOW + timedelta(days=2)
    export_document(doc_path, out, EventOptions(), back_at)
    event = events_of(out.read_bytes())[session_id]
    assert (int(event["SEQUENCE"]), event["DTSTAMP"].dt) == (1, back_at)


def test_exporting_other_options_in_between_keeps_the_full_export_identical(
    doc_path: Path, tmp_path: Path
) -> None:
    full, other = tmp_path / "plan.ics", tmp_path / "other.ics"
    export_document(doc_path, full, EventOptions(), NOW)
    first = full.read_bytes()
    shapes = [
        EventOptions(busy_only=True),
        EventOptions(all_day=True),
        EventOptions(alarm_minutes=15),
    ]
    for step, options in enumerate(shapes, start=1):
        export_document(doc_path, other, options, NOW + timedelta(days=step))
        again = export_document(doc_path, full, EventOptions(), NOW + timedelta(days=step, hours=1))
        assert full.read_bytes() == first
        assert again.changed == 0
    busy_again = tmp_path / "busy-again.ics"
    export_document(doc_path, busy_again, EventOptions(busy_only=True), NOW + timedelta(days=9))
    export_document(doc_path, other, EventOptions(busy_only=True), NOW + timedelta(days=10))
    assert other.read_bytes() == busy_again.read_bytes()


def test_publishing_two_plans_into_one_folder_keeps_both(doc_path: Path, tmp_path: Path) -> None:
    other_path = tmp_path / "autumn.runlift"
    make_document(other_path)
    site = tmp_path / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert main(["publish", str(other_path), str(site)]) == 0
    assert main(["publish", str(doc_path), str(site)]) == 0
    mine, other = load_document(doc_path), load_document(other_path)
    for doc in (mine, other):
        assert (site / "feed" / doc.feed_token / "plan.ics").is_file()
        assert (site / "feed" / doc.feed_token / ".runlift-plan").read_text().strip() == (
            doc.plan_uuid
        )
    old = mine.feed_token
    assert main(["feed", "rotate", str(doc_path)]) == 0
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert not (site / "feed" / old).exists()  # this plan's old address goes
    assert (site / "feed" / other.feed_token / "busy.ics").is_file()  # the other plan's stays


def test_a_folder_published_before_the_marker_is_removed_only_for_its_own_plan(
    doc_path: Path, tmp_path: Path
) -> None:
    other_path = tmp_path / "autumn.runlift"
    make_document(other_path)
    site = tmp_path / "site"
    for path in (doc_path, other_path):
        assert main(["publish", str(path), str(site)]) == 0
        (site / "feed" / load_document(path).feed_token / ".runlift-plan").unlink()  # older
    old, other = load_document(doc_path).feed_token, load_document(other_path).feed_token
    assert main(["feed", "rotate", str(doc_path)]) == 0
    assert main(["publish", str(doc_path), str(site)]) == 0
    assert not (site / "feed" / old).exists()
    assert (site / "feed" / other / "plan.ics").is_file()


def test_publish_puts_an_empty_index_page_in_every_folder_it_makes(
    doc_path: Path, tmp_path: Path
) -> None:
    """A web host that lists folders must not show the token folder under ``…/feed/``."""
    site = tmp_path / "public" / "site"
    assert main(["publish", str(doc_path), str(site)]) == 0
    token = load_document(doc_path).feed_token
    made = [tmp_path / "public", site, site / "feed", site / "feed" / token]
    for folder in made:
        assert (folder / "index.html").read_bytes() == b"", folder
    assert not (tmp_path / "index.html").exists()  # was there before: not ours
    bare = tmp_path / "bare"
    bare.mkdir()
    assert main(["publish", str(doc_path), str(bare)]) == 0
    assert not (bare / "index.html").exists() and (bare / "feed" / "index.html").is_file()
    # a folder of the runner's own keeps its own page; a rotated address leaves nothing behind
    own = tmp_path / "own"
    own.mkdir()
    (own / "index.html").write_text("<h1>My site</h1>")
    assert main(["publish", str(doc_path), str(own)]) == 0
    assert (own / "index.html").read_text() == "<h1>My site</h1>"
    assert (own / "feed" / "index.html").read_bytes() == b""
    assert main(["feed", "rotate", str(doc_path)]) == 0
    assert main(["publish", str(doc_path), str(own)]) == 0
    new = load_document(doc_path).feed_token
    assert sorted(p.name for p in (own / "feed").iterdir()) == sorted(["index.html", new])
    assert (own / "feed" / new / "index.html").read_bytes() == b""
