"""Marks over a letter survive a Ghostscript rewrite of a LibreOffice PDF (issue 10).

LibreOffice gives a letter and its mark (``آُ``) as the text of the mark's glyph; Ghostscript's
pdfwrite then packs the mark with the letter's low byte into one unit (``≎``) and gives the
mark's glyph a stray ``#`` drawn over the letter. Marks are dropped by normalisation anyway;
the debris must not split the word.
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
