"""An investigator's searches over HTTP (issue 12): batch search, saved searches and their
alerts, documents alike. JSON under ``/api``, pages without script beside them::

    POST /api/search/batch?format=json|csv  {"queries": [...], "documents": 10} → a row a query
    POST /api/search/batch/jobs             the same list, searched in the background → {"job"}
    GET  /api/search/batch/jobs/{job}       {"done", "total", "completed", "rows": [...]}
    GET  /api/searches                      the saved searches
    POST /api/searches                      {"name", "query", "filters"} → the search saved
    DELETE /api/searches/{name}
    GET  /api/alerts?search=                {"listed_at", "new", "alerts": [...]}
    POST /api/alerts/seen                   {"search": null, "at": listed_at} → marked seen
    GET  /api/documents/{id}/similar?limit= {"document_id", "similar": [...]}
    GET|POST /batch                         upload a list (multipart form) → its job's page
    GET  /batch/jobs/{job}[/rows.csv]       its progress (reloading itself), then its table
    GET|POST /searches                      saved searches, what is new to each; save one
    POST /searches/delete, /searches/seen   forget one; mark one (or all) seen

Forms are read without python-multipart (not a dependency): urlencoded bodies by
:func:`urllib.parse.parse_qs`, multipart ones by the standard library's e-mail parser, each
after its size is checked. Every writing request must come from this server's own pages
(:func:`kavosh.api.forms.same_site`). The navigation bar's count of new documents is drawn
on every page from :func:`alert_badge`: :class:`CurrentCase` tells it which case the request is for.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextvars import ContextVar
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, TypeVar
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from kavosh.api import forms
from kavosh.api.batch_jobs import BatchJob, BatchJobs, batch_jobs
from kavosh.api.context import CaseAccess, access
from kavosh.api.routes_html import TEMPLATE_ENV, render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.case import Case
from kavosh.model.errors import KavoshError
from kavosh.store import now
from kavosh.views.alerts import (
    MAX_NAME,
    MAX_QUERY_CHARS,
    Alert,
    NewDocument,
    alerts,
    delete_search,
    mark_seen,
    new_count,
    save_search,
    saved_searches,
)
from kavosh.views.batch import (
    DOCUMENTS,
    MAX_QUERIES,
    BatchRow,
    batch_search,
    read_queries,
    write_csv,
)
from kavosh.views.document import find_document
from kavosh.views.similar import similar_documents

MAX_UPLOAD = 2_000_000  # bytes of a list uploaded (a thousand names take some 30 KB)
MAX_FORM = 20_000  # bytes of a small form (save, delete, seen)
MAX_LISTED = 100  # documents listed per query at most

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
Jobs = Annotated[BatchJobs, Depends(batch_jobs)]
T = TypeVar("T")


# --- which case a page is drawn for: the badge ------------------------------------------------

_CURRENT: ContextVar[CaseAccess | None] = ContextVar("kavosh_current_case", default=None)


class CurrentCase:
    """Pure ASGI middleware: the request's case, for what templates draw on every page."""

    def __init__(self, app: ASGIApp, cases: CaseAccess) -> None:
        self.app = app
        self.cases = cases

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _CURRENT.set(self.cases)
        try:
            await self.app(scope, receive, send)
        finally:
            _CURRENT.reset(token)


def alert_badge() -> int:
    """Documents new to the saved searches of the case being served (0 when none, or when
    they cannot be counted now: the badge never breaks a page)."""
    cases = _CURRENT.get()
    if cases is None:
        return 0
    try:
        with cases.use() as case:
            return new_count(case)
    except KavoshError:
        return 0


TEMPLATE_ENV.globals["alert_badge"] = alert_badge


# --- writing requests come from this server's pages ----------------------------------------

SameOrigin = Depends(forms.same_site)


