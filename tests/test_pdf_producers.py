"""Persian PDFs read in logical order whatever produced them (issue 10).

Each producer that runs here writes the same short fictional document (``bench/pdf_producers``
makes it: a header of label/value rows, paragraphs with «جمهوری اسلامی ایران اعلام کرد», a
Latin phrase, dates, reference numbers, a phone number and a time); the PDF is ingested as a
user would and read back.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, kavosh, make_case, shared_data

from kavosh.text.bidi import visual_to_logical

sys.path.insert(0, str(ROOT / "bench"))
import pdf_producers  # bench/ is not a package

Make = Callable[[list[pdf_producers.Document], Path], list[Path]]


def _need(name: str) -> Make:
    make, available = pdf_producers.PRODUCERS[name]
    if not available():
        what = "soffice (LibreOffice)" if name.startswith("lo-") else name
        pytest.skip(f"{what} is not installed here (scripts/install-system.sh installs it)")
    return make


def _make(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = pdf_producers.fictional_documents()[0]
    [path] = _need(name)([doc], folder)
    if not path.exists():
        pytest.fail(f"{name} made no PDF")
    return path


PRODUCERS = ["lo-html", "lo-docx-ctl", "lo-docx-justified", "lo-docx-plain", "lo-odt-ctl",
             "lo-odt-plain", "reportlab-bidi", "fpdf2-harfbuzz", "chromium", "chromium-2col",
             "gs-lo-html"]


@pytest.mark.slow
@pytest.mark.parametrize("producer", PRODUCERS)
def test_persian_pdf_reads_in_order(producer: str, tmp_path: Path) -> None:
    from kavosh.pipeline import ingest
    from kavosh.views.search import search

    source = _make(producer, tmp_path / "made")
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(source, inbox / f"{producer}.pdf")
    case = make_case(tmp_path / "case", executor="inline")
    try:
        ingest(case, [inbox / f"{producer}.pdf"])
        doc = next(d for d in case.store.documents() if d.mime == "application/pdf")
        text = "\n".join(page.text for page in case.store.pages(doc.id))
        lines = text.splitlines()
        assert "تاریخ: ۱۳۹۳/۰۸/۲۵" in lines, text  # a header row reads label: value
        assert "جمهوری اسلامی ایران اعلام کرد" in text
        assert "IRGC Quds Force" in text
        assert "۳۱۲/۴۸۸۰/ک" in text and "61-1367249" in text and "12:30" in text
        assert "موضوع: فرد شماره 30" in text
        assert search(case, "اسلامی").total == 1
        assert search(case, "پرتلاش").total == 1
    finally:
        case.close()
    score = pdf_producers.Score()
    score.add(pdf_producers.fictional_documents()[0], text)
    assert score.shares() == {"paragraphs": 1.0, "numbers": 1.0}, score.failures


@pytest.mark.slow
def test_ghostscript_over_a_browser_pdf_goes_to_ocr(tmp_path: Path) -> None:
    """Ghostscript rewriting Chromium's PDF loses the Unicode map of some fonts: the words hold
    glyph codes (``بانكþ``, dates as ``۷÷/÷ö/۳۸۵÷``). The text check must send every such page
    to OCR rather than index it."""
    from kavosh.ocr.textlayer import garbage_reason

    pages = pdf_producers.read_pdf(_make("gs-chromium", tmp_path / "made"))
    assert pages and all(garbage_reason(page) for page in pages), pages


@pytest.mark.slow
def test_kavosh_search_finds_libreoffice_pdf(tmp_path: Path) -> None:
    """The issue's own check: a Writer PDF, then ``kavosh search اسلامی`` on the command line."""
    source = _make("lo-html", tmp_path / "made")
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(source, inbox / "writer.pdf")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(inbox), "--case", str(case_dir), "--no-ocr")
    result = kavosh("search", "اسلامی", "--case", str(case_dir))
    assert "writer.pdf" in result.stdout
    assert "اسلامی" in result.stdout


