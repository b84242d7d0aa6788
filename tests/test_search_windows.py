"""The index answers a window of results, its totals and its facets (issue 12: fast at a
million documents) exactly as grouping every hit in Python did: the same documents in the same
order (ties in document id order), the same pages best first, the same counts.

The case: the sample archive's cables (cable facets), e-mails and intranet page, and text files
in nested folders, some of several pages (form feeds), dated in several years (a dated header),
many of them tied in score (the same sentence). The reference is the whole list of matched
documents, grouped, narrowed and counted here from each document's own fields.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import make_case

from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.search import parse, tantivy_backend
from kavosh.views.results import FACET_SIZE, DocumentMatch, find_documents, search_documents

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "archive"
QUERIES = ("بغداد", "harbour", "harbour*", "quay OR harbour", "harbourmaster~", '"the harbour"',
           "date:2001..2004", "NOT harbour")
SORTS = ("relevance", "date", "-date", "path")
FILTERS: tuple[dict[str, list[str]], ...] = (
    {}, {"folder": ["inbox/port"]}, {"folder": ["/"]}, {"year": ["2003", "none"]},
    {"type": ["text"], "language": ["eng"]}, {"classification": ["سری"]},
    {"entity": ["بغداد"]}, {"entity": ["بغداد"], "year": ["2014"]},
)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("windows")
    opened = make_case(root / "case", executor="inline")
    inbox = root / "inbox"
    _notes(inbox, 24, "\f")
    ingest(opened, [SAMPLE / "cables", SAMPLE / "mail", SAMPLE / "web", inbox])
    yield opened
    opened.close()


def _notes(inbox: Path, count: int, between: str) -> None:
    """``count`` notes in nested folders of ``inbox``, their parts joined by ``between`` (a
    form feed: a page each)."""
    for n in range(count):
        folder = inbox / ("port" if n % 3 else "port/old") / f"y{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        pages = ["The harbour was quiet."] * (1 + n % 3)  # ties in score across documents
        if n % 5 == 0:
            pages.append(f"The harbourmaster {n} counted the quay.")
        if n % 7:  # a dated header: the document's own date
            pages[0] = f"Date: {2000 + n % 6}/{1 + n % 12:02d}/{1 + n:02d}\n{pages[0]}"
        path = folder / f"note-{n:02d}.txt"
        path.write_text(between.join(pages), encoding="utf-8")


def _chosen(match: DocumentMatch, filters: Mapping[str, Sequence[str]]) -> bool:
    """Whether the document has, for every facet filtered, one of the values chosen (a
    folder also takes its subfolders; ``/`` is the top)."""
    info = match.info
    for name, wanted in filters.items():
        if name == "folder":
            if not any(not f.rstrip("/") or info.path.startswith(f.rstrip("/") + "/")
                       for f in wanted):
                return False
        elif not set(info.facets[name]) & set(wanted):
            return False
    return True


def _facets(documents: list[DocumentMatch]) -> dict[str, list[tuple[str, int]]]:
    counters: dict[str, Counter[str]] = {}
    for match in documents:
        for name, values in match.info.facets.items():
            counters.setdefault(name, Counter()).update(values)
    return {name: sorted(c.items(), key=lambda i: (-i[1], i[0]))[:FACET_SIZE]
            for name, c in counters.items() if c}


@pytest.fixture(scope="module")
def one_page_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """Text files of one page each (the index then holds no document of several pages, and
    a window's pages are those its relevance order read)."""
    root = tmp_path_factory.mktemp("one-page")
    opened = make_case(root / "case", executor="inline")
    inbox = root / "inbox"
    _notes(inbox, 30, " ")
    ingest(opened, [inbox])
    yield opened
    opened.close()


@pytest.mark.parametrize("query", QUERIES)
def test_a_window_is_the_slice_of_every_document_grouped(case: Case, query: str) -> None:
    _windows_are_slices(case, query)


@pytest.mark.parametrize("query", ("harbour", "harbour*", "harbourmaster~", "quay OR harbour",
                                   "harbour* OR harbourmaster~1", "harb* quay"))
@pytest.mark.parametrize("read_all", (20_000, 0))
def test_a_window_of_one_page_documents(one_page_case: Case, query: str, read_all: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Also when pages tied in score are too many to read at once (``READ_ALL``): the
    lowest document ids, kept only when they score as the best page."""
    monkeypatch.setattr(tantivy_backend, "READ_ALL", read_all)
    monkeypatch.setattr(tantivy_backend, "FIRST_READ", 4 if read_all == 0 else 64)
    assert max(len(d.pages) for d in find_documents(one_page_case, query).documents) == 1
    _windows_are_slices(one_page_case, query)


def _windows_are_slices(case: Case, query: str) -> None:
    for sort in SORTS:
        every = find_documents(case, query, sort).documents
        assert every, query
        for filters in FILTERS:
            expected = [m for m in every if _chosen(m, filters)]
            for offset, limit in ((0, 5), (3, 4), (len(expected) - 1, 20)):
                found = search_documents(case, query, limit=limit, offset=max(offset, 0),
                                         sort=sort, filters=filters)
                shown = [(h.document_id, [(p.page, p.score) for p in h.match.pages])
                         for h in found.hits]
                window = expected[max(offset, 0):max(offset, 0) + limit]
                assert shown == [(m.info.id, [(p.page, p.score) for p in m.pages])
                                 for m in window], (query, sort, filters, offset)
                assert [h.match.info for h in found.hits] == [m.info for m in window]
                m = found.matches
                assert m.total_documents == len(expected), (query, filters)
                assert m.total_pages == sum(len(d.pages) for d in expected)
                assert {n: [(v.value, v.count) for v in values]
                        for n, values in m.facets.items()} == _facets(expected), (
                    query, filters)
            narrowed = find_documents(case, query, sort, filters).documents
            assert [d.info.id for d in narrowed] == [d.info.id for d in expected]


def test_the_cases_documents_carry_the_facets_the_test_needs(case: Case) -> None:
    """The reference above compares something: several folders, years, pages, cables."""
    every = find_documents(case, "NOT zzzz").documents
    facets = _facets(every)
    assert len(facets["folder"]) >= 8 and len(facets["year"]) >= 6
    assert facets["classification"] and facets["from"]
    many = find_documents(case, "harbour").documents
    assert max(len(d.pages) for d in many) >= 3


def test_a_prefix_as_its_words_finds_and_scores_as_the_regular_expression(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """A prefix is searched as the set of its words (read from the term dictionary once):
    the same pages with the same scores as the regular expression it replaces."""
    backend = case.search_backend()
    queries = ("harbour*", "harbo*", "quay OR harb*", "بغ*", "zzz*", "harbour* date:2001..2004")

    def hits() -> list[list[tuple[int, int, float]]]:
        return [sorted((h.document_id, h.page, h.score) for h in backend.matches(parse(q)))
                for q in queries]

    as_words = hits()
    assert all(as_words[:4]) and not as_words[4]
    monkeypatch.setattr(tantivy_backend, "PREFIX_TERMS", 0)
    assert hits() == as_words


def test_the_facets_are_counted_beside_the_snippets(case: Case,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The index counts a search's facets in another thread (tantivy works without Python's
    lock) while the window's pages are read and their snippets made; the counts are those of
    every matched document, and a search returns only once they are in."""
    threads: list[str] = []
    count = tantivy_backend._facet_counts

    def recording(*args: Any) -> dict[str, dict[str, int]]:
        threads.append(threading.current_thread().name)
        return count(*args)

    monkeypatch.setattr(tantivy_backend, "_facet_counts", recording)
    monkeypatch.setattr(tantivy_backend, "THREADED_COUNT", 1)  # a small case: every search
    for query in ("harbour", "harbour*", "NOT harbour"):
        found = search_documents(case, query, limit=3)
        assert found.matches._counting is None
        assert {n: [(v.value, v.count) for v in values]
                for n, values in found.matches.facets.items()} == \
            _facets(find_documents(case, query).documents)
    assert threads and all(name.startswith("kavosh-facets") for name in threads)


def test_a_lone_prefix_is_read_in_document_id_order(one_page_case: Case,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hit of a lone prefix (or typo-tolerant word not itself indexed) scores the same,
    so its relevance window is the lowest document ids: one search in that order (with the
    count), not the best pages read first and the lowest ids checked after (three evaluations
    of the prefix's words)."""

    def refused(*args: Any) -> None:
        raise AssertionError("the best pages read for a lone prefix")

    monkeypatch.setattr(tantivy_backend, "_best_documents", refused)
    _windows_are_slices(one_page_case, "harbour*")
    _windows_are_slices(one_page_case, "harbor~")  # not itself indexed: its near words alone
    with pytest.raises(AssertionError, match="best pages"):
        search_documents(one_page_case, "harbour* quay")


def test_the_facets_are_counted_in_the_search_when_no_thread_is_free(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every counter busy (another search's count), or a count that has not started within
    ``START_WAIT`` (a pool whose threads cannot run it): the search counts the facets
    itself, the same counts, never a wait without end."""
    expected = _facets(find_documents(case, "harbour").documents)
    monkeypatch.setattr(tantivy_backend, "THREADED_COUNT", 1)
    monkeypatch.setattr(tantivy_backend, "START_WAIT", 0.01)
    busy = ThreadPoolExecutor(max_workers=1)
    release = threading.Event()
    busy.submit(release.wait)
    try:
        for free in (0, 1):  # no counter free; one free, its thread stuck
            monkeypatch.setattr(tantivy_backend, "_pool",
                                (os.getpid(), busy, threading.BoundedSemaphore(1)))
            if not free:
                tantivy_backend._pool[2].acquire()  # type: ignore[index]
            found = search_documents(case, "harbour", limit=3)
            assert {n: [(v.value, v.count) for v in values]
                    for n, values in found.matches.facets.items()} == expected
            assert tantivy_backend._pool[2].acquire(blocking=False) == bool(free)  # type: ignore[index]
    finally:
        release.set()
        busy.shutdown()
