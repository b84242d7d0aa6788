"""The case's watchlist matches as a web page (the JSON is :mod:`kavosh.api.routes_xref`)::

    GET /watchlists?list=&min_score=&offset=
        the lists loaded into the case (entries, pages compared, matches), and their
        matches best score first, a page at a time: the list, the listed entry (name, type,
        program, key) and the name or alias that matched, the mention and the entity it
        belongs to (linked to the entity's page), the score, and the evidence sentence with
        the mention marked, linked to its page in the document

Server-rendered, with no script. Matches are found by ``kavosh xref``; this page only reads
them.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse

from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_html import render
from kavosh.store.watchlists import XrefMatch

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
PAGE = 100  # matches a page


def evidence(match: XrefMatch) -> tuple[str, str, str]:
    """The match's sentence as ``(before, mention, after)``: the mention marked where the
    sentence holds it, else the whole sentence before an empty mark."""
    at = match.sentence.find(match.mention) if match.mention else -1
    if at < 0:
        return match.sentence, "", ""
    end = at + len(match.mention)
    return match.sentence[:at], match.sentence[at:end], match.sentence[end:]


def _entities(cases: CaseAccess, matches: list[XrefMatch]) -> dict[int, dict[str, Any]]:
    """Stored mention id → the entity it was resolved into (id, name, type), for the
    matches' mentions (looked up by document: one query per document on the page)."""
    out: dict[int, dict[str, Any]] = {}
    wanted = {m.mention_id for m in matches if m.mention_id is not None}
    with cases.use() as case:
        store = case.store
        entity_of: dict[int, int] = {}
        for document_id in {m.document_id for m in matches if m.mention_id is not None}:
            for mention in store.mentions(document_id=document_id):
                if mention.id in wanted and mention.entity_id is not None:
                    entity_of[mention.id] = mention.entity_id
        rows = {i: store.entity(i) for i in set(entity_of.values())}
    for mention_id, entity_id in entity_of.items():
        row = rows.get(entity_id)
        if row is not None:
            out[mention_id] = {"id": row.id, "name": row.name or row.latin, "type": row.type}
    return out


@router.get("/watchlists", response_class=HTMLResponse, include_in_schema=False)
def watchlists_page(
    cases: Access,
    list_name: Annotated[str, Query(alias="list", max_length=200)] = "",
    min_score: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    with cases.use() as case:
        store = case.store
        lists = store.watchlists()
        counts = store.xref_counts()
        list_id = None
        if list_name:
            found = store.watchlist(list_name)
            if found is None:
                raise HTTPException(404, f"no watchlist {list_name!r}")
            list_id = found.id
        matches = store.xref_matches(list_id, min_score)
    shown = matches[offset:offset + PAGE]
    entities = _entities(cases, shown)
    rows = [{"m": m, "evidence": evidence(m),
             "entity": entities.get(m.mention_id) if m.mention_id is not None else None}
            for m in shown]
    query = {"list": list_name, "min_score": min_score} if min_score else {"list": list_name}
    next_url = f"/watchlists?{urlencode({**query, 'offset': offset + PAGE})}" \
        if offset + PAGE < len(matches) else ""
    return render("watchlists.html", lists=lists, counts=counts, rows=rows,
                  total=len(matches), offset=offset, chosen=list_name, min_score=min_score,
                  next_url=next_url)
