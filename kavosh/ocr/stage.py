"""The OCR stage of a case: find the pages that need OCR, read them, store and index the text.

Contract of :func:`run_ocr` (the CLI's ``kavosh ocr``, and the end of ``kavosh ingest``):

- when any page needs OCR, the engine is checked first: one that cannot run raises
  :class:`OcrUnavailable` (saying what to install) before any page is touched;
- PDF documents whose text layers were never checked are checked for garbage layers
  (:mod:`kavosh.ocr.textlayer`); such pages are marked as needing OCR;
- every page needing OCR without an OCR layer is read by one worker process per core (each
  engine single-threaded); each page's text, words and settings — or its failure and reason —
  commit in their own transaction, so a killed run resumes at the next page and never reads a
  page twice;
- a document whose new OCR pages are committed is then re-derived (dates, paragraphs,
  language) and re-indexed; a run killed in between finishes that first on its next start;
- a document whose every page failed OCR and that holds no text ends ``failed`` (stage
  ``ocr``) with the first page's reason; other documents stay ``done`` with their failed pages
  listed in ``Store.ocr_failures``;
- ``redo`` reads again the pages read by another engine or with other languages (resumable
  the same way: a page read with the current ones is not read again);
- a page that crashes its worker process (a native decoder killed by a hostile file) fails
  alone: the pages in flight are re-run one at a time to find it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kavosh.archive import BlobStore
from kavosh.model import Layer, PageText
from kavosh.model.progress import NoProgress, Progress
from kavosh.ocr import get_engine
from kavosh.ocr.base import OcrUnavailable
from kavosh.ocr.derive import derive_document
from kavosh.ocr.preprocess import Steps
from kavosh.ocr.textlayer import garbage_reason
from kavosh.ocr.words import CONFIDENCE_THRESHOLD
from kavosh.ocr.work import PageJob, PageOutcome, ocr_page
from kavosh.search import SearchBackend
from kavosh.store import Store
from kavosh.store.db import OcrTodo
from kavosh.workers import process_pool

PDF_MIME = "application/pdf"
CRASHED = "the page crashed the OCR process (a malformed image a decoder could not survive)"
COMMIT_EVERY_SECONDS = 15.0
T = TypeVar("T")


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


class _Inline(Executor):
    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # delivered through the future
            future.set_exception(error)
        return future


def check_text_layers(store: Store, batch: int = 200) -> int:
    """Mark the garbage text layers of not-yet-checked PDFs as needing OCR; how many pages."""
    marked = 0
    after = 0
    while ids := store.unchecked_text_layers(PDF_MIME, batch, after):
        for document_id in ids:
            garbage = [p.number for p in store.pages(document_id, Layer.EXTRACTED)
                       if not p.needs_ocr and garbage_reason(p.text)]
            store.mark_text_checked(document_id, garbage)
            marked += len(garbage)
        after = ids[-1]
    return marked


def run_ocr(store: Store, search: SearchBackend, archive: BlobStore, tmp: Path,
            options: OcrOptions, progress: Progress | None = None) -> OcrSummary:
    """OCR every page of the case that needs it (see the module's contract)."""
    started = time.monotonic()
    run = _Run(store, search, archive, tmp, options, progress or NoProgress())
    try:
        run.finish_leftovers()
        check_text_layers(store)
        if store.count_pages_to_ocr(options.retry_failed, options.same_as):
            get_engine(options.engine).check(list(options.languages))
            run.loop()
    finally:
        run.close()
    run.summary.seconds = time.monotonic() - started
    return run.summary


class _Run:
    def __init__(self, store: Store, search: SearchBackend, archive: BlobStore, tmp: Path,
                 options: OcrOptions, progress: Progress) -> None:
        self.store, self.search, self.archive = store, search, archive
        self.scratch = tmp / "ocr"
        self.options = options
        self.progress = progress
        self.summary = OcrSummary()
        self.touched: set[int] = set()
        self.last_commit = time.monotonic()

    def _executor(self, workers: int | None = None) -> Executor:
        if self.options.executor == "inline":
            return _Inline()
        return process_pool(workers or self.options.workers, self.options.memory_mb)

    def _job(self, todo: OcrTodo) -> PageJob:
        o = self.options
        return PageJob(todo.document_id, todo.page, str(self.archive.path(todo.sha256)),
                       todo.mime, o.engine, o.languages, o.steps, o.threshold,
                       o.max_image_pixels,
                       str(self.scratch / f"doc-{todo.document_id}-page-{todo.page}"))

    def loop(self) -> None:
        total = self.store.count_pages_to_ocr(self.options.retry_failed, self.options.same_as)
        self.progress.phase("ocr", total)
        if total == 0:
            return
        executor = self._executor()
        in_flight: dict[Future[PageOutcome], OcrTodo] = {}
        capacity = max(2, self.options.workers * 2)
        cursor = (0, 0)
        try:
            while True:
                if len(in_flight) < capacity:
                    for todo in self.store.pages_to_ocr(capacity - len(in_flight), cursor,
                                                        self.options.retry_failed,
                                                        self.options.same_as):
                        in_flight[executor.submit(ocr_page, self._job(todo))] = todo
                        cursor = (todo.document_id, todo.page)
                if not in_flight:
                    return
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                try:
                    for future in done:
                        todo = in_flight.pop(future)
                        self._apply(todo, future.result())
                except BrokenProcessPool:
                    suspects = [todo, *in_flight.values()]
                    executor.shutdown(cancel_futures=True)
                    in_flight.clear()
                    self._isolate(suspects)
                    executor = self._executor()
                self._maybe_derive()
        finally:
            executor.shutdown(cancel_futures=True)

    def _isolate(self, suspects: list[OcrTodo]) -> None:
        """After a worker died, read each page that was in flight alone, to find the one."""
        for todo in suspects:
            if self.store.page_settings(todo.document_id, todo.page) is not None:
                continue  # committed before the pool broke
            single = self._executor(workers=1)
            try:
                outcome = single.submit(ocr_page, self._job(todo)).result()
            except BrokenProcessPool:
                outcome = PageOutcome(todo.document_id, todo.page, engine=self.options.engine,
                                      reason=CRASHED)
            finally:
                single.shutdown(cancel_futures=True)
            self._apply(todo, outcome)

    def _apply(self, todo: OcrTodo, outcome: PageOutcome) -> None:
        """Commit one page's OCR (or its failure) in one transaction."""
        if outcome.unavailable:
            raise OcrUnavailable(outcome.unavailable)
        settings = dict(outcome.settings)
        settings.setdefault("languages", "+".join(self.options.languages))
        settings["seconds"] = round(outcome.seconds, 2)
        page = PageText(todo.page, outcome.text, Layer.OCR, outcome.engine,
                        outcome.engine_version)
        self.store.put_ocr_page(todo.document_id, page, settings, outcome.words,
                                outcome.reason)
        self.touched.add(todo.document_id)
        self.summary.pages += 1
        if outcome.reason:
            self.summary.failed += 1
            self.summary.failures.append((todo.document_id, todo.page, outcome.reason))
        self.progress.advance()

    def _maybe_derive(self) -> None:
        if time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS:
            self.derive()

    def derive(self) -> None:
        """Re-derive and re-index the documents whose OCR pages were committed."""
        ids = sorted(self.touched)
        self.touched.clear()
        if ids:
            for document_id in ids:
                self._settle(document_id)
                self.search.delete_document(document_id)
                self.search.add(derive_document(self.store, document_id))
            self.search.commit()
            self.store.clear_ocr_pending(ids)
            self.summary.documents += len(ids)
        self.last_commit = time.monotonic()

    def _settle(self, document_id: int) -> None:
        """Fail a document that OCR could not read at all; restore one it now could."""
        failures = self.store.ocr_failures(document_id)
        if not failures:
            self.store.set_ocr_outcome(document_id, None)
            return
        pages = self.store.pages(document_id)
        read = {p.number for p in pages if p.layer == Layer.OCR}
        waiting = any(p.needs_ocr and p.number not in read for p in pages)
        if not waiting and not any(p.text.strip() for p in pages):
            first = min(failures)
            self.store.set_ocr_outcome(document_id, f"OCR of page {first} failed: "
                                                    f"{failures[first]}")

    def finish_leftovers(self) -> None:
        """Derive and index documents an earlier, killed run committed pages of."""
        while ids := self.store.ocr_pending(200):
            self.touched.update(ids)
            self.derive()

    def close(self) -> None:
        self.derive()
