"""What resolving a case's entities costs: :func:`kavosh.entities.resolve.resolve` over every
stored mention of a case, as the ``entities`` stage runs it after any change of mentions.

    .venv/bin/python bench/resolve_time.py --case DIR [--runs 3] [--out FILE]

The case is only read (its mentions), never written. Reported per run: CPU time of the
resolution (the mentions read beforehand, once), the clusters made, and the median; ``--out``
writes the clusters (key, type, mention ids) as JSON, so two versions of Kavosh on
``PYTHONPATH`` can be shown to resolve a case alike (``cmp`` the files).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from common import machine

from kavosh.case import Case
from kavosh.entities.resolve import resolve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    case = Case.open(args.case)
    try:
        mentions = list(case.store.mentions())
    finally:
        case.close()
    print(f"machine: {machine()}")
    print(f"{len(mentions)} mentions")
    times = []
    for run in range(1, args.runs + 1):
        cpu = time.process_time()
        clusters = resolve(mentions)
        times.append(time.process_time() - cpu)
        print(f"run {run}: CPU {times[-1]:.1f} s, {len(clusters)} clusters")
    print(f"median: CPU {statistics.median(times):.1f} s")
    if args.out:
        rows = sorted((c.key, c.type, sorted(m[0] for m in c.members)) for c in clusters)
        args.out.write_text(json.dumps(rows), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
