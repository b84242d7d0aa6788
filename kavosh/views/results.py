"""Search results as an investigator reads them: documents, not pages.

A query matches pages; :func:`find_documents` groups every matching page (no cap) by document —
the best-scoring page first, the others listed with the count — narrows the documents by the
facet values chosen (:data:`FACETS`), counts the facet values of what is left, and sorts
(:data:`SORTS`). :func:`search_documents` takes one window of that list with snippets (the
CLI's list, ``/api/search``, the web page); :func:`export_rows` walks every matching page of
every document in the same order, resumable after a :class:`Cursor` (``--all`` and
``/api/search/export``).

A document's date is its own date as the index holds it (the rule of
:func:`kavosh.pipeline.derive.document_day`, the one ``date:`` searches): sorting, year facets
and ``date:`` agree.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kavosh.case import Case
from kavosh.model import best_pages
from kavosh.model.errors import UsageError
from kavosh.search.base import SORTS, DocumentWindow, Hit
from kavosh.search.fields import INDEXED_FACETS, document_type, facet_values
from kavosh.search.highlight import Snippet, make_snippet
from kavosh.search.query import Node, PreparedQuery
from kavosh.store import Store
from kavosh.views.search import check_searchable, expansion_hits, prepare_query

# facet name → what it counts; a name is also the URL parameter and the CLI's --where key
FACETS = {
    "language": "the document's main language (ISO 639-3: fas, eng, ara …; und: undecided)",
    "type": "the kind of file: pdf, html, email, image, office, text, ebook, archive, other",
    "year": "the year (Gregorian) of the document's date",
    "jalali_year": "the year (Jalali, Solar Hijri) of the document's date",
    "folder": "the folder the document was found in (narrowing keeps its subfolders too)",
    "from": "a cable's sender",
    "to": "a cable's recipient",
    "classification": "a cable's classification",
    "entity": "a person, organisation or place the document mentions (its name)",
}
PAGES_LISTED = 100  # a document's matching pages listed in a hit (page_count counts them all)
FACET_SIZE = 50  # values listed per facet, most frequent first
_BATCH = 500  # ids per SQL statement (SQLite allows 999 parameters at least)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What sorting and facets need to know of one matched document; ``facets``: each
    facet's values for it (several for a cable's recipients), worked out once."""

    id: int
    path: str
    mime: str
    language: str
    date: date | None
    cable: Mapping[str, tuple[str, ...]]  # from, to, classification → values
    entities: tuple[str, ...] = ()  # the names of the entities it mentions (issue 13)
    facets: Mapping[str, tuple[str, ...]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        day = self.date.toordinal() if self.date else None
        object.__setattr__(self, "facets", {
            **facet_values(self.language, self.mime, day, self.path, self.cable),
            "entity": self.entities})

    def to_json(self) -> dict[str, object]:
        """The fields a hit and an exported row show of their document."""
        return {"document_id": self.id, "path": self.path, "mime": self.mime,
                "type": document_type(self.mime), "language": self.language,
                "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True, slots=True)
class PageMatch:
    page: int
    score: float


@dataclass(slots=True)
class DocumentMatch:
    """A matched document: its matching pages, best first."""

    info: DocumentInfo
    pages: list[PageMatch]

    @property
    def score(self) -> float:
        return self.pages[0].score

    @property
    def best_page(self) -> int:
        return self.pages[0].page


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int  # matched documents (after the filters) with this value


@dataclass(slots=True)
class Matches:
    """The documents a query matches, narrowed by ``filters`` and sorted by ``sort``: the
    exact totals, the facet counts, and the window asked for (``window``, from ``offset``).
    :attr:`documents` lists every one of them (read when first asked: an export)."""

    prepared: PreparedQuery
    sort: str
    filters: dict[str, list[str]]
    total_documents: int = 0
    total_pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    offset: int = 0
    window: list[DocumentMatch] = field(default_factory=list)
    _case: Case | None = None
    _all: list[DocumentMatch] | None = None
    # the index's facets still being counted, and the entity facet's (see _settle)
    _counting: DocumentWindow | None = None
    _entities: Counter[str] = field(default_factory=Counter)

    @property
    def documents(self) -> list[DocumentMatch]:
        """Every matched document, in order (each with all its matching pages)."""
        if self._all is None:
            self._all = [] if self._case is None else _every_document(self._case, self)
        return self._all


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """One document in a list of results: its best page's snippet, all its matching pages."""

    match: DocumentMatch
    snippet: Snippet

    @property
    def document_id(self) -> int:
        return self.match.info.id

    @property
    def path(self) -> str:
        return self.match.info.path

    @property
    def page(self) -> int:
        return self.match.best_page

    @property
    def other_pages(self) -> list[PageMatch]:
        return self.match.pages[1:]

    def to_json(self) -> dict[str, object]:
        return {
            **self.match.info.to_json(),
            "page": self.page,  # the best page, whose snippet this is
            "score": round(self.match.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(m) for m in self.snippet.marks],
            "page_count": len(self.match.pages),  # matching pages of this document
            "pages": [{"page": p.page, "score": round(p.score, 4)}
                      for p in self.match.pages[:PAGES_LISTED]],
        }


@dataclass(slots=True)
class DocumentResults:
    """One window of :class:`Matches`, with snippets."""

    matches: Matches
    limit: int
    offset: int
    hits: list[DocumentHit] = field(default_factory=list)
    spelling_hits: dict[str, int] = field(default_factory=dict)

    @property
    def prepared(self) -> PreparedQuery:
        return self.matches.prepared

    @property
    def query(self) -> str:
        return self.prepared.text

    @property
    def expansions(self) -> Mapping[str, list[str]]:
        return self.prepared.expansions

    def to_json(self) -> dict[str, Any]:
        """The body of ``/api/search`` (see docs/api.md)."""
        m = self.matches
        return {
            "query": self.query,
            "total": m.total_documents,
            "total_documents": m.total_documents,
            "total_pages": m.total_pages,
            "limit": self.limit,
            "offset": self.offset,
            "sort": m.sort,
            "filters": m.filters,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": facets_json(m.facets),
            "expansions": self.expansions,
            "spelling_hits": self.spelling_hits,  # pages holding each added spelling
            "unexpanded": list(self.prepared.unexpanded),  # switched off with -expand:
            "as_words": list(self.prepared.as_words),  # common English words, not names
        }


def facets_json(facets: Mapping[str, list[FacetValue]]) -> dict[str, list[dict[str, object]]]:
    return {name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in facets.items()}


# --- finding, narrowing, counting, sorting ---------------------------------------------------

def check_options(sort: str, filters: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The filters with empty values dropped; :class:`UsageError` for an unknown sort or
    facet."""
    if sort not in SORTS:
        raise UsageError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    unknown = sorted(set(filters) - set(FACETS))
    if unknown:
        raise UsageError(f"no facet {unknown[0]!r}: narrow by one of {', '.join(FACETS)}")
    return {name: [v for v in values if v] for name, values in filters.items()
            if any(values)}


def find_documents(case: Case, query: str | PreparedQuery, sort: str = "relevance",
                   filters: Mapping[str, Sequence[str]] | None = None, offset: int = 0,
                   limit: int = 0) -> Matches:
    """The documents ``query`` matches (no cap), narrowed by ``filters`` (facet → values:
    any of a facet's values, every facet given), sorted by ``sort`` (:data:`SORTS`: best
    score first, date oldest first, ``-date`` newest first — undated last either way —, or
    path), with exact totals and the facet counts of the documents kept; documents
    ``offset`` to ``offset + limit`` are read (``window``), the others only when
    :attr:`Matches.documents` is asked. Ties keep document id order.

    The index does the work (``SearchBackend.documents``): only the window's documents are
    read from the store, and the entity facet's names (when the case has entities)."""
    return _settle(_find(case, query, sort, filters, offset, limit))


def _find(case: Case, query: str | PreparedQuery, sort: str,
          filters: Mapping[str, Sequence[str]] | None, offset: int, limit: int) -> Matches:
    """:func:`find_documents` but the facets, which the index may still be counting (in
    another thread): :func:`_settle` waits for them."""
    chosen = check_options(sort, filters or {})
    prepared = query if isinstance(query, PreparedQuery) else prepare_query(case, query)
    out = Matches(prepared, sort, chosen, offset=offset, _case=case)
    check_searchable(prepared)
    if prepared.node is None:
        out._case = None
        return out
    backend = case.search_backend()
    backend.refresh()
    indexed, within = _narrowing(case.store, chosen)
    found = backend.documents(prepared.node, sort, offset, limit, indexed, within)
    out.total_documents, out.total_pages = found.total_documents, found.total_pages
    out._counting = found
    out._entities = _entity_counts(case, prepared.node, indexed, within)
    out.window = _window(case.store, found)
    return out


def _settle(matches: Matches) -> Matches:
    """``matches`` with its facets, once the index has counted them."""
    if matches._counting is not None:
        matches.facets = _facets(matches._counting.counted(), matches._entities)
        matches._counting = None
    return matches


def _narrowing(store: Store, chosen: Mapping[str, Sequence[str]]
               ) -> tuple[dict[str, list[str]], set[int] | None]:
    """The filters the index answers, and the documents of the entities chosen (None when
    none is)."""
    indexed = {n: list(v) for n, v in chosen.items() if n in INDEXED_FACETS}
    if "entity" not in chosen:
        return indexed, None
    return indexed, _entity_documents(store, chosen["entity"])


def _window(store: Store, found: DocumentWindow) -> list[DocumentMatch]:
    """The window's documents as matches, their fields read from the store (documents gone
    since indexing are left out)."""
    days = {i: date.fromordinal(h[0].day) for i, h in found.documents if h and h[0].day}
    infos = document_infos(store, [i for i, _ in found.documents], days)
    return [DocumentMatch(infos[i], [PageMatch(h.page, h.score) for h in hits])
            for i, hits in found.documents if i in infos]


def _facets(indexed: Mapping[str, Mapping[str, int]],
            entities: Counter[str]) -> dict[str, list[FacetValue]]:
    """The facets in :data:`FACETS` order, each most documents first (then by value), at
    most :data:`FACET_SIZE`; a facet no document has a value of is left out."""
    counts: dict[str, Mapping[str, int]] = {**indexed, "entity": entities}
    return {name: _top(counts[name]) for name in FACETS if counts.get(name)}


def _top(counts: Mapping[str, int]) -> list[FacetValue]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetValue(value, count) for value, count in ranked[:FACET_SIZE]]


def _every_document(case: Case, matches: Matches) -> list[DocumentMatch]:
    """Every document ``matches`` holds, in order, each with all its matching pages."""
    node = matches.prepared.node
    if node is None:
        return []
    backend = case.search_backend()
    backend.refresh()
    indexed, within = _narrowing(case.store, matches.filters)
    hits = backend.matches(node, indexed, within)
    grouped = _group(hits)
    days = {h.document_id: date.fromordinal(h.day) for h in hits if h.day}
    infos = document_infos(case.store, list(grouped), days)
    out = [DocumentMatch(infos[i], pages) for i, pages in grouped.items() if i in infos]
    out.sort(key=_sort_key(matches.sort))
    return out


def _group(hits: Iterable[Hit]) -> dict[int, list[PageMatch]]:
    """Document id → its matching pages, best score first (then page order)."""
    grouped: dict[int, list[PageMatch]] = {}
    for hit in hits:
        grouped.setdefault(hit.document_id, []).append(PageMatch(hit.page, hit.score))
    for pages in grouped.values():
        pages.sort(key=lambda p: (-p.score, p.page))
    return grouped


def _sort_key(sort: str) -> Any:
    if sort == "path":
        return lambda d: (d.info.path, d.info.id)
    if sort == "date":
        return lambda d: (d.info.date is None, d.info.date or date.min, d.info.id)
    if sort == "-date":
        return lambda d: (d.info.date is None, -(d.info.date or date.min).toordinal(),
                          d.info.id)
    return lambda d: (-d.score, d.info.id)


# --- the entity facet: the store's ---------------------------------------------------------

_ENTITY_NAME = "CASE WHEN e.name != '' THEN e.name ELSE e.latin END"


def _has_entities(store: Store) -> bool:
    return store.execute("SELECT 1 FROM entity_mentions LIMIT 1").fetchone() is not None


def _entity_counts(case: Case, node: Node, indexed: Mapping[str, Sequence[str]],
                   within: set[int] | None) -> Counter[str]:
    """Entity name → matched documents mentioning it (none asked when the case has no
    entities: they come after indexing, so every matched document is listed here)."""
    counts: Counter[str] = Counter()
    if not _has_entities(case.store):
        return counts
    ids = case.search_backend().document_ids(node, indexed, within)
    for chunk in _chunks(ids):
        for names in case.store.entity_names(chunk).values():
            counts.update(names)
    return counts


def _entity_documents(store: Store, names: Sequence[str]) -> set[int]:
    """The documents mentioning an entity (person, organisation, place) of one of ``names``
    (the names the entity facet shows)."""
    marks = ", ".join("?" * len(names))
    rows = store.execute(
        "SELECT DISTINCT m.document_id FROM mentions m"
        " JOIN entity_mentions em ON em.mention_id = m.id"
        " JOIN entities e ON e.id = em.entity_id"
        f" WHERE e.type IN ('PER', 'ORG', 'LOC') AND {_ENTITY_NAME} IN ({marks})",
        list(names)).fetchall()
    return {int(r[0]) for r in rows}


# --- what the store knows of each document ---------------------------------------------------

def document_infos(store: Store, ids: Sequence[int],
                   dates: Mapping[int, date]) -> dict[int, DocumentInfo]:
    """Document id → :class:`DocumentInfo`, read in a few statements per :data:`_BATCH` ids
    (documents gone since indexing are left out). ``dates`` are the documents' own dates as
    the index holds them (what ``date:`` searches; a document without one is undated)."""
    out: dict[int, DocumentInfo] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        paths: dict[int, str] = {}
        for document_id, path in store.execute(
                f"SELECT document_id, path FROM occurrences WHERE document_id IN ({marks})"
                " ORDER BY id", chunk).fetchall():
            paths.setdefault(document_id, path)
        cable: dict[int, dict[str, list[str]]] = {}
        for document_id, name, value in store.execute(
                f"SELECT document_id, name, value FROM cable_fields WHERE name IN"
                f" ('from', 'to', 'classification') AND document_id IN ({marks})"
                " ORDER BY document_id, idx", chunk).fetchall():
            cable.setdefault(document_id, {}).setdefault(name, []).append(value)
        named = store.entity_names(chunk)
        for document_id, mime, language in store.execute(
                f"SELECT id, mime, language FROM documents WHERE id IN ({marks})",
                chunk).fetchall():
            fields = cable.get(document_id, {})
            out[document_id] = DocumentInfo(
                document_id, paths.get(document_id, ""), mime or "", language or "",
                dates.get(document_id),
                {name: tuple(dict.fromkeys(values)) for name, values in fields.items()},
                named.get(document_id, ()))
    return out


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield list(ids[start:start + _BATCH])


# --- one window, with snippets ---------------------------------------------------------------

def search_documents(case: Case, query: str | PreparedQuery, limit: int = 20, offset: int = 0,
                     sort: str = "relevance",
                     filters: Mapping[str, Sequence[str]] | None = None) -> DocumentResults:
    """Documents ``offset`` to ``offset + limit`` of :func:`find_documents`, each with the
    snippet of its best page; ``limit`` at least 1 and ``offset`` at least 0, else
    :class:`UsageError`."""
    if limit < 1:
        raise UsageError(f"the number of documents to show (limit) must be 1 or more, "
                         f"not {limit}")
    if offset < 0:
        raise UsageError(f"the number of documents to skip (offset) must be 0 or more, "
                         f"not {offset}")
    # the snippets are made while the index counts the facets (another thread, another core)
    matches = _find(case, query, sort, filters, offset, limit)
    out = DocumentResults(matches, limit, offset)
    if matches.prepared.node is not None:
        out.spelling_hits = expansion_hits(case.search_backend(), matches.prepared)
        for match in matches.window:
            page = case.store.page(match.info.id, match.best_page)
            text = page.text if page else ""
            out.hits.append(DocumentHit(match, make_snippet(text, matches.prepared.terms)))
    _settle(matches)
    return out


# --- every hit, resumable --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Cursor:
    """Where an export stopped: after the page ``page`` of the ``rank``-th document (1 is
    the first) of the query's sorted list. The list is computed again on resuming; documents
    ingested meanwhile can shift it (a cursor is for resuming a download, not a bookmark)."""

    rank: int
    document_id: int
    page: int

    def encode(self) -> str:
        raw = json.dumps([self.rank, self.document_id, self.page]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """The cursor ``text`` names; :class:`UsageError` when it is no cursor."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            rank, document_id, page = json.loads(raw)
            return cls(int(rank), int(document_id), int(page))
        except (ValueError, TypeError, binascii.Error) as error:
            raise UsageError(f"not a cursor of this search: {text[:40]!r}") from error


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One matching page, with its document's rank and fields, and the cursor after it."""

    rank: int
    page: PageMatch
    info: DocumentInfo
    snippet: Snippet | None
    cursor: Cursor

    COLUMNS = ("rank", "document_id", "path", "page", "score", "type", "mime", "language",
               "date", "snippet", "cursor")

    def csv_values(self) -> list[object]:
        """The values of :data:`COLUMNS`, in order."""
        record = self.to_json()
        return [record[column] if record[column] is not None else ""
                for column in self.COLUMNS]

    def to_json(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            **self.info.to_json(),
            "page": self.page.page,
            "score": round(self.page.score, 4),
            "snippet": self.snippet.text if self.snippet else None,
            "cursor": self.cursor.encode(),
        }


def export_rows(case: Case, matches: Matches, after: Cursor | None = None,
                snippets: bool = True) -> Iterator[ExportRow]:
    """Every matching page of ``matches``, document by document in their order (each
    document's pages best first), starting after ``after``. Lazy: each page's text is read
    as its row is made (``snippets=False``: none is read)."""
    start = 0 if after is None else _resume_at(matches, after)
    for index, match in enumerate(matches.documents[start:], start=start):
        pages = match.pages
        if after is not None and index == start and match.info.id == after.document_id:
            done = next((i for i, p in enumerate(pages) if p.page == after.page), -1)
            pages = pages[done + 1:]
        texts = _page_texts(case.store, match.info.id, [p.page for p in pages]) \
            if snippets else {}
        for page in pages:
            snippet = None
            if snippets:
                snippet = make_snippet(texts.get(page.page, ""), matches.prepared.terms)
            yield ExportRow(index + 1, page, match.info, snippet,
                            Cursor(index + 1, match.info.id, page.page))


MANY_PAGES = 4  # matching pages of a document from which all its pages are read at once


def _page_texts(store: Store, document_id: int, numbers: list[int]) -> dict[int, str]:
    """Page number → best text of the pages ``numbers`` of a document: one read of all its
    pages when it has many to give (a read per page looks through all of a document's pages
    for the one asked)."""
    if len(numbers) < MANY_PAGES:
        found = (store.page(document_id, n) for n in numbers)
        return {page.number: page.text for page in found if page is not None}
    wanted = set(numbers)
    return {page.number: page.text for page in best_pages(store.pages(document_id))
            if page.number in wanted}


def _resume_at(matches: Matches, after: Cursor) -> int:
    """The index of the document to resume in: the cursor's, at its rank or (the list moved
    since the cursor was made) wherever it is now; else (it is gone) its rank."""
    at = after.rank - 1
    if 0 <= at < len(matches.documents) and matches.documents[at].info.id == after.document_id:
        return at
    for i, match in enumerate(matches.documents):
        if match.info.id == after.document_id:
            return i
    return max(0, min(at, len(matches.documents)))
