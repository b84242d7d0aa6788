"""What every table family stands on: one connection, its lock, transactions, migrations.

:class:`SqlCore` holds a :class:`~kavosh.store.dialect.Dialect`'s connection; the families
(mixins in ``documents``, ``pages``, ``derived``, ``state``, ``custody``) write portable SQL
with ``?`` placeholders through :meth:`SqlCore.execute` and friends, which pass it through the
dialect. :class:`kavosh.store.sqlstore.SqlStore` composes them: the one implementation of
:class:`kavosh.store.base.Store`, for any dialect.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from kavosh.store.dialect import Cursor, Dialect

# The first path a document ``d`` was found at: how it is named to people.
FIRST_PATH = "(SELECT path FROM occurrences o WHERE o.document_id = d.id ORDER BY o.id LIMIT 1)"


class SqlCore:
    """One connection. Safe to use from one thread at a time per instance; a lock makes a
    read (statement and fetch) or a transaction whole when threads share it (the web UI)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._db = dialect.connect()
        self._lock = threading.RLock()
        self._depth = 0
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
