"""Runs over a case: the library calls the CLI, the API and tests use.

- :func:`ingest` receives paths into the case (reading starts while files are still arriving)
  and then runs every pending document stage except OCR;
- :func:`run_ocr` runs the OCR stage and what follows from it (derive, index);
- :func:`reindex` rebuilds the search index from the database;
- :func:`run_mentions` finds entity mentions again (``kavosh entities --redo``) and
  resolves entities; :func:`ingest` and :func:`run_ocr` do it for what they read;
- :func:`run_embed` embeds the passages of every document that needs it (search by meaning);
  :func:`ingest` does it too in a case whose setting ``semantic`` is on;
- :func:`process` runs whatever is pending, in stage order, OCR included when options are
  given — a resumed run, an upgrade that made stages stale, ``kavosh reindex``.

Every stage runs through the one engine (:mod:`kavosh.pipeline.engine`); all state is in the
database, so any run can be killed and the same command resumes it.

One run writes to a case at a time: each of these takes the case's writer lock
(``writer.lock`` in the case folder, see :func:`writing`) before it touches anything, and a
second process is refused with :class:`CaseLocked` before it has changed anything (it used to
empty the archive's incoming folder under the first one first).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kavosh.archive.locks import try_lock
from kavosh.case import Case
from kavosh.model.errors import BusyError, NotFoundError, UsageError
from kavosh.model.progress import NoProgress, Progress
from kavosh.ocr import get_engine
from kavosh.pipeline.context import RunContext
from kavosh.pipeline.embed import EmbedOptions, EmbedSummary, embed_pending
from kavosh.pipeline.engine import Runner, Stage
from kavosh.pipeline.index import DeriveStage, IndexStage
from kavosh.pipeline.intake import Intake, count_files, name_source
from kavosh.pipeline.mentions import MentionsSummary, find_mentions
from kavosh.pipeline.ocr import OcrOptions, OcrStage, OcrSummary, TextCheckStage
from kavosh.pipeline.read import ReadStage
from kavosh.pipeline.stages import DOCUMENT_STAGES, READ, CaseStage, State
from kavosh.search.embed import EmbedderUnavailable

log = logging.getLogger(__name__)


class InputMissing(NotFoundError, FileNotFoundError):
    """A path given to ingest is not there."""


class CaseLocked(BusyError, RuntimeError):
    """Another process is running over this case (ingest, OCR, reindex)."""


WRITER_LOCK = "writer.lock"
_held: dict[Path, list[int]] = {}  # case folder → [lock descriptor, runs holding it]


@contextmanager
def writing(case: Case) -> Iterator[None]:
    """Hold the case's writer lock while the block runs; raise :class:`CaseLocked` at once if
    another process holds it. Runs nested in one process (``process`` runs ``ingest``) share
    the lock; it ends with the outermost, or with the process however it ends."""
    held = _held.get(case.root)
    if held is None:
        fd = try_lock(case.root / WRITER_LOCK)
        if fd is None:
            raise CaseLocked(f"another Kavosh process is writing to the case at {case.root}; "
                             "wait for it to finish (or stop it) and run this again")
        held = _held[case.root] = [fd, 0]
    held[1] += 1
    try:
        yield
    finally:
        held[1] -= 1
        if not held[1]:
            del _held[case.root]
            os.close(held[0])


@dataclass(frozen=True, slots=True)
class RunSummary:
    received: int
    processed: int
    failed: int
    seconds: float


def ingest(case: Case, paths: Iterable[Path], progress: Progress | None = None,
           source: str | None = None) -> RunSummary:
    """Receive ``paths`` into the case and run every pending stage but OCR (a resumed run
    too). ``source`` labels the one path given (the first segment of every path kept from
    it) instead of its own name; see :func:`kavosh.pipeline.intake.name_source`."""
    progress = progress or NoProgress()
    started = time.monotonic()
    inputs = [Path(p) for p in paths]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        raise InputMissing(f"no such file or folder: {', '.join(missing)}")
    if source is not None and len(inputs) != 1:
        raise UsageError("a source label names one path; give the others separately")
    with writing(case):
        if source is not None:
            name_source(case, inputs[0], source)
        case.archive.sweep()  # what a killed run left; never what a live process is writing
        try:
            return _ingest(case, inputs, progress, started)
        finally:
            case.archive.sweep()  # the folders of this run's workers, which have ended


def _ingest(case: Case, inputs: list[Path], progress: Progress,
            started: float) -> RunSummary:
    run = RunContext(case)
    try:
        # One commit per group of files received and documents read, not one each.
        with case.store.batch():
            _requeue_stale(run)
            reading = ReadStage(run)
            runner = _runner(run, reading, progress)
            reading.grow = runner.grow
            try:
                progress.phase("receiving", count_files(inputs))
                # Workers read what has arrived while the rest is still being received.
                intake = Intake(case, progress, between=runner.pump)
                intake.receive(inputs)
                runner.drain()
            finally:
                runner.close()
            for stage in (TextCheckStage(run), DeriveStage(run), IndexStage(run)):
                _drain(run, stage, progress)
            find_mentions(run, progress)
        if case.settings.semantic:
            _embed_new(run, progress)
    finally:
        run.close()
    return RunSummary(intake.received, reading.processed, reading.failed,
                      time.monotonic() - started)


def run_ocr(case: Case, options: OcrOptions, progress: Progress | None = None) -> OcrSummary:
    """OCR every page of the case that needs it, then derive and index what changed (see
    :mod:`kavosh.pipeline.ocr`)."""
    with writing(case):
        return _run_ocr(case, options, progress or NoProgress())


def _run_ocr(case: Case, options: OcrOptions, progress: Progress) -> OcrSummary:
    started = time.monotonic()
    run = RunContext(case)
    stage = OcrStage(run, options)
    try:
        _drain(run, TextCheckStage(run), progress)
        stage.settle_left()
        if stage.total():
            get_engine(options.engine).check(list(options.languages))
            workers = max(1, options.workers)
            runner = Runner(stage, lambda n: run.executor(n or workers, options.executor,
                                                          options.memory_mb),
                            progress, capacity=max(2, workers * 2), flush_seconds=15.0,
                            time_limit=case.settings.limits.read_seconds)
            try:
                runner.drain()
            finally:
                runner.close()
        for after in (DeriveStage(run), IndexStage(run)):
            _drain(run, after, progress, report=False)
        find_mentions(run, progress, report=False)
    finally:
        run.close()
    stage.summary.seconds = time.monotonic() - started
    return stage.summary


def process(case: Case, progress: Progress | None = None,
            ocr: OcrOptions | None = None, case_stages: Sequence[CaseStage] = ()) -> None:
    """Run every pending stage of the case in stage order (OCR only with ``ocr`` options),
    then the case-wide stages whose documents changed."""
    progress = progress or NoProgress()
    with writing(case):
        ingest(case, [], progress)
        if ocr is not None:
            run_ocr(case, ocr, progress)
        run_case_stages(case, case_stages, progress)


def reindex(case: Case, progress: Progress | None = None) -> int:
    """Rebuild the search index from the database (after an upgrade, or if it was damaged):
    every document's ``index`` stage becomes pending and runs; return the pages indexed."""
    with writing(case):
        case.store.mark_all_unindexed()
        case.drop_index()
        ingest(case, [], progress)  # indexes what is pending, reads what is pending
    backend = case.search_backend()
    backend.refresh()
    return backend.count()


