"""The hostile-file corpus of issue 9: each item ingested into a new case; a table of the
outcome, the peak memory of the process tree and the time.

    .venv/bin/python bench/hostile_corpus.py [--all] [--only NAME ...] [--wall SECONDS]

Items not enabled yet (see ``tests/hostile/corpus.py``) run only with ``--all``; one that runs
past ``--wall`` seconds is killed and reported as such. The same items run in CI as
``tests/test_hostile.py::test_hostile_corpus``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import OUT, ROOT, machine

sys.path.insert(0, str(ROOT / "tests"))

from hostile.corpus import ITEMS, WALL_SECONDS, run_item


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="also the items not enabled yet")
    parser.add_argument("--only", nargs="*", default=None, help="item names")
    parser.add_argument("--wall", type=float, default=WALL_SECONDS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    items = [i for i in ITEMS if (args.all or i.enabled)
             and (args.only is None or i.name in args.only)]
    print(f"machine: {machine()}")
    print("| item | attack | outcome | peak MiB | seconds |\n|---|---|---|---:|---:|")
    for item in items:
        folder = Path(tempfile.mkdtemp(prefix=f"hostile-{item.name}-", dir=OUT))
        try:
            outcome = run_item(item, folder, wall=args.wall)
            if outcome.exit_code is None:
                text = f"killed after {args.wall:g} s"
            elif outcome.exit_code != 0:
                text = f"kavosh exited with {outcome.exit_code}"
            else:
                text = outcome.summary()
            print(f"| {item.name} | {item.attack} | {text.replace('|', '/')} | "
                  f"{outcome.peak_mib:.0f} | {outcome.seconds:.1f} |", flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
