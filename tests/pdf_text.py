"""Reading a PDF back as a runner would: its words (pdftotext) and its pages as images
(pdftoppm), from poppler-utils, which `make test` installs when it is missing."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed; `make test` installs it")
    return path


def pdf_words(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages ``first``..``last`` (1-based), whitespace folded to one space and
    ligatures (ﬁ, ﬀ: how the font sets them) read as their letters."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    result = subprocess.run(
        [_tool("pdftotext"), *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(unicodedata.normalize("NFKC", result.stdout).split())


def pdf_page_count(pdf: Path) -> int:
    result = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])
