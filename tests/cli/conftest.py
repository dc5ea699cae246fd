"""The document commands' fixture: ``runlift`` in-process, on a fixed "today"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from runlift.cli import main

TODAY = "2027-01-04"  # a Monday: the plan starts today


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run("skip", DOC, ID)`` → (exit code, stdout, stderr), with ``--today`` added."""

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--today", TODAY])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
