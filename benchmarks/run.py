"""`make bench`: runs every benchmarks/bench_*.py module's ``main()`` and prints its figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem[len('bench_') :]}")
        module.main()
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
