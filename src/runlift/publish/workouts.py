"""Sessions → FIT workout files for a watch (DESIGN.md "Outputs", watch workouts).

Each run or strength session with steps becomes one FIT file (``file_id`` of type workout, one
``workout`` and its ``workout_step`` messages), written with ``fit-tool``. The bytes depend only
on the session and the plan's timezone: ``time_created`` is the session's own start, so an
unchanged session exports byte-identical and the watch sees the same workout again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile import profile_type as fit
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from runlift.errors import PublishError, SettingsError
from runlift.plan.model import KM_PER_MILE, Kind, Load, Plan, Session, StepKind, Units
from runlift.publish.ics import document_plan, write_atomic
from runlift.publish.watch_steps import Duration, WatchStep, watch_steps
from runlift.storage.document import load_document
from runlift.storage.paths import data_dir

MAX_WEEKS = 60  # more than any plan has
WORKOUT_NAME_LENGTH = 15  # what a Garmin shows of a workout name
_STRENGTH_KINDS = frozenset({Kind.STRENGTH, Kind.CORE})
_LOAD_WORDS = {Load.HEAVY: "heavy", Load.MODERATE: "mod", Load.LIGHT: "light"}
_STRING_SIZE = 16  # room for a 15-character name: steps with short notes share one definition


@dataclass(frozen=True)
class WorkoutFile:
    """One session's FIT workout: its file name, the name on the watch and the bytes."""

    session_id: str
    file_name: str
    workout_name: str
    data: bytes


def workout_name(session: Session, units: Units) -> str:
    """A short ASCII name for the watch's workout list: "Thr 4x8", "Long 29k", "Str heavy"."""
    if session.kind in _STRENGTH_KINDS:
        load = f" {_LOAD_WORDS[session.load]}" if session.load else ""
        name = ("Str" if session.kind is Kind.STRENGTH else "Core") + load
    else:
        name = _run_name(session, units)
    return name.encode("ascii", "ignore").decode()[:WORKOUT_NAME_LENGTH].rstrip()


_RUN_PREFIX = {
    Kind.EASY: "Easy",
    Kind.LONG: "Long",
    Kind.THRESHOLD: "Thr",
    Kind.INTERVALS: "Int",
    Kind.HILLS: "Hills",
    Kind.RACE_PACE: "RP",
    Kind.STRIDES: "Strides",
    Kind.RECOVERY: "Shake",
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
    steps = watch_steps(session)
    name = workout_name(session, units)
    builder = FitFileBuilder(auto_define=True, min_string_size=_STRING_SIZE)
    builder.add(_file_id(session, timezone))
    builder.add(_workout(session, name, len(steps)))
    builder.add_all([_step_message(step) for step in steps])
    data = builder.build_bytes()
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
    check_weeks(choice.weeks)
    doc = load_document(path)
    plan = document_plan(doc, now)
    start = choice.start or now.astimezone(ZoneInfo(doc.settings.timezone)).date()
    files = plan_workouts(plan, start, choice.weeks, choice.runs_only)
    return tuple(zip(files, write_workouts(files, folder), strict=True))


def default_folder(path: Path) -> Path:
    """Where workouts go when the runner names no folder: the app's data folder, per plan."""
    return data_dir() / "workouts" / path.stem


# --- FIT messages


def _file_id(session: Session, timezone: str) -> FileIdMessage:
    message = FileIdMessage()
    message.type = fit.FileType.WORKOUT
    message.manufacturer = fit.Manufacturer.DEVELOPMENT.value
    message.product = 0
    # A serial of the session's own: the same session always gives the same bytes.
    message.serial_number = zlib.crc32(session.id.encode())
    message.time_created = round(_created(session, timezone).timestamp() * 1000)
    return message


def _created(session: Session, timezone: str) -> datetime:
    """The session's own start in the plan's timezone: deterministic, never the clock."""
    local = datetime.combine(session.date, session.start or time(0), ZoneInfo(timezone))
    return local.astimezone(UTC)


def _workout(session: Session, name: str, steps: int) -> WorkoutMessage:
    message = WorkoutMessage()
    message.workout_name = name
    if session.kind in _STRENGTH_KINDS:
        message.sport = fit.Sport.TRAINING
        message.sub_sport = fit.SubSport.STRENGTH_TRAINING
    else:
        message.sport = fit.Sport.RUNNING
    message.num_valid_steps = steps
    return message


_DURATION = {
    Duration.TIME: fit.WorkoutStepDuration.TIME,
    Duration.DISTANCE: fit.WorkoutStepDuration.DISTANCE,
    Duration.REPS: fit.WorkoutStepDuration.REPS,
    Duration.OPEN: fit.WorkoutStepDuration.OPEN,
    Duration.REPEAT: fit.WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT,
}


def _step_message(step: WatchStep) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = step.index
    message.duration_type = _DURATION[step.duration]
    if step.duration is Duration.REPEAT:
        message.duration_step = step.repeat_from or 0
        message.target_repeat_steps = step.repeat or 1
        return message
    message.workout_step_name = step.name
    if step.intensity is not None:
        message.intensity = fit.Intensity[step.intensity.name]
    _set_duration(message, step)
    _set_target(message, step)
    if step.notes:
        message.notes = step.notes
    if step.exercise is not None:
        category, name = exercise_numbers(*step.exercise)
        message.exercise_category = category
        message.exercise_name = name
    return message


def _set_duration(message: WorkoutStepMessage, step: WatchStep) -> None:
    if step.duration is Duration.TIME:
        message.duration_time = step.value
    elif step.duration is Duration.DISTANCE:
        message.duration_distance = step.value
    elif step.duration is Duration.REPS:
        message.duration_reps = int(step.value or 0)


def _set_target(message: WorkoutStepMessage, step: WatchStep) -> None:
    speed = step.speed
    if speed is None:  # by effort (P3), or a strength set
        message.target_type = fit.WorkoutStepTarget.OPEN
        return
    message.target_type = fit.WorkoutStepTarget.SPEED
    message.target_value = 0  # 0: a custom range, not a speed zone
    message.custom_target_speed_low = speed.low
    message.custom_target_speed_high = speed.high


def exercise_numbers(category: str, name: str) -> tuple[int, int]:
    """FIT numbers of an exercise given by its profile names (``squat``, ``goblet_squat``)."""
    try:
        category_type = fit.ExerciseCategory[category.upper()]
        names = getattr(fit, _camel(category) + "ExerciseName")
        # The generated enum prefixes names that start with a digit with "N".
        key = name.upper()
        value = names[key] if key in names.__members__ else names["N" + key]
    except (KeyError, AttributeError):
        raise PublishError(
            f"the exercise {category}/{name} is not in the FIT profile fit-tool knows"
        ) from None
    return category_type.value, value.value


def _camel(snake: str) -> str:
    return "".join(part.title() for part in snake.split("_"))
