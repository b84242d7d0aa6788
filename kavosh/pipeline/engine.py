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

    def crashed(self, unit: U) -> None: ...

    def flush(self) -> None: ...


class Runner(Generic[U, R]):
    """Runs one stage's units through an executor (see the module's contract)."""

    def __init__(self, stage: Stage[U, R], executors: ExecutorFactory, progress: Progress,
                 capacity: int, flush_seconds: float = 10.0) -> None:
        self.stage = stage
        self.executors = executors
        self.progress = progress
        self.capacity = max(1, capacity)
        self.flush_seconds = flush_seconds
        self.executor: Executor | None = None
        self.in_flight: dict[Future[R], U] = {}
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
        self.stage.flush()

    def _step(self, block: bool) -> bool:
        if self.executor is None:
            self.executor = self.executors(None)
        self._fill(self.executor)
        if not self.in_flight:
            return False
        done, _ = wait(self.in_flight, timeout=None if block else 0,
                       return_when=FIRST_COMPLETED)
        unit: U | None = None
        try:
            for future in done:
                unit = self.in_flight.pop(future)
                self._apply(unit, future.result())
                unit = None
        except BrokenProcessPool:
            suspects = [*([unit] if unit is not None else []), *self.in_flight.values()]
            self.executor.shutdown(cancel_futures=True)
            self.executor = None
            self.in_flight.clear()
            self._isolate(suspects)
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

    def _isolate(self, suspects: list[U]) -> None:
        """After a worker died, run each unit that was in flight alone, to find the culprit."""
        for unit in suspects:
            single = self.executors(1)
            try:
                function, argument = self.stage.job(unit)
                outcome = single.submit(function, argument).result()
            except BrokenProcessPool:
                self.stage.crashed(unit)
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
