"""What every stage of one run shares: the case, the search writer, who is acting, executors.

The search index is written after the database: a document's ``index`` stage is recorded done
only once the index has committed its entries, and re-indexing first deletes what was there,
so a run killed in between indexes the document again and never twice.
"""

from __future__ import annotations

import time
from concurrent.futures import Executor

from kavosh.cables import cable_link
from kavosh.case import Case, current_actor
from kavosh.pipeline.derive import Derived
from kavosh.pipeline.executors import InlineExecutor, make_executor
from kavosh.pipeline.stages import ENTITIES, INDEX, MENTIONS, StageInfo, State
from kavosh.search import IndexedPage, SearchBackend

COMMIT_EVERY_DOCS = 2000
COMMIT_EVERY_SECONDS = 10.0
KNOWN_TOKENS = 1_000_000  # vocabulary tokens a run remembers having stored


class IndexWriter:
    """Replaces documents' index entries and records them indexed after each commit."""

    def __init__(self, case: Case, search: SearchBackend | None = None) -> None:
        """``search``: a writable backend of the case's index the caller opened and closes
        (default: the case's own, made writable)."""
        self.store = case.store
        self.search: SearchBackend = search or case.search_backend(writable=True)
        self.uncommitted: list[int] = []
        self.last_commit = time.monotonic()

    def replace(self, document_id: int, entries: list[IndexedPage], fresh: bool = False) -> None:
        """Index ``entries`` in place of the document's old ones; ``fresh``: the caller knows
        the document was never indexed (a bulk load of new documents), so no delete is queued
        (tantivy applies each queued delete to every segment at commit: at a million
        documents that was most of the cost of a bulk load)."""
        if not fresh:
            self.search.delete_document(document_id)
        self.search.add(entries)
        self.uncommitted.append(document_id)
        if (len(self.uncommitted) >= COMMIT_EVERY_DOCS
                or time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS):
            self.commit()

    def commit(self) -> None:
        if self.uncommitted:
            self.search.commit()
            with self.store.transaction():
                self.store.set_states(INDEX.name, INDEX.version,
                                      [(doc, State.DONE, None) for doc in self.uncommitted])
                # the documents changed; the entities read only mentions, whose stage marks
                # them pending when mentions change (re-indexed text may find the same ones)
                self.store.mark_case_stages_pending(keep=(ENTITIES.name,))
            self.uncommitted = []
        self.last_commit = time.monotonic()


class RunContext:
    """One run over a case: its stages share this."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.store = case.store
        self.settings = case.settings
        self.actor = current_actor()
        self._index: IndexWriter | None = None
        self._tokens: set[str] = set()

    def store_derived(self, document_id: int, derived: Derived) -> None:
        """Store what :func:`kavosh.pipeline.derive.derive` found for a document (inside the
        caller's transaction) and leave its ``index`` and ``mentions`` stages pending; the
        document's language is the caller's to store, with the rest of its row."""
        store = self.store
        store.put_dates(document_id, derived.dates)
        store.put_paragraphs(document_id, derived.paragraphs)
        self.add_vocabulary(derived.vocabulary)
        store.put_name_uses(document_id, derived.name_uses)
        store.put_cable(document_id, derived.cable)
        store.put_cable_link(document_id, cable_link(document_id, derived.cable.fields)
                             if derived.cable else None)
        store.mark_pending(INDEX.name, [document_id])
        store.mark_pending(MENTIONS.name, [document_id])  # found again in the new text

    def add_vocabulary(self, rows: list[tuple[str, str]]) -> None:
        """Store the name vocabulary of a document, skipping tokens this run already stored:
        most of a document's words were in the documents before it, and the table only
        grows, so a word stored once need not be offered again (bounded memory: the set
        starts over past :data:`KNOWN_TOKENS`)."""
        new = [(token, key) for token, key in rows if token not in self._tokens]
        if not new:
            return
        self.store.add_vocabulary(new)
        if len(self._tokens) > KNOWN_TOKENS:
            self._tokens.clear()
        self._tokens.update(token for token, _ in new)

    @property
    def index(self) -> IndexWriter:
        """The run's search writer, opened when first needed (one writer per case)."""
        if self._index is None:
            self._index = IndexWriter(self.case)
        return self._index

    def executor(self, workers: int | None = None, name: str | None = None,
                 memory_mb: int | None = None) -> Executor:
        """The case's executor (a pool of worker processes, or inline, per its settings)."""
        s = self.settings
        return make_executor(name or s.executor, workers or s.worker_count,
                             memory_mb or s.worker_memory_mb)

    @staticmethod
    def inline() -> Executor:
        """Runs each job in this process as it is handed out."""
        return InlineExecutor()

    def commit_index(self) -> None:
        """Commit what the run's search writer holds, if the run opened one."""
        if self._index is not None:
            self._index.commit()

    def close(self) -> None:
        self.commit_index()
        self.case.custody.write_anchor()


class MainStage:
    """A stage over documents whose job runs in the calling process (its ``info`` names it);
    subclasses give ``job`` and ``apply``."""

    info: StageInfo

    def __init__(self, run: RunContext) -> None:
        self.run = run
        self.store = run.store
        self.name = self.info.name

    def todo(self, limit: int, after: int | None) -> list[int]:
        return self.store.stage_todo(self.info.name, limit, after or 0)

    def total(self) -> int:
        return self.store.count_todo(self.info.name)

    def crashed(self, document_id: int,
                reason: str | None = None) -> None:  # pragma: no cover - main-process jobs
        raise AssertionError("a main-process stage cannot crash a worker")

    def flush(self) -> None:
        self.run.commit_index()
