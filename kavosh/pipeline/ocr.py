"""The ``textcheck`` and ``ocr`` stages: find the pages that need OCR, read them, store them.

- ``textcheck`` (documents read before the check ran in the reading job): PDF pages whose text
  layer is garbage (:mod:`kavosh.ocr.textlayer`) are marked as needing OCR.
- ``ocr``: every page needing OCR without an OCR layer is read in a worker process (one per
  core, each engine single-threaded); each page's text, words and settings — or its failure
  and reason — commit in their own transaction together with ``derive`` pending for its
  document and the custody ``text`` record of the document's OCR layer as it now stands, so a
  killed run resumes at the next page and never reads a page twice, and the
  document's values are derived again from its new best pages.
- A document whose every page failed OCR and that holds no text ends ``failed`` (stage
  ``ocr``) with the first page's reason; one that OCR now reads (``retry_failed``) is done
  again; other documents stay ``done`` with their failed pages listed.
- ``redo`` reads again the pages read by another engine or with other languages (resumable the
  same way: a page read with the current ones is not read again).

An engine that cannot run raises :class:`~kavosh.ocr.base.OcrUnavailable` (saying what to
install) before any page is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kavosh.model import Layer, PageText
from kavosh.ocr.base import OcrUnavailable
from kavosh.ocr.preprocess import Steps
from kavosh.ocr.textlayer import garbage_pages
from kavosh.ocr.words import CONFIDENCE_THRESHOLD
from kavosh.ocr.work import PageJob, PageOutcome, ocr_page
from kavosh.pipeline.context import MainStage, RunContext
from kavosh.pipeline.stages import DERIVE, OCR, TEXTCHECK, State
from kavosh.store import OcrTodo

CRASHED = "the page crashed the OCR process (a malformed image a decoder could not survive)"


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How the stage runs; the case's settings give the defaults (see ``Case``)."""

    engine: str = "tesseract"
    languages: tuple[str, ...] = ("fas", "ara", "eng")
    workers: int = 1
    executor: str = "process"  # or "inline": in this process, one page at a time
    memory_mb: int = 3072
    max_image_pixels: int = 200_000_000
    steps: Steps = field(default_factory=Steps)
    threshold: float = CONFIDENCE_THRESHOLD
    retry_failed: bool = False
    redo: bool = False  # read again pages read by another engine or with other languages

    @property
    def same_as(self) -> tuple[str, str] | None:
        """What an OCR layer must have been made with to count as done (None: anything)."""
        return (self.engine, "+".join(self.languages)) if self.redo else None


@dataclass(slots=True)
class OcrSummary:
    pages: int = 0
    failed: int = 0
    documents: int = 0  # documents re-derived and re-indexed
    seconds: float = 0.0
    failures: list[tuple[int, int, str]] = field(default_factory=list)  # document, page, reason


class TextCheckStage(MainStage):
    """Marks the garbage text layers of PDFs read before the check ran while reading."""

    info = TEXTCHECK

    def job(self, document_id: int) -> tuple[Callable[[Any], list[int]], Any]:
        return self._garbage, document_id

    def _garbage(self, document_id: int) -> list[int]:
        return garbage_pages(self.store.pages(document_id, Layer.EXTRACTED))

    def apply(self, document_id: int, garbage: list[int]) -> None:
        with self.store.transaction():
            self.store.mark_needs_ocr(document_id, garbage)
            self.store.set_state(document_id, TEXTCHECK.name, State.DONE, TEXTCHECK.version)
            if garbage:
                self.store.mark_pending(OCR.name, [document_id])


class OcrStage:
    """Reads the pages that need OCR (see the module's contract)."""

    info = OCR
    name = OCR.name

    def __init__(self, run: RunContext, options: OcrOptions) -> None:
        self.run = run
        self.store = run.store
        self.options = options
        self.scratch = run.case.tmp / "ocr"
        self.summary = OcrSummary()
        self.touched: set[int] = set()

    def todo(self, limit: int, after: OcrTodo | None) -> list[OcrTodo]:
        cursor = (after.document_id, after.page) if after else (0, 0)
        return self.store.pages_to_ocr(limit, cursor, self.options.retry_failed,
                                       self.options.same_as)

    def total(self) -> int:
        return self.store.count_pages_to_ocr(self.options.retry_failed, self.options.same_as)

    def job(self, todo: OcrTodo) -> tuple[Callable[[Any], PageOutcome], Any]:
        o = self.options
        archive = self.run.case.archive
        return ocr_page, PageJob(
            todo.document_id, todo.page, str(archive.path(todo.sha256)), todo.mime, o.engine,
            o.languages, o.steps, o.threshold, o.max_image_pixels,
            str(self.scratch / f"doc-{todo.document_id}-page-{todo.page}"))

    def apply(self, todo: OcrTodo, outcome: PageOutcome) -> None:
        """Commit one page's OCR (or its failure) with ``derive`` pending for its document."""
        if outcome.unavailable:
            raise OcrUnavailable(outcome.unavailable)
        settings = dict(outcome.settings)
        settings.setdefault("languages", "+".join(self.options.languages))
        settings["seconds"] = round(outcome.seconds, 2)
        page = PageText(todo.page, outcome.text, Layer.OCR, outcome.engine,
                        outcome.engine_version)
        with self.store.transaction():
            self.store.put_ocr_page(todo.document_id, page, settings, outcome.words,
                                    outcome.reason)
            self.run.case.custody.record_text(  # the whole OCR layer, as it is now
                actor=self.run.actor, document_id=todo.document_id, path="",
                pages=self.store.pages(todo.document_id, Layer.OCR))
            self.store.mark_pending(DERIVE.name, [todo.document_id])
        self.touched.add(todo.document_id)
        self.summary.pages += 1
        if outcome.reason:
            self.summary.failed += 1
            self.summary.failures.append((todo.document_id, todo.page, outcome.reason))

    def crashed(self, todo: OcrTodo, reason: str | None = None) -> None:
        self.apply(todo, PageOutcome(todo.document_id, todo.page, engine=self.options.engine,
                                     reason=reason or CRASHED))

    def settle_left(self) -> None:
        """Settle the documents a killed run committed pages of but did not settle (see
        :meth:`flush`): their ``ocr`` state would stay pending, with no page left for any
        run to read."""
        after = 0
        while batch := self.store.stage_todo(OCR.name, 500, after):
            for document_id in batch:
                self._settle(document_id)
            after = batch[-1]

    def flush(self) -> None:
        """Settle the documents whose pages were committed since the last flush."""
        for document_id in sorted(self.touched):
            self._settle(document_id)
        self.summary.documents += len(self.touched)
        self.touched.clear()

    def _settle(self, document_id: int) -> None:
        """Record the document's ``ocr`` state; fail a document OCR could not read at all,
        restore one it now could."""
        store = self.store
        pages = store.pages(document_id)
        read = {p.number for p in pages if p.layer == Layer.OCR}
        waiting = any(p.needs_ocr and p.number not in read for p in pages)
        failures = store.ocr_failures(document_id)
        reason = None
        if failures and not waiting and not any(p.text.strip() for p in pages):
            first = min(failures)
            reason = f"OCR of page {first} failed: {failures[first]}"
        with store.transaction():
            store.set_ocr_outcome(document_id, reason)
            if not waiting:
                store.set_state(document_id, OCR.name,
                                State.FAILED if reason else State.DONE, OCR.version, reason)
