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

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import Future
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
    # its cable fields as (name, value), for the facets of a cable's sender, recipients and
    # classification (kavosh.search.fields.facet_values)
    cable_values: tuple[tuple[str, str], ...] = ()


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


@dataclass(slots=True)
class DocumentWindow:
    """A window of the documents a query matches, with exact totals and facet counts.

    ``documents``: the window's documents in the order asked, each with every page of it the
    query matches, best score first (then page order); ``facets``: facet → value → matched
    documents with it (:data:`kavosh.search.fields.INDEXED_FACETS`), read by :meth:`counted`
    (a backend may still be counting them, in another thread, when it returns the window: its
    caller reads the window's pages and makes their snippets meanwhile)."""

    total_documents: int = 0
    total_pages: int = 0
    documents: list[tuple[int, list[Hit]]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    pending: Future[dict[str, dict[str, int]]] | None = None  # the facets, being counted

    def counted(self) -> dict[str, dict[str, int]]:
        """:attr:`facets`, once counted (waiting for a count still running; its error, if
        it failed)."""
        if self.pending is not None:
            self.facets, self.pending = self.pending.result(), None
        return self.facets


# The orders of documents: best page's score first, the document's own date oldest or newest
# first (undated last either way), path; ties in document id order.
SORTS = ("relevance", "date", "-date", "path")
# facet → values chosen (any of them, every facet given), over INDEXED_FACETS
FacetFilters = Mapping[str, Sequence[str]]


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

    def matches(self, query: Node, facets: FacetFilters | None = None,
                within: Collection[int] | None = None) -> list[Hit]:
        """Every page the query matches (no cap) of the documents with the facet values
        chosen (``facets``) and among ``within`` (when given), in no particular order, each
        with its document's own date as indexed (``day``; None when it has none): what an
        export of every hit starts from (``kavosh.views.results``)."""
        ...

    def documents(self, query: Node, sort: str = "relevance", offset: int = 0,
                  limit: int = 20, facets: FacetFilters | None = None,
                  within: Collection[int] | None = None) -> DocumentWindow:
        """Documents ``offset`` to ``offset + limit`` of those the query matches (narrowed
        as :meth:`matches`) in the order ``sort`` (:data:`SORTS`), the exact numbers of
        documents and pages matched, and the facet counts of the documents matched (read
        them with :meth:`DocumentWindow.counted`)."""
        ...

    def document_ids(self, query: Node, facets: FacetFilters | None = None,
                     within: Collection[int] | None = None) -> list[int]:
        """Every document the query matches (narrowed as :meth:`matches`), once each."""
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

    def matches(self, query: Node, facets: FacetFilters | None = None,
                within: Collection[int] | None = None) -> list[Hit]:
        return []

    def documents(self, query: Node, sort: str = "relevance", offset: int = 0,
                  limit: int = 20, facets: FacetFilters | None = None,
                  within: Collection[int] | None = None) -> DocumentWindow:
        return DocumentWindow()

    def document_ids(self, query: Node, facets: FacetFilters | None = None,
                     within: Collection[int] | None = None) -> list[int]:
        return []

    def count(self) -> int:
        return 0

    def close(self) -> None:
        pass
