"""`runlift-gui --self-test`: passes on a working installation, names the step that breaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from runlift.app import selftest
from runlift.resources import resource_path

STEP_NAMES = [name for name, _ in selftest.STEPS]


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_self_test_passes_and_leaves_the_demo_alone(
    qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = resource_path(selftest.DEMO_NAME)
    before = demo.read_bytes()
    code = selftest.run_self_test()
    lines = _lines(capsys.readouterr().out)
    assert code == 0, "\n".join(lines)
    assert [line.split(":")[0] for line in lines[:-1]] == [f"ok   {n}" for n in STEP_NAMES]
    assert lines[-1].startswith("self-test passed in ")
    assert demo.read_bytes() == before  # the feed step serves a copy, never the shipped file


def test_a_broken_demo_document_fails_with_the_reason(
    qapp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "broken.runlift"
    broken.write_text("{ this is not a plan")
    monkeypatch.setattr(selftest, "DEMO_NAME", str(broken))  # an absolute name wins the join
    code = selftest.run_self_test()
    lines = _lines(capsys.readouterr().out)
    assert code == 1
    assert lines[0].startswith("ok   qt:")
    assert lines[-1].startswith("FAIL demo plan: ")
    assert "broken.runlift" in lines[-1]
    assert not any(line.startswith("self-test passed") for line in lines)


def test_the_gui_script_runs_the_self_test_offscreen() -> None:
    gui = Path(sys.executable).with_name("runlift-gui")
    assert gui.is_file(), f"{gui} is missing: install the package (make run does)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [str(gui), "--self-test"], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _lines(done.stdout)[-1].startswith("self-test passed in ")
