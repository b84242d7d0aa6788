"""The executor seam: where extraction jobs run.

Executors are registered under the entry-point group ``kavosh.executors``; each entry point
names a factory ``(workers: int, memory_mb: int) -> concurrent.futures.Executor``. Kavosh's own:

- ``inline``: in the calling process, one at a time (tests, debugging).
- ``process``: a pool of worker processes (:func:`kavosh.workers.process_pool`), one per core
  by default, each with a memory cap, dying with the run. A worker that crashes (a native
  library killed by a hostile file) breaks the pool; the pipeline then re-runs the jobs that
  were in flight one at a time to find the culprit.
- ``null``: the same as ``inline``. An executor that ran nothing would leave every document
  pending forever, which tests nothing; running in the calling process is the least an
  executor can do.

A distributed one (dask's ``Client.get_executor()``) fits the same place, since all state
lives in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any, TypeVar

from kavosh.registry import EXECUTORS
from kavosh.workers import process_pool

T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs each job at submission, in this process."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # delivered to the caller through the future
            future.set_exception(error)
        return future


def inline(workers: int, memory_mb: int) -> Executor:
    """The ``inline`` (and ``null``) executor: ``workers`` and ``memory_mb`` do not apply."""
    return InlineExecutor()


def process(workers: int, memory_mb: int) -> Executor:
    """The ``process`` executor."""
    return process_pool(workers, memory_mb)


def make_executor(name: str, workers: int, memory_mb: int) -> Executor:
    """The executor registered as ``name`` (``UnknownBackend`` lists the known ones)."""
    executor: Executor = EXECUTORS.get(name)(workers, memory_mb)
    return executor
