"""What every table family stands on: one connection, its lock, transactions, migrations.

:class:`SqlCore` holds a :class:`~kavosh.store.dialect.Dialect`'s connection; the families
(mixins in ``documents``, ``pages``, ``derived``, ``state``, ``custody``) write portable SQL
with ``?`` placeholders through :meth:`SqlCore.execute` and friends, which pass it through the
dialect. :class:`kavosh.store.sqlstore.SqlStore` composes them: the one implementation of
:class:`kavosh.store.base.Store`, for any dialect.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kavosh.store.dialect import Cursor, Dialect

# The first path a document ``d`` was found at: how it is named to people.
FIRST_PATH = "(SELECT path FROM occurrences o WHERE o.document_id = d.id ORDER BY o.id LIMIT 1)"


class _Batch:
    """When a batch of transactions is due to commit."""

    def __init__(self, every: int, seconds: float) -> None:
        self.every = every
        self.seconds = seconds
        self.restart()

    def restart(self) -> None:
        self.count = 0
        self.started = time.monotonic()

    def due(self) -> bool:
        self.count += 1
        return self.count >= self.every or time.monotonic() - self.started >= self.seconds


class SqlCore:
    """One connection. Safe to use from one thread at a time per instance; a lock makes a
    read (statement and fetch) or a transaction whole when threads share it (the web UI)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._db = dialect.connect()
        self._lock = threading.RLock()
        self._depth = 0
        self._batch: _Batch | None = None
        self._migrate()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        version = self.dialect.schema_version(self._db)
        steps = self.dialect.migrations
        for number, script in enumerate(steps[version:], start=version + 1):
            with self.transaction():
                for statement in self.dialect.statements(script):
                    self._db.execute(statement)
                self.dialect.set_schema_version(self._db, number)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes; nested calls join the outer transaction."""
        with self._lock:
            if self._depth == 0:
                self.dialect.begin(self._db)
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("COMMIT")
            elif self._depth == 1 and self._batch is not None and self._batch.due():
                self.commit_batch()

    @contextmanager
    def batch(self, every: int = 100, seconds: float = 0.5) -> Iterator[None]:
        """Commit the transactions opened inside in groups, one commit per ``every`` of them
        or ``seconds``, whichever comes first, and once at the end.

        A commit costs far more than the small transactions a run is made of (one per file
        received, one per document read); grouping keeps each one whole, since a group
        commits only between them. A run killed mid-group loses the uncommitted ones, which
        stay pending and are done again on resume. Not for code that catches an error inside
        a transaction and goes on: only the outermost transaction rolls back. Inside another
        batch it joins that one (whose groups go on)."""
        if self._batch is not None:
            yield
            return
        with self.transaction():
            self._batch = _Batch(every, seconds)
            try:
                yield
            finally:
                self._batch = None

    def commit_batch(self) -> None:
        """Commit what the current batch holds now (before writing anything outside the
        database that must not run ahead of it, such as the custody anchor)."""
        with self._lock:
            if self._batch is None or self._depth != 1:
                return
            self._db.execute("COMMIT")
            self.dialect.begin(self._db)
            self._batch.restart()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement (``?`` placeholders); its cursor. Fetch under :meth:`_one` or
        :meth:`_all` when other threads may use this store."""
        with self._lock:
            cursor: Cursor = self._db.execute(self.dialect.sql(sql), params)
            return cursor

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            self._db.executemany(self.dialect.sql(sql), rows)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of a query, or None."""
        with self._lock:
            return self.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of a query, read whole."""
        with self._lock:
            return self.execute(sql, params).fetchall()

    def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """The single number a ``SELECT COUNT(*)`` gives."""
        return int(self._one(sql, params)[0])
