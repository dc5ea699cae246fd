"""One cleaning of every text that reaches an output (a calendar, a file name, a watch): no
line breaks or control characters in a one-line name, no lone surrogates (what a tool that
cut an emoji in half writes), and long values cut to a readable length in messages."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
MESSAGE_VALUE_LENGTH = 60  # what a refusal echoes of a value before "…"


def whole_text(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; paired ones become the character."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def one_line(text: str) -> str:
    """A name for one line: line breaks, tabs and control characters fold to single spaces."""
    text = whole_text(text)
    folded = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return _SPACES.sub(" ", folded).strip()


def shown_value(value: object) -> str:
    """A value as a message quotes it: on one line (``repr``) and cut to
    MESSAGE_VALUE_LENGTH characters."""
    text = one_line(repr(whole_text(value) if isinstance(value, str) else value))
    if len(text) <= MESSAGE_VALUE_LENGTH:
        return text
    return text[: MESSAGE_VALUE_LENGTH - 1] + "…"
