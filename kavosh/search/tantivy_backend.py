"""The embedded default search backend: a tantivy index in the case folder.

Text arrives already normalised and tokenized by ``kavosh.text`` (tokens joined by spaces), so
the index splits on whitespace only: indexing and querying share one normaliser and tokenizer,
written once in Python. tantivy's default analyzer would drop tokens over 40 bytes (20 Persian
letters); ours keeps tokens up to ``MAX_TOKEN_BYTES``.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from kavosh.search.base import (
    SORTS,
    DocumentWindow,
    FacetFilters,
    Hit,
    IndexedPage,
    IndexLocked,
    IndexOutdated,
    Results,
)
from kavosh.search.fields import (
    INDEXED_FACETS,
    extensions,
    facet_values,
    file_name,
    folder_chosen,
    folders_above,
    path_key,
)
from kavosh.search.fuzzy import Vocabulary
from kavosh.search.query import (
    CableFilter,
    DateRange,
    EntityQuery,
    FieldFilter,
    InDocuments,
    NameQuery,
    Node,
    Not,
    Or,
    Terms,
    Unexpand,
    positive_terms,
)
from kavosh.text import index_text
from kavosh.text.numbers import MIN_DIGITS, national_form

ANALYZER = "kavosh_ws"
MAX_TOKEN_BYTES = 1000
FIELD_NAMES = {"mime": "mime", "lang": "language", "path": "path", "ext": "ext",
               "file": "file"}
DATE_FIELDS = {"date": "date", "mentions": "day"}
# Ranking: a spelling typed ranks above the spellings the search added (names in another
# script, compounds split) and above typo-tolerant matches (word~): every document holding
# it gets EXACT_BONUS on top of its relevance, which no relevance reaches (BM25 scores of a
# few words stay far below), so the tiers never mix; within a tier, relevance orders.
EXACT_BONUS = 1000.0
EXPANDED_WEIGHT = 0.5


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("document_id", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("page", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", stored=False, tokenizer_name=ANALYZER, index_option="position")
    builder.add_text_field("mime", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("language", stored=True, tokenizer_name="raw", fast=True)
    # The dates the document mentions (proleptic Gregorian day numbers), for mentions:.
    builder.add_unsigned_field("day", stored=False, indexed=True, fast=True)
    # The document's own date (day number; absent when unknown), for date: and sorting.
    builder.add_unsigned_field("date", stored=False, indexed=True, fast=True)
    # The document's path as path: compares it (kavosh.search.fields.path_key), and its
    # extensions for ext:.
    builder.add_text_field("path", stored=False, tokenizer_name="raw", fast=True)
    builder.add_text_field("ext", stored=False, tokenizer_name="raw")
    # Its file name and reference number, each whole (IndexedPage.labels): typed, they find it.
    builder.add_text_field("label", stored=False, tokenizer_name="raw")
    # The words of its file name, for file:.
    builder.add_text_field("file", stored=False, tokenizer_name=ANALYZER,
                           index_option="position")
    # The document's cable fields as tokens (kavosh.search.cables), for from:, number: …
    builder.add_text_field("cable", stored=False, tokenizer_name=ANALYZER,
                           index_option="position")
    # 1 on each document's first indexed page: a query of filters only lists documents once.
    builder.add_unsigned_field("first", stored=False, indexed=True, fast=True)
    # 1 on every page of a document with more than one: a query's documents are its hits on
    # documents of one page and the first pages of the others it matches (see _one_each).
    builder.add_unsigned_field("multi", stored=False, indexed=True, fast=False)
    # The document's facet values (kavosh.search.fields.facet_values), counted by tantivy's
    # aggregations and chosen as terms; the folders it is in or below, for narrowing.
    for name in INDEXED_FACETS:
        builder.add_text_field(FACET + name, stored=False, tokenizer_name="raw", fast=True)
    builder.add_text_field("under", stored=False, tokenizer_name="raw")
    # Sort keys, each ending in the document id (ties in document id order): its own date
    # (undated last) oldest first, newest first, and its path.
    builder.add_unsigned_field("sort_date", stored=False, indexed=False, fast=True)
    builder.add_unsigned_field("sort_rdate", stored=False, indexed=False, fast=True)
    builder.add_text_field("sort_path", stored=False, tokenizer_name="raw", fast=True)
    return builder.build()


FACET = "facet_"  # prefix of the facet fields' names
_ID_BITS = 32  # the low bits of a date sort key: the document id
_UNDATED = 1 << 23  # above every date's day number (9999-12-31 is 3,652,059)
# (sort, field, order) of sort_by the index answers with order_by_field
_SORT_FIELDS = {"date": "sort_date", "-date": "sort_rdate", "path": "sort_path"}
FACET_VALUES = 10_000  # values counted per facet (exact up to that many distinct values)
PREFIX_TERMS = 20_000  # words a prefix query lists itself (see TantivyBackend._prefix)
FIRST_READ = 64  # relevance: pages read first at least
READ_ALL = 2_000  # pages all tied in score read at once (see _best_documents)
OVERFETCH = 4  # relevance: pages read per document wanted, multiplied by this until enough


# Facet counts run in a thread of this process's pool, beside the rest of a search
# (DocumentWindow.pending): COUNTERS at once; a search finding them all busy counts its own.
COUNTERS = 2
START_WAIT = 0.05  # seconds a search waits at most for its count to start
_pool: tuple[int, ThreadPoolExecutor, threading.BoundedSemaphore] | None = None
# pages matched from which the facets are counted in that thread: below, the count (about 0.3
# ms per 10,000 documents here) costs less than handing it over and back
THREADED_COUNT = 10_000


class TantivySearch:
    name = "tantivy"

    def __init__(self, path: Path, writable: bool = False, heap_size: int = 128_000_000) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        self.rebuilt = False  # True when an outdated index was discarded: re-add everything
        try:
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            if not writable:
                raise IndexOutdated(
                    "the search index was built by another version of Kavosh: run "
                    "`kavosh reindex` (or any `kavosh ingest`) to rebuild it"
                ) from error
            shutil.rmtree(path)
            path.mkdir()
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
            self.rebuilt = True
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
            .build()
        )
        self.index.register_tokenizer(ANALYZER, analyzer)
        self._writer: tantivy.IndexWriter | None = None
        # the index's generation, its vocabulary and the words found near each typed token
        self._fuzzy: tuple[int, Vocabulary, dict[tuple[str, int], frozenset[str] | None]] \
            | None = None
        if writable:
            try:
                # One indexing thread: the other core extracts documents meanwhile.
                self._writer = self.index.writer(heap_size=heap_size, num_threads=1)
            except ValueError as error:
                if "LockBusy" in str(error):
                    raise IndexLocked(
                        "another Kavosh process is writing to this case's search index"
                    ) from error
                raise

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise RuntimeError("this search index was opened read-only")
        return self._writer

    def add(self, pages: list[IndexedPage]) -> None:
        """Index pages; the first page given for a document is its entry for filter-only
        queries (callers add all of a document's pages in one call, in page order)."""
        seen: set[int] = set()
        counts = Counter(page.document_id for page in pages)
        for page in pages:
            doc = tantivy.Document()
            _add_document_fields(doc, page, counts[page.document_id] > 1)
            doc.add_unsigned("document_id", page.document_id)
            doc.add_unsigned("page", page.page)
            doc.add_text("text", page.text)
            doc.add_text("mime", page.mime)
            doc.add_text("language", page.language)
            for day in page.days:
                doc.add_unsigned("day", day)
            if page.date is not None:
                doc.add_unsigned("date", page.date)
            if page.path:
                doc.add_text("path", path_key(page.path))
                doc.add_text("file", index_text(file_name(page.path)))
                for ext in extensions(page.path):
                    doc.add_text("ext", ext)
            for label in page.labels:
                doc.add_text("label", label)
            if page.cable:
                doc.add_text("cable", " ".join(page.cable))
            doc.add_unsigned("first", int(page.document_id not in seen))
            seen.add(page.document_id)
            self.writer.add_document(doc)

    def delete_document(self, document_id: int) -> None:
        query = tantivy.Query.term_query(self.schema, "document_id", document_id)
        self.writer.delete_documents_by_query(query)

    def commit(self) -> None:
        self.writer.commit()

    def refresh(self) -> None:
        self.index.reload()

    def count(self) -> int:
        return int(self.index.searcher().num_docs)

    def generation(self) -> int:
        """Changes with each commit (tantivy rewrites its meta.json, opstamp included):
        what caches of the index's contents are keyed by."""
        try:
            return hash((self.path / "meta.json").read_bytes())
        except FileNotFoundError:
            return 0

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def search(self, query: Node, limit: int = 20, offset: int = 0) -> Results:
        searcher = self.index.searcher()
        compiled = self._query(query)
        result = searcher.search(compiled, limit=limit, offset=offset, count=True)
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            hits.append(Hit(int(stored["document_id"][0]), int(stored["page"][0]), float(score)))
        return Results(total=int(getattr(result, "count", 0) or 0), hits=hits)

    def matches(self, query: Node, facets: FacetFilters | None = None,
                within: Collection[int] | None = None) -> list[Hit]:
        """Every matching page: all hits collected at once, their document and page read
        from the fast fields (no stored document is loaded)."""
        searcher = self.index.searcher()
        compiled = self._narrowed(self._query(query), facets, within)
        found = _all_hits(searcher, compiled)
        addresses = [address for _, address in found]
        documents = searcher.fast_field_values("document_id", addresses)
        pages = searcher.fast_field_values("page", addresses)
        days = searcher.fast_field_values("date", addresses)
        return [Hit(int(d or 0), int(p or 0), float(score), int(day) if day else None)
                for (score, _), d, p, day in zip(found, documents, pages, days, strict=True)]

    def documents(self, query: Node, sort: str = "relevance", offset: int = 0,
                  limit: int = 20, facets: FacetFilters | None = None,
                  within: Collection[int] | None = None) -> DocumentWindow:
        """See :meth:`SearchBackend.documents`. Only the window's documents are read one by
        one: the totals are counts, the facets tantivy's aggregations over one entry per
        matched document (:meth:`_one_each`), a sort by date or path its fast-field order,
        and relevance the best pages, read until the window's documents are certain."""
        if sort not in SORTS:
            raise ValueError(f"no sort {sort!r}")
        searcher = self.index.searcher()
        pages = self._narrowed(self._query(query), facets, within)
        # each evaluation of the query costs (a typo-tolerant word's or a prefix's automaton
        # above all): the relevance window's first read also counts the pages, and in an
        # index of one-page documents (the usual case) the pages read for the window are its
        # documents' only pages, so they are not searched again
        single = searcher.doc_freq("multi", 1) == 0
        best: list[_Best] = []
        every: list[int] | None = None  # every matched document, when all were read
        constant = _constant_score(searcher, query) if single else None
        if sort == "relevance" and limit > 0 and constant is not None:
            best, total = _lowest_ids(searcher, pages, offset + limit, constant)
            best = best[offset:offset + limit]
        elif sort == "relevance" and limit > 0:
            best, total, complete = _best_documents(searcher, pages, offset + limit,
                                                    self.schema if single else None)
            if complete:
                every = [document for document, _, _ in best]
            best = best[offset:offset + limit]
        else:
            total = _count(searcher, pages)
        out = DocumentWindow(total_pages=total)
        if total == 0:
            return out
        if single and every is not None:  # facets of the documents read, not a new search
            each = tantivy.Query.term_set_query(self.schema, "document_id", every)
        else:
            each = self._one_each(searcher, pages)
        # tantivy counts the facets without Python's lock: in another thread, beside the
        # window's pages read here and the snippets the caller makes (a core each), when
        # they are many enough to be worth handing over
        if total >= THREADED_COUNT:
            out.pending = _count_facets(searcher, each)
        else:
            out.facets = _facet_counts(searcher, each)
        if every is not None:
            out.total_documents = len(every)
        ids = [document for document, _, _ in best]
        if sort != "relevance" and limit > 0:
            found = searcher.search(each, limit=limit, offset=offset, count=True,
                                    order_by_field=_SORT_FIELDS[sort], order=tantivy.Order.Asc)
            out.total_documents = int(getattr(found, "count", 0) or 0)
            ids = _ids(searcher, [address for _, address in found.hits])
        elif every is None:
            out.total_documents = total if each is pages else _count(searcher, each)
        if single and best:
            out.documents = _only_pages(searcher, best)
        else:
            out.documents = self._pages_of(searcher, pages, ids, total)
        return out

    def document_ids(self, query: Node, facets: FacetFilters | None = None,
                     within: Collection[int] | None = None) -> list[int]:
        searcher = self.index.searcher()
        each = self._one_each(searcher, self._narrowed(self._query(query), facets, within))
        return _ids(searcher, [address for _, address in _all_hits(searcher, each)])

    def _one_each(self, searcher: tantivy.Searcher, pages: tantivy.Query) -> tantivy.Query:
        """One entry per document ``pages`` matches: its hit on a document of one page, and
        the first page of each document of several with a hit (those are read one by one);
        ``pages`` itself when the index holds no document of several pages."""
        if searcher.doc_freq("multi", 1) == 0:
            return pages
        single = _must(pages, _not(self._term("multi", 1)))
        several = _must(pages, self._term("multi", 1))
        if _count(searcher, several) == 0:
            return single
        ids = sorted(set(_ids(searcher, [a for _, a in _all_hits(searcher, several)])))
        firsts = _must(self._term("first", 1),
                       tantivy.Query.term_set_query(self.schema, "document_id", ids))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, single),
                                            (tantivy.Occur.Should, firsts)])

    def _pages_of(self, searcher: tantivy.Searcher, pages: tantivy.Query,
                  ids: Sequence[int], total: int) -> list[tuple[int, list[Hit]]]:
        """Each of ``ids`` (in order) with its pages ``pages`` matches (``total`` of them in
        all), best first."""
        if not ids:
            return []
        within = tantivy.Query.term_set_query(self.schema, "document_id", list(ids))
        found = searcher.search(_must(pages, within), limit=total, count=False).hits
        addresses = [address for _, address in found]
        documents = _ids(searcher, addresses)
        numbers = searcher.fast_field_values("page", addresses)
        days = searcher.fast_field_values("date", addresses)
        grouped: dict[int, list[Hit]] = {i: [] for i in ids}
        for (score, _), d, p, day in zip(found, documents, numbers, days, strict=True):
            grouped[d].append(Hit(d, int(p or 0), float(score), int(day) if day else None))
        for hits in grouped.values():
            hits.sort(key=lambda h: (-h.score, h.page))
        return [(i, grouped[i]) for i in ids if grouped[i]]

    def _narrowed(self, query: tantivy.Query, facets: FacetFilters | None,
                  within: Collection[int] | None) -> tantivy.Query:
        """``query`` on the documents with the facet values chosen (any value of a facet,
        every facet; a folder takes its subfolders) and among ``within`` when given."""
        clauses = []
        for name, values in (facets or {}).items():
            if name == "folder":
                folders = [folder_chosen(v) for v in values]
                if all(folders):  # "/" (the top) is every path
                    clauses.append(self._terms_of("under", folders))
            elif name in INDEXED_FACETS:
                clauses.append(self._terms_of(FACET + name, values))
            else:
                raise ValueError(f"no indexed facet {name!r}")
        if within is not None:
            clauses.append(tantivy.Query.term_set_query(self.schema, "document_id",
                                                        sorted(within)))
        return _must(query, *clauses) if clauses else query

    def _terms_of(self, field: str, values: Sequence[str]) -> tantivy.Query:
        queries = [self._term(field, v) for v in dict.fromkeys(values)]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _term(self, field: str, value: str | int) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _query(self, query: Node) -> tantivy.Query:
        """The compiled query; one of filters only (date:, mime:, NOT …) matches each
        document once, on its first page."""
        compiled = self._compile(query)
        if positive_terms(query):
            return compiled
        first = tantivy.Query.term_query(self.schema, "first", 1)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, compiled), (tantivy.Occur.Must, first)])

    # --- query translation --------------------------------------------------------------

    def _compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, Terms):
            return self._terms(node)
        if isinstance(node, DateRange):
            return tantivy.Query.range_query(
                self.schema, DATE_FIELDS[node.field], tantivy.FieldType.Unsigned,
                node.first.toordinal(), node.last.toordinal(),
            )
        if isinstance(node, InDocuments):
            return tantivy.Query.term_set_query(self.schema, "document_id", sorted(node.ids))
        if isinstance(node, CableFilter):
            if len(node.tokens) == 1:
                return tantivy.Query.term_query(self.schema, "cable", node.tokens[0])
            return tantivy.Query.phrase_query(self.schema, "cable", list(node.tokens))
        if isinstance(node, FieldFilter) and node.field == "file":
            words = node.values[0]
            return self._words(Terms(tuple(words.rstrip("*").split()),
                                     prefix=words.endswith("*")), "file")
        if isinstance(node, FieldFilter):
            return self._any_of(FIELD_NAMES[node.field], node.values)
        if isinstance(node, Not):
            return self._boolean([], [node.node])
        if isinstance(node, NameQuery | Unexpand | EntityQuery):
            raise ValueError("name:, entity: and -expand: are read by kavosh.views.search "
                             "first")
        if isinstance(node, Or):
            return self._or(node)
        positive = [n for n in node.nodes if not isinstance(n, Not)]
        negative = [n.node for n in node.nodes if isinstance(n, Not)]
        return self._boolean(positive, negative)

    def _or(self, node: Or) -> tantivy.Query:
        """Any of the nodes; where some are spellings the search added, the others (what
        was typed) rank first (:data:`EXACT_BONUS`)."""
        ranked = any(isinstance(n, Terms) and n.expanded for n in node.nodes)
        clauses = []
        for child in node.nodes:
            query = self._compile(child)
            if ranked and not (isinstance(child, Terms) and child.expanded):
                query = _exact_first(query)
            clauses.append((tantivy.Occur.Should, query))
        return tantivy.Query.boolean_query(clauses)

    def _any_of(self, field: str, values: Sequence[str]) -> tantivy.Query:
        """The stored ``field`` is one of ``values`` (one ending in ``*``: starts so)."""
        queries = [
            tantivy.Query.regex_query(self.schema, field, re.escape(v[:-1]) + ".*")
            if v.endswith("*") else tantivy.Query.term_query(self.schema, field, v)
            for v in values
        ]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _boolean(self, positive: Sequence[Node], negative: Sequence[Node]) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, self._compile(n)) for n in positive]
        if not clauses:  # "NOT x" alone means: everything except x
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        clauses += [(tantivy.Occur.MustNot, self._compile(n)) for n in negative]
        return tantivy.Query.boolean_query(clauses)

    def _terms(self, node: Terms) -> tantivy.Query:
        """A word or phrase in the text, or a whole file name or reference number (labels); a
        typo-tolerant word (``fuzzy``) ranks its exact spelling first; an added spelling
        weighs less."""
        if node.fuzzy:
            exact = _exact_first(self._words(node, "text"))
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, exact), (tantivy.Occur.Should, self._near(node))])
        elif node.prefix:
            query = self._words(node, "text")
        else:  # a file name or reference number typed whole finds its document too
            label = tantivy.Query.term_query(self.schema, "label", " ".join(node.tokens))
            clauses = [(tantivy.Occur.Should, self._words(node, "text")),
                       (tantivy.Occur.Should, label)]
            # a long number typed in groups or with a country code: its digits joined and
            # its national form, as a word of the text or among the document's numbers
            clauses += [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, field, form))
                        for form in _number_forms(node.tokens) for field in ("text", "label")]
            query = tantivy.Query.boolean_query(clauses)
        if node.expanded:
            return tantivy.Query.boost_query(query, EXPANDED_WEIGHT)
        return query

    def _words(self, node: Terms, field: str) -> tantivy.Query:
        tokens: list[str | tuple[int, str]] = list(node.tokens)
        if node.prefix:
            if len(tokens) == 1:
                return self._prefix(field, node.tokens[-1])
            return tantivy.Query.phrase_prefix_query(self.schema, field, tokens)
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, node.tokens[0])
        return tantivy.Query.phrase_query(self.schema, field, tokens, node.slop)


    def _near(self, node: Terms) -> tantivy.Query:
        """The words within ``node.fuzzy`` edits of its token, each scored alike (as
        tantivy's automaton scores them): the set :meth:`near_words` found, searched as
        terms (an automaton is walked again at each of the query's evaluations); past
        :data:`PREFIX_TERMS` words, the automaton (the same hits)."""
        words = node.words or self.near_words(node.tokens[0], node.fuzzy)
        if words is None:
            return tantivy.Query.fuzzy_term_query(self.schema, "text", node.tokens[0],
                                                  distance=node.fuzzy,
                                                  transposition_cost_one=True)
        if not words:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(self.schema, "text", sorted(words))

    def near_words(self, token: str, distance: int) -> frozenset[str] | None:
        """The indexed words of the text within ``distance`` edits of ``token``
        (:mod:`kavosh.search.fuzzy`), ``token`` among them when indexed; None past
        :data:`PREFIX_TERMS` of them. The term dictionary is read once per index generation
        and each token's words are kept until the index changes."""
        generation = self.generation()
        if self._fuzzy is None or self._fuzzy[0] != generation:
            words = self.index.searcher().terms_with_prefix("text", "")
            self._fuzzy = (generation, Vocabulary(word for word, _ in words), {})
        _, vocabulary, found = self._fuzzy
        if (token, distance) not in found:
            near = vocabulary.near(token, distance)
            found[token, distance] = frozenset(near) if len(near) <= PREFIX_TERMS else None
        return found[token, distance]

    def _prefix(self, field: str, prefix: str) -> tantivy.Query:
        """The words of ``field`` that start with ``prefix``: the term dictionary is read
        once, and the query is the set of those words (as a regular expression, tantivy
        compiled its automaton again at each of the query's evaluations: most of its cost);
        past :data:`PREFIX_TERMS` words, the regular expression (the same hits)."""
        words = self.index.searcher().terms_with_prefix(field, prefix)
        if len(words) > PREFIX_TERMS:
            return tantivy.Query.regex_query(self.schema, field, re.escape(prefix) + ".*")
        if not words:
            return tantivy.Query.empty_query()
        return tantivy.Query.term_set_query(self.schema, field, [word for word, _ in words])


