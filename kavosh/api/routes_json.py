"""The JSON API under ``/api``: search, documents, status, originals, page images and cables
(``/api/cables``: the list; ``/api/cables/gaps``, ``/api/cables/findings``;
``/api/documents/{id}/cable``: one document's fields; ``/api/documents/{id}/thread``)."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from kavosh.api.context import CaseAccess, access
from kavosh.api.images import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, NoPageImage, page_png
from kavosh.api.models import ErrorResponse, ExportLine, SearchResponse
from kavosh.api.params import Q, Sort, facet_filters
from kavosh.api.security import DOWNLOAD_CSP, content_disposition
from kavosh.case import Case
from kavosh.export.jsonl import document_record
from kavosh.model import Kind
from kavosh.search.highlight import match_spans
from kavosh.text.visible import json_escape_controls
from kavosh.views.cables import (
    SORTS,
    cable_list,
    document_cable,
    gap_rows,
    link_findings,
    thread_view,
)
from kavosh.views.document import MAX_CHILDREN, find_document, original_problems
from kavosh.views.results import Cursor, ExportRow, export_rows, find_documents, search_documents
from kavosh.views.search import prepare_query
from kavosh.views.semantic import search_by_meaning
from kavosh.views.status import status

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000

router = APIRouter(prefix="/api")
Access = Annotated[CaseAccess, Depends(access)]
DocumentId = Annotated[int, Path(description="The document's id (document_id in a hit).")]


class JSONUTF8Response(JSONResponse):
    """JSON with Persian left as it is (``ensure_ascii`` off) and a charset named; C1 and bidi
    controls ``\\u``-escaped like C0 ones (the same values, but a name viewed as raw JSON shows
    its controls instead of obeying them)."""

    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return json_escape_controls(json.dumps(
            content, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"),
        )).encode("utf-8")


@router.get("/search", response_class=JSONUTF8Response, summary="Search: documents, facets",
            responses={200: {"model": SearchResponse}, 400: {"model": ErrorResponse}})
def api_search(
    cases: Access,
    filters: Annotated[dict[str, list[str]], Depends(facet_filters)],
    q: Q = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Documents to list.")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                 description="Documents to skip (paging).")] = 0,
    sort: Sort = "relevance",
    semantic: Annotated[bool, Query(
        description="search by meaning too (the case's passage vectors, `kavosh embed`), "
                    "fused with the keyword hits; 503 with the reason where it cannot run")
    ] = False,
    meaning_only: Annotated[bool, Query(description="with semantic: no keyword hits")] = False,
) -> JSONUTF8Response:
    """The documents the query matches, grouped (one hit per document: its best page's
    snippet, its other matching pages listed, ``page_count`` counting them), sorted, narrowed
    by the facet values given, with exact totals (``total_documents``, ``total_pages``) and
    the facet counts of the documents matched. For every hit at once, see
    ``/api/search/export``."""
    with cases.use() as case:
        if semantic or meaning_only:
            return _by_meaning(case, q, limit, offset, not meaning_only)
        results = search_documents(case, q, limit=limit, offset=offset, sort=sort,
                                   filters=filters)
    return JSONUTF8Response(results.to_json())


def _by_meaning(case: Case, q: str, limit: int, offset: int, hybrid: bool) -> JSONUTF8Response:
    """Search by meaning (kavosh.views.semantic): one hit per page found, as it was before
    grouping by document (a passage is a page's)."""
    results = search_by_meaning(case, q, limit=limit, offset=offset, hybrid=hybrid)
    return JSONUTF8Response({
        "query": results.query,
        "total": results.total,
        "limit": limit,
        "offset": offset,
        "hits": [hit.to_json() for hit in results.hits],
        "expansions": results.expansions,
        "spelling_hits": results.spelling_hits,  # pages holding each added spelling
        "unexpanded": list(results.prepared.unexpanded),  # switched off with -expand:
        "as_words": list(results.prepared.as_words),  # common English words, not names
    })


@router.get("/search/export", summary="Every hit of a search, streamed (NDJSON or CSV)",
            response_class=StreamingResponse,
            responses={200: {"description": "One matching page a line (NDJSON) or a CSV row",
                             "model": ExportLine,
                             "content": {"application/x-ndjson": {}, "text/csv": {}}},
                       400: {"model": ErrorResponse}})
def api_search_export(
    cases: Access,
    filters: Annotated[dict[str, list[str]], Depends(facet_filters)],
    q: Q = "",
    sort: Sort = "relevance",
    cursor: Annotated[str, Query(max_length=200, description=(
        "Resume after this row: the ``cursor`` of the last row received."))] = "",
    limit: Annotated[int | None, Query(ge=1, description=(
        "At most this many rows in this response (default: all of them)."))] = None,
    format: Annotated[str, Query(pattern="^(jsonl|csv)$", description=(
        "jsonl (one JSON object a line) or csv (a header row, then the same columns)."
    ))] = "jsonl",
    snippets: Annotated[bool, Query(description="Include each page's snippet.")] = True,
) -> StreamingResponse:
    """Every page the search matches, without a cap: documents in the order of ``sort``,
    each document's pages best first; each row carries its document's ``rank``, and a
    ``cursor`` to resume after it. The headers ``Kavosh-Total-Documents`` and
    ``Kavosh-Total-Pages`` give the exact totals."""
    after = Cursor.decode(cursor) if cursor else None
    with cases.use() as case:
        matches = find_documents(case, q, sort, filters)
    rows = export_rows(case, matches, after, snippets)
    if limit is not None:
        rows = itertools.islice(rows, limit)
    lines = _csv_lines(rows) if format == "csv" else _ndjson_lines(rows)
    return StreamingResponse(
        _locked(cases, lines),
        media_type="text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson",
        headers={"Kavosh-Total-Documents": str(matches.total_documents),
                 "Kavosh-Total-Pages": str(matches.total_pages)})


def _locked(cases: CaseAccess, lines: Iterator[str], batch: int = 200) -> Iterator[bytes]:
    """``lines`` as UTF-8, made ``batch`` at a time while holding the case (each row reads
    its page), so other requests are served between batches."""
    while True:
        with cases.use():
            chunk = list(itertools.islice(lines, batch))
        if not chunk:
            return
        yield "".join(chunk).encode("utf-8")


def _ndjson_lines(rows: Iterator[ExportRow]) -> Iterator[str]:
    for row in rows:
        yield json_escape_controls(json.dumps(row.to_json(), ensure_ascii=False)) + "\n"


def _csv_lines(rows: Iterator[ExportRow]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ExportRow.COLUMNS)
    for row in itertools.chain([None], rows):
        if row is not None:
            writer.writerow(row.csv_values())
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@router.get("/status", response_class=JSONUTF8Response, summary="Case counts and failures")
def api_status(cases: Access) -> JSONUTF8Response:
    with cases.use() as case:
        return JSONUTF8Response(status(case).to_json())


@router.get("/documents/{document_id}", response_class=JSONUTF8Response,
            summary="One document: its export record")
def api_document(
    cases: Access,
    document_id: DocumentId,
    q: Annotated[str, Query(max_length=2000, description=(
        "The search that led here: each page then carries its highlights."))] = "",
) -> JSONUTF8Response:
    """The export record; with ``q`` (the search that led here), each page also carries
    ``highlights``: the ``[start, end]`` spans of its text the query matches, as the search's
    snippets and the document page mark them."""
    with cases.use() as case:
        doc = find_document(case, document_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        record = document_record(case, doc)
        if q:
            terms = prepare_query(case, q).terms
            for page in record["pages"]:
                page["highlights"] = [list(span) for span in match_spans(page["text"], terms)]
        children = case.store.children(doc.id)
        record["children"] = [{"id": child_id, "path": path}
                              for child_id, path in children[:MAX_CHILDREN]]
        record["children_total"] = len(children)
        record["page_count"] = len({p["number"] for p in record["pages"]})
    return JSONUTF8Response(record)


@router.get("/documents/{document_id}/original", summary="The original file (download)")
def api_original(cases: Access, document_id: DocumentId) -> FileResponse:
    """The original bytes, only ever as a download: never rendered by the browser."""
    with cases.use() as case:
        doc = find_document(case, document_id)
        if doc is None or doc.kind != Kind.FILE or not doc.sha256:
            raise HTTPException(404, "no stored original for this document")
        path = case.archive.path(doc.sha256)
        changed = path.is_file() and original_problems(case, doc)
    if not path.is_file():
        raise HTTPException(404, "the original is missing from the archive")
    if changed:  # never serve other bytes under the hash the page shows (issue 9)
        raise HTTPException(409, "the stored original no longer matches its SHA-256: it is"
                                 " not served (run `kavosh custody verify`)")
    return FileResponse(
        path,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": content_disposition(doc.name, f"document-{doc.id}"),
            "Content-Security-Policy": DOWNLOAD_CSP,
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/documents/{document_id}/pages/{number}.png", summary="A page as PNG")
def api_page_image(
    cases: Access,
    document_id: DocumentId,
    number: Annotated[int, Path(description="The page number (1-based).")],
    width: Annotated[int, Query(ge=MIN_WIDTH, le=MAX_WIDTH,
                                description="The image's width in pixels.")] = DEFAULT_WIDTH,
) -> Response:
    """Page ``number`` of a PDF drawn as PNG, or a stored image re-encoded as PNG."""
    with cases.use() as case:
        doc = find_document(case, document_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    try:
        png = page_png(case, doc, number, width)
    except NoPageImage as error:
        raise HTTPException(404, str(error)) from error
    # No cache header of its own: the default no-store (kavosh.api.security) keeps a leaked
    # page out of the browser's disk cache, as every other response.
    return Response(png, media_type="image/png")


CABLES_LIMIT, CABLES_MAX_LIMIT = 500, 10_000  # cables a page of /api/cables lists


@router.get("/cables", response_class=JSONUTF8Response, summary="The case's cables")
def api_cables(
    cases: Access,
    sort: Annotated[str, Query(pattern="^-?date$",
                               description="date (oldest first) or -date.")] = "date",
    sender: Annotated[str | None, Query(alias="from", max_length=500,
                                        description="Words the sender holds.")] = None,
    recipient: Annotated[str | None, Query(alias="to", max_length=500,
                                           description="Words the recipient holds.")] = None,
    classification: Annotated[str | None, Query(
        max_length=200, description="The classification, whole.")] = None,
    limit: Annotated[int, Query(ge=1, le=CABLES_MAX_LIMIT, description="Cables to list.")
                     ] = CABLES_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Cables to skip.")] = 0,
) -> JSONUTF8Response:
    """The case's cables by date (``sort=-date``: latest first), filtered by sender,
    recipient (words they hold) and classification (whole); a page of ``limit`` from
    ``offset``, with ``total`` and the ``next_offset`` (null on the last page)."""
    assert sort in SORTS
    with cases.use() as case:
        page = cable_list(case, sort, sender, recipient, classification,
                          limit=limit, offset=offset)
    return JSONUTF8Response(page.to_json())


@router.get("/cables/gaps", response_class=JSONUTF8Response,
            summary="Cables cited but missing")
def api_cable_gaps(cases: Access) -> JSONUTF8Response:
    """Cited cables missing from the case, each with every cable citing it."""
    with cases.use() as case:
        rows = gap_rows(case)
    return JSONUTF8Response({"gaps": [row.to_json() for row in rows]})


@router.get("/cables/findings", response_class=JSONUTF8Response,
            summary="Contradictions between cables")
def api_cable_findings(cases: Access) -> JSONUTF8Response:
    """Contradictions between the case's cables."""
    with cases.use() as case:
        return JSONUTF8Response({"findings": link_findings(case)})


@router.get("/documents/{document_id}/cable", response_class=JSONUTF8Response,
            summary="One document's cable fields")
def api_document_cable(cases: Access, document_id: DocumentId) -> JSONUTF8Response:
    """One document's cable fields (the export's ``cable`` object) and findings."""
    with cases.use() as case:
        view = document_cable(case, document_id)
    if view is None:
        raise HTTPException(404, "no such cable")
    return JSONUTF8Response(view.to_json())


@router.get("/documents/{document_id}/thread", response_class=JSONUTF8Response,
            summary="A cable's thread")
def api_thread(cases: Access, document_id: DocumentId) -> JSONUTF8Response:
    """The cable's thread in date order, gaps marked."""
    with cases.use() as case:
        view = thread_view(case, document_id) if find_document(case, document_id) else None
    if view is None:
        raise HTTPException(404, "no such cable")
    return JSONUTF8Response(view.to_json())
