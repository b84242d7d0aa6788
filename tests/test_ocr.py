"""OCR: real Tesseract on real rendered Persian pages and on the sample archive's scans.

Pages are drawn here with Pillow and raqm (correct Persian shaping), or taken from
sample/archive/scans, whose true text is in sample/manifest.json.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_DATA, kavosh, make_case
from PIL import Image, ImageOps

from kavosh.case import Case, Settings
from kavosh.model import Layer
from kavosh.ocr import OcrUnavailable
from kavosh.ocr.base import Word
from kavosh.ocr.cer import cer, digit_runs, edit_distance
from kavosh.ocr.geometry import Transform
from kavosh.ocr.pages import MAX_OCR_PIXELS, PageError, load_page
from kavosh.ocr.preprocess import Steps, turn
from kavosh.ocr.recognize import read_page
from kavosh.ocr.synthetic import NoRaqm, render_page
from kavosh.ocr.tesseract import TesseractOcr
from kavosh.ocr.textlayer import garbage_reason
from kavosh.ocr.words import is_unverified, place_words
from kavosh.pipeline import OcrOptions, ingest, run_ocr
from kavosh.views.document import document_view
from kavosh.views.search import search

# Nazli draws Persian digits in their Persian shapes (Noto Naskh Arabic draws ۶ and ۷ in
# their Urdu shapes, which Tesseract's Persian model does not know).
FONT = Path("/usr/share/fonts/truetype/farsiweb/nazli.ttf")
MANIFEST = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
SCANS = [c for c in MANIFEST["cables"] if c["format"] in ("jpeg", "png", "tiff")]
TEXT = (
    "شماره: ۳۱۲/۴۵۸۳/خ تاریخ: ۱۳۹۳/۰۴/۲۲\n"
    "بازگشت به تلگراف شماره ۳۱۲/۴۴۸۶ نشست مشترک امنیتی روز ۲۱ تیر با حضور نمایندگان"
    " دو کشور در بغداد برگزار شد. در این نشست بر تشکیل کمیته‌ای ماهانه توافق شد و طرف"
    " عراقی فهرستی از نیازهای تجهیزاتی خود ارائه کرد. شماره تماس ۰۷۹۰۱۸۷۴۴۵۳ در اختیار"
    " این ایستگاه قرار دارد.\n"
    "مراتب جهت استحضار و صدور دستورات لازم اعلام می‌گردد."
)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="tesseract is not installed")


def rendered(text: str = TEXT, dpi: int = 300) -> tuple[Image.Image, str]:
    if not FONT.exists():
        pytest.skip(f"font not installed: {FONT}")
    try:
        return render_page(text, FONT, dpi=dpi)
    except NoRaqm as error:
        pytest.skip(str(error))


def error_rate(truth: str, text: str) -> float:
    errors, total = cer(truth, text)
    return errors / total


# --- small parts ---------------------------------------------------------------------------


def test_edit_distance_agrees_with_the_textbook() -> None:
    def textbook(a: str, b: str) -> int:
        previous = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            current = [i]
            for j, cb in enumerate(b, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1,
                                   previous[j - 1] + (ca != cb)))
            previous = current
        return previous[-1]

    rng = random.Random(3)
    for _ in range(500):
        a = "".join(rng.choice("اب پ۱۲") for _ in range(rng.randint(0, 70)))
        b = "".join(rng.choice("ابت ۱") for _ in range(rng.randint(0, 70)))
        assert edit_distance(a, b) == textbook(a, b), (a, b)
    assert digit_runs("شماره ۳۱۲/۴۵ و 12") == "۳۱۲ ۴۵ 12"


@pytest.mark.parametrize("quarters", [0, 1, 2, 3])
@pytest.mark.parametrize(("angle", "scale"), [(0.0, 1.0), (2.5, 1.5), (-1.7, 0.8)])
def test_boxes_map_back_onto_the_page(quarters: int, angle: float, scale: float) -> None:
    page = Image.new("L", (600, 400), 255)
    page.paste(0, (100, 50, 180, 90))  # a "word" at left 100, top 50, 80 × 40
    image = turn(page, quarters)
    turned_size = image.size
    rotated_size = None
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True,
                             fillcolor=255)
        rotated_size = image.size
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    found = ImageOps.invert(image).point(lambda v: 255 if v > 128 else 0).getbbox()
    assert found is not None
    box = (found[0], found[1], found[2] - found[0], found[3] - found[1])
    transform = Transform(page.size, quarters, angle, rotated_size, scale)
    assert transform.turned_size == turned_size
    left, top, width, height = transform.to_page(box)
    slack = 4 + abs(angle) * 2.5  # the upright box around a tilted box is a little larger
    assert abs(left - 100) <= slack and abs(top - 50) <= slack
    assert abs(left + width - 180) <= slack and abs(top + height - 90) <= slack


def test_garbage_text_layers_are_told_from_real_text() -> None:
    persian = "بازگشت به تلگراف شماره ۳۱۲/۴۴۸۶ مورخ ۱۳۹۳/۰۳/۱۰، نشست مشترک امنیتی روز ۲۱ تیر"
    garbage = {
        "utf-8 read as cp1252": persian.encode("utf-8").decode("cp1252", errors="replace"),
        "cp1256 read as cp1252": persian.encode("cp1256", errors="replace").decode(
            "cp1252", errors="replace"),
        "private use": "".join(chr(0xE000 + i) for i in range(40)),
        "replacement": "\ufffd \ufffd\ufffd" * 10,
        "symbols": "!#$%&()*+,-./:;<=>?@[]^_{|}~" * 2,
        "glyph codes": "Xqzt vbnm kkrt prrst qwz xxtv bcdfg hjkl mnpq rstvw xz",
        # Ghostscript over a browser's PDF: some fonts lose their Unicode map
        "lost font map": "ارائه خدمات بر خط بانكþ در دفاÿر ICT روسĀاþÿ امكان پذÿر مþ شود",
        "lost digit map": "تاریخ: ۷÷/÷ö/۳۸۵÷ شماره: ö٦۳۷/÷÷۵/ک " + persian,
    }
    for name, text in garbage.items():
        assert garbage_reason(text), name
    real = [persian, "The Ambassador met the Foreign Minister on 12 March 2009 (C-NF9-01234).",
            "L'été dernier, nous sommes allés à la plage près de Marseille.",
            "12,345 67,890 11.2% 2014 2015 2016 (3,400) 5/6 12:30 99 100 101", "",
            "کاخ الیزه (Élysée) در پاریس، مساحت ۲×۳ متر و نسبت ۶÷۲، خانم Müller"]
    for text in real:
        assert garbage_reason(text) is None, text


def test_real_born_digital_text_is_never_garbage() -> None:
    cables = SHARED_DATA / "cablegate" / "cables.jsonl"
    fars = SHARED_DATA / "farsnews" / "fars-news-1.json"
    if not cables.exists() or not fars.exists():
        pytest.skip(f"real data not available: {SHARED_DATA} is absent")
    texts = []
    with cables.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index >= 300:
                break
            body = json.loads(line)["body"]
            texts += [body[i:i + 2500] for i in range(0, min(len(body), 10000), 2500)]
    for item in json.loads(fars.read_text(encoding="utf-8"))[:200]:
        texts += [p for p in item.get("paragraphs", []) if p]
    flagged = [t[:80] for t in texts if garbage_reason(t)]
    assert not flagged, flagged


def test_digits_and_unsure_words_are_unverified() -> None:
    def word(text: str, confidence: float) -> Word:
        return Word(text, 0, 0, 10, 10, confidence, 0)

    assert is_unverified(word("۱۳۹۳/۰۴/۲۲", 96.0))
    assert is_unverified(word("٢٠١٤", 99.0)) and is_unverified(word("tel:0912", 99.0))
    assert is_unverified(word("بغداد", 40.0))
    assert not is_unverified(word("بغداد", 92.0))
    text = "از: ایستگاه بغداد\nشماره ۳۱۲"
    spans = place_words(text, [word("از:", 90), word("ایستگاه", 90), word("ناپیدا", 90),
                               word("بغداد", 90), word("۳۱۲", 90)])
    assert [text[s:e] if s >= 0 else None for s, e in spans] == [
        "از:", "ایستگاه", None, "بغداد", "۳۱۲"]


def test_settings_carry_the_ocr_languages(tmp_path: Path) -> None:
    case = make_case(tmp_path / "case", ocr_languages="fas+eng")
    assert case.settings.ocr_languages == "fas+eng" and case.settings.ocr_engine == "tesseract"
    assert 'ocr_languages = "fas+eng"' in (tmp_path / "case" / "kavosh.toml").read_text()
    case.close()
    with pytest.raises(ValueError, match="unknown OCR engine"):
        Settings(ocr_engine="abbyy").check()


def test_a_missing_engine_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        TesseractOcr().check(["fas"])


@needs_tesseract
def test_missing_language_data_names_the_package() -> None:
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-zzz"):
        TesseractOcr().check(["fas", "zzz"])


# --- reading pages -------------------------------------------------------------------------


@needs_tesseract
def test_a_rendered_persian_page_is_read_and_its_numbers_marked(tmp_path: Path) -> None:
    image, truth = rendered()
    path = tmp_path / "page.png"
    image.save(path)
    page = load_page(path, "image/png", 1, 200_000_000)
    reading = read_page(page, TesseractOcr(), ["fas", "ara", "eng"], Steps(), tmp_path / "s")
    # a sixth of this text is digits, the weak spot of Persian OCR: they are judged apart
    assert error_rate(truth, reading.text) < 0.08, reading.text
    letters = str.maketrans("", "", "۰۱۲۳۴۵۶۷۸۹/")
    assert error_rate(truth.translate(letters), reading.text.translate(letters)) < 0.03
    assert "مراتب جهت استحضار" in reading.text  # the line Tesseract's layout skipped
    numbers = [w for w in reading.words if any(c in "۰۱۲۳۴۵۶۷۸۹" for c in w.text)]
    assert len(numbers) >= 4 and all(w.unverified for w in numbers)
    for w in reading.words:  # every placed word is where its offsets say
        assert w.start < 0 or reading.text[w.start:w.end] == w.text
    assert reading.settings["image"] == [image.width, image.height]
    assert reading.settings["languages"] == "fas+ara+eng"


@needs_tesseract
def test_an_english_page_is_read_with_the_other_languages(tmp_path: Path) -> None:
    from PIL import ImageDraw, ImageFont

    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.exists():
        pytest.skip(f"font not installed: {latin}")
    truth = ("SUBJECT: IRANIAN DELEGATION VISITS BAGHDAD\n"
             "1. The delegation met the Foreign Minister on March 12 and discussed\n"
             "border crossings, pilgrims and the reopening of the consulate in Basra.")
    image = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(latin), 40)
    for index, line in enumerate(truth.splitlines()):
        draw.text((200, 200 + 70 * index), line, font=face, fill=0)
    image.save(tmp_path / "english.png")
    page = load_page(tmp_path / "english.png", "image/png", 1, 200_000_000)
    reading = read_page(page, TesseractOcr(), ["fas", "ara", "eng"], Steps(), tmp_path / "s")
    assert reading.settings["read_with"] == "eng"  # English alone, not the Persian model
    assert error_rate(truth, reading.text) < 0.03, reading.text


@needs_tesseract
def test_an_upside_down_page_is_turned_and_read(tmp_path: Path) -> None:
    image, truth = rendered(dpi=200)
    path = tmp_path / "upside-down.png"
    image.rotate(180).save(path)
    page = load_page(path, "image/png", 1, 200_000_000)
    reading = read_page(page, TesseractOcr(), ["fas", "ara", "eng"], Steps(), tmp_path / "s")
    assert "turn:180" in reading.settings["steps"]
    assert error_rate(truth, reading.text) < 0.08, reading.text
    # boxes are on the page as stored (upside down): the first line is at the bottom
    first = next(w for w in reading.words if w.text.startswith("شماره"))
    assert first.top > image.height / 2


def test_unreadable_pages_give_reasons(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.new("L", (800, 600), 200).save(whole, quality=90)
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(whole.read_bytes()[:400])
    with pytest.raises(PageError, match="damaged"):
        load_page(truncated, "image/jpeg", 1, 200_000_000)
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12000, 12000), 1).save(bomb)
    with pytest.raises(PageError, match="too large"):
        load_page(bomb, "image/png", 1, 50_000_000)
    with pytest.raises(PageError, match="no page 3"):
        load_page(whole, "image/jpeg", 3, 200_000_000)
    big = load_page(bomb, "image/png", 1, 200_000_000, max_pixels=10_000_000)
    assert big.image.width * big.image.height <= 10_000_000
    assert big.source_size == (12000, 12000)


def test_a_huge_pdf_page_is_rendered_within_bounds(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(unit="pt", format=(14400, 14400))  # the largest page PDF allows
    pdf.add_page()
    pdf.output(str(tmp_path / "huge.pdf"))
    page = load_page(tmp_path / "huge.pdf", "application/pdf", 1, 200_000_000)
    assert page.image.width * page.image.height <= MAX_OCR_PIXELS


# --- the stage on a case -------------------------------------------------------------------


def ocr_options(case: Case, **overrides: object) -> OcrOptions:
    s = case.settings
    values: dict[str, object] = dict(
        engine=s.ocr_engine, languages=tuple(s.ocr_languages.split("+")),
        workers=2, executor="process", max_image_pixels=s.limits.max_image_pixels)
    values.update(overrides)
    return OcrOptions(**values)  # type: ignore[arg-type]


def run_stage(case: Case, **overrides: object) -> object:
    return run_ocr(case, ocr_options(case, **overrides))


@pytest.fixture(scope="module")
def scans_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    case = make_case(tmp_path_factory.mktemp("scans") / "case", executor="inline")
    ingest(case, [ROOT / "sample" / "archive" / "scans"])
    run_stage(case)
    yield case
    case.close()


def _scan_document(case: Case, cable: dict) -> int:
    for doc in case.store.documents():
        if doc.path.endswith(cable["path"]):
            return doc.id
    raise AssertionError(cable["path"])


@pytest.mark.parametrize("cable", SCANS, ids=lambda c: c["id"])
def test_sample_scans_are_read(scans_case: Case, cable: dict) -> None:
    doc_id = _scan_document(scans_case, cable)
    pages = scans_case.store.pages(doc_id, Layer.OCR)
    assert len(pages) == cable["pages"] and all(p.engine == "tesseract" for p in pages)
    text = "\n".join(p.text for p in pages)
    assert error_rate(cable["text"], text) < 0.06, text
    doc = scans_case.store.document(doc_id)
    assert doc is not None and doc.language == "fas"
    assert scans_case.store.dates(doc_id), "dates found in the OCR text"


def test_sample_scans_are_found_by_their_distinctive_words(scans_case: Case) -> None:
    found, missed = [], []
    for cable in SCANS:
        doc_id = _scan_document(scans_case, cable)
        for phrase in cable["distinctive_phrases"]:
            hits = search(scans_case, phrase).hits
            (found if any(h.document_id == doc_id for h in hits) else missed).append(phrase)
    # OCR misreads a letter now and then (a scan's «کهربا» came back as «کهرب»): most
    # distinctive words must be found, and never in another document.
    assert len(found) >= len(found + missed) - 1, missed


def test_ocr_pages_record_settings_and_unverified_words(scans_case: Case) -> None:
    cable = next(c for c in SCANS if c["path"].endswith("scan-0012.jpg"))
    doc_id = _scan_document(scans_case, cable)
    found = scans_case.store.page_settings(doc_id, 1)
    assert found is not None
    settings, reason = found
    assert reason is None and settings["languages"] == "fas+ara+eng"
    assert {"steps", "image", "unverified_below", "psm"} <= settings.keys()
    words = scans_case.store.words(doc_id, 1)
    assert words and all(w.unverified for w in words if any(c.isdigit() for c in w.text))
    view = document_view(scans_case, doc_id, highlight=cable["distinctive_phrases"][0])
    assert view is not None
    page = view.pages[0]
    assert page.layer == "ocr" and page.hit_boxes, "the query's word is boxed on the image"
    html = "".join(p.html() for p in page.paragraphs)
    assert '<span class="unverified"' in html and "<mark>" in html
    assert scans_case.store.pages_needing_ocr() == 0
    # The export carries the OCR layer's settings and words, unverified ones flagged.
    from kavosh.export.jsonl import document_record

    doc = scans_case.store.document(doc_id)
    assert doc is not None
    ocr = next(p for p in document_record(scans_case, doc)["pages"] if p["layer"] == "ocr")
    assert ocr["settings"]["languages"] == "fas+ara+eng"
    assert len(ocr["words"]) == len(words)
    assert any(w["unverified"] for w in ocr["words"])
    assert all(ocr["text"][w["start"]:w["end"]] == w["text"] for w in ocr["words"]
               if w["start"] >= 0)


def test_the_web_page_shows_the_scan_and_its_unsure_words(scans_case: Case) -> None:
    from fastapi.testclient import TestClient

    from kavosh.api import create_app

    cable = next(c for c in SCANS if c["path"].endswith("scan-0012.jpg"))
    doc_id = _scan_document(scans_case, cable)
    with TestClient(create_app(scans_case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/documents/{doc_id}", params={"q": cable["distinctive_phrases"][0]})
        assert page.status_code == 200
        assert 'class="unverified"' in page.text and 'class="hit-box bl-' in page.text
        assert f"/api/documents/{doc_id}/pages/1.png" in page.text
        image = client.get(f"/api/documents/{doc_id}/pages/1.png")
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


@needs_tesseract
def test_garbage_layer_is_ocred_and_born_digital_is_not(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    from fpdf.enums import TextMode

    image, _ = rendered("گزارش محرمانه درباره کاروانسرای قدیمی در مرز\nنشست هیئت‌ها برگزار شد")
    scan = tmp_path / "scan.png"
    image.crop((0, 0, image.width, image.height // 4)).save(scan)
    pdf = fpdf.FPDF()
    pdf.add_page()  # a scan with a scanner's mis-encoded Persian text layer behind it
    pdf.image(str(scan), x=0, y=0, w=210)
    pdf.set_font("helvetica", size=10)
    pdf.text_mode = TextMode.INVISIBLE
    persian = "گزارش محرمانه درباره کاروانسرای قدیمی".replace("ی", "ي").replace("ک", "ك")
    mojibake = persian.encode("cp1256").decode("cp1252", errors="replace").replace("\ufffd", "?")
    pdf.text(20, 20, mojibake)
    pdf.text_mode = TextMode.FILL
    pdf.add_page()  # born digital, with a logo: never OCRed
    pdf.image(str(scan), x=150, y=10, w=40)
    pdf.text(20, 80, "The Ambassador met the Foreign Minister on the twelfth of March.")
    folder = tmp_path / "in"
    folder.mkdir()
    pdf.output(str(folder / "mixed.pdf"))
    sample_pdf = next((ROOT / "sample" / "archive" / "cables").rglob("*.pdf"))
    shutil.copy(sample_pdf, folder / sample_pdf.name)
    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [folder])
    summary = run_stage(case, executor="inline")
    docs = {d.name: d.id for d in case.store.documents()}
    ocr = {name: [p.number for p in case.store.pages(i, Layer.OCR)] for name, i in docs.items()}
    assert ocr["mixed.pdf"] == [1], "only the page with the garbage layer"
    assert ocr[sample_pdf.name] == [], "a born-digital Persian PDF is never OCRed"
    assert summary.pages == 1  # type: ignore[attr-defined]
    hits = search(case, "کاروانسرای").hits
    assert [(h.document_id, h.page) for h in hits] == [(docs["mixed.pdf"], 1)]
    best = case.store.page(docs["mixed.pdf"], 1)
    assert best is not None and best.layer == Layer.OCR
    case.close()


@needs_tesseract
def test_bad_input_fails_with_reasons_and_the_rest_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    image, _ = rendered("گزارش سفر هیئت به کربلا و دیدار با مسئولان", dpi=150)
    small = image.crop((0, 0, image.width, image.height // 5))
    small.save(folder / "good.png")
    frames = [small, small.rotate(0), small]
    frames[0].save(folder / "three.tif", save_all=True, append_images=frames[1:],
                   compression="tiff_lzw")
    data = bytearray((folder / "three.tif").read_bytes())
    with Image.open(folder / "three.tif") as tif:  # spoil the second frame's pixel data
        tif.seek(1)
        offset = tif.tag_v2[273][0]
    data[offset:offset + 400] = bytes(400)
    (folder / "three.tif").write_bytes(bytes(data))
    Image.new("1", (20000, 20000), 1).save(folder / "huge.png")  # 400 M pixels
    (folder / "truncated.png").write_bytes((folder / "good.png").read_bytes()[:300])
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(str(folder / "good.png"), x=0, y=0, w=210)
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(str(folder / "locked.pdf"))

    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [folder])
    summary = run_stage(case, workers=2)
    docs = {d.name: d for d in case.store.documents()}
    reasons = {name: (d.stage, d.reason) for name, d in docs.items() if d.reason}
    assert "too large" in reasons["huge.png"][1]
    assert "damaged" in reasons["truncated.png"][1]
    assert "password" in reasons["locked.pdf"][1]
    good = case.store.pages(docs["good.png"].id, Layer.OCR)
    assert "کربلا" in good[0].text
    tif_pages = {p.number: p.text for p in case.store.pages(docs["three.tif"].id, Layer.OCR)}
    failures = case.store.ocr_failures(docs["three.tif"].id)
    assert sorted(tif_pages) == [1, 2, 3] and "کربلا" in tif_pages[1]
    assert list(failures) == [2] and failures[2], "the spoiled frame failed with a reason"
    assert case.store.document(docs["three.tif"].id).status.value == "done"  # type: ignore[union-attr]
    assert summary.failed == 1  # type: ignore[attr-defined]
    case.close()


@needs_tesseract
def test_an_image_that_fails_ocr_fails_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    Image.new("1", (9000, 9000), 1).save(folder / "big.png")  # 81 M pixels
    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [folder])
    run_stage(case, executor="inline", max_image_pixels=50_000_000)
    doc = next(d for d in case.store.documents() if d.name == "big.png")
    assert doc.status.value == "failed" and doc.stage == "ocr"
    assert doc.reason is not None and "too large" in doc.reason
    assert case.store.count_pages_to_ocr() == 0
    run_stage(case, executor="inline", retry_failed=True)  # the case's own limit is larger
    doc = case.store.document(doc.id)
    assert doc is not None and doc.status.value == "done"
    case.close()


@needs_tesseract
def test_cli_ocr_without_tesseract_says_what_to_install(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    image, _ = rendered("گزارش", dpi=100)
    image.crop((0, 0, 400, 200)).save(folder / "scan.png")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    empty = tmp_path / "bin"
    empty.mkdir()
    result = kavosh("ocr", "--case", str(case_dir), check=False, env={"PATH": str(empty)})
    assert result.returncode == 1
    assert "apt-get install tesseract-ocr" in " ".join(result.stderr.split()), result.stderr
    after_ingest = kavosh("ingest", str(folder), "--case", str(case_dir), check=False,
                          env={"PATH": str(empty)})
    assert after_ingest.returncode == 0 and "OCR skipped" in after_ingest.stderr


@needs_tesseract
@pytest.mark.slow
def test_a_20000_pixel_square_page_is_read_in_bounded_memory(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    Image.new("1", (20000, 20000), 1).save(folder / "huge.png")  # 400 M pixels, 50 KB
    case_dir = tmp_path / "case"
    case = make_case(case_dir)
    case.close()
    toml = case_dir / "kavosh.toml"  # a case that lets such pages in
    toml.write_text(toml.read_text().replace("max_image_pixels = 200000000",
                                             "max_image_pixels = 500000000"))
    kavosh("ingest", str(folder), "--case", str(case_dir), "--no-ocr")
    probe = ("import resource, subprocess, sys; subprocess.run([sys.executable, '-m', 'kavosh',"
             f" 'ocr', '--case', {str(case_dir)!r}], check=True, capture_output=True);"
             " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=600)
    peak_mb = int(done.stdout.strip()) / 1024
    print(f"peak RSS of one process: {peak_mb:.0f} MB")
    assert peak_mb < 1500, f"peak RSS of one process {peak_mb:.0f} MB"
    with Case.open(case_dir) as opened:
        doc = next(d for d in opened.store.documents() if d.name == "huge.png")
        found = opened.store.page_settings(doc.id, 1)
        assert found is not None and found[1] is None, found
        assert found[0]["image"] == [20000, 20000]  # boxes refer to the page as stored


@needs_tesseract
def test_redo_reads_again_what_another_engine_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    image, _ = rendered("گزارش سفر هیئت به کربلا", dpi=150)
    image.crop((0, 0, image.width, image.height // 6)).save(folder / "scan.png")
    case = make_case(tmp_path / "case", executor="inline")
    ingest(case, [folder])
    assert run_stage(case, engine="null").pages == 1  # type: ignore[attr-defined]
    assert run_stage(case).pages == 0  # type: ignore[attr-defined]  # read already
    assert run_stage(case, redo=True).pages == 1  # type: ignore[attr-defined]
    assert run_stage(case, redo=True).pages == 0  # type: ignore[attr-defined]
    assert run_stage(case, redo=True, languages=("fas",)).pages == 1  # type: ignore[attr-defined]
    doc = next(d for d in case.store.documents() if d.name == "scan.png")
    page = case.store.pages(doc.id, Layer.OCR)[0]
    assert page.engine == "tesseract" and "کربلا" in page.text
    assert [h.document_id for h in search(case, "کربلا").hits] == [doc.id]
    case.close()
