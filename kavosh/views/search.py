"""Search as a reporter sees it: hits with their document's path, page and a snippet."""

from __future__ import annotations

from dataclasses import dataclass, field

from kavosh.case import Case
from kavosh.search import parse, positive_terms
from kavosh.search.highlight import Snippet, make_snippet


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    path: str
    page: int
    score: float
    mime: str
    snippet: Snippet

    def to_json(self) -> dict[str, object]:
        return {
            "document_id": self.document_id,
            "path": self.path,
            "page": self.page,
            "score": round(self.score, 4),
            "mime": self.mime,
            "snippet": self.snippet.text,
            "highlights": [list(m) for m in self.snippet.marks],
        }


@dataclass(slots=True)
class SearchResults:
    query: str
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)


def search(case: Case, query: str, limit: int = 20, offset: int = 0) -> SearchResults:
    """Run ``query`` (see ``kavosh.search.query`` for the language) over the case."""
    node = parse(query)
    out = SearchResults(query)
    if node is None:
        return out
    backend = case.search_backend()
    backend.refresh()
    results = backend.search(node, limit=limit, offset=offset)
    out.total = results.total
    terms = positive_terms(node)
    for hit in results.hits:
        doc = case.store.document(hit.document_id)
        page = case.store.page(hit.document_id, hit.page)
        if doc is None or page is None:  # deleted since indexing
            continue
        out.hits.append(SearchHit(doc.id, doc.path, hit.page, hit.score, doc.mime or "",
                                  make_snippet(page.text, terms)))
    return out
