"""Verification of scans' EXIF against the document's date, and of Persian times written in
words or as military four-digit times (issue 16).

A scanned page is an image: its own date can only come from its text, so the pages are
rendered here with Pillow, saved with EXIF, and read by OCR (Tesseract's English model) —
the route a real scanned cable takes. The times are in a plain-text note.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_case
from PIL import Image, ImageDraw, ImageFont

from kavosh.case import Case
from kavosh.pipeline import ingest, run_ocr
from kavosh.pipeline.ocr import OcrOptions
from kavosh.verify import run_checks

LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# 2 Farvardin 1387: daylight saving began at 00:00, so 00:15 never happened; 30 Shahrivar
# 1387: it ended at 24:00, so 23:15 happened twice; 10 Dey 1388 is winter (+03:30). A duration
# and a watch's price after ساعت are no times.
TIMES_NOTE = ("یادداشت جلسه\n"
              "نخستین دیدار ساعت ۱۲ و ربع بامداد روز ۲ فروردین ۱۳۸۷ بود.\n"
              "محموله ساعت ۲۳ و ۱۵ دقیقه روز ۳۰ شهریور ۱۳۸۷ رسید.\n"
              "دیدار دوم ساعت ۱۴۳۰ به وقت تهران (۱۰۰۰ به وقت گرینویچ) روز ۱۰ دی ۱۳۸۸ بود.\n"
              "دیدار سوم ساعت ۲ و نیم بامداد روز ۲ فروردین ۱۳۸۷ بود و دو ساعت و نیم طول کشید.\n"
              "سفر ۲۴ ساعت و ۳۰ دقیقه طول کشید و روز ۳۰ شهریور ۱۳۸۷ تمام شد.\n")


def _ocr_available() -> bool:
    if shutil.which("tesseract") is None or not LATIN.exists():
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "eng" in langs.stdout.split()


def scanned_page(path: Path, lines: tuple[str, ...], exif: dict[int, str],
                 capture: dict[int, str]) -> None:
    """A page of English text as a scanner would save it: IFD0 tags ``exif`` (Make, Model,
    Software) and Exif IFD tags ``capture`` (DateTimeOriginal, DateTimeDigitized)."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(LATIN), 30)
    for row, line in enumerate(lines):
        draw.text((120, 120 + 50 * row), line, font=face, fill=0)
    tags = Image.Exif()
    for tag, value in exif.items():
        tags[tag] = value
    for tag, value in capture.items():
        tags.get_ifd(0x8769)[tag] = value
    image.save(path, exif=tags)


def _cable(serial: int, day: str, subject: str) -> tuple[str, ...]:
    return (f"NO. 316/{serial}/S", f"DATE: {day}", "FROM: Karbala station",
            "TO: Headquarters", f"SUBJECT: {subject}", "",
            "The tankers for the camps south of the city arrived two days late.")


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, dict[str, int]]]:
    root = tmp_path_factory.mktemp("exif")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "times-note.txt").write_text(TIMES_NOTE, encoding="utf-8")
    ocr = _ocr_available()
    if ocr:
        # scanned eleven days before the cable's date, and saved by Photoshop
        scanned_page(inbox / "scan-7007.jpg", _cable(7007, "12 August 2014", "Water tankers"),
                     {0x010F: "Canon", 0x0110: "CanoScan LiDE 220",
                      0x0131: "Adobe Photoshop CS6 (Windows)"},
                     {0x9004: "2014:08:01 09:30:00"})
        # scanned the week after, by the scanner's own software: nothing to say
        scanned_page(inbox / "scan-7008.png", _cable(7008, "14 August 2014", "Fuel trucks"),
                     {0x010F: "EPSON", 0x0110: "Perfection V39", 0x0131: "EPSON Scan"},
                     {0x9003: "2014:08:20 16:05:00", 0x9004: "2014:08:20 16:05:00"})
    case = make_case(root / "case", executor="inline")
    try:
        ingest(case, [inbox])
        if ocr:
            run_ocr(case, OcrOptions(languages=("eng",), executor="inline"))
        run_checks(case.store)
        ids = {Path(d.path).stem: d.id for d in case.store.documents()}
        yield case, ids
    finally:
        case.close()


def test_scans_exif_against_the_document_date(checked: tuple[Case, dict[str, int]]) -> None:
    case, ids = checked
    if "scan-7007" not in ids:
        pytest.skip("Tesseract with its English model, or the DejaVu font, is not installed")
    early = case.store.document(ids["scan-7007"])
    assert early is not None
    assert {k: early.metadata[k] for k in ("camera_make", "camera_model", "software", "taken")
            } == {"camera_make": "Canon", "camera_model": "CanoScan LiDE 220",
                  "software": "Adobe Photoshop CS6 (Windows)", "taken": "2014-08-01T09:30:00"}
    found = case.store.findings(ids["scan-7007"], "metadata")
    assert [(f.severity, f.evidence["kind"]) for f in found] == [
        ("warning", "captured-before-date"), ("info", "image-editor")]
    assert found[0].evidence["own_date"] == "2014-08-12"
    assert found[0].evidence["device"] == "Canon CanoScan LiDE 220"
    assert found[1].evidence["editor"] == "Adobe Photoshop"
    later = case.store.document(ids["scan-7008"])
    assert later is not None and later.metadata["taken"] == "2014-08-20T16:05:00"
    assert case.store.findings(ids["scan-7008"], "metadata") == []


def test_persian_times_in_words_and_military(checked: tuple[Case, dict[str, int]]) -> None:
    case, ids = checked
    found = case.store.findings(ids["times-note"], "times")
    assert [(f.severity, f.evidence["kind"], f.evidence["day"], f.evidence["time"],
             f.evidence["text"]) for f in found] == [
        ("warning", "nonexistent-time", "2008-03-21", "00:15", "ساعت ۱۲ و ربع بامداد"),
        ("info", "ambiguous-time", "2008-09-20", "23:15", "ساعت ۲۳ و ۱۵ دقیقه"),
        ("warning", "offset-mismatch", "2009-12-31", "14:30", "ساعت ۱۴۳۰ به وقت تهران")]
    assert found[2].evidence["said"] == "۱۰۰۰ به وقت گرینویچ"
    page = case.store.pages(ids["times-note"])[0].text
    assert all(page[f.evidence["start"]:f.evidence["end"]] == f.evidence["text"] for f in found)
