"""The CalDAV account: addresses, the password in the keyring only, login against Radicale."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runlift.errors import AuthError, RemoteError, SettingsError
from runlift.publish.caldav.account import (
    connect,
    login,
    logout,
    server_address,
    stored_account,
)
from runlift.publish.caldav.push import push
from runlift.storage.secrets import SERVICE
from tests.keyrings import MemoryKeyring
from tests.publish.caldav_fixtures import UUID, new_doc
from tests.publish.caldav_servers import MOVED_PREFIX, PASSWORD, USER, Radicale, fault_proxy
from tests.publish.fake_google import weeks_of_events
from tests.publish.redirect_servers import redirector, self_signed_certificate


@pytest.mark.parametrize(
    ("provider", "url", "address"),
    [
        ("icloud", None, "https://caldav.icloud.com/"),
        ("fastmail", None, "https://caldav.fastmail.com/dav/"),
        ("nextcloud", "cloud.example.org", "https://cloud.example.org/remote.php/dav"),
        ("nextcloud", "https://cloud.example.org/", "https://cloud.example.org/remote.php/dav"),
        ("other", "https://dav.example.org/cal/", "https://dav.example.org/cal/"),
        ("other", "example.org", "example.org"),  # a bare host: found by RFC 6764 discovery
        ("other", "http://127.0.0.1:5232/", "http://127.0.0.1:5232/"),
        ("other", "http://[::1]:5232/", "http://[::1]:5232/"),
    ],
)
def test_a_provider_or_an_address_gives_the_server_address(
    provider: str, url: str | None, address: str
) -> None:
    assert server_address(provider, url) == address


@pytest.mark.parametrize(
    ("provider", "url", "field", "words"),
    [
        ("other", "http://dav.example.org/", "url", "only https://"),
        ("other", "https://me:secret@dav.example.org/", "url", "--user"),
        ("other", None, "url", "needs your server's address"),
        ("nextcloud", None, "url", "needs your server's address"),
        ("exchange", None, "provider", "unknown provider"),
        ("other", "ftp://dav.example.org/", "url", "only https://"),
    ],
)
def test_a_bad_address_names_the_setting(
    provider: str, url: str | None, field: str, words: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        server_address(provider, url)
    assert refused.value.field == field
    assert words in str(refused.value)


def test_login_keeps_the_password_only_in_the_keyring(
    radicale: Radicale,
    home: Path,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    account = login("other", radicale.url, USER, PASSWORD)
    assert memory_keyring.entries == {
        (SERVICE, f"caldav:{USER}@127.0.0.1:{radicale.port}"): PASSWORD
    }
    assert account.auth == "basic"  # learned once, so a push sends no request to be challenged
    assert stored_account() == account
    push(new_doc(), weeks_of_events(UUID, 1), connection=connect())  # works from what was kept
    files = [path for path in home.rglob("*") if path.is_file()]
    assert files  # the account's address is remembered …
    for path in files:  # … but the password is nowhere in the config folder
        assert PASSWORD.encode() not in path.read_bytes()
    assert PASSWORD not in caplog.text
    assert logout() == account
    assert memory_keyring.entries == {}
    assert stored_account() is None


def test_a_refused_password_stores_nothing_and_says_what_to_use(
    radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    with pytest.raises(AuthError) as refused:
        login("other", radicale.url, USER, "my-apple-id-password")
    assert "app-specific password" in str(refused.value)
    assert "my-apple-id-password" not in str(refused.value)
    assert memory_keyring.entries == {}
    assert not home.exists() or not any(home.rglob("*.json"))


def test_pushing_without_a_login_says_how_to_log_in(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home, memory_keyring
    with pytest.raises(AuthError, match="caldav login"):
        connect()


def test_a_password_gone_from_the_keyring_asks_for_a_new_login(
    radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    login("other", radicale.url, USER, PASSWORD)
    memory_keyring.entries.clear()
    with pytest.raises(AuthError, match="not in the keyring"):
        connect()


def test_a_server_that_is_not_there_is_a_remote_error(
    home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home, memory_keyring
    with pytest.raises(RemoteError, match=r"cannot reach 127\.0\.0\.1:9"):
        login("other", "http://127.0.0.1:9/", USER, PASSWORD)


@pytest.fixture
def untrusted_https(tmp_path: Path) -> Iterator[str]:
    """An https:// server on 127.0.0.1 with a self-signed certificate nobody trusts."""
    certificate, _trusted = self_signed_certificate(tmp_path)
    with redirector(certificate=certificate) as server:
        yield server.origin + "/"
        assert server.asked == []  # no request (and no password) ever got through


def test_a_certificate_that_cannot_be_verified_stops_the_login(
    untrusted_https: str, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    with pytest.raises(RemoteError, match=r"certificate of 127\.0\.0\.1:\d+ cannot be verified"):
        login("other", untrusted_https, USER, PASSWORD)
    assert memory_keyring.entries == {}


def test_a_redirect_to_another_host_is_not_followed_with_the_password(
    radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    """The runner's address (another port counts as another host) has moved to the Radicale."""
    seen: list[str] = []
    radicale.server.application = _noting_authorization(radicale.server.application, seen)
    with redirector(everything_to=radicale.url) as moved:
        with pytest.raises(RemoteError) as refused:
            login("other", f"{moved.origin}/{USER}/", USER, PASSWORD)
        assert moved.asked  # asked once, then stopped
    message = str(refused.value)
    assert f"{moved.origin.removeprefix('http://')} sends RunLift on to 127.0.0.1:" in message
    assert f"127.0.0.1:{radicale.port}" in message
    assert "does not send your password there" in message
    assert PASSWORD not in message
    assert seen == []  # the other host never heard from RunLift, password or not
    assert memory_keyring.entries == {}


def _noting_authorization(application: Any, seen: list[str]) -> Any:
    def noted(environ: dict[str, Any], start_response: Any) -> Any:
        seen.append(str(environ.get("HTTP_AUTHORIZATION", "none")))
        return application(environ, start_response)

    return noted


def test_a_redirect_within_the_host_is_followed(
    radicale: Radicale, home: Path, memory_keyring: MemoryKeyring
) -> None:
    del home
    with fault_proxy(radicale) as proxy:
        account = login("other", f"{proxy.url}{MOVED_PREFIX}{USER}/", USER, PASSWORD)
        assert (proxy.faults.count("PROPFIND") or 0) >= 2
    assert account.auth == "basic"
    assert memory_keyring.entries
