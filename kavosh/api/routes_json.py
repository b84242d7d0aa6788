"""The JSON API under ``/api``: search, documents, status, originals and page images."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse, Response

from kavosh.api.context import CaseAccess, access
from kavosh.api.images import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH, NoPageImage, page_png
from kavosh.api.security import DOWNLOAD_CSP, content_disposition
from kavosh.export.jsonl import document_record
from kavosh.model import Kind
from kavosh.search.highlight import match_spans
from kavosh.text.visible import json_escape_controls
from kavosh.views.document import MAX_CHILDREN, find_document, original_problems
from kavosh.views.search import prepare_query, search
from kavosh.views.semantic import search_by_meaning
from kavosh.views.status import status

MAX_LIMIT = 100
MAX_OFFSET = 10_000

router = APIRouter(prefix="/api")
Access = Annotated[CaseAccess, Depends(access)]


class JSONUTF8Response(JSONResponse):
    """JSON with Persian left as it is (``ensure_ascii`` off) and a charset named; C1 and bidi
    controls ``\\u``-escaped like C0 ones (the same values, but a name viewed as raw JSON shows
    its controls instead of obeying them)."""

    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        import json

        return json_escape_controls(json.dumps(
            content, ensure_ascii=False, allow_nan=False, default=str, separators=(",", ":"),
        )).encode("utf-8")


@router.get("/search", response_class=JSONUTF8Response)
def api_search(
    cases: Access,
    q: Annotated[str, Query(max_length=2000)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    semantic: Annotated[bool, Query(
        description="search by meaning too (the case's passage vectors, `kavosh embed`), "
                    "fused with the keyword hits; 503 with the reason where it cannot run")
    ] = False,
    meaning_only: Annotated[bool, Query(description="with semantic: no keyword hits")] = False,
) -> JSONUTF8Response:
    with cases.use() as case:
        if semantic or meaning_only:
            results = search_by_meaning(case, q, limit=limit, offset=offset,
                                        hybrid=not meaning_only)
        else:
            results = search(case, q, limit=limit, offset=offset)
    return JSONUTF8Response({
        "query": results.query,
        "total": results.total,
        "limit": limit,
        "offset": offset,
        "hits": [hit.to_json() for hit in results.hits],
        "expansions": results.expansions,
        "spelling_hits": results.spelling_hits,  # pages holding each added spelling
        "unexpanded": list(results.prepared.unexpanded),  # switched off with -expand:
    })


@router.get("/status", response_class=JSONUTF8Response)
def api_status(cases: Access) -> JSONUTF8Response:
    with cases.use() as case:
        return JSONUTF8Response(status(case).to_json())


@router.get("/documents/{document_id}", response_class=JSONUTF8Response)
def api_document(
    cases: Access,
    document_id: int,
    q: Annotated[str, Query(max_length=2000)] = "",
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


@router.get("/documents/{document_id}/original")
def api_original(cases: Access, document_id: int) -> FileResponse:
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


@router.get("/documents/{document_id}/pages/{number}.png")
def api_page_image(
    cases: Access,
    document_id: int,
    number: int,
    width: Annotated[int, Query(ge=MIN_WIDTH, le=MAX_WIDTH)] = DEFAULT_WIDTH,
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
