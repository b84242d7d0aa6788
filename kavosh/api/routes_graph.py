"""Relations and the graph over HTTP (issue 14).

Routes::

    GET  /api/graph?type=&since=&until=&min_confidence=&entity=&limit=
                                   {"nodes": [...], "edges": [...], "total_edges"}: the graph
                                   (nodes are the edges' ends), most confident edges first
    GET  /api/relations?…&evidence=3&rejected=false
                                   {"relations": [...]}: edges with the ends' names and their
                                   first evidence sentences
    POST /api/relations/decisions  JSON {"action": confirm|reject|add, "source", "target",
                                   "type", "note", "by"} → the decision recorded (201)
    GET  /entities/{id}/relations  an entity's relations with their evidence, linked to the
                                   documents, each with confirm/reject buttons, and a form
                                   to add one (HTML, no script)
    POST /entities/{id}/relations  those forms (urlencoded: token, action, source, target,
                                   type, note, by) → 303 back to the page
    GET  /network?type=&since=&until=&min_confidence=&entity=
                                   the network view: the vendored Cytoscape.js draws
                                   /api/graph (kavosh/web/static/network.js)

The network page is the one page with script: its response carries its own CSP
(:data:`NETWORK_CSP`: scripts from this server only, no inline script, no eval, fetches to
this server only); every other page keeps the script-free CSP of
:mod:`kavosh.api.security`.

Dates are ``YYYY-MM-DD``, Gregorian or Jalali (a year before 1700). The decision endpoint
takes ``application/json`` only and refuses cross-site requests, as the verification
status does (:mod:`kavosh.api.routes_verify`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.api.routes_verify import _body, _same_site, json_object
from kavosh.case import current_actor
from kavosh.entities.graph import RELATION_TYPES, Graph, build_graph, decide, parse_day

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
Types = Annotated[list[str] | None, Query(description="Relation types (repeatable).")]
Day = Annotated[str, Query(max_length=20, description="YYYY-MM-DD, Gregorian or Jalali.")]
MinConfidence = Annotated[float, Query(ge=0, le=1, description="Least confidence.")]
EntityQuery = Annotated[int | None, Query(ge=1, description="Edges touching this entity.")]
Limit = Annotated[int, Query(ge=1, le=100_000, description="Edges at most.")]
NETWORK_LIMIT = 3000  # edges drawn at most (the most confident)
NETWORK_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; "
               "img-src 'self' data: blob:; style-src 'self'; form-action 'self'; "
               "base-uri 'none'; frame-ancestors 'none'")
RELATION_LABELS = {"co_occurrence": "در یک جمله", "co_paragraph": "در یک بند",
                   "co_document": "در یک سند", "met_with": "دیدار", "paid": "پرداخت",
                   "recruited": "جذب", "reported_to": "گزارش به", "appointed": "انتصاب",
                   "member_of": "عضویت", "relative_of": "خویشاوندی",
                   "special_relationship": "رابطه ویژه", "reported_on": "گزارش درباره",
                   "cable_to": "تلگراف به"}


def _graph(cases: CaseAccess, types: list[str] | None, since: str, until: str,
           min_confidence: float, entity: int | None, rejected: bool = False) -> Graph:
    start, end = parse_day(since), parse_day(until)
    with cases.use() as case:
        return build_graph(case.store, types=types or None, since=start, until=end,
                           min_confidence=min_confidence, entity=entity, rejected=rejected)


def _relations(graph: Graph, limit: int, evidence: int) -> list[dict[str, Any]]:
    return [{**e.to_json(evidence=evidence), "source_name": graph.nodes[e.source].label,
             "target_name": graph.nodes[e.target].label} for e in graph.edges[:limit]]


@router.get("/api/graph", response_class=JSONUTF8Response)
def api_graph(cases: Access, type: Types = None, since: Day = "", until: Day = "",
              min_confidence: MinConfidence = 0.0, entity: EntityQuery = None,
              limit: Limit = 5000) -> JSONUTF8Response:
    """The graph: the most confident edges and their ends."""
    graph = _graph(cases, type, since, until, min_confidence, entity)
    edges = graph.edges[:limit]
    ends = {n for e in edges for n in (e.source, e.target)}
    return JSONUTF8Response({"nodes": [n.to_json() for i, n in graph.nodes.items() if i in ends],
                             "edges": [e.to_json() for e in edges],
                             "total_edges": len(graph.edges)})


@router.get("/api/relations", response_class=JSONUTF8Response)
def api_relations(cases: Access, type: Types = None, since: Day = "", until: Day = "",
                  min_confidence: MinConfidence = 0.0, entity: EntityQuery = None,
                  limit: Limit = 500,
                  evidence: Annotated[int, Query(ge=0, le=100, description=(
                      "Evidence sentences given with each relation."))] = 3,
                  rejected: Annotated[bool, Query(description=(
                      "Also the relations people rejected."))] = False) -> JSONUTF8Response:
    """Relations with their ends' names and evidence sentences."""
    graph = _graph(cases, type, since, until, min_confidence, entity, rejected)
    return JSONUTF8Response({"relations": _relations(graph, limit, evidence),
                             "total": len(graph.edges)})


