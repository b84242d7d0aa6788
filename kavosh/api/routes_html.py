"""The web UI: server-rendered pages, no script. Templates live in ``kavosh.web``.

Jinja2 autoescapes everything; the only markup that is not escaped by the template is the
output of ``Snippet.html()`` (and ``ParagraphView.html()``, built on it), which escapes the text
itself and adds nothing but ``<mark>``.

Names, paths, metadata and reasons go through the ``visible`` filter
(:func:`kavosh.text.visible`): a bidi control in a file name is shown (``⟨RLO⟩``), never obeyed,
so ``rtl_cod\\u202egpj.exe`` cannot pass for a JPEG. A document's own text keeps its bidi
controls: each paragraph is a block of its own direction, which no control reaches past.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from kavosh.api.context import CaseAccess, access
from kavosh.api.images import can_draw
from kavosh.api.params import Q, Sort, facet_filters, search_url
from kavosh.case import Case
from kavosh.model.errors import UnavailableError
from kavosh.search.query import as_name, switch_off, switch_on
from kavosh.text import visible
from kavosh.views.cables import (
    SORTS,
    cable_list,
    document_cable,
    thread_view,
)
from kavosh.views.document import document_view, find_document
from kavosh.views.results import search_documents
from kavosh.views.search import SearchResults, search
from kavosh.views.semantic import search_by_meaning
from kavosh.views.similar import similar_documents
from kavosh.views.status import status
from kavosh.web import TEMPLATES

PER_PAGE = 20
MAX_RESULT_PAGE = 500  # with PER_PAGE, the API's offset limit
PAGE_WINDOW = 50  # pages of one document shown at once

STATUS_LABELS = {"done": "خوانده شد", "pending": "در انتظار", "failed": "ناموفق"}

router = APIRouter(include_in_schema=False)  # pages for people: the OpenAPI document is /api's
Access = Annotated[CaseAccess, Depends(access)]


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = lambda snippet: Markup(snippet.html())
    env.filters["paragraph"] = lambda paragraph: Markup(paragraph.html())
    env.filters["value"] = _metadata_value
    env.filters["size"] = _size
    env.filters["visible"] = visible
    env.globals["status_label"] = lambda s: STATUS_LABELS.get(s, s)
    return env


def _metadata_value(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _size(value: int | None) -> str:
    if value is None:
        return ""
    size = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return str(value)


TEMPLATE_ENV = _environment()


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("q", "")
    html = TEMPLATE_ENV.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(cases: Access) -> HTMLResponse:
    with cases.use() as case:
        counts = status(case)
    return render("index.html", status=counts)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    cases: Access,
    filters: Annotated[dict[str, list[str]], Depends(facet_filters)],
    q: Q = "",
    sort: Sort = "relevance",
    page: Annotated[int, Query(ge=1, le=MAX_RESULT_PAGE)] = 1,
    meaning: Annotated[bool, Query()] = False,  # the ~meaning toggle (kavosh.views.semantic)
) -> HTMLResponse:
    """Documents matched, grouped and sorted, with facets; the URL holds the whole state.
    With the ~meaning toggle: pages found by meaning and words (:func:`_meaning_page`)."""
    if meaning and q.strip():
        return _meaning_page(cases, q, page)
    results = None
    if q.strip():  # a query that cannot be read: the error page (kavosh.api), query kept
        with cases.use() as case:
            results = search_documents(case, q, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                                       sort=sort, filters=filters)
    last_page = 1
    if results is not None:
        total = results.matches.total_documents
        last_page = max(1, min(MAX_RESULT_PAGE, -(-total // PER_PAGE)))

    def url(query: str = q, order: str = sort, chosen: dict[str, list[str]] = filters,
            at: int = 1) -> str:
        return search_url("/search", query, order, chosen, at)

    return render(
        "search.html",
        q=q,
        results=results,
        page=page,
        last_page=last_page,
        first_rank=(page - 1) * PER_PAGE + 1,
        sort=sort,
        sorts=SORT_LABELS,
        filters=filters,
        facet_labels=FACET_LABELS,
        shown_pages=OTHER_PAGES_SHOWN,
        value_label=lambda name, value: VALUE_LABELS.get((name, value), value),
        sort_url=lambda order: url(order=order),
        narrow_url=lambda name, value: url(chosen=_with(filters, name, value)),
        widen_url=lambda name, value: url(chosen=_without(filters, name, value)),
        prev_url=url(at=page - 1) if page > 1 else "",
        next_url=url(at=page + 1) if page < last_page else "",
        hit_url=lambda hit, number=None: (
            f"/documents/{hit.document_id}?"
            f"{urlencode({'q': q, 'page': number or hit.page})}#page-{number or hit.page}"),
        # each added spelling can be switched off (and back on): -expand: in the query itself,
        # so the pages of results and the documents they open read the query the same way
        off_url=lambda word: url(query=switch_off(q, word)),
        on_url=lambda word: url(query=switch_on(q, word)),
        name_url=lambda word: url(query=as_name(q, word)),
        meaning_url=f"/search?{_query(q, 1, True)}",
    )


def _meaning_page(cases: CaseAccess, q: str, page: int) -> HTMLResponse:
    """The search page by meaning and words (``meaning.html``: one hit per page found, each
    saying how it was found), or by words with a note where search by meaning cannot run."""
    with cases.use() as case:
        results, meaning_note = _meaning_results(case, q, page)
    last_page = max(1, min(MAX_RESULT_PAGE, -(-results.total // PER_PAGE)))
    return render(
        "meaning.html", q=q, results=results, page=page, last_page=last_page,
        first_rank=(page - 1) * PER_PAGE + 1,
        prev_url=f"/search?{_query(q, page - 1, True)}" if page > 1 else "",
        next_url=f"/search?{_query(q, page + 1, True)}" if page < last_page else "",
        meaning=True, meaning_note=meaning_note, meaning_url=f"/search?{_query(q, 1, False)}",
        hit_url=lambda hit: (f"/documents/{hit.document_id}?"
                             f"{urlencode({'q': q, 'page': hit.page})}#page-{hit.page}"),
        off_url=lambda word: f"/search?{_query(switch_off(q, word), 1, True)}",
        on_url=lambda word: f"/search?{_query(switch_on(q, word), 1, True)}",
        name_url=lambda word: f"/search?{_query(as_name(q, word), 1, True)}",
    )


SORT_LABELS = {"relevance": "مرتبط‌ترین", "date": "قدیمی‌ترین", "-date": "تازه‌ترین",
               "path": "مسیر"}
FACET_LABELS = {"language": "زبان", "type": "نوع", "year": "سال (میلادی)",
                "jalali_year": "سال (خورشیدی)", "folder": "پوشه", "from": "فرستنده",
                "to": "گیرنده", "classification": "طبقه‌بندی", "entity": "موجودیت"}
VALUE_LABELS = {  # facet values shown in words (the URL keeps the value itself)
    ("language", "fas"): "فارسی", ("language", "ara"): "عربی", ("language", "eng"): "انگلیسی",
    ("language", "und"): "نامعلوم", ("year", "none"): "بی‌تاریخ",
    ("jalali_year", "none"): "بی‌تاریخ",
}
OTHER_PAGES_SHOWN = 10  # a document's other matching pages linked under its hit


def _with(filters: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    return {**filters, name: [*filters.get(name, []), value]}


def _without(filters: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    kept = {k: [v for v in values if not (k == name and v == value)]
            for k, values in filters.items()}
    return {k: values for k, values in kept.items() if values}


def _meaning_results(case: Case, q: str, page: int) -> tuple[SearchResults, str]:
    """One page of results by meaning and words, or — where search by meaning cannot run
    here — by words, with a note saying why."""
    offset = (page - 1) * PER_PAGE
    try:
        return search_by_meaning(case, q, limit=PER_PAGE, offset=offset), ""
    except UnavailableError as error:
        return search(case, q, limit=PER_PAGE, offset=offset), error.one_line()


def _query(q: str, page: int, meaning: bool) -> str:
    """The search page's URL query: the whole state, so a link can be shared."""
    return urlencode({"q": q, "page": page, **({"meaning": 1} if meaning else {})})


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    cases: Access,
    document_id: int,
    q: Annotated[str, Query(max_length=2000)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    latin: Annotated[int, Query(ge=0, le=1)] = 0,
) -> HTMLResponse:
    from kavosh.api.routes_verify import document_section  # it renders with this module

    with cases.use() as case:
        view = document_view(case, document_id, highlight=q or None)
        cable = document_cable(case, document_id) if view is not None else None
        verification = document_section(case, document_id) if view is not None else {}
        similar = similar_documents(case, document_id) if view is not None else []
    if view is None:
        return render("error.html", status_code=404, title="پیدا نشد",
                      message="سندی با این شماره در این پرونده نیست.")
    start = ((page - 1) // PAGE_WINDOW) * PAGE_WINDOW
    shown = view.pages[start:start + PAGE_WINDOW]
    base = f"/documents/{view.id}?"

    def window_url(first_page: int, show_latin: int = latin) -> str:
        params: dict[str, str | int] = {"page": first_page}
        if q:
            params = {"q": q, **params}
        if show_latin:
            params["latin"] = 1
        return base + urlencode(params)

    return render(
        "document.html",
        q=q,
        view=view,
        cable=cable,
        similar=similar,
        doc=view.document,
        pages=shown,
        draw_pages=can_draw(view.document),
        prev_url=window_url(start - PAGE_WINDOW + 1) if start > 0 else "",
        next_url=(window_url(start + PAGE_WINDOW + 1)
                  if start + PAGE_WINDOW < len(view.pages) else ""),
        window=(start + 1, start + len(shown)),
        show_latin=bool(latin),
        latin_url=window_url(start + 1, 0 if latin else 1),
        **verification,
    )


@router.get("/cables", response_class=HTMLResponse)
def cables_page(
    cases: Access,
    sort: Annotated[str, Query(pattern="^-?date$")] = "date",
    sender: Annotated[str, Query(alias="from", max_length=500)] = "",
    recipient: Annotated[str, Query(alias="to", max_length=500)] = "",
    classification: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """The case's cables, sortable by date, filtered by sender, recipient, classification;
    ``CABLES_PAGE`` a page, sorted, filtered and cut in the store."""
    assert sort in SORTS
    with cases.use() as case:
        page = cable_list(case, sort, sender or None, recipient or None,
                          classification or None, limit=CABLES_PAGE, offset=offset)
    filters = {"from": sender, "to": recipient, "classification": classification}
    kept = {k: v for k, v in filters.items() if v}

    def page_url(at: int) -> str:
        return f"/cables?{urlencode({**kept, 'sort': sort, **({'offset': at} if at else {})})}"

    return render("cables.html", rows=page.rows, page=page, filters=filters, sort=sort,
                  sort_url=lambda order: f"/cables?{urlencode({**kept, 'sort': order})}",
                  prev_url=page_url(max(0, offset - CABLES_PAGE)) if offset else "",
                  next_url=page_url(page.next_offset) if page.next_offset else "")


CABLES_PAGE = 200  # cables a page of /cables shows


@router.get("/documents/{document_id}/thread", response_class=HTMLResponse)
def thread_page(cases: Access, document_id: int) -> HTMLResponse:
    """A cable with what it cites and what cites it, in date order, gaps marked."""
    with cases.use() as case:
        view = thread_view(case, document_id) if find_document(case, document_id) else None
    if view is None:
        return render("error.html", status_code=404, title="پیدا نشد",
                      message="تلگرافی با این شماره در این پرونده نیست.")
    return render("thread.html", thread=view, relations=RELATIONS)


RELATIONS = {  # a thread row's relation to the cable asked for, as the page says it
    "self": "همین تلگراف", "copy": "نسخهٔ دیگر همین شماره",
    "cited": "این تلگراف به آن استناد می‌کند", "earlier": "پیشین‌تر در رشته",
    "citing": "به این تلگراف استناد می‌کند", "later": "پسین‌تر در رشته",
    "linked": "در همین رشته، از شاخه‌ای دیگر",
}


@router.get("/status", response_class=HTMLResponse)
def status_page(cases: Access) -> HTMLResponse:
    with cases.use() as case:
        current = status(case)
    return render("status.html", status=current)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)
