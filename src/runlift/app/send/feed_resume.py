"""Which plans' feeds were serving when the window let them go: RunLift starts them again.

A subscribed calendar polls the feed for months. If the feed stayed off after a restart until
the runner pressed Start, the subscription would fail in between and nobody would know. So
this computer's app settings remember, next to each plan's kept port (``publish.feed_port``),
the plans whose feed is on. A start adds the plan. The runner's Stop takes it out. Closing the
window changes nothing. The sharing switch keeps its own setting for the next start (the
feed panel's ``SHARING_KEY``), so a resumed feed is shared the way it was.

This module loads nothing of the feed itself: the window asks it at start-up.
"""

from __future__ import annotations

import contextlib

from runlift.storage.paths import load_app_settings, save_app_settings

SERVING_KEY = "feed_serving"  # in the app settings: plan uuids, oldest first


def serving_plans() -> list[str]:
    """The plans whose feed was on when it was last let go (unreadable entries are skipped)."""
    kept = load_app_settings().get(SERVING_KEY)
    return [plan for plan in kept if isinstance(plan, str)] if isinstance(kept, list) else []


def was_serving(plan_uuid: str) -> bool:
    return plan_uuid in serving_plans()


def remember_serving(plan_uuid: str, serving: bool) -> None:
    """Record that this plan's feed is on (a start) or off (the runner's Stop).

    Only plans that still keep a port stay on the list: a plan whose port was given up
    (``feed_port.KEPT_PLANS``) cannot get its old address back, and the list stays short.
    A settings file that cannot be written is no failure: the feed itself runs.
    """
    plans = serving_plans()
    if (plan_uuid in plans) == serving:
        return  # no write on every start
    from runlift.publish.feed.port import kept_ports  # the feed is loaded once it has run

    kept = kept_ports()
    plans = [plan for plan in plans if plan != plan_uuid and plan in kept]
    if serving:
        plans.append(plan_uuid)
    with contextlib.suppress(OSError):
        save_app_settings({**load_app_settings(), SERVING_KEY: plans})
