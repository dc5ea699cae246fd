"""The watch steps as text: what the session details show of the workout on the watch."""

from __future__ import annotations

from runlift.plan.content.describe import distance_text
from runlift.plan.model import Session, Units
from runlift.plan.paces import format_pace
from runlift.publish.watch.steps import Duration, WatchStep, watch_steps


def watch_lines(session: Session, units: Units) -> tuple[str, ...]:
    """One line per step as the watch runs it, repeat blocks as "4 x" with their steps indented.

    Pace targets are the window the watch alerts on, in the plan's units.
    """
    steps = watch_steps(session, units)
    depth = _depths(steps)
    lines: list[str] = []
    for step in steps:
        if step.duration is Duration.REPEAT:
            continue
        for block in _blocks_starting_at(steps, step.index):
            lines.append("  " * depth[block.index] + f"{block.repeat} x")
        lines.append("  " * depth[step.index] + _step_text(step, units))
    return tuple(lines)


def _blocks_starting_at(steps: tuple[WatchStep, ...], index: int) -> list[WatchStep]:
    # Outer blocks first: the one that ends last opens first.
    blocks = [s for s in steps if s.duration is Duration.REPEAT and s.repeat_from == index]
    return sorted(blocks, key=lambda s: -s.index)


def _depths(steps: tuple[WatchStep, ...]) -> list[int]:
    depth = [0] * len(steps)
    for block in (s for s in steps if s.duration is Duration.REPEAT):
        for inner in range(block.repeat_from or 0, block.index):
            depth[inner] += 1
    return depth


def _step_text(step: WatchStep, units: Units) -> str:
    parts = [step.name, _amount(step, units)]
    speed = step.speed
    if speed is not None:
        fast, slow = 1000 / speed.high, 1000 / speed.low
        parts.append(f"{format_pace(fast, units).split('/')[0]}-{format_pace(slow, units)}")
    elif step.notes and step.exercise is None and step.notes.casefold() != step.name.casefold():
        parts.append(step.notes)
    return " · ".join(p for p in parts if p)


def _amount(step: WatchStep, units: Units) -> str:
    value = step.value or 0
    if step.duration is Duration.TIME:
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes}:{seconds:02d}"
    if step.duration is Duration.DISTANCE:
        return f"{value:g} m" if value < 1000 else distance_text(value / 1000, units)
    if step.duration is Duration.REPS:
        return f"{round(value)} reps"
    return "until lap"
