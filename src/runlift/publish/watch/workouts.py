"""Sessions → FIT workout files for a watch (DESIGN.md "Outputs", watch workouts).

Which sessions go (runs and strength with steps, over some weeks), their names on the watch
and in the folder, and writing them. Each becomes one FIT file (``fit_workout.py``); the bytes
depend only on the session and the plan's timezone, so an unchanged session exports
byte-identical. The FIT and calendar libraries load on first use: the window shows the names
at start-up without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from runlift.errors import PublishError, SettingsError
from runlift.plan.model import KM_PER_MILE, Kind, Load, Plan, Session, StepKind, Units
from runlift.publish.watch.steps import watch_steps
from runlift.storage.document import load_document
from runlift.storage.paths import data_dir

MAX_WEEKS = 60  # more than any plan has
WORKOUT_NAME_LENGTH = 15  # what a Garmin shows of a workout name
_STRENGTH_KINDS = frozenset({Kind.STRENGTH, Kind.CORE})
_LOAD_WORDS = {Load.HEAVY: "heavy", Load.MODERATE: "mod", Load.LIGHT: "light"}


@dataclass(frozen=True)
class WorkoutFile:
    """One session's FIT workout: its file name, the name on the watch and the bytes."""

    session_id: str
    file_name: str
    workout_name: str
    data: bytes


def workout_name(session: Session, units: Units) -> str:
    """A short ASCII name for the watch's workout list: "Tempo 4x8", "Long 29k", "Str heavy"."""
    if session.kind in _STRENGTH_KINDS:
        load = f" {_LOAD_WORDS[session.load]}" if session.load else ""
        name = ("Str" if session.kind is Kind.STRENGTH else "Core") + load
    else:
        name = _run_name(session, units)
    return name.encode("ascii", "ignore").decode()[:WORKOUT_NAME_LENGTH].rstrip()


_RUN_PREFIX = {
    Kind.EASY: "Easy",
    Kind.LONG: "Long",
    Kind.THRESHOLD: "Tempo",
    Kind.INTERVALS: "Int",
    Kind.HILLS: "Hills",
    Kind.RACE_PACE: "RP",
    Kind.STRIDES: "Strides",
    Kind.RECOVERY: "Shake-out",
    Kind.RACE: "Race",
}


def _run_name(session: Session, units: Units) -> str:
    prefix = _RUN_PREFIX.get(session.kind, session.kind.value.title())
    block = next((s for s in session.steps if s.step is StepKind.REPEAT), None)
    work = next((s for s in block.steps if s.step is StepKind.WORK), None) if block else None
    if block is not None and work is not None:
        return f"{prefix} {block.repeat}x{_rep_length(work.minutes, work.seconds, work.km)}"
    if session.distance_km:
        return f"{prefix} {_distance_label(session.distance_km, units)}"
    return prefix


def _rep_length(minutes: float | None, seconds: int | None, km: float | None) -> str:
    if km is not None:  # track reps: metres, whatever the display unit
        return f"{km:g}k" if km >= 1 else f"{round(km * 1000)}m"
    if seconds is not None:
        return f"{seconds}s"
    return f"{minutes:g}" if minutes is not None else ""


def _distance_label(km: float, units: Units) -> str:
    """ "9.5k", "29k", "18mi": as the calendar says it, to a tenth."""
    if units is Units.MI:
        return f"{round(km / KM_PER_MILE, 1):g}mi"
    return f"{round(km, 1):g}k"


def file_name(session: Session) -> str:
    """``2027-03-06_w-03_long.fit``: sorts by date, names the session."""
    return f"{session.date.isoformat()}_{_file_id_part(session.id)}.fit"


def _file_id_part(session_id: str) -> str:
    return session_id.replace(".", "_")


def has_workout(session: Session, runs_only: bool = False) -> bool:
    """Sessions that become watch workouts: runs and strength with steps, not skipped."""
    if session.skipped or not session.steps:
        return False
    return session.is_run or (not runs_only and session.kind in _STRENGTH_KINDS)


def coming_sessions(
    plan: Plan, start: date, weeks: int | None = None, runs_only: bool = False
) -> tuple[Session, ...]:
    """The sessions with a workout from ``start`` on, for ``weeks`` weeks (all when None)."""
    end = None if weeks is None else start + timedelta(weeks=weeks)
    return tuple(
        s
        for s in plan.sessions
        if has_workout(s, runs_only) and s.date >= start and (end is None or s.date < end)
    )


def session_workout(session: Session, units: Units, timezone: str) -> WorkoutFile:
    """One session as a FIT workout file."""
    from runlift.publish.watch.fit import encode_workout  # fit-tool loads on first use

    name = workout_name(session, units)
    strength = session.kind in _STRENGTH_KINDS
    data = encode_workout(session, name, watch_steps(session, units), timezone, strength)
    return WorkoutFile(session.id, file_name(session), name, data)


def plan_workouts(
    plan: Plan, start: date, weeks: int | None = None, runs_only: bool = False
) -> tuple[WorkoutFile, ...]:
    """The coming sessions' workout files, in date order."""
    units, zone = plan.settings.units, plan.settings.timezone
    return tuple(
        session_workout(s, units, zone) for s in coming_sessions(plan, start, weeks, runs_only)
    )


def write_workouts(files: Iterable[WorkoutFile], folder: Path) -> tuple[Path, ...]:
    """Write the files into ``folder`` (created if needed); each write is atomic.

    A session moved to another day since the last write leaves no file under its old date.
    """
    from runlift.publish.ics import write_atomic  # the calendar library loads on first use

    written = []
    for workout in files:
        path = folder / workout.file_name
        write_atomic(path, workout.data)
        _remove_other_days(folder, workout)
        written.append(path)
    return tuple(written)


def _remove_other_days(folder: Path, workout: WorkoutFile) -> None:
    suffix = f"_{_file_id_part(workout.session_id)}.fit"
    for old in folder.glob(f"????-??-??{suffix}"):
        if old.name != workout.file_name and _is_date(old.name[:10]):
            try:
                old.unlink()
            except OSError as error:
                raise PublishError(f"cannot remove {old}: {error.strerror or error}") from None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class WorkoutChoice:
    """Which sessions go to the watch: from ``start`` (None: today) for ``weeks`` (None: all)."""

    start: date | None = None
    weeks: int | None = None
    runs_only: bool = False


def check_weeks(weeks: int | None) -> None:
    if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
        raise SettingsError("weeks", f"give 1 to {MAX_WEEKS} weeks, not {weeks}")


def document_workouts(
    path: Path, folder: Path, choice: WorkoutChoice, now: datetime
) -> tuple[tuple[WorkoutFile, Path], ...]:
    """Write the workouts of a saved plan's coming sessions into ``folder``.

    "Today" is the runner's local date at ``now`` in the plan's timezone.
    """
    from runlift.publish.ics import document_plan

    check_weeks(choice.weeks)
    doc = load_document(path)
    plan = document_plan(doc, now)
    start = choice.start or now.astimezone(ZoneInfo(doc.settings.timezone)).date()
    files = plan_workouts(plan, start, choice.weeks, choice.runs_only)
    return tuple(zip(files, write_workouts(files, folder), strict=True))


def default_folder(path: Path) -> Path:
    """Where workouts go when the runner names no folder: the app's data folder, per plan."""
    return data_dir() / "workouts" / path.stem
