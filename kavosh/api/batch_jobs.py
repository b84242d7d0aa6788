"""Batch searches run in the background, so a page can show how far a list has come.

A job runs its list in a thread of its own, one query at a time, taking the case's lock for
each query only (:class:`~kavosh.api.context.CaseAccess`): pages keep answering while a list of
a thousand names runs. The server keeps the last :data:`KEPT` jobs in memory (a restart
forgets them; the list is uploaded again). A job's id is random, the only way to reach it.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from kavosh.api.context import CaseAccess
from kavosh.model.errors import KavoshError
from kavosh.views.batch import BatchRow, batch_search

KEPT = 20  # jobs remembered; the oldest finished one is forgotten first


@dataclass(slots=True)
class BatchJob:
    """One list being searched: its rows as they are done (how many: its progress)."""

    id: str
    total: int
    rows: list[BatchRow] = field(default_factory=list)
    done: bool = False
    error: str | None = None

    def to_json(self, rows: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"job": self.id, "done": self.done, "total": self.total,
                               "completed": len(self.rows), "error": self.error}
        if rows:
            out["rows"] = [row.to_json() for row in self.rows]
        return out


class BatchJobs:
    """The jobs of one server."""

    def __init__(self) -> None:
        self._jobs: dict[str, BatchJob] = {}
        self._lock = threading.Lock()

    def start(self, cases: CaseAccess, queries: list[tuple[int, str]],
              documents: int) -> BatchJob:
        """Start searching ``queries`` (see :func:`kavosh.views.batch.read_queries`)."""
        job = BatchJob(secrets.token_urlsafe(12), len(queries))
        with self._lock:
            finished = [k for k, j in self._jobs.items() if j.done]
            while len(self._jobs) >= KEPT and finished:
                del self._jobs[finished.pop(0)]
            self._jobs[job.id] = job
        threading.Thread(target=_run, args=(job, cases, queries, documents),
                         name=f"kavosh-batch-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: str) -> BatchJob | None:
        with self._lock:
            return self._jobs.get(job_id)


def _run(job: BatchJob, cases: CaseAccess, queries: list[tuple[int, str]],
         documents: int) -> None:
    """Search the job's queries one by one, each under the case's lock."""
    try:
        rows = batch_search(cases.case, queries, documents)
        while True:
            with cases.use():
                row = next(rows, None)
            if row is None:
                break
            job.rows.append(row)
    except KavoshError as error:  # the index busy or outdated: say so on the job's page
        job.error = error.one_line()
    finally:
        if job.error is None and len(job.rows) < job.total:
            job.error = "the search stopped before the end of the list (see the server's log)"
        job.done = True


_SETUP = threading.Lock()


def batch_jobs(request: Request) -> BatchJobs:
    """The route dependency: the server's jobs (made on first use)."""
    state = request.app.state
    with _SETUP:
        if not hasattr(state, "batch_jobs"):
            state.batch_jobs = BatchJobs()
    jobs: BatchJobs = state.batch_jobs
    return jobs
