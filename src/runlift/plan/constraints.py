"""Rule predicates shared by the generator (to place sessions) and the checker (to report).

One function owns each day-level rule; both sides call it, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from runlift.plan.model import Kind, Load, Mode, Session, Slot

DayMap = Mapping[date, Sequence[Session]]
ONE_DAY = timedelta(days=1)


def day_map(sessions: Iterable[Session]) -> dict[date, list[Session]]:
    """Sessions on the calendar (not skipped), by date."""
    days: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        if not session.skipped:
            days[session.date].append(session)
    return days


def week_run_km(sessions: Iterable[Session], week_start: date) -> float:
    """The running of one week in km, the race not counted (T2 measures the taper so)."""
    end = week_start + timedelta(days=7)
    return round(
        sum(
            s.distance_km or 0.0
            for s in sessions
            if s.is_run and s.kind is not Kind.RACE and not s.skipped and week_start <= s.date < end
        ),
        1,
    )


def has_hard_run(days: DayMap, day: date) -> bool:
    return any(s.hard for s in days.get(day, ()))


def has_easy_run(days: DayMap, day: date) -> bool:
    return any(s.is_run and not s.hard for s in days.get(day, ()))


def has_strength(days: DayMap, day: date, exclude: Session | None = None) -> bool:
    return any(s.kind is Kind.STRENGTH and s is not exclude for s in days.get(day, ()))


def is_full_rest(days: DayMap, day: date) -> bool:
    """V5: no run and no strength (a rest-day marker or core is not training load)."""
    return not any(s.is_run or s.kind is Kind.STRENGTH for s in days.get(day, ()))


def heavy_before_hard(days: DayMap, session: Session) -> bool:
    """S5: heavy strength on the day before a hard day."""
    return session.load is Load.HEAVY and has_hard_run(days, session.date + ONE_DAY)


def heavy_followed_by_load(days: DayMap, session: Session) -> bool:
    """S7: the day after the heavy session must be an easy run or a rest day (no lifting)."""
    # A hard run the next day is S5's to report; S7 adds: no lifting the day after.
    return session.load is Load.HEAVY and has_strength(days, session.date + ONE_DAY)


def misplaced_race_strength(days: DayMap, session: Session) -> bool:
    """S6 (race mode): lift on a hard-run day after the run, or before an easy run."""
    same_day_hard = [s for s in days.get(session.date, ()) if s.hard]
    if same_day_hard:
        return any(s.slot is Slot.PM and session.slot is Slot.AM for s in same_day_hard)
    return not has_easy_run(days, session.date + ONE_DAY)


def adjacent_hard_days(days: DayMap, day: date) -> bool:
    """V4: a hard day right after another hard day (no easy or rest day between)."""
    return has_hard_run(days, day) and has_hard_run(days, day - ONE_DAY)


def in_final_strength_ban(race_date: date | None, day: date, ban_days: int) -> bool:
    """T3: no strength in the last ``ban_days`` days before the race (nor on race day)."""
    return race_date is not None and race_date - timedelta(days=ban_days) <= day <= race_date


def heavy_too_close(race_date: date | None, day: date, min_days: int) -> bool:
    """T3: heavy strength on ``day`` is too close to the race (less than ``min_days`` out)."""
    return race_date is not None and (race_date - day).days < min_days


def strength_placement_breaks(days: DayMap, session: Session, mode: Mode, strict_s6: bool) -> bool:
    """Any day-level strength rule (S5, S6 in race mode when strict, S7) the session breaks."""
    if heavy_before_hard(days, session) or heavy_followed_by_load(days, session):
        return True
    return mode is Mode.RACE and strict_s6 and misplaced_race_strength(days, session)