def run_case_stages(case: Case, stages: Sequence[CaseStage], progress: Progress) -> None:
    """Run each case-wide stage that never ran, ran with another version, or whose documents
    changed since (``pending``); a failure is recorded with its reason and re-raised."""
    store = case.store
    for stage in stages:
        info = stage.info
        state = store.case_state(info.name)
        if state is not None and state[0] == State.DONE and state[1] == info.version:
            continue
        try:
            stage.run(progress)
        except Exception as error:
            store.set_case_state(info.name, State.FAILED, info.version, str(error)[:500])
            raise
        store.set_case_state(info.name, State.DONE, info.version)


def run_mentions(case: Case, progress: Progress | None = None,
                 redo: bool = False) -> MentionsSummary:
    """Find the mentions of every document pending (every document with ``redo``), then
    resolve the case's entities (:mod:`kavosh.pipeline.mentions`); a killed run resumes
    with the same call without ``redo``."""
    with writing(case):
        run = RunContext(case)
        try:
            return find_mentions(run, progress or NoProgress(), redo=redo)
        finally:
            run.close()


def run_embed(case: Case, options: EmbedOptions | None = None,
              progress: Progress | None = None) -> EmbedSummary:
    """Embed the passages of every document that needs it (:mod:`kavosh.pipeline.embed`);
    ``options`` default to the case's settings."""
    with writing(case):
        run = RunContext(case)
        try:
            return embed_pending(run, options or embed_options(case), progress or NoProgress())
        finally:
            run.close()


def embed_options(case: Case) -> EmbedOptions:
    """The embed stage's options from the case's settings."""
    s = case.settings
    return EmbedOptions(s.embedder, s.worker_count, s.executor, s.worker_memory_mb)


def _embed_new(run: RunContext, progress: Progress) -> None:
    """Embed what arrived, in a case with ``semantic`` on; an embedder that cannot run here is
    logged, not fatal: the documents stay pending for ``kavosh embed``."""
    try:
        embed_pending(run, embed_options(run.case), progress)
    except EmbedderUnavailable as error:
        log.warning("documents not embedded for search by meaning: %s", error)


def _requeue_stale(run: RunContext) -> None:
    """Documents done by an older version of a stage are done again, and so are those whose
    reader crashed or timed out fewer than ``read_attempts`` times."""
    for info in DOCUMENT_STAGES:
        run.store.requeue_stale(info.name, info.version)
    run.store.requeue_attempts(READ.name, run.settings.limits.read_attempts)


def _runner(run: RunContext, stage: Stage[Any, Any], progress: Progress) -> Runner[Any, Any]:
    s = run.settings
    return Runner(stage, run.executor, progress, capacity=max(2, s.worker_count * 4),
                  time_limit=s.limits.read_seconds)


def _drain(run: RunContext, stage: Stage[Any, Any], progress: Progress,
           report: bool = True) -> None:
    """Run a stage that runs in this process, if it has anything pending."""
    if not stage.total():
        return
    runner = Runner(stage, lambda n: run.inline(), progress if report else NoProgress(),
                    capacity=64)
    try:
        runner.drain()
    finally:
        runner.close()
