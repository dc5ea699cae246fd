"""One session's watch steps as the bytes of a FIT workout file, written with ``fit-tool``.

``file_id`` of type workout, one ``workout`` and its ``workout_step`` messages. The bytes depend
only on the session and the plan's timezone: ``time_created`` is the session's own start, never
the clock, so an unchanged session gives the same file.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile import profile_type as fit
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from runlift.errors import PublishError
from runlift.plan.model import Session
from runlift.publish.watch.steps import Duration, WatchStep

_STRING_SIZE = 16  # room for a 15-character name: steps with short notes share one definition


def encode_workout(
    session: Session, name: str, steps: tuple[WatchStep, ...], timezone: str, strength: bool
) -> bytes:
    """The FIT file of one workout."""
    builder = FitFileBuilder(auto_define=True, min_string_size=_STRING_SIZE)
    builder.add(_file_id(session, timezone))
    builder.add(_workout(name, len(steps), strength))
    builder.add_all([_step_message(step) for step in steps])
    data: bytes = builder.build_bytes()
    return data


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


def _workout(name: str, steps: int, strength: bool) -> WorkoutMessage:
    message = WorkoutMessage()
    message.workout_name = name
    if strength:
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
