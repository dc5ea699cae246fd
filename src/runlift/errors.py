"""RunLift's errors: every failure a runner can meet is one of these.

    RunLiftError
    ├── SettingsError      bad input; names the field and says what to do
    ├── DocumentError      a plan document that cannot be read (corrupt, truncated, newer)
    │   └── ReadOnlyDocumentError  a write-protected document: refused, "save as" instead
    ├── PublishError       delivering the plan failed
    │   ├── AuthError      sign-in needed, revoked or impossible (no keyring backend)
    │   ├── RemoteError    the calendar service answered with an error or went away
    │   └── CancelledError the user cancelled; what was done is kept and the next run finishes
    └── FeedError          the feed server cannot start (port in use, bad address)

The command line prints the message and exits 2 for ``SettingsError`` and 1 for the rest;
the window shows the message next to the field or in a dialog.
"""

from __future__ import annotations


class RunLiftError(Exception):
    """Base of every error RunLift raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SettingsError(RunLiftError):
    """Bad settings or bad input; ``field`` is the settings key it concerns (or "")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class DocumentError(RunLiftError):
    """A plan document that cannot be read; the file is left as it was."""


class ReadOnlyDocumentError(DocumentError):
    """The document is write-protected: nothing is saved; another name is the way out."""


class PublishError(RunLiftError):
    """Delivering the plan to a calendar failed."""


class AuthError(PublishError):
    """Sign-in is needed again, was refused, or cannot be stored."""


class RemoteError(PublishError):
    """The remote calendar answered with an error, or the connection dropped."""


class CancelledError(PublishError):
    """The user cancelled; work done so far is kept and the next run completes it."""


class FeedError(RunLiftError):
    """The calendar feed server could not start or serve."""
