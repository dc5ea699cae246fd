"""Fuzzing ``runlift plan`` and the document commands in-process: any flags, any values, any
settings file, any ``set``, ``move`` or ``distance`` of a plan document.

Every run must end in a plan (exit 0) or in exit 2 with one line naming the setting that is
wrong, never a traceback (README "Command line"); a refused change leaves the document as it
was. The values mix good ones with the hostile ones that once crashed: unicode digits, huge
numbers, tzdata folder names, far dates, settings files of the wrong types, in Latin-1, or
nested thousands deep. ``make fuzz`` runs 10,000 examples of each (``HYPOTHESIS_PROFILE=fuzz``)
and prints how they ended.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from runlift.cli import main
from runlift.plan.edits.apply import document_today, plan_with_edits
from runlift.plan.settings_io import SETTINGS_KEYS
from runlift.storage.document import load_document

TODAY = "2027-01-04"
FIELDS = {*SETTINGS_KEYS, "config", "today"}
ONE_LINE = re.compile(r"runlift: (?P<field>[a-z_]+): \S.*")

HOSTILE_TEXT = st.sampled_from(
    [
        "", " ", "-", "0", "-1", "1e400", "nan", "inf", "-inf", "1_000", "٣", "４０", "4²",
        "9" * 5000, "9" * 400, "0" * 300 + "5", "１０k", "\u200b", "None", "[]", "{}", "é",
        "x" * 300, "..", ":", "::", "1:2:3:4", "\\", "'", '"', "%s", "\n",
    ]
)  # fmt: skip
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        ["2027-02-30", "9999-12-31", "0001-01-01", "1999-12-31", "2200-01-01", "2027-1-5",
         "２０２７-０１-０１", "20270301", "2027-W10-1", "2027-03-01T06:00"]
    ),
    HOSTILE_TEXT,
)  # fmt: skip
NEAR_DATES = st.dates(min_value=date(2027, 1, 5), max_value=date(2028, 3, 1)).map(str)
NUMBERS = st.one_of(
    st.integers(-10, 300).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    HOSTILE_TEXT,
)
TIMEZONES = st.one_of(
    st.sampled_from(
        ["Europe/Berlin", "UTC", "America/New_York", "US", "America", "Europe", "Etc",
         "posixrules", "Europe/", "/etc/passwd", "../../etc/passwd", "Europe/Nowhere",
         "EUROPE/BERLIN", "x" * 300, "a/" * 200, "Europe/Berlin/"]
    ),
    HOSTILE_TEXT,
)  # fmt: skip
RACES = st.one_of(
    st.sampled_from(
        ["10k:45:00", "half:1:45:30", "5k:20:00", "marathon:3:30:00", "10k:4²:00",
         "10k:" + "9" * 5000, "10k:٤٥:٠٠", "10k:0:00", "10k:1:00", "marathon:99:99:99",
         "10k", "10k:45:00:00:00", ":45:00", "ultra:5:00:00"]
    ),
    st.tuples(st.sampled_from(["5k", "10k", "half"]), st.integers(0, 10**7)).map(
        lambda pair: f"{pair[0]}:{pair[1]}"
    ),
    HOSTILE_TEXT,
)  # fmt: skip
DISTANCES = st.one_of(
    st.sampled_from(["5k", "10k", "half", "marathon", "15km", "12mi", "0k", "250km", "251km",
                     "9" * 400 + "km", "٣k", "1.5km", "HALF", " 10k "]),
    HOSTILE_TEXT,
)  # fmt: skip
WEEKDAY = st.one_of(st.sampled_from(["mon", "sat", "Sunday", "SUN", "xyz"]), HOSTILE_TEXT)
EQUIPMENT = st.one_of(
    st.sampled_from(["dumbbell", "dumbbell,band", "kettlebell,ball,suspension", "barbell",
                     ",,,", "band,band"]),
    HOSTILE_TEXT,
)  # fmt: skip
CLOCK = st.one_of(st.sampled_from(["06:30", "18:00", "25:00", "٠٦:٣٠", "6", "23:59"]), HOSTILE_TEXT)
UNAVAILABLE = st.one_of(
    NEAR_DATES,
    st.tuples(NEAR_DATES, NEAR_DATES).map(lambda pair: f"{min(pair)}..{max(pair)}"),
    st.sampled_from(["2027-01-01..9999-12-31", "2027-03-01..2027-02-01", "2027-01-05.."]),
    DATES,
)

# flag → (values a plan is made from, values that must be refused or survive)
FLAG_VALUES = {
    "race-date": (st.sampled_from(["2027-05-02", "2027-06-13"]), DATES),
    "distance": (st.sampled_from(["10k", "half", "15km", "HALF"]), DISTANCES),
    "base-weeks": (st.integers(4, 20).map(str), NUMBERS),
    "start": (st.sampled_from(["2027-01-04", "2027-01-18"]), DATES),
    "weekly-km": (st.integers(32, 40).map(str), NUMBERS),
    "long-run-km": (st.sampled_from(["12", "13.5", "14"]), NUMBERS),
    "runs-per-week": (st.integers(3, 5).map(str), NUMBERS),
    "long-run-day": (st.sampled_from(["sun", "Saturday"]), WEEKDAY),
    "rest-day": (st.sampled_from(["mon", "fri"]), WEEKDAY),
    "strength-per-week": (st.integers(0, 3).map(str), NUMBERS),
    "strength-minutes": (st.integers(15, 90).map(str), NUMBERS),
    "core-per-week": (st.integers(0, 3).map(str), NUMBERS),
    "equipment": (st.sampled_from(["dumbbell", "band,ball", "kettlebell"]), EQUIPMENT),
    "recent-race": (st.sampled_from(["10k:50:00", "half:1:50:00", "5k:24:00"]), RACES),
    "unavailable": (UNAVAILABLE, UNAVAILABLE),
    "units": (st.sampled_from(["km", "mi"]), st.sampled_from(["MI", "furlongs", ""])),
    "timezone": (st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tokyo"]), TIMEZONES),
    "mon-am": (st.sampled_from(["06:30", "7:15"]), CLOCK),
    "sat-pm": (st.sampled_from(["18:00", "19:45"]), CLOCK),
}
# A plan these flags make; the fuzzed flags come after and win.
BASE = ["--race-date=2027-05-02", "--distance=half", "--weekly-km=35", "--long-run-km=13"]

# Settings files: (how to write it, what it holds). Good ones, wrong types, broken bytes.
CONFIGS = st.sampled_from(
    [
        b'weekly_km = 40\nlong_run_km = 16\nrace_date = 2027-05-02\ndistance_km = "half"\n',
        b"equipment = 5\n",
        b"unavailable = 5\n",
        b"unavailable = [5, 6]\n",
        b"unavailable = [2027-02-01, 9999-12-31]\n",
        b"race_date = 9999-12-31\n",
        b"race_date = 2027-05-02T06:00:00\n",
        b"race_date = 06:00:00\n",
        b"weekly_km = [1, 2]\n",
        b"weekly_km = true\n",
        b"weekly_km = nan\n",
        b"weekly_km = inf\n",
        b"runs_per_week = 99999999999999999999\n",
        b"runs_per_week = 3.5\n",
        b"timezone = 5\n",
        b'timezone = "US"\n',
        b"mon_am = 25:00:00\n",
        b"mon_am = 1979-05-27\n",
        b"[settings]\nweekly_km = 40\n",
        b'recent_race = {distance = "10k"}\n',
        b'name = "caf\xe9"\n',  # Latin-1
        b"\xff\xfe w\x00e\x00",  # UTF-16
        b"weekly_km = ",
        b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        b"a = " + b"{b = " * 3000 + b"1" + b"}" * 3000 + b"\n",
        b"",
        b"\x00\x01\x02",
    ]
)


@st.composite
def plan_argv(draw: st.DrawFn, folder: Path) -> list[str]:
    """``runlift plan`` with any of its flags, good or hostile values, and maybe a file."""
    flags = draw(st.lists(st.sampled_from(sorted(FLAG_VALUES)), unique=True, max_size=6))
    argv = ["plan", f"--today={TODAY}", *(BASE if draw(st.integers(0, 4)) else [])]
    for flag in flags:
        good, hostile = FLAG_VALUES[flag]
        value = draw(hostile if draw(st.integers(0, 2)) == 0 else good)
        argv.append(f"--{flag}={value}")
    if draw(st.booleans()):
        config = folder / "settings.toml"  # examples run one after another
        config.write_bytes(draw(CONFIGS))
        argv.append(f"--config={config}")
    if draw(st.booleans()):
        argv.append("--json")
    return argv


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def outcome_of(argv: list[str]) -> str:
    """``plan`` or ``exit 2: FIELD``; anything else fails the test with what was seen."""
    code, out, err = run_cli(argv)  # a traceback fails the test here, with its argv
    if code == 0:
        assert out.strip() and not err, (argv, err)
        return "plan"
    lines = err.splitlines()
    assert code == 2 and len(lines) == 1, (argv, code, err)
    match = ONE_LINE.fullmatch(lines[0])
    assert match, (argv, err)
    assert match["field"] in FIELDS or "unknown setting" in err, (argv, err)
    return f"exit 2: {match['field']}"


def test_any_plan_command_ends_in_a_plan_or_one_line_naming_the_setting(tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()

    @given(argv=plan_argv(tmp_path))
    def one_run(argv: list[str]) -> None:
        outcomes[outcome_of(argv)] += 1

    one_run()
    total = sum(outcomes.values())
    assert outcomes["plan"] and total > outcomes["plan"], outcomes  # both ends were reached
    print(
        f"\nfuzzed `runlift plan` {total} times: "
        + ", ".join(f"{name} {count}" for name, count in outcomes.most_common())
    )


# -- the document commands ----------------------------------------------------------------------
SETTING_VALUES = {
    ("distance_km" if flag == "distance" else flag.replace("-", "_")): values
    for flag, values in FLAG_VALUES.items()
}
REFUSED_EDIT = re.compile(r"runlift: cannot [a-z]+ \S+: \S.*")  # an edit the plan cannot take


@st.composite
def doc_argv(draw: st.DrawFn, path: Path, session_ids: list[str]) -> list[str]:
    """One change of the document at ``path``: ``set``, ``move``, ``distance``, ``skip`` …"""
    session = draw(st.one_of(st.sampled_from(session_ids), HOSTILE_TEXT.filter(bool)))
    command = draw(st.sampled_from(["set", "move", "distance", "minutes", "skip", "lock"]))
    if command == "set":
        key = draw(st.sampled_from(sorted(SETTING_VALUES)))
        good, hostile = SETTING_VALUES[key]
        value = draw(hostile if draw(st.booleans()) else good)
        positional = [f"{key}={value}"]
    elif command == "move":
        positional = [session, draw(st.one_of(NEAR_DATES, DATES))]
    elif command in ("distance", "minutes"):
        positional = [session, draw(st.one_of(st.integers(0, 700).map(str), NUMBERS))]
    else:
        positional = [session]
    # "--" ends the options: a value such as "-1e+16" is a value, not an unknown option
    return [command, f"--today={TODAY}", "--", str(path), *positional]


def doc_outcome_of(argv: list[str], path: Path, before: bytes) -> str:
    """``saved``, ``refused`` or ``exit 2: FIELD``; a refusal leaves the file as it was."""
    code, out, err = run_cli(argv)
    if code == 0:
        assert "Saved" in out, (argv, out, err)
        load_document(path)  # still readable
        return "saved"
    lines = err.splitlines()
    assert code == 2 and len(lines) == 1, (argv, code, err)
    assert path.read_bytes() == before, argv
    if REFUSED_EDIT.fullmatch(lines[0]):
        return "refused edit"
    match = re.fullmatch(r"runlift: (?P<field>[A-Za-z_]+): \S.*", lines[0])
    assert match, (argv, err)
    return f"exit 2: {match['field']}"


def test_any_change_of_a_document_is_saved_or_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "spring.runlift"
    assert run_cli(["new", str(path), *BASE, f"--today={TODAY}"])[0] == 0
    template = path.read_bytes()
    doc = load_document(path)
    today = document_today(doc.settings, date.fromisoformat(TODAY))
    session_ids = [s.id for s in plan_with_edits(doc.settings, (), today)[0].sessions]
    outcomes: Counter[str] = Counter()

    @given(argv=doc_argv(path, session_ids))
    def one_run(argv: list[str]) -> None:
        path.write_bytes(template)  # every example starts from the same document
        outcomes[doc_outcome_of(argv, path, template)] += 1

    one_run()
    total = sum(outcomes.values())
    assert outcomes["saved"] and total > outcomes["saved"], outcomes
    print(
        f"\nfuzzed the document commands {total} times: "
        + ", ".join(f"{name} {count}" for name, count in outcomes.most_common())
    )
