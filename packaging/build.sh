#!/usr/bin/env bash
# `make dist`: builds the one-folder RunLift bundle into dist/runlift/ with PyInstaller.
# The `dist` extra of pyproject.toml (PyInstaller) is installed into .venv when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON_BIN:-.venv/bin/python}
if [ ! -x "$PY" ]; then
    echo "build.sh: $PY not found; run 'make run' or 'make test' once to create the virtualenv" >&2
    exit 1
fi

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    # The requirements of the `dist` extra, read from pyproject.toml so there is one list.
    mapfile -t wanted < <("$PY" -c '
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["dist"]))
')
    echo "build.sh: installing ${wanted[*]} into $(dirname "$(dirname "$PY")")"
    "$PY" -m pip install --quiet "${wanted[@]}"
fi

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/runlift.spec

echo "build.sh: built $(du -sh dist/runlift | cut -f1) in dist/runlift/"
