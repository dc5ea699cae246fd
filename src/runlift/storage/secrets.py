"""Secrets in the operating system's keyring (never in a file), under one service name.

A secret is a string stored for an account name (e.g. ``"google"``). Errors never repeat the
secret: they name what went wrong and what to install or unlock.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backends import fail

from runlift.errors import AuthError

SERVICE = "RunLift"

_NO_BACKEND = (
    "no system keyring is available to keep your sign-in safe. On Linux install and start "
    "a Secret Service keyring (GNOME Keyring: package 'gnome-keyring', or KWallet) and log "
    "in to your desktop session; macOS Keychain and Windows Credential Locker work out of the box"
)


def _check_backend() -> None:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise AuthError(_NO_BACKEND)


def _failure(action: str, error: Exception) -> AuthError:
    if isinstance(error, keyring.errors.NoKeyringError):
        return AuthError(_NO_BACKEND)
    if isinstance(error, keyring.errors.KeyringLocked):
        return AuthError(f"the system keyring is locked; unlock it and try again ({action})")
    return AuthError(f"the system keyring refused to {action} ({type(error).__name__})")


def save_secret(account: str, secret: str) -> None:
    """Store ``secret`` for ``account``, replacing what was there."""
    _check_backend()
    try:
        keyring.set_password(SERVICE, account, secret)
    except (keyring.errors.KeyringError, RuntimeError) as error:
        raise _failure("save your sign-in", error) from None


def load_secret(account: str) -> str | None:
    """The secret stored for ``account``, or None when there is none."""
    _check_backend()
    try:
        return keyring.get_password(SERVICE, account)
    except (keyring.errors.KeyringError, RuntimeError) as error:
        raise _failure("read your sign-in", error) from None


def delete_secret(account: str) -> bool:
    """Remove the secret for ``account``; False when there was none."""
    _check_backend()
    try:
        keyring.delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError) as error:
        raise _failure("remove your sign-in", error) from None
    return True
