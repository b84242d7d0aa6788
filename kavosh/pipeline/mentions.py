"""The ``mentions`` stage and the case-wide ``entities`` stage (issue 13).

- ``mentions`` (a document stage, after ``derive``): the entity finders
  (:func:`kavosh.entities.find_entities`) run on each of the document's best pages (the same
  texts ``derive`` reads: a correction over OCR over the extracted layer) in a worker, and
  every mention is stored with its page, layer, raw offsets, type, text, normalised value,
  finder name and version, score, and the document's own day. ``derive`` leaves it pending
  (so reading and OCR both lead here), and its recorded version carries each finder's name
  and version (:func:`mentions_version`): a better model finds again in every document on
  the next run. ``kavosh entities --redo`` makes it pending for every document; a run killed
  midway resumes where it stopped (each document commits with its state). A digest of what
  the finders read (:func:`job_digest`) is stored with the mentions: a document made pending
  again whose pages, language, day and finders are the same (``derive`` run again by a new
  version of its own) keeps its mentions without finding them again, and counts as no change,
  so the case's entities are not resolved again for it; ``--redo`` finds anyway.
- ``entities`` (case-wide, after ``mentions``): mentions resolved into entities and people's
  decisions replayed (:func:`kavosh.entities.resolve.resolve_case`); it runs when mentions
  changed or its version did.
- ``relations`` (case-wide, after ``entities``): :mod:`kavosh.pipeline.relations`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kavosh.entities import EntityFinder, default_finders, find_entities
from kavosh.entities.latin import LatinNameFinder
from kavosh.entities.resolve import RESOLVER_VERSION, resolve_case
from kavosh.model import best_pages
from kavosh.model.progress import NoProgress, Progress
from kavosh.pipeline.context import MainStage, RunContext
from kavosh.pipeline.derive import document_day
from kavosh.pipeline.engine import Runner
from kavosh.pipeline.relations import RelationsStage
from kavosh.pipeline.stages import ENTITIES, MENTIONS, State
from kavosh.store.entities import StoredMention


def stage_finders() -> tuple[EntityFinder, ...]:
    """The finders the stage runs by default: :func:`kavosh.entities.default_finders` and
    the Latin name candidates (:mod:`kavosh.entities.latin`), which resolution joins to the
    entities they spell."""
    return (*default_finders(), LatinNameFinder())


def mentions_version(finders: Sequence[EntityFinder] | None = None) -> str:
    """The version the stage records: its own, then each finder's name and version."""
    used = stage_finders() if finders is None else finders
    return "+".join([MENTIONS.version, *(f"{f.name}{f.version}" for f in used)])


def entities_version(mentions: str) -> str:
    """The ``entities`` stage's version: the resolver's, over mentions of ``mentions``."""
    return f"{ENTITIES.version}+{RESOLVER_VERSION}/{mentions}"


@dataclass(frozen=True, slots=True)
class MentionJob:
    """What a worker needs to find one document's mentions."""

    document_id: int
    language: str | None
    pages: tuple[tuple[int, str, str], ...]  # (number, layer, text) of each best page
    day: int | None
    finders: tuple[EntityFinder, ...] | None = None  # None: stage_finders()


def find_document_mentions(job: MentionJob) -> list[StoredMention]:
    """The mentions on a document's pages, in page order (runs in a worker)."""
    found: list[StoredMention] = []
    for number, layer, text in job.pages:
        found += [StoredMention(job.document_id, number, layer, m.start, m.end, m.type,
                                m.text, m.value, m.finder.name, m.finder.version, m.score,
                                job.day)
                  for m in find_entities(text, job.language, job.finders or _finders())]
    return found


def unchanged(_: None) -> None:
    """The job of a document whose mentions were found in the very same inputs: nothing."""
    return None


