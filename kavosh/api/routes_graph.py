"""Relations and the graph over HTTP (issue 14).

Routes::

    GET  /api/graph?type=&since=&until=&min_confidence=&entity=&limit=&form=
                                   {"nodes": [...], "edges": [...], "total_edges"}: the graph
                                   (nodes are the edges' ends), most confident edges first;
                                   form=columns: compact arrays (what the network view reads)
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
    GET  /network?type=&since=&until=&min_confidence=&entity=&view=
                                   the network view: the vendored Cytoscape.js draws
                                   /api/graph (kavosh/web/static/network.js); ``view``
                                   opens a saved view (its filters, positions, selection)
    GET  /api/views                {"views": [...]}: the saved views, last saved first
    GET  /api/views/{name}         one saved view: {"name", "view": {"filters", "positions",
                                   "selected", "expanded", "zoom", "pan"}, "by", "at", …}
                                   (404 if none)
    POST /api/views                JSON {"name", "view", "by"} → the view saved (201);
                                   saving under a name again replaces it

The network page is the one page with script: its response carries its own CSP
(:data:`NETWORK_CSP`: scripts from this server only, no inline script, no eval, fetches to
this server only); every other page keeps the script-free CSP of
:mod:`kavosh.api.security`.

Dates are ``YYYY-MM-DD``, Gregorian or Jalali (a year before 1700). The decision endpoint
takes ``application/json`` only and refuses cross-site requests, as the verification
status does (:mod:`kavosh.api.routes_verify`).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from kavosh.api import forms
from kavosh.api.context import CaseAccess, access
from kavosh.api.forms import json_object
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.case import current_actor
from kavosh.entities.graph import (
    RELATION_TYPES,
    Graph,
    build_graph,
    decide,
    graph_columns,
    parse_day,
)
from kavosh.model.errors import UsageError

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
Types = Annotated[list[str] | None, Query(description="Relation types (repeatable).")]
Day = Annotated[str, Query(max_length=20, description="YYYY-MM-DD, Gregorian or Jalali.")]
MinConfidence = Annotated[float, Query(ge=0, le=1, description="Least confidence.")]
EntityQuery = Annotated[int | None, Query(ge=1, description="Edges touching this entity.")]
Limit = Annotated[int, Query(ge=1, le=100_000, description="Edges at most.")]
Form = Annotated[Literal["objects", "columns"], Query(description=(
    "objects: a list of nodes and one of edges; columns: compact arrays (the network view)"))]
NETWORK_LIMIT = 3000  # edges drawn at most (the most confident)
WIDE_TYPES = ("co_paragraph", "co_document")  # not drawn unless ticked
VIEW_NAME_CHARS = 100
VIEW_BODY = 2 * 1024 * 1024  # a view of 3,000 nodes' positions is about 100 kB
VIEW_NODES = 20_000
ENTITY_ID = re.compile(r"[1-9][0-9]{0,17}")  # an entity's id as a saved view keeps it
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
              limit: Limit = 5000, form: Form = "objects") -> JSONUTF8Response:
    """The graph: the most confident edges and their ends; ``form=columns`` the compact
    arrays the network view reads (:func:`kavosh.entities.graph.graph_columns`)."""
    graph = _graph(cases, type, since, until, min_confidence, entity)
    edges = [e.to_json() for e in graph.edges[:limit]]
    ends = {n for e in edges for n in (e["source"], e["target"])}
    nodes = [n.to_json() for i, n in graph.nodes.items() if i in ends]
    if form == "columns":
        return JSONUTF8Response(graph_columns(nodes, edges, len(graph.edges)))
    return JSONUTF8Response({"nodes": nodes, "edges": edges, "total_edges": len(graph.edges)})


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


def form_token(entity_id: int) -> str:
    """The relation forms' token for one entity's page (valid while this server runs): a
    form another site makes cannot carry it (see :mod:`kavosh.api.forms`)."""
    return forms.form_token("relations", entity_id)


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
    form = await forms.PostedForm.read(request, "relations", entity_id)

    def write() -> None:
        with cases.use() as case:
            decide(case.store, form.one("action"), form.one("source") or str(entity_id),
                   form.one("target"), form.one("type"), form.one("by") or current_actor(),
                   form.one("note"))

    await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{entity_id}/relations", status_code=303)


View = Annotated[str, Query(max_length=VIEW_NAME_CHARS, description="A saved view's name.")]
FormNumber = Annotated[str, Query(max_length=20, description="A number, or empty for none.")]


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network_page(cases: Access, type: Types = None, since: Day = "", until: Day = "",
                 min_confidence: FormNumber = "", entity: FormNumber = "",
                 view: View = "") -> HTMLResponse:
    """The network view: filters as a plain form, the drawing by /static/network.js; a saved
    view's filters replace the query's, and the script places its nodes as saved. The form
    sends its number fields empty when they are (``min_confidence=&entity=``): empty is none."""
    return _network_page(cases, type, since, until, _confidence(min_confidence),
                         _entity(entity), view)


def _confidence(raw: str) -> float:
    value = _number(raw) if raw.strip() else 0.0
    if not 0 <= value <= 1:
        raise UsageError("the least confidence is a number from 0 to 1")
    return value


def _entity(raw: str) -> int | None:
    if not raw.strip():
        return None
    if not ENTITY_ID.fullmatch(raw.strip()):
        raise UsageError(f"not an entity id: {raw!r}")
    return int(raw)


def _network_page(cases: CaseAccess, type: list[str] | None, since: str, until: str,
                  min_confidence: float, entity: int | None, view: str) -> HTMLResponse:
    saved = None
    if view:
        with cases.use() as case:
            saved = case.store.saved_view(view)
        if saved is None:
            raise HTTPException(404, "no saved view of that name")
        f = saved.data["filters"]
        type, since, until = f["type"] or None, f["since"], f["until"]
        min_confidence, entity = f["min_confidence"], f["entity"]
    if not type:  # the wider co-occurrences only when asked: they would crowd the rest
        type = [t for t in RELATION_TYPES if t not in WIDE_TYPES]
    graph = _graph(cases, type, since, until, min_confidence, entity)
    filters = {"type": list(type or []), "since": since, "until": until,
               "min_confidence": min_confidence, "entity": entity}
    query = [("type", t) for t in type or []] + [
        (k, v) for k, v in (("since", since), ("until", until)) if v]
    if min_confidence:
        query.append(("min_confidence", str(min_confidence)))
    if entity is not None:
        query.append(("entity", str(entity)))
    src = "/api/graph?" + urlencode([*query, ("limit", str(NETWORK_LIMIT)),
                                     ("form", "columns")])
    with cases.use() as case:
        views = [v.to_json(data=False) for v in case.store.saved_views()]
    response = render("network.html", labels=RELATION_LABELS, types=set(type or []),
                      since=since, until=until, since_day=_iso(since), until_day=_iso(until),
                      min_confidence=min_confidence or "",
                      entity=entity, total=len(graph.edges), limit=NETWORK_LIMIT, src=src,
                      filters=filters, views=views, view=saved.name if saved else "",
                      view_src=f"/api/views/{quote(saved.name, safe='')}" if saved else "")
    response.headers["content-security-policy"] = NETWORK_CSP
    return response


def _iso(day: str) -> str:
    """A typed day (Jalali or Gregorian) as the Gregorian ``YYYY-MM-DD`` a native date picker
    shows; "" for none."""
    ordinal = parse_day(day)
    return date.fromordinal(ordinal).isoformat() if ordinal is not None else ""


@router.get("/api/views", response_class=JSONUTF8Response)
def api_views(cases: Access) -> JSONUTF8Response:
    """The saved views (without their positions), last saved first."""
    with cases.use() as case:
        return JSONUTF8Response({"views": [v.to_json(data=False)
                                           for v in case.store.saved_views()]})


@router.get("/api/views/{name}", response_class=JSONUTF8Response)
def api_view(cases: Access, name: Annotated[str, FastPath(
        max_length=VIEW_NAME_CHARS, description="The view's name.")]) -> JSONUTF8Response:
    """One saved view, with its filters, positions and selected nodes."""
    with cases.use() as case:
        saved = case.store.saved_view(name)
    if saved is None:
        raise HTTPException(404, "no saved view of that name")
    return JSONUTF8Response(saved.to_json())


@router.post("/api/views", response_class=JSONUTF8Response, status_code=201)
async def api_save_view(cases: Access, request: Request) -> JSONUTF8Response:
    """Save the network view under a name (JSON: name, view, by)."""
    data = await json_object(request, "view", '{"name", "view", "by"}', VIEW_BODY)
    name = view_name(data.get("name"))
    view = view_data(data.get("view"))
    actor = str(data.get("by") or "").strip()[:100] or current_actor()

    def write() -> dict[str, Any]:
        with cases.use() as case:
            return case.store.save_view(name, view, actor).to_json()

    return JSONUTF8Response(await run_in_threadpool(write), status_code=201)


def view_name(raw: object) -> str:
    """A view's name: text of 1 to :data:`VIEW_NAME_CHARS` characters, no control ones."""
    name = " ".join(str(raw or "").split())
    if not name or len(name) > VIEW_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise UsageError(f"a view needs a name of 1 to {VIEW_NAME_CHARS} characters")
    return name


