"""Fixtures of the publishing tests: the fake Google Calendar server, a memory keyring, and a
real Radicale CalDAV server with a fault proxy in front of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runlift.publish.google.auth import ENDPOINT_ENV
from tests.keyrings import MemoryKeyring
from tests.publish.caldav_fixtures import caldav_pusher, phone, proxy, radicale
from tests.publish.fake_google import FakeGoogle


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    """A fake Google Calendar over real HTTP on a free port."""
    with FakeGoogle() as server:
        yield server


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """RunLift's config folder (where a login keeps the account), in a temporary folder."""
    folder = tmp_path / "home"
    monkeypatch.setenv("RUNLIFT_HOME", str(folder))
    return folder


@pytest.fixture
def vault(monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """Real sign-in (no test endpoint), with the secrets kept in memory."""
    monkeypatch.delenv(ENDPOINT_ENV, raising=False)
    return memory_keyring


__all__ = ["caldav_pusher", "phone", "proxy", "radicale"]  # CalDAV fixtures, shared
