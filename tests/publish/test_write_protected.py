"""A write-protected plan (or one beside which no lock file can be made) is still exported,
published and served; what was published is simply not recorded in it, with a note."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from runlift.cli import main
from runlift.errors import DocumentError
from runlift.publish.feed.server import FeedServer
from runlift.storage import document as document_module
from runlift.storage.document import load_document

from .test_feed import make_document


@pytest.fixture
def protected(tmp_path: Path) -> Path:
    path = tmp_path / "plan.runlift"
    make_document(path)
    assert main(["feed", "rotate", str(path)]) == 0  # it has its address already
    path.chmod(0o444)
    return path


def test_a_write_protected_plan_is_exported_with_a_note_and_exit_0(
    protected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = protected.read_bytes()
    capsys.readouterr()
    assert main(["export", str(protected), "-o", str(tmp_path / "plan.ics")]) == 0
    captured = capsys.readouterr()
    assert (tmp_path / "plan.ics").stat().st_size > 0
    assert "write-protected" in captured.err and "not recorded" in captured.err
    assert protected.read_bytes() == before


def test_a_write_protected_plan_is_published_and_served(
    protected: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = protected.read_bytes()
    assert main(["publish", str(protected), str(tmp_path / "site")]) == 0
    token = load_document(protected).feed_token
    assert (tmp_path / "site" / "feed" / token / "plan.ics").is_file()
    server = FeedServer(protected)
    server.start()
    try:
        with urllib.request.urlopen(server.url, timeout=30) as answer:
            assert answer.status == 200 and b"BEGIN:VCALENDAR" in answer.read()
    finally:
        server.stop()
    assert protected.read_bytes() == before


def test_no_lock_file_beside_the_plan_still_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.runlift"
    make_document(path)

    class NoLock:
        def __enter__(self) -> None:
            raise DocumentError(f"cannot save {path}: no lock file can be made beside it")

        def __exit__(self, *_: object) -> None:
            return None

    monkeypatch.setattr(document_module, "document_lock", lambda _path: NoLock())
    capsys.readouterr()
    assert main(["export", str(path), "-o", str(tmp_path / "plan.ics")]) == 0
    assert "not recorded" in capsys.readouterr().err
    assert (tmp_path / "plan.ics").is_file()