def view_data(raw: object) -> dict[str, Any]:
    """A view as kept: its filters (checked as the page's query is), node id → ``[x, y]``
    (finite numbers, rounded to a tenth), the selected node ids, the expanded entity ids
    (double-tapped: their neighbours are drawn again), zoom and pan. Anything else
    is dropped; a wrong shape is a usage error."""
    if not isinstance(raw, dict):
        raise UsageError('a view is {"filters", "positions", "selected", "zoom", "pan"}')
    f = raw.get("filters") or {}
    if not isinstance(f, dict):
        raise UsageError("a view's filters are an object")
    types = [t for t in f.get("type") or [] if t in RELATION_TYPES]
    since, until = str(f.get("since") or "")[:20], str(f.get("until") or "")[:20]
    parse_day(since), parse_day(until)  # a usage error if not dates
    confidence = _number(f.get("min_confidence") or 0)
    entity = f.get("entity")
    filters = {"type": types, "since": since, "until": until,
               "min_confidence": min(1.0, max(0.0, confidence)),
               "entity": int(entity) if isinstance(entity, int) and entity > 0 else None}
    positions = raw.get("positions") or {}
    selected = raw.get("selected") or []
    expanded = raw.get("expanded") or []
    if not isinstance(positions, dict) or not isinstance(selected, list) or (
            not isinstance(expanded, list)) or (
            max(len(positions), len(selected), len(expanded)) > VIEW_NODES):
        raise UsageError(f"positions: an object of at most {VIEW_NODES} nodes; selected "
                         "and expanded: lists")
    kept = {str(k)[:200]: [round(_number(p[0]), 1), round(_number(p[1]), 1)]
            for k, p in positions.items() if isinstance(p, list) and len(p) == 2}
    pan = raw.get("pan")
    pan = pan if isinstance(pan, dict) else {}
    return {"filters": filters, "positions": kept,
            "selected": [str(n)[:200] for n in selected if isinstance(n, (str, int))],
            "expanded": [str(n) for n in expanded if ENTITY_ID.fullmatch(str(n))],
            "zoom": _number(raw.get("zoom") or 1),
            "pan": {"x": _number(pan.get("x") or 0), "y": _number(pan.get("y") or 0)}}


def _number(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise UsageError(f"not a number: {raw!r}")
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"not a number: {raw!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"not a finite number: {raw!r}")
    return value
