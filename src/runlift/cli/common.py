"""Shared pieces of the command line: the plan options and "today"."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from runlift.errors import SettingsError
from runlift.local_zone import local_timezone
from runlift.plan.model import WEEKDAYS, Settings
from runlift.plan.settings_io import parse_date, settings_from_dict


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """The settings flags shared by ``runlift plan`` and ``runlift new``."""
    group = parser.add_argument_group("plan options")
    group.add_argument("--config", type=Path, help="settings TOML file (same keys; flags win)")
    group.add_argument("--race-date", help="race day, YYYY-MM-DD")
    group.add_argument("--distance", help="5k, 10k, half, marathon or e.g. 15km, 50mi")
    group.add_argument("--base-weeks", help="base mode: number of weeks, no race")
    group.add_argument("--start", help="first day of the plan (default: today)")
    group.add_argument("--weekly-km", help="current weekly running volume in km (or e.g. 20mi)")
    group.add_argument("--long-run-km", help="longest recent run in km (or e.g. 8mi)")
    group.add_argument("--runs-per-week", help="runs a week (2-7)")
    group.add_argument("--long-run-day", help="mon … sun")
    group.add_argument("--rest-day", help="full rest day, mon … sun")
    group.add_argument("--strength-per-week", help="strength sessions a week (0-3)")
    group.add_argument("--strength-minutes", help="minutes per strength session")
    group.add_argument("--core-per-week", help="extra short core sessions a week (0-3)")
    group.add_argument("--equipment", help="comma list: dumbbell,kettlebell,band,ball,suspension")
    group.add_argument(
        "--recent-race",
        help='recent result, e.g. "10k 45:00", "half 1:45:30" or 10k:45:00; a time alone '
        "(45:00) is over the race distance",
    )
    group.add_argument(
        "--unavailable", action="append", help="DATE or DATE..DATE without training (repeatable)"
    )
    group.add_argument("--units", help="km or mi")
    group.add_argument("--timezone", help="IANA timezone, e.g. Europe/Berlin")
    for day in WEEKDAYS:
        group.add_argument(f"--{day}-am", help=argparse.SUPPRESS)
        group.add_argument(f"--{day}-pm", help=argparse.SUPPRESS)


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD)")


def today_from_args(args: argparse.Namespace) -> date:
    value = getattr(args, "today", None)
    return parse_date(value, "today") if value else date.today()


MAX_CONFIG_BYTES = 1_000_000  # a settings file is a few hundred bytes


def read_config(path: Path) -> dict[str, Any]:
    """The settings TOML file; SettingsError ("config") for anything but a readable TOML file."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise SettingsError("config", f"cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise SettingsError("config", f"{path} is too big for a settings file")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError("config", f"{path} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError("config", f"{path} is not valid TOML: {error}") from None
    except RecursionError:
        raise SettingsError("config", f"{path} is nested too deeply to be settings") from None


_FLAG_KEYS = (
    "race_date", "base_weeks", "start", "weekly_km", "long_run_km", "runs_per_week",
    "long_run_day", "rest_day", "strength_per_week", "strength_minutes", "core_per_week",
    "equipment", "recent_race", "units", "timezone",
)  # fmt: skip


def settings_from_args(args: argparse.Namespace, base: Settings | None = None) -> Settings:
    """Settings from ``--config`` then the flags; the mode follows from the flags given."""
    values: dict[str, Any] = {}
    if args.config:
        values.update(read_config(args.config))
    for key in _FLAG_KEYS:
        if getattr(args, key) is not None:
            values[key] = getattr(args, key)
    for day in WEEKDAYS:
        for slot in ("am", "pm"):
            if getattr(args, f"{day}_{slot}") is not None:
                values[f"{day}_{slot}"] = getattr(args, f"{day}_{slot}")
    if args.distance is not None:  # read with the plan's unit, which a refusal names
        values["distance_km"] = args.distance
    if args.unavailable:
        values["unavailable"] = list(args.unavailable)
    if base is None and "timezone" not in values:  # a new plan runs on the runner's clock
        values["timezone"] = local_timezone()
    if "mode" not in values:
        if args.base_weeks is not None:
            values["mode"] = "base"
        elif args.race_date is not None or args.distance is not None:
            values["mode"] = "race"
    return settings_from_dict(values, base)


def add_document_command(
    commands: Any,
    name: str,
    text: str,
    handler: Callable[[argparse.Namespace], int],
    today: bool = False,
) -> argparse.ArgumentParser:
    """A subcommand that works on one plan document (``runlift NAME DOC …``)."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=text, description=text)
    parser.add_argument("document", metavar="DOC", type=Path, help="the plan document (.runlift)")
    if today:
        add_today_option(parser)
    parser.set_defaults(handler=handler)
    return parser
