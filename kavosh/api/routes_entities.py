"""Entities over HTTP: the list, an entity's page, and their JSON.

Routes::

    GET /entities?type=PER&offset=0      the entity list with counts by type (HTML)
    GET /entities/{id}                   an entity: names, aliases, dates, mentions in their
                                         sentences with links into the documents, the
                                         entities mentioned beside it (HTML)
    GET /api/entities?type=&limit=&offset=   {"counts", "type", "total", "entities": [...]}
    GET /api/entities/{id}               the entity page's data (kavosh entities show --json)
    POST /entities/{id}                  the entity page's form: rename, retype, or merge other
                                         entities into it (kavosh.entities.curate; recorded
                                         with who and when, replayed after every resolution)

Pages are server-rendered, with no script. The form is guarded like the verification form
(same-site only, a token valid while the server runs); splitting and adding stay the CLI's.
"""

from __future__ import annotations

import hashlib
import hmac
import re
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
from kavosh.api.routes_verify import _body, _same_site
from kavosh.case import current_actor
from kavosh.entities import curate
from kavosh.model.errors import UsageError
from kavosh.views.cables import two_calendars
from kavosh.views.entities import entity_detail, entity_list

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
PAGE = 100
TYPE_LABELS = {"PER": "اشخاص", "ORG": "سازمان‌ها", "LOC": "مکان‌ها", "PHONE": "تلفن‌ها",
               "EMAIL": "رایانامه‌ها", "IBAN": "شبا", "CARD": "کارت‌ها", "URL": "نشانی‌ها",
               "PASSPORT": "گذرنامه‌ها", "CODENAME": "نام‌های رمز"}
TypeQuery = Annotated[str, Query(pattern="^[A-Za-z]{0,20}$", description=(
    "Only entities of this type: PER, ORG, LOC, PHONE, EMAIL, IBAN, CARD, URL, PASSPORT, "
    "CODENAME (empty: all)."))]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Entities to skip.")]
ACTIONS = {"rename": "نام تازه", "retype": "نوع تازه", "merge": "ادغام شناسه‌ها در این موجودیت"}
_SECRET = secrets.token_bytes(32)


def entity_token(entity_id: int) -> str:
    """The entity form's token for one entity (valid while this server process runs)."""
    return hmac.new(_SECRET, f"entity:{entity_id}".encode(), hashlib.sha256).hexdigest()


@router.get("/api/entities", response_class=JSONUTF8Response)
def api_entities(cases: Access, type: TypeQuery = "", offset: Offset = 0,
                 limit: Annotated[int, Query(ge=1, le=1000, description="Entities to list.")]
                 = PAGE) -> JSONUTF8Response:
    """Entities most mentioned first (of one type), with the counts of each type."""
    with cases.use() as case:
        return JSONUTF8Response(entity_list(case, type.upper(), limit, offset))


def _detail(cases: CaseAccess, entity_id: int) -> dict[str, Any]:
    with cases.use() as case:
        detail = entity_detail(case, entity_id)
    if detail is None:
        raise HTTPException(404, "no such entity")
    return detail


EntityId = Annotated[int, FastPath(description="the entity's id")]


@router.get("/api/entities/{entity_id}", response_class=JSONUTF8Response)
def api_entity(cases: Access, entity_id: EntityId) -> JSONUTF8Response:
    """An entity with its mentions (each in its sentence), documents and co-mentioned
    entities."""
    return JSONUTF8Response(_detail(cases, entity_id))


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entities_page(cases: Access, type: TypeQuery = "", offset: Offset = 0) -> HTMLResponse:
    listed = entity_list_for_page(cases, type.upper(), offset)
    more = listed["offset"] + PAGE < listed["total"]
    next_url = f"/entities?{urlencode({'type': listed['type'], 'offset': offset + PAGE})}" \
        if more else ""
    return render("entities.html", listed=listed, labels=TYPE_LABELS, next_url=next_url)


def entity_list_for_page(cases: CaseAccess, type: str, offset: int) -> dict[str, Any]:
    with cases.use() as case:
        return entity_list(case, type, PAGE, offset)


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(cases: Access, entity_id: int) -> HTMLResponse:
    detail = _detail(cases, entity_id)
    return render("entity.html", e=detail, labels=TYPE_LABELS,
                  first=two_calendars(str(detail["first_date"] or "")),
                  last=two_calendars(str(detail["last_date"] or "")),
                  token=entity_token(entity_id), actions=ACTIONS)


@router.post("/entities/{entity_id}", include_in_schema=False)
async def form_curate(cases: Access, entity_id: int, request: Request) -> RedirectResponse:
    """The entity page's form: one decision, then back to the entity's page (303, so a
    reload does not post again)."""
    _same_site(request)
    fields = parse_qs((await _body(request)).decode("utf-8", "replace"))

    def one(name: str) -> str:
        return fields.get(name, [""])[0].strip()

    if not hmac.compare_digest(one("token"), entity_token(entity_id)):
        raise HTTPException(403, "the form has expired: reload the page and send it again")
    action, value, by = one("action"), one("value"), one("by") or current_actor()
    if action not in ACTIONS or not value:
        raise UsageError("choose rename, retype or merge, and give a value")

    def write() -> int:
        with cases.use() as case:
            if action == "merge":
                others = [int(n) for n in re.findall(r"\d+", value)]
                if not others:
                    raise UsageError("give the ids of the entities to merge into this one")
                row = curate.merge(case.store, entity_id, others, by)
            elif action == "retype":
                row = curate.retype(case.store, entity_id, value, by)
            else:
                row = curate.rename(case.store, entity_id, value, by)
        return row.id if row is not None and row.id else entity_id

    kept = await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{kept}", status_code=303)
