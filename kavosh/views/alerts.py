"""Saved searches and their alerts: the documents indexed since a search was last seen.

A saved search keeps its query as typed (and filters, query-language text searched with it):
it is prepared afresh each time (:func:`kavosh.views.search.prepare_query`), so the spellings
of a name that documents added later bring are found too. It remembers when its hits were last
seen; a matching document whose search index entry was written after that is new: one added
to the case since, or one whose text grew since (a scan read by OCR, a document read again by
a newer reader). Rebuilding the whole index (``kavosh reindex``) makes every match new once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kavosh.case import Case
from kavosh.model.errors import NotFoundError, UsageError
from kavosh.search import QueryError
from kavosh.search.query import And, InDocuments
from kavosh.store import SavedSearch, now
from kavosh.views.search import prepare_query

MAX_NAME = 200
MAX_QUERY_CHARS = 2_000
NEW_SCAN = 1_000  # new matching pages read per search (documents counted among them)
LISTED = 50  # new documents listed per search


class NoSuchSearch(NotFoundError):
    """No saved search has that name."""


@dataclass(frozen=True, slots=True)
class NewDocument:
    document_id: int
    path: str
    page: int  # its best matching page

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "path": self.path, "page": self.page}


@dataclass(slots=True)
class Alert:
    """A saved search and what matches it among the documents added since it was seen:
    ``new`` documents (counted among the first :data:`NEW_SCAN` new pages), the first
    :data:`LISTED` of them in ``documents``; ``error`` when its query no longer reads."""

    search: SavedSearch
    new: int = 0
    documents: list[NewDocument] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {**self.search.to_json(), "new": self.new,
                "documents": [d.to_json() for d in self.documents], "error": self.error}


def save_search(case: Case, name: str, query: str, filters: str = "") -> SavedSearch:
    """Keep ``query`` (and ``filters``) under ``name``; it is seen as of now, so only
    documents added later are new. Saving a name again replaces its query and filters and
    keeps what was seen. :class:`QueryError` when the query cannot be read or holds nothing
    to search for; :class:`UsageError` for an empty or too long name."""
    name, query, filters = name.strip(), query.strip(), filters.strip()
    if not name or len(name) > MAX_NAME:
        raise UsageError(f"a saved search needs a name of 1 to {MAX_NAME} characters")
    if len(query) + len(filters) > MAX_QUERY_CHARS:
        raise QueryError(f"a query may be {MAX_QUERY_CHARS:,} characters long at most")
    candidate = SavedSearch(0, name, query, filters, "", "")
    if prepare_query(case, candidate.text).empty:
        raise QueryError('nothing to search for: type words, "a phrase", prefix*, name:…, '
                         "date:…")
    return case.store.save_search(name, query, filters)


def saved_searches(case: Case) -> list[SavedSearch]:
    return case.store.saved_searches()


def delete_search(case: Case, name: str) -> None:
    """Forget the search ``name`` (:class:`NoSuchSearch` when there is none)."""
    if not case.store.delete_search(name):
        raise NoSuchSearch(f"no saved search is named {name!r}")


def alerts(case: Case, name: str | None = None) -> list[Alert]:
    """Each saved search (or the one named) with the documents new to it."""
    return [_alert(case, s) for s in _chosen(case, name)]


def new_count(case: Case) -> int:
    """New documents over every saved search (one found by two counts twice): the badge."""
    return sum(a.new for a in alerts(case))


def mark_seen(case: Case, name: str | None = None, at: str | None = None) -> list[SavedSearch]:
    """Mark every saved search (or the one named) seen as of ``at`` (default now; give the
    time the alerts were listed, so that a document indexed since is not marked unseen):
    their documents indexed until then are no longer new. The searches marked."""
    chosen = _chosen(case, name)
    at = now() if at is None else _instant(at)
    with case.store.transaction():
        for search in chosen:
            case.store.mark_search_seen(search.name, at)
    return chosen


def _instant(text: str) -> str:
    """``text``, a time with its zone (as ``listed_at`` gives it), in the stored format."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise UsageError(f"cannot read the time {text!r}: give it as listed, e.g. "
                         "2026-12-06T05:38:01.103927+00:00")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _chosen(case: Case, name: str | None) -> list[SavedSearch]:
    if name is None:
        return case.store.saved_searches()
    found = case.store.saved_search(name)
    if found is None:
        raise NoSuchSearch(f"no saved search is named {name!r}")
    return [found]


def _alert(case: Case, search: SavedSearch) -> Alert:
    out = Alert(search)
    since = case.store.indexed_since(search.seen_at)
    if not since:  # nothing indexed since: nothing new, and no query to prepare (the badge)
        return out
    try:
        prepared = prepare_query(case, search.text)
    except QueryError as error:  # saved by another version of the query language
        out.error = error.one_line()
        return out
    if prepared.node is None:
        return out
    backend = case.search_backend()
    backend.refresh()
    results = backend.search(And((prepared.node, InDocuments(frozenset(since)))),
                             limit=NEW_SCAN)
    best: dict[int, int] = {}
    for hit in results.hits:
        best.setdefault(hit.document_id, hit.page)
    out.new = len(best)
    for document_id, page in list(best.items())[:LISTED]:
        doc = case.store.document(document_id)
        if doc is not None:
            out.documents.append(NewDocument(document_id, doc.path, page))
    return out
