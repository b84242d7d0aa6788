"""Throughput of the ``mentions`` stage: MB of Persian text per second of one core.

Fars News article bodies (../shared/data/farsnews; test data only, never shipped) are written
as UTF-8 text files and ingested into a fresh case that runs everything in this process
(``executor = "inline"``). Then ``kavosh entities --redo`` (:func:`run_mentions`) finds every
document's mentions again and resolves the case; the process's CPU time of that call, split
into finding and storing mentions and resolving entities, is what is reported (the machine is
shared: wall time would measure the neighbours). The sample archive's cables stand in when
Fars News is absent (and the report says so).

Run: ``python bench/mentions_throughput.py [--articles 900] [--data ../shared/data]``
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=900)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    bodies, what = texts(args.data, args.articles)
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
        run = RunContext(case)
        stage = MentionsStage(run)
        stage.prepare(redo=True)
        started, wall = time.process_time(), time.monotonic()
        for document_id in case.store.stage_todo("mentions", 10**9):
            function, job = stage.job(document_id)
            stage.apply(document_id, function(job))
        found = time.process_time() - started
        started = time.process_time()
        rows = resolve_case(case.store)
        resolved = time.process_time() - started
        wall = time.monotonic() - wall
        mentions = case.store.count_mentions()
        run.close()
        case.close()
    print(f"machine: {machine()}")
    print(f"text: {what}, {size:.2f} MB of UTF-8 in {len(bodies)} documents")
    print(f"mentions stage (find + store): {found:.1f} CPU s, {size / found:.2f} MB/s per core,"
          f" {mentions / found:,.0f} mentions/s ({mentions:,} mentions)")
    print(f"resolution ({len(rows):,} entities): {resolved:.1f} CPU s")
    print(f"both: {size / (found + resolved):.2f} MB/s per core; wall {wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
