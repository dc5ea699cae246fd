"""The domain model: settings in, plan out. Frozen dataclasses and enums only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KM_PER_MILE = 1.609344


def weekday_name(day: date) -> str:
    """``mon`` … ``sun`` for a date."""
    return WEEKDAYS[day.weekday()]


class Mode(StrEnum):
    RACE = "race"
    BASE = "base"


class Kind(StrEnum):
    EASY = "easy"
    LONG = "long"
    THRESHOLD = "threshold"
    INTERVALS = "intervals"
    HILLS = "hills"
    RACE_PACE = "race_pace"
    STRIDES = "strides"
    RECOVERY = "recovery"
    RACE = "race"
    STRENGTH = "strength"
    CORE = "core"
    CROSS = "cross"
    REST = "rest"


QUALITY_KINDS = frozenset({Kind.THRESHOLD, Kind.INTERVALS, Kind.HILLS, Kind.RACE_PACE})
HARD_KINDS = QUALITY_KINDS | {Kind.LONG, Kind.RACE}
RUN_KINDS = QUALITY_KINDS | {Kind.EASY, Kind.LONG, Kind.STRIDES, Kind.RECOVERY, Kind.RACE}


class Load(StrEnum):
    HEAVY = "heavy"
    MODERATE = "moderate"
    LIGHT = "light"


class Slot(StrEnum):
    AM = "am"
    PM = "pm"
    ALLDAY = "allday"


class Phase(StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"


class Pattern(StrEnum):
    SQUAT = "squat"
    HINGE = "hinge"
    LUNGE = "lunge"
    PUSH = "push"
    PULL = "pull"
    CARRY = "carry"
    CORE = "core"


SIX_PATTERNS: tuple[Pattern, ...] = (
    Pattern.SQUAT,
    Pattern.HINGE,
    Pattern.LUNGE,
    Pattern.PUSH,
    Pattern.PULL,
    Pattern.CARRY,
)


class Equipment(StrEnum):
    BODYWEIGHT = "bodyweight"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    BAND = "band"
    BALL = "ball"
    SUSPENSION = "suspension"


class Units(StrEnum):
    KM = "km"
    MI = "mi"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


RACE_DISTANCES_KM: dict[str, float] = {
    "5k": 5.0,
    "10k": 10.0,
    "half": 21.0975,
    "marathon": 42.195,
}


# V10: runs a week when the runner leaves it out, by weekly km (up to the limit).
RUNS_FOR_VOLUME: tuple[tuple[float, int], ...] = (
    (20.0, 3), (45.0, 4), (70.0, 5), (100.0, 6), (float("inf"), 7),
)  # fmt: skip
MAX_RUN_AVERAGE_KM = 25.0  # V10: an average run longer than this asks for more runs a week


@dataclass(frozen=True)
class RaceResult:
    """A recent race: distance and finishing time."""

    distance_km: float
    seconds: int


@dataclass(frozen=True)
class DayTimes:
    """When the runner trains on one weekday: the morning and the evening slot."""

    am: time = time(7, 0)
    pm: time = time(18, 0)


def _default_times() -> tuple[DayTimes, ...]:
    weekend = DayTimes(am=time(8, 0), pm=time(17, 0))
    return (DayTimes(),) * 5 + (weekend, weekend)


@dataclass(frozen=True)
class Settings:
    """What the runner wants. Together with nothing else, it determines the plan."""

    mode: Mode = Mode.RACE
    race_date: date | None = None
    distance_km: float | None = None
    base_weeks: int | None = None
    start: date | None = None
    weekly_km: float = 30.0
    long_run_km: float | None = None  # None: derived from the weekly volume (V10)
    runs_per_week: int | None = None  # None: from the weekly volume (V10)
    long_run_day: str = "sun"
    rest_day: str | None = None  # None: the day after the long run
    strength_per_week: int | None = None  # None: S1 default from strength_minutes
    strength_minutes: int = 45
    core_per_week: int = 0
    equipment: tuple[Equipment, ...] = (Equipment.BODYWEIGHT, Equipment.DUMBBELL)
    recent_race: RaceResult | None = None
    unavailable: tuple[date, ...] = ()
    units: Units = Units.KM
    timezone: str = "UTC"
    times: tuple[DayTimes, ...] = field(default_factory=_default_times)  # mon … sun

    @property
    def runs(self) -> int:
        """Runs a week: the runner's choice, or what their weekly volume suggests (V10)."""
        if self.runs_per_week is not None:
            return self.runs_per_week
        return next(n for limit, n in RUNS_FOR_VOLUME if self.weekly_km <= limit)

    @property
    def rest(self) -> str:
        """V5: the full rest day: the runner's choice, or the day after the long run."""
        if self.rest_day is not None:
            return self.rest_day
        return WEEKDAYS[(WEEKDAYS.index(self.long_run_day) + 1) % 7]

    def day_times(self, day: date) -> DayTimes:
        return self.times[day.weekday()]


