"""A CalDAV account: the server address, the user name, the app password in the keyring.

The address comes from a provider (iCloud, Fastmail, Nextcloud) or the runner; where the runner
gives only a host, ``caldav_discovery`` follows its ``/.well-known/caldav`` (RFC 6764). Only
``https://`` is accepted, except for a server on this computer (loopback), and certificates are
verified. The password is kept only in the OS keyring, one entry per account; the address and
user name (no secret) are remembered in the config folder. No error message repeats the password.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import niquests
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error
from lxml import etree

from runlift.errors import AuthError, RemoteError, SettingsError
from runlift.publish.caldav.discovery import (
    FULL_ADDRESS_HELP,
    REDIRECTS,
    Discovery,
    discover,
    is_loopback,
)
from runlift.publish.caldav.providers import PROVIDERS
from runlift.storage.paths import load_caldav_account, save_caldav_account
from runlift.storage.secrets import delete_secret, load_secret, save_secret

TIMEOUT_SECONDS = 60
SETUP_DOC = "docs/caldav-setup.md"

# The client logs request bodies and auth negotiation at DEBUG: keep our events and the
# Authorization header out of every log.
for _talkative in ("caldav", "niquests", "urllib3", "urllib3_future"):
    logging.getLogger(_talkative).setLevel(logging.WARNING)


NO_PASSWORD = "none"  # the account's auth when the server asks for no password


@dataclass(frozen=True)
class CalDavAccount:
    """Where to connect and as whom; the password is not part of it."""

    url: str
    user: str
    provider: str = "other"
    # "basic" or "digest", learned at login, so a push needs no 401 round trip; "none" for a
    # server that takes the user name with no password (nothing in the keyring then)
    auth: str = ""

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc

    @property
    def keyring_name(self) -> str:
        """One keyring entry per account."""
        return f"caldav:{self.user}@{self.host}"

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "user": self.user, "provider": self.provider, "auth": self.auth}

    @classmethod
    def from_json(cls, data: Any) -> CalDavAccount | None:
        if not isinstance(data, dict) or not all(
            isinstance(data.get(key), str) for key in ("url", "user")
        ):
            return None
        return cls(
            data["url"], data["user"], str(data.get("provider", "other")), str(data.get("auth", ""))
        )


def server_address(provider: str, url: str | None) -> str:
    """The address to connect to, from a provider and/or the runner's address (or host)."""
    chosen = PROVIDERS.get(provider)
    if chosen is None:
        raise SettingsError("provider", f"unknown provider {provider!r}: {', '.join(PROVIDERS)}")
    if "{host}" not in chosen.address:
        address = url or chosen.address
    elif not url:
        raise SettingsError("url", f"{chosen.label} needs your server's address (--url)")
    elif chosen.address == "{host}":
        address = url
    else:
        address = chosen.address.format(host=_bare_host(url))
    check_address(address)
    return address


def _bare_host(url: str) -> str:
    parts = urllib.parse.urlsplit(url if "://" in url else "https://" + url)
    return (parts.netloc + parts.path).rstrip("/").removesuffix("/remote.php/dav")


def check_address(address: str) -> None:
    """``https://`` (or a bare host, found by discovery over TLS); ``http://`` only to loopback."""
    if "://" not in address:
        if not address.strip() or "/" in address or " " in address:
            raise SettingsError("url", f"{address!r} is not a server address")
        return
    parts = urllib.parse.urlsplit(address)
    if parts.username or parts.password:
        raise SettingsError("url", "put the user name in --user, not in the address")
    if not parts.hostname:
        raise SettingsError("url", f"{address!r} has no host name")
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname)):
        return
    raise SettingsError(
        "url", f"only https:// addresses are accepted (or http:// to this computer): {address}"
    )


# --- Connecting ---------------------------------------------------------------------------


