"""Born-digital PDF ingest throughput against raw pypdfium2 extraction on the same cores.

    PYTHONPATH=. .venv/bin/python bench/pdf_throughput.py [--docs 1000] [--pages 5] [--runs 3]
        [--workers N] [--baseline PATH]

Both sides use N worker processes (``--workers``, default one per core):

- Raw: a pool of N spawned processes, each opening its share of the PDFs with pypdfium2 and
  extracting every page's text the way the PDF ingestor does (text page → ``get_text_range``,
  text page and page closed before the next). Timed from creating the pool to the last result,
  so it pays its start-up (spawning, importing pypdfium2) as Kavosh pays its own.
- Kavosh: ``kavosh ingest`` into a fresh case whose settings say ``workers = N``: receiving
  (hash + copy into the archive + fsync + custody), reading, deriving, storing and indexing.
  Kavosh also pays its interpreter start (about 0.4 s), so small corpora understate its rate.

``--baseline PATH`` also runs the ``kavosh`` package of another checkout (e.g. a worktree of
the previous commit) in every round, interleaved with this one, so both see the same load on a
shared machine. Reports medians over the runs; the goal is Kavosh ≥ 0.7× the raw pool.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
from common import OUT, machine, make_pdfs, run_kavosh

CHUNK = 4  # PDFs per task sent to a raw worker


def extract_texts(paths: list[str]) -> tuple[int, int]:
    """(pages, characters) of the PDFs, page by page as ``kavosh.ingest.pdf`` reads them."""
    pages = chars = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        chars += len(textpage.get_text_range())
                    finally:
                        textpage.close()
                finally:
                    page.close()
                pages += 1
        finally:
            pdf.close()
    return pages, chars


def raw_pool(paths: list[Path], workers: int) -> tuple[float, int]:
    """Seconds and pages for a spawned pool of ``workers`` processes to extract every page."""
    chunks = [[str(p) for p in paths[i:i + CHUNK]] for i in range(0, len(paths), CHUNK)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pages = sum(p for p, _ in pool.map(extract_texts, chunks))
    return time.perf_counter() - started, pages


def kavosh_ingest(corpus: Path, workers: int, source: Path | None) -> float:
    """Wall seconds of ``kavosh ingest`` into a fresh case (the package at ``source`` if
    given, else the one on this interpreter's path)."""
    case = OUT / "case-pdf"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir(parents=True)
    (case / "kavosh.toml").write_text(f"workers = {workers}\n")
    env = None
    if source is not None:
        env = {**os.environ, "PYTHONPATH": str(source)}
    wall, _ = run_kavosh(["ingest", str(corpus), "--case", str(case)], env=env)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes on both sides (default: one per core)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout whose kavosh package is measured in the same rounds")
    args = parser.parse_args()
    corpus = OUT / f"pdf-{args.docs}x{args.pages}"
    paths = make_pdfs(corpus, args.docs, args.pages)
    trees: dict[str, Path | None] = {"kavosh": None}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    rates: dict[str, list[float]] = {"raw": [], **{name: [] for name in trees}}
    for run in range(args.runs):
        seconds, pages = raw_pool(paths, args.workers)
        rates["raw"].append(pages / seconds)
        # Alternate the order of the trees so neither always runs right after the raw pool.
        order = list(trees) if run % 2 == 0 else list(reversed(trees))
        for name in order:
            rates[name].append(pages / kavosh_ingest(corpus, args.workers, trees[name]))
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in rates.items())
              + " pages/s", flush=True)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    report: dict[str, object] = {
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "workers": args.workers, "documents": len(paths), "pages": len(paths) * args.pages,
        "runs": args.runs,
        "pages_per_s": {name: round(rate, 1) for name, rate in medians.items()},
        "ratio_to_raw": {name: round(medians[name] / medians["raw"], 2) for name in trees},
    }
    if args.baseline is not None:
        report["baseline"] = str(args.baseline)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
