"""Peak resident memory (main process + workers) while ingesting 10,000 documents.

    .venv/bin/python bench/peak_rss.py [--docs 10000] [--runs 3]

The corpus: plain-text cables in folders, born-digital PDFs, and a zip whose members are
documents too (so the count includes container children). Goal: peak ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import zipfile
from pathlib import Path

from common import OUT, machine, make_pdfs, persian_paragraph, run_kavosh


def make_corpus(folder: Path, docs: int) -> Path:
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(11)
    pdfs = docs // 20
    members = docs // 10
    texts = docs - pdfs - members - 1
    make_pdfs(folder / "pdf", pdfs, 2)
    for i in range(texts):
        sub = folder / "text" / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"cable{i:05d}.txt").write_text(f"شماره {i}\n" + persian_paragraph(rng, 300))
    with zipfile.ZipFile(folder / "mail.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"m/{i:05d}.txt", f"پیام {i}\n" + persian_paragraph(rng, 200))
    marker.touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = make_corpus(OUT / f"mixed-{args.docs}", args.docs)
    totals, mains, walls = [], [], []
    for run in range(args.runs):
        case = OUT / "case-rss"
        shutil.rmtree(case, ignore_errors=True)
        wall, rss = run_kavosh(["ingest", str(corpus), "--case", str(case)])
        totals.append(rss.peak_total / 2**20)
        mains.append(rss.peak_main / 2**20)
        walls.append(wall)
        print(f"run {run + 1}: peak {totals[-1]:.0f} MiB (main {mains[-1]:.0f} MiB), {wall:.1f} s")
    print(json.dumps({
        "machine": machine(), "documents": args.docs, "runs": args.runs,
        "peak_rss_mib_median": round(statistics.median(totals)),
        "peak_main_rss_mib_median": round(statistics.median(mains)),
        "wall_s_median": round(statistics.median(walls), 1),
        "docs_per_s": round(args.docs / statistics.median(walls), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
