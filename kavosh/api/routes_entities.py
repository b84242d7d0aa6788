"""Entities over HTTP: the list, an entity's page, and their JSON.

Routes::

    GET /entities?type=PER&offset=0      the entity list with counts by type (HTML)
    GET /entities/{id}                   an entity: names, aliases, dates, mentions in their
                                         sentences with links into the documents, the
                                         entities mentioned beside it (HTML)
    GET /api/entities?type=&limit=&offset=   {"counts", "type", "total", "entities": [...]}
    GET /api/entities/{id}               the entity page's data (kavosh entities show --json)

Read only: curating entities is the CLI's (``kavosh entities merge …``). Pages are
server-rendered, with no script.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse

from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
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
                  last=two_calendars(str(detail["last_date"] or "")))
