"""The feed over real HTTP on 127.0.0.1, port 0: answers, validators, errors, reloads, stop."""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from runlift.errors import DocumentError, FeedError
from runlift.plan.edits.record import Edit
from runlift.plan.model import Mode, Settings
from runlift.publish.feed import server as feed_module
from runlift.publish.feed.files import rotate_token
from runlift.publish.feed.server import FeedServer, feed_path
from runlift.storage.document import Document, load_document, new_document, save_document

from .test_ics import lint_ics

NOW = datetime(2027, 1, 2, 9, 0, 0, tzinfo=UTC)
SETTINGS = Settings(
    mode=Mode.RACE,
    race_date=date(2027, 4, 11),
    distance_km=21.0975,
    start=date(2027, 1, 4),
    timezone="Europe/Berlin",
)


def make_document(path: Path, settings: Settings = SETTINGS) -> Document:
    doc = new_document(settings, "Spring half", date(2027, 1, 1))
    save_document(path, doc)
    return doc


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "spring.runlift"
    make_document(path)
    return path


@pytest.fixture
def server(doc_path: Path) -> Iterator[FeedServer]:
    feed = FeedServer(doc_path, clock=lambda: NOW)
    feed.start()
    yield feed
    feed.stop()


def request(
    server: FeedServer, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        reply = connection.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read()
    finally:
        connection.close()


def token_of(path: Path) -> str:
    return load_document(path).feed_token


def plan_path(doc_path: Path, name: str = "plan.ics") -> str:
    return feed_path(token_of(doc_path), name)


def test_get_serves_the_plan_as_a_calendar(server: FeedServer, doc_path: Path) -> None:
    status, headers, body = request(server, "GET", plan_path(doc_path), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert "Content-Encoding" not in headers  # no compression
    assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    assert lint_ics(body) == []
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) > 20
    assert all(str(e["UID"]).endswith("@" + load_document(doc_path).plan_uuid) for e in events)


def test_urls_are_loopback_http_and_webcal(server: FeedServer, doc_path: Path) -> None:
    token = token_of(doc_path)
    assert server.host == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}/feed/{token}/plan.ics"
    assert server.webcal_url == f"webcal://127.0.0.1:{server.port}/feed/{token}/plan.ics"
    assert server.busy_url.endswith(f"/feed/{token}/busy.ics")
    assert len(token) >= 22  # at least 128 bits in URL-safe base64


def test_if_none_match_with_the_etag_answers_304(server: FeedServer, doc_path: Path) -> None:
    _, headers, _ = request(server, "GET", plan_path(doc_path))
    status, again, body = request(
        server, "GET", plan_path(doc_path), {"If-None-Match": headers["ETag"]}
    )
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"]
    status, _, body = request(server, "GET", plan_path(doc_path), {"If-None-Match": '"other"'})
    assert status == 200 and body


def test_if_modified_since_answers_304_unless_older(server: FeedServer, doc_path: Path) -> None:
    _, headers, _ = request(server, "GET", plan_path(doc_path))
    modified = headers["Last-Modified"]
    status, _, body = request(server, "GET", plan_path(doc_path), {"If-Modified-Since": modified})
    assert (status, body) == (304, b"")
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    status, _, body = request(server, "GET", plan_path(doc_path), {"If-Modified-Since": old})
    assert status == 200 and body


def test_wrong_token_or_path_is_a_plain_404(server: FeedServer, doc_path: Path) -> None:
    token = token_of(doc_path)
    wrong = secrets.token_urlsafe(24)
    answers = [
        request(server, "GET", path)
        for path in (
            feed_path(wrong, "plan.ics"),
            feed_path(token[:-1], "plan.ics"),
            feed_path(token, "other.ics"),
            f"/feed/{token}/",
            f"/feed/{token}/plan.ics/x",
            "/",
        )
    ]
    assert {status for status, _, _ in answers} == {404}
    assert {body for _, _, body in answers} == {b"404 Not Found\n"}
    assert all("ETag" not in headers for _, headers, _ in answers)


def test_post_and_put_are_405_with_allow(server: FeedServer, doc_path: Path) -> None:
    for method in ("POST", "PUT", "DELETE"):
        status, headers, _ = request(server, method, plan_path(doc_path))
        assert status == 405
        assert headers["Allow"] == "GET, HEAD"


def test_head_has_the_headers_and_no_body(server: FeedServer, doc_path: Path) -> None:
    _, got, body = request(server, "GET", plan_path(doc_path))
    status, headers, nothing = request(server, "HEAD", plan_path(doc_path))
    assert (status, nothing) == (200, b"")
    assert int(headers["Content-Length"]) == len(body)
    assert headers["ETag"] == got["ETag"]


def test_busy_feed_shows_only_busy_times(server: FeedServer, doc_path: Path) -> None:
    _, _, plan = request(server, "GET", plan_path(doc_path))
    status, _, busy = request(server, "GET", plan_path(doc_path, "busy.ics"))
    assert status == 200
    events = icalendar.Calendar.from_ical(busy).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == {"Busy"}
    assert b"DESCRIPTION" not in busy
    assert len(events) == len(icalendar.Calendar.from_ical(plan).walk("VEVENT"))


def test_body_changes_after_the_document_changes_on_disk(
    server: FeedServer, doc_path: Path
) -> None:
    _, first, body = request(server, "GET", plan_path(doc_path))
    doc = load_document(doc_path)
    times = tuple(replace(t, am=t.am.replace(hour=6)) for t in doc.settings.times)
    save_document(doc_path, replace(doc, settings=replace(doc.settings, times=times)))
    status, second, changed = request(
        server, "GET", plan_path(doc_path), {"If-None-Match": first["ETag"]}
    )
    assert status == 200 and changed != body and second["ETag"] != first["ETag"]
    starts = [line for line in changed.split(b"\r\n") if line.startswith(b"DTSTART;TZID")]
    assert any(line.endswith(b"T060000") for line in starts)
    assert not any(line.endswith((b"T070000", b"T080000")) for line in starts)
    stored = load_document(doc_path).publish["feed"]
    assert max(record.sequence for record in stored.values()) == 1  # moved events: SEQUENCE 1


