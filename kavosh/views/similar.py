"""More like this: the documents that share a document's rare words.

A document's words are weighed by tf-idf over the case's index (how often the document uses
a word, against how many indexed pages hold it); the :data:`TERMS` heaviest that some other
page also holds are searched together, and the documents found are ranked by the share of
that weight their words cover. Each comes with the words it shares, so a reader sees why it is
said to be alike (the same names, places, file numbers) and can judge it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from kavosh.case import Case
from kavosh.search.base import SearchBackend
from kavosh.search.query import And, InDocuments, Or, Terms
from kavosh.text import index_text

TERMS = 30  # rare words of the document searched for
CANDIDATE_PAGES = 300  # pages read from the search for them
CANDIDATES = 40  # documents compared word by word
HOLDING_PAGES = 20_000  # pages of those documents read per word (all of them, in practice)
SHOWN = 10  # documents returned unless asked otherwise
MAX_WORDS = 5_000  # distinct words of a long document weighed (its first ones)
MIN_LETTERS = 3  # shorter words (و, از, of) say nothing of a document
COMMON_SHARE = 0.2  # a word on more than this share of the pages is no mark of a subject


@dataclass(frozen=True, slots=True)
class Similar:
    document_id: int
    path: str
    score: float  # share of the document's rare-word weight this one holds, 0 to 1
    shared: tuple[str, ...]  # the words shared, heaviest first

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "path": self.path,
                "score": round(self.score, 4), "shared": list(self.shared)}


def similar_documents(case: Case, document_id: int, limit: int = SHOWN) -> list[Similar]:
    """The documents most alike ``document_id`` by shared rare words, best first (at most
    ``limit``); empty for an unknown document or one with no word another page holds."""
    uses, own = _words(case, document_id)
    if not uses:
        return []
    backend = case.search_backend()
    backend.refresh()
    weights = _rare(backend, uses, own)
    if not weights:
        return []
    query = Or(tuple(Terms((w,)) for w in weights))
    found = list(dict.fromkeys(
        hit.document_id for hit in backend.search(query, limit=CANDIDATE_PAGES).hits
        if hit.document_id != document_id))[:CANDIDATES]
    if not found:
        return []
    holding = _holding(backend, list(weights), frozenset(found))
    total = sum(weights.values())
    ranked: list[Similar] = []
    for other in found:
        doc = case.store.document(other)
        shared = tuple(w for w in weights if other in holding[w])  # heaviest first
        if doc is not None and shared:
            ranked.append(Similar(other, doc.path, sum(weights[w] for w in shared) / total,
                                  shared))
    ranked.sort(key=lambda s: (-s.score, s.document_id))
    return ranked[:limit]


def _holding(backend: SearchBackend, words: list[str],
             documents: frozenset[int]) -> dict[str, set[int]]:
    """Each word → those of ``documents`` that hold it (asked of the index: no text read)."""
    out: dict[str, set[int]] = {}
    for word in words:
        hits = backend.search(And((Terms((word,)), InDocuments(documents))),
                              limit=HOLDING_PAGES).hits
        out[word] = {hit.document_id for hit in hits}
    return out


def _words(case: Case, document_id: int) -> tuple[Counter[str], Counter[str]]:
    """The document's index words of :data:`MIN_LETTERS` or more holding a letter: how often
    each is used, and on how many of its pages."""
    uses: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    for page in case.store.pages(document_id):
        words = [w for w in index_text(page.text).split()
                 if len(w) >= MIN_LETTERS and any(c.isalpha() for c in w)]
        uses.update(words)
        pages.update(set(words))
    return uses, pages


def _rare(backend: SearchBackend, uses: Counter[str], own: Counter[str]) -> dict[str, float]:
    """The :data:`TERMS` heaviest words by tf-idf (heaviest first) among those that some page
    of another document holds (more pages than the document's ``own``) and at most
    :data:`COMMON_SHARE` of all pages."""
    pages = max(backend.count(), 1)
    weights: dict[str, float] = {}
    for word, count in list(uses.items())[:MAX_WORDS]:
        holding = backend.search(Terms((word,)), limit=1).total
        if own[word] < holding <= COMMON_SHARE * pages:
            weights[word] = (1 + math.log(count)) * math.log(pages / holding)
    heaviest = sorted(weights.items(), key=lambda w: (-w[1], w[0]))[:TERMS]
    return dict(heaviest)
