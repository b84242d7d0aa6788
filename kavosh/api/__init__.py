"""The HTTP face of a case: a JSON API under ``/api`` and the server-rendered web UI.

Both are thin over the read models in ``kavosh.views``. The server only reads: the ingest
process owns the search index's writer, and every search refreshes the reader, so documents
appear as an ingest commits them. (One exception: a translation saved on the side-by-side
page indexes its document when no run holds the case's writer lock; kavosh.api.routes_translate.)

Routes (the JSON API: docs/api.md and ``/api/openapi.json``)::

    GET /                                   search box and counts
    GET /search?q=&sort=&<facet>=&page=     documents found, facets, highlighted snippets
    GET /documents/{id}?q=&page=            one document: metadata, links, page images, text
    GET /status                             counts and failures
    GET /api/search?q=&sort=&<facet>=&limit=&offset=
                                            documents found (one hit each), totals, facets
    GET /api/search/export?q=&sort=&<facet>=&cursor=&limit=&format=
                                            every matching page, streamed (NDJSON or CSV)
    GET /api/status                         as ``kavosh status --json``
    GET /api/documents/{id}?q=              the export record, plus children and page_count
                                            (and each page's highlights, with q)
    GET /api/documents/{id}/original        the original, as a download only
    GET /api/documents/{id}/pages/{n}.png   a PDF page drawn, or an image re-encoded, as PNG
    … and batch search, saved searches, alerts, similar documents: kavosh.api.routes_searches
    …/verification                          findings, statuses, report: kavosh.api.routes_verify
    …/translation                           side-by-side translation: kavosh.api.routes_translate
    /api/watchlists, /api/xref              watchlists and their matches: kavosh.api.routes_xref
    /api/events, /timeline                  events on one axis: kavosh.api.routes_timeline
    /watchlists                             the matches as a page: kavosh.api.routes_watchlists
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import Scope

from kavosh.api.context import CaseAccess
from kavosh.api.routes_entities import router as entities_router
from kavosh.api.routes_graph import router as graph_router
from kavosh.api.routes_html import render
from kavosh.api.routes_html import router as html_router
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.api.routes_json import router as json_router
from kavosh.api.routes_searches import CurrentCase
from kavosh.api.routes_searches import router as searches_router
from kavosh.api.routes_timeline import router as timeline_router
from kavosh.api.routes_translate import router as translate_router
from kavosh.api.routes_verify import router as verify_router
from kavosh.api.routes_watchlists import router as watchlists_router
from kavosh.api.routes_xref import router as xref_router
from kavosh.api.security import SecurityHeaders, allowed_hosts
from kavosh.case import Case
from kavosh.model.errors import (
    BusyError,
    KavoshError,
    NotFoundError,
    UnavailableError,
    UsageError,
)
from kavosh.search import QueryError
from kavosh.web import STATIC

__all__ = ["create_app"]


def create_app(case: Case, hosts: Iterable[str] | None = None) -> FastAPI:
    """The app serving ``case``.

    ``hosts``: host names besides the loopback ones that browsers may use to reach the server
    (pass the ``--host`` address when it is not loopback); ``$KAVOSH_ALLOWED_HOSTS`` adds more.
    """
    app = FastAPI(
        title="Kavosh",
        docs_url=None,  # the interactive docs load scripts from a CDN: not offline, not CSP-safe
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.kavosh = CaseAccess(case)
    app.include_router(json_router)
    app.include_router(verify_router)
    app.include_router(translate_router)  # side-by-side translation (issue 15)
    app.include_router(entities_router)  # entities (issue 13)
    app.include_router(graph_router)  # relations and the graph (issue 14)
    app.include_router(timeline_router)  # events and the timeline (issue 14)
    app.include_router(html_router)
    app.include_router(searches_router)  # batch, saved searches, alerts, similar (issue 12)
    app.include_router(xref_router)  # watchlists and their cross-reference (issue 13)
    app.include_router(watchlists_router)  # the page of watchlist matches (issue 13)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(KavoshError, _kavosh_error)
    app.add_middleware(CurrentCase, cases=app.state.kavosh)  # for the alerts badge
    # The middleware added last runs outermost: every response, a rejected Host included,
    # carries the security headers.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(hosts))
    app.add_middleware(SecurityHeaders, on_error=_unexpected_error)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/static/"))


def _unexpected_error(scope: Scope) -> Response:
    """The answer to an exception nothing else handled (a bug): a 500, without details."""
    if _wants_html(Request(scope)):
        return render("error.html", status_code=500, title="خطای 500",
                      message="خطایی پیش‌بینی‌نشده رخ داد (An unexpected error occurred).")
    return JSONUTF8Response({"error": "an unexpected error occurred", "position": None},
                            status_code=500)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_html(request):
        title = "پیدا نشد" if exc.status_code == 404 else f"خطای {exc.status_code}"
        return render("error.html", status_code=exc.status_code, title=title,
                      message=str(exc.detail))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                        headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_html(request):
        return render("error.html", status_code=422, title="درخواست نادرست",
                      message="نشانی این صفحه درست نیست.")
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
    return JSONResponse({"detail": errors}, status_code=422)


# Kavosh's errors as HTTP answers, the most specific first: (class, status, page title).
ERROR_ANSWERS: tuple[tuple[type[KavoshError], int, str], ...] = (
    (QueryError, 400, "این جستجو فهمیده نشد"),
    (UsageError, 400, "درخواست نادرست"),
    (NotFoundError, 404, "پیدا نشد"),
    (BusyError, 423, "پرونده در دست کار دیگری است"),
    (UnavailableError, 503, "اکنون در دسترس نیست"),
    (KavoshError, 500, "کاری که خواستید انجام نشد"),
)


async def _kavosh_error(request: Request, exc: Exception) -> Response:
    """The one mapping of :class:`KavoshError` to HTTP: JSON ``{"error", "position"}`` under
    ``/api``, else the error page (the query kept in the search box); never a traceback."""
    assert isinstance(exc, KavoshError)
    status, title = next((status, title) for kind, status, title in ERROR_ANSWERS
                         if isinstance(exc, kind))
    if _wants_html(request):
        return render("error.html", status_code=status, title=title, message=exc.one_line(),
                      q=request.query_params.get("q", ""), position=exc.position)
    return JSONUTF8Response({"error": exc.one_line(), "position": exc.position},
                            status_code=status)