async def read_form(request: Request, limit: int = MAX_FORM) -> dict[str, tuple[str, bytes]]:
    """A form's fields: name → (file name, or "" for a plain field; value as bytes), the
    first of each name. urlencoded or multipart; 415 for anything else."""
    body = await forms.read_body(request, limit)
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: ("", v[0].encode("utf-8")) for k, v in fields.items()}
    if not kind.startswith("multipart/form-data"):
        raise HTTPException(415, "send the form as multipart/form-data or urlencoded")
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {kind}\r\n\r\n".encode("latin-1") + body)
    out: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or name in out:
            continue
        payload = part.get_payload(decode=True)
        out[name] = (part.get_filename() or "", payload if isinstance(payload, bytes) else b"")
    return out


def _text(form: dict[str, tuple[str, bytes]], name: str, limit: int) -> str:
    value = form.get(name, ("", b""))[1].decode("utf-8-sig", "replace").strip()
    if len(value) > limit:
        raise HTTPException(400, f"the field {name} is longer than {limit:,} characters")
    return value


async def _with_case(cases: CaseAccess, work: Callable[[Case], T]) -> T:
    """``work`` on the case, in a worker thread (a list of names takes seconds)."""
    def run() -> T:
        with cases.use() as case:
            return work(case)
    return await run_in_threadpool(run)


# --- batch search --------------------------------------------------------------------------

class BatchRequest(BaseModel):
    queries: list[Annotated[str, Field(max_length=MAX_QUERY_CHARS)]] = Field(
        max_length=MAX_QUERIES)
    documents: int = Field(DOCUMENTS, ge=0, le=MAX_LISTED)


def _rows(case: Case, queries: list[tuple[int, str]], documents: int) -> list[BatchRow]:
    return list(batch_search(case, queries, documents))


@router.post("/api/search/batch", dependencies=[SameOrigin])
async def api_batch(cases: Access, request: BatchRequest,
                    format: Annotated[str, Query(pattern="^(json|csv)$", description=(
                        "json (one object) or csv (a row per query)"))] = "json") -> Response:
    """Each query (row = its place in the list, from 1): hits, documents, a few listed; the
    answer waits for the whole list (``/api/search/batch/jobs`` runs it in the background)."""
    queries = _numbered(request.queries)
    rows = await _with_case(cases, lambda case: _rows(case, queries, request.documents))
    if format == "csv":
        return _csv(rows)
    return JSONUTF8Response({"rows": [row.to_json() for row in rows]})


@router.get("/batch", response_class=HTMLResponse, include_in_schema=False)
def batch_page() -> HTMLResponse:
    return render("batch.html", rows=None, error="", limits=_limits())


@router.post("/batch", response_class=HTMLResponse, dependencies=[SameOrigin],
             include_in_schema=False)
async def batch_upload(cases: Access, jobs: Jobs, request: Request) -> Response:
    """The list uploaded (a file, or pasted): its search starts, its page follows."""
    form = await read_form(request, MAX_UPLOAD)
    filename, data = form.get("names", ("", b""))
    column = _text(form, "column", 200) or None
    text = data.decode("utf-8-sig", "replace") if data.strip() else _text(
        form, "pasted", MAX_UPLOAD)
    wanted = _text(form, "documents", 4)
    documents = min(int(wanted), MAX_LISTED) if wanted.isdigit() else DOCUMENTS
    try:
        queries = read_queries(text, csv_column=column,
                               is_csv=filename.lower().endswith(".csv"))
    except KavoshError as error:
        return render("batch.html", status_code=400, rows=None, error=error.one_line(),
                      limits=_limits())
    job = jobs.start(cases, queries, documents)
    return RedirectResponse(f"/batch/jobs/{job.id}", status_code=303)