def _exact_first(query: tantivy.Query) -> tantivy.Query:
    """``query``, each hit of it scored :data:`EXACT_BONUS` higher."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, query),
        (tantivy.Occur.Should, tantivy.Query.const_score_query(query, EXACT_BONUS)),
    ])


def _add_document_fields(doc: tantivy.Document, page: IndexedPage, multi: bool) -> None:
    """The fields of the page's document that facets, narrowing and sorting read."""
    cable: dict[str, list[str]] = {}
    for name, value in page.cable_values:
        cable.setdefault(name, []).append(value)
    for name, values in facet_values(page.language, page.mime, page.date, page.path,
                                     cable).items():
        for value in values:
            doc.add_text(FACET + name, value)
    for folder in folders_above(page.path):
        doc.add_text("under", folder)
    doc.add_unsigned("multi", int(multi))
    day = _UNDATED if page.date is None else page.date
    doc.add_unsigned("sort_date", (day << _ID_BITS) | page.document_id)
    rday = _UNDATED if page.date is None else _UNDATED - 1 - page.date
    doc.add_unsigned("sort_rdate", (rday << _ID_BITS) | page.document_id)
    doc.add_text("sort_path", f"{page.path}\x00{page.document_id:012d}")


def _must(query: tantivy.Query, *filters: tantivy.Query) -> tantivy.Query:
    """``query`` on what every one of ``filters`` matches too, scored as ``query`` alone."""
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query)]
        + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters])


