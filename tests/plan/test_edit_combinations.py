"""Any run of skips, moves, swaps and restores on any plan, with unavailable days: every edit is
recorded or refused with a reason, and the rule check always answers (never a crash such as
"max() arg is an empty sequence" after a month of skipped runs)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from runlift.errors import SettingsError
from runlift.plan.edits.apply import add_edit, move_edit, plan_with_edits
from runlift.plan.edits.record import Edit, EditOp
from runlift.plan.generate import draft_plan
from runlift.plan.model import Plan
from tests.plan.strategies import TODAY, settings_dicts, to_settings

STEP = st.tuples(
    st.sampled_from([EditOp.SKIP, EditOp.SKIP, EditOp.MOVE, EditOp.SWAP, EditOp.RESTORE]),
    st.integers(0, 10_000),  # which session (modulo the plan's sessions)
    st.integers(0, 10_000),  # the other session of a swap
    st.integers(-9, 9),  # days to move
)


def _edit(plan: Plan, step: tuple[EditOp, int, int, int]) -> Edit:
    op, which, other, days = step
    sessions = plan.sessions
    session = sessions[which % len(sessions)]
    if op is EditOp.MOVE:
        return move_edit(plan, session.id, session.date + timedelta(days=days), None)
    if op is EditOp.SWAP:
        return Edit(op, session.id, other_id=sessions[other % len(sessions)].id)
    return Edit(op, session.id)


@given(settings_dicts(), st.lists(STEP, min_size=1, max_size=60))
def test_every_combination_of_edits_is_recorded_or_refused_and_checked(
    data: dict[str, object], steps: list[tuple[EditOp, int, int, int]]
) -> None:
    try:
        settings = to_settings(data)
        draft = draft_plan(settings, TODAY)
    except SettingsError:  # settings no plan is made from: refused before any edit
        assume(False)
        return
    assume(draft.plan.sessions)
    edits: tuple[Edit, ...] = ()
    for step in steps:
        edit = _edit(draft.plan, step)
        edits, outcome = add_edit(draft.plan, edits, edit)
        assert outcome.applied or outcome.reason, edit  # refused edits say why
    plan, outcomes = plan_with_edits(settings, edits, TODAY, draft)
    assert len(outcomes) == len(edits)
    assert all(v.rule and v.message for v in plan.warnings)
    skipped = {e.session_id for e in edits if e.op is EditOp.SKIP}
    assert all(s.skipped for s in plan.sessions if s.id in skipped and not s.locked)
