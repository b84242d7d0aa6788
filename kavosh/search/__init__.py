"""Search behind a seam: a query language, backends, and snippets with highlights."""

from kavosh.search.base import (
    Hit,
    IndexedPage,
    IndexLocked,
    IndexOutdated,
    NullSearch,
    Results,
    SearchBackend,
)
from kavosh.search.query import PreparedQuery, QueryError, parse, positive_terms

__all__ = [
    "Hit",
    "IndexLocked",
    "IndexOutdated",
    "IndexedPage",
    "NullSearch",
    "PreparedQuery",
    "QueryError",
    "Results",
    "SearchBackend",
    "parse",
    "positive_terms",
]