def _not(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()),
                                        (tantivy.Occur.MustNot, query)])


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    return int(getattr(searcher.search(query, limit=1, count=True), "count", 0) or 0)


def _all_hits(searcher: tantivy.Searcher,
              query: tantivy.Query) -> list[tuple[Any, tantivy.DocAddress]]:
    """Every hit of ``query``, best score first."""
    total = _count(searcher, query)
    if total == 0:
        return []
    return list(searcher.search(query, limit=total, count=False).hits)


def _ids(searcher: tantivy.Searcher, addresses: list[tantivy.DocAddress]) -> list[int]:
    return [int(d or 0) for d in searcher.fast_field_values("document_id", addresses)]


_Best = tuple[int, float, tantivy.DocAddress]  # a document, its best page's score and address


def _best_documents(searcher: tantivy.Searcher, pages: tantivy.Query, wanted: int,
                    single: tantivy.Schema | None) -> tuple[list[_Best], int, bool]:
    """The ``wanted`` documents with the best-scoring pages (ties in document id order), each
    with its best page's score and address, and the number of pages matched: the best pages
    are read, :data:`OVERFETCH` times more each round, until the documents kept score above
    the last page read (no document unread can come before them) or every page is read (then
    every matched document is listed, in that order, not only ``wanted``, and the last value
    is True).

    Every page read tying (a prefix or a typo-tolerant word alone scores each page the same):
    up to :data:`READ_ALL` pages are read at once; beyond, in an index of one-page documents
    (``single``: its schema), the lowest document ids are read in that order, kept when they
    score as the best page (:func:`_lowest_tied`)."""
    read = max(wanted * OVERFETCH, FIRST_READ)
    result = searcher.search(pages, limit=read, count=True)
    total = int(getattr(result, "count", 0) or 0)
    while True:
        found = result.hits
        best: dict[int, _Best] = {}
        for (score, address), document in zip(found, _ids(searcher, [a for _, a in found]),
                                              strict=True):
            best.setdefault(document, (document, float(score), address))  # best first
        ranked = sorted(best.values(), key=lambda hit: (-hit[1], hit[0]))
        if read >= total:
            return ranked, total, True
        last = float(found[-1][0])
        certain = [hit for hit in ranked if hit[1] > last]
        if len(certain) >= wanted:
            return certain[:wanted], total, False
        if float(found[0][0]) == last and total > READ_ALL and single is not None:
            tied = _lowest_tied(searcher, single, pages, wanted, last)
            if tied is not None:
                return tied, total, False
        tie = float(found[0][0]) == last and total <= READ_ALL
        read = total if tie else min(total, read * OVERFETCH)
        result = searcher.search(pages, limit=read, count=False)


