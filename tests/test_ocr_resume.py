"""A real ``kavosh ocr`` killed with SIGKILL mid-run resumes at the next page: every page
is OCRed exactly once, none is lost, and the search index ends complete."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import kavosh
from PIL import Image

from kavosh.case import Case
from kavosh.model import Layer
from kavosh.ocr.synthetic import NoRaqm, render_page
from kavosh.views.search import search

FONT = Path("/usr/share/fonts/truetype/farsiweb/nazli.ttf")
WORDS = ["کاروانسرا", "آبشار", "کوهستان", "بازرگان", "گلستان", "ساحل", "جنگل", "دریاچه",
         "بیابان", "کشتزار"]


def _pages(folder: Path) -> Path:
    """A ten-page TIFF, each page naming its own word."""
    if not FONT.exists() or shutil.which("tesseract") is None:
        pytest.skip("needs tesseract and the Nazli font")
    frames = []
    for word in WORDS:
        try:
            image, _ = render_page(f"گزارش درباره {word} و دیدار هیئت", FONT, dpi=150)
        except NoRaqm as error:
            pytest.skip(str(error))
        frames.append(image.crop((0, 0, image.width, image.height // 6)))
    path = folder / "pages.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return path


def _ocr_rows(db: Path) -> dict[int, str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            rows = conn.execute(
                "SELECT number, created_at FROM pages WHERE layer = 'ocr'").fetchall()
    except sqlite3.Error:
        return {}
    return {int(number): str(created) for number, created in rows}


@pytest.mark.slow
def test_killed_ocr_resumes_at_the_next_page(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _pages(folder)
    case_dir = tmp_path / "case"
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kavosh", "ocr", "--case", str(case_dir), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    db = case_dir / "kavosh.db"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if len(_ocr_rows(db)) >= 3:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and its tesseract too
        proc.wait()
    before = _ocr_rows(db)
    assert 3 <= len(before) < len(WORDS)

    kavosh("ocr", "--case", str(case_dir))
    after = _ocr_rows(db)
    assert sorted(after) == list(range(1, len(WORDS) + 1)), "no page lost"
    assert all(after[n] == before[n] for n in before), "pages read before the kill not redone"
    with Case.open(case_dir) as case:
        doc = next(d for d in case.store.documents() if d.name == "pages.tif")
        assert case.store.ocr_failures(doc.id) == {}
        assert len(case.store.pages(doc.id, Layer.OCR)) == len(WORDS)
        for page in case.store.pages(doc.id, Layer.OCR):  # every page's text is in the index
            word = max(page.text.split(), key=len)
            hits = [(h.document_id, h.page) for h in search(case, f'"{word}"', limit=50).hits]
            assert (doc.id, page.number) in hits, (page.number, word)
        found = [word for number, word in enumerate(WORDS, start=1)
                 if (doc.id, number) in [(h.document_id, h.page) for h in search(case, word).hits]]
        assert len(found) >= len(WORDS) - 3, found  # a misread word now and then
        assert case.store.count_pages_to_ocr() == 0
        image = Image.open(folder / "pages.tif")
        assert getattr(image, "n_frames", 1) == len(WORDS)
