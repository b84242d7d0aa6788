"""The ``read`` stage: every stored file waiting to be read is sniffed, read and derived in a
worker, then committed here with its children, in one transaction per document.

A document is waiting (``read`` pending) until its pages, metadata and children are committed
together with its ``done`` (or ``failed``) state, so a document being read when the run died
is read again, and its children, registered by content hash, are found again rather than
duplicated. On the way, ``textcheck`` and ``derive`` (run in the same job) are recorded done,
``ocr`` pending where pages wait for OCR, and ``index`` pending until the index commits; each
page layer stored gets its custody ``text`` record in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kavosh.ingest.base import Child
from kavosh.model import Kind, Status
from kavosh.pipeline.context import RunContext
from kavosh.pipeline.stages import DERIVE, OCR, READ, TEXTCHECK, State
from kavosh.pipeline.worker import Job, Outcome, extract
from kavosh.store import PendingFile
from kavosh.store.custody import REFUSED

CRASHED = (
    "the file crashed the reader process (a malformed file that a native library could not"
    " survive)"
)


class ReadStage:
    info = READ
    name = READ.name

    def __init__(self, run: RunContext, grow: Callable[[int], None] = lambda n: None) -> None:
        """``grow`` is told how many new documents each container revealed."""
        self.run = run
        self.store = run.store
        self.grow = grow
        self.processed = 0
        self.failed = 0

    def todo(self, limit: int, after: PendingFile | None) -> list[PendingFile]:
        return self.store.pending_files(limit, after.id if after else 0)

    def total(self) -> int:
        return self.store.count_todo(READ.name)

    def job(self, item: PendingFile) -> tuple[Callable[[Any], Outcome], Any]:
        case = self.run.case
        return extract, Job(item.id, item.sha256, item.name, item.depth, str(case.archive.root),
                            str(case.tmp), self.run.settings.limits)

    def apply(self, item: PendingFile, outcome: Outcome) -> None:
        """Commit one document's outcome: children, pages, derived values and states."""
        store = self.store
        derived = outcome.derived
        with store.transaction():
            self._register_children(item, outcome.children)
            if outcome.result is None or derived is None:
                self._fail(item.id, outcome.reason or "unknown error")
            else:
                r = outcome.result
                store.finish_document(item.id, mime=r.mime, metadata=r.metadata,
                                      language=derived.language, pages=r.pages)
                self.run.case.custody.record_text(actor=self.run.actor, document_id=item.id,
                                                  path=item.path, pages=r.pages)
                self.run.store_derived(item.id, derived)
                for info in (READ, DERIVE):
                    store.set_state(item.id, info.name, State.DONE, info.version)
                if outcome.checked:
                    store.set_state(item.id, TEXTCHECK.name, State.DONE, TEXTCHECK.version)
                if any(p.needs_ocr for p in r.pages):
                    store.mark_pending(OCR.name, [item.id])
        if outcome.result is not None and derived is not None:
            self.run.index.replace(item.id, derived.entries(
                item.id, outcome.result.mime, item.path, outcome.result.metadata))
        self.processed += 1
        self.failed += int(outcome.result is None)

    def crashed(self, item: PendingFile, reason: str | None = None) -> None:
        """The document killed its reader (or outlived the time limit, ``reason``): failed,
        and read again by the next runs until it has done so ``read_attempts`` times."""
        reason = reason or CRASHED
        tries, limit = item.attempts + 1, self.run.settings.limits.read_attempts
        if tries < limit:
            reason += f" (attempt {tries} of {limit}; the next run tries again)"
        else:
            reason += f" ({tries} attempts; not tried again)"
        with self.store.transaction():
            self.store.fail_document(item.id, READ.name, reason)
            self.store.bump_attempts(item.id, READ.name, READ.version, reason)
        self.processed += 1
        self.failed += 1

    def flush(self) -> None:
        self.run.index.commit()

    def _fail(self, document_id: int, reason: str) -> None:
        with self.store.transaction():
            self.store.fail_document(document_id, READ.name, reason)
            self.store.set_state(document_id, READ.name, State.FAILED, READ.version, reason)

    def _register_children(self, item: PendingFile, children: list[Child]) -> None:
        store = self.store
        added = 0
        for child in children:
            path = f"{item.path}/{child.name}"
            if child.sha256 is None:
                reason = child.reason or "could not be extracted"
                doc_id, _ = store.register_document(
                    f"entry:{path}", Kind.ENTRY, depth=item.depth + 1, status=Status.FAILED,
                    stage="unpack", reason=reason,
                )
                if store.add_occurrence(doc_id, path, item.id):
                    self.run.case.custody.append(
                        actor=self.run.actor, action=REFUSED, path=path, size=None,
                        sha256=None, document_id=doc_id, detail=reason)
                continue
            doc_id, created = store.register_document(
                child.sha256, Kind.FILE, sha256=child.sha256, size=child.size,
                depth=item.depth + 1,
            )
            added += int(created)
            if store.add_occurrence(doc_id, path, item.id):
                self.run.case.custody.append(
                    actor=self.run.actor, action="extracted", path=path, size=child.size,
                    sha256=child.sha256, document_id=doc_id, detail=f"from {item.sha256}",
                )
        if added:
            self.grow(added)
