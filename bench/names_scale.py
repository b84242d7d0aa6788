"""Name expansion at scale: one name's expansion (first time and cached) and a batch of 1,000
sanctions-list names, with the name prefilter and without it (every token of a bucket scored).

    PYTHONPATH=$PWD .venv/bin/python bench/names_scale.py --case DIR [--copy-of BUILDING_CASE]
        [--names 1000] [--mode prefilter|whole|both]

``--case``: a Kavosh case folder (``bench/search_scale.py`` builds them:
``bench/out/search_scale/<docs>-<seed>/``). ``--copy-of``: a case still being built by another
process, copied into ``--case`` first, read-only (the store through SQLite's backup from a
read-only connection, the index's ``meta.json`` then the segment files it names), so the
building process is never written to and the copy is consistent.

Queries, each timed with :func:`kavosh.views.search.prepare_query`:

- one expansion, ``name:X`` for :data:`QUERIES` (Latin and Persian): ``first`` with nothing
  held (the bucket read from the store and, with the prefilter, its arrays built),
  ``bucket held`` (the arrays of an earlier word of the bucket reused, the spellings not),
  ``cached`` (the spellings found before, as the API answers a query asked again);
- a batch: ``--names`` individuals of the SDN list (``../shared/data/ofac-sdn``, a seeded
  sample, each line as the list writes it: ``SURNAME, Given``) through
  :func:`kavosh.views.batch.batch_search` — expansion, search and the documents listed — once
  from a cold start (nothing held), and the share of it spent expanding.

``whole`` replaces the prefilter by the way before it: the bucket read from the store for each
word and every token scored. p50/p95 (``statistics.quantiles``), the machine and its load
average go to ``bench/out/names_scale.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kavosh.case import Case
from kavosh.store.name_sounds import add_missing_sounds
from kavosh.text.names import confusables
from kavosh.views import name_vocabulary, search
from kavosh.views.batch import batch_search

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out" / "names_scale.json"
QUERIES = ["Ahmadinejad", "Soleimani", "Khamenei", "Rouhani", "Zarif", "Nasrallah", "Maliki",
           "Larijani", "Mousavi", "Karzai", "Musharraf", "Barzani", "Talabani", "Obama",
           "Putin", "Chirac", "Merkel", "Hassan", "Mohammad", "Abdullah",
           "احمدی‌نژاد", "سلیمانی", "خامنه‌ای", "روحانی", "ظریف", "نصرالله", "مالکی",
           "لاریجانی", "موسوی", "کرزای", "بارزانی", "طالبانی", "اوباما", "پوتین", "حسن",
           "محمد", "عبدالله", "قاسم", "علی", "رضا"]


def copy_case(source: Path, target: Path) -> None:
    """A consistent copy of a case being built, made by reading it only."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "kavosh.toml", target / "kavosh.toml")
    (target / "archive").mkdir(exist_ok=True)
    index = target / "index"
    shutil.rmtree(index, ignore_errors=True)
    index.mkdir()
    meta = (source / "index" / "meta.json").read_bytes()
    for segment in json.loads(meta)["segments"]:
        stem = segment["segment_id"].replace("-", "")
        for part in (source / "index").glob(stem + ".*"):
            shutil.copy2(part, index / part.name)
    (index / "meta.json").write_bytes(meta)
    for name in ("kavosh.db", "kavosh.db-wal", "kavosh.db-shm"):
        (target / name).unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source / 'kavosh.db'}?mode=ro", uri=True) as reading, \
            sqlite3.connect(target / "kavosh.db") as writing:
        reading.backup(writing)


class _Whole:
    """The way before the prefilter: a bucket as the store gives it, every token scored."""

    def __init__(self, case: Case, prefix: str) -> None:
        self.tokens = [t for t, _ in case.store.vocabulary_bucket(prefix)]

    def __len__(self) -> int:
        return len(self.tokens)

    def candidates(self, word: str, floor: float, own: object = (),
                   latin: bool = True) -> list[str]:
        return self.tokens


@contextmanager
def mode(name: str) -> Iterator[None]:
    """``prefilter`` as shipped, or ``whole``: the way before (see :class:`_Whole`), the
    person of a confusable name not cached either."""
    shipped, person = search.vocabulary_candidates, confusables._person
    if name == "whole":
        search.vocabulary_candidates = _Whole  # type: ignore[assignment]
        confusables._person = person.__wrapped__  # type: ignore[assignment]
    try:
        yield
    finally:
        search.vocabulary_candidates = shipped
        confusables._person = person
        confusables.different_people.cache_clear()


def forget() -> None:
    """Nothing held: no bucket arrays, no spellings."""
    name_vocabulary._HELD.clear()
    search._SPELT.clear()


