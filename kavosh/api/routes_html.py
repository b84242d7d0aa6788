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
from kavosh.case import Case
from kavosh.model.errors import UnavailableError
from kavosh.search.query import switch_off, switch_on
from kavosh.text import visible
from kavosh.views.document import document_view
from kavosh.views.search import SearchResults, search
from kavosh.views.semantic import search_by_meaning
from kavosh.views.status import status
from kavosh.web import TEMPLATES

PER_PAGE = 20
MAX_RESULT_PAGE = 500  # with PER_PAGE, the API's offset limit
PAGE_WINDOW = 50  # pages of one document shown at once

STATUS_LABELS = {"done": "خوانده شد", "pending": "در انتظار", "failed": "ناموفق"}

router = APIRouter()
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
    q: Annotated[str, Query(max_length=2000)] = "",
    page: Annotated[int, Query(ge=1, le=MAX_RESULT_PAGE)] = 1,
    meaning: Annotated[bool, Query()] = False,  # the ~meaning toggle (kavosh.views.semantic)
) -> HTMLResponse:
    results = None
    meaning_note = ""
    if q.strip():  # a query that cannot be read: the error page (kavosh.api), query kept
        with cases.use() as case:
            results, meaning_note = _search_page_results(case, q, page, meaning)
    last_page = 1
    if results is not None:
        last_page = max(1, min(MAX_RESULT_PAGE, -(-results.total // PER_PAGE)))
    return render(
        "search.html",
        q=q,
        results=results,
        page=page,
        last_page=last_page,
        first_rank=(page - 1) * PER_PAGE + 1,
        prev_url=f"/search?{_query(q, page - 1, meaning)}" if page > 1 else "",
        next_url=f"/search?{_query(q, page + 1, meaning)}" if page < last_page else "",
        meaning=meaning,
        meaning_note=meaning_note,
        meaning_url=f"/search?{_query(q, 1, not meaning)}",
        hit_url=lambda hit: (f"/documents/{hit.document_id}?"
                             f"{urlencode({'q': q, 'page': hit.page})}#page-{hit.page}"),
        # each added spelling can be switched off (and back on): -expand: in the query itself,
        # so the pages of results and the documents they open read the query the same way
        off_url=lambda word: f"/search?{urlencode({'q': switch_off(q, word)})}",
        on_url=lambda word: f"/search?{urlencode({'q': switch_on(q, word)})}",
    )


def _search_page_results(case: Case, q: str, page: int,
                         meaning: bool) -> tuple[SearchResults, str]:
    """The results of one page of the search page; with the ~meaning toggle, by meaning and
    words, or — where search by meaning cannot run here — by words with a note saying why."""
    offset = (page - 1) * PER_PAGE
    if meaning:
        try:
            return search_by_meaning(case, q, limit=PER_PAGE, offset=offset), ""
        except UnavailableError as error:
            note = error.one_line()
            return search(case, q, limit=PER_PAGE, offset=offset), note
    return search(case, q, limit=PER_PAGE, offset=offset), ""


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
    with cases.use() as case:
        view = document_view(case, document_id, highlight=q or None)
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
        doc=view.document,
        pages=shown,
        draw_pages=can_draw(view.document),
        prev_url=window_url(start - PAGE_WINDOW + 1) if start > 0 else "",
        next_url=(window_url(start + PAGE_WINDOW + 1)
                  if start + PAGE_WINDOW < len(view.pages) else ""),
        window=(start + 1, start + len(shown)),
        show_latin=bool(latin),
        latin_url=window_url(start + 1, 0 if latin else 1),
    )


@router.get("/status", response_class=HTMLResponse)
def status_page(cases: Access) -> HTMLResponse:
    with cases.use() as case:
        current = status(case)
    return render("status.html", status=current)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response(status_code=204)
