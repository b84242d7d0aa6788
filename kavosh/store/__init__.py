"""Records, metadata, processing state and the custody log, in one database.

``open_store(url)`` opens a database from a URL. The embedded default is an SQLite file
(``sqlite:///path/to/kavosh.db``). Modules:

- ``base`` — the contract: one protocol per table family, and ``Store``, all of them;
- ``records`` — the plain rows handed out beside the model's types, the store's errors;
- ``dialect`` — what differs between database engines (SQLite today);
- ``sql`` — the connection, its lock, transactions and migrations;
- ``documents``, ``pages``, ``derived``, ``cables``, ``state``, ``custody``, ``searches``,
  ``verify``, ``translations`` — the families' SQL
  (``custody`` also holds the hash-chained log itself);
- ``sqlstore`` — the families composed, and ``open_store``;
- ``schema`` — SQLite's ordered migrations.
"""

from kavosh.store.base import Store
from kavosh.store.records import (
    CustodyRecord,
    DatabaseUnavailable,
    FailureRow,
    OcrTodo,
    PendingFile,
    Source,
    SourceConflict,
    UnsupportedDatabase,
    now,
)
from kavosh.store.searches import SavedSearch
from kavosh.store.sqlstore import SqlStore, open_store

__all__ = [
    "CustodyRecord", "DatabaseUnavailable", "FailureRow", "OcrTodo", "PendingFile", "SavedSearch",
    "Source", "SourceConflict", "SqlStore", "Store", "UnsupportedDatabase", "now", "open_store",
]