def _number_forms(tokens: Sequence[str]) -> list[str]:
    """The other forms a query of digits alone may be written in (kavosh.text.numbers): its
    digits joined when typed in groups, and the national form of a number typed with an
    Iranian or Iraqi country code; none for other queries."""
    joined = "".join(tokens)
    if not (joined.isascii() and joined.isdigit()) or len(joined) < MIN_DIGITS:
        return []
    forms = [joined] if len(tokens) > 1 else []
    national = national_form(joined)
    return [*forms, national] if national else forms


def _constant_score(searcher: tantivy.Searcher, node: Node) -> float | None:
    """The score every hit of ``node`` gets when it is the same for all, narrowed or not
    (filters add 0); else None. So are a lone prefix (the set of its words, or past
    :data:`PREFIX_TERMS` the regular expression) and a lone typo-tolerant word that is not
    itself indexed (its exact spelling, ranked first, then finds nothing; the words near it
    are a set, or the automaton): tantivy scores each hit of a set or an automaton as its
    boost (1; an added spelling's :data:`EXPANDED_WEIGHT`)."""
    if not isinstance(node, Terms) or len(node.tokens) != 1:
        return None
    lone = node.prefix and not node.fuzzy
    typo = node.fuzzy and not node.prefix and searcher.doc_freq("text", node.tokens[0]) == 0
    if not (lone or typo):
        return None
    return EXPANDED_WEIGHT if node.expanded else 1.0


