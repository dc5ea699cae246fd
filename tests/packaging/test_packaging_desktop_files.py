"""The Linux desktop entry and AppStream metainfo: valid for the tools distributions use."""

from __future__ import annotations

import configparser
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from urllib.parse import urlparse

import pytest
from packaging_layout import APP_ID, DESKTOP_FILE, LINUX, METAINFO_FILE, ROOT

from runlift import __version__


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


@pytest.mark.usefixtures("validators")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = _run("desktop-file-validate", str(DESKTOP_FILE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


@pytest.mark.usefixtures("validators")
def test_metainfo_passes_appstreamcli_validate() -> None:
    done = _run("appstreamcli", "validate", "--no-net", str(METAINFO_FILE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation was successful" in done.stdout


def test_desktop_entry_starts_the_gui_script_with_the_app_icon() -> None:
    entry = _desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert entry["Exec"].split()[0] in scripts
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


def test_metainfo_names_the_desktop_entry_and_the_current_version() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__


def test_metainfo_screenshots_are_the_ones_in_docs() -> None:
    images = [element.text or "" for element in _metainfo().iter("image")]
    names = [PurePosixPath(urlparse(url).path).name for url in images]
    assert names == ["main-window.png", "strength-details.png", "feed-panel.png"]
    for url, name in zip(images, names, strict=True):
        assert urlparse(url).path.endswith(f"/docs/screenshots/{name}")
        assert (ROOT / "docs" / "screenshots" / name).is_file(), f"docs/screenshots/{name}"


def test_metainfo_provides_the_installed_commands() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    commands = set(project["scripts"]) | set(project["gui-scripts"])
    provided = {element.text for element in _metainfo().iter("binary")}
    assert provided == commands


def test_entry_metainfo_and_mime_file_agree_on_the_plan_file_type() -> None:
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    declared = [element.get("type") for element in mime.findall("m:mime-type", namespace)]
    globs = [element.get("pattern") for element in mime.iterfind(".//m:glob", namespace)]
    assert declared == ["application/x-runlift"]
    assert globs == ["*.runlift"]
    assert _desktop_entry()["MimeType"] == "application/x-runlift;"
    assert [element.text for element in _metainfo().iter("mediatype")] == declared
    assert "%f" in _desktop_entry()["Exec"].split()  # the file opened is handed to the window