def test_resaving_an_unchanged_document_keeps_the_etag(server: FeedServer, doc_path: Path) -> None:
    _, first, body = request(server, "GET", plan_path(doc_path))
    save_document(doc_path, load_document(doc_path))
    stat = doc_path.stat()
    os.utime(doc_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    status, second, again = request(server, "GET", plan_path(doc_path))
    assert status == 200 and again == body
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_rotated_token_takes_effect_without_restart(server: FeedServer, doc_path: Path) -> None:
    old = plan_path(doc_path)
    new_token = secrets.token_urlsafe(24)
    save_document(doc_path, replace(load_document(doc_path), feed_token=new_token))
    assert request(server, "GET", old)[0] == 404
    assert request(server, "GET", feed_path(new_token, "plan.ics"))[0] == 200
    assert new_token in server.url


def test_feed_remembers_what_it_published(server: FeedServer, doc_path: Path) -> None:
    request(server, "GET", plan_path(doc_path))
    publish = load_document(doc_path).publish
    assert set(publish) >= {"feed", "busy"}
    assert {r.modified for r in publish["feed"].values()} == {NOW}


def test_stop_frees_the_port_and_can_start_again(doc_path: Path) -> None:
    feed = FeedServer(doc_path, clock=lambda: NOW)
    feed.start()
    port = feed.port
    keep_alive = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    keep_alive.request("GET", plan_path(doc_path))
    assert keep_alive.getresponse().read()
    feed.stop()
    feed.stop()  # twice is fine
    assert not feed.running
    with pytest.raises(OSError):  # the kept-alive connection was closed too
        keep_alive.request("GET", plan_path(doc_path))
        keep_alive.getresponse()
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=10).request("GET", "/")
    feed.start(port=port)
    try:
        assert request(feed, "GET", plan_path(doc_path))[0] == 200
    finally:
        feed.stop()


def test_port_in_use_is_a_feed_error(server: FeedServer, doc_path: Path) -> None:
    other = FeedServer(doc_path, clock=lambda: NOW)
    with pytest.raises(FeedError, match="cannot serve the feed"):
        other.start(port=server.port)


def test_unreadable_document_fails_at_start(tmp_path: Path) -> None:
    path = tmp_path / "broken.runlift"
    path.write_text("{ not json")
    with pytest.raises(DocumentError) as caught:
        FeedServer(path).start()
    assert "broken.runlift" in str(caught.value)
    assert path.read_text() == "{ not json"  # never overwritten


def test_last_good_feed_is_served_when_the_document_breaks(
    server: FeedServer, doc_path: Path
) -> None:
    _, _, body = request(server, "GET", plan_path(doc_path))
    path = plan_path(doc_path)
    doc_path.write_text("{ cut short")
    status, _, again = request(server, "GET", path)
    assert (status, again) == (200, body)


def test_head_answered_503_sends_no_body(doc_path: Path) -> None:
    feed = FeedServer(doc_path, clock=lambda: NOW)
    feed.start()
    asked = f"HEAD {plan_path(doc_path)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    try:
        doc_path.write_text("{ damaged")
        feed._snapshot.feeds = {}  # as if the document had never been readable
        with socket.create_connection(("127.0.0.1", feed.port), timeout=10) as connection:
            connection.sendall(asked.encode())
            answer = b""
            while chunk := connection.recv(4096):
                answer += chunk
    finally:
        feed.stop()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503")
    assert b"Retry-After: 60" in head
    assert body == b""


def test_a_rotated_token_shows_even_with_the_same_mtime_and_size(
    server: FeedServer, doc_path: Path
) -> None:
    old = plan_path(doc_path)
    assert request(server, "GET", old)[0] == 200
    before = doc_path.stat()
    save_document(doc_path, replace(load_document(doc_path), feed_token=secrets.token_urlsafe(24)))
    os.utime(doc_path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a coarse file clock
    assert doc_path.stat().st_size == before.st_size
    assert request(server, "GET", old)[0] == 404
    assert request(server, "GET", plan_path(doc_path))[0] == 200


def test_the_feed_keeps_an_edit_saved_while_it_renders(
    doc_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = feed_module.render_feeds

    def render_while_edited(*args: Any, **kwargs: Any) -> Any:
        doc = load_document(doc_path)  # another process saves an edit meanwhile
        save_document(doc_path, replace(doc, edits=(*doc.edits, Edit("skip", "w-01.long"))))
        return render(*args, **kwargs)

    monkeypatch.setattr(feed_module, "render_feeds", render_while_edited)
    feed = FeedServer(doc_path, clock=lambda: NOW)
    feed.start()
    feed.stop()
    saved = load_document(doc_path)
    assert [edit.session_id for edit in saved.edits] == ["w-01.long"]
    assert saved.publish["feed"] and saved.publish["busy"]


def test_the_new_feed_address_is_long_and_url_safe(doc_path: Path) -> None:
    before = token_of(doc_path)
    doc = rotate_token(doc_path)
    assert doc.feed_token != before and doc.feed_token == token_of(doc_path)
    assert len(base64.urlsafe_b64decode(doc.feed_token + "==")) >= 16  # ≥ 128 bits
    assert feed_path(doc.feed_token, "plan.ics") == f"/feed/{doc.feed_token}/plan.ics"
