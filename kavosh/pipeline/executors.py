"""The executor seam: where extraction jobs run.

- ``inline``: in the calling process, one at a time (tests, debugging).
- ``process``: a pool of worker processes, one per core by default, each with a memory cap.
  A worker that crashes (a native library killed by a hostile file) breaks the pool; the
  pipeline then re-runs the jobs that were in flight one at a time to find the culprit.

Both are ``concurrent.futures.Executor``; a distributed one (dask's ``Client.get_executor()``)
fits the same place, since all state lives in the database.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

from kavosh.pipeline.worker import init_worker

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


def make_executor(name: str, workers: int, memory_mb: int) -> Executor:
    if name == "inline":
        return InlineExecutor()
    if name == "process":
        # spawn, not fork: the parent holds database handles and index threads.
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(memory_mb,),
        )
    raise ValueError(f"unknown executor {name!r}")
