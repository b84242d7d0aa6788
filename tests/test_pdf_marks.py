"""Marks, and numbers at a line's start, in Persian and Arabic PDFs of real producers (issue 10).

Marks over a letter survive a Ghostscript rewrite of a LibreOffice PDF: LibreOffice gives a
letter and its mark (``آُ``) as the text of the mark's glyph; Ghostscript's pdfwrite then packs
the mark with the letter's low byte into one unit (``≎``) and gives the mark's glyph a stray
``#`` drawn over the letter. Marks are dropped by normalisation anyway; the debris must not
split the word. Marks stay on their letters, a tanwin or a hamza leaves its word whole and
apart, and a number wrapped to the start of a right-to-left line reads in order.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, kavosh

sys.path.insert(0, str(ROOT / "bench"))
import pdf_producers  # bench/ is not a package

MARKED = "بهرام آُمد و آْخرین نامه را با خط آَشفته‌ای برای دوستش نوشت."


@pytest.mark.slow
@pytest.mark.parametrize("font", pdf_producers.FONTS)
def test_marks_on_alef_madda_through_ghostscript(font: str, tmp_path: Path) -> None:
    """The stray character depends on the font (``#`` in DejaVu Sans, ``P`` in Nazli)."""
    make, available = pdf_producers.PRODUCERS["gs-lo-html"]
    if not available():
        pytest.skip("soffice (LibreOffice) or gs is not installed here "
                    "(scripts/install-system.sh installs them)")
    doc = pdf_producers.Document("marks", "نامه بهرام", [MARKED], font=font)
    (tmp_path / "made").mkdir()
    [made] = make([doc], tmp_path / "made")
    text = "\n".join(pdf_producers.read_pdf(made))
    debris = [c for c in text if (c.isascii() and not c.isspace() and c != ".")
              or 0x2100 <= ord(c) <= 0xCCFF]
    assert not debris, text
    assert pdf_producers.words(MARKED) == pdf_producers.words(text)[-len(
        pdf_producers.words(MARKED)):], text

    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(made, inbox / "letter.pdf")
    kavosh("ingest", str(inbox), "--case", str(tmp_path / "case"), "--no-ocr")
    found = kavosh("search", "آمد", "--case", str(tmp_path / "case"))
    assert "letter.pdf" in found.stdout


MARKED_LINES = ["وأعلن أنّ المبلغ حُوِّل إلى شركة الأمل في دبي قبل أسبوع.",
                "خانهٔ او فوراً فروخته شد و مأموران بی‌درنگ رسیدند."]  # Arabic, then Persian


@pytest.mark.slow
@pytest.mark.parametrize("producer", ["lo-html", "lo-docx-ctl", "chromium", "fpdf2-harfbuzz"])
def test_marks_stay_on_their_letters(producer: str, tmp_path: Path) -> None:
    """Shadda, kasra, damma, tanwin and the hamza of the ezafe read on the letter they are
    drawn over: Writer sets a line's marks apart from their letters in the text layer (the
    shadda of «أنّ» came out on the first letter of the line), and Chromium gives each mark a
    box beside its letter (the letters of «حُوِّل» came out as three words)."""
    import unicodedata

    make, available = pdf_producers.PRODUCERS[producer]
    if not available():
        pytest.skip(f"{producer} cannot run here (scripts/install-system.sh installs it)")
    (tmp_path / "made").mkdir()
    [made] = make([pdf_producers.Document("marks", "نامه", MARKED_LINES)], tmp_path / "made")

    def canonical(text: str) -> str:  # one order of marks; fpdf2's text layer has no ZWNJ
        return unicodedata.normalize("NFC", text).replace("\u200c", "")

    text = canonical("\n".join(pdf_producers.read_pdf(made)))
    for line in MARKED_LINES:
        assert canonical(line) in text.splitlines(), text


TANWIN_LINES = ["او کاملاً درست گفت و اصلاً به جلسه نرفت و معمولاً همه فوراً رسیدند.",
                "بلغ عدد المعتقلين 127 شخصاً حتى الآن وكان الاجتماع مهماً جداً للجميع.",
                # the hamza on the alef as Fars News writes it, a mark after ا (تأکید, مسأله)
                "وی بر جلوگیری از خسارت سیل \u062a\u0627\u0654\u06a9\u06cc\u062f کرد و آن را "
                "\u0645\u0633\u0627\u0654\u0644\u0647 نامید."]


@pytest.mark.slow
@pytest.mark.parametrize(("producer", "font"), [
    ("lo-html", "B Nazanin"), ("lo-html", "Times New Roman"), ("lo-html", "Noto Naskh Arabic"),
    ("chromium", "DejaVu Sans"), ("chromium", "Noto Naskh Arabic"), ("chromium", "Nazli")])
def test_a_word_with_a_tanwin_or_a_hamza_reads_whole_and_apart(producer: str, font: str,
                                                               tmp_path: Path) -> None:
    """Bug (issue 10): a Persian or Arabic word ending in a tanwin came out joined to the next
    word or cut in two, and one with a hamza on its alef with the alef first («اتٔکید»).

    - Writer, in a font the converting machine lacks (B Nazanin, Times New Roman: it draws the
      letters with a fallback font), gives the tanwin a box reaching into the space after its
      word, and the letter's cluster took all of it: «کاملاًدرست», «مهماًجداً».
    - Chromium gives the letters of an alef or lam-alef drawn with a tanwin boxes a fraction
      of the glyph's width at its left edge, the rest of its ink seemingly a gap: «کام لًا»
      (DejaVu Sans, Nazli); in Noto Naskh Arabic it also gives the ligature's text twice,
      once in boxes that stick out of the glyph's by a hair: «کاملاًاً».
    - Writer gives the alef with a hamza (ا and U+0654) as one glyph whose text is the mark
      first (Noto Naskh Arabic), and the mark went to the ت before it, which then spanned the
      alef's box and took it in: «اتٔکید»; Chromium gives the pair squeezed boxes (Nazli)."""
    make, available = pdf_producers.PRODUCERS[producer]
    if not available():
        pytest.skip(f"{producer} cannot run here (scripts/install-system.sh installs it)")
    (tmp_path / "made").mkdir()
    [made] = make([pdf_producers.Document("tanwin", "نامه", TANWIN_LINES, font=font)],
                  tmp_path / "made")
    text = " ".join(pdf_producers.words("\n".join(pdf_producers.read_pdf(made))))
    for line in TANWIN_LINES:
        assert " ".join(pdf_producers.words(line)) in text, text


# Numbers at the start of a line of a right-to-left paragraph. Wrapped by the producer, they
# were drawn as numbers after the Arabic letters of the line above; after a forced break
# (<br>), LibreOffice draws them as numbers that follow no letter. People are fictional.
WRAPPING = ["به گزارش خبرگزاری فارس، آقای رضا کامرانی (نماینده سازمان) روز ۲۵ آبان ۱۳۹۳ گفت: "
            "«ما ۴۰٪ بودجه را هزینه کرده‌ایم».",
            "ملاحظه: نام‌های آمده در این سند ساختگی است؛ مسئول پیگیری: مهندس علی‌اصغر نیک‌نام "
            "(تلفن 021-88776655)."]
BROKEN = [("مسئول پیگیری: مهندس کامران نیک‌نام (تلفن", "021-88776655)."),
          ("او گفت: «ما", "۴۰٪ بودجه را هزینه کرده‌ایم».")]
OPENING = ["قرارداد دیروز بسته شد.", "021-88776655 شماره تماس دفتر است."]


@pytest.mark.slow
@pytest.mark.parametrize("producer", ["lo-html", "lo-docx-ctl", "fpdf2-harfbuzz"])
def test_a_number_wrapped_to_the_start_of_a_line_reads_in_order(producer: str,
                                                               tmp_path: Path) -> None:
    """Bug (issue 10): a number with ``-`` or ``٪`` that a producer wrapped to the start of a
    line of a right-to-left paragraph came out turned: «021-88776655» as «88776655-021»,
    «۴۰٪» as «٪۴۰». It is drawn as a number after Arabic letters (split at the ``-``, the
    ``٪`` left of it), and those letters are on the line above: a line that goes on from a
    full line above now reads its numbers after that line's last letter."""
    make, available = pdf_producers.PRODUCERS[producer]
    if not available():
        pytest.skip(f"{producer} cannot run here (scripts/install-system.sh installs it)")
    (tmp_path / "made").mkdir()
    [made] = make([pdf_producers.Document("wrapped", "نامه", WRAPPING, font="DejaVu Sans")],
                  tmp_path / "made")
    text = " ".join(pdf_producers.words("\n".join(pdf_producers.read_pdf(made))))
    for line in WRAPPING:
        assert " ".join(pdf_producers.words(line)) in text, text


@pytest.mark.slow
def test_a_number_after_a_forced_line_break_reads_as_drawn(tmp_path: Path) -> None:
    """A line after a forced break (<br>) is not wrapped: LibreOffice draws its number as one
    of a paragraph of its own, and so does a paragraph that starts with a number; both read
    as drawn, beside a full paragraph that sets the page's margin."""
    if shutil.which("soffice") is None:
        pytest.skip("soffice (LibreOffice) is not installed here "
                    "(scripts/install-system.sh installs it)")
    import html as html_text

    body = "".join(f"<p>{html_text.escape(p)}</p>" for p in WRAPPING)
    body += "".join(f"<p>{html_text.escape(a)}<br>{html_text.escape(b)}</p>" for a, b in BROKEN)
    body += "".join(f"<p>{html_text.escape(p)}</p>" for p in OPENING)
    source = tmp_path / "broken.html"
    source.write_text(f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>body'
                      f"{{font-family:'DejaVu Sans';font-size:12pt}}</style></head>"
                      f'<body dir="rtl">{body}</body></html>', encoding="utf-8")
    pdf_producers._soffice([source], tmp_path, "HTML (StarWriter)")
    text = " ".join(pdf_producers.words("\n".join(
        pdf_producers.read_pdf(tmp_path / "broken.pdf"))))
    for line in [f"{a} {b}" for a, b in BROKEN] + OPENING:
        assert " ".join(pdf_producers.words(line)) in text, text
