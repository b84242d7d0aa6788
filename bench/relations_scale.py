"""Relations at scale: time, CPU and peak memory of the ``relations`` stage over a big case.

    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/relations_scale.py --docs 10000 [--runs 3]
    PYTHONPATH=$PWD /work/main/.venv/bin/python bench/relations_scale.py --docs 100000 --runs 1
    ... --profile    (cProfile of one relation build instead of the figures)

The case (a real Kavosh case, :meth:`kavosh.case.Case.open` on a kavosh.toml) holds ``--docs``
documents recombined from real text in ``../shared/data`` (skipped with a message when absent):

- four in five are Persian: the title of one Fars News article then 3–6 paragraphs drawn from
  other articles (as in ``bench/search_scale.py``: real words, names and mixed ي/ك letters,
  each document new);
- one in five is an English cable: the routing header of one cablegate cable (``FM … TO …``),
  its body's first block (classification, TAGS, SUBJECT) and 2–5 blocks of other cables, so
  the cable reader finds a sender and a recipient and the cable relations (``reported_on``,
  ``cable_to``) are built as for a real cable;
- each has its own day of 2000–2015 as its ``created`` metadata.

How it is built (once, in a child process; kept in ``bench/out/relations_scale/<docs>-<seed>/``
so a second run only measures): each document is registered with its one page of text and
derived by the pipeline's :func:`kavosh.pipeline.derive.derive`, stored by
:meth:`RunContext.store_derived` (dates, paragraphs, name vocabulary, cable header and link);
its mentions are found and stored by the real ``mentions`` stage
(:class:`kavosh.pipeline.mentions.MentionsStage`, in this process); then the ``entities``
stage resolves them (:func:`kavosh.entities.resolve.resolve_case`; ``--no-resolve`` skips it:
the relations stage reads mentions, not entities). Skipped: custody, reading,
OCR and the search index (relations read none of them).

Measured, ``--runs`` times, each in a fresh child process (its own peak RSS) after every
document's evidence is dropped (not timed): the ``relations`` stage as the pipeline runs it
(:class:`kavosh.pipeline.relations.RelationsStage`: the co-occurrences by sentence, paragraph
and document, the cable relations and the typed patterns of every document, written to the
store) — wall time, the process's CPU time (``time.process_time``: on a shared machine wall
time also counts the neighbours), evidence rows written; then the graph read from them
(:func:`kavosh.entities.graph.build_graph`: the relations, i.e. edges between entities), its
CPU time. The medians are printed per 1,000 documents and written, with the load average,
to ``bench/out/relations_scale.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import OUT, machine  # noqa: E402
from search_scale import (  # noqa: E402
    BATCH,
    DAYS,
    FIRST_DAY,
    case_arguments,
    news,
    news_text,
    register_text,
    require_text,
)

from kavosh.case import Case, Settings  # noqa: E402
from kavosh.entities.graph import build_graph  # noqa: E402
from kavosh.entities.resolve import resolve_case  # noqa: E402
from kavosh.model import PageText  # noqa: E402
from kavosh.model.progress import NoProgress  # noqa: E402
from kavosh.pipeline.context import RunContext  # noqa: E402
from kavosh.pipeline.derive import derive  # noqa: E402
from kavosh.pipeline.mentions import MentionsStage  # noqa: E402
from kavosh.pipeline.relations import RELATIONS, RelationsStage  # noqa: E402
from kavosh.pipeline.stages import State  # noqa: E402


def _cables(data: Path) -> list[tuple[str, list[str]]]:
    """Each cable's routing header and body blocks."""
    cables: list[tuple[str, list[str]]] = []
    with (data / "cablegate" / "cables.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            cable = json.loads(line)
            blocks = [b.strip() for b in cable["body"].split("\n\n") if b.strip()]
            if cable["note"].strip() and len(blocks) > 1:
                cables.append((cable["note"].strip(), blocks))
    return cables


def documents(data: Path, count: int, seed: int) -> Iterator[tuple[str, str, date]]:
    """``count`` documents (path, text, own date), the same for the same seed."""
    (titles, articles), cables = news(data), _cables(data)
    rng = random.Random(seed)
    for n in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1))
        parts = rng.randint(3, 6)
        if rng.random() < 0.8:
            text = news_text(rng, titles, articles, parts)
            folder = "news"
        else:
            picked = rng.sample(range(len(cables)), parts - 1)
            note, blocks = cables[picked[0]]
            others = [rng.choice([b for b in cables[i][1] if len(b) >= 80] or cables[i][1])
                      for i in picked[1:]]
            text = "\n\n".join([note, blocks[0], *others])
            folder = "cables"
        yield f"{folder}/{day.year}/{n + 1:07d}.txt", text, day


def case_dir(docs: int, seed: int) -> Path:
    return OUT / "relations_scale" / f"{docs}-{seed}"


