"""The inverted-file index over a case's passage vectors (issue 12, kavosh.search.ivf): the
default search over a large matrix gives the exhaustive search's answer whenever it says it is
proven, and exactly that answer with its usual budget; it is never trusted when stale or half
written; rows appended after it and rows retired are handled as the exhaustive search does.

The matrix is a small seeded mixture shaped like e5's vectors (a large common component, topics,
noise); the index's sizes are lowered so that a few thousand rows use it. No timing here: the
speed is measured by bench/semantic.py.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kavosh.search import ivf
from kavosh.search.vectors import FOLDER, MATRIX, VectorModel, VectorStore

np = pytest.importorskip("numpy", reason="the vectors need numpy (the semantic extra)")

DIMENSIONS = 48
ROWS = 6_000
TOPICS = 60


@pytest.fixture(autouse=True)
def small_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """An index from 2,048 rows, the tail assigned from 500."""
    monkeypatch.setattr(ivf, "INDEX_MIN", 2_048)
    monkeypatch.setattr(ivf, "TAIL_ROWS", 500)


def mixture(rows: int, seed: int) -> tuple[Any, Any]:
    """Unit rows around ``TOPICS`` topics sharing a common component, and 40 questions near
    topics (seeded)."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=DIMENSIONS) * 2.0
    topics = rng.normal(size=(TOPICS, DIMENSIONS))
    matrix = common + topics[rng.integers(0, TOPICS, rows)] + rng.normal(
        scale=0.35, size=(rows, DIMENSIONS))
    questions = common + topics[rng.integers(0, TOPICS, 40)] + rng.normal(
        scale=0.5, size=(40, DIMENSIONS))
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32), (
        questions / np.linalg.norm(questions, axis=1, keepdims=True)).astype(np.float32)


def new_store(folder: Path, matrix: Any) -> VectorStore:
    store = VectorStore(folder / FOLDER)
    store.reset(VectorModel("test", "mixture", "1", DIMENSIONS))
    store.append([(i, 1, 0, 1) for i in range(len(matrix))], matrix)  # document i: row i
    return store


def answer(store: VectorStore, question: Any, k: int, exact: bool = False) -> list[Any]:
    """The rows found, and their cosines (to 1e-5: the index's product and the exhaustive
    one may round the last bit of a float32 sum differently)."""
    return [(h.row, pytest.approx(h.score, abs=1e-5))
            for h in store.nearest(question, k, exact=exact)]


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[VectorStore, Any]:
    matrix, questions = mixture(ROWS, seed=5)
    store = new_store(tmp_path, matrix)
    index = store.index()  # made by the writer after its append
    assert index is not None and index.rows == ROWS and len(index.centroids) > 16
    return store, questions


