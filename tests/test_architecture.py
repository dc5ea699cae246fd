"""The house limits of docs/architecture.md: folders by concept, small modules, a true tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "runlift"
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 400
MAX_MODULES = 12  # in one folder, not counting __init__ and __main__


def _folders() -> list[Path]:
    return sorted(
        [PACKAGE, *(p.parent for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE)]
    )


def _modules(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*.py") if p.stem not in ("__init__", "__main__")]


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by concept: {long}"


def test_no_folder_holds_more_than_about_twelve_modules() -> None:
    crowded = {
        str(f.relative_to(PACKAGE)): len(_modules(f))
        for f in _folders()
        if len(_modules(f)) > MAX_MODULES
    }
    assert not crowded, f"give these folders sub-packages: {crowded}"


def test_every_folder_says_what_it_is() -> None:
    silent = [
        str(f.relative_to(PACKAGE))
        for f in _folders()
        if not ast.get_docstring(ast.parse((f / "__init__.py").read_text(encoding="utf-8")))
    ]
    assert not silent


def test_the_tree_in_the_architecture_page_is_the_tree_on_disk() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- tree: begin -->\n```\n(.*?)```\n<!-- tree: end -->", text, re.S)
    assert block is not None, "docs/architecture.md lost its tree"
    lines = [line.split(None, 1) for line in block.group(1).splitlines() if line.strip()]
    listed = {folder: words.strip() for folder, words in lines}
    on_disk = {}
    for folder in _folders():
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc is not None
        on_disk[f"{folder.relative_to(ROOT).as_posix()}/"] = doc.splitlines()[0]
    assert listed == on_disk
