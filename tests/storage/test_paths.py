"""App paths, the recent-documents list and the app settings file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runlift.storage import paths


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RUNLIFT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_platform_folders_are_named_after_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNLIFT_HOME", raising=False)
    assert paths.config_dir().name == "runlift"
    assert paths.data_dir().name == "runlift"


def test_runlift_home_holds_everything(home: Path) -> None:
    assert paths.app_settings_path() == home / "config" / "settings.json"
    assert paths.recent_documents_path() == home / "data" / "recent.json"


def test_recent_documents_most_recent_first_once_and_at_most_ten(home: Path) -> None:
    files = [home / f"plan{n}.runlift" for n in range(12)]
    for file in files:
        paths.add_recent_document(file)
    paths.add_recent_document(files[3])
    recent = paths.recent_documents()
    assert recent[0] == files[3].resolve()
    assert len(recent) == paths.RECENT_LIMIT and len(set(recent)) == len(recent)
    assert files[0].resolve() not in recent
    assert paths.forget_recent_document(files[3])[0] == files[11].resolve()
    assert files[3].resolve() not in paths.recent_documents()


def test_an_unreadable_recent_list_counts_as_empty(home: Path) -> None:
    paths.recent_documents_path().parent.mkdir(parents=True)
    paths.recent_documents_path().write_text("{not json")
    assert paths.recent_documents() == ()
    assert paths.add_recent_document(home / "a.runlift") == ((home / "a.runlift").resolve(),)


def test_app_settings_round_trip(home: Path) -> None:
    assert paths.load_app_settings() == {}
    paths.save_app_settings({"last_folder": str(home), "share_on_lan": False, "port": 8080})
    assert paths.load_app_settings() == {
        "last_folder": str(home),
        "share_on_lan": False,
        "port": 8080,
    }


def test_a_failed_atomic_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old")

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        paths.write_atomically(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
    assert target.read_bytes() == b"old"


def test_writing_through_a_symlink_keeps_the_link_and_updates_its_target(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "plan.runlift"
    real.write_bytes(b"old")
    link = tmp_path / "plan.runlift"
    link.symlink_to(real)
    paths.write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
