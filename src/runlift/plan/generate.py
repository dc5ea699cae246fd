"""Settings → Plan. Deterministic: the same settings give the same plan, byte for byte."""

from __future__ import annotations

from datetime import date

from runlift.plan.model import Plan, Settings


def generate(settings: Settings, today: date) -> Plan:
    """Build the plan; raises SettingsError for settings no plan can be built from."""
    raise NotImplementedError
