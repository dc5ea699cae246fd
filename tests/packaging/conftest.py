"""The Linux validators for the packaging checks, installed by the check itself when missing.

(No ``__init__.py`` here on purpose: a test package named ``packaging`` would shadow the
``packaging`` library for the whole test session.)
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from packaging_layout import LINUX


@pytest.fixture(scope="session")
def validators() -> None:
    """desktop-file-validate, appstreamcli and update-mime-database, installed when missing."""
    done = subprocess.run(
        ["bash", str(LINUX / "install_validators.sh")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"installing the validators failed:\n{done.stderr}"
    for tool in ("desktop-file-validate", "appstreamcli", "update-mime-database"):
        assert shutil.which(tool), f"{tool} is still missing after install_validators.sh"
