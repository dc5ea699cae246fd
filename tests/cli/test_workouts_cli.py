"""``runlift workouts``: files for the coming weeks, onto a (fake) mounted watch, or advice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.publish.watch import device as watch_module
from tests.publish.fit_reading import garmin_read
from tests.publish.test_feed import make_document

FROM = "2027-03-01"  # a Monday in the reference document's plan


@pytest.fixture
def doc_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RUNLIFT_HOME", str(tmp_path / "home"))
    path = tmp_path / "spring.runlift"
    make_document(path)
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_two_weeks_of_workouts(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "fit"
    code, out, _ = _run(
        ["workouts", str(doc_path), str(out_dir), "--from", FROM, "--weeks", "2"], capsys
    )
    assert code == 0
    files = sorted(out_dir.iterdir())
    assert files and all(f.suffix == ".fit" for f in files)
    days = [date.fromisoformat(f.name[:10]) for f in files]
    assert min(days) >= date(2027, 3, 1) and max(days) <= date(2027, 3, 14)
    assert any("strength" in f.name for f in files) and any("long" in f.name for f in files)
    for f in files:
        assert f"Wrote {f}" in out
        garmin_read(f.read_bytes())
    assert out.rstrip().endswith(f"{len(files)} workouts in {out_dir}.")


def test_runs_only_leaves_strength_out(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "runs"
    args = ["workouts", str(doc_path), str(out_dir), "--from", FROM, "--weeks", "1", "--runs-only"]
    assert _run(args, capsys)[0] == 0
    names = [f.name for f in out_dir.iterdir()]
    assert names and not any("strength" in n or "core" in n for n in names)


def test_re_export_is_byte_identical(
    doc_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("one", "two"):
        _run(
            ["workouts", str(doc_path), str(tmp_path / name), "--from", FROM, "--weeks", "3"],
            capsys,
        )
    one, two = sorted((tmp_path / "one").iterdir()), sorted((tmp_path / "two").iterdir())
    assert [f.name for f in one] == [f.name for f in two]
    assert [f.read_bytes() for f in one] == [f.read_bytes() for f in two]


@pytest.mark.parametrize(
    ("extra", "setting"),
    [
        (["--weeks", "two"], "weeks"),
        (["--weeks", "0"], "weeks"),
        (["--from", "2027-02-30"], "from"),
    ],
)
def test_bad_values_exit_2_naming_the_setting(
    doc_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    setting: str,
) -> None:
    code, _out, err = _run(["workouts", str(doc_path), str(tmp_path / "x"), *extra], capsys)
    assert code == 2 and err.startswith(f"runlift: {setting}: ") and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_a_folder_or_to_watch_is_needed(doc_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["workouts", str(doc_path)], capsys)
    assert code == 2 and "--to-watch" in err


def test_unreadable_document_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.runlift"
    broken.write_text("{", encoding="utf-8")
    code, _, err = _run(["workouts", str(broken), str(tmp_path / "x")], capsys)
    assert code == 1 and err.startswith("runlift: ") and "Traceback" not in err


def _fake_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    media = tmp_path / "media" / "alice"
    monkeypatch.setattr(watch_module, "volume_parents", lambda: (media,))
    monkeypatch.setattr(watch_module, "drive_letters", lambda: ())
    monkeypatch.setattr(watch_module, "mtp_root", lambda: tmp_path / "gvfs")
    return media


def test_to_watch_copies_into_new_files(
    doc_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    media = _fake_machine(monkeypatch, tmp_path)
    (media / "GARMIN" / "GARMIN").mkdir(parents=True)
    code, out, _ = _run(
        ["workouts", str(doc_path), "--to-watch", "--from", FROM, "--weeks", "1"], capsys
    )
    assert code == 0
    copied = sorted((media / "GARMIN" / "GARMIN" / "NewFiles").iterdir())
    written = sorted((tmp_path / "home" / "data" / "workouts" / "spring").iterdir())
    assert [f.name for f in copied] == [f.name for f in written] and copied
    assert f"Copied {len(copied)} workouts to Garmin watch ({media / 'GARMIN'})" in out


def test_to_watch_over_mtp_says_where_the_files_are(
    doc_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _fake_machine(monkeypatch, tmp_path)
    (tmp_path / "gvfs" / "mtp:host=091e_4f42_0000c0ffee12").mkdir(parents=True)
    out_dir = tmp_path / "fit"
    args = ["workouts", str(doc_path), str(out_dir), "--to-watch", "--from", FROM, "--weeks", "1"]
    code, _out, err = _run(args, capsys)
    assert code == 1
    assert "connected over MTP" in err and str(out_dir) in err and "GARMIN/NewFiles" in err
    assert any(out_dir.iterdir())
