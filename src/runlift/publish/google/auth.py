"""Signing in and talking to Google: OAuth, the keyring entry, the client, retries.

Only the refresh token and the OAuth client's id and secret are kept, as one keyring entry
(``storage.secrets``); the short-lived access token stays in memory. No token is ever written
to a file, a log or an error message.

``RUNLIFT_GOOGLE_API_ENDPOINT`` (a root laid out like Google's: ``<root>calendar/v3/``,
``<root>batch/calendar/v3``) points the client at a compatible test server and skips OAuth.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
import google_auth_httplib2
import httplib2
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import InstalledAppFlow
from googleapiclient.discovery import build
from googleapiclient.errors import BatchError, HttpError
from googleapiclient.http import BatchHttpRequest

from runlift.errors import AuthError, PublishError, RemoteError, SettingsError
from runlift.publish.google.redirect import LoopbackRedirect, refused_reason
from runlift.publish.sync.retry import Backoff
from runlift.storage.secrets import delete_secret, load_secret, save_secret

# The narrowest scope that works: RunLift sees only calendars it created itself.
SCOPE = "https://www.googleapis.com/auth/calendar.app.created"
ACCOUNT = "google"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
GOOGLE_REVOKE_URI = "https://oauth2.googleapis.com/revoke"
ENDPOINT_ENV = "RUNLIFT_GOOGLE_API_ENDPOINT"
GOOGLE_ROOT = "https://www.googleapis.com/"
SIGN_IN_TIMEOUT = 300  # seconds to wait for the browser to come back from Google
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})

# These libraries log whole token responses at DEBUG level, and google_auth_oauthlib's loopback
# server logs the request that carries the one-time authorization code at INFO: keep tokens and
# codes out of every log.
_TOKEN_LOGGERS = (
    "requests_oauthlib", "oauthlib", "google.auth", "google.oauth2", "google_auth_oauthlib",
)  # fmt: skip
for _talkative in _TOKEN_LOGGERS:
    logging.getLogger(_talkative).setLevel(logging.WARNING)

_SIGN_IN_AGAIN = (
    "Google no longer accepts RunLift's sign-in (it was revoked, or it expired: an OAuth app "
    "in testing mode signs you out after 7 days). Run `runlift google login` again"
)


@dataclass(frozen=True)
class StoredLogin:
    """What the keyring holds. ``repr`` leaves the secrets out."""

    refresh_token: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)
    token_uri: str = GOOGLE_TOKEN_URI

    def to_json(self) -> str:
        return json.dumps(
            {
                "refresh_token": self.refresh_token,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "token_uri": self.token_uri,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> StoredLogin:
        try:
            data = json.loads(text)
            return cls(
                data["refresh_token"], data["client_id"], data["client_secret"], data["token_uri"]
            )
        except (ValueError, KeyError, TypeError):
            raise AuthError(
                "the saved Google sign-in is damaged; run `runlift google login` again"
            ) from None

    def credentials(self) -> Credentials:
        return Credentials(  # type: ignore[no-untyped-call]
            token=None,
            refresh_token=self.refresh_token,
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_uri=self.token_uri,
            scopes=[SCOPE],
        )


def login(
    client_secrets: Path,
    *,
    open_browser: bool = True,
    timeout_seconds: int = SIGN_IN_TIMEOUT,
    show_link: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> StoredLogin:
    """Run the browser sign-in with the user's own OAuth client file and keep the result.

    ``show_link`` gets the sign-in address as soon as it is known (default: printed), for a
    runner whose browser does not open by itself; ``cancel`` ends the wait at once with a
    CancelledError. A sign-in the user abandons in the browser ends after ``timeout_seconds``
    with an AuthError, instead of waiting for the redirect forever.
    """
    flow = _flow(client_secrets)
    load_secret(ACCOUNT)  # no usable keyring: say so before the browser round trip
    with LoopbackRedirect() as redirect:
        flow.redirect_uri = redirect.uri
        try:
            link, _state = flow.authorization_url()
        except Exception as error:  # oauthlib's: e.g. a client file with an http:// address
            raise AuthError(f"cannot start the Google sign-in ({type(error).__name__})") from None
        (show_link or _print_link)(link)
        if open_browser:
            with contextlib.suppress(webbrowser.Error):  # none to open: the link was shown
                webbrowser.get().open(link, new=1, autoraise=True)
        answer = redirect.wait(timeout_seconds, cancel)
    refused = refused_reason(answer)
    if refused:
        raise AuthError(f"Google sign-in was not allowed in the browser ({refused})")
    try:
        # https: oauthlib accepts the answer only as if it came over TLS (the library does so)
        flow.fetch_token(authorization_response=answer.replace("http://", "https://", 1))
    except Exception as error:  # the flow raises oauthlib's and requests' errors alike
        raise AuthError(f"Google sign-in did not finish ({type(error).__name__})") from None
    credentials = flow.credentials
    if not credentials.refresh_token:
        raise AuthError("Google did not hand out a refresh token; sign in again")
    stored = StoredLogin(
        credentials.refresh_token,
        credentials.client_id,
        credentials.client_secret,
        credentials.token_uri or GOOGLE_TOKEN_URI,
    )
    save_secret(ACCOUNT, stored.to_json())
    return stored


def _print_link(link: str) -> None:
    print(f"If no browser opens, open this address to sign in:\n{link}", flush=True)


def _flow(client_secrets: Path) -> InstalledAppFlow:
    try:
        return InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=[SCOPE])
    except OSError as error:
        raise SettingsError(
            "client-secrets", f"cannot read {client_secrets}: {error.strerror}"
        ) from None
    except ValueError:
        raise SettingsError(
            "client-secrets",
            f"{client_secrets} is not an OAuth client file for a Desktop app "
            "(see docs/google-setup.md)",
        ) from None


def stored_login() -> StoredLogin | None:
    """The saved sign-in, or None when the user has not signed in."""
    text = load_secret(ACCOUNT)
    return StoredLogin.from_json(text) if text else None


def signed_in_credentials() -> Credentials:
    """Fresh credentials from the saved sign-in; AuthError when there is none or it is dead."""
    stored = stored_login()
    if stored is None:
        raise AuthError("not signed in to Google; run `runlift google login --client-secrets FILE`")
    credentials = stored.credentials()
    refresh(credentials)
    if credentials.refresh_token and credentials.refresh_token != stored.refresh_token:
        # Google may hand out a new refresh token; only the newest one keeps working.
        save_secret(ACCOUNT, StoredLogin(credentials.refresh_token, *_client(stored)).to_json())
    return credentials


def _client(stored: StoredLogin) -> tuple[str, str, str]:
    return stored.client_id, stored.client_secret, stored.token_uri


def refresh(credentials: Credentials) -> None:
    """A new access token, or the reason in words (never the token)."""
    try:
        credentials.refresh(google.auth.transport.requests.Request())  # type: ignore[no-untyped-call]
    except google.auth.exceptions.RefreshError as error:
        raise auth_error(error) from None
    except google.auth.exceptions.TransportError:
        raise RemoteError("cannot reach Google to sign in; check the connection") from None


def auth_error(error: google.auth.exceptions.RefreshError) -> AuthError:
    """The runner's words for a refused refresh (revoked or expired means: sign in again)."""
    if "invalid_grant" in str(error) or "invalid_client" in str(error):
        return AuthError(_SIGN_IN_AGAIN)
    return AuthError("Google refused RunLift's sign-in; run `runlift google login` again")


