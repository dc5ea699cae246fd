"""Google sign-in: how soon Cancel ends a sign-in waiting for the browser.

The sign-in runs against the fake's OAuth endpoints (real HTTP on 127.0.0.1), waits for the
browser with its real five-minute limit, and is cancelled once the sign-in link is out; the
figure is the time from Cancel to ``login`` having returned (its redirect server closed).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for the fake server

import keyring
from tests.keyrings import MemoryKeyring
from tests.publish.fake_google import FakeGoogle

from runlift.errors import CancelledError
from runlift.publish.google.auth import ENDPOINT_ENV, login

RUNS = 20


def _client_file(folder: Path, fake: FakeGoogle) -> Path:
    path = folder / "client_secret.json"
    config = {"client_id": "1234-abc", "client_secret": "secret", "auth_uri": fake.root + "auth",
              "token_uri": fake.root + "token", "redirect_uris": ["http://localhost"]}  # fmt: skip
    path.write_text(json.dumps({"installed": config}))
    return path


def _cancel_once(client: Path) -> float:
    cancel, linked, ended = threading.Event(), threading.Event(), threading.Event()

    def sign_in() -> None:
        try:
            login(client, open_browser=False, show_link=lambda _link: linked.set(), cancel=cancel)
        except CancelledError:
            ended.set()

    worker = threading.Thread(target=sign_in)
    worker.start()
    linked.wait()
    started = time.perf_counter()
    cancel.set()
    worker.join()
    took = time.perf_counter() - started
    assert ended.is_set(), "the sign-in did not end by Cancel"
    return took


def main() -> None:
    os.environ.pop(ENDPOINT_ENV, None)
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # the fake is plain HTTP on 127.0.0.1
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with FakeGoogle() as fake, tempfile.TemporaryDirectory() as folder:
            client = _client_file(Path(folder), fake)
            samples = [_cancel_once(client) for _ in range(RUNS)]
    finally:
        keyring.set_keyring(previous)
    print(
        f"Cancel → sign-in ended: median {statistics.median(samples) * 1000:.0f} ms, "
        f"slowest {max(samples) * 1000:.0f} ms of {RUNS} (it would wait up to 5 min)"
    )
