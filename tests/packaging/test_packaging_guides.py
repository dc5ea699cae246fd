"""The guides the window opens (docs/google-setup.md) ship in the wheel and in the bundle."""

from __future__ import annotations

import tomllib

from packaging_layout import ROOT

from runlift.app.guide import GOOGLE_SETUP
from runlift.resources import guide_path


def test_the_wheel_carries_every_guide_the_window_opens() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folder = tool["package-dir"]["runlift._docs"]
    assert "runlift._docs" in tool["packages"]
    shipped = {
        path
        for pattern in tool["package-data"]["runlift._docs"]
        for path in (ROOT / folder).glob(pattern)
    }
    assert ROOT / folder / GOOGLE_SETUP in shipped


def test_the_bundle_carries_it_too() -> None:
    spec = (ROOT / "packaging" / "runlift.spec").read_text()
    assert f'(str(ROOT / "docs" / "{GOOGLE_SETUP}"), "docs")' in spec


def test_a_checkout_finds_the_guide() -> None:
    assert guide_path(GOOGLE_SETUP) == ROOT / "docs" / GOOGLE_SETUP
