"""Hostile values in a document: each read ends in the plan or in one DocumentError line, the
file is never changed by a refused read, and what is read is safe in every output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest

from runlift.cli import main
from runlift.errors import DocumentError
from runlift.storage.document import load_document
from tests.publish.test_feed import make_document

Change = Callable[[dict[str, Any]], None]
HUGE = int("9" * 400)


def _with(tmp_path: Path, change: Change, *, bom: bool = False) -> Path:
    path = tmp_path / "plan.runlift"
    make_document(path)
    assert main(["export", str(path), "-o", str(tmp_path / "first.ics")]) == 0  # publish records
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    text = json.dumps(data)  # a lone surrogate as the \ud83c escape, as a JS tool writes it
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _sequence(value: int) -> Change:
    def change(data: dict[str, Any]) -> None:
        records = next(iter(data["publish"].values()))
        next(iter(records.values()))["sequence"] = value

    return change


def _edit_value(data: dict[str, Any]) -> None:
    data["edits"] = [{"op": "distance", "id": "w-01.long", "value": HUGE}]


def _settings_number(data: dict[str, Any]) -> None:
    data["settings"]["weekly_km"] = HUGE


REFUSED = [
    ("sequence -1", _sequence(-1), "sequence"),
    ("sequence 2**63", _sequence(2**63), "sequence"),
    ("a 400-digit weekly km", _settings_number, "out of range"),
]


@pytest.mark.parametrize(("what", "change", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_number_is_one_document_error_and_the_file_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str, change: Change, words: str
) -> None:
    path = _with(tmp_path, change)
    before = path.read_bytes()
    with pytest.raises(DocumentError, match=words) as refused:
        load_document(path)
    assert len(str(refused.value)) < 400 and "\n" not in str(refused.value)
    capsys.readouterr()
    for command in (["show", str(path)], ["export", str(path), "-o", str(tmp_path / "out.ics")]):
        assert main(command) != 0
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert path.read_bytes() == before


def test_a_400_digit_edit_value_is_an_edit_that_no_longer_applies_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with(tmp_path, _edit_value)
    before = path.read_bytes()
    try:
        load_document(path)
    except DocumentError as error:
        assert len(str(error)) < 400
    capsys.readouterr()
    code = main(["show", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err and len(err) < 600
    assert path.read_bytes() == before


def test_a_name_with_line_breaks_and_a_cut_emoji_is_one_clean_line_everywhere(
    tmp_path: Path,
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["name"] = "Spring\nhalf\t\x07\ud83c base"

    path = _with(tmp_path, change)
    doc = load_document(path)
    assert doc.name == "Spring half \ufffd base"
    out = tmp_path / "out.ics"
    assert main(["export", str(path), "-o", str(out)]) == 0
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Spring half \ufffd base"
    assert main(["publish", str(path), str(tmp_path / "site")]) == 0


def test_a_new_plan_named_over_two_lines_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "two.runlift"
    assert main(["new", str(path), "--name", "Spring\nhalf", "--race-date", "2027-04-25",
                 "--distance", "half", "--today", "2026-12-01"]) == 0  # fmt: skip
    assert load_document(path).name == "Spring half"
    assert main(["export", str(path), "-o", str(tmp_path / "two.ics")]) == 0


def test_a_document_saved_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    path = _with(tmp_path, lambda data: None, bom=True)
    assert load_document(path).name == "Spring half"
