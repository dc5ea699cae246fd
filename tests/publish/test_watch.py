"""Finding a Garmin on fake mount trees, copying into GARMIN/NewFiles, and the MTP advice."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from runlift.errors import PublishError
from runlift.publish.watch.device import (
    Watch,
    WatchSearch,
    copy_by_hand,
    drive_letters,
    find_watches,
    mtp_root,
    send_to_watch,
    volume_parents,
    volumes_under,
)

DEVICE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Device xmlns="http://www.garmin.com/xmlschemas/GarminDevice/v2">
  <Model><PartNumber>006-B3992-00</PartNumber><SoftwareVersion>1800</SoftwareVersion>
    <Description>Forerunner 255</Description></Model>
</Device>
"""


def _volume(root: Path, name: str, garmin: str = "GARMIN", xml: str | None = None) -> Path:
    volume = root / name
    (volume / garmin).mkdir(parents=True)
    if xml is not None:
        (volume / garmin / "GarminDevice.xml").write_text(xml, encoding="utf-8")
    return volume


def test_linux_media_tree_with_one_watch_among_other_drives(tmp_path: Path) -> None:
    media = tmp_path / "media" / "alice"
    _volume(media, "GARMIN", xml=DEVICE_XML)
    (media / "USB STICK" / "photos").mkdir(parents=True)
    parents = [media, tmp_path / "run" / "media" / "alice", tmp_path / "media"]
    search = find_watches(volumes_under(parents))
    assert search.watches == (
        Watch(media / "GARMIN", media / "GARMIN" / "GARMIN", "Forerunner 255"),
    )
    assert search.watches[0].label == f"Forerunner 255 ({media / 'GARMIN'})"


def test_folder_case_and_a_model_that_cannot_be_read(tmp_path: Path) -> None:
    _volume(tmp_path, "FR245", garmin="Garmin", xml="<Device><Model>")  # cut-off XML
    (watch,) = find_watches(volumes_under([tmp_path])).watches
    assert watch.garmin.name == "Garmin" and watch.model == "Garmin watch"


def test_a_drive_letter_is_itself_the_volume(tmp_path: Path) -> None:
    drive = _volume(tmp_path, "E")
    (watch,) = find_watches([drive, tmp_path / "F-not-plugged-in"]).watches
    assert watch.volume == drive


def test_no_watch_and_unreadable_parents(tmp_path: Path) -> None:
    (tmp_path / "media" / "bob" / "DISK").mkdir(parents=True)
    volumes = volumes_under([tmp_path / "media" / "bob", tmp_path / "missing"])
    assert volumes == (tmp_path / "media" / "bob" / "DISK",)
    assert find_watches(volumes) == WatchSearch(watches=())


def test_the_user_folder_in_media_is_no_volume(tmp_path: Path) -> None:
    # /media/carol holds a volume called GARMIN: /media/carol itself is not a watch.
    media = tmp_path / "media"
    _volume(media / "carol", "GARMIN")
    _volume(media, "usb0")  # usbmount's /media/usb0
    volumes = volumes_under([media / "carol", media])
    assert volumes == (media / "carol" / "GARMIN", media / "usb0")
    search = find_watches([*volumes, media / "carol" / "GARMIN"])
    assert [w.volume for w in search.watches] == list(volumes)


def test_a_garmin_over_mtp_is_named_not_mounted(tmp_path: Path) -> None:
    gvfs = tmp_path / "gvfs"
    (gvfs / "mtp:host=091e_4f42_0000c0ffee12").mkdir(parents=True)
    (gvfs / "mtp:host=SAMSUNG_Galaxy").mkdir()
    (gvfs / "smb-share:server=nas").mkdir()
    search = find_watches(volumes_under([tmp_path / "media"]), gvfs)
    assert search.watches == ()
    assert search.mtp_devices == ("mtp:host=091e_4f42_0000c0ffee12",)
    advice = copy_by_hand(tmp_path / "out", search)
    assert "MTP" in advice and str(tmp_path / "out") in advice and "GARMIN/NewFiles" in advice


def test_advice_without_any_device(tmp_path: Path) -> None:
    advice = copy_by_hand(tmp_path, WatchSearch(()))
    assert advice.startswith("No Garmin watch is mounted as a USB drive.")
    assert str(tmp_path) in advice and "file manager" in advice


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", (Path("/media/alice"), Path("/run/media/alice"), Path("/media"))),
        ("darwin", (Path("/Volumes"),)),
    ],
)
def test_where_volumes_appear(platform: str, expected: tuple[Path, ...]) -> None:
    assert volume_parents(platform, {"USER": "alice"}) == expected
    assert drive_letters(platform) == ()


def test_windows_looks_at_drive_letters_from_d() -> None:
    assert volume_parents("win32", {}) == ()
    drives = drive_letters("win32")
    assert [str(PureWindowsPath(r)) for r in drives[:2]] == ["D:\\", "E:\\"]
    assert len(drives) == 23


def test_mtp_root_is_linux_only() -> None:
    assert mtp_root("linux", 1000) == Path("/run/user/1000/gvfs")
    assert mtp_root("darwin", 1000) is None


def test_send_copies_into_new_files(tmp_path: Path) -> None:
    volume = _volume(tmp_path / "media", "GARMIN")
    (volume / "GARMIN" / "NEWFILES").mkdir()  # an existing folder is used, whatever its case
    (watch,) = find_watches(volumes_under([tmp_path / "media"])).watches
    source = tmp_path / "out"
    source.mkdir()
    (source / "2027-03-02_w-08_threshold.fit").write_bytes(b"FIT")
    copied = send_to_watch(sorted(source.iterdir()), watch)
    assert copied == (volume / "GARMIN" / "NEWFILES" / "2027-03-02_w-08_threshold.fit",)
    assert copied[0].read_bytes() == b"FIT"


def test_send_creates_new_files_when_missing(tmp_path: Path) -> None:
    volume = _volume(tmp_path, "GARMIN")
    (watch,) = find_watches([volume]).watches
    (tmp_path / "a.fit").write_bytes(b"A")
    assert send_to_watch([tmp_path / "a.fit"], watch)[0].parent == volume / "GARMIN" / "NewFiles"


def test_a_watch_unplugged_mid_copy_is_a_publish_error(tmp_path: Path) -> None:
    watch = Watch(tmp_path / "gone", tmp_path / "gone" / "GARMIN", "Garmin watch")
    (tmp_path / "a.fit").write_bytes(b"A")
    with pytest.raises(PublishError, match="cannot copy onto the watch"):
        send_to_watch([tmp_path / "a.fit"], watch)


def test_a_watch_that_fills_up_mid_copy_keeps_no_cut_off_workout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import shutil

    from runlift.publish.watch import device

    volume = _volume(tmp_path, "GARMIN")
    (watch,) = find_watches([volume]).watches
    (tmp_path / "a.fit").write_bytes(b"A" * 1000)
    (tmp_path / "b.fit").write_bytes(b"B" * 1000)
    real = shutil.copyfile

    def fills_up(source: Path, target: Path, **options: object) -> object:
        if Path(source).name == "b.fit":
            Path(target).write_bytes(b"B" * 10)  # what fitted before the watch was full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(device.shutil, "copyfile", fills_up)
    with pytest.raises(PublishError, match="No space left"):
        send_to_watch([tmp_path / "a.fit", tmp_path / "b.fit"], watch)
    new_files = volume / "GARMIN" / "NewFiles"
    assert sorted(p.name for p in new_files.iterdir()) == ["a.fit"]  # whole, and nothing else
    assert (new_files / "a.fit").read_bytes() == b"A" * 1000
