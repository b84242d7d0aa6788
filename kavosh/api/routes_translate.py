"""Translation over HTTP: the side-by-side page, a sentence's versions, progress.

Routes::

    GET  /api/documents/{id}/translation  {"document_id", "progress", "translator",
                                           "sentences": [sentence + "notes"]}
    POST /api/translations/{sentence_id}  JSON {"text", "by", "checked"} → the new version (201)
    GET  /api/translation                 the case's progress and each document's
    GET  /documents/{id}/translation      the side-by-side page (source RTL, English LTR)
    POST /api/documents/{id}/translation/checked  JSON {"by", "checked"} → {"changed",
                                          "progress"}: every translated sentence checked
    POST /documents/{id}/translation      its per-sentence form (urlencoded) → 303 back
    POST /documents/{id}/translation/checked  the whole document's form → 303 back
    POST /documents/{id}/translation/cut  cut a document not yet cut into sentences → 303 back
    GET  /translation                     progress of the case, document by document

Writes are guarded as the verification routes guard theirs (:mod:`kavosh.api.routes_verify`:
JSON only, a same-site check, and the document's form token). A version's author is the
``by`` given, else :func:`kavosh.case.current_actor`. Marking a sentence checked, or
unchecked, adds a version (the history says who checked it and when), and leaves the document
to index again, which the save then does at once
(:func:`kavosh.pipeline.translate.index_stale_translations`: only when no other Kavosh
process is writing to the case, whose writer lock it takes without waiting); when one is, the
page says the English is searchable after the next index run (that run's, or the next
``kavosh ingest``/``translate``, or the next save). Nothing here runs an engine: drafts come
from ``kavosh translate``; the page says which engine the case names and where it would send
text. A document not yet cut into sentences can be cut from its page (no engine), so people
can translate it there without running a command.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as FastPath
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from kavosh.api import forms
from kavosh.api.context import CaseAccess, access
from kavosh.api.forms import json_object
from kavosh.api.routes_html import render
from kavosh.api.routes_json import JSONUTF8Response
from kavosh.api.routes_verify import _existing
from kavosh.case import Case, current_actor
from kavosh.model.errors import UsageError
from kavosh.pipeline.stages import INDEX
from kavosh.pipeline.translate import (
    case_glossary,
    case_memory,
    inconsistent_terms,
    index_stale_translations,
    sentence_notes,
    translate_documents,
)
from kavosh.registry import TRANSLATORS
from kavosh.store.translations import TranslationVersion
from kavosh.translate.engines import make_translator
from kavosh.views.document import find_document

router = APIRouter()
Access = Annotated[CaseAccess, Depends(access)]
TOKEN = "translation"  # the side-by-side forms' token purpose (kavosh.api.forms)


def translation_token(document_id: int) -> str:
    """The side-by-side page's form token for one document (valid while this server runs)."""
    return forms.form_token(TOKEN, document_id)
DocumentId = Annotated[int, FastPath(description="the document's id")]
SentenceId = Annotated[int, FastPath(description="the sentence's id (its \"id\" in the "
                                                 "document's translation)")]
MAX_TEXT = 20_000
log = logging.getLogger(__name__)


def translator_info(case: Case) -> dict[str, Any]:
    """The engine the case names and where it would send text (nothing is loaded)."""
    settings = case.settings
    try:
        remote = TRANSLATORS.remote(settings.translator)
    except Exception:  # an engine not installed here: say so, do not fail the page
        remote = False
    where = (settings.translate_endpoint or "(no endpoint set)") if remote else "this machine"
    return {"engine": settings.translator, "remote": remote, "where": where,
            "allowed": settings.translate_allow_remote or not remote,
            "model": settings.translate_model}


def document_translation(case: Case, document_id: int) -> dict[str, Any]:
    """Every sentence of the document with its versions and notes, and its progress."""
    sentences = case.store.translation_sentences(document_id)
    glossary = case_glossary(case)
    notes = sentence_notes(sentences, case_memory(case), glossary,
                           inconsistent_terms(case, glossary))
    stale = document_id in case.store.stale_translated_documents()
    return {"document_id": document_id,
            "progress": case.store.translation_progress(document_id).to_json(),
            "searchable": not stale,  # the index has the current translation
            "translator": translator_info(case),
            "sentences": [{**s.to_json(), "page": s.page, "notes": notes[s.id].to_json()}
                          for s in sentences]}


def save_version(case: Case, sentence_id: int, text: str | None, by: str, checked: bool,
                 document_id: int | None = None) -> TranslationVersion:
    """A person's version of a sentence: ``text`` (None: the current text, for marking it
    checked or not), by ``by`` (else the current actor)."""
    sentence = case.store.translation_sentence(sentence_id)
    if sentence is None or (document_id is not None and sentence.document_id != document_id):
        raise HTTPException(404, "no such sentence")
    text = sentence.text if text is None else text.strip()
    if len(text) > MAX_TEXT:
        raise UsageError(f"a translation is at most {MAX_TEXT} characters")
    with case.store.transaction():
        version = case.store.add_translation(sentence_id, text, by.strip() or current_actor(),
                                             checked)
        case.store.mark_pending(INDEX.name, [sentence.document_id])
    try:
        index_stale_translations(case, sentence.document_id)  # searchable now, unless
        # another process is writing to the case
    except Exception:  # the version is saved: a failed index update must not lose the answer
        log.exception("translation saved, but not indexed; the next index run will")
    return version