def _lowest_ids(searcher: tantivy.Searcher, pages: tantivy.Query, wanted: int,
                score: float) -> tuple[list[_Best], int]:
    """The ``wanted`` lowest document ids ``pages`` matches (an index of one-page documents),
    each with ``score`` (every hit's) and its address, and the number of pages matched: the
    first ``wanted`` in the order of score and document id, in one search of the index in
    document id order (not the best pages read first, then the lowest ids, then their scores:
    three evaluations of a prefix's many words)."""
    found = searcher.search(pages, limit=wanted, count=True, order_by_field="document_id",
                            order=tantivy.Order.Asc)
    addresses = [address for _, address in found.hits]
    best = [(document, score, address)
            for document, address in zip(_ids(searcher, addresses), addresses, strict=True)]
    return best, int(getattr(found, "count", 0) or 0)


def _lowest_tied(searcher: tantivy.Searcher, schema: tantivy.Schema, pages: tantivy.Query,
                 wanted: int, top: float) -> list[_Best] | None:
    """The ``wanted`` lowest document ids ``pages`` matches (one page each), when every one of
    them scores ``top`` (the best score): they are then the first ``wanted`` in the order of
    score and document id. None when one scores less."""
    ordered = searcher.search(pages, limit=wanted, count=False, order_by_field="document_id",
                              order=tantivy.Order.Asc)
    addresses = [address for _, address in ordered.hits]
    ids = _ids(searcher, addresses)
    scored = searcher.search(
        _must(pages, tantivy.Query.term_set_query(schema, "document_id", ids)),
        limit=max(len(ids), 1), count=False)
    scores = dict(zip(_ids(searcher, [a for _, a in scored.hits]),
                      [float(score) for score, _ in scored.hits], strict=True))
    if len(scores) != len(ids) or any(score != top for score in scores.values()):
        return None
    return [(document, top, address) for document, address in zip(ids, addresses, strict=True)]


