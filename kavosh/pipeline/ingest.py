"""An ingest run: receive the inputs, then read every pending document, then index it.

Every document's state lives in the database, so the run can be killed at any moment and the
same command resumes it:

- receiving is idempotent (see ``intake``);
- a document is ``pending`` until its pages, metadata and children are committed together with
  its ``done`` (or ``failed``) state, so a document being read when the run died is read again,
  and its children, registered by content hash, are found again rather than duplicated;
- the search index is written after the database: a document is marked ``indexed`` only once
  the index has committed it, and re-indexing first deletes what was there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from kavosh.case import Case, current_actor
from kavosh.ingest.base import Child
from kavosh.model import Kind, Layer, Status
from kavosh.pipeline.executors import make_executor
from kavosh.pipeline.intake import Intake, count_files
from kavosh.pipeline.progress import NoProgress, Progress
from kavosh.pipeline.worker import Job, Outcome, extract
from kavosh.search import IndexedPage, SearchBackend
from kavosh.store.db import PendingFile
from kavosh.text import index_text
from kavosh.text.derived import DATES_ENGINE, DATES_VERSION, date_days

CRASHED = (
    "the file crashed the reader process (a malformed file that a native library could not"
    " survive)"
)
COMMIT_EVERY_DOCS = 2000
COMMIT_EVERY_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class RunSummary:
    received: int
    processed: int
    failed: int
    seconds: float


def ingest(case: Case, paths: Iterable[Path], progress: Progress | None = None) -> RunSummary:
    """Receive ``paths`` into the case and process everything pending (a resumed run too)."""
    progress = progress or NoProgress()
    started = time.monotonic()
    inputs = [Path(p) for p in paths]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    case.archive.sweep()
    run = _Processing(case, progress)
    run.start()
    try:
        progress.phase("receiving", count_files(inputs))
        # Workers read what has arrived while the rest is still being received.
        intake = Intake(case, progress, between=run.pump)
        intake.receive(inputs)
        processed, failed = run.finish()
    finally:
        run.stop()
    return RunSummary(intake.received, processed, failed, time.monotonic() - started)


class _Processing:
    def __init__(self, case: Case, progress: Progress) -> None:
        self.case = case
        self.store = case.store
        self.progress = progress
        self.actor = current_actor()
        self.settings = case.settings
        self.search: SearchBackend = case.search_backend(writable=True)
        self.uncommitted: list[int] = []
        self.last_commit = time.monotonic()
        self.processed = 0
        self.failed = 0

    def start(self) -> None:
        """Index what an earlier, killed run left unindexed; start the workers."""
        self._index_leftovers()
        self.executor = self._executor()
        self.in_flight: dict[Future[Outcome], PendingFile] = {}
        self.capacity = max(2, self.settings.worker_count * 4)
        self.cursor = 0
        self.total = 0
        self.reading = False  # progress is reported once the reading phase is shown
        self.unreported = 0

    def pump(self) -> None:
        """Without waiting: collect finished jobs and hand out pending ones."""
        self._step(block=False)

    def finish(self) -> tuple[int, int]:
        """Read everything still pending; return (processed, failed) counts."""
        pending = self.store.counts()[Status.PENDING.value]
        self.total = pending + self.processed
        self.progress.phase("reading", self.total)
        self.reading = True
        if self.unreported:
            self.progress.advance(self.unreported)
        while self._step(block=True):
            pass
        return self.processed, self.failed

    def stop(self) -> None:
        self.executor.shutdown(cancel_futures=True)
        self._commit_index()
        self.case.custody.write_anchor()

    def _executor(self) -> Executor:
        s = self.settings
        return make_executor(s.executor, s.worker_count, s.worker_memory_mb)

    def _job(self, item: PendingFile) -> Job:
        return Job(item.id, item.sha256, item.name, item.depth, str(self.case.archive.root),
                   str(self.case.tmp), self.settings.limits)

    def _step(self, block: bool) -> bool:
        """One round: fill the workers, apply finished jobs. False when nothing is left."""
        if len(self.in_flight) < self.capacity:
            for item in self.store.pending_files(self.capacity - len(self.in_flight),
                                                 self.cursor):
                self.in_flight[self.executor.submit(extract, self._job(item))] = item
                self.cursor = item.id
        if not self.in_flight:
            return False
        done, _ = wait(self.in_flight, timeout=None if block else 0,
                       return_when=FIRST_COMPLETED)
        try:
            for future in done:
                item = self.in_flight.pop(future)
                self._apply(item, future.result())
        except BrokenProcessPool:
            suspects = [item, *self.in_flight.values()]
            self.executor.shutdown(cancel_futures=True)
            self._isolate(suspects)
            self.executor = self._executor()
            self.in_flight.clear()
            self.cursor = 0
        self._maybe_commit()
        return True

    def _isolate(self, suspects: list[PendingFile]) -> None:
        """After a worker died, re-run each job that was in flight alone, to find the culprit."""
        for item in suspects:
            single = self._executor()
            try:
                outcome = single.submit(extract, self._job(item)).result()
            except BrokenProcessPool:
                self.store.fail_document(item.id, "extract", CRASHED)
                self._count(failed=True)
            else:
                self._apply(item, outcome)
            finally:
                single.shutdown(cancel_futures=True)

    def _apply(self, item: PendingFile, outcome: Outcome) -> None:
        """Commit one document's outcome: children, pages and state in one transaction."""
        store = self.store
        with store.transaction():
            self._register_children(item, outcome.children)
            if outcome.result is None:
                store.fail_document(item.id, "extract", outcome.reason or "unknown error")
            else:
                r = outcome.result
                store.finish_document(item.id, mime=r.mime, metadata=r.metadata,
                                      language=r.language, pages=r.pages)
                store.put_dates(item.id, outcome.dates, DATES_ENGINE, DATES_VERSION)
                store.put_paragraphs(item.id, Layer.EXTRACTED.value, outcome.paragraphs)
                store.add_vocabulary(outcome.vocabulary)
        if outcome.result is not None:
            self._index(item.id, outcome.result.mime, outcome.result.language or "",
                        [(p.number, t) for p, t in zip(outcome.result.pages,
                                                       outcome.index_texts, strict=True)],
                        date_days(outcome.dates))
        self._count(failed=outcome.result is None)

    def _count(self, failed: bool) -> None:
        self.processed += 1
        self.failed += int(failed)
        if self.reading:
            self.progress.advance()
        else:
            self.unreported += 1

    def _register_children(self, item: PendingFile, children: list[Child]) -> None:
        store = self.store
        added = 0
        for child in children:
            path = f"{item.path}/{child.name}"
            if child.sha256 is None:
                doc_id, _ = store.register_document(
                    f"entry:{path}", Kind.ENTRY, depth=item.depth + 1, status=Status.FAILED,
                    stage="unpack", reason=child.reason or "could not be extracted",
                )
                store.add_occurrence(doc_id, path, item.id)
                continue
            doc_id, created = store.register_document(
                child.sha256, Kind.FILE, sha256=child.sha256, size=child.size,
                depth=item.depth + 1,
            )
            added += int(created)
            if store.add_occurrence(doc_id, path, item.id):
                self.case.custody.append(
                    actor=self.actor, action="extracted", path=path, size=child.size,
                    sha256=child.sha256, document_id=doc_id, detail=f"from {item.sha256}",
                )
        if added:
            self.total += added
            if self.reading:
                self.progress.total(self.total)

    # --- search index -------------------------------------------------------------------

    def _index(self, document_id: int, mime: str, language: str,
               pages: list[tuple[int, str]], days: tuple[int, ...] = ()) -> None:
        """Index the pages; every page carries the whole document's dates, so the date
        filter selects documents."""
        self.search.delete_document(document_id)
        self.search.add([IndexedPage(document_id, number, text, mime, language, days)
                         for number, text in pages if text])
        self.uncommitted.append(document_id)

    def _maybe_commit(self) -> None:
        if (len(self.uncommitted) >= COMMIT_EVERY_DOCS
                or time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS):
            self._commit_index()

    def _commit_index(self) -> None:
        if self.uncommitted:
            self.search.commit()
            self.store.mark_indexed(self.uncommitted)
            self.uncommitted = []
        self.last_commit = time.monotonic()

    def _index_leftovers(self) -> None:
        """Index documents read by an earlier run that was killed before its index commit."""
        while ids := self.store.unindexed(500):
            for document_id in ids:
                doc = self.store.document(document_id)
                if doc is None:
                    continue
                pages = [(p.number, index_text(p.text)) for p in self.store.pages(document_id)]
                dates = [(d["page"], d) for d in self.store.dates(document_id)]
                self._index(document_id, doc.mime or "", doc.language or "", pages,
                            date_days(dates))
            self._commit_index()
