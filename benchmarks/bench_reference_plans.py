"""RunLift's plans beside published plans on the same day-1 inputs (the comparison table).

The same comparison ``tests/plan/test_reference_plans.py`` holds to the bars: peak long run,
long runs near the peak, peak week, race week, biggest week-over-week rise.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.plan.reference_compare import comparisons, table


def main() -> None:
    rows = list(comparisons())
    print(table(rows))
    print("sources:")
    for row in rows:
        print(f"  {row.name}: {row.source}")


if __name__ == "__main__":
    main()
