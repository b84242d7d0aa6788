"""Entities over HTTP: the list, an entity's page, and their JSON.

Routes::

    GET /entities?type=PER&offset=0      the entity list with counts by type (HTML)
    GET /entities/{id}                   an entity: names, aliases, dates, mentions in their
                                         sentences with links into the documents, the
                                         entities mentioned beside it (HTML)
    GET /api/entities?type=&limit=&offset=   {"counts", "type", "total", "entities": [...]}
    GET /api/entities/{id}               the entity page's data (kavosh entities show --json)
    POST /entities/{id}                  the entity page's forms: rename, retype, merge other
                                         entities into it, or split the mentions written as
                                         some of its names into a new entity
    POST /entities                       the entity list's form: add an entity people know of
                                         (a code name, a person known by title only)

Every decision goes through :mod:`kavosh.entities.curate`: recorded with who (the form's
``by``, else the case's actor) and when, and replayed after every resolution. Pages are
server-rendered, with no script. The forms are guarded like the verification form (same-site
only, a token valid while the server runs); a form that changed something answers 303 to the
entity's page, so a reload does not post again.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from kavosh.api import forms
from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.case import current_actor
from kavosh.entities import curate
from kavosh.model.errors import UsageError
from kavosh.store.entities import EntityRow
from kavosh.text import index_text
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
ACTIONS = {"rename": "نام تازه", "retype": "نوع تازه", "merge": "ادغام شناسه‌ها در این موجودیت",
           "split": "جدا کردن این نام‌ها (با ؛ جدا کنید)"}
_LIST_SEPARATORS = re.compile(r"[;؛\n]+")


def entity_token(entity_id: int) -> str:
    """The entity form's token for one entity (valid while this server process runs); the
    entity list's form to add an entity uses ``entity_token(0)``."""
    return forms.form_token("entity", entity_id)


def _items(value: str) -> list[str]:
    """``value`` split into names at ``;``, ``؛`` or a line break, blanks dropped."""
    return [v.strip() for v in _LIST_SEPARATORS.split(value) if v.strip()]


class _Form(forms.PostedForm):
    """A posted entity form (token purpose ``entity``; the list's add form uses id 0)."""

    def by(self) -> str:
        return self.one("by") or current_actor()


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
    return render("entities.html", listed=listed, labels=TYPE_LABELS, next_url=next_url,
                  token=entity_token(0), types=curate.TYPES)


@router.post("/entities", include_in_schema=False)
async def form_add(cases: Access, request: Request) -> RedirectResponse:
    """The entity list's form: an entity people know of (``type``, ``name``, ``aliases``
    separated by ``;``), then its page."""
    form = await _Form.read(request, "entity", 0)
    kind, name, by = form.one("type").upper(), form.one("name"), form.by()
    if kind not in curate.TYPES or not name:
        raise UsageError(f"give a name and a type ({', '.join(curate.TYPES)})")

    def write() -> int:
        with cases.use() as case:
            row = curate.add(case.store, kind, name, _items(form.one("aliases")), by)
        if row is None or not row.id:
            raise UsageError("the entity has no name that can be used")
        return row.id

    added = await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{added}", status_code=303)


def entity_list_for_page(cases: CaseAccess, type: str, offset: int) -> dict[str, Any]:
    with cases.use() as case:
        return entity_list(case, type, PAGE, offset)


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(cases: Access, entity_id: int) -> HTMLResponse:
    detail = _detail(cases, entity_id)
    return render("entity.html", e=detail, labels=TYPE_LABELS,
                  first=two_calendars(str(detail["first_date"] or "")),
                  last=two_calendars(str(detail["last_date"] or "")),
                  token=entity_token(entity_id), actions=ACTIONS, types=curate.TYPES)


def _check_split(entity: EntityRow | None, names: list[str], kind: str) -> None:
    """Refuse a split before it is recorded when it would do nothing: names none of the
    entity's, or all of them, or an unknown type."""
    if kind and kind not in curate.TYPES:
        raise UsageError(f"the new entity's type is one of {', '.join(curate.TYPES)}")
    if entity is None:
        return  # curate says there is no such entity
    mine = {index_text(a) for a in entity.aliases}
    taken = {index_text(n) for n in names} & mine
    if not taken or taken == mine:
        raise UsageError("a split takes some of the entity's names (as listed), not all")


@router.post("/entities/{entity_id}", include_in_schema=False)
async def form_curate(cases: Access, entity_id: int, request: Request) -> RedirectResponse:
    """The entity page's forms: one decision, then the page of the entity it leaves (this
    one; the new one after a split) with 303, so a reload does not post again. A split takes
    the names ticked (``alias``) and those typed in ``value``, with an optional ``name`` and
    ``type`` for the new entity."""
    form = await _Form.read(request, "entity", entity_id)
    action, value, by = form.one("action"), form.one("value"), form.by()
    split = [*form.all("alias"), *_items(value)] if action == "split" else []
    if action not in ACTIONS or not (value or split):
        raise UsageError("choose rename, retype, merge or split, and give a value")

    def write() -> int:
        with cases.use() as case:
            if action == "merge":
                others = [int(n) for n in re.findall(r"\d+", value)]
                if not others:
                    raise UsageError("give the ids of the entities to merge into this one")
                row = curate.merge(case.store, entity_id, others, by)
            elif action == "split":
                _check_split(case.store.entity(entity_id), split, form.one("type").upper())
                row = curate.split(case.store, entity_id, split, by, form.one("name"),
                                   form.one("type").upper())
            elif action == "retype":
                row = curate.retype(case.store, entity_id, value, by)
            else:
                row = curate.rename(case.store, entity_id, value, by)
        return row.id if row is not None and row.id else entity_id

    kept = await run_in_threadpool(write)
    return RedirectResponse(f"/entities/{kept}", status_code=303)
