"""`kavosh custody verify` time on a case of 10,000 small documents: full (every original
re-hashed) and --quick (originals stat'ed only); the chain, the signed anchor, every page's
text and every document row are checked in both.

    .venv/bin/python bench/custody_verify.py [--docs 10000] [--runs 3]

The corpus: small Persian text files (about 1.5 KB each, one page each) in folders of 500,
ingested once without OCR; the key that signs the anchor lives in a configuration folder of
the benchmark's own. Each timing is the whole command (start-up included), median of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import OUT, ROOT, machine, persian_paragraph


def make_corpus(folder: Path, docs: int) -> Path:
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(9)
    for i in range(docs):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"note{i:05d}.txt").write_text(f"یادداشت {i}\n" + persian_paragraph(rng, 150))
    marker.touch()
    return folder


def kavosh(args: list[str], env: dict[str, str]) -> float:
    """Run the command line; its wall time in seconds (it must succeed)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kavosh", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = make_corpus(OUT / f"notes-{args.docs}", args.docs)
    case = OUT / "case-custody"
    config = OUT / "custody-config"
    shutil.rmtree(case, ignore_errors=True)
    shutil.rmtree(config, ignore_errors=True)
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "PYTHONPATH": str(ROOT)}
    env.pop("KAVOSH_CUSTODY_KEY", None)
    ingest = kavosh(["ingest", str(corpus), "--case", str(case), "--no-ocr"], env)
    print(f"ingest: {ingest:.1f} s")
    timings: dict[str, list[float]] = {"full": [], "quick": []}
    for run in range(args.runs):
        for mode, flags in (("full", []), ("quick", ["--quick"])):
            timings[mode].append(kavosh(["custody", "verify", "--case", str(case), *flags],
                                        env))
            print(f"run {run + 1} {mode}: {timings[mode][-1]:.2f} s")
    print(json.dumps({
        "machine": machine(), "documents": args.docs, "runs": args.runs,
        "full_s_median": round(statistics.median(timings["full"]), 2),
        "quick_s_median": round(statistics.median(timings["quick"]), 2),
        "ingest_s": round(ingest, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
