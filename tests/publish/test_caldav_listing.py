"""The listing of a push is read within a bound: a huge answer is refused, never held whole."""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from runlift.errors import AuthError, RemoteError
from runlift.publish.caldav import push as caldav_push
from runlift.publish.caldav.account import CalDavAccount, Connection
from runlift.publish.caldav.push import push
from tests.publish.caldav_fixtures import NOW, UUID, connection_to, new_doc
from tests.publish.caldav_servers import PASSWORD, USER, Radicale
from tests.publish.fake_google import weeks_of_events

LIMIT = 1024 * 1024  # the cap, lowered for the test
BODY = 8 * LIMIT  # what the server sends: far above the cap
_PIECE = b" " * (64 * 1024)  # made once: the server sends it again and again


class _HugeListing(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        del format, args

    def do_REPORT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(207)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        if self.server.declare:
            self.send_header("Content-Length", str(BODY))
        self.end_headers()  # without a length: the answer ends when the connection closes
        try:
            self.wfile.write(b'<?xml version="1.0"?><multistatus xmlns="DAV:">')
            for _piece in range(BODY // len(_PIECE)):
                self.wfile.write(_PIECE)
            self.wfile.write(b"</multistatus>")
        except OSError:
            pass  # the client stopped reading


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    declare = False


@contextmanager
def huge_listing(declare: bool) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _HugeListing)
    server.declare = declare
    thread = threading.Thread(target=server.serve_forever, name="huge-listing", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("declare", [False, True], ids=["streamed", "with-length"])
def test_a_listing_larger_than_the_cap_is_refused_without_holding_it(
    declare: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caldav_push, "LISTING_LIMIT", LIMIT, raising=False)
    with huge_listing(declare) as url:
        doc = replace(new_doc(), caldav_calendar_url=f"{url}runner/plan/")
        tracemalloc.start()
        try:
            with pytest.raises(RemoteError) as refused:
                push(doc, weeks_of_events(UUID, 1), connection=connection_to(url), now=NOW)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert "the calendar's listing is larger than 1 MB" in str(refused.value)
    assert peak < BODY // 2  # read in chunks up to the cap, not the whole answer


@pytest.mark.parametrize(("password", "works"), [(PASSWORD, True), ("wrong-password", False)])
def test_a_listing_without_a_learned_auth_settles_the_password_first(
    radicale: Radicale, password: str, works: bool
) -> None:
    """An account that has not learned its auth type: the listing's 401 is answered once."""
    connection = Connection(CalDavAccount(radicale.url, USER, "other", ""), password)
    if works:
        result = push(new_doc(), weeks_of_events(UUID, 1), connection=connection, now=NOW)
        assert result.document.caldav_calendar_url
    else:
        with pytest.raises(AuthError, match="refused the user name or password"):
            push(new_doc(), weeks_of_events(UUID, 1), connection=connection, now=NOW)
