"""Where RunLift's bundled resources live: one function for a checkout, a wheel and a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding exercises.toml, the demo plan and the icons."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:  # PyInstaller one-folder bundle
        candidates.append(Path(bundle) / "resources")
    candidates.append(_PACKAGE_DIR / "_resources")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent.parent / "resources")  # source checkout
    for folder in candidates:
        if (folder / "exercises.toml").is_file():
            return folder
    raise FileNotFoundError("RunLift's resources folder is missing; reinstall RunLift")


def resource_path(name: str) -> Path:
    """The path of one bundled resource, e.g. ``resource_path("exercises.toml")``."""
    return resources_dir() / name


def guide_path(name: str) -> Path:
    """A guide from ``docs/`` shipped with the app, e.g. ``guide_path("google-setup.md")``."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "docs"] if bundle else []  # PyInstaller bundle
    candidates.append(_PACKAGE_DIR / "_docs")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent.parent / "docs")  # source checkout
    for folder in candidates:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"RunLift's guide {name} is missing; reinstall RunLift")
