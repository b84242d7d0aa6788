"""The executor seam: where extraction jobs run.

- ``inline``: in the calling process, one at a time (tests, debugging).
- ``process``: a pool of worker processes, one per core by default, each with a memory cap.
  A worker that crashes (a native library killed by a hostile file) breaks the pool; the
  pipeline then re-runs the jobs that were in flight one at a time to find the culprit.

Both are ``concurrent.futures.Executor``; a distributed one (dask's ``Client.get_executor()``)
fits the same place, since all state lives in the database.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

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


def init_worker(memory_mb: int) -> None:
    """Run in each worker process: cap its memory and keep OCR engines single-threaded (the
    engines' own processes inherit both)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        # Where the cap is not permitted, the pipeline's other limits still apply.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


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