@router.post("/api/relations/decisions", response_class=JSONUTF8Response, status_code=201)
async def api_decide(cases: Access, request: Request) -> JSONUTF8Response:
    """Confirm, reject or add a relation (JSON: action, source, target, type, note, by)."""
    data = await json_object(request, "decision",
                             '{"action", "source", "target", "type", "note", "by"}')

    def write() -> dict[str, Any]:
        with cases.use() as case:
            decision = decide(case.store, str(data.get("action", "")),
                              str(data.get("source", "")), str(data.get("target", "")),
                              str(data.get("type", "")), str(data.get("by") or current_actor()),
                              str(data.get("note") or ""))
        return decision.to_json()

    return JSONUTF8Response(await run_in_threadpool(write), status_code=201)


_SECRET = secrets.token_bytes(32)


def form_token(entity_id: int) -> str:
    """The relation forms' token for one entity's page (valid while this server runs): a
    form another site makes cannot carry it (see :mod:`kavosh.api.routes_verify`)."""
    return hmac.new(_SECRET, f"relations:{entity_id}".encode(), hashlib.sha256).hexdigest()


@router.get("/entities/{entity_id}/relations", response_class=HTMLResponse,
            include_in_schema=False)
def entity_relations_page(cases: Access, entity_id: Annotated[int, FastPath()]
                          ) -> HTMLResponse:
    with cases.use() as case:
        entity = case.store.entity(entity_id)
    if entity is None:
        raise HTTPException(404, "no such entity")
    graph = _graph(cases, None, "", "", 0.0, entity_id, rejected=True)
    return render("entity_relations.html", entity=entity,
                  relations=_relations(graph, 500, 5), me=str(entity_id),
                  labels=RELATION_LABELS, types=RELATION_TYPES, token=form_token(entity_id))


@router.post("/entities/{entity_id}/relations", include_in_schema=False)
async def form_decide(cases: Access, entity_id: int, request: Request) -> RedirectResponse:
    """A confirm, reject or add form of an entity's relations page: record, then back to
    the page (303, so a reload does not post again)."""
    _same_site(request)
    fields = parse_qs((await _body(request)).decode("utf-8", "replace"))

    def one(name: str) -> str:
        return fields.get(name, [""])[0].strip()

    if not hmac.compare_digest(one("token"), form_token(entity_id)):
        raise HTTPException(403, "the form has expired: reload the page and send it again")

    def write() -> None:
        with cases.use() as case:
            decide(case.store, one("action"), one("source") or str(entity_id), one("target"),
                   one("type"), one("by") or current_actor(), one("note"))

    await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{entity_id}/relations", status_code=303)


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network_page(cases: Access, type: Types = None, since: Day = "", until: Day = "",
                 min_confidence: MinConfidence = 0.0, entity: EntityQuery = None
                 ) -> HTMLResponse:
    """The network view: filters as a plain form, the drawing by /static/network.js."""
    graph = _graph(cases, type, since, until, min_confidence, entity)
    query = [("type", t) for t in type or []] + [
        (k, v) for k, v in (("since", since), ("until", until)) if v]
    if min_confidence:
        query.append(("min_confidence", str(min_confidence)))
    if entity is not None:
        query.append(("entity", str(entity)))
    src = "/api/graph?" + urlencode([*query, ("limit", str(NETWORK_LIMIT))])
    response = render("network.html", labels=RELATION_LABELS, types=set(type or []),
                      since=since, until=until, min_confidence=min_confidence or "",
                      entity=entity, total=len(graph.edges), limit=NETWORK_LIMIT, src=src)
    response.headers["content-security-policy"] = NETWORK_CSP
    return response