@router.get("/batch/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def batch_job_page(jobs: Jobs, job_id: Annotated[str, Path(max_length=40)]) -> HTMLResponse:
    """A list's search: how far it has come (the page reloads itself, without script,
    until it is done), then its table."""
    job = _job(jobs, job_id)
    done = job.done  # read once: the job's thread may finish while the page is drawn
    return render("batch.html", rows=list(job.rows), job=job, done=done, error=job.error or "",
                  limits=_limits(), search_url=lambda query: f"/search?{urlencode({'q': query})}")


@router.get("/batch/jobs/{job_id}/rows.csv", include_in_schema=False)
def batch_job_csv(jobs: Jobs, job_id: Annotated[str, Path(max_length=40)]) -> Response:
    """A finished list's rows as CSV (:data:`kavosh.views.batch.CSV_COLUMNS`)."""
    job = _job(jobs, job_id)
    if not job.done:
        raise HTTPException(409, "this list is still being searched")
    return _csv(job.rows)


@router.post("/api/search/batch/jobs", response_class=JSONUTF8Response, status_code=202,
             dependencies=[SameOrigin])
def api_batch_job(cases: Access, jobs: Jobs, request: BatchRequest) -> JSONUTF8Response:
    """Start searching a list in the background; ``GET`` the job for progress and rows."""
    job = jobs.start(cases, _numbered(request.queries), request.documents)
    return JSONUTF8Response(job.to_json(rows=False), status_code=202)


@router.get("/api/search/batch/jobs/{job_id}", response_class=JSONUTF8Response)
def api_batch_job_state(jobs: Jobs, job_id: Annotated[str, Path(
        max_length=40, description="the job's id, as its creation returned it")]
                        ) -> JSONUTF8Response:
    """``{"job", "done", "total", "completed", "error", "rows"}``: the rows done so far."""
    return JSONUTF8Response(_job(jobs, job_id).to_json())


def _job(jobs: BatchJobs, job_id: str) -> BatchJob:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such list search (the server keeps the last ones only)")
    return job


def _numbered(queries: list[str]) -> list[tuple[int, str]]:
    """An API list's queries with their place in it (from 1), blank ones skipped."""
    return [(i, q.strip()) for i, q in enumerate(queries, start=1) if q.strip()]


def _csv(rows: list[BatchRow]) -> Response:
    out = io.StringIO()
    write_csv(rows, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="kavosh-batch.csv"'})


def _limits() -> dict[str, int]:
    return {"bytes": MAX_UPLOAD, "queries": MAX_QUERIES, "listed": MAX_LISTED}


# --- saved searches and alerts ---------------------------------------------------------------

class SaveRequest(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_NAME)
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    filters: str = Field("", max_length=MAX_QUERY_CHARS)


class SeenRequest(BaseModel):
    search: str | None = Field(None, max_length=MAX_NAME)
    at: str | None = Field(None, max_length=40)  # listed_at of the alerts seen (default now)


@router.get("/api/searches", response_class=JSONUTF8Response)
def api_searches(cases: Access) -> JSONUTF8Response:
    with cases.use() as case:
        return JSONUTF8Response({"searches": [s.to_json() for s in saved_searches(case)]})


@router.post("/api/searches", response_class=JSONUTF8Response, dependencies=[SameOrigin])
def api_save_search(cases: Access, request: SaveRequest) -> JSONUTF8Response:
    with cases.use() as case:
        saved = save_search(case, request.name, request.query, request.filters)
    return JSONUTF8Response(saved.to_json(), status_code=201)


@router.delete("/api/searches/{name}", response_class=JSONUTF8Response,
               dependencies=[SameOrigin])
def api_delete_search(cases: Access, name: Annotated[str, Path(
        description="the saved search's name")]) -> JSONUTF8Response:
    with cases.use() as case:
        delete_search(case, name)
    return JSONUTF8Response({"deleted": name})


@router.get("/api/alerts", response_class=JSONUTF8Response)
def api_alerts(cases: Access,
               search: Annotated[str | None, Query(
                   max_length=MAX_NAME, description="only this saved search's new documents")
               ] = None,
               ) -> JSONUTF8Response:
    """Documents new to each saved search; ``listed_at`` marks them seen (``/alerts/seen``)."""
    with cases.use() as case:
        listed_at = now()
        found = alerts(case, search)
    return JSONUTF8Response({"listed_at": listed_at, "new": sum(a.new for a in found),
                             "alerts": [a.to_json() for a in found]})


@router.post("/api/alerts/seen", response_class=JSONUTF8Response, dependencies=[SameOrigin])
def api_alerts_seen(cases: Access, request: SeenRequest) -> JSONUTF8Response:
    with cases.use() as case:
        marked = mark_seen(case, request.search, request.at)
    return JSONUTF8Response({"marked": [s.name for s in marked]})


@router.get("/searches", response_class=HTMLResponse, include_in_schema=False)
def searches_page(cases: Access,
                  q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "") -> HTMLResponse:
    """The saved searches with what is new to each, and a form to save one (``q``: the
    search the reader came from, filled in)."""
    return _searches_page(cases, q)


def _searches_page(cases: CaseAccess, q: str = "", error: str = "",
                   status_code: int = 200, form: dict[str, str] | None = None) -> HTMLResponse:
    with cases.use() as case:
        listed_at = now()
        found = alerts(case)
    return render("searches.html", status_code=status_code, alerts=found, listed_at=listed_at,
                  error=error, form=form or {"name": "", "query": q, "filters": ""},
                  search_url=lambda text: f"/search?{urlencode({'q': text})}",
                  doc_url=_new_document_url)


def _new_document_url(alert: Alert, doc: NewDocument) -> str:
    """The page of a new document, marked with its saved search's words."""
    query = urlencode({"q": alert.search.text, "page": doc.page})
    return f"/documents/{doc.document_id}?{query}#page-{doc.page}"


@router.post("/searches", response_class=HTMLResponse, dependencies=[SameOrigin],
             include_in_schema=False)
async def searches_save(cases: Access, request: Request) -> Response:
    form = await read_form(request)
    fields = {k: _text(form, k, MAX_QUERY_CHARS) for k in ("name", "query", "filters")}
    try:
        await _with_case(cases, lambda case: save_search(
            case, fields["name"], fields["query"], fields["filters"]))
    except KavoshError as error:
        return await run_in_threadpool(_searches_page, cases, "", error.one_line(), 400, fields)
    return RedirectResponse("/searches", status_code=303)


@router.post("/searches/delete", dependencies=[SameOrigin], include_in_schema=False)
async def searches_delete(cases: Access, request: Request) -> Response:
    name = _text(await read_form(request), "name", MAX_NAME)
    await _with_case(cases, lambda case: delete_search(case, name))
    return RedirectResponse("/searches", status_code=303)


@router.post("/searches/seen", dependencies=[SameOrigin], include_in_schema=False)
async def searches_seen(cases: Access, request: Request) -> Response:
    """Mark one saved search (``name``) or all seen as of ``at``, when the page was listed."""
    form = await read_form(request)
    name = _text(form, "name", MAX_NAME) or None
    at = _text(form, "at", 40) or None
    await _with_case(cases, lambda case: mark_seen(case, name, at))
    return RedirectResponse("/searches", status_code=303)


# --- more like this ----------------------------------------------------------------------------

@router.get("/api/documents/{document_id}/similar", response_class=JSONUTF8Response)
def api_similar(cases: Access,
                document_id: Annotated[int, Path(description="the document's id")],
                limit: Annotated[int, Query(ge=1, le=100, description="how many documents")
                                 ] = 10) -> JSONUTF8Response:
    """Documents sharing this one's rare words, best first, with the words shared."""
    with cases.use() as case:
        if find_document(case, document_id) is None:
            raise HTTPException(404, "no such document")
        found = similar_documents(case, document_id, limit)
    return JSONUTF8Response({"document_id": document_id,
                             "similar": [s.to_json() for s in found]})
