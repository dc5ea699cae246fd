"""Finding a Garmin watch plugged in over USB, and copying workouts onto it.

A Garmin in USB mass-storage mode is a removable volume with a ``GARMIN`` folder; a workout
file dropped into ``GARMIN/NewFiles`` is imported by the watch when it is unplugged. Newer
watches speak MTP only: they are not a folder the app can write to (on Linux, GVFS shows them
under ``/run/user/UID/gvfs/mtp:host=…``), so for those RunLift says where the files are and how
to copy them. Every place looked at is a parameter, so tests use fake mount trees.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import string
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from runlift.errors import PublishError

GARMIN_VENDOR_ID = "091e"  # Garmin's USB vendor id, part of an MTP device's GVFS name
_DEVICE_XML_LIMIT = 256 * 1024


@dataclass(frozen=True)
class Watch:
    """A watch mounted as a drive: its volume, its ``GARMIN`` folder and its model name."""

    volume: Path
    garmin: Path
    model: str

    @property
    def label(self) -> str:
        return f"{self.model} ({self.volume})"


@dataclass(frozen=True)
class WatchSearch:
    """What a look for watches found: mounted watches, and MTP-only ones (names only)."""

    watches: tuple[Watch, ...]
    mtp_devices: tuple[str, ...] = ()


def volume_parents(
    platform: str = sys.platform, env: Mapping[str, str] | None = None
) -> tuple[Path, ...]:
    """The folders removable volumes are mounted in (none on Windows: drives are letters)."""
    env = os.environ if env is None else env
    if platform.startswith("win"):
        return ()
    if platform == "darwin":
        return (Path("/Volumes"),)
    user = env.get("USER") or env.get("LOGNAME") or ""
    # udisks mounts in /media/USER or /run/media/USER; usbmount and older set-ups in /media.
    return (Path("/media") / user, Path("/run/media") / user, Path("/media"))


def drive_letters(platform: str = sys.platform) -> tuple[Path, ...]:
    """Windows drives from D: on (A-C are floppies and the system disk)."""
    if not platform.startswith("win"):
        return ()
    return tuple(Path(f"{letter}:\\") for letter in string.ascii_uppercase[3:])


def volumes_under(parents: Sequence[Path]) -> tuple[Path, ...]:
    """The volumes mounted in ``parents``; a parent inside another (``/media/USER``) is none."""
    volumes: list[Path] = []
    for parent in parents:
        try:
            children = sorted(p for p in parent.iterdir() if p.is_dir())
        except OSError:  # not there or not readable
            continue
        volumes += [c for c in children if c not in parents and c not in volumes]
    return tuple(volumes)


def mtp_root(platform: str = sys.platform, uid: int | None = None) -> Path | None:
    """Where GVFS shows MTP devices (Linux only)."""
    if not platform.startswith("linux"):
        return None
    return Path(f"/run/user/{os.getuid() if uid is None else uid}/gvfs")


def find_watches(volumes: Sequence[Path], mtp: Path | None = None) -> WatchSearch:
    """The Garmin watches among ``volumes`` (a ``GARMIN`` folder), and MTP ones under ``mtp``."""
    watches = []
    for volume in dict.fromkeys(volumes):  # once each, in order
        garmin = _child_folder(volume, "GARMIN")
        if garmin is not None:
            watches.append(Watch(volume, garmin, _model(garmin)))
    return WatchSearch(tuple(watches), _mtp_devices(mtp))


def _child_folder(folder: Path, name: str) -> Path | None:
    """``folder/name`` in any letter case (FAT volumes keep the case they were given)."""
    try:
        for child in folder.iterdir():
            if child.name.casefold() == name.casefold() and child.is_dir():
                return child
    except OSError:
        return None
    return None


def _model(garmin: Path) -> str:
    """The model from ``GarminDevice.xml`` ("Forerunner 255"), or "Garmin watch"."""
    path = garmin / "GarminDevice.xml"
    try:
        with path.open("rb") as handle:
            root = ElementTree.fromstring(handle.read(_DEVICE_XML_LIMIT))
    except (OSError, ElementTree.ParseError):
        return "Garmin watch"
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "Description" and (element.text or "").strip():
            return (element.text or "").strip()
    return "Garmin watch"


def _mtp_devices(mtp: Path | None) -> tuple[str, ...]:
    if mtp is None:
        return ()
    try:
        names = sorted(p.name for p in mtp.iterdir())
    except OSError:
        return ()
    return tuple(
        n
        for n in names
        if n.startswith("mtp:") and (GARMIN_VENDOR_ID in n or "garmin" in n.lower())
    )


def search_here() -> WatchSearch:
    """Look in this machine's usual places."""
    return find_watches(volumes_under(volume_parents()) + drive_letters(), mtp_root())


def send_to_watch(files: Iterable[Path], watch: Watch) -> tuple[Path, ...]:
    """Copy the files into the watch's ``GARMIN/NewFiles``; it imports them when unplugged.

    Each file is copied under a temp name the watch does not import (``.name.part``) and
    renamed once whole: a watch that fills up or is unplugged mid-copy keeps no cut-off
    workout (the partial file is removed), and a link planted there is never written through.
    """
    new_files = _child_folder(watch.garmin, "NewFiles") or watch.garmin / "NewFiles"
    copied = []
    try:
        new_files.mkdir(exist_ok=True)
        for path in files:
            target = new_files / path.name
            if target.is_symlink():
                raise PublishError(f"{target} is a link RunLift did not make: nothing was copied")
            partial = new_files / f".{path.name}.part"
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()  # left by a copy cut short, or planted: never written through
            try:
                shutil.copyfile(path, partial, follow_symlinks=False)
                os.replace(partial, target)
            finally:
                with contextlib.suppress(OSError):
                    partial.unlink()
            copied.append(target)
    except OSError as error:
        raise PublishError(
            f"cannot copy onto the watch at {watch.volume}: {error.strerror or error}"
        ) from None
    return tuple(copied)


def copy_by_hand(folder: Path, search: WatchSearch) -> str:
    """What to tell the runner when no watch is mounted as a drive."""
    if search.mtp_devices:
        found = "Your Garmin is connected over MTP, which RunLift cannot write to."
    else:
        found = "No Garmin watch is mounted as a USB drive."
    return (
        f"{found} The workout files are in {folder}. Copy them into GARMIN/NewFiles on the "
        "watch with a file manager (Windows Explorer or a Linux file manager open an MTP watch "
        "as a device: Internal Storage → GARMIN → NewFiles; on macOS use OpenMTP or Android "
        "File Transfer), then unplug the watch: it imports them into its workouts."
    )
