"""A plan's name as a file name, valid on Windows, macOS and Linux."""

from __future__ import annotations

import re

# Characters no file name may hold on Windows (the strictest), with the ASCII controls; "/" is
# the one Linux and macOS refuse, and ":" the one macOS's Finder shows as "/".
_NOT_IN_FILE_NAMES = re.compile(r'(?:\s*[<>:"/\\|?*\x00-\x1f])+\s*')


_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
)


FILE_STEM_LIMIT = 100  # characters: well inside every system's 255, with room for the folder


def file_stem(name: str) -> str:
    """A file name (without extension) for a plan called ``name``, valid on Windows, macOS and
    Linux: "Demo: spring half" → "Demo - spring half"."""
    stem = " ".join(_NOT_IN_FILE_NAMES.sub(" - ", name).split())
    stem = stem[:FILE_STEM_LIMIT].strip(" .-")  # Windows drops a trailing dot or space
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = f"Plan {stem}"  # "CON" (also "con.txt") names a device on Windows
    return stem or "Untitled plan"
