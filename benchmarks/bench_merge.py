"""A long log of edits: how long a save (under the lock, merged with the file on disk) and a
merge of the window's copy with the file take at 0, 3,000 and 10,000 edits. The window waits
on both whenever it saves or another program saves the plan."""

from __future__ import annotations

import functools
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from runlift.app.startup import demo_document
from runlift.plan.edits.record import Edit, EditOp
from runlift.storage.document import Document, load_document, save_document
from runlift.storage.merge import merge_changes

TODAY = date(2026, 12, 7)
SIZES = (0, 3000, 10000)
REPEATS = 5


def _edits(count: int, offset: int = 0) -> tuple[Edit, ...]:
    return tuple(
        Edit(EditOp.DISTANCE, f"w-{(n % 16) + 1:02d}.easy-1", value=5.0 + (n + offset) % 97 / 10)
        for n in range(count)
    )


def _merged(base: Document, mine: Document, on_disk: Document) -> Document:
    return merge_changes(base, mine, on_disk).document


def main() -> None:
    demo = demo_document(TODAY)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "log.runlift"
        for size in SIZES:
            base = replace(demo, edits=_edits(size))
            save_document(path, base)
            theirs = replace(base, edits=(*base.edits, *_edits(50, offset=7)))  # another writer
            save_document(path, theirs)
            mine = replace(base, edits=(*base.edits[10:], *_edits(40, offset=3)))  # undo + new
            saves, merges = [], []
            for _ in range(REPEATS):
                started = time.perf_counter()
                merge_changes(base, mine, load_document(path))
                merges.append(time.perf_counter() - started)
                started = time.perf_counter()
                merged = functools.partial(_merged, base)
                save_document(path, mine, merge=merged)
                saves.append(time.perf_counter() - started)
                save_document(path, theirs)
            print(
                f"{size:>6} edits: merge {statistics.median(merges) * 1000:7.1f} ms, "
                f"save under the lock with the merge {statistics.median(saves) * 1000:7.1f} ms"
            )


if __name__ == "__main__":
    main()
