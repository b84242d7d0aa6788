"""Verification over HTTP: a document's findings and status, the status form, the report.

Routes::

    GET  /api/documents/{id}/verification   {"document_id", "status", "history", "findings"}
    POST /api/documents/{id}/verification   JSON {"status", "note", "evidence": [...], "by"}
                                            → the new status record (201)
    GET  /api/verification                  the archive report (kavosh verify report --json)
    POST /documents/{id}/verification       the document page's form (urlencoded) → 303 back
    GET  /verification                      the archive report page
    GET  /verification/report.html|.json    the report with every finding, as a download
    GET  /documents/{id}/dossier.html       a document's dossier for editors, as a download
    GET  /api/documents/{id}/dossier        the same as JSON (a download)
    GET  /verification/diff?a=&b=           two versions side by side (also /api/verification/diff)

Writes go through :mod:`kavosh.api.forms` (the same-site guard, JSON only for the API, a
form token for the page's form).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kavosh.api import forms
from kavosh.api.context import CaseAccess, access
from kavosh.api.forms import json_object
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.api.verify_export import SEVERITY_LABELS, STATUS_LABELS, dossier_html, report_html
from kavosh.model.errors import UsageError
from kavosh.verify import (
    STATUSES,
    archive_report,
    document_verification,
    set_status,
)
from kavosh.verify.diff import MAX_WORDS, VersionDiff, version_diff
from kavosh.verify.dossier import dossier, report_export
from kavosh.views.document import find_document

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
SHOWN_FINDINGS = 500  # on the report page, most severe first
TOKEN = "verify-status"


def form_token(document_id: int) -> str:
    """The status form's token for one document (valid while this server process runs)."""
    return forms.form_token(TOKEN, document_id)


def _existing(case: Any, document_id: int) -> None:
    if find_document(case, document_id) is None:
        raise HTTPException(404, "no such document")


DocumentId = Annotated[int, FastPath(description="the document's id")]


@router.get("/api/documents/{document_id}/verification", response_class=JSONUTF8Response)
def api_verification(cases: Access, document_id: DocumentId) -> JSONUTF8Response:
    """A document's verification: its findings, its status and the status history."""
    with cases.use() as case:
        _existing(case, document_id)
        return JSONUTF8Response(document_verification(case.store, document_id).to_json())


@router.post("/api/documents/{document_id}/verification", response_class=JSONUTF8Response,
             status_code=201)
async def api_set_status(cases: Access, document_id: DocumentId,
                         request: Request) -> JSONUTF8Response:
    """Set a document's verification status (JSON: status, note, evidence, by)."""
    data = await json_object(request, "status", '{"status", "note", "evidence", "by"}')
    evidence = data.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise UsageError("evidence is a list of links")

    def write() -> dict[str, Any]:
        with cases.use() as case:
            record = set_status(case.store, document_id, str(data.get("status", "")),
                                str(data.get("note") or ""), evidence, str(data.get("by") or ""))
        return record.to_json()

    return JSONUTF8Response(await run_in_threadpool(write), status_code=201)


@router.get("/api/verification", response_class=JSONUTF8Response)
def api_report(cases: Access) -> JSONUTF8Response:
    with cases.use() as case:
        return JSONUTF8Response(archive_report(case.store))


@router.post("/documents/{document_id}/verification", include_in_schema=False)
async def form_set_status(cases: Access, document_id: int, request: Request
                          ) -> RedirectResponse:
    """The document page's status form: set, then back to the page (303, so a reload does
    not post again)."""
    one = (await forms.PostedForm.read(request, TOKEN, document_id)).raw
    links = [line for line in one("evidence").splitlines() if line.strip()]

    def write() -> None:
        with cases.use() as case:
            set_status(case.store, document_id, one("status"), one("note"), links, one("by"))

    await run_in_threadpool(write)
    return RedirectResponse(f"/documents/{document_id}#verification", status_code=303)


def document_section(case: Any, document_id: int) -> dict[str, Any]:
    """What the document page's verification section needs (template
    ``verification_section.html``)."""
    return {"verification": document_verification(case.store, document_id),
            "verify_token": form_token(document_id), "verify_statuses": STATUSES,
            "status_labels": STATUS_LABELS, "severity_labels": SEVERITY_LABELS}


@router.get("/verification", response_class=HTMLResponse, include_in_schema=False)
def report_page(cases: Access) -> HTMLResponse:
    with cases.use() as case:
        report = archive_report(case.store)
        found = sorted(case.store.findings(),
                       key=lambda f: ("problem", "warning", "info").index(f.severity))
    return render("verification.html", report=report, findings=found[:SHOWN_FINDINGS],
                  findings_total=len(found), status_labels=STATUS_LABELS,
                  severity_labels=SEVERITY_LABELS, linked=True)


def _download(body: str | bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


DiffSide = Annotated[int, Query(ge=1, description="a document's id")]


def _diff(case: Any, a: int, b: int) -> VersionDiff:
    _existing(case, a)
    _existing(case, b)
    return version_diff(case.store, a, b)


@router.get("/api/verification/diff", response_class=JSONUTF8Response)
def api_diff(cases: Access, a: DiffSide, b: DiffSide) -> JSONUTF8Response:
    """Two documents' normalised texts aligned word by word: rows of equal, deleted (only in
    a), inserted (only in b) and replaced words, with the similarity."""
    with cases.use() as case:
        return JSONUTF8Response(_diff(case, a, b).to_json())


@router.get("/verification/diff", response_class=HTMLResponse, include_in_schema=False)
def diff_page(cases: Access, a: DiffSide, b: DiffSide) -> HTMLResponse:
    with cases.use() as case:
        diff = _diff(case, a, b)
    return render("verification_diff.html", diff=diff, max_words=MAX_WORDS)


@router.get("/verification/report.html", include_in_schema=False)
def report_download_html(cases: Access) -> Response:
    with cases.use() as case:
        html = report_html(case.store)
    return _download(html, "text/html; charset=utf-8", "kavosh-verification-report.html")


@router.get("/verification/report.json", include_in_schema=False)
def report_download_json(cases: Access) -> Response:
    with cases.use() as case:
        data = report_export(case.store)
    return _download(_json_text(data), "application/json",
                     "kavosh-verification-report.json")


@router.get("/documents/{document_id}/dossier.html", include_in_schema=False)
def dossier_download_html(cases: Access, document_id: DocumentId) -> Response:
    with cases.use() as case:
        _existing(case, document_id)
        html = dossier_html(case.store, document_id)
    return _download(html, "text/html; charset=utf-8", f"kavosh-dossier-{document_id}.html")


@router.get("/api/documents/{document_id}/dossier")
def api_dossier(cases: Access, document_id: DocumentId) -> Response:
    """A document's dossier for editors (a download): identity (hashes, paths, metadata),
    custody records, cable fields, findings with evidence, status history, near-duplicates."""
    with cases.use() as case:
        _existing(case, document_id)
        data = dossier(case.store, document_id)
    return _download(_json_text(data), "application/json",
                     f"kavosh-dossier-{document_id}.json")
