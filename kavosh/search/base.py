"""The search seam: what any search backend offers the library.

A backend indexes pages (one entry per page of a document, its text already normalised and
tokenized by ``kavosh.text.index_text``) and answers parsed queries (``kavosh.search.query``).
One process at a time may write (``writable=True``); readers see a writer's work after its
``commit`` once they call ``refresh``.

Backends are registered under the entry-point group ``kavosh.search_backends``; each entry
point names a class (or factory) called as ``(index: Path, writable: bool)``, where ``index`` is
the case's ``index/`` folder (a backend that keeps its index elsewhere may ignore it). Kavosh's
own: ``tantivy`` and ``null``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kavosh.model.errors import BusyError, UnavailableError
from kavosh.search.query import Node


@dataclass(frozen=True, slots=True)
class IndexedPage:
    document_id: int
    page: int
    text: str  # normalised tokens separated by single spaces
    mime: str = ""
    language: str = ""
    days: tuple[int, ...] = ()  # the document's dates as proleptic Gregorian ordinals
    cable: tuple[str, ...] = ()  # the document's cable fields (kavosh.search.cables)
    date: int | None = None  # the document's own date as a proleptic Gregorian ordinal
    path: str = ""  # where the document was found (folders and archive members by /)
    # its file name (with and without the extension) and reference number, each whole, as
    # index text: a query that types one finds the document
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    page: int
    score: float
    day: int | None = None  # the document's own date (a Gregorian ordinal), from matches()


@dataclass(slots=True)
class Results:
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class IndexLocked(BusyError, RuntimeError):
    """Another process is writing to this index."""


class IndexOutdated(UnavailableError, RuntimeError):
    """The index was built by another version of Kavosh (its schema differs); a writer
    rebuilds it from the database, a reader must wait for that (``kavosh reindex``)."""


class SearchBackend(Protocol):
    name: str
    rebuilt: bool  # an index of another version was discarded on opening: add everything again

    def add(self, pages: list[IndexedPage]) -> None: ...

    def delete_document(self, document_id: int) -> None: ...

    def commit(self) -> None: ...

    def refresh(self) -> None: ...

    def search(self, query: Node, limit: int = 20, offset: int = 0) -> Results: ...

    def matches(self, query: Node) -> list[Hit]:
        """Every page the query matches (no cap), in no particular order, each with its
        document's own date as indexed (``day``; None when it has none): what grouping by
        document, sorting and facet counts start from (``kavosh.views.results``)."""
        ...

    def count(self) -> int: ...

    def close(self) -> None: ...


class NullSearch:
    """Indexes nothing and finds nothing: for tests of everything around search."""

    name = "null"
    rebuilt = False

    def __init__(self, index: Path | None = None, writable: bool = False) -> None:
        pass

    def add(self, pages: list[IndexedPage]) -> None:
        pass

    def delete_document(self, document_id: int) -> None:
        pass

    def commit(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def search(self, query: Node, limit: int = 20, offset: int = 0) -> Results:
        return Results(total=0)

    def matches(self, query: Node) -> list[Hit]:
        return []

    def count(self) -> int:
        return 0

    def close(self) -> None:
        pass