def test_the_index_gives_the_exhaustive_answer(indexed: tuple[VectorStore, Any],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    store, questions = indexed
    for k in (1, 10, 100):
        for question in questions:
            assert answer(store, question, k) == answer(store, question, k, exact=True)
    # with no budget beyond the first lists, whatever it proves is the exhaustive answer
    monkeypatch.setattr(ivf, "PROBE_SHARE", 0.0)
    proven = 0
    for question in questions:
        got = answer(store, question, 10)
        if store.proven:
            proven += 1
            assert got == answer(store, question, 10, exact=True)
    assert proven >= len(questions) // 2  # the bound proves most of these answers early


def test_a_stale_or_half_written_index_is_not_used(indexed: tuple[VectorStore, Any],
                                                  tmp_path: Path) -> None:
    store, questions = indexed
    path = store.folder / ivf.INDEX
    expected = [answer(store, q, 10, exact=True) for q in questions[:5]]
    whole = path.read_bytes()

    def searched_anew() -> None:
        """A new process (no index held): the index is not read, the answers are the
        exhaustive ones, and the search makes the index again."""
        _forget()
        anew = VectorStore(store.folder)
        assert anew.index() is None
        assert [answer(anew, q, 10) for q in questions[:5]] == expected
        assert anew.index() is not None

    path.write_bytes(whole[:len(whole) // 2])  # a writer killed mid-write, without rename
    searched_anew()
    corrupt = bytearray(whole)
    corrupt[len(corrupt) // 3] ^= 0xFF  # a flipped byte: the zip's CRC no longer matches
    path.write_bytes(bytes(corrupt))
    searched_anew()
    # another matrix under the same generation (the folder's matrix rewritten): stale
    matrix = np.memmap(store.folder / MATRIX, dtype="<f2", mode="r+", shape=(ROWS, DIMENSIONS))
    matrix[[0, ROWS - 1]] = matrix[[ROWS - 1, 0]]
    matrix.flush()
    del matrix
    expected = [answer(store, q, 10, exact=True) for q in questions[:5]]
    searched_anew()
    # the index of other vectors (another generation) copied over this one's
    other = new_store(tmp_path / "other", mixture(ROWS, seed=6)[0])
    path.write_bytes((other.folder / ivf.INDEX).read_bytes())
    searched_anew()
    # a reset (another model): the index goes with the vectors
    store.reset(VectorModel("test", "mixture", "2", DIMENSIONS))
    assert not path.exists() and store.nearest(questions[0], 5) == []


def test_a_write_killed_midway_leaves_the_old_index(indexed: tuple[VectorStore, Any],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store, questions = indexed
    path = store.folder / ivf.INDEX
    before = path.read_bytes()
    matrix, _ = mixture(1_000, seed=9)

    def killed(file: Any) -> None:
        raise KeyboardInterrupt("killed between the index's writes")

    # the index's part written, not yet renamed (the matrix and rows appended before it)
    monkeypatch.setattr(ivf, "os", SimpleNamespace(fsync=killed, getpid=os.getpid))
    with pytest.raises(KeyboardInterrupt):
        store.append([(ROWS + i, 1, 0, 1) for i in range(len(matrix))], matrix)
    monkeypatch.undo()
    assert path.read_bytes() == before  # the old index, whole; the .part is never read
    assert list(store.folder.glob(ivf.INDEX + ".*.part"))  # left behind, never read
    _forget()
    store = VectorStore(store.folder)
    index = store.index()
    assert index is not None and index.rows == ROWS  # of the rows it covered
    # the rows appended since are searched as the tail until a writer assigns them
    for question in questions[:5]:
        assert answer(store, question, 10) == answer(store, question, 10, exact=True)


def test_appended_and_retired_rows(indexed: tuple[VectorStore, Any]) -> None:
    store, questions = indexed
    found = store.nearest(questions[0], 3)
    store.append([(99_000, 1, 0, 1)], questions[:1])  # the question itself, as a passage
    assert store.index().rows == ROWS  # type: ignore[union-attr]  # a tail, not indexed yet
    assert store.nearest(questions[0], 1)[0].document_id == 99_000  # found before a rebuild
    retired = [found[0].document_id, found[1].document_id, 99_000]
    assert store.retire(retired) == 3
    for question in questions:
        got = store.nearest(question, 50)
        assert not {h.document_id for h in got} & set(retired)
        assert [(h.row, pytest.approx(h.score, abs=1e-5)) for h in got] == answer(
            store, question, 50, exact=True)
    assert found[2].row in [h.row for h in store.nearest(questions[0], 1)]
    everything = store.nearest(questions[0], ROWS + 1)
    assert len(everything) == ROWS - 2  # every live row, none retired
    # enough rows of the same kind appended: the writer assigns them to the lists
    matrix = mixture(ROWS + 600, seed=5)[0][ROWS:]
    store.append([(100_000 + i, 1, 0, 1) for i in range(len(matrix))], matrix)
    index = store.index()
    assert index is not None and index.rows == ROWS + 601 and index.trained == ROWS
    assert index.outliers < 0.03 * index.rows
    # as many rows unlike any before (another mixture): outliers, then trained anew
    matrix, more = mixture(600, seed=11)
    store.append([(200_000 + i, 1, 0, 1) for i in range(len(matrix))], matrix)
    index = store.index()
    assert index is not None and index.rows == index.trained == ROWS + 1_201
    for question in [*questions[:5], *more[:5]]:
        assert answer(store, question, 10) == answer(store, question, 10, exact=True)


def test_a_large_index_ranks_projections_then_rescores_exactly(
        indexed: tuple[VectorStore, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """From ``PROJECT_MIN`` rows (lowered here) a question ranks the scanned rows by their
    principal projections and rescores the best exactly: every score is the row's exact
    cosine, retired rows never come back, the rows appended since are all scored, and the
    first ten are the exhaustive ones (near-exact: at least 95 % of them)."""
    store, questions = indexed
    monkeypatch.setattr(ivf, "PROJECT_MIN", 2_048)
    monkeypatch.setattr(ivf, "PROJECTED", 24)
    monkeypatch.setattr(ivf, "RESCORED_MIN", 256)
    _forget()
    exact = {q: {h.row: h.score for h in store.nearest(questions[q], ROWS, exact=True)}
             for q in range(len(questions))}
    shared = 0
    for q, question in enumerate(questions):
        got = store.nearest(question, 10)
        assert not store.proven  # an estimate chose which rows were rescored
        assert [h.score for h in got] == pytest.approx([exact[q][h.row] for h in got],
                                                       abs=1e-5)
        best = sorted(exact[q].items(), key=lambda item: item[1])[-10:]
        shared += len({h.row for h in got} & {row for row, _ in best})
    from kavosh.search import vectors

    held = vectors._INDEXES[store.folder.resolve()].grouped
    assert held.low is not None and held.low.shape == (ROWS, 24)  # projections beside the rows
    assert shared >= 0.95 * 10 * len(questions)
    retired = [h.document_id for h in store.nearest(questions[0], 3)]
    store.retire(retired)
    store.append([(99_000, 1, 0, 1)], questions[1:2])  # the question itself, in the tail
    assert not {h.document_id for h in store.nearest(questions[0], 50)} & set(retired)
    assert store.nearest(questions[1], 1)[0].document_id == 99_000


def _forget() -> None:
    """What a process keeps of the indexes: forgotten, as in a new process."""
    from kavosh.search import vectors

    vectors._INDEXES.clear()


def test_projections_of_every_dimension_give_the_exhaustive_answer(
        indexed: tuple[VectorStore, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """With as many components as dimensions the projections' products order the rows as
    their exact products do, so the projected scan over every list, retired rows among
    them, gives exactly the exhaustive answer: a row scored at the wrong place of the scan,
    or a retired one taken for a live one, would change it. The lists taken follow the rule
    (at least ``PROBE_MIN`` + 1 in order, then until ``probe_rows`` rows are scanned)."""
    store, questions = indexed
    monkeypatch.setattr(ivf, "PROJECT_MIN", 2_048)
    monkeypatch.setattr(ivf, "PROJECTED", DIMENSIONS)
    monkeypatch.setattr(ivf, "RESCORED_MIN", 64)
    monkeypatch.setattr(ivf, "BLAS_ELEMENTS", 5 * DIMENSIONS)  # lists multiplied in parts
    _forget()
    store.retire([h.document_id for q in questions[:8] for h in store.nearest(q, 3, exact=True)])
    monkeypatch.setattr(ivf, "PROBE_SHARE", 1.0)
    for question in questions:
        assert answer(store, question, 10) == answer(store, question, 10, exact=True)
    from kavosh.search import vectors

    held = vectors._INDEXES[store.folder.resolve()].grouped
    assert held.low is not None and held.low.shape == (ROWS, DIMENSIONS)
    sizes = np.diff(held.offsets)
    for question in questions[:10]:
        ranked = ivf._ranked_lists(np, held.index, question)[0]
        for budget in (0, 1, ROWS // 10, ROWS // 3, ROWS):
            lists = scanned = 0
            while lists < len(ranked) and (lists <= ivf.PROBE_MIN or scanned < budget):
                scanned += sizes[ranked[lists]]
                lists += 1
            probe = ivf.search(np, held, None, question, 10, budget)
            assert probe.lists == lists
            assert len(probe.rows) == max(ivf.RESCORED_MIN, ivf.RESCORED_PER_K * 10,
                                          math.ceil(ivf.RESCORED_SHARE * scanned))


def test_the_records_are_read_again_when_their_file_changes(tmp_path: Path) -> None:
    """A searching process keeps ``rows.bin`` mapped between searches: a file put in its
    place (another inode, the same size) or grown is read anew, never the old map."""
    from kavosh.search.vectors import ROWS as RECORDS

    matrix = mixture(300, seed=3)[0]
    store = new_store(tmp_path, matrix)
    assert store.nearest(matrix[7], 1)[0].document_id == 7
    replaced = np.array([(1000 + i, 2, 0, 1) for i in range(len(matrix))], dtype=store.row)
    part = store.folder / "rows.part"
    part.write_bytes(replaced.tobytes())
    os.replace(part, store.folder / RECORDS)
    hit = store.nearest(matrix[7], 1)[0]
    assert (hit.document_id, hit.page) == (1007, 2)
    store.append([(5000, 3, 0, 1)], matrix[7:8] * 1.01)
    assert VectorStore(store.folder).nearest(matrix[7], 2)[0].document_id == 5000