def quantiles(ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(ms, n=20, method="inclusive")
    return {"p50": round(statistics.median(ms), 1), "p95": round(cuts[18], 1),
            "max": round(max(ms), 1)}


def timed(call: Callable[[], object], into: dict[str, list[float]], name: str) -> None:
    """Add the wall and CPU milliseconds of ``call()`` to ``into[name]`` and
    ``into[name + "_cpu"]`` (the machine is shared: CPU time says what a quiet one would)."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    into.setdefault(name, []).append((time.perf_counter() - wall) * 1000)
    into.setdefault(name + "_cpu", []).append((time.process_time() - cpu) * 1000)


def one_expansion(case: Case) -> dict[str, dict[str, float]]:
    """p50/p95 ms of ``name:X`` for :data:`QUERIES`: first, bucket held, cached."""
    ms: dict[str, list[float]] = {}
    for name in QUERIES:
        forget()
        timed(lambda n=name: search.prepare_query(case, f"name:{n}"), ms, "first")
        timed(lambda n=name: search.prepare_query(case, f"name:{n}", cache={}), ms,
              "bucket_held")
        timed(lambda n=name: search.prepare_query(case, f"name:{n}"), ms, "cached")
    return {name: quantiles(values) for name, values in ms.items()}


def sdn_names(data: Path, count: int) -> list[str]:
    """A seeded sample of ``count`` individuals' names of the SDN list, as it writes them."""
    with (data / "ofac-sdn" / "sdn_2024-05-03.csv").open(encoding="utf-8",
                                                          errors="replace") as handle:
        names = [row[1] for row in csv.reader(handle)
                 if len(row) > 2 and row[2].strip() == "individual"]
    return random.Random(1).sample(names, count)


def batch(case: Case, names: list[str]) -> dict[str, float]:
    """Seconds of the whole batch from a cold start, and of its expansions alone."""
    forget()
    expanding = 0.0
    prepare = search.prepare_query

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal expanding
        began = time.perf_counter()
        try:
            return prepare(*args, **kwargs)
        finally:
            expanding += time.perf_counter() - began

    import kavosh.views.batch as batch_module
    batch_module.prepare_query = counted  # type: ignore[assignment]
    began, cpu = time.perf_counter(), time.process_time()
    try:
        rows = list(batch_search(case, list(enumerate(names, start=1))))
    finally:
        batch_module.prepare_query = prepare
    total = time.perf_counter() - began
    return {"seconds": round(total, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
            "expanding_seconds": round(expanding, 2),
            "queries": len(rows), "with_hits": sum(1 for r in rows if r.hits),
            "expanded": sum(1 for r in rows if r.expansions),
            "expansions": [r.expansions for r in rows]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", type=Path, required=True)
    parser.add_argument("--copy-of", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--mode", choices=("prefilter", "whole", "both"), default="both")
    parser.add_argument("--store-sounds", action="store_true",
                        help="store the cells of every vocabulary token first (what ingesting"
                             " with this version stores; a copy of an older case has none)")
    args = parser.parse_args()
    if not (args.data / "ofac-sdn").is_dir():
        raise SystemExit(f"skipped: the SDN list is not in {args.data} (see its README)")
    if args.copy_of:
        copy_case(args.copy_of, args.case)
    with sqlite3.connect(f"file:{args.case / 'kavosh.db'}?mode=ro", uri=True) as db:
        documents, tokens = (db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                             for t in ("documents", "vocabulary"))
    case = Case.open(args.case)
    figures: dict[str, Any] = {
        "case": str(args.case), "documents": documents, "vocabulary": tokens,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "load_before": os.getloadavg()}
    if args.store_sounds:
        began = time.perf_counter()
        with sqlite3.connect(f"file:{args.case / 'kavosh.db'}?mode=ro", uri=True) as db:
            tokens = [r[0] for r in db.execute("SELECT token FROM vocabulary")]
        add_missing_sounds(case.store, tokens)  # type: ignore[arg-type]
        figures["store_sounds_seconds"] = round(time.perf_counter() - began, 1)
    names = sdn_names(args.data, args.names)
    for name in ("prefilter", "whole") if args.mode == "both" else (args.mode,):
        with mode(name):
            figures[name] = {"one_expansion": one_expansion(case), "batch": batch(case, names)}
        print(name, json.dumps(figures[name]), file=sys.stderr, flush=True)
    if args.mode == "both":  # the prefilter must change no expansion
        figures["same_expansions"] = (figures["prefilter"]["batch"]["expansions"]
                                      == figures["whole"]["batch"]["expansions"])
    for name in ("prefilter", "whole"):
        if name in figures:
            figures[name]["batch"].pop("expansions")
    figures["load_after"] = os.getloadavg()
    case.close()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