def _only_pages(searcher: tantivy.Searcher, best: list[_Best]) -> list[tuple[int, list[Hit]]]:
    """The window's documents, each with its one matching page (an index of one-page
    documents: the best page read is the only one), read from the pages' fast fields."""
    addresses = [address for _, _, address in best]
    numbers = searcher.fast_field_values("page", addresses)
    days = searcher.fast_field_values("date", addresses)
    return [(document, [Hit(document, int(p or 0), score, int(day) if day else None)])
            for (document, score, _), p, day in zip(best, numbers, days, strict=True)]


def _count_facets(searcher: tantivy.Searcher,
                  each: tantivy.Query) -> Future[dict[str, dict[str, int]]]:
    """:func:`_facet_counts` started in a free thread of this process's counters
    (:func:`_counters`; none free: counted here at once). The caller waits (a
    moment at most) until it has started: the thread needs Python's lock to call tantivy,
    which a busy caller would hand over only after ``sys.getswitchinterval()`` (5 ms), so
    the count would start late; once in tantivy, the thread gives the lock back. Not started
    by then, it is counted here."""
    started = threading.Event()
    pool, free = _counters()
    if free.acquire(blocking=False):

        def count() -> dict[str, dict[str, int]]:
            started.set()
            try:
                return _facet_counts(searcher, each)
            finally:
                free.release()

        future = pool.submit(count)
        if started.wait(START_WAIT) or not future.cancel():
            return future
        free.release()  # cancelled before it ran
    done: Future[dict[str, dict[str, int]]] = Future()  # every counter busy: counted here
    done.set_result(_facet_counts(searcher, each))
    return done


def _counters() -> tuple[ThreadPoolExecutor, threading.BoundedSemaphore]:
    """This process's pool of facet counters and the semaphore of its free ones (made anew in
    a child forked from a process that had them: their threads did not follow it)."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(COUNTERS, thread_name_prefix="kavosh-facets"),
                 threading.BoundedSemaphore(COUNTERS))
    return _pool[1], _pool[2]


def _facet_counts(searcher: tantivy.Searcher, each: tantivy.Query) -> dict[str, dict[str, int]]:
    """Facet → value → documents (``each`` holds one entry per document)."""
    spec = {name: {"terms": {"field": FACET + name, "size": FACET_VALUES,
                             "segment_size": FACET_VALUES}} for name in INDEXED_FACETS}
    found = searcher.aggregate(each, spec)
    return {name: {str(b["key"]): int(b["doc_count"]) for b in found[name]["buckets"]}
            for name in INDEXED_FACETS if found.get(name, {}).get("buckets")}
