"""The one run engine: hand a stage's pending units to an executor, apply what comes back.

Every stage (:mod:`kavosh.pipeline.stages`) runs through :class:`Runner`. Contract:

- units come from ``stage.todo(limit, after)`` in key order, after the last unit handed out;
  at most ``capacity`` are in flight at once;
- each finished unit is applied in the calling process by ``stage.apply``, which commits it
  in one transaction: a run killed at any moment loses only the units in flight, which the
  next run finds pending again;
- a worker process that dies (a native library killed by a hostile file) breaks the pool:
  the units in flight are then re-run one at a time, each in a fresh pool of one, and the unit
  that kills its worker again is recorded through ``stage.crashed`` — one bad file fails
  alone, the run goes on;
- with a ``time_limit`` (seconds) and a pool of processes, a unit running longer than that
  (a parser that never ends on a hostile file) has its pool's workers killed, and is found
  the same way: each unit that was in flight runs alone, in a fresh, started pool of one,
  with the whole limit; the one over it again is recorded through
  ``stage.crashed(unit, "took longer than N s")``. A unit counts as running from when the
  pool hands it to a worker's queue, so one waiting behind a slow unit may be re-run, never
  blamed. Other executors run without a limit (inline: nothing could stop a job);
- any other exception from a job stops the run (a full disk, an engine that cannot run);
- ``stage.flush`` is called every ``flush_seconds`` and at the end (index commits and the
  like, which are cheaper in batches);
- progress: one phase per stage, one step per applied unit; a stage may grow the total
  (containers reveal documents as they are opened) through :meth:`Runner.grow`.

``pump`` does one round without waiting, so the caller can interleave other work (receiving
files while the first ones are already read).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, Protocol, TypeVar

from kavosh.model.progress import Progress
from kavosh.workers import can_kill, kill_pool

U = TypeVar("U")  # a unit of work: a document, or a page of one
R = TypeVar("R")  # what a job returns for a unit

ExecutorFactory = Callable[[int | None], Executor]  # workers (None: the configured number)


class Stage(Protocol[U, R]):
    """What the engine needs of a stage; :mod:`kavosh.pipeline.stages` has the whole contract."""

    name: str

    def todo(self, limit: int, after: U | None) -> list[U]: ...

    def total(self) -> int: ...

    def job(self, unit: U) -> tuple[Callable[[Any], R], Any]: ...

    def apply(self, unit: U, outcome: R) -> None: ...

    def crashed(self, unit: U, reason: str | None = None) -> None:
        """Record that ``unit``'s job killed its worker (``reason`` None) or was stopped
        for ``reason`` (over the time limit)."""

    def flush(self) -> None: ...


class Runner(Generic[U, R]):
    """Runs one stage's units through an executor (see the module's contract)."""

    def __init__(self, stage: Stage[U, R], executors: ExecutorFactory, progress: Progress,
                 capacity: int, flush_seconds: float = 10.0,
                 time_limit: float | None = None) -> None:
        self.stage = stage
        self.executors = executors
        self.progress = progress
        self.capacity = max(1, capacity)
        self.flush_seconds = flush_seconds
        self.executor: Executor | None = None
        self.in_flight: dict[Future[R], U] = {}
        self.time_limit = time_limit if time_limit and time_limit > 0 else None
        self.started: dict[Future[R], float] = {}  # when each unit was seen running
        self.cursor: U | None = None
        self.applied = 0
        self.expected = 0
        self.reporting = False  # progress shows this stage only once drain() starts
        self.unreported = 0
        self.last_flush = time.monotonic()

    def pump(self) -> None:
        """One round without waiting: apply finished units, hand out pending ones."""
        self._step(block=False)

    def drain(self) -> int:
        """Run until the stage has nothing pending; return how many units were applied."""
        self.expected = self.applied + self.stage.total()
        self.progress.phase(self.stage.name, self.expected)
        self.reporting = True
        if self.unreported:
            self.progress.advance(self.unreported)
            self.unreported = 0
        while self._step(block=True):
            pass
        return self.applied

    def grow(self, count: int) -> None:
        """``count`` more units became pending while the stage ran."""
        self.expected += count
        if self.reporting:
            self.progress.total(self.expected)

    def close(self) -> None:
        """Stop the workers (cancelling what was not started) and flush the stage."""
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
            self.executor = None
        self.started.clear()
        self.stage.flush()

    def _step(self, block: bool) -> bool:
        if self.executor is None:
            self.executor = self.executors(None)
        self._fill(self.executor)
        if not self.in_flight:
            return False
        timed = self._timed(self.executor)
        done, _ = wait(self.in_flight, timeout=self._wait(block, timed),
                       return_when=FIRST_COMPLETED)
        unit: U | None = None
        try:
            for future in done:
                unit = self.in_flight.pop(future)
                self.started.pop(future, None)
                self._apply(unit, future.result())
                unit = None
            if timed and self._overdue():
                self._restart([], kill=True)
        except BrokenProcessPool:
            self._restart([unit] if unit is not None else [], kill=False)
        if time.monotonic() - self.last_flush > self.flush_seconds:
            self.stage.flush()
            self.last_flush = time.monotonic()
        return True

    def _fill(self, executor: Executor) -> None:
        room = self.capacity - len(self.in_flight)
        if room <= 0:
            return
        for unit in self.stage.todo(room, self.cursor):
            function, argument = self.stage.job(unit)
            self.in_flight[executor.submit(function, argument)] = unit
            self.cursor = unit

    def _timed(self, executor: Executor) -> bool:
        return self.time_limit is not None and can_kill(executor)

    def _wait(self, block: bool, timed: bool) -> float | None:
        """How long to wait for a unit to finish: not at all, until one does, or (under a
        time limit) until it is time to look at the clock again."""
        if not block:
            return 0
        return min(1.0, self.time_limit / 4) if timed and self.time_limit else None

    def _overdue(self) -> bool:
        """Whether a unit has been running longer than the time limit."""
        now = time.monotonic()
        for future in self.in_flight:
            if future not in self.started and (future.running() or future.done()):
                self.started[future] = now
        limit = self.time_limit or 0.0
        return any(now - began > limit for began in self.started.values())

    def _restart(self, suspects: list[U], kill: bool) -> None:
        """The pool broke (a worker died) or is to be killed (a unit over its time limit):
        end it, then find the culprit among the units in flight (see :meth:`_isolate`)."""
        suspects = [*suspects, *self.in_flight.values()]
        if self.executor is not None:
            if kill:
                kill_pool(self.executor)
            else:
                self.executor.shutdown(cancel_futures=True)
            self.executor = None
        self.in_flight.clear()
        self.started.clear()
        self._isolate(suspects)

    def _isolate(self, suspects: list[U]) -> None:
        """Run each unit that was in flight alone, to find the one that kills its worker or
        outlives the time limit; the others are applied as usual."""
        for unit in suspects:
            single = self.executors(1)
            timed = self._timed(single)
            try:
                function, argument = self.stage.job(unit)
                if timed:  # started, the job's module imported: the limit is the job's alone
                    single.submit(_ready, function).result()
                outcome = single.submit(function, argument).result(
                    timeout=self.time_limit if timed else None)
            except BrokenProcessPool:
                self.stage.crashed(unit)
                self._count()
            except TimeoutError:
                kill_pool(single)
                self.stage.crashed(unit, over_time_limit(self.time_limit or 0.0))
                self._count()
            else:
                self._apply(unit, outcome)
            finally:
                single.shutdown(cancel_futures=True)

    def _apply(self, unit: U, outcome: R) -> None:
        self.stage.apply(unit, outcome)
        self._count()

    def _count(self) -> None:
        self.applied += 1
        if self.reporting:
            self.progress.advance()
        else:
            self.unreported += 1


def _ready(function: Callable[[Any], Any]) -> None:
    """Run in a new worker before its job: receiving ``function`` imports its module."""


def over_time_limit(seconds: float) -> str:
    """The reason recorded for a unit stopped by the time limit."""
    return f"took longer than {seconds:g} s"
