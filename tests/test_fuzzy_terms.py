"""Typo-tolerant words (``word~N``) on real text: the index's words near a token are found once
(kavosh.search.fuzzy) and searched as a set; hits, scores and marks are those of tantivy's own
edit-distance automaton (optimal string alignment: a transposition is one edit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tantivy

from kavosh.search.base import IndexedPage
from kavosh.search.fuzzy import Vocabulary, edits
from kavosh.search.highlight import match_spans
from kavosh.search.query import Terms
from kavosh.search.tantivy_backend import EXACT_BONUS, TantivySearch
from kavosh.text import index_text, normalize, tokenize
from tests.conftest import shared_data

# (typed, edits): Persian words with a slip (Arabic letters, a letter dropped, two swapped),
# English cable words, a short word (many neighbours), a word found only by its slips
TYPED = [("وزير", 1), ("خارجه", 1), ("ایرن", 1), ("اقتصادی", 2), ("مجلس", 2),
         ("embasy", 1), ("tehran", 1), ("minsitry", 2), ("oil", 1), ("goverment", 2),
         ("سپاه", 1), ("nucelar", 1)]


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivySearch, list[str]]:
    """An index of 300 Fars News articles and 100 cables (one page each), and their texts."""
    articles = json.loads((shared_data("farsnews") / "fars-news-1.json").read_text("utf-8"))
    texts = [f"{a['title']}\n{a.get('abstract', '')}\n{a.get('body', '')}"
             for a in articles[:300]]
    with (shared_data("cablegate") / "cables.jsonl").open(encoding="utf-8") as lines:
        for _, line in zip(range(100), lines, strict=False):
            texts.append(json.loads(line)["body"])
    backend = TantivySearch(Path(tmp_path_factory.mktemp("fuzzy")) / "index", writable=True)
    backend.add([IndexedPage(i + 1, 1, index_text(text)) for i, text in enumerate(texts)])
    backend.commit()
    backend.refresh()
    return backend, texts


def _automaton_hits(backend: TantivySearch, token: str, distance: int) -> list[tuple]:
    """What ``token~distance`` found before: the exact word (ranked first) or tantivy's
    fuzzy automaton."""
    schema = backend.schema
    exact = tantivy.Query.term_query(schema, "text", token)
    query = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, exact),
        (tantivy.Occur.Should, tantivy.Query.const_score_query(exact, EXACT_BONUS)),
        (tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
            schema, "text", token, distance=distance, transposition_cost_one=True)),
    ])
    searcher = backend.index.searcher()
    found = searcher.search(query, limit=1000).hits
    return sorted((-round(score, 3), int(searcher.doc(address)["document_id"][0]))
                  for score, address in found)


def test_a_typo_tolerant_word_finds_and_ranks_what_the_automaton_did(
        real: tuple[TantivySearch, list[str]]) -> None:
    backend, _ = real
    for typed, distance in TYPED:
        token = tokenize(normalize(typed))[0]
        words = backend.near_words(token, distance)
        assert words, typed
        found = backend.search(Terms((token,), fuzzy=distance), limit=1000)
        mine = sorted((-round(hit.score, 3), hit.document_id) for hit in found.hits)
        assert mine == _automaton_hits(backend, token, distance), typed
        assert found.total == len(mine)
        if token in words:  # the spelling typed ranks above every other spelling
            exact = backend.search(Terms((token,)), limit=1000).total
            assert all(-score > EXACT_BONUS for score, _ in mine[:exact])


def test_the_words_near_a_token_are_those_within_its_edits(
        real: tuple[TantivySearch, list[str]]) -> None:
    backend, texts = real
    vocabulary = {w for text in texts for w in index_text(text).split()}
    for typed, distance in TYPED:
        token = tokenize(normalize(typed))[0]
        assert backend.near_words(token, distance) == {
            w for w in vocabulary if edits(w, token, distance) <= distance}, typed
    # a transposition is one edit, a letter never edited twice: "ca" is 3 edits from "abc"
    few = Vocabulary(["abc", "acb", "ab", "cab", "bca"])
    assert sorted(few.near("ca", 2)) == ["ab", "acb", "bca", "cab"]
    assert sorted(few.near("acb", 1)) == ["ab", "abc", "acb", "cab"]


def test_a_typo_tolerant_word_marks_the_words_it_found(
        real: tuple[TantivySearch, list[str]]) -> None:
    backend, texts = real
    token = tokenize(normalize("وزير"))[0]
    words = backend.near_words(token, 1)
    assert words is not None
    term = Terms((token,), fuzzy=1, words=words)
    pages = [text for text in texts if words & set(index_text(text).split())][:20]
    assert len(pages) >= 10
    for raw in pages:
        marked = [index_text(raw[s:e]) for s, e in match_spans(raw, [term])]
        expected = [w for w in index_text(raw).split() if edits(w, token, 1) <= 1]
        assert marked == expected
