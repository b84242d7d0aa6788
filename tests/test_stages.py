"""Stages as first-class things: per-document state, stale versions, one derivation from the best
pages whatever stage produced them, case-wide stages, and `kavosh status` per stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import kavosh, make_case
from test_ocr import needs_tesseract, rendered

from kavosh.case import Case
from kavosh.model import Layer, LayerKind, PageText, best_pages
from kavosh.model.progress import Progress
from kavosh.pipeline import OcrOptions, ingest, process, reindex, run_ocr
from kavosh.pipeline.derive import derive
from kavosh.pipeline.stages import DERIVE, StageInfo
from kavosh.views.document import document_view
from kavosh.views.search import search
from kavosh.views.status import status


def test_a_pages_best_text_follows_the_layers_priority_not_their_names() -> None:
    extracted = PageText(1, "scanner text", Layer.EXTRACTED, needs_ocr=True)
    ocr = PageText(1, "ocr text", Layer.OCR, "tesseract", "5")
    corrected = PageText(1, "a person's correction", Layer.CORRECTED, "alice")
    translation = PageText(1, "the English", Layer.TRANSLATION, "alice")
    assert best_pages([translation, ocr, extracted]) == [ocr]
    assert best_pages([extracted, corrected, ocr, translation]) == [corrected]
    assert best_pages([translation]) == [], "a translation is never a page's own text"
    assert best_pages([ocr, translation], LayerKind.TRANSLATION) == [translation]
    usable = PageText(1, "born digital", Layer.EXTRACTED)
    assert best_pages([usable]) == [usable]


def test_a_corrected_page_is_what_search_and_the_reader_see(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text("The minister met the ambasador in Karbala.\n",
                                     encoding="utf-8")
    ingest(case, [folder])
    doc = next(d for d in case.store.documents() if d.name == "note.txt")
    fixed = PageText(1, "The minister met the ambassador in Karbala.\n", Layer.CORRECTED,
                     "alice", "")
    with case.store.transaction():
        case.store.put_pages(doc.id, [fixed])
        case.store.mark_pending("derive", [doc.id])
    process(case)
    assert [h.document_id for h in search(case, "ambassador").hits] == [doc.id]
    assert search(case, "ambasador").hits == []
    view = document_view(case, doc.id)
    assert view is not None and view.pages[0].layer == "corrected"
    assert "ambassador" in view.pages[0].paragraphs[0].text


@needs_tesseract
def test_reindex_after_ocr_indexes_each_page_once_with_one_language(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    from fpdf.enums import TextMode

    image, _ = rendered("گزارش محرمانه درباره کاروانسرای قدیمی در مرز\nنشست هیئت‌ها برگزار شد")
    scan = tmp_path / "scan.png"
    image.crop((0, 0, image.width, image.height // 3)).save(scan)
    pdf = fpdf.FPDF()
    pdf.add_page()  # a short English page
    pdf.set_font("helvetica", size=10)
    pdf.text(20, 20, "Annex")
    pdf.add_page()  # a scan with a scanner's garbage text layer behind it
    pdf.image(str(scan), x=0, y=0, w=210)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.text(20, 20, "ÇáÊÞÑíÑ ÇáÓÑí Úä ÇáÞÇÝáÉ ÇáÍÏæÏíÉ ÇáÞÏíãÉ")
    folder = tmp_path / "in"
    folder.mkdir()
    pdf.output(str(folder / "annexed.pdf"))
    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [folder])
    run_ocr(case, OcrOptions(engine="tesseract", languages=("fas", "ara", "eng"),
                             executor="inline"))
    doc = next(d for d in case.store.documents() if d.name == "annexed.pdf")
    assert [p.number for p in case.store.pages(doc.id, Layer.OCR)] == [2]
    reindex(case)
    assert case.search_backend().count() == 2, "one entry per page, never one per layer"
    hits = search(case, "کاروانسرای").hits
    assert [(h.document_id, h.page) for h in hits] == [(doc.id, 2)]
    assert hits[0].snippet.marks, "the entry found is the OCR text the snippet is made from"
    language = derive(case.store.pages(doc.id)).language
    assert language == "fas", "most of the document's best text is Persian"
    stored = case.store.document(doc.id)
    assert stored is not None and stored.language == language
    case.close()


def test_a_stage_done_by_another_version_is_stale_and_runs_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"cable-{n}.txt").write_text(f"تاریخ: ۱۳۹۳/۰۸/۲{n}\nگزارش شماره {n}\n",
                                               encoding="utf-8")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    with Case.open(case_dir) as case:
        # as if an older Kavosh had derived these documents, without dates
        case.store.execute("UPDATE stage_state SET version = '0' WHERE stage = 'derive'")
        case.store.execute("DELETE FROM dates")
    state = json.loads(kavosh("status", "--case", str(case_dir), "--json").stdout)
    stages = {s["stage"]: s for s in state["stages"]}
    assert stages["derive"]["stale"] == 3 and stages["read"]["done"] == 3
    assert stages["index"]["done"] == 3 and stages["index"]["stale"] == 0
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    state = json.loads(kavosh("status", "--case", str(case_dir), "--json").stdout)
    stages = {s["stage"]: s for s in state["stages"]}
    assert stages["derive"] == {"stage": "derive", "version": DERIVE.version, "pending": 0,
                                "done": 3, "failed": 0, "stale": 0}
    with Case.open(case_dir) as case:
        assert case.store.execute("SELECT COUNT(*) FROM dates").fetchone()[0] == 3
        hits = search(case, "date:1393/08/20..1393/08/22").hits
        assert len(hits) == 3
    table = kavosh("status", "--case", str(case_dir)).stdout
    assert "derive" in table and "stale" in table


def test_mentions_found_by_an_older_entity_model_are_stale(tmp_path: Path) -> None:
    # The mentions stage's version names every finder's version (a retrained model is a new
    # version): status counts what an older model found, and the next run finds it again.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "note.txt").write_text("سرهنگ بهروز تقوی‌پور به دمشق رفت.\n", encoding="utf-8")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    with Case.open(case_dir) as case:
        case.store.execute("UPDATE stage_state SET version = '1+crf1' WHERE stage = 'mentions'")
    stages = {s["stage"]: s for s in json.loads(
        kavosh("status", "--case", str(case_dir), "--json").stdout)["stages"]}
    assert stages["mentions"]["done"] == 1 and stages["mentions"]["stale"] == 1
    assert "crf" in stages["mentions"]["version"]
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    stages = {s["stage"]: s for s in json.loads(
        kavosh("status", "--case", str(case_dir), "--json").stdout)["stages"]}
    assert stages["mentions"]["stale"] == 0 and stages["mentions"]["done"] == 1


class _Counter:
    """A case-wide stage for the test: counts the documents each time it runs."""

    info = StageInfo("count", "1", ("index",), ("nothing",), "main", "case")

    def __init__(self, case: Case) -> None:
        self.case = case
        self.runs: list[int] = []

    def run(self, progress: Progress) -> None:
        self.runs.append(self.case.store.counts()["documents"])


def test_case_wide_stages_run_when_documents_changed(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("first\n", encoding="utf-8")
    counter = _Counter(case)
    ingest(case, [folder])
    process(case, case_stages=[counter])
    process(case, case_stages=[counter])
    assert counter.runs == [1], "nothing changed: not run again"
    (folder / "b.txt").write_text("second\n", encoding="utf-8")
    ingest(case, [folder])
    process(case, case_stages=[counter])
    assert counter.runs == [1, 2]
    assert case.store.case_state("count") == ("done", "1", None)
    names = [s.name for s in status(case).stages]
    assert names[:5] == ["read", "textcheck", "ocr", "derive", "index"]
