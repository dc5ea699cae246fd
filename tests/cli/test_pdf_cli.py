"""``runlift pdf`` as a runner runs it: a fresh process, no display (no X server, no Wayland)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runlift.cli import main
from tests.pdf_text import pdf_page_count, pdf_words

TODAY = "2027-01-04"


def _runlift(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process with no display variables and no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    code = "import sys; from runlift.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture()
def doc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "spring.runlift"
    argv = ["new", str(path), "--distance", "10k", "--race-date", "2027-03-28", "--weekly-km",
            "30", "--long-run-km", "12", "--name", "Spring 10k", "--units", "mi"]  # fmt: skip
    assert main([*argv, "--today", TODAY]) == 0
    capsys.readouterr()
    return path


def test_pdf_without_a_display_writes_the_printed_plan(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    done = _runlift("pdf", str(doc), "-o", str(out), "--paper", "letter", "--today", TODAY)
    assert done.returncode == 0, done.stderr
    pages = pdf_page_count(out)
    assert done.stdout.strip() == f"Wrote {pages} pages to {out} (letter)."
    words = pdf_words(out)
    assert "Spring 10k" in words and "10K on Sunday 28 March 2027" in words
    assert "Race week" in words and "11 wk to race" in words
    assert "Start controlled, even effort, finish strong." in words


def test_a_paper_size_we_do_not_know_is_refused_in_one_line(doc: Path, tmp_path: Path) -> None:
    done = _runlift("pdf", str(doc), "-o", str(tmp_path / "x.pdf"), "--paper", "a3")
    assert done.returncode == 2
    assert done.stderr == "runlift: paper: 'a3' is not a paper size: use a4 or letter\n"
    assert not (tmp_path / "x.pdf").exists()


def test_a_folder_that_is_not_there_fails_in_one_line(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "gone" / "x.pdf"
    done = _runlift("pdf", str(doc), "-o", str(out), "--today", TODAY)
    assert done.returncode == 1
    assert done.stderr == f"runlift: cannot write {out}: No such file or directory\n"
