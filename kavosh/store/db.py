"""The names callers imported from here before the store was split by table family
(:mod:`kavosh.store` lists the modules now); new code imports from :mod:`kavosh.store`."""

from kavosh.store.base import Store
from kavosh.store.records import (
    FailureRow,
    OcrTodo,
    PendingFile,
    Source,
    SourceConflict,
    now,
)
from kavosh.store.sqlstore import open_store

__all__ = ["FailureRow", "OcrTodo", "PendingFile", "Source", "SourceConflict", "Store", "now",
           "open_store"]