def build(data: Path, root: Path, docs: int, seed: int, resolve: bool) -> dict[str, Any]:
    """Fill a new case in ``root`` (see the module's docstring); the build's figures."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "kavosh.toml").write_text(Settings(executor="inline").to_toml(), encoding="utf-8")
    case = Case.open(root)
    store = case.store
    run = RunContext(case)
    started = time.process_time()
    with store.batch(every=BATCH, seconds=10.0):
        for n, (path, text, day) in enumerate(documents(data, docs, seed)):
            document_id = register_text(store, path, text)
            if document_id is None:
                continue
            page = PageText(1, text)
            derived = derive([page])
            with store.transaction():
                store.finish_document(document_id, mime="text/plain",
                                      metadata={"created": day.isoformat()},
                                      language=derived.language, pages=[page])
                run.store_derived(document_id, derived)
            if (n + 1) % (BATCH * 10) == 0:
                print(f"  {n + 1:,} documents derived", file=sys.stderr, flush=True)
    derived_cpu = time.process_time() - started
    started = time.process_time()
    stage = MentionsStage(run)
    stage.prepare()
    with store.batch(every=BATCH, seconds=10.0):
        for n, document_id in enumerate(store.stage_todo("mentions", 10**9)):
            function, job = stage.job(document_id)
            stage.apply(document_id, function(job))
            if (n + 1) % (BATCH * 10) == 0:
                print(f"  {n + 1:,} documents' mentions", file=sys.stderr, flush=True)
    mentions_cpu = time.process_time() - started
    started = time.process_time()
    entities = len(resolve_case(store)) if resolve else 0
    resolve_cpu = time.process_time() - started
    out = {"documents": docs, "mentions": store.count_mentions(), "entities": entities,
           "cables": len(store.cable_links()), "derive_cpu_s": round(derived_cpu, 1),
           "mentions_cpu_s": round(mentions_cpu, 1), "resolve_cpu_s": round(resolve_cpu, 1)}
    run.close()
    case.close()
    return out


def ensure_case(data: Path, docs: int, seed: int, resolve: bool) -> dict[str, Any]:
    """The case's build figures, building it in a child process first when not cached."""
    root = case_dir(docs, seed)
    figures = root / "build.json"
    if not figures.exists():
        if root.exists():
            raise SystemExit(f"{root} holds an unfinished build: remove it and run again")
        print(f"building {docs:,} documents in {root} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, __file__, "--build-only", "--data", str(data),
                        "--docs", str(docs), "--seed", str(seed),
                        *([] if resolve else ["--no-resolve"])], check=True)
    out: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
    return out


def _forget(case: Case) -> None:
    """Drop every document's evidence and the stage's state: the next run builds all."""
    store = case.store
    with store.transaction():
        store.drop_relation_evidence(list(store.relation_digests()))
        store.set_case_state(RELATIONS.name, State.PENDING, "")


def measure_once(docs: int, seed: int) -> dict[str, Any]:
    """One relation build from nothing, and the graph read from it (run in a child)."""
    case = Case.open(case_dir(docs, seed))
    _forget(case)
    run = RunContext(case)
    stage = RelationsStage(run)
    wall, cpu = time.perf_counter(), time.process_time()
    stage.run(NoProgress())
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    evidence = case.store.count_relation_evidence()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out: dict[str, Any] = {"documents_done": stage.changed, "wall_s": round(wall, 2),
                           "cpu_s": round(cpu, 2), "peak_rss_mb": round(rss),
                           "evidence_rows": evidence}
    if sum(case.store.entity_counts().values()):  # resolved: the graph can be read
        graph_cpu = time.process_time()
        graph = build_graph(case.store)
        out |= {"relations": len(graph.edges), "nodes": len(graph.nodes),
                "graph_cpu_s": round(time.process_time() - graph_cpu, 2)}
    run.close()
    case.close()
    return out


def profile(docs: int, seed: int) -> None:
    case = Case.open(case_dir(docs, seed))
    _forget(case)
    run = RunContext(case)
    profiler = cProfile.Profile()
    profiler.runcall(RelationsStage(run).run, NoProgress())
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    run.close()
    case.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    case_arguments(parser, 10_000, 3)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="cProfile one relation build")
    parser.add_argument("--no-resolve", action="store_true",
                        help="build without resolving entities (the relations stage needs"
                             " none; the graph, and so the relation count, is then not read)")
    args = parser.parse_args()
    require_text(args.data)
    if args.build_only:
        root = case_dir(args.docs, args.seed)
        out = build(args.data, root, args.docs, args.seed, not args.no_resolve)
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        (root / "build.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    if args.measure_only:
        print(json.dumps(measure_once(args.docs, args.seed)))
        return
    built = ensure_case(args.data, args.docs, args.seed, not args.no_resolve)
    if args.profile:
        profile(args.docs, args.seed)
        return
    load_before = os.getloadavg()
    runs = []
    for _ in range(args.runs):
        child = subprocess.run([sys.executable, __file__, "--measure-only", "--data",
                                str(args.data), "--docs", str(args.docs), "--seed",
                                str(args.seed)], check=True, capture_output=True, text=True)
        runs.append(json.loads(child.stdout.splitlines()[-1]))
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    per_k = 1000 / args.docs
    out = {"build": built, "runs": runs, "median": median,
           "per_1000_documents": {k: round(median[k] * per_k, 3) for k in
                                  ("wall_s", "cpu_s", "evidence_rows", "graph_cpu_s")
                                  if k in median},
           "load_average": {"before": [round(x, 2) for x in load_before],
                            "after": [round(x, 2) for x in os.getloadavg()]},
           "machine": machine(),
           "command": " ".join(["bench/relations_scale.py", *sys.argv[1:]])}
    print(f"{args.docs:,} documents ({built['mentions']:,} mentions, {built['entities']:,}"
          f" entities, {built['cables']:,} cables); median of {len(runs)} runs:")
    print(f"  relations stage: wall {median['wall_s']:.1f} s, CPU {median['cpu_s']:.1f} s"
          f" ({median['cpu_s'] * per_k:.2f} CPU s per 1,000 documents), peak RSS"
          f" {median['peak_rss_mb']:.0f} MB")
    print(f"  written: {median['evidence_rows']:,.0f} evidence rows"
          f" ({median['evidence_rows'] * per_k:,.0f} per 1,000 documents)")
    if "relations" in median:
        print(f"  the graph: {median['relations']:,.0f} relations between"
              f" {median['nodes']:,.0f} nodes, read in {median['graph_cpu_s']:.1f} CPU s")
    print(f"load average {out['load_average']}; {out['machine']}")
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"relations_scale-{args.docs}.json"
    (OUT / name).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
