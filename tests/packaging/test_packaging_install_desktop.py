"""`make install-desktop`: the menu entry, metainfo and icons land under $XDG_DATA_HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_layout import APP_ID, ROOT

SCRIPT = ROOT / "packaging" / "install_desktop.sh"


def _install(data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    env.pop("RUNLIFT_GUI", None)
    return subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def launcher(tmp_path: Path) -> Path:
    """A stand-in runlift-gui in a folder whose name has a space, as on many home folders."""
    path = tmp_path / "My Apps" / "runlift-gui"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def _entry(data_home: Path) -> dict[str, str]:
    text = (data_home / "applications" / f"{APP_ID}.desktop").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_points_the_entry_at_the_launcher(tmp_path: Path, launcher: Path) -> None:
    data_home = tmp_path / "share"
    done = _install(data_home, str(launcher))
    assert done.returncode == 0, done.stderr
    entry = _entry(data_home)
    assert entry["Exec"] == f'"{launcher}" %f'  # quoted: the path has a space
    assert entry["TryExec"] == str(launcher)
    assert entry["Icon"] == APP_ID
    assert (data_home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (data_home / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    png = data_home / "icons/hicolor/48x48/apps" / f"{APP_ID}.png"
    assert png.read_bytes() == (ROOT / "resources/icons/runlift-48.png").read_bytes()


@pytest.mark.usefixtures("validators")
def test_installed_entry_is_still_valid(tmp_path: Path, launcher: Path) -> None:
    data_home = tmp_path / "share"
    assert _install(data_home, str(launcher)).returncode == 0
    installed = data_home / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run(
        ["desktop-file-validate", str(installed)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _mime_types(entry: dict[str, str]) -> list[str]:
    return [kind for kind in entry["MimeType"].split(";") if kind]


@pytest.mark.usefixtures("validators")
def test_install_registers_the_plan_file_type(tmp_path: Path, launcher: Path) -> None:
    data_home = tmp_path / "share"
    assert _install(data_home, str(launcher)).returncode == 0
    globs = (data_home / "mime" / "globs2").read_text().splitlines()
    assert any(line.endswith(":application/x-runlift:*.runlift") for line in globs)
    assert _mime_types(_entry(data_home)) == ["application/x-runlift"]


def test_uninstall_removes_what_install_added(tmp_path: Path, launcher: Path) -> None:
    data_home = tmp_path / "share"
    assert _install(data_home, str(launcher)).returncode == 0
    done = _install(data_home, "--uninstall")
    assert done.returncode == 0, done.stderr
    left = [p for p in data_home.rglob("*") if p.is_file() and APP_ID in p.name]
    assert left == []


def test_install_refuses_when_no_launcher_exists(tmp_path: Path) -> None:
    # A copy of the checkout with no bundle, no virtualenv and no runlift-gui on PATH.
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "packaging", checkout / "packaging")
    shutil.copytree(ROOT / "resources" / "icons", checkout / "resources" / "icons")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "s")}
    done = subprocess.run(
        ["bash", str(checkout / "packaging" / "install_desktop.sh"), str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "no runlift-gui found" in done.stderr
    assert not (tmp_path / "s" / "applications" / f"{APP_ID}.desktop").exists()
