"""The feed's port, chosen once per plan and kept: a phone's subscription keeps its address.

A subscribed calendar polls ``http://<host>:<port>/feed/<token>/plan.ics`` for months; a port
that changed on every start would leave it polling a dead address without a word. So each plan
gets its port once, from ``DEFAULT_PORT`` on (skipping the ports other plans keep), and this
computer's app settings remember it (plan uuid → port), for the window and ``runlift serve``
alike. Only when another program holds the kept port does the feed move, to the next free one;
the new port is kept from then on and the caller tells the runner to subscribe again.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from runlift.errors import FeedError
from runlift.publish.feed.server import LOOPBACK, FeedServer, PortTakenError, feed_path
from runlift.storage.paths import load_app_settings, save_app_settings

# Below every system's range of ports for outgoing connections (Linux from 32768, Windows
# and macOS from 49152): a connection's passing use of the port can never move the feed.
DEFAULT_PORT = 18730
PORT_RANGE = 100  # ports tried after the default before the system picks any free one
SETTINGS_KEY = "feed_ports"
KEPT_PLANS = 50  # the most recently served plans keep their ports


@dataclass(frozen=True)
class ServedPort:
    """Where the feed was started; ``moved_from`` is the kept port another program held."""

    port: int
    moved_from: int | None = None


def kept_ports() -> dict[str, int]:
    """plan uuid → port, as remembered on this computer (unreadable entries are skipped)."""
    kept = load_app_settings().get(SETTINGS_KEY)
    if not isinstance(kept, dict):
        return {}
    return {
        str(plan): port
        for plan, port in kept.items()
        if isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536
    }


def kept_port(plan_uuid: str) -> int:
    """This plan's port: the remembered one, else the first one no other plan keeps."""
    kept = kept_ports()
    return kept.get(plan_uuid) or _candidates(set(kept.values()))[0]


def remember_port(plan_uuid: str, port: int) -> None:
    """Keep ``port`` for this plan (a convenience: an unwritable settings file is no failure)."""
    kept = kept_ports()
    if kept.get(plan_uuid) == port:
        return  # no write on every start
    kept.pop(plan_uuid, None)
    newest = [*kept.items(), (plan_uuid, port)][-KEPT_PLANS:]  # throw-away plans drop out
    with contextlib.suppress(OSError):
        save_app_settings({**load_app_settings(), SETTINGS_KEY: dict(newest)})


def start_on_kept_port(server: FeedServer, plan_uuid: str, token: str, host: str) -> ServedPort:
    """Serve on this plan's kept port; if another program holds it, on the next free one.

    FeedError when this very plan is already being served there (another window or
    ``runlift serve``): moving would only strand the phones subscribed to it.
    """
    port = kept_port(plan_uuid)
    try:
        server.start(host, port)
    except PortTakenError:
        if _serves_this_plan(port, token):
            url = f"http://{LOOPBACK}:{port}{feed_path(token, 'plan.ics')}"
            raise FeedError(
                f"this plan's feed is already being served at {url} (by another RunLift "
                "window or `runlift serve`); stop that one first"
            ) from None
        others = set(kept_ports().values()) - {port}
        moved = _start_on_free_port(server, host, others)
        remember_port(plan_uuid, moved)
        return ServedPort(moved, moved_from=port)
    remember_port(plan_uuid, port)
    return ServedPort(port)


def moved_note(served: ServedPort) -> str:
    """What to tell the runner when the feed had to leave its kept port."""
    return (
        f"Port {served.moved_from} is used by another program, so the feed moved to port "
        f"{served.port} and keeps it from now on. Calendars subscribed to the old address "
        "must subscribe again."
    )


def _candidates(taken: set[int]) -> list[int]:
    return [p for p in range(DEFAULT_PORT, DEFAULT_PORT + PORT_RANGE) if p not in taken] or [0]


def _start_on_free_port(server: FeedServer, host: str, others: set[int]) -> int:
    for port in [*_candidates(others), 0]:
        with contextlib.suppress(PortTakenError):
            server.start(host, port)
            return server.port
    raise AssertionError("unreachable: port 0 is never taken")


def _serves_this_plan(port: int, token: str) -> bool:
    """A HEAD request on this computer: does the program on ``port`` serve this feed?"""
    request = urllib.request.Request(
        f"http://{LOOPBACK}:{port}{feed_path(token, 'plan.ics')}", method="HEAD"
    )
    try:
        answer: Any
        with urllib.request.urlopen(request, timeout=2) as answer:
            ours = str(answer.headers.get("Server", "")).startswith("RunLift")
            return ours and int(answer.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False
