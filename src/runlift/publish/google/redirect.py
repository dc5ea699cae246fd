"""The loopback address Google's sign-in page sends the browser back to, with a Cancel.

The OAuth installed-app flow ends with the browser opening ``http://127.0.0.1:<port>/?code=…``.
The client library's own server waits for that in one blocking call that nothing can
interrupt; this one serves in a thread of its own while the caller waits on an event it can
give up on at once: the runner cancelled, or the time ran out.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from runlift.errors import AuthError, CancelledError

LOOPBACK = "127.0.0.1"
POLL_SECONDS = 0.05  # how soon a Cancel is noticed
DONE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>RunLift</title>"
    b"<p>RunLift is signed in to Google. You can close this tab.</p>"
)


class _RedirectServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser's idle connection never holds the sign-in up
    allow_reuse_address = False  # on Windows that would let another program share the port


class LoopbackRedirect:
    """``with LoopbackRedirect() as redirect:`` — ``redirect.uri`` for the flow, then ``wait``."""

    def __init__(self) -> None:
        self._answer: str | None = None
        self._arrived = threading.Event()
        self._server = _RedirectServer((LOOPBACK, 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), name="runlift-sign-in"
        )
        self._thread.daemon = True

    @property
    def uri(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_address[1]}/"

    def __enter__(self) -> LoopbackRedirect:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def wait(self, timeout_seconds: float, cancel: threading.Event | None) -> str:
        """The address the browser came back to; CancelledError or AuthError otherwise."""
        deadline = time.monotonic() + timeout_seconds
        while not self._arrived.wait(POLL_SECONDS):
            if cancel is not None and cancel.is_set():
                raise CancelledError("sign-in cancelled; nothing was saved")
            if time.monotonic() >= deadline:
                minutes = max(1, round(timeout_seconds / 60))
                raise AuthError(
                    f"sign-in was not completed in the browser within {minutes} "
                    f"minute{'s' if minutes > 1 else ''}; sign in again"
                )
        assert self._answer is not None
        return self._answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        redirect = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 30  # an idle browser connection is dropped, never kept forever

            def do_GET(self) -> None:
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                if "code" not in query and "error" not in query:  # favicon, a probe
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(DONE_PAGE)))
                self.end_headers()
                self.wfile.write(DONE_PAGE)
                redirect._arrive(f"{redirect.uri.rstrip('/')}{self.path}")

            def log_message(self, format: str, *args: object) -> None:
                pass  # the query holds the one-time code: it is never logged

        return Handler

    def _arrive(self, answer: str) -> None:
        if not self._arrived.is_set():
            self._answer = answer
            self._arrived.set()


def refused_reason(answer: str) -> str | None:
    """Google's ``error`` when the runner did not allow access (e.g. ``access_denied``)."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(answer).query)
    errors = query.get("error")
    return errors[0] if errors else None
