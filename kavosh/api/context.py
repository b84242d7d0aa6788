"""The one case a server serves, and the lock that keeps its database use one at a time.

FastAPI runs plain ``def`` routes in a thread pool; the case's SQLite connection and search
reader are shared, so every route reads the case while holding :attr:`CaseAccess.lock`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request

from kavosh.case import Case


class CaseAccess:
    def __init__(self, case: Case) -> None:
        self.case = case
        self.lock = threading.RLock()

    @contextmanager
    def use(self) -> Iterator[Case]:
        with self.lock:
            yield self.case


def access(request: Request) -> CaseAccess:
    """The route dependency: the app's :class:`CaseAccess`."""
    found: CaseAccess = request.app.state.kavosh
    return found
