"""Search at scale: build rate, index size, peak memory and per-query latency of a big case.

    PYTHONPATH=$PWD .venv/bin/python bench/search_scale.py --docs 100000 [--seed 1] [--runs 30]

The case (a real Kavosh case, :meth:`kavosh.case.Case.open` on a kavosh.toml) holds ``--docs``
documents recombined from real text in ``../shared/data`` (skipped with a message when absent):

- four in five are Persian: the title of one Fars News article then 3–6 paragraphs drawn from
  other articles (a seeded shuffle of the 900 articles' paragraphs, so the words, spellings and
  mixed ي/ك letters are real but each document is new);
- one in five is English: 3–6 paragraphs (blocks between blank lines) of different cables of
  the cablegate release, headers included wherever a block holds one;
- each gets its own date (a seeded day of 2000–2015, stored as the file's ``created``
  metadata, which :func:`kavosh.pipeline.derive.document_day` reads as the document's date
  when no cable, e-mail or letter header says otherwise) and a path ``news/<year>/<n>.txt`` or
  ``cables/<year>/<n>.txt`` (the folder facet).

How it is filled (``kavosh ingest`` of 100,000 files takes hours on this machine): in a child
process, each document is registered in the store (:meth:`register_document` as done,
:meth:`add_occurrence`, :meth:`finish_document` with its one page of text), derived with the
pipeline's own :func:`kavosh.pipeline.derive.derive` (language, dates, paragraphs, name
vocabulary and name uses, stored as :meth:`RunContext.store_derived` stores them), and its index
entries go through the pipeline's :class:`kavosh.pipeline.context.IndexWriter` — what the
``derive`` and ``index`` stages do — as a bulk load does: no delete queued for a new
document (``fresh``) and an index commit every ``BULK_COMMIT`` documents. Skipped: custody
(no original in the archive, no source or ingest records, no hashes of a real file: the key is
the text's SHA-256), reading and type detection (every document is ``text/plain`` with one
page), OCR, translation, the ``mentions`` stage (no entities: the entity facet is empty) and
the case-wide stages. The case is kept in
``bench/out/search_scale/<docs>-<seed>/`` and reused, so a second run only measures; a cached
case whose index another version of Kavosh built (its schema differs) is indexed again from
its store first (what the ``index`` stage does, figures in ``reindex.json``).

Then each query (:data:`QUERIES`), after one warm-up, ``--runs`` times:

- library: :func:`kavosh.views.results.search_documents` (what ``kavosh search`` and the API
  call: parse, name expansion, engine, grouping by document, facets, sort, snippets of the
  first 20 documents);
- API: ``GET /api/search`` through FastAPI's ``TestClient`` on the app of
  :func:`kavosh.api.create_app` (in-process, no socket: adds routing, validation and JSON);
- HTTP: the same request to ``kavosh serve`` (the server a user runs: uvicorn, in its own
  process) over a kept-alive loopback connection (``http.client``), as a browser or a script
  asks it: what the issue's "end to end through the HTTP API" means. The client's own
  work (sending, reading and decoding the JSON) is inside the time.

- layers (p50 of each, :func:`layers`): parse and name expansion the first time in an index
  and as cached, the engine (:meth:`SearchBackend.documents`), the window's documents read
  from the store, the 20 snippets, the pages of each added spelling.

p50/p95 (``statistics.quantiles``) are printed as a table and written, with the build figures,
the machine and its load average, to ``bench/out/search_scale.json``. ``--profile NAME`` prints
the cProfile of one library query instead; ``--cpu`` times in the process's CPU time instead of
wall time (on a machine shared with other jobs: waiting for a core is not counted, nor are reads
from disk).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import OUT, machine  # noqa: E402

from kavosh.case import Case, Settings  # noqa: E402
from kavosh.model import Kind, PageText, Status  # noqa: E402
from kavosh.pipeline import context  # noqa: E402
from kavosh.pipeline.context import IndexWriter  # noqa: E402
from kavosh.pipeline.derive import Derived, derive, index_entries, index_texts  # noqa: E402
from kavosh.search import IndexOutdated  # noqa: E402
from kavosh.search.highlight import make_snippet  # noqa: E402
from kavosh.store import Store  # noqa: E402
from kavosh.views.results import find_documents, search_documents  # noqa: E402
from kavosh.views.search import expansion_hits, prepare_query  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FIRST_DAY = date(2000, 1, 1)
DAYS = (date(2015, 12, 31) - FIRST_DAY).days
BATCH = 1000  # documents per store batch and progress line
BULK_COMMIT = 50_000  # documents per index commit of the build


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    q: str
    sort: str = "relevance"
    filters: tuple[tuple[str, str], ...] = ()


QUERIES = (
    Query("one term", "تهران"),
    Query("three-term AND", "وزیر خارجه ایران"),
    Query("phrase", '"وزیر امور خارجه"'),
    Query("prefix", "اقتصاد*"),
    Query("fuzzy", "baghdadd~"),
    Query("field + date range", "نفت date:2010..2011"),
    Query("facet filter", "مجلس", filters=(("language", "fas"), ("year", "2012"))),
    Query("sort by date", "embassy", sort="-date"),
    Query("name:", "name:Ahmadinejad"),
    Query("rare term", "ayatollah"),
)


# --- the documents -------------------------------------------------------------------------

def news(data: Path) -> tuple[list[str], list[list[str]]]:
    """Fars News titles and each article's paragraphs."""
    titles: list[str] = []
    articles: list[list[str]] = []
    for path in sorted((data / "farsnews").glob("*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            titles.append(article["title"])
            articles.append([p for p in [article["abstract"], *article["paragraphs"]] if p])
    return titles, articles


def news_text(rng: random.Random, titles: list[str], articles: list[list[str]],
              parts: int) -> str:
    """A Persian document: one article's title, then a paragraph of each of ``parts`` others."""
    picked = rng.sample(range(len(articles)), parts + 1)
    return "\n\n".join([titles[picked[0]]] + [rng.choice(articles[i]) for i in picked[1:]])


def _sources(data: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """Fars News titles, each article's paragraphs, and the cables' blocks."""
    titles, articles = news(data)
    blocks: list[str] = []
    with (data / "cablegate" / "cables.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line)["body"]
            blocks += [b.strip() for b in body.split("\n\n") if len(b.strip()) >= 80]
    return titles, articles, blocks


def documents(data: Path, count: int, seed: int) -> Iterator[tuple[str, str, date]]:
    """``count`` documents (path, text, own date), the same for the same seed."""
    titles, articles, blocks = _sources(data)
    rng = random.Random(seed)
    for n in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1))
        parts = rng.randint(3, 6)
        if rng.random() < 0.8:
            text = news_text(rng, titles, articles, parts)
            folder = "news"
        else:
            text = "\n\n".join(rng.sample(blocks, parts))
            folder = "cables"
        yield f"{folder}/{day.year}/{n + 1:07d}.txt", text, day


# --- the case --------------------------------------------------------------------------------

def case_dir(docs: int, seed: int) -> Path:
    return OUT / "search_scale" / f"{docs}-{seed}"


def build(data: Path, root: Path, docs: int, seed: int) -> dict[str, Any]:
    """Fill a new case in ``root`` (see the module's docstring); the build's figures."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "kavosh.toml").write_text(Settings(executor="inline").to_toml(),
                                      encoding="utf-8")
    case = Case.open(root)
    store = case.store
    writer = IndexWriter(case)
    # a bulk load commits the index every BULK_COMMIT documents, not every 10 s as an ingest
    # does (each commit makes a segment for tantivy to merge)
    context.COMMIT_EVERY_DOCS, context.COMMIT_EVERY_SECONDS = BULK_COMMIT, float("inf")
    start = time.perf_counter()
    derive_seconds = 0.0
    pages = 0
    with store.batch(every=BATCH, seconds=10.0):
        for n, (path, text, day) in enumerate(documents(data, docs, seed)):
            document_id = register_text(store, path, text)
            if document_id is None:
                continue
            page = PageText(1, text)
            began = time.perf_counter()
            derived = derive([page])
            derive_seconds += time.perf_counter() - began
            metadata = {"created": day.isoformat()}
            store.finish_document(document_id, mime="text/plain", metadata=metadata,
                                  language=derived.language, pages=[page])
            _store_derived(case, document_id, derived)
            writer.replace(document_id, derived.entries(document_id, "text/plain", path,
                                                        metadata), fresh=True)
            pages += 1
            if (n + 1) % (BATCH * 10) == 0:
                rate = (n + 1) / (time.perf_counter() - start)
                print(f"  {n + 1:,} documents, {rate:.0f}/s", file=sys.stderr, flush=True)
    writer.commit()
    seconds = time.perf_counter() - start
    case.close()
    return {"documents": docs, "documents_stored": pages, "seconds": round(seconds, 1),
            "documents_per_second": round(docs / seconds, 1),
            "derive_seconds": round(derive_seconds, 1)}


def register_text(store: Store, path: str, text: str) -> int | None:
    """Register a document of ``text`` found at ``path`` (keyed by the text's SHA-256, as
    done); its id, or None when the same text was registered before (one document, two
    paths: the same recombination twice)."""
    key = hashlib.sha256(text.encode()).hexdigest()
    document_id, new = store.register_document(key, Kind.FILE, sha256=key,
                                               size=len(text.encode()), status=Status.DONE)
    store.add_occurrence(document_id, path, None)
    return document_id if new else None


def _store_derived(case: Case, document_id: int, derived: Derived) -> None:
    """What :meth:`RunContext.store_derived` stores, but the cable (none here) and the
    stage bookkeeping."""
    store = case.store
    with store.transaction():
        store.put_dates(document_id, derived.dates)
        store.put_paragraphs(document_id, derived.paragraphs)
        store.add_vocabulary(derived.vocabulary)
        store.put_name_uses(document_id, derived.name_uses)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def ensure_case(data: Path, docs: int, seed: int) -> dict[str, Any]:
    """The case's build figures, building it in a child process first when it is not cached
    (its peak RSS is the child's)."""
    root = case_dir(docs, seed)
    figures = root / "build.json"
    if not figures.exists():
        if root.exists():
            raise SystemExit(f"{root} holds an unfinished build: remove it and run again")
        print(f"building {docs:,} documents in {root} …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, __file__, "--build-only", "--data", str(data),
                        "--docs", str(docs), "--seed", str(seed)], check=True)
    out: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
    if _outdated(root):
        print(f"the index of {root} is of another Kavosh version: indexing it again from the"
              " store …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, __file__, "--reindex-only", "--data", str(data),
                        "--docs", str(docs), "--seed", str(seed)], check=True)
    reindexed = root / "reindex.json"
    if reindexed.exists():
        out["reindex"] = json.loads(reindexed.read_text(encoding="utf-8"))
        out["index_mb"] = out["reindex"]["index_mb"]
    return out


def _outdated(root: Path) -> bool:
    """Whether the case's index was built by another version of Kavosh (its schema)."""
    case = Case.open(root)
    try:
        case.search_backend()
    except IndexOutdated:
        return True
    finally:
        case.close()
    return False


def reindex(root: Path) -> dict[str, Any]:
    """Index every document of the case again from its store (what the ``index`` stage does:
    the best pages' index texts, the stored dates, cable, path and metadata), into a new index;
    the figures."""
    case = Case.open(root)
    case.drop_index()
    store = case.store
    writer = IndexWriter(case)
    start = time.perf_counter()
    for n, doc in enumerate(store.documents()):
        pages, texts = index_texts(store.pages(doc.id))
        writer.replace(doc.id, index_entries(
            doc.id, doc.mime or "", doc.language, pages, texts, store.dates(doc.id),
            store.cable(doc.id), doc.path, doc.metadata))
        if (n + 1) % (BATCH * 10) == 0:
            rate = (n + 1) / (time.perf_counter() - start)
            print(f"  {n + 1:,} documents indexed, {rate:.0f}/s", file=sys.stderr, flush=True)
    writer.commit()
    case.close()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "documents": n + 1,
            "documents_per_second": round((n + 1) / seconds, 1),
            "index_mb": round(_size(root / "index") / 2**20, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def _build_child(data: Path, docs: int, seed: int) -> None:
    root = case_dir(docs, seed)
    out = build(data, root, docs, seed)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["index_mb"] = round(_size(root / "index") / 2**20, 1)
    out["store_mb"] = round(sum(_size(p) if p.is_dir() else p.stat().st_size
                                for p in root.iterdir() if p.name != "index") / 2**20, 1)
    (root / "build.json").write_text(json.dumps(out, indent=1), encoding="utf-8")


# --- measuring ------------------------------------------------------------------------------

CLOCK = time.perf_counter  # --cpu: time.process_time (this process's CPU, on a shared machine)


def timings(call: Callable[[], object], runs: int,
            clock: Callable[[], float] | None = None) -> dict[str, float]:
    """p50/p95 in ms of ``runs`` calls after one warm-up (by ``clock``, else :data:`CLOCK`)."""
    clock = clock or CLOCK
    call()
    ms = []
    for _ in range(runs):
        began = clock()
        call()
        ms.append((clock() - began) * 1000)
    cuts = statistics.quantiles(ms, n=20, method="inclusive")
    return {"p50": round(statistics.median(ms), 1), "p95": round(cuts[18], 1)}


def library_call(case: Case, query: Query) -> Callable[[], object]:
    filters: dict[str, list[str]] = {}
    for name, value in query.filters:
        filters.setdefault(name, []).append(value)
    return lambda: search_documents(case, query.q, sort=query.sort, filters=filters)


def layers(case: Case, query: Query, runs: int) -> dict[str, float]:
    """p50 in ms of each layer of a library query: parse and name expansion (its first time
    in an index, then as cached), the engine (:meth:`SearchBackend.documents`: counts, facets
    (waited for: they may be counted in another thread), the window's documents and pages),
    reading the window's documents from the store,
    the snippets of the 20 shown (their pages read), and the pages of each added spelling."""
    filters: dict[str, list[str]] = {}
    for name, value in query.filters:
        filters.setdefault(name, []).append(value)
    prepared = prepare_query(case, query.q)
    assert prepared.node is not None
    backend = case.search_backend()
    found = find_documents(case, prepared, query.sort, filters, 0, 20)

    def snippets() -> None:
        for match in found.window:
            page = case.store.page(match.info.id, match.best_page)
            make_snippet(page.text if page else "", prepared.terms)

    def p50(call: Callable[[], object]) -> float:
        return timings(call, runs)["p50"]

    engine = p50(lambda: backend.documents(prepared.node, query.sort, 0, 20, filters).counted())
    return {"expand_first": p50(lambda: prepare_query(case, query.q, cache={})),
            "parse_expand": p50(lambda: prepare_query(case, query.q)),
            "engine": engine,
            "store": round(p50(lambda: find_documents(case, prepared, query.sort, filters,
                                                      0, 20)) - engine, 1),
            "snippets": p50(snippets),
            "spellings": p50(lambda: expansion_hits(backend, prepared))}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(root: Path) -> Iterator[Callable[[str], bytes]]:
    """``kavosh serve`` of the case at ``root`` in a child process, and a function that GETs a
    path from it over one kept-alive connection (raising on a status other than 200)."""
    import http.client

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "kavosh", "serve", "--case", str(root),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(path: str) -> bytes:
        try:
            connection.request("GET", path)
            response = connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # uvicorn closes a connection idle for 5 s (while the layers are measured):
            # connect again; the warm-up call of each query is the one that pays for it
            connection.close()
            connection.request("GET", path)
            response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return body

    try:
        for _ in range(600):  # the server opens the case and its index first
            try:
                get("/api/search?q=x")
                break
            except OSError:
                connection.close()
                if server.poll() is not None:
                    raise RuntimeError("kavosh serve stopped: "
                                       + (server.stderr.read() if server.stderr else b"")
                                       .decode(errors="replace")) from None
                time.sleep(0.1)
        yield get
    finally:
        connection.close()
        server.terminate()
        server.wait(timeout=30)


def measure(docs: int, seed: int, runs: int) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from kavosh.api import create_app

    case = Case.open(case_dir(docs, seed))
    client = TestClient(create_app(case), base_url="http://127.0.0.1")  # a loopback Host
    rows = []
    with served(case.root) as get:
        for query in QUERIES:
            rows.append(_measure_query(case, client, get, query, runs))
    case.close()
    return rows


def _measure_query(case: Case, client: Any, get: Callable[[str], bytes], query: Query,
                   runs: int) -> dict[str, Any]:
    """One query's row: library, in-process API and HTTP timings, and its layers."""
    from urllib.parse import urlencode

    result = search_documents(case, query.q, sort=query.sort,
                              filters={n: [v] for n, v in query.filters})
    params = [("q", query.q), ("sort", query.sort), *query.filters]

    def api(params: list[tuple[str, str]] = params) -> object:
        response = client.get("/api/search", params=params)
        response.raise_for_status()
        return response

    path = "/api/search?" + urlencode(params)
    row = {"query": query.name, "q": query.q, "sort": query.sort,
           "filters": dict(query.filters), "documents": result.matches.total_documents,
           "pages": result.matches.total_pages,
           "library": timings(library_call(case, query), runs),
           "api": timings(api, runs),
           # wall time always: the server's work is another process's CPU
           "http": timings(lambda: json.loads(get(path)), runs, time.perf_counter),
           "layers": layers(case, query, runs)}
    print(f"  {query.name}: {row['documents']} documents", file=sys.stderr, flush=True)
    return row


def profile(docs: int, seed: int, name: str) -> None:
    query = next(q for q in QUERIES if q.name == name)
    case = Case.open(case_dir(docs, seed))
    call = library_call(case, query)
    call()
    profiler = cProfile.Profile()
    profiler.runcall(call)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def table(build_figures: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    b = build_figures
    lines = [f"build: {b['documents']:,} documents in {b['seconds']} s"
             f" ({b['documents_per_second']}/s; derive {b['derive_seconds']} s),"
             f" index {b['index_mb']} MB, store {b['store_mb']} MB, peak RSS {b['peak_rss_mb']} MB",
             *([f"indexed again from the store (this version's index): {b['reindex']['seconds']} s"
                f" ({b['reindex']['documents_per_second']}/s), peak RSS"
                f" {b['reindex']['peak_rss_mb']} MB"] if "reindex" in b else []),
             "",
             "| query | q | documents | library p50 / p95 ms | API p50 / p95 ms"
             " | HTTP p50 / p95 ms |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        extra = "".join(f" {n}={v}" for n, v in r["filters"].items())
        extra += f" sort={r['sort']}" if r["sort"] != "relevance" else ""
        lines.append(f"| {r['query']} | `{r['q']}`{extra} | {r['documents']:,} |"
                     f" {r['library']['p50']} / {r['library']['p95']} |"
                     f" {r['api']['p50']} / {r['api']['p95']} |"
                     f" {r['http']['p50']} / {r['http']['p95']} |")
    lines += ["", "layers (p50 ms): " + ", ".join(LAYERS), "",
              "| query | " + " | ".join(LAYERS) + " |", "|---|" + "---:|" * len(LAYERS)]
    for r in rows:
        lines.append(f"| {r['query']} | " + " | ".join(str(r["layers"][n]) for n in LAYERS)
                     + " |")
    return "\n".join(lines)


LAYERS = ("expand_first", "parse_expand", "engine", "store", "snippets", "spellings")


def case_arguments(parser: argparse.ArgumentParser, docs: int, runs: int) -> None:
    """The options of a bench on a recombined case: its size, the real text, seed, runs."""
    parser.add_argument("--docs", type=int, default=docs)
    parser.add_argument("--data", type=Path, default=DATA,
                        help="the real text (default ../shared/data)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)


def require_text(data: Path) -> None:
    """Stop with a message when the real text is absent."""
    if not (data / "farsnews").is_dir() or not (data / "cablegate").is_dir():
        raise SystemExit(f"skipped: the real text is not in {data} (see its README)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    case_arguments(parser, 100_000, 20)
    parser.add_argument("--reindex-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="QUERY", help="cProfile one library query")
    parser.add_argument("--cpu", action="store_true",
                        help="time the queries in this process's CPU time, not wall time (a"
                             " machine shared with other jobs; page-cache misses not counted)")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
    require_text(args.data)
    if args.build_only:
        _build_child(args.data, args.docs, args.seed)
        return
    if args.reindex_only:
        root = case_dir(args.docs, args.seed)
        figures = reindex(root)
        (root / "reindex.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
        return
    build_figures = ensure_case(args.data, args.docs, args.seed)
    if args.profile:
        profile(args.docs, args.seed, args.profile)
        return
    load_before = os.getloadavg()
    rows = measure(args.docs, args.seed, args.runs)
    out = {"build": build_figures, "queries": rows, "runs": args.runs,
           "query_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "load_average": {"before": [round(x, 2) for x in load_before],
                            "after": [round(x, 2) for x in os.getloadavg()]},
           "api": "FastAPI TestClient, in-process; http: kavosh serve, loopback, wall time",
           "machine": machine(),
           "clock": "process CPU time" if args.cpu else "wall time",
           "command": " ".join(["bench/search_scale.py", *sys.argv[1:]])}
    print(table(build_figures, rows))
    print(f"query process peak RSS {out['query_peak_rss_mb']} MB; load average"
          f" {out['load_average']}; {out['machine']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search_scale.json").write_text(json.dumps(out, ensure_ascii=False, indent=1),
                                           encoding="utf-8")


if __name__ == "__main__":
    main()