@router.get("/api/documents/{document_id}/translation", response_class=JSONUTF8Response)
def api_document(cases: Access, document_id: DocumentId) -> JSONUTF8Response:
    with cases.use() as case:
        _existing(case, document_id)
        return JSONUTF8Response(document_translation(case, document_id))


@router.post("/api/translations/{sentence_id}", response_class=JSONUTF8Response,
             status_code=201)
async def api_save(cases: Access, sentence_id: SentenceId, request: Request) -> JSONUTF8Response:
    """Add a human version of one sentence (JSON: text — omitted: the current one —, by,
    checked)."""
    data = await json_object(request, "translation", '{"text", "by", "checked"}')
    if not isinstance(data.get("text", ""), str | None):
        raise UsageError('send {"text", "by", "checked"}')

    def write() -> dict[str, Any]:
        with cases.use() as case:
            return save_version(case, sentence_id, data.get("text"), str(data.get("by") or ""),
                                bool(data.get("checked"))).to_json()

    return JSONUTF8Response(await run_in_threadpool(write), status_code=201)


def case_progress(case: Case) -> dict[str, Any]:
    store = case.store
    documents = []
    for document_id in store.translated_documents():
        doc = store.document(document_id)
        documents.append({"id": document_id, "path": doc.path if doc else "",
                          **store.translation_progress(document_id).to_json()})
    return {"progress": store.translation_progress().to_json(), "documents": documents,
            "translator": translator_info(case)}


@router.get("/api/translation", response_class=JSONUTF8Response)
def api_case(cases: Access) -> JSONUTF8Response:
    with cases.use() as case:
        return JSONUTF8Response(case_progress(case))


@router.get("/documents/{document_id}/translation", response_class=HTMLResponse,
            include_in_schema=False)
def page(cases: Access, document_id: int) -> HTMLResponse:
    with cases.use() as case:
        doc = find_document(case, document_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        return render("translation.html", doc=doc, **document_translation(case, document_id),
                      token=translation_token(document_id))


def check_document(case: Case, document_id: int, by: str, checked: bool) -> dict[str, Any]:
    """Mark every translated sentence of the document checked (or not); what changed."""
    _existing(case, document_id)
    changed = case.store.check_document(document_id, by.strip() or current_actor(), checked)
    return {"changed": changed,
            "progress": case.store.translation_progress(document_id).to_json()}


@router.post("/api/documents/{document_id}/translation/checked",
             response_class=JSONUTF8Response)
async def api_check_document(cases: Access, document_id: DocumentId,
                             request: Request) -> JSONUTF8Response:
    """Mark the whole document checked (JSON: by, checked — default true): a version for
    each translated sentence whose state differs; sentences without a translation stay."""
    data = await json_object(request, "check", '{"by", "checked"}')

    def write() -> dict[str, Any]:
        with cases.use() as case:
            return check_document(case, document_id, str(data.get("by") or ""),
                                  bool(data.get("checked", True)))

    return JSONUTF8Response(await run_in_threadpool(write))


@router.post("/documents/{document_id}/translation/checked", include_in_schema=False)
async def form_check_document(cases: Access, document_id: int,
                              request: Request) -> RedirectResponse:
    """The whole document's form: mark every translated sentence checked (or not)."""
    fields = await forms.PostedForm.read(request, TOKEN, document_id)

    def write() -> None:
        with cases.use() as case:
            check_document(case, document_id, fields.raw("by"),
                           fields.raw("checked", "1") == "1")

    await run_in_threadpool(write)
    return RedirectResponse(f"/documents/{document_id}/translation", status_code=303)


@router.post("/documents/{document_id}/translation/cut", include_in_schema=False)
async def form_cut(cases: Access, document_id: int, request: Request) -> RedirectResponse:
    """Cut a document into sentences, for people to translate on the page without running a
    command first (no engine runs here: drafts come from ``kavosh translate``)."""
    await forms.PostedForm.read(request, TOKEN, document_id)

    def write() -> None:
        with cases.use() as case:
            _existing(case, document_id)
            run = translate_documents(case, make_translator("null"), [document_id])
            if run.skipped:
                raise UsageError("this document is in English already: nothing to translate")

    await run_in_threadpool(write)
    return RedirectResponse(f"/documents/{document_id}/translation", status_code=303)


@router.post("/documents/{document_id}/translation", include_in_schema=False)
async def form_save(cases: Access, document_id: int, request: Request) -> RedirectResponse:
    """One sentence's form: save the text (and the checked box), then back to it (303)."""
    fields = await forms.PostedForm.read(request, TOKEN, document_id)

    one = fields.raw

    try:
        sentence_id = int(one("sentence"))
    except ValueError:
        raise UsageError("no sentence given") from None

    def write() -> None:
        with cases.use() as case:
            save_version(case, sentence_id, one("text"), one("by"), one("checked") == "1",
                         document_id)

    await run_in_threadpool(write)
    return RedirectResponse(f"/documents/{document_id}/translation#s{sentence_id}",
                            status_code=303)


@router.get("/translation", response_class=HTMLResponse, include_in_schema=False)
def case_page(cases: Access) -> HTMLResponse:
    with cases.use() as case:
        return render("translation_case.html", **case_progress(case))
