"""Born-digital PDF ingest throughput against raw pypdfium2 text extraction, same files, same run.

    .venv/bin/python bench/pdf_throughput.py [--docs 1000] [--pages 5] [--runs 3]

A run has a fixed start-up cost (about 0.4 s: interpreter, imports, spawning the workers)
that raw extraction inside this process does not pay, so small corpora understate the rate.

Raw: one process opens each PDF with pypdfium2 and extracts every page's text.
Kavosh: `kavosh ingest` (default settings: worker pool, one per core) into a fresh case —
receiving (hash + copy into the archive + custody), reading, storing and indexing.
Reports the median over the runs; the goal is Kavosh ≥ 0.5× raw pages/s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

import pypdfium2 as pdfium
from common import OUT, machine, make_pdfs, run_kavosh


def raw_extract(paths: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
            pages += 1
        pdf.close()
    return time.perf_counter() - started, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = OUT / f"pdf-{args.docs}x{args.pages}"
    paths = make_pdfs(corpus, args.docs, args.pages)
    raw_rates, kavosh_rates = [], []
    for run in range(args.runs):
        seconds, pages = raw_extract(paths)
        raw_rates.append(pages / seconds)
        case = OUT / "case-pdf"
        shutil.rmtree(case, ignore_errors=True)
        wall, _ = run_kavosh(["ingest", str(corpus), "--case", str(case)])
        kavosh_rates.append(pages / wall)
        print(f"run {run + 1}: raw {pages / seconds:.1f} pages/s, "
              f"kavosh {pages / wall:.1f} pages/s")
    raw, ours = statistics.median(raw_rates), statistics.median(kavosh_rates)
    print(json.dumps({
        "machine": machine(), "documents": args.docs, "pages": args.docs * args.pages,
        "runs": args.runs, "raw_pages_per_s": round(raw, 1),
        "kavosh_pages_per_s": round(ours, 1), "ratio": round(ours / raw, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