class RequestCounter:
    """Counts every HTTP request the clients of one push send (an auth challenge too)."""

    def __init__(self) -> None:
        self.sent = 0
        self._lock = threading.Lock()

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.sent += 1
        return response


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def _shown_address(url: str) -> str:
    """An address as the runner may read it: no user info, no query."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def refuse_other_host(response: Any, *args: Any, **kwargs: Any) -> Any:
    """Stops a redirect to another host (scheme, host or port) before it is followed: the
    password is only ever sent to the address the runner logged in to. A redirect within the
    same host is followed as usual."""
    location = response.headers.get("Location") if response.status_code in REDIRECTS else None
    if not location:
        return response
    here = str(response.url or "")
    there = urllib.parse.urljoin(here, str(location))
    if _origin(here) == _origin(there):
        return response
    response.close()
    raise OtherHostRedirect(here, there)


class OtherHostRedirect(RemoteError):
    def __init__(self, here: str, there: str) -> None:
        here_host, there_host = (
            urllib.parse.urlsplit(url).netloc.rpartition("@")[2] for url in (here, there)
        )
        if here_host == there_host:  # the same host, another scheme
            here_host, there_host = _shown_address(here), _shown_address(there)
        super().__init__(
            f"{here_host} sends RunLift on to {there_host} ({_shown_address(there)}); RunLift "
            "does not send your password there: use that address if it is your provider's "
            f"(see {SETUP_DOC})"
        )


@dataclass(frozen=True)
class Connection:
    """An account with its password: makes clients (one per thread: each keeps its connection
    alive) that share one request counter."""

    account: CalDavAccount
    password: str = field(repr=False)
    counter: RequestCounter = field(default_factory=RequestCounter, compare=False)

    def client(self) -> DAVClient:
        client = DAVClient(
            url=self.account.url,
            username=self.account.user,
            password=self.password,
            auth_type=None if self.account.auth in ("", NO_PASSWORD) else self.account.auth,
            timeout=TIMEOUT_SECONDS,
            ssl_verify_cert=True,
            enable_rfc6764=False,  # ours is caldav_discovery: the library's knows only port 443
            rate_limit_handle=False,  # 429/503 are ours to wait for: a cancel ends the pause
        )
        client.session.hooks["response"].extend([self.counter, refuse_other_host])
        return client


def login(
    provider: str, url: str | None, user: str, password: str, *, remember: bool = True
) -> CalDavAccount:
    """Check the account against the server, then keep the password and the address.

    Nothing is stored when the server refuses: a typo never replaces a working login.
    """
    if not user.strip():
        raise SettingsError("user", "give the account's user name (--user)")
    address = server_address(provider, url)
    with translated_errors(address):
        # Only an address the runner typed is discovered: a provider's is already the service's.
        found = discover(address, TIMEOUT_SECONDS) if url else Discovery(address)
    with translated_errors(found.address, found.fell_back):
        client = Connection(CalDavAccount(found.address, user, provider), password).client()
        client.get_principal()  # needs the password: proves the account works
        auth = _auth_type(client) if password else NO_PASSWORD
        account = CalDavAccount(str(client.url), user, provider, auth)
    if remember:
        if password:  # a server that asks for none needs no keyring
            load_secret(account.keyring_name)  # no usable keyring: say so before saving
            save_secret(account.keyring_name, password)
        save_caldav_account(account.to_json())
    return account


def _auth_type(client: DAVClient) -> str:
    if isinstance(client.auth, niquests.auth.HTTPDigestAuth):
        return "digest"
    return "basic" if client.auth is not None else ""


def stored_account() -> CalDavAccount | None:
    """The account logged in to, or None."""
    return CalDavAccount.from_json(load_caldav_account())


def connect() -> Connection:
    """The logged-in account with its password from the keyring; AuthError when there is none."""
    account = stored_account()
    if account is None:
        raise AuthError("not logged in to a CalDAV account; run `runlift caldav login --user …`")
    if account.auth == NO_PASSWORD:
        return Connection(account, "")
    password = load_secret(account.keyring_name)
    if password is None:
        raise AuthError(
            f"the password for {account.user} is not in the keyring any more; "
            "run `runlift caldav login` again"
        )
    return Connection(account, password)


def logout() -> CalDavAccount | None:
    """Forget the account and remove its password from the keyring; the account, or None."""
    account = stored_account()
    if account is not None:
        if account.auth != NO_PASSWORD:
            delete_secret(account.keyring_name)
        save_caldav_account(None)
    return account


# --- Errors in the runner's words ---------------------------------------------------------


@contextlib.contextmanager
def translated_errors(address: str, fell_back: str = "") -> Iterator[None]:
    """Turns the client's and the network's exceptions into RunLift's, never with a secret.

    ``fell_back`` is why discovery left the runner's address as it was: said with a failure
    that is not about the password, since then neither address led to a CalDAV server.
    """
    try:
        yield
    except Exception as error:
        translated = translate(error, address)
        if translated is None:
            raise
        if fell_back and isinstance(translated, RemoteError):
            translated = RemoteError(
                f"{translated}. RunLift also looked for a CalDAV address there, but {fell_back}: "
                f"{FULL_ADDRESS_HELP}"
            )
        raise translated from None


def translate(error: Exception, address: str) -> AuthError | RemoteError | None:
    host = urllib.parse.urlsplit(address).netloc or address
    if isinstance(error, dav_error.AuthorizationError) and error.status == 403:
        return RemoteError(f"{host} does not let this account change that calendar (403)")
    if isinstance(error, dav_error.AuthorizationError):
        return AuthError(
            f"{host} refused the user name or password. Use an app-specific password, not "
            f"your account password (see {SETUP_DOC}), and run `runlift caldav login` again"
        )
    if isinstance(error, niquests.exceptions.SSLError):
        return RemoteError(f"the certificate of {host} cannot be verified; nothing was sent")
    if isinstance(error, niquests.exceptions.RequestException | OSError):
        return RemoteError(f"cannot reach {host}: check the address and the connection")
    if isinstance(error, dav_error.DAVError):
        return RemoteError(f"{host} answered in a way RunLift cannot use ({type(error).__name__})")
    if isinstance(error, etree.XMLSyntaxError | etree.ParserError):
        return RemoteError(f"{host} answered with broken XML (cut off?); nothing more was sent")
    return None
