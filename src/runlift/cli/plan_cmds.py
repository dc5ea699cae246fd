"""``runlift plan``: the week table, or the plan JSON (DESIGN.md, version 1)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from runlift.cli.common import (
    add_plan_options,
    add_today_option,
    settings_from_args,
    today_from_args,
)
from runlift.cli.table import format_plan_table
from runlift.plan.generate import generate
from runlift.plan.serialize import plan_to_json


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "plan",
        help="build a plan and print it",
        description="Build a running + strength plan and print it as a week table or JSON.",
        epilog="example: runlift plan --race-date 2027-04-25 --distance half --weekly-km 35 "
        "--recent-race 10k:48:00",
    )
    add_plan_options(parser)
    add_today_option(parser)
    parser.add_argument("--json", action="store_true", help="print the plan JSON")
    parser.set_defaults(handler=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    plan = generate(settings, today_from_args(args))
    if args.json:
        print(json.dumps(plan_to_json(plan), indent=2, ensure_ascii=False))
    else:
        print(format_plan_table(plan))
    return 0