def logout(*, revoke_uri: str | None = None) -> tuple[bool, bool]:
    """Revoke the sign-in at Google and forget it here: (was signed in, revoked at Google)."""
    stored = stored_login()
    if stored is None:
        return False, False
    revoked = _revoke(stored.refresh_token, revoke_uri or GOOGLE_REVOKE_URI)
    delete_secret(ACCOUNT)
    return True, revoked


def _revoke(token: str, revoke_uri: str) -> bool:
    data = urllib.parse.urlencode({"token": token}).encode()
    request = urllib.request.Request(
        revoke_uri, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError):
        return False  # already revoked, or offline: the keyring entry goes anyway


# --- The Calendar client, its errors and retries -----------------------------------------


class _CountingHttp(httplib2.Http):  # type: ignore[misc]
    """httplib2 that counts the HTTP requests it sends (a batch is one request)."""

    sent = 0

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.sent += 1
        return super().request(*args, **kwargs)


@dataclass(frozen=True)
class CalendarApi:
    """The Calendar client, its batch endpoint and the request counter."""

    service: Any
    batch_uri: str
    counter: _CountingHttp

    def new_batch(self) -> BatchHttpRequest:
        # new_batch_http_request() ignores a custom endpoint; build it from our root instead.
        return BatchHttpRequest(batch_uri=self.batch_uri)


def open_api() -> CalendarApi:
    """The client for Google, or for the test server named by RUNLIFT_GOOGLE_API_ENDPOINT."""
    counter = _CountingHttp(timeout=60)
    root = os.environ.get(ENDPOINT_ENV, "")
    transport: httplib2.Http | google_auth_httplib2.AuthorizedHttp = counter
    if root:
        root = root if root.endswith("/") else root + "/"
    else:
        root = GOOGLE_ROOT
        transport = google_auth_httplib2.AuthorizedHttp(signed_in_credentials(), http=counter)
    service = build(
        "calendar",
        "v3",
        http=transport,
        static_discovery=True,
        client_options={"api_endpoint": root + "calendar/v3/"},
    )
    return CalendarApi(service, root + "batch/calendar/v3", counter)


def remote_error(error: HttpError) -> PublishError:
    status = error.resp.status if error.resp is not None else 0
    message = _google_message(error)
    if status == 401:
        return AuthError("Google refused RunLift's sign-in; run `runlift google login` again")
    return RemoteError(f"Google Calendar answered {status}: {message}")


def _google_message(error: HttpError) -> str:
    try:
        data = json.loads(error.content)
        return str(data["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return error.resp.reason if error.resp is not None else "no answer"


def transient(error: BaseException) -> bool:
    """Worth sending again: 429, 5xx, rate-limit 403s, a short batch answer, a dropped line."""
    if isinstance(error, BatchError):
        return True
    if isinstance(error, HttpError):
        status = error.resp.status if error.resp is not None else 0
        if status == 403:
            return _reason(error) in RATE_LIMIT_REASONS
        return status == 429 or status >= 500
    return isinstance(error, httplib2.HttpLib2Error | OSError | http.client.HTTPException)


def _reason(error: HttpError) -> str:
    try:
        return str(json.loads(error.content)["error"]["errors"][0]["reason"])
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


@dataclass(frozen=True)
class Retry(Backoff):
    """The shared back-off, sending one Calendar API call again after transient failures."""

    def execute(self, request: Any) -> Any:
        """One call, sent again after transient failures."""
        for attempt in range(self.attempts):
            self.check_cancel()
            try:
                return request.execute(num_retries=0)
            except Exception as error:
                if not transient(error):
                    raise
                if attempt + 1 == self.attempts:
                    raise self.gave_up() from None
            self.pause(attempt)
        raise AssertionError("unreachable")

    def gave_up(self) -> RemoteError:
        return RemoteError(
            f"Google Calendar stayed busy or unreachable after {self.attempts} tries; "
            "push again later to finish (nothing is duplicated)"
        )
