"""Mutated real documents: numbers of any size, sequences, surrogates, wrong types, cut-off
files. Every read ends in the plan (and every output of it) or in one DocumentError line, and
the file is never changed by a read. 300 examples in CI, 10,000 under `make fuzz`."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.cli import main
from runlift.errors import DocumentError, RunLiftError
from runlift.plan.edits.record import Edit, EditOp
from runlift.publish.events import EventOptions
from runlift.publish.ics import render_document
from runlift.storage.document import load_document, save_document
from tests.publish.test_feed import make_document

NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
ENDED: Counter[str] = Counter()

HOSTILE = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.sampled_from([-1, 0, 2**31, 2**63, 10**30, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["\ud83c base", "a\nb", "\x00", "9" * 5000, "2027-02-31", "", "é"]),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "plan.runlift"
    doc = make_document(path)
    edits = (Edit(EditOp.SKIP, "w-01.easy-1"), Edit(EditOp.DISTANCE, "w-02.long", value=14.0))
    save_document(path, replace(doc, edits=edits))
    assert main(["export", str(path), "-o", str(folder / "plan.ics")]) == 0
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _places(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in the document's JSON tree."""
    found = [here] if here else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*here, index))
    return found


def _set(data: Any, place: tuple[Any, ...], value: Any) -> None:
    for step in place[:-1]:
        data = data[step]
    data[place[-1]] = value


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_mutated_document_opens_or_is_one_document_error_and_stays_unchanged(
    original: dict[str, Any], tmp_path: Path, data: st.DataObject
) -> None:
    mutated = json.loads(json.dumps(original))
    places = _places(mutated)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        place = data.draw(st.sampled_from(places), label="where")
        value = data.draw(HOSTILE, label="value")
        with contextlib.suppress(KeyError, IndexError, TypeError):  # removed by an earlier one
            _set(mutated, place, value)
    text = json.dumps(mutated, allow_nan=True)
    raw = text.encode("utf-8")
    if data.draw(st.booleans(), label="cut off"):
        raw = raw[: data.draw(st.integers(0, len(raw)), label="at")]
    path = tmp_path / "mutated.runlift"
    path.write_bytes(raw)
    try:
        doc = load_document(path)
    except DocumentError as error:
        message = str(error)
        assert "\n" not in message and len(message) < 600, message
        ENDED["refused"] += 1
    else:
        try:  # what opens is safe in every output
            render_document(doc, "fuzz", EventOptions(), NOW)
            ENDED["opened"] += 1
        except RunLiftError as error:
            assert "\n" not in str(error)
            ENDED["opened, plan refused"] += 1
    assert path.read_bytes() == raw  # a read never changes the file


def test_zz_print_how_the_mutated_documents_ended() -> None:
    print(f"\ndocument fuzz: {dict(ENDED)}")