@pytest.mark.slow
def test_table_rows_read_cell_by_cell(tmp_path: Path) -> None:
    """A table of three columns through Writer: one row a line, cells right to left, tabs."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice (LibreOffice) is not installed here")
    rows = [("ردیف", "نام", "مبلغ"), ("۱", "بهرام کاظمی‌نیا", "۱۲۰٬۰۰۰"),
            ("۲", "شیرین آذرمهر", "۹۵٬۵۰۰"), ("۳", "Kenneth Fictional", "2014-11-16")]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    page = tmp_path / "table.html"
    page.write_text(f'<html dir="rtl"><head><meta charset="utf-8"></head><body dir="rtl">'
                    f'<table border="1" width="100%">{body}</table></body></html>',
                    encoding="utf-8")
    pdf_producers._soffice([page], tmp_path, "HTML (StarWriter)")
    text = "\n".join(pdf_producers.read_pdf(tmp_path / "table.pdf"))
    lines = [line.replace("\u200c", "") for line in text.splitlines()]
    for row in rows:
        assert "\t".join(cell.replace("\u200c", "") for cell in row) in lines, text


def test_visual_lines_put_back_in_logical_order() -> None:
    """Lines as drawn (left to right), each character a cluster, back in reading order."""

    def logical(visual: str, rtl: bool | None = None) -> str:
        return visual_to_logical(list(visual), rtl)

    assert logical("۱۳۹۳/۰۸/۲۵ :خیرات") == "تاریخ: ۱۳۹۳/۰۸/۲۵"
    assert logical("ک/۳۱۲/۴۸۸۰ هرامش") == "شماره ۳۱۲/۴۸۸۰/ک"
    # after an Arabic letter, "-" does not join digits: the bidi algorithm draws them apart
    assert logical("1367249-61 :نفلت") == "تلفن: 61-1367249"
    assert logical("12:30 تعاس") == "ساعت 12:30"
    assert logical("دش رازگرب IRGC Quds Force نارنخس") == "سخنران IRGC Quds Force برگزار شد"
    assert logical(".The embassy reported on 2014-11-16", rtl=True) == (
        "The embassy reported on 2014-11-16.")
    # a left-to-right paragraph with a Persian phrase keeps its own order
    assert logical("The envoy met نایناریا in Baghdad.") == "The envoy met ایرانیان in Baghdad."
    # the same paragraph direction, Persian words, a number wrapped from the line before
    assert logical("نویلیم 250", rtl=False) == "250 میلیون"


def test_ligature_glyphs_read_in_order() -> None:
    """Lam-alef and «الله» drawn as one glyph (PDFium gives their letters last first)."""
    from kavosh.text.bidi import Glyph, Piece, page_lines

    def glyph(text: str, left: float, right: float) -> Glyph:
        return Glyph(text, left, right, 0.0, 10.0, 10.0)

    # «اسلامی» drawn right to left: ی م (لا as one glyph, given as «ال») س ا
    word = [glyph("ا", 40, 42), glyph("س", 34, 40), glyph("ا", 28, 34), glyph("ل", 28, 34),
            glyph("م", 22, 28), glyph("ی", 16, 22)]
    allah = [glyph("ا", 10, 12), glyph("ه", 2, 10), glyph("ل", 2, 10), glyph("ل", 2, 10)]
    assert page_lines([Piece(word)]) == ["اسلامی"]
    assert page_lines([Piece(allah)]) == ["الله"]
    assert page_lines([Piece([glyph("\ufefb", 0, 6)])]) == ["لا"]  # a presentation form


@pytest.mark.slow
def test_real_persian_news_through_libreoffice(tmp_path: Path) -> None:
    """Fars News articles (tuning split) through Writer: nearly every paragraph in order."""
    folder = shared_data("farsnews")
    make = _need("lo-html")
    docs = pdf_producers.farsnews_documents(6, held_out=False, folder=folder)
    score = pdf_producers.Score()
    for doc, path in zip(docs, make(docs, tmp_path), strict=True):
        score.add(doc, "\n".join(pdf_producers.read_pdf(path)))
    shares = score.shares()
    assert shares["numbers"] == 1.0, score.failures
    assert shares["paragraphs"] >= 0.95, score.failures


def test_rotated_persian_text_keeps_pdfium_order(tmp_path: Path) -> None:
    """A line drawn turned a quarter (a landscape table): positions do not run left to right,
    so the page keeps PDFium's order instead of being rebuilt into one jumbled line."""
    arabic_reshaper = pytest.importorskip("arabic_reshaper")
    bidi = pytest.importorskip("bidi.algorithm")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    ttfonts = pytest.importorskip("reportlab.pdfbase.ttfonts")
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    if not pdf_producers.FONT.exists():
        pytest.skip(f"font {pdf_producers.FONT} not installed (Debian fonts-dejavu-core)")
    pdfmetrics.registerFont(ttfonts.TTFont("DejaVu", str(pdf_producers.FONT)))
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("DejaVu", 12)
    c.translate(300, 100)
    c.rotate(90)
    lines = ["جمهوری اسلامی ایران اعلام کرد که این گزارش پرتلاش است.",
             "تاریخ: ۱۳۹۳/۰۸/۲۵ و شماره ۳۱۲/۴۸۸۰/ک"]
    for k, line in enumerate(lines):
        c.drawRightString(500, -k * 20, bidi.get_display(arabic_reshaper.reshape(line),
                                                         base_dir="R"))
    c.save()
    assert "\n".join(pdf_producers.read_pdf(path)).splitlines() == lines
