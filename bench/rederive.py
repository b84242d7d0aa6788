"""What a new ``derive`` version costs a case: every derived document derived again, as
``kavosh ingest`` does after an upgrade, on text that did not change.

    .venv/bin/python bench/rederive.py --case DIR [--runs 3]

Each run marks ``derive`` pending for every document it did (as a stale version does) and runs
the pipeline (``ingest`` with no path): derive, index, mentions, then the case-wide stages that
are due. Reported: wall and CPU time of this process per run (the workers' CPU is not in it),
whether the entities were resolved again, and the median. The case is changed in place (its
documents derived and indexed again), so give it a copy. A case whose mentions carry no digest
yet (made before migration 23) finds them and resolves once in its first run; the runs after
show the steady cost.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from common import machine

from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.pipeline.stages import DERIVE


def rederive(folder: Path) -> tuple[float, float, bool]:
    """One run: (wall s, CPU s of this process, whether the entities were resolved again)."""
    case = Case.open(folder)
    try:
        case.store.requeue_stale(DERIVE.name, f"{DERIVE.version}+next")  # as a new version
        before = _resolved_at(case)
        wall, cpu = time.monotonic(), time.process_time()
        ingest(case, [])
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        return wall, cpu, before is None or _resolved_at(case) != before
    finally:
        case.close()


def _resolved_at(case: Case) -> str | None:
    """When the entities stage last changed state (None: never ran)."""
    row = case.store.execute("SELECT updated_at FROM case_state WHERE stage = 'entities'"
                             ).fetchone()
    return str(row[0]) if row else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [rederive(args.case) for _ in range(args.runs)]
    print(f"machine: {machine()}")
    for i, (wall, cpu, resolved) in enumerate(runs, 1):
        print(f"run {i}: wall {wall:.1f} s, CPU {cpu:.1f} s (this process),"
              f" entities {'resolved again' if resolved else 'kept'}")
    print(f"median: wall {statistics.median(r[0] for r in runs):.1f} s,"
          f" CPU {statistics.median(r[1] for r in runs):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
