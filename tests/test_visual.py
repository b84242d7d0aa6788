"""Persian PDFs stored in visual order (the ReportLab + reshaper + bidi route) are repaired."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kavosh.text import normalize
from kavosh.text.visual import fix_ltr_word_order, looks_visual, repair_visual_order, to_logical

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Arabic and Latin glyphs
LINES = [
    "این گزارش در تاریخ ۱۳۹۳/۰۸/۲۵ از سفارت به تهران ارسال شد.",
    "جلسه با حضور نمایندگان IRGC Quds Force در بغداد برگزار شد.",
    "شماره تماس آقای کاظمی‌نیا 09123456789 است (محرمانه).",
    "The embassy in Baghdad reported on 2014-11-16.",
]


def visual_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF made the way ReportLab users make Persian PDFs: reshaped, then bidi-reordered."""
    arabic_reshaper = pytest.importorskip("arabic_reshaper")
    bidi = pytest.importorskip("bidi.algorithm")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    ttfonts = pytest.importorskip("reportlab.pdfbase.ttfonts")
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    if not FONT.exists():
        pytest.skip(f"font {FONT} not installed (Debian package fonts-dejavu-core)")
    pdfmetrics.registerFont(ttfonts.TTFont("Naskh", str(FONT)))
    c = canvas.Canvas(str(path))
    c.setFont("Naskh", 12)
    y = 780
    for line in lines:
        c.drawRightString(550, y, bidi.get_display(arabic_reshaper.reshape(line)))
        y -= 24
    c.save()
    return path


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def positioned_fix(path: Path) -> str:
    """The page text repaired using PDFium's character boxes, as the PDF ingestor does."""
    doc = pdfium.PdfDocument(str(path))
    try:
        textpage = doc[0].get_textpage()
        text = textpage.get_text_range()
        return fix_ltr_word_order(text, lambda i: textpage.get_charbox(i)[0])
    finally:
        doc.close()


def test_visual_order_pdf_reads_in_logical_order(tmp_path: Path) -> None:
    # PDFium reorders the right-to-left runs itself; what it gets wrong is the word order of
    # Latin phrases inside Persian lines, which fix_ltr_word_order puts right.
    raw = pdf_text(visual_pdf(tmp_path / "visual.pdf", LINES))
    assert "Force Quds IRGC" in raw  # the PDFium artefact this repair exists for
    fixed = fix_ltr_word_order(raw)
    got = [normalize(line) for line in fixed.splitlines() if line.strip()]
    assert got == [normalize(line) for line in LINES]
    assert positioned_fix(tmp_path / "visual.pdf") == fixed


def test_fully_reversed_layer_is_detected_and_repaired() -> None:
    # What a plain extractor returns for such a PDF: every line as drawn, shaped glyphs.
    arabic_reshaper = pytest.importorskip("arabic_reshaper")
    bidi = pytest.importorskip("bidi.algorithm")
    visual = "\n".join(bidi.get_display(arabic_reshaper.reshape(line)) for line in LINES)
    assert normalize("گزارش") not in normalize(visual)
    assert looks_visual(visual)
    fixed, repaired = repair_visual_order(visual)
    assert repaired
    assert [normalize(line) for line in fixed.splitlines()] == [normalize(x) for x in LINES]
    assert to_logical(visual).splitlines()[3] == LINES[3]  # English lines untouched


def test_logical_text_is_left_alone() -> None:
    text = "\n".join(LINES)
    assert not looks_visual(text)
    assert repair_visual_order(text) == (text, False)
    assert not looks_visual("The embassy in Baghdad reported on 2014-11-16.")


def test_ingested_visual_pdf_reads_in_order(tmp_path: Path) -> None:
    from conftest import make_case

    from kavosh.pipeline import ingest
    from kavosh.views.search import search

    (tmp_path / "in").mkdir()
    source = visual_pdf(tmp_path / "in" / "reportlab.pdf", LINES)
    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [source])
    doc = next(d for d in case.store.documents() if d.mime == "application/pdf")
    text = case.store.pages(doc.id)[0].text
    assert "IRGC Quds Force" in text
    assert doc.metadata["reordered_pages"] == [1]
    assert [hit.path for hit in search(case, '"IRGC Quds Force"').hits] == [source.name]
    assert search(case, "کاظمی‌نیا").total == 1
    case.close()


def test_inverted_bracket_pairs_in_persian_lines() -> None:
    from kavosh.text.visual import fix_inverted_pairs

    assert fix_inverted_pairs("رمز »زنبق« و (سری) و )دوم(") == "رمز «زنبق» و (سری) و (دوم)"
    assert fix_inverted_pairs("f(x) = (a + b)") == "f(x) = (a + b)"  # left-to-right: untouched
    assert fix_inverted_pairs("«درست» و (درست)") == "«درست» و (درست)"


def test_separators_moved_around_numbers_are_put_back() -> None:
    from kavosh.text.visual import fix_neutral_placement

    assert fix_neutral_placement("پیرو تلگراف شماره /۳۱۲/۴۸۸۰ک مورخ ۲۵ آبان ،۱۳۹۳ در") == (
        "پیرو تلگراف شماره ۳۱۲/۴۸۸۰/ک مورخ ۲۵ آبان ۱۳۹۳، در")
    assert fix_neutral_placement("تاریخ: ۱۳۹۴/۰۳/۳۰") == "تاریخ: ۱۳۹۴/۰۳/۳۰"
    assert fix_neutral_placement("The value ,5 is odd /12a") == "The value ,5 is odd /12a"


def test_sample_cable_numbers_read_as_written(tmp_path: Path) -> None:
    """The sample's shaped PDFs (fpdf2 + HarfBuzz) come back with their numbers intact."""
    import json

    from conftest import ROOT, SAMPLE, ingest_context

    from kavosh.ingest.pdf import PdfIngestor

    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    cables = [c for c in manifest["cables"] if c["format"] == "pdf" and c["language"] == "fas"
              and not c["member_path"]]
    for cable in cables[:8]:
        path = SAMPLE / cable["path"]
        text = PdfIngestor().ingest(path, ingest_context(tmp_path)).pages[0].text
        assert cable["number"] in text, (cable["path"], cable["number"])