@dataclass(frozen=True)
class PaceRange:
    """A training pace; ``min_s_per_km`` is the faster end. Single paces have min == max."""

    name: str
    min_s_per_km: int
    max_s_per_km: int


@dataclass(frozen=True)
class Exercise:
    """One exercise as prescribed in a session: reps (e.g. "6-8") or a hold in breaths."""

    name: str
    pattern: Pattern
    sets: int
    reps: str | None = None
    hold_breaths: int | None = None
    equipment: Equipment = Equipment.BODYWEIGHT


class StepKind(StrEnum):
    """What one step of a session is (DESIGN.md "Plan JSON", ``steps``)."""

    WARMUP = "warmup"
    WORK = "work"
    RECOVER = "recover"
    COOLDOWN = "cooldown"
    EXERCISE = "exercise"
    REPEAT = "repeat"  # a block: ``steps`` done ``repeat`` times


@dataclass(frozen=True)
class Step:
    """One step of a session: a run segment, a repeat block or a strength exercise.

    A run step lasts ``minutes``, ``seconds`` or ``km`` and goes at a ``pace`` (when the runner
    gave a recent race) or by ``effort``. A ``REPEAT`` step holds its ``steps`` and how many
    times (``repeat``). An ``EXERCISE`` step is ``sets`` × ``reps`` (or ``hold_breaths``) of one
    exercise, with ``rest_seconds`` between sets. ``zone`` names the training pace of a run
    step (E, M, T, I, R or RP for race pace) even when it goes by effort.
    """

    step: StepKind
    minutes: float | None = None
    seconds: int | None = None
    km: float | None = None
    pace: PaceRange | None = None
    effort: str | None = None
    repeat: int | None = None
    steps: tuple[Step, ...] = ()
    name: str | None = None
    pattern: Pattern | None = None
    sets: int | None = None
    reps: str | None = None
    hold_breaths: int | None = None
    rest_seconds: int | None = None
    note: str | None = None
    zone: str | None = None  # the training pace it is run at (E, M, T, I, R, RP), pace or not


@dataclass(frozen=True)
class Session:
    """One workout on one day. ``id`` is stable across moves and race-date changes."""

    id: str
    date: date
    slot: Slot
    start: time | None
    minutes: int
    kind: Kind
    title: str
    description: str
    why: str = ""
    distance_km: float | None = None
    pace: PaceRange | None = None
    load: Load | None = None
    exercises: tuple[Exercise, ...] = ()
    steps: tuple[Step, ...] = ()
    skipped: bool = False
    locked: bool = False
    edited: bool = False  # the runner moved or changed it: its rule breaks are warnings

    @property
    def hard(self) -> bool:
        """The long run, a quality run or the race (DOMAIN.md "hard day")."""
        return self.kind in HARD_KINDS

    @property
    def is_run(self) -> bool:
        return self.kind in RUN_KINDS


@dataclass(frozen=True)
class Week:
    """A Monday-to-Sunday week. ``to_race`` counts weeks back from race week (0), or None."""

    index: int
    start: date
    phase: Phase
    run_km: float
    cutback: bool
    to_race: int | None = None
    strength_cutback: bool = False


@dataclass(frozen=True)
class Violation:
    """A broken rule, by its DOMAIN.md id."""

    rule: str
    severity: Severity
    message: str
    date: date | None = None
    session_id: str | None = None


@dataclass(frozen=True)
class Plan:
    """A generated plan (with user edits applied, if any) and its rule report."""

    settings: Settings
    vdot: float | None
    weeks: tuple[Week, ...]
    sessions: tuple[Session, ...]
    warnings: tuple[Violation, ...] = ()

    @property
    def active_sessions(self) -> tuple[Session, ...]:
        """Sessions that are on the calendar (not skipped)."""
        return tuple(s for s in self.sessions if not s.skipped)

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def week_of(self, day: date) -> Week | None:
        return next((w for w in self.weeks if 0 <= (day - w.start).days < 7), None)

    def shown_km(self, week: Week) -> float:
        """The week's running as a runner counts it: race week with the race in it (the
        rules measure the runs around it, ``run_km``)."""
        race = sum(
            s.distance_km or 0.0
            for s in self.active_sessions
            if s.kind is Kind.RACE and 0 <= (s.date - week.start).days < 7
        )
        return week.run_km + race


def monday(day: date) -> date:
    """The Monday that starts ``day``'s week (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())
