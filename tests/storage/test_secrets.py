"""Secrets in the keyring: round trip, and errors that name the fix without the secret."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail, null

from runlift.errors import AuthError
from runlift.storage.secrets import SERVICE, delete_secret, load_secret, save_secret
from tests.keyrings import MemoryKeyring

SECRET = "1//0gSecretRefreshToken-do-not-show"


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked(f"locked while storing {password}")

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def use_backend() -> Iterator[object]:
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


def test_a_secret_round_trips_under_one_service(memory_keyring: MemoryKeyring) -> None:
    save_secret("google", SECRET)
    assert memory_keyring.entries == {(SERVICE, "google"): SECRET}
    assert load_secret("google") == SECRET
    save_secret("google", "newer")
    assert load_secret("google") == "newer"
    assert delete_secret("google") is True
    assert load_secret("google") is None
    assert delete_secret("google") is False


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_no_usable_keyring_names_what_to_install(use_backend: object, backend: type) -> None:
    keyring.set_keyring(backend())
    for action in (lambda: save_secret("google", SECRET), lambda: load_secret("google")):
        with pytest.raises(AuthError, match="gnome-keyring") as caught:
            action()
        assert SECRET not in str(caught.value)


def test_a_locked_keyring_says_so_without_the_secret(use_backend: object) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(AuthError, match="locked") as caught:
        save_secret("google", SECRET)
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None
    with pytest.raises(AuthError, match="locked"):
        load_secret("google")
