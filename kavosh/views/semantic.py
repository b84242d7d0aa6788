"""Search by meaning: a question's vector against the case's passage vectors, fused with the
keyword search (issue 12).

- :func:`search_by_meaning` embeds the question with the embedder that made the case's
  vectors, finds the nearest passages exactly (:mod:`kavosh.search.vectors`), keeps the best
  passage of each page, and — ``hybrid`` (the default) — fuses that ranking with the keyword
  search's by reciprocal rank fusion (each page scores ``Σ 1 / (RRF_K + rank)`` over the lists
  it is in). The question as typed is also the keyword query (the same language: a phrase in
  quotes, ``OR``, ``name:``); where it cannot be read as one, meaning alone answers.
- Every hit shows where its words are: a page found by meaning shows the passage that matched,
  with the query's words marked where it holds any; a page found by words only, its usual
  snippet. ``matched`` says which: ``words``, ``meaning`` or ``both``.
- A case without vectors, or whose vectors another model made, raises :class:`NoVectors`
  (saying to run ``kavosh embed``); an embedder that cannot run here raises
  :class:`~kavosh.search.embed.EmbedderUnavailable` (saying how to install it).

Results are a ranked list of at most :data:`CANDIDATES` pages (``total`` counts them): the
nearest passages are endless, so only those near the top are offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from kavosh.case import Case
from kavosh.model.errors import UnavailableError
from kavosh.search import QueryError
from kavosh.search.embed import make_embedder
from kavosh.search.highlight import make_snippet
from kavosh.search.query import PreparedQuery
from kavosh.search.vectors import FOLDER, Nearest, VectorStore
from kavosh.views.search import SearchHit, SearchResults, prepare_query

RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the top ranks' weight
CANDIDATES = 200  # pages taken from each ranking (and the most a search by meaning offers)
PASSAGES_PER_PAGE = 4  # nearest passages asked per page wanted (a page holds several)


class NoVectors(UnavailableError, RuntimeError):
    """The case has no passage vectors (or another model's): ``kavosh embed`` makes them."""


@dataclass(frozen=True, slots=True)
class MeaningHit(SearchHit):
    """A hit of a search by meaning: which ranking found it, and the passage's similarity."""

    matched: str = "meaning"  # words, meaning or both
    similarity: float | None = None  # cosine of the question and the passage (meaning only)

    def to_json(self) -> dict[str, object]:
        out = SearchHit.to_json(self)
        out["matched"] = self.matched
        out["similarity"] = None if self.similarity is None else round(self.similarity, 4)
        return out


@dataclass(frozen=True, slots=True)
class MeaningState:
    """What a case offers for search by meaning, for the CLI and the web page to say."""

    vectors: int  # passages embedded (live)
    model: str  # what made them ("" when none)
    reason: str  # why search by meaning cannot run here ("" when it can)

    @property
    def available(self) -> bool:
        return not self.reason


def meaning_state(case: Case) -> MeaningState:
    """Whether the case can be searched by meaning, and if not, why (never raises)."""
    try:
        store = VectorStore(case.root / FOLDER)
        model = store.model
        live = store.live()
        if model is None or not live:
            raise NoVectors(no_vectors(case))
        make_embedder(model.embedder)
    except UnavailableError as error:
        return MeaningState(0, "", error.one_line())
    return MeaningState(live, f"{model.model}, {model.version}", "")


def no_vectors(case: Case) -> str:
    return ("this case has no passage vectors for search by meaning: run "
            f"`kavosh embed --case {case.root}` first")


def search_by_meaning(case: Case, query: str, limit: int = 20, offset: int = 0,
                      hybrid: bool = True) -> SearchResults:
    """Search ``query`` by meaning, fused with the keyword search unless ``hybrid`` is off
    (see the module's contract); hits are :class:`MeaningHit`. Nothing typed: no hits."""
    if not query.strip():
        return SearchResults(PreparedQuery(query, None))
    store = VectorStore(case.root / FOLDER)
    model = store.model
    if model is None or not store.count():
        raise NoVectors(no_vectors(case))
    embedder = make_embedder(model.embedder)
    if (embedder.model, embedder.version) != (model.model, model.version):
        raise NoVectors(f"this case's vectors were made with {model.model}, {model.version}; "
                        f"this installation has {embedder.version}: run "
                        f"`kavosh embed --case {case.root}` to embed them again")
    prepared, words = _keyword_side(case, query, hybrid)
    # the same candidates whatever page of results is asked: the pages of one list agree
    question = embedder.embed_query(query)
    nearest = _best_per_page(store.nearest(question, CANDIDATES * PASSAGES_PER_PAGE,
                                           case.settings.semantic_ram_mb), CANDIDATES)
    ranked = _fuse([list(nearest), words])[:CANDIDATES]
    out = SearchResults(prepared, total=len(ranked))
    by_words = set(words)
    for key, score in ranked[offset:offset + limit]:
        hit = _hit(case, prepared, key, score, nearest.get(key), key in by_words)
        if hit is not None:
            out.hits.append(hit)
    return out


def _keyword_side(case: Case, query: str,
                  hybrid: bool) -> tuple[PreparedQuery, list[tuple[int, int]]]:
    """The query prepared for marking, and the pages the keyword search ranks first (none
    unless hybrid, or when the question cannot be read as a query). Only the ranks are taken
    here: pages and snippets are loaded for the hits shown."""
    try:
        prepared = prepare_query(case, query)
    except QueryError:
        return PreparedQuery(query, None), []
    if not hybrid or prepared.node is None:
        return prepared, []
    backend = case.search_backend()
    backend.refresh()
    return prepared, [(h.document_id, h.page)
                      for h in backend.search(prepared.node, limit=CANDIDATES).hits]


def _best_per_page(found: list[Nearest], pages: int) -> dict[tuple[int, int], Nearest]:
    """The best passage of each page, best first, at most ``pages`` pages."""
    best: dict[tuple[int, int], Nearest] = {}
    for passage in found:
        best.setdefault((passage.document_id, passage.page), passage)
        if len(best) == pages:
            break
    return best


def _fuse(rankings: list[list[tuple[int, int]]]) -> list[tuple[tuple[int, int], float]]:
    """Reciprocal rank fusion of rankings of pages, best first (ties: the first ranking's
    order)."""
    scores: dict[tuple[int, int], float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _hit(case: Case, prepared: PreparedQuery, key: tuple[int, int], score: float,
         passage: Nearest | None, by_words: bool) -> MeaningHit | None:
    document_id, number = key
    doc = case.store.document(document_id)
    page = case.store.page(document_id, number)
    if doc is None or page is None:  # deleted since
        return None
    found = passage is not None
    matched = "both" if found and by_words else "meaning" if found else "words"
    text = page.text[passage.start:passage.end] if passage is not None else page.text
    snippet = make_snippet(text, prepared.terms)
    return MeaningHit(doc.id, doc.path, number, score, doc.mime or "", snippet, matched,
                      passage.score if passage else None)
