"""The calendar services a runner can pick instead of typing a CalDAV address.

Kept apart from the CalDAV client so that the command line and the window can list them
without loading the client's HTTP library.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    """A calendar service the runner can pick instead of typing an address."""

    label: str
    address: str  # "{host}" where the runner's own server goes
    password_help: str


PROVIDERS: dict[str, Provider] = {
    "icloud": Provider(
        "iCloud",
        "https://caldav.icloud.com/",
        "an app-specific password from account.apple.com (Sign-In and Security)",
    ),
    "fastmail": Provider(
        "Fastmail",
        "https://caldav.fastmail.com/dav/",
        "an app password from Fastmail's Settings → Privacy & Security",
    ),
    "nextcloud": Provider(
        "Nextcloud",
        "https://{host}/remote.php/dav",
        "an app password from Nextcloud's Personal settings → Security",
    ),
    "other": Provider("Other CalDAV server", "{host}", "the password your server gives apps"),
}
