"""Watchlists and their cross-reference over HTTP (read only: lists are loaded and compared
by ``kavosh watchlists load`` and ``kavosh xref``)::

    GET /api/watchlists                  {"watchlists": [...]}: each list with its version,
                                         entries, pages compared and matches
    GET /api/watchlists/{name}           the list with its entries
    GET /api/xref?list=&document=&min_score=&limit=&offset=
                                         {"total", "matches": [...]}: best score first, each
                                         with its entry, mention, place and evidence sentence
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as FastPath

from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_json import JSONUTF8Response

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
MAX_MATCHES = 1000  # a page of matches at most


@router.get("/api/watchlists", response_class=JSONUTF8Response)
def api_watchlists(cases: Access) -> JSONUTF8Response:
    """The case's watchlists, with how far the cross-reference has come."""
    with cases.use() as case:
        lists = case.store.watchlists()
        counts = case.store.xref_counts()
    rows: list[dict[str, Any]] = []
    for w in lists:
        units, matches = counts.get(w.id, (0, 0))
        rows.append({**w.to_json(), "units_compared": units, "matches": matches})
    return JSONUTF8Response({"watchlists": rows})


@router.get("/api/watchlists/{name}", response_class=JSONUTF8Response)
def api_watchlist(
    cases: Access,
    name: Annotated[str, FastPath(description="The list's name in the case")],
) -> JSONUTF8Response:
    """One list with its entries (name, aliases, type, country, program)."""
    with cases.use() as case:
        found = case.store.watchlist(name)
        if found is None:
            raise HTTPException(404, f"no watchlist {name!r}")
        entries = case.store.watch_entries(found.id)
    return JSONUTF8Response({**found.to_json(), "items": [e.to_json() for e in entries]})


@router.get("/api/xref", response_class=JSONUTF8Response)
def api_xref(
    cases: Access,
    list_name: Annotated[str | None, Query(alias="list", description="One list's name")] = None,
    document: Annotated[int | None, Query(description="One document's id", ge=1)] = None,
    min_score: Annotated[float, Query(ge=0.0, le=1.0,
                                      description="The score a match needs")] = 0.0,
    limit: Annotated[int, Query(ge=1, le=MAX_MATCHES, description="Matches returned")] = 100,
    offset: Annotated[int, Query(ge=0, description="Matches skipped first")] = 0,
) -> JSONUTF8Response:
    """Matches found by ``kavosh xref``, best score first (the lines of ``kavosh xref
    --json``)."""
    with cases.use() as case:
        list_id = None
        if list_name is not None:
            found = case.store.watchlist(list_name)
            if found is None:
                raise HTTPException(404, f"no watchlist {list_name!r}")
            list_id = found.id
        matches = case.store.xref_matches(list_id, min_score, document)
    return JSONUTF8Response({"total": len(matches), "offset": offset, "matches": [
        m.to_json() for m in matches[offset:offset + limit]]})
