"""An edit as the document stores it: what the runner changed, and the list that keeps them."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from runlift.errors import SettingsError
from runlift.plan.model import Slot
from runlift.text import shown_value

_Day = date  # inside Edit, ``date`` names the field


class EditOp(StrEnum):
    MOVE = "move"
    SKIP = "skip"
    RESTORE = "restore"
    SWAP = "swap"
    DISTANCE = "distance"
    MINUTES = "minutes"
    LOCK = "lock"
    UNLOCK = "unlock"


@dataclass(frozen=True)
class Edit:
    """One user edit. ``op`` is one of ``EditOp`` (plain strings are accepted and converted).

    move: ``date`` and/or ``slot``; ``from_date`` is the day the generator had given the session
    when the runner moved it (``move_edit`` fills it in), so that the chosen weekday follows the
    session's week when the race date moves (T5); without it the move keeps its exact date.
    swap: ``other_id``. distance (km) and minutes: ``value``. Invalid fields: SettingsError.
    """

    op: str
    session_id: str
    date: date | None = None
    slot: Slot | None = None
    other_id: str | None = None  # swap
    value: float | None = None  # distance (km) or minutes
    from_date: _Day | None = None  # move: the generated day it was moved from
    # keys a newer RunLift stored with the edit: written back as they were, never compared
    unknown: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "op", EditOp(self.op))
            if self.slot is not None:
                object.__setattr__(self, "slot", Slot(self.slot))
        except ValueError:
            ops = ", ".join(op.value for op in EditOp)
            raise SettingsError("edit", f"unknown edit {self.op!r} (use {ops})") from None
        _check_fields(self)


def _check_fields(edit: Edit) -> None:
    if edit.op is EditOp.MOVE and edit.date is None and edit.slot is None:
        raise SettingsError("edit", "a move needs a new date or a new slot")
    if edit.op is EditOp.SWAP and not edit.other_id:
        raise SettingsError("edit", "a swap needs the id of the other session")
    if edit.op is EditOp.DISTANCE and not (edit.value is not None and 0 < edit.value <= 250):
        raise SettingsError("edit", "a distance must be between 0 and 250 km")
    if edit.op is EditOp.MINUTES and not (edit.value is not None and 1 <= edit.value <= 600):
        raise SettingsError("edit", "a duration must be between 1 and 600 minutes")


@dataclass(frozen=True)
class EditOutcome:
    """What became of one edit on this plan. ``reason`` says why not (or a note when applied)."""

    edit: Edit
    applied: bool
    reason: str = ""
    already: bool = False  # not applied because the plan already is that way


def record_edit(edits: Sequence[Edit], edit: Edit) -> tuple[Edit, ...]:
    """Add ``edit`` to the stored list, dropping earlier edits it makes pointless.

    A restore cancels the skip it undoes; an unlock cancels the lock. A later move, distance or
    duration change of a session replaces an earlier one of the same kind, unless a swap touched
    that session in between (then order matters and both stay).
    """
    opposite = {EditOp.RESTORE: EditOp.SKIP, EditOp.UNLOCK: EditOp.LOCK}.get(EditOp(edit.op))
    if opposite is not None:
        earlier = [e for e in edits if e.session_id == edit.session_id and e.op is opposite]
        if earlier:
            return tuple(e for e in edits if e not in earlier)
        return (*edits, edit)
    if edit.op not in (EditOp.MOVE, EditOp.DISTANCE, EditOp.MINUTES):
        return (*edits, edit)
    kept = list(edits)
    for index in range(len(kept) - 1, -1, -1):
        earlier_edit = kept[index]
        if earlier_edit.op is EditOp.SWAP and edit.session_id in (
            earlier_edit.session_id,
            earlier_edit.other_id,
        ):
            break
        if earlier_edit.session_id == edit.session_id and earlier_edit.op == edit.op:
            del kept[index]
    return (*kept, edit)


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """The document form: ``{"op": "move", "id": "w-03.long", "date": "2027-03-13", …}``."""
    data: dict[str, Any] = {**edit.unknown, "op": str(edit.op), "id": edit.session_id}
    if edit.date is not None:
        data["date"] = edit.date.isoformat()
    if edit.slot is not None:
        data["slot"] = edit.slot.value
    if edit.other_id is not None:
        data["other"] = edit.other_id
    if edit.value is not None:
        data["value"] = edit.value
    if edit.from_date is not None:
        data["from"] = edit.from_date.isoformat()
    return data


def edit_from_dict(data: dict[str, Any]) -> Edit:
    """Inverse of ``edit_to_dict``; SettingsError (field "edits") for anything malformed."""
    try:
        value = data.get("value")
        return Edit(
            op=str(data["op"]),
            session_id=_text(data["id"]),
            date=_date_or_none(data.get("date")),
            slot=Slot(data["slot"]) if data.get("slot") is not None else None,
            other_id=_text(data["other"]) if data.get("other") is not None else None,
            value=_amount(value) if value is not None else None,
            from_date=_date_or_none(data.get("from")),
            unknown={str(k): v for k, v in data.items() if k not in _EDIT_KEYS},
        )
    except SettingsError as error:
        raise SettingsError("edits", f"{error.message} in {shown_value(data)}") from None
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        raise SettingsError("edits", f"unreadable edit {shown_value(data)}") from None


MAX_EDIT_VALUE = 10_000.0  # km or minutes: far above any run, far below an overflow


def _amount(value: object) -> float:
    """An edit's number: a finite amount in range, never a 400-digit one or infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    if isinstance(value, int) and abs(value) > MAX_EDIT_VALUE:
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_EDIT_VALUE:
        raise ValueError(value)
    return number


_EDIT_KEYS = ("op", "id", "date", "slot", "other", "value", "from")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(value)
    return value


def _date_or_none(value: object) -> date | None:
    return None if value is None else date.fromisoformat(_text(value))
