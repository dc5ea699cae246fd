"""Many writers, one document: real ``runlift`` processes and a running feed at the same time.

Each round starts WRITERS command-line edits of one document at once while the feed server
(real HTTP on 127.0.0.1) is asked for the plan again and again, so it re-renders and saves its
publish state into the same file. After every round the document must open, and every edit a
process reported as "Saved" must be in it (DESIGN.md "Many writers, one document").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from runlift.plan.edits.apply import plan_with_edits
from runlift.plan.edits.record import Edit, EditOp
from runlift.plan.model import Kind
from runlift.publish.feed.server import FeedServer
from runlift.storage.document import Document, load_document

from .test_doc_cli import Run

# 40 rounds in `make test`: with the document lock taken out, an edit was lost by round 17.
# `make soak` runs 200.
ROUNDS = int(os.environ.get("RUNLIFT_SOAK_ROUNDS", "40"))
WRITERS = 2  # processes per round, besides the feed server; ROUNDS × WRITERS edits in all
FEED_PAUSE_S = 0.05
TODAY = "2026-12-01"
RUNLIFT = Path(sys.executable).with_name("runlift")


@pytest.fixture()
def shared(tmp_path: Path, run: Run) -> Path:
    path = tmp_path / "shared.runlift"
    code, _, err = run(
        "new", str(path), "--base-weeks", "6", "--weekly-km", "30", "--long-run-km", "12",
        "--runs-per-week", "4", "--strength-per-week", "2", "--timezone", "Europe/Berlin",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    return path


@pytest.fixture()
def feed(shared: Path) -> Iterator[FeedServer]:
    server = FeedServer(shared)
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    from runlift.cli import main

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--today", TODAY])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@dataclass(frozen=True)
class Writer:
    edit: Edit
    process: subprocess.Popen[str]


def _pairs(doc: Document) -> list[tuple[str, str]]:
    """For each writer two sessions of its own, on different days: it swaps them every round.

    Swaps are kept one by one in the document (two swaps do not cancel out), so after R
    rounds each writer's swap must be in it R times.
    """
    plan, _ = plan_with_edits(doc.settings, doc.edits, date.fromisoformat(TODAY))
    strength = [s.id for s in plan.sessions if s.kind is Kind.STRENGTH]
    runs = [s.id for s in plan.sessions if s.kind is Kind.EASY]
    pairs = [(strength[0], strength[1]), (runs[0], runs[1]), (strength[2], strength[3])]
    return pairs[:WRITERS]


def _start(path: Path, pair: tuple[str, str], env: dict[str, str]) -> Writer:
    argv = [str(RUNLIFT), "swap", str(path), *pair, "--today", TODAY]
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    return Writer(Edit(EditOp.SWAP, pair[0], other_id=pair[1]), process)


def _ask_feed_while_writing(url: str, writers: list[Writer]) -> int:
    """GET the feed until every writer is done; each new version makes the server save."""
    asked = 0
    while asked == 0 or any(w.process.poll() is None for w in writers):
        with urllib.request.urlopen(url, timeout=60) as answer:
            assert answer.status == 200
            answer.read()
        asked += 1
        time.sleep(FEED_PAUSE_S)  # pacing only: the writers need the CPU more than the feed
    return asked


def test_no_saved_edit_is_lost_among_many_writers(
    shared: Path, feed: FeedServer, tmp_path: Path
) -> None:
    env = {**os.environ, "RUNLIFT_HOME": str(tmp_path / "home")}
    pairs = _pairs(load_document(shared))
    saved: list[Edit] = []
    feed_requests = 0
    url = feed.url
    started = time.perf_counter()
    for number in range(ROUNDS):
        writers = [_start(shared, pair, env) for pair in pairs]
        feed_requests += _ask_feed_while_writing(url, writers)
        for writer in writers:
            out, err = writer.process.communicate()
            assert writer.process.returncode == 0, (number, writer.edit, err)
            assert "Saved" in out, (number, out)
            saved.append(writer.edit)
        document = load_document(shared)  # readable after every round
        lost = Counter(saved) - Counter(document.edits)
        assert not lost, f"round {number}: saved edits lost: {lost}"
    final = load_document(shared)
    assert Counter(final.edits) == Counter(saved)
    assert final.publish.get("feed"), "the feed saved its publish state"
    seconds = time.perf_counter() - started
    print(
        f"\nmany writers: {ROUNDS} rounds × {WRITERS} runlift processes + the feed "
        f"({feed_requests} feed requests): {len(saved)} edits saved, {len(final.edits)} in the "
        f"document, 0 lost, {seconds:.1f} s"
    )