def job_digest(version: str, language: str | None, day: int | None,
               pages: tuple[tuple[int, str, str], ...]) -> str:
    """A digest of everything the finders' result depends on: their version, the document's
    language and day, and its best pages (number, layer, text)."""
    data = json.dumps([version, language, day, pages], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _finders() -> tuple[EntityFinder, ...]:
    return stage_finders()


class MentionsStage(MainStage):
    """Finds each pending document's mentions in the case's workers, stores them here."""

    info = MENTIONS

    def __init__(self, run: RunContext,
                 finders: tuple[EntityFinder, ...] | None = None) -> None:
        super().__init__(run)
        self.finders = finders
        self.version = mentions_version(finders)
        self.changed = 0
        self.redo = False
        self._digests: dict[int, str] = {}  # document → the digest of its job's inputs

    def prepare(self, redo: bool = False) -> None:
        """Queue what is to do: every derived document (``redo``), else those never done
        and those done by other finders."""
        store = self.store
        self.redo = redo
        if redo:
            store.queue_all_mentions()
        else:
            store.queue_unmentioned()
            store.requeue_stale(MENTIONS.name, self.version)

    def job(self, document_id: int
            ) -> tuple[Callable[[Any], list[StoredMention] | None], Any]:
        """Find the document's mentions, or nothing (:func:`unchanged`) when those stored
        were found in the same inputs (not with ``redo``)."""
        store = self.store
        doc = store.document(document_id)
        if doc is None:
            return find_document_mentions, MentionJob(document_id, None, (), None)
        pages = best_pages(store.pages(document_id))
        day = document_day(store.cable(document_id), doc.metadata, pages,
                           store.dates(document_id))
        texts = tuple((p.number, p.layer.value, p.text) for p in pages if p.text.strip())
        digest = self._digests[document_id] = job_digest(self.version, doc.language, day, texts)
        if not self.redo and store.mention_digest(document_id) == digest:
            return unchanged, None
        return find_document_mentions, MentionJob(document_id, doc.language, texts, day,
                                                  self.finders)

    def apply(self, document_id: int, found: list[StoredMention] | None) -> None:
        """Store what was found with its inputs' digest (``None``: the stored mentions stay,
        found in the same inputs) and mark the document done."""
        digest = self._digests.pop(document_id, None)
        with self.store.transaction():
            if found is not None:
                self.store.put_mentions(document_id, found, digest)
                if not self.changed:  # resolve again, even if this run is killed before it
                    self.store.set_case_state(ENTITIES.name, State.PENDING,
                                              entities_version(self.version))
            self.store.set_state(document_id, MENTIONS.name, State.DONE, self.version)
        self.changed += found is not None

    def crashed(self, document_id: int, reason: str | None = None) -> None:
        """A document whose finding killed its worker (or took too long) fails here alone."""
        self._digests.pop(document_id, None)
        self.store.set_state(document_id, MENTIONS.name, State.FAILED, self.version,
                             reason or "the entity finders crashed on this document")

    def flush(self) -> None:
        """Nothing is held back: each document's transaction is whole when applied (and
        committed with its group when :func:`find_mentions` runs the stage in a batch)."""


class EntitiesStage:
    """The case-wide resolution of mentions into entities (:class:`CaseStage`)."""

    def __init__(self, run: RunContext, mentions: str) -> None:
        self.store = run.store
        self.info = ENTITIES
        self.version = entities_version(mentions)

    def due(self, changed: bool) -> bool:
        """Whether to resolve: mentions changed, or it never ran with this version."""
        state = self.store.case_state(ENTITIES.name)
        return changed or state is None or state[:2] != (State.DONE, self.version)

    def run(self, progress: Progress) -> None:
        store = self.store
        progress.phase(ENTITIES.name, 1)
        try:
            resolve_case(store)
        except Exception as error:
            store.set_case_state(ENTITIES.name, State.FAILED, self.version, str(error)[:500])
            raise
        store.set_case_state(ENTITIES.name, State.DONE, self.version)
        progress.advance()


@dataclass(frozen=True, slots=True)
class MentionsSummary:
    documents: int  # documents whose mentions were found (again)
    mentions: int  # mentions in the case
    entities: int  # entities in the case


def find_mentions(run: RunContext, progress: Progress, redo: bool = False,
                  finders: tuple[EntityFinder, ...] | None = None,
                  report: bool = True) -> MentionsSummary:
    """Run ``mentions`` over what is pending (every derived document with ``redo``) in the
    case's workers, then ``entities`` if mentions changed or it is due."""
    stage = MentionsStage(run, finders)
    stage.prepare(redo)
    shown = progress if report else NoProgress()
    if stage.total():
        s = run.settings
        runner = Runner(stage, run.executor, shown, capacity=max(2, s.worker_count * 4),
                        time_limit=s.limits.read_seconds)
        try:
            # one commit per group of documents, not one each (a killed run loses the last
            # group's, which stay pending)
            with run.store.batch():
                runner.drain()
        finally:
            runner.close()
    entities = EntitiesStage(run, stage.version)
    resolved = entities.due(stage.changed > 0)
    if resolved:
        entities.run(shown)
    relations = RelationsStage(run)
    if relations.due(stage.changed > 0 or resolved):  # new entities: their relations too
        relations.run(shown)
    return MentionsSummary(stage.changed, run.store.count_mentions(),
                           sum(run.store.entity_counts().values()))
