"""Building the Send panels on first use: each loads its calendar or watch code only then."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from runlift.app.document.state import OpenDocument


def build_feed_panel(state: OpenDocument, save: Callable[[], bool]) -> QWidget:
    from runlift.app.send.feed import FeedPanel

    panel = FeedPanel(state)
    panel.save_document = save
    return panel


def build_google_panel(state: OpenDocument) -> QWidget:
    from runlift.app.send.google import GooglePanel

    return GooglePanel(state)


def build_caldav_panel(state: OpenDocument) -> QWidget:
    from runlift.app.send.caldav import CalDavPanel

    return CalDavPanel(state)


def build_watch_panel(state: OpenDocument) -> QWidget:
    from runlift.app.send.watch import WatchPanel

    return WatchPanel(state)
