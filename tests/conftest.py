"""Test-wide set-up: hypothesis profiles (CI runs the larger one, `make fuzz` the largest)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.keyrings import memory_keyring

# New plans take the machine's timezone; the tests pin it so their expectations hold anywhere.
os.environ["TZ"] = "UTC"

# CI draws the same 300 examples every run (a failure there is reproducible, never a flake);
# the dev profile, and longer local runs with --hypothesis-seed, explore new ones.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(  # `make fuzz`: the CLI fuzz at length
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

__all__ = ["memory_keyring"]  # shared fixture, found by pytest through this module
