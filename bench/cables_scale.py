"""Cable list, thread and gaps at scale: the stored links against reading every cable field.

    .venv/bin/python bench/cables_scale.py [--cables 100000] [--runs 3]

A case is made with ``--cables`` synthetic US cables (fictional: ``09POST<n>``, dated across
2009, each citing one or two earlier cables of its chain of ten, one in fifty citing a number
no cable carries), written straight into the store as ``derive`` writes them: the header's
fields (:meth:`put_cable`) and the links (:meth:`put_cable_link`). Then, median of ``--runs``:

- list: :func:`kavosh.views.cables.cable_list` (every cable with its path), from the stored
  links, and from the fields (:func:`kavosh.cables.links.links_from_fields`, what every list
  read before the links were stored);
- page: the first page of 100 latest first (what the web page and ``kavosh cables list``
  show), a page deep in the list (offset 50,000 of 100,000), and a page filtered by
  classification and sender — sorted, filtered and cut in SQL;
- thread: :func:`kavosh.views.cables.thread_view` of one cable in the middle of a chain, and
  the same thread from the fields;
- gaps: :func:`kavosh.views.cables.gap_rows`, and the gaps from the fields.

The last line is the JSON of the results with the machine and the command.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import machine  # noqa: E402

from kavosh.cables import cable_link  # noqa: E402
from kavosh.cables.links import links_from_fields  # noqa: E402
from kavosh.case import Case, Settings  # noqa: E402
from kavosh.model import CableHeader, Field, Layer, Producer  # noqa: E402
from kavosh.views.cables import cable_list, gap_rows, thread_view  # noqa: E402

READER = Producer("kavosh.text.cables", "bench")
CHAIN = 10  # cables per thread


def _header(n: int) -> CableHeader:
    """Cable ``n``: its number, date, sender, recipient, classification, subject, and what
    it cites (the previous one or two of its chain; one in fifty a missing number)."""
    number = f"09POST{n + 1}"
    day = f"2009-{1 + n * 12 // 100_000 % 12:02d}-{1 + n % 28:02d}"
    values = [("number", number), ("date", day), ("from", "Embassy Post"),
              ("to", "Secretary of State"),
              ("classification", ("CONFIDENTIAL", "SECRET", "UNCLASSIFIED")[n % 3]),
              ("subject", f"A FICTIONAL SUBJECT NUMBER {n}")]
    if n % CHAIN:
        values.append(("reference", f"09POST{n}"))
    if n % CHAIN > 1:
        values.append(("reference", f"09POST{n - 1}"))
    if n % 50 == 7:
        values.append(("reference", f"08ELSEWHERE{n}"))
    fields = tuple(Field(name, value, value, 1, Layer.EXTRACTED, 0, len(value), READER)
                   for name, value in values)
    return CableHeader("us", fields)


def make_case(root: Path, cables: int) -> Case:
    """A case holding ``cables`` synthetic cables (documents, paths, fields and links)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "kavosh.toml").write_text(Settings().to_toml(), encoding="utf-8")
    case = Case.open(root)
    store = case.store
    stamp = "2026-01-01T00:00:00Z"
    with store.batch(every=2000, seconds=5.0):
        for n in range(cables):
            with store.transaction():
                document_id = n + 1
                store.execute("INSERT INTO documents (id, key, kind, status, created_at,"
                              " updated_at) VALUES (?, ?, 'file', 'done', ?, ?)",
                              (document_id, f"bench-{n}", stamp, stamp))
                store.execute("INSERT INTO occurrences (document_id, path) VALUES (?, ?)",
                              (document_id, f"cables/cable_{n:06d}.txt"))
                header = _header(n)
                store.put_cable(document_id, header)
                store.put_cable_link(document_id, cable_link(document_id, header.fields))
    return case


def _median(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cables", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="cables-scale-") as scratch:
        began = time.perf_counter()
        case = make_case(Path(scratch, "case"), args.cables)
        built = time.perf_counter() - began
        print(f"case of {args.cables} cables made in {built:.1f} s")
        store = case.store
        middle = (args.cables // 2 // CHAIN) * CHAIN + CHAIN // 2 + 1  # mid-chain document id
        assert thread_view(case, middle) is not None
        results = {
            "list_stored": _median(args.runs, lambda: cable_list(case)),
            "page_first": _median(args.runs, lambda: cable_list(case, "-date", limit=100)),
            "page_deep": _median(args.runs, lambda: cable_list(
                case, limit=100, offset=args.cables // 2)),
            "page_filtered": _median(args.runs, lambda: cable_list(
                case, "-date", sender="embassy post", classification="secret", limit=100)),
            "list_fields": _median(args.runs, lambda: cable_list(
                case, links=links_from_fields(store))),
            "thread_stored": _median(args.runs, lambda: thread_view(case, middle)),
            "thread_fields": _median(args.runs, lambda: links_from_fields(store).thread(middle)),
            "gaps_stored": _median(args.runs, lambda: gap_rows(case)),
            "gaps_fields": _median(args.runs, lambda: links_from_fields(store).gaps()),
        }
        case.close()
    for name, seconds in results.items():
        print(f"    {name:14} {seconds:8.3f} s")
    print(json.dumps({"machine": machine(), "command": " ".join(["python", *sys.argv]),
                      "cables": args.cables, "runs": args.runs,
                      "seconds": {k: round(v, 4) for k, v in results.items()}}))


if __name__ == "__main__":
    main()
