"""Batch search: a list of queries (names, mostly) run as one job, one row per query.

Each query goes through :func:`kavosh.views.search.prepare_query`, as one typed in the search
box (names expanded to the case's spellings in every script); the index is opened once for the
whole list. A row names its query (and its line, or its row in a CSV), the pages it matches
(exact), the documents among them and a few of those; a query without hits is a row with 0,
one that cannot be read a row with its error: one bad line never stops a list of a thousand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from kavosh.case import Case
from kavosh.model.errors import UsageError
from kavosh.model.progress import NoProgress, Progress
from kavosh.search import QueryError
from kavosh.views.search import SpellingCache, prepare_query

MAX_QUERIES = 10_000  # a list longer than this is refused, not cut
MAX_QUERY_CHARS = 2_000  # as the search box
SCAN = 1_000  # matching pages read per query to count and list its documents
DOCUMENTS = 10  # documents listed per query unless asked otherwise
CSV_COLUMNS = ("row", "query", "hits", "documents", "document_ids", "paths", "also_searched",
               "error")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


@dataclass(frozen=True, slots=True)
class BatchDocument:
    document_id: int
    path: str
    pages: int  # its pages among the hits read (:data:`SCAN`)

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "path": self.path, "pages": self.pages}


@dataclass(slots=True)
class BatchRow:
    """One query's answer. ``documents`` counts the distinct documents among the first
    :data:`SCAN` matching pages (all of them when ``complete``); ``listed`` the first few."""

    row: int  # 1-based: the line of a list, the row of a CSV (its header is row 1)
    query: str
    hits: int = 0  # matching pages, exact
    documents: int = 0
    complete: bool = True
    listed: list[BatchDocument] = field(default_factory=list)
    expansions: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "query": self.query, "hits": self.hits,
                "documents": self.documents, "documents_complete": self.complete,
                "listed": [d.to_json() for d in self.listed], "expansions": self.expansions,
                "error": self.error}

    def csv_cells(self) -> list[str | int]:
        """The row under :data:`CSV_COLUMNS`; several ids or paths one a line within the cell,
        text that a spreadsheet would run as a formula quoted with ``'``."""
        also = "; ".join(f"{word} → {', '.join(s)}" for word, s in self.expansions.items())
        return [self.row, _cell(self.query), self.hits, self.documents,
                " ".join(str(d.document_id) for d in self.listed),
                _cell("\n".join(d.path for d in self.listed)), _cell(also),
                _cell(self.error or "")]


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def read_queries(text: str, *, csv_column: str | None = None,
                 is_csv: bool = False) -> list[tuple[int, str]]:
    """The queries of a list: ``(row, query)``, blank ones skipped.

    A plain list has one query a line (row = line number). A CSV (``is_csv``, or any
    ``csv_column`` given) has a header row; the queries are in the column ``csv_column``,
    else in ``name`` when there is one, else in the first. :class:`UsageError` for a column
    the header lacks, or more than :data:`MAX_QUERIES` queries."""
    text = text.removeprefix("\ufeff")
    if csv_column is not None or is_csv:
        found = _csv_queries(text, csv_column)
    else:
        found = [(i, line.strip()) for i, line in enumerate(text.splitlines(), start=1)]
    queries = [(row, query) for row, query in found if query]
    if len(queries) > MAX_QUERIES:
        raise UsageError(f"the list holds {len(queries):,} queries; at most {MAX_QUERIES:,} "
                         "are searched at once: split it")
    return queries


def _csv_queries(text: str, column: str | None) -> list[tuple[int, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    wanted = column if column is not None else ("name" if "name" in header else header[0])
    if wanted not in header:
        raise UsageError(f"the CSV has no column {wanted!r}; its columns: "
                         + ", ".join(repr(h) for h in header))
    at = header.index(wanted)
    return [(i, row[at].strip() if at < len(row) else "")
            for i, row in enumerate(rows[1:], start=2)]


def batch_search(case: Case, queries: Iterable[tuple[int, str]], documents: int = DOCUMENTS,
                 progress: Progress | None = None) -> Iterator[BatchRow]:
    """Run each ``(row, query)`` of ``queries`` (see :func:`read_queries`), yielding its
    :class:`BatchRow` as it is done, ``documents`` documents listed per row; ``progress``
    advances by one per query."""
    todo = list(queries)
    report = progress or NoProgress()
    report.phase("queries", len(todo))
    backend = case.search_backend()
    backend.refresh()
    spellings: SpellingCache = {}  # the index is not refreshed again: one cache for the list
    for row, text in todo:
        out = BatchRow(row, text)
        try:
            _answer(case, out, documents, spellings)
        except QueryError as error:
            out.error = error.one_line()
        report.advance()
        yield out


def _answer(case: Case, out: BatchRow, documents: int, spellings: SpellingCache) -> None:
    """Fill ``out`` with the hits of its query (the index already refreshed)."""
    if len(out.query) > MAX_QUERY_CHARS:
        raise QueryError(f"a query may be {MAX_QUERY_CHARS:,} characters long at most")
    prepared = prepare_query(case, out.query, spellings)
    out.expansions = {word: list(s) for word, s in prepared.expansions.items()}
    if prepared.node is None:
        raise QueryError("nothing to search for")
    results = case.search_backend().search(prepared.node, limit=SCAN)
    out.hits = results.total
    pages: dict[int, int] = {}
    for hit in results.hits:
        pages[hit.document_id] = pages.get(hit.document_id, 0) + 1
    out.documents = len(pages)
    out.complete = len(results.hits) >= results.total
    for document_id, count in list(pages.items())[:documents]:
        doc = case.store.document(document_id)
        if doc is not None:  # deleted since indexing
            out.listed.append(BatchDocument(document_id, doc.path, count))


def write_csv(rows: Iterable[BatchRow], handle: TextIO) -> int:
    """Write ``rows`` as CSV (:data:`CSV_COLUMNS`, a header first) to ``handle``; how many."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row.csv_cells())
        count += 1
    return count
