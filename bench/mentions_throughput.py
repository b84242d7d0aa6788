"""Throughput of the ``mentions`` stage: MB of Persian text per second of one core.

Fars News article bodies (../shared/data/farsnews; test data only, never shipped) are written
as UTF-8 text files and ingested into a fresh case that runs everything in this process
(``executor = "inline"``). Then the ``mentions`` stage is made pending for every document (as
``kavosh entities --redo`` does) and run ``--runs`` times, each time finding every document's
mentions again and storing them, and the case is resolved once. Reported: the process's CPU
time (``time.process_time``; the machine is shared, so wall time would measure the
neighbours) of the stage, the median of the runs, split into finding (the finders in the
worker) and the rest (reading the pages, storing the mentions and the stage's state), with the
wall time beside it; the CPU time a worker takes to make the ``crf`` finder (reading the model
file); and the CPU time of resolving. Then the stage is made pending for every document as
``derive`` leaves it (a new ``derive`` version derives every document again), and run over the
same texts ``--runs`` times: the mentions stored with the digest of the same inputs are kept,
not found again (median CPU time reported beside the first). The sample archive's cables stand
in when Fars News is absent (and the report says so).

Run: ``python bench/mentions_throughput.py [--articles 900] [--runs 3] [--data ../shared/data]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, machine

from kavosh.case import Case, Settings
from kavosh.entities.crf import CrfFinder
from kavosh.entities.resolve import resolve_case
from kavosh.pipeline import ingest
from kavosh.pipeline.context import RunContext
from kavosh.pipeline.mentions import MentionsStage

DATA = ROOT.parent / "shared" / "data"


def texts(data: Path, articles: int) -> tuple[list[str], str]:
    """Article bodies (or the sample's cables, repeated) and what they are."""
    folder = data / "farsnews"
    if folder.is_dir():
        found: list[str] = []
        for path in sorted(folder.glob("*.json")):
            found += ["\n".join(a["paragraphs"])
                      for a in json.loads(path.read_text(encoding="utf-8"))]
        return found[:articles], f"{min(articles, len(found))} Fars News articles"
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    cables = [c["text"] for c in manifest["cables"] if c["language"] == "fas"]
    print("Fars News is absent: the sample's Persian cables stand in", file=sys.stderr)
    return (cables * (articles // len(cables) + 1))[:articles], "sample cables (repeated)"


def run_stage(case: Case, redo: bool = True) -> tuple[float, float, float, int]:
    """Find and store every document's mentions again (without ``redo``: the stage made
    pending as ``derive`` leaves it, over the same texts): (CPU s in all, CPU s finding, wall
    s, documents whose mentions changed: resolution runs again only when some did)."""
    run = RunContext(case)
    stage = MentionsStage(run)
    if not redo:
        case.store.queue_all_mentions()
    stage.prepare(redo=redo)
    finding = 0.0
    started, wall = time.process_time(), time.monotonic()
    with case.store.batch():  # as find_mentions runs it
        for document_id in case.store.stage_todo("mentions", 10**9):
            function, job = stage.job(document_id)
            began = time.process_time()
            found = function(job)
            finding += time.process_time() - began
            stage.apply(document_id, found)
    stage.flush()
    result = time.process_time() - started, finding, time.monotonic() - wall, stage.changed
    run.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=900)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    bodies, what = texts(args.data, args.articles)
    started = time.process_time()
    CrfFinder()  # what each worker process does once
    made = time.process_time() - started
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inbox = root / "inbox"
        inbox.mkdir()
        for i, body in enumerate(bodies):
            # a line each, so that no two articles are one document (same bytes, one hash)
            (inbox / f"{i:05d}.txt").write_text(f"{i}\n{body}", encoding="utf-8")
        (root / "case").mkdir()
        (root / "case" / "kavosh.toml").write_text(Settings(executor="inline").to_toml(),
                                                   encoding="utf-8")
        case = Case.open(root / "case")
        ingest(case, [inbox])
        size = sum(len(p.text.encode()) for d in case.store.documents()
                   for p in case.store.pages(d.id)) / 1e6
        runs = sorted(run_stage(case) for _ in range(args.runs))
        total, finding, wall, _ = runs[len(runs) // 2]
        same = sorted(run_stage(case, redo=False) for _ in range(args.runs))[len(runs) // 2]
        started = time.process_time()
        rows = resolve_case(case.store)
        resolved = time.process_time() - started
        mentions = case.store.count_mentions()
        case.close()
    print(f"machine: {machine()}")
    print(f"text: {what}, {size:.2f} MB of UTF-8 in {len(bodies)} documents")
    print(f"mentions stage (find + store), median of {len(runs)} runs by CPU time: {total:.2f}"
          f" CPU s ({finding:.2f} finding, {total - finding:.2f} reading and storing),"
          f" {size / total:.2f} MB/s per core, {mentions / total:,.0f} mentions/s"
          f" ({mentions:,} mentions); wall {wall:.1f} s")
    print("  every run (CPU s, of which finding, wall s): "
          + "; ".join(f"{t:.2f}, {f:.2f}, {w:.1f}" for t, f, w, _ in runs))
    print(f"the stage over the same texts (derive run again): {same[0]:.2f} CPU s"
          f" ({same[1]:.2f} in jobs), wall {same[2]:.1f} s, {same[3]} documents changed"
          " (so no resolution again)")
    print(f"the crf finder made (model read) in {made:.2f} CPU s")
    print(f"resolution ({len(rows):,} entities): {resolved:.1f} CPU s")
    print(f"both: {size / (total + resolved):.2f} MB/s per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
