"""The plan name is edited in the setup panel; the file name it suggests is valid everywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from runlift.app.document.names import FILE_STEM_LIMIT, file_stem
from runlift.app.window.main import MainWindow

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))}
WINDOWS_DEVICES |= {f"LPT{n}" for n in range(1, 10)}


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Demo: spring half marathon", "Demo - spring half marathon"),
        ('Spring 10K / "sub 50"?', "Spring 10K - sub 50"),
        ("Zürich — Halbmarathon 2027", "Zürich — Halbmarathon 2027"),
        ("Berlin.", "Berlin"),
        ("CON", "Plan CON"),
        ("nul.plan", "Plan nul.plan"),
        (" : ", "Untitled plan"),
    ],
)
def test_a_plan_name_becomes_a_file_name(name: str, stem: str) -> None:
    assert file_stem(name) == stem


@given(st.text(max_size=300))
def test_any_name_gives_a_file_name_windows_macos_and_linux_accept(name: str) -> None:
    stem = file_stem(name)
    assert stem and len(stem) <= FILE_STEM_LIMIT
    assert not WINDOWS_FORBIDDEN.search(stem)  # includes "/" (Linux, macOS) and ":" (macOS)
    assert stem == stem.strip() and not stem.endswith(".")
    assert stem.split(".")[0].upper() not in WINDOWS_DEVICES


def test_the_name_is_edited_in_the_setup_panel_and_names_the_saved_file(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggested: list[str] = []

    def save_dialog(_parent: Any, _title: str, suggestion: str, _filter: str) -> tuple[str, str]:
        suggested.append(suggestion)
        return "", ""  # the runner cancels

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    field = window.setup_panel.plan_name
    assert field.isVisibleTo(window) and field.text() == window.state.document.name
    assert ":" in field.text()  # the demo's name: "Demo: …"
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Autumn: Berlin marathon")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.state.document.name == "Autumn: Berlin marathon" and window.state.modified
    assert window.windowTitle().startswith("Autumn: Berlin marathon*")
    assert window.google_panel.name.text() == "Autumn: Berlin marathon"  # the same name there
    window.save_as()
    assert Path(suggested[-1]).name == "Autumn - Berlin marathon.runlift"


def test_a_name_still_being_typed_is_saved_and_an_empty_one_is_refused(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "plan.runlift"
    window.state.save(path)
    field = window.setup_panel.plan_name
    field.setFocus()
    field.setText("Typed, not confirmed")
    window.save()  # Ctrl+S while the cursor is still in the field
    assert window.state.document.name == "Typed, not confirmed" and not window.state.modified
    assert '"name": "Typed, not confirmed"' in path.read_text()
    field.setText("   ")
    field.rename()
    assert field.text() == "Typed, not confirmed" == window.state.document.name


def test_a_pasted_two_line_name_becomes_one_line(window: Any) -> None:
    from runlift.app.setup.plan_name import PlanNameField

    field = window.findChild(PlanNameField)
    assert field is not None
    field.setText("Spring\nhalf\x07 marathon")
    field.rename()
    assert window.state.document.name == "Spring half marathon"
    assert field.text() == "Spring half marathon"
