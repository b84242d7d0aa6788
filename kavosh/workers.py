"""Worker processes: the one pool and the one initialiser every stage's workers run.

A worker process (see :func:`process_pool`) starts by :func:`init_worker`, which

- keeps OCR engines single-threaded (``OMP_THREAD_LIMIT=1``): one page per core is faster than
  one page on every core, and a pool already uses every core;
- caps the worker's address space at ``memory_mb`` (``RLIMIT_AS``; inherited by the engine
  processes it starts), so a hostile file cannot exhaust the machine's memory; where the cap is
  not permitted, the pipeline's other limits still apply;
- makes the worker die with the process that made the pool, even when that one is killed with
  ``kill -9`` (which runs no clean-up): on Linux the kernel sends the worker ``SIGKILL`` when
  its parent ends (``PR_SET_PDEATHSIG``), elsewhere a watch thread exits the worker within a
  second of noticing it was re-parented. A parent that died before this took effect is noticed
  too. Python's resource tracker, kept alive only by its users, then ends by itself.

``PR_SET_PDEATHSIG`` fires when the *thread* that started the worker ends, not the process: a
pool made in a thread other than the main one relies on the watch thread alone, and a pool
must be used from the thread that made it (as the pipeline does).

:func:`kill_pool` ends a pool's workers at once (a job over its time limit cannot be stopped any
other way: a native library does not listen to Python).

This module is at the bottom layer so that every stage's pool (ingest, OCR, those to come) can
use it; nothing in it knows what the workers run.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0


def process_pool(workers: int, memory_mb: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each started by :func:`init_worker`."""
    # spawn, not fork: the parent holds database handles and index threads.
    kernel_watch = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(memory_mb, os.getpid(), kernel_watch),
    )


def can_kill(executor: Executor) -> bool:
    """Whether :func:`kill_pool` can stop ``executor``'s jobs (a pool of processes)."""
    return isinstance(executor, ProcessPoolExecutor)


def kill_pool(executor: Executor) -> None:
    """Kill every worker of a process pool (``SIGKILL``: whatever they run) and shut it down;
    its unfinished jobs end with ``BrokenProcessPool``. Any other executor is only shut down."""
    processes = dict(getattr(executor, "_processes", None) or {}) if can_kill(executor) else {}
    for process in processes.values():
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in processes.values():
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=10)
    executor.shutdown(wait=True, cancel_futures=True)


def init_worker(memory_mb: int, parent: int | None = None, kernel_watch: bool = True) -> None:
    """Run first in each worker process (see the module docstring). ``parent`` is the process
    the worker must die with (default: its parent now); ``kernel_watch`` False skips
    ``PR_SET_PDEATHSIG`` (the pool was made outside the main thread)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    die_with_parent(parent or os.getppid(), kernel_watch)


def die_with_parent(parent: int, kernel_watch: bool = True) -> None:
    """End this process when process ``parent`` ends (see the module docstring)."""
    if kernel_watch:
        _ask_kernel()
    if os.getppid() != parent:  # it died before the kernel was told: nobody would signal us
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _ask_kernel() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where that is not
    possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
