"""Signing in to Google through the fake's OAuth endpoints, with an in-memory keyring."""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from runlift.errors import AuthError, CancelledError, SettingsError
from runlift.plan.model import Settings
from runlift.publish.google import auth as google_auth
from runlift.publish.google.auth import (
    ACCOUNT,
    ENDPOINT_ENV,
    SCOPE,
    StoredLogin,
    login,
    logout,
    signed_in_credentials,
    stored_login,
)
from runlift.publish.google.push import push
from runlift.storage.document import Document
from runlift.storage.secrets import SERVICE
from tests.keyrings import MemoryKeyring
from tests.publish.fake_google import FakeGoogle, weeks_of_events

UUID = "3a7c2e10-5b9d-4c8e-a1f2-6d0e4b3c2a19"


class Browser:
    """The user's browser: opens the sign-in page, and the user allows RunLift."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=10).read()).start()
        return True


@pytest.fixture
def plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake's OAuth endpoints are plain HTTP on 127.0.0.1; Google's are HTTPS."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    opened = Browser()
    monkeypatch.setattr("webbrowser.get", lambda using=None: opened)
    # The fake's token endpoint is plain HTTP on 127.0.0.1; Google's is HTTPS.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    return opened


def _client_file(tmp_path: Path, fake: FakeGoogle, kind: str = "installed") -> Path:
    config = {
        kind: {
            "client_id": "1234-abc.apps.googleusercontent.com",
            "client_secret": "GOCSPX-client-secret",
            "auth_uri": fake.root + "auth",
            "token_uri": fake.root + "token",
            "redirect_uris": ["http://localhost"],
        }
    }
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps(config))
    return path


def _sign_in(fake: FakeGoogle, vault: MemoryKeyring) -> StoredLogin:
    refresh = "1//fake-refresh-token"
    fake.refresh_tokens.add(refresh)
    stored = StoredLogin(refresh, "1234-abc", "GOCSPX-client-secret", fake.root + "token")
    vault.set_password(SERVICE, ACCOUNT, stored.to_json())
    return stored


def test_login_runs_the_browser_flow_and_keeps_only_the_refresh_token(
    fake: FakeGoogle,
    vault: MemoryKeyring,
    browser: Browser,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    stored = login(_client_file(tmp_path, fake))
    assert browser.opened[0].startswith(fake.root + "auth?")
    assert "calendar.app.created" in browser.opened[0]
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in browser.opened[0]
    assert stored.refresh_token in fake.refresh_tokens
    kept = json.loads(vault.entries[(SERVICE, ACCOUNT)])
    assert kept == {
        "refresh_token": stored.refresh_token,
        "client_id": "1234-abc.apps.googleusercontent.com",
        "client_secret": "GOCSPX-client-secret",
        "token_uri": fake.root + "token",
    }
    assert stored.refresh_token not in repr(stored)
    assert fake.issued_codes  # the one-time code came back through the loopback server …
    for token in (stored.refresh_token, *fake.access_tokens, *fake.issued_codes):  # … unlogged
        assert token not in caplog.text
        assert not [p for p in tmp_path.rglob("*") if p.is_file() and token in p.read_text()]


@pytest.mark.parametrize("content", ["not json", json.dumps({"other": {}})])
def test_a_wrong_client_file_is_a_settings_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "client.json"
    path.write_text(content)
    with pytest.raises(SettingsError, match="Desktop app"):
        login(path)
    with pytest.raises(SettingsError, match="cannot read"):
        login(tmp_path / "missing.json")


def test_saved_sign_in_is_refreshed_into_an_access_token(
    fake: FakeGoogle, vault: MemoryKeyring
) -> None:
    _sign_in(fake, vault)
    credentials = signed_in_credentials()
    assert credentials.token in fake.access_tokens
    assert credentials.scopes == [SCOPE]


def test_a_revoked_or_expired_sign_in_asks_to_sign_in_again(
    fake: FakeGoogle, vault: MemoryKeyring
) -> None:
    stored = _sign_in(fake, vault)
    fake.refresh_tokens.clear()  # revoked, or the 7-day expiry of a testing-mode app
    with pytest.raises(AuthError, match="runlift google login") as caught:
        signed_in_credentials()
    assert "7 days" in str(caught.value)
    assert stored.refresh_token not in str(caught.value)
    assert caught.value.__cause__ is None


def test_not_signed_in_says_how_to_sign_in(vault: MemoryKeyring) -> None:
    del vault
    with pytest.raises(AuthError, match="not signed in"):
        signed_in_credentials()


def test_a_damaged_keyring_entry_asks_to_sign_in_again(vault: MemoryKeyring) -> None:
    vault.set_password(SERVICE, ACCOUNT, "{not json")
    with pytest.raises(AuthError, match="damaged"):
        stored_login()


def test_push_without_a_keyring_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENDPOINT_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        doc = Document(UUID, "Plan", Settings(timezone="Europe/Berlin"))
        with pytest.raises(AuthError, match="keyring"):
            push(doc, [])
    finally:
        keyring.set_keyring(previous)


def test_push_signs_every_request_with_a_fresh_access_token(
    fake: FakeGoogle,
    vault: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    stored = _sign_in(fake, vault)
    fake.require_auth = True
    monkeypatch.setattr(google_auth, "GOOGLE_ROOT", fake.root)  # Google's address, faked
    doc = Document(UUID, "Plan", Settings(timezone="Europe/Berlin"))
    events = weeks_of_events(UUID, 2)
    result = push(doc, events, sleep=lambda _: None)
    assert result.created == len(events)
    assert result.document.google_calendar_id
    assert len(fake.live_events(result.document.google_calendar_id)) == len(events)
    assert fake.access_tokens  # the refresh happened
    for token in (stored.refresh_token, *fake.access_tokens):
        assert token not in caplog.text


def test_a_push_refused_with_401_asks_to_sign_in_again(
    fake: FakeGoogle, vault: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sign_in(fake, vault)
    fake.require_auth = True
    monkeypatch.setattr(google_auth, "GOOGLE_ROOT", fake.root)
    monkeypatch.setattr(fake, "authorised", lambda header: False)
    doc = Document(UUID, "Plan", Settings(timezone="Europe/Berlin"))
    with pytest.raises(AuthError, match="sign-in"):
        push(doc, [], sleep=lambda _: None)


def test_logout_revokes_at_google_and_forgets_the_sign_in(
    fake: FakeGoogle, vault: MemoryKeyring
) -> None:
    stored = _sign_in(fake, vault)
    assert logout(revoke_uri=fake.root + "revoke") == (True, True)
    assert fake.revoked == [stored.refresh_token]
    assert vault.entries == {}
    assert logout(revoke_uri=fake.root + "revoke") == (False, False)


def test_logout_forgets_the_sign_in_even_when_google_cannot_be_reached(
    fake: FakeGoogle, vault: MemoryKeyring
) -> None:
    _sign_in(fake, vault)
    fake.refresh_tokens.clear()  # Google answers 400: the token is already dead
    assert logout(revoke_uri=fake.root + "revoke") == (True, False)
    assert vault.entries == {}


def test_login_without_a_keyring_stops_before_opening_the_browser(
    fake: FakeGoogle, browser: Browser, tmp_path: Path
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(AuthError, match="gnome-keyring"):
            login(_client_file(tmp_path, fake))
    finally:
        keyring.set_keyring(previous)
    assert browser.opened == []


def test_login_hands_out_the_link_and_cancel_ends_the_wait_at_once(
    fake: FakeGoogle, vault: MemoryKeyring, plain_http: None, tmp_path: Path
) -> None:
    links: list[str] = []
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def sign_in() -> None:
        try:
            login(_client_file(tmp_path, fake), open_browser=False, show_link=links.append,
                  cancel=cancel)  # fmt: skip
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=sign_in)
    worker.start()
    while not links and worker.is_alive():
        worker.join(0.01)
    assert links and links[0].startswith(fake.root + "auth?")
    redirect = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(links[0]).query))["redirect_uri"]
    cancel.set()
    worker.join()  # the default five-minute wait would hang the test here
    assert [type(e) for e in outcome] == [CancelledError] and vault.entries == {}
    with pytest.raises(urllib.error.URLError):  # the loopback server is gone with it
        urllib.request.urlopen(redirect + "?code=late", timeout=10)


def test_a_sign_in_refused_in_the_browser_says_so(
    fake: FakeGoogle, vault: MemoryKeyring, plain_http: None, tmp_path: Path
) -> None:
    def deny(link: str) -> None:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        back = query["redirect_uri"] + "?error=access_denied&state=" + query["state"]
        threading.Thread(target=lambda: urllib.request.urlopen(back, timeout=10).read()).start()

    with pytest.raises(AuthError, match="not allowed in the browser \\(access_denied\\)"):
        login(_client_file(tmp_path, fake), open_browser=False, show_link=deny)
    assert vault.entries == {}


def test_a_sign_in_left_unfinished_ends_after_its_time(
    fake: FakeGoogle,
    vault: MemoryKeyring,
    plain_http: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(AuthError, match="not completed in the browser within 1 minute;"):
        login(_client_file(tmp_path, fake), open_browser=False, timeout_seconds=0)
    assert fake.root + "auth?" in capsys.readouterr().out  # the link, for a browser opened by hand
