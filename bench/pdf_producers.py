"""Persian PDF text in reading order, per PDF producer.

    PYTHONPATH=. .venv/bin/python bench/pdf_producers.py [--docs 40] [--held-out] [--fictional]
        [--producers lo-html,chromium,...] [--keep DIR] [--show N]

The same documents are written to PDF by every producer that runs here — LibreOffice Writer
from HTML, DOCX and ODT (with the paragraphs marked right-to-left and Persian, the way Word and
Writer save them when Complex Text Layout is on, and without; DOCX also justified, as Persian
templates often are), ReportLab (reshaped and
reordered by ``python-bidi``, the usual recipe), fpdf2 with HarfBuzz shaping, Chromium's
print-to-PDF (one and two columns) — and read back by Kavosh's PDF ingestor. Reported per
producer:

- ``paragraphs``: the share of paragraphs whose every word comes back, in order (words are
  compared after folding Arabic/Persian letter variants and dropping ZWNJ and diacritics,
  which many text layers lose; joined lines count as one text; digits written against
  letters count as a word of their own, since a producer may wrap a line between them);
- ``numbers``: the share of date and number tokens (``۱۳۹۳/۰۸/۲۵``, ``61-1367249``,
  ``12:30``, ``۳۱۲/۴۸۸۰/ک``'s number, plain numbers) found exactly as written.

Documents are Fars News articles from ``../shared/data/farsnews`` (a title, the first
paragraphs, and a header block of a date, a reference number, a phone and a time drawn at
random from a seed), or, with ``--fictional`` or without the data, a short fictional text.
Articles are split once by their position in the files: every fourth is *held out* and is
only read with ``--held-out`` (tuning happens on the rest). Goal: ≥ 99 % on both for each
producer. Prints the machine and the command; JSON results go to ``bench/out/``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FARSNEWS = ROOT.parent / "shared" / "data" / "farsnews"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Persian and Latin glyphs
# Fonts the office and browser producers use, one per document in turn: they draw lam-alef
# and «الله» differently (one ligature glyph, or overlapping pieces), which text layers show.
FONTS = ["DejaVu Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "Nazli"]

FICTIONAL = [
    "گزارش محرمانه درباره جلسه هماهنگی",
    "به گزارش خبرنگار ما، جمهوری اسلامی ایران اعلام کرد که هیئت عراقی روز سه‌شنبه با "
    "آقای بهرام کاظمی‌نیا، مسئول پرونده، در تهران دیدار کرده است.",
    "در این جلسه که با حضور نمایندگان IRGC Quds Force و وزارت امور خارجه برگزار شد، "
    "درباره سفر هیئت به بغداد و اربیل گفت‌وگو شد و طرفین بر ادامه تماس‌ها تأکید کردند.",
    "خانم شیرین آذرمهر، کارشناس پرتلاش اداره کل، گفت: «پیرو تلگراف شماره ۳۱۲/۴۸۸۰/ک، "
    "هزینه سفر ۲۵ درصد افزایش یافته و گزارش آن تا پایان آبان ارسال می‌شود.»",
    "موضوع: فرد شماره 30 با شماره تماس 61-1367249 در ساعت 12:30 به سفارت مراجعه کرد.",
]

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
NUMBER = re.compile(rf"(?<![{_DIGIT}])[{_DIGIT}]+(?:[/.:\-][{_DIGIT}]+)*(?![{_DIGIT}])")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f]")
_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                       "\u0629": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627"})
_WORD = re.compile(r"[^\s«»()\[\]\"'.,:;!?،؛؟\-/]+")


@dataclass
class Document:
    """A title and paragraphs of text; ``header`` lines are written as a two-column table
    (label, value) by the producers that can make tables."""

    name: str
    title: str
    paragraphs: list[str]
    header: list[tuple[str, str]] = field(default_factory=list)
    font: str = FONTS[0]

    def texts(self) -> list[str]:
        return [self.title, *(f"{k}: {v}" for k, v in self.header), *self.paragraphs]


def _to_persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def _header(rng: random.Random) -> list[tuple[str, str]]:
    date = f"{rng.randint(1380, 1403)}/{rng.randint(1, 12):02d}/{rng.randint(1, 30):02d}"
    ref = f"{rng.randint(10, 999)}/{rng.randint(1000, 9999)}/ک"
    phone = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    hour = f"{rng.randint(8, 20)}:{rng.choice(['00', '15', '30', '45'])}"
    persian = rng.random() < 0.5
    if persian:
        date, ref = _to_persian_digits(date), _to_persian_digits(ref)
    return [("تاریخ", date), ("شماره", ref), ("تلفن", phone), ("ساعت", hour)]


def fictional_documents() -> list[Document]:
    """The always-available corpus: one short fictional document."""
    return [Document("fictional", FICTIONAL[0], FICTIONAL[1:],
                     [("تاریخ", "۱۳۹۳/۰۸/۲۵"), ("شماره", "۳۱۲/۴۸۸۰/ک"),
                      ("تلفن", "61-1367249"), ("ساعت", "12:30")])]


def farsnews_documents(count: int, held_out: bool, seed: int = 10,
                      folder: Path = FARSNEWS) -> list[Document]:
    """``count`` articles from the tuning split (or the held-out one), each cut to about a
    page: a title, a header and the first paragraphs (up to 1,800 characters)."""
    articles = []
    for path in sorted(folder.glob("fars-news-*.json")):
        articles.extend(json.loads(path.read_text(encoding="utf-8")))
    chosen = [a for i, a in enumerate(articles) if (i % 4 == 3) == held_out]
    rng = random.Random(seed)
    docs = []
    for index, article in enumerate(chosen):
        paragraphs, size = [], 0
        for paragraph in article.get("paragraphs") or []:
            paragraph = " ".join(paragraph.split())
            if not paragraph:
                continue
            if size + len(paragraph) > 1800 and paragraphs:
                break
            paragraphs.append(paragraph)
            size += len(paragraph)
        if not paragraphs:
            continue
        docs.append(Document(f"fars{index:04d}", " ".join(article["title"].split()),
                             paragraphs, _header(rng), FONTS[len(docs) % len(FONTS)]))
        if len(docs) == count:
            break
    return docs


# Producers -----------------------------------------------------------------------------------


def _html(doc: Document, columns: int = 1, table: bool = True) -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}:</td><td>{html.escape(v)}</td></tr>"
                   for k, v in doc.header)
    header = (f"<table>{rows}</table>" if table else
              "".join(f"<p>{html.escape(k)}: {html.escape(v)}</p>" for k, v in doc.header))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in doc.paragraphs)
    style = f"body{{font-family:'{doc.font}';font-size:12pt}}"
    if columns > 1:
        style += f".cols{{column-count:{columns};column-gap:2em}}"
    return (f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><style>{style}</style>'
            f'</head><body dir="rtl"><h3>{html.escape(doc.title)}</h3>{header}'
            f'<div class="cols">{body}</div></body></html>')


def _soffice(sources: list[Path], out: Path, infilter: str | None = None) -> None:
    """Convert ``sources`` to PDF in one LibreOffice run (a private profile, so it runs beside
    a user's own LibreOffice)."""
    profile = out / ".lo-profile"
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "pdf", "--outdir", str(out), *map(str, sources)]
    subprocess.run(command, capture_output=True, timeout=600, check=False)


def _writer(docs: list[Document], out: Path, suffix: str,
            write: Callable[[Document, Path], None], infilter: str | None = None) -> list[Path]:
    """Write each document as a ``suffix`` file with ``write``, then all to PDF by Writer."""
    sources = []
    for doc in docs:
        source = out / f"{doc.name}.{suffix}"
        write(doc, source)
        sources.append(source)
    _soffice(sources, out, infilter)
    return [out / f"{doc.name}.pdf" for doc in docs]


def lo_html(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "html", lambda doc, path: path.write_text(
        _html(doc), encoding="utf-8"), "HTML (StarWriter)")


def _docx(doc: Document, path: Path, ctl: bool, justify: bool = False) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()

    def paragraph(text: str) -> None:
        p = document.add_paragraph()
        if justify:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run = p.add_run(text)
        fonts = OxmlElement("w:rFonts")
        for script in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(script), doc.font)
        run._r.get_or_add_rPr().append(fonts)
        if ctl:  # what Word writes for a right-to-left Persian paragraph
            p_pr = p._p.get_or_add_pPr()
            p_pr.append(OxmlElement("w:bidi"))
            r_pr = run._r.get_or_add_rPr()
            r_pr.append(OxmlElement("w:rtl"))
            lang = OxmlElement("w:lang")
            lang.set(qn("w:bidi"), "fa-IR")
            r_pr.append(lang)

    for text in doc.texts():
        paragraph(text)
    document.save(str(path))


def lo_docx(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "docx", partial(_docx, ctl=True))


def lo_docx_justified(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "docx", partial(_docx, ctl=True, justify=True))


def lo_docx_plain(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "docx", partial(_docx, ctl=False))


def _odt(doc: Document, path: Path, ctl: bool) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import P

    document = OpenDocumentText()
    style = Style(name="Fa", family="paragraph")
    if ctl:  # Writer's own markup for a right-to-left paragraph in Persian
        style.addElement(ParagraphProperties(writingmode="rl-tb", textalign="start"))
        style.addElement(TextProperties(fontfamily=doc.font, fontfamilycomplex=doc.font,
                                        languagecomplex="fa", countrycomplex="IR",
                                        fontsizecomplex="12pt"))
    else:
        style.addElement(TextProperties(fontfamily=doc.font, fontfamilycomplex=doc.font))
    document.automaticstyles.addElement(style)
    for text in doc.texts():
        document.text.addElement(P(stylename=style, text=text))
    document.save(str(path))


def lo_odt(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "odt", partial(_odt, ctl=True))


def lo_odt_plain(docs: list[Document], out: Path) -> list[Path]:
    return _writer(docs, out, "odt", partial(_odt, ctl=False))


def _wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and measure(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def reportlab_visual(docs: list[Document], out: Path) -> list[Path]:
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    # DejaVu has no glyph for the ligature of «الله» (U+FDF2): ReportLab would draw nothing
    reshaper = arabic_reshaper.ArabicReshaper({"ARABIC LIGATURE ALLAH": False})
    paths = []
    for doc in docs:
        path = out / f"{doc.name}.pdf"
        c = canvas.Canvas(str(path))
        c.setFont("DejaVu", 12)
        y = 800.0
        for text in doc.texts():
            for line in _wrap(text, 480, lambda s: pdfmetrics.stringWidth(s, "DejaVu", 12)):
                if y < 50:
                    c.showPage()
                    c.setFont("DejaVu", 12)
                    y = 800.0
                c.drawRightString(550, y, get_display(reshaper.reshape(line), base_dir="R"))
                y -= 20
            y -= 8
        c.save()
        paths.append(path)
    return paths


def fpdf2(docs: list[Document], out: Path) -> list[Path]:
    from fpdf import FPDF

    paths = []
    for doc in docs:
        pdf = FPDF()
        pdf.add_font("dejavu", fname=str(FONT))
        pdf.set_font("dejavu", size=12)
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                             language="fas")
        pdf.add_page()
        for text in doc.texts():
            pdf.multi_cell(0, 8, text, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        path = out / f"{doc.name}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


def _chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium(docs: list[Document], out: Path, columns: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    paths = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium_executable(), headless=True)
        try:
            page = browser.new_page()
            for doc in docs:
                page.set_content(_html(doc, columns))
                path = out / f"{doc.name}.pdf"
                page.pdf(path=str(path), format="A4")
                paths.append(path)
        finally:
            browser.close()
    return paths


def chromium(docs: list[Document], out: Path) -> list[Path]:
    return _chromium(docs, out, 1)


def chromium_two_columns(docs: list[Document], out: Path) -> list[Path]:
    return _chromium(docs, out, 2)


def _ghostscript(made: list[Path], out: Path) -> list[Path]:
    """The PDFs rewritten by Ghostscript's ``pdfwrite`` (what ``ps2pdf``, CUPS' PDF printer and
    "optimise PDF" tools do to a document on its way to a leak)."""
    paths = []
    for source in made:
        path = out / f"{source.stem}.gs.pdf"
        subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                        f"-sOutputFile={path}", str(source)], check=True, timeout=300)
        source.unlink()
        paths.append(path)
    return paths


def gs_lo_html(docs: list[Document], out: Path) -> list[Path]:
    return _ghostscript(lo_html(docs, out), out)


def gs_chromium(docs: list[Document], out: Path) -> list[Path]:
    return _ghostscript(chromium(docs, out), out)


def _have(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


PRODUCERS: dict[str, tuple[Callable[[list[Document], Path], list[Path]], Callable[[], bool]]] = {
    "lo-html": (lo_html, lambda: shutil.which("soffice") is not None),
    "lo-docx-ctl": (lo_docx, lambda: shutil.which("soffice") is not None and _have("docx")),
    "lo-docx-justified": (lo_docx_justified,
                          lambda: shutil.which("soffice") is not None and _have("docx")),
    "lo-docx-plain": (lo_docx_plain,
                      lambda: shutil.which("soffice") is not None and _have("docx")),
    "lo-odt-ctl": (lo_odt, lambda: shutil.which("soffice") is not None and _have("odf")),
    "lo-odt-plain": (lo_odt_plain, lambda: shutil.which("soffice") is not None and _have("odf")),
    "reportlab-bidi": (reportlab_visual,
                       lambda: _have("reportlab") and _have("bidi") and _have("arabic_reshaper")
                       and FONT.exists()),
    "fpdf2-harfbuzz": (fpdf2, lambda: _have("fpdf") and _have("uharfbuzz") and FONT.exists()),
    "chromium": (chromium, lambda: _chromium_executable() is not None and _have("playwright")),
    "chromium-2col": (chromium_two_columns,
                      lambda: _chromium_executable() is not None and _have("playwright")),
    "gs-lo-html": (gs_lo_html, lambda: shutil.which("soffice") is not None
                   and shutil.which("gs") is not None),
    "gs-chromium": (gs_chromium, lambda: _chromium_executable() is not None
                    and _have("playwright") and shutil.which("gs") is not None),
}


# Scoring -------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text as compared: presentation forms folded, letter variants unified, ZWNJ, tatweel
    and diacritics dropped."""
    text = unicodedata.normalize("NFKC", text)
    return _MARKS.sub("", text.translate(_FOLD))


_LETTER_DIGIT = re.compile(rf"(?<=[^\s{_DIGIT}])(?=[{_DIGIT}])|(?<=[{_DIGIT}])(?=[^\s{_DIGIT}])")


def words(text: str) -> list[str]:
    """The words of ``text``; digits and letters written together (``ج3``, ``مرحله۴۰۰``) count
    as two words, as a producer may wrap the line between them."""
    return _WORD.findall(_LETTER_DIGIT.sub(" ", fold(text)))


def in_order(expected: list[str], got: list[str], index: dict[str, list[int]]) -> bool:
    """Whether ``expected`` occurs as a contiguous run of ``got``."""
    if not expected:
        return True
    return any(got[start:start + len(expected)] == expected
               for start in index.get(expected[0], []))


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


@dataclass
class Score:
    paragraphs: int = 0
    paragraphs_ok: int = 0
    numbers: int = 0
    numbers_ok: int = 0
    pages: int = 0
    to_ocr: int = 0  # pages whose text layer the ingest's text check sends to OCR
    failures: list[str] = field(default_factory=list)

    def add(self, doc: Document, text: str) -> None:
        got = words(text)
        index: dict[str, list[int]] = {}
        for i, word in enumerate(got):
            index.setdefault(word, []).append(i)
        for paragraph in doc.texts():
            self.paragraphs += 1
            if in_order(words(paragraph), got, index):
                self.paragraphs_ok += 1
            else:
                self.failures.append(f"{doc.name}: {paragraph[:90]}")
        found = Counter(numbers(fold(text)))
        for token in numbers(fold("\n".join(doc.texts()))):
            self.numbers += 1
            if found[token] > 0:
                found[token] -= 1
                self.numbers_ok += 1
            else:
                self.failures.append(f"{doc.name}: number {token}")

    def shares(self) -> dict[str, float]:
        return {"paragraphs": self.paragraphs_ok / max(self.paragraphs, 1),
                "numbers": self.numbers_ok / max(self.numbers, 1)}


def read_pdf(path: Path) -> list[str]:
    """The PDF's pages' text as Kavosh ingests it."""
    from kavosh.archive import BlobStore
    from kavosh.ingest.base import IngestContext
    from kavosh.ingest.pdf import PdfIngestor

    with tempfile.TemporaryDirectory() as scratch:
        ctx = IngestContext(archive=BlobStore(Path(scratch) / "archive"),
                            workdir=Path(scratch) / "work")
        result = PdfIngestor().ingest(path, ctx)
    return [page.text for page in result.pages]


def run(docs: list[Document], producers: list[str], keep: Path | None,
        show: int) -> Iterator[tuple[str, dict[str, object]]]:
    from kavosh.ocr.textlayer import garbage_reason

    for name in producers:
        make, available = PRODUCERS[name]
        if not available():
            yield name, {"skipped": "not installed here"}
            continue
        folder = Path(tempfile.mkdtemp(prefix=f"pdfprod-{name}-"))
        started = time.perf_counter()
        try:
            paths = make(docs, folder)
            made = time.perf_counter() - started
            score = Score()
            kept = Score()  # the documents whose every page keeps its text layer
            started = time.perf_counter()
            for doc, path in zip(docs, paths, strict=True):
                if not path.exists():
                    score.failures.append(f"{doc.name}: no PDF made")
                    score.paragraphs += len(doc.texts())
                    continue
                pages = read_pdf(path)
                score.add(doc, "\n".join(pages))
                score.pages += len(pages)
                to_ocr = sum(garbage_reason(page) is not None for page in pages)
                score.to_ocr += to_ocr
                if not to_ocr:
                    kept.add(doc, "\n".join(pages))
            read = time.perf_counter() - started
        finally:
            if keep is not None:
                shutil.copytree(folder, keep / name, dirs_exist_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
        result: dict[str, object] = {
            **{k: round(v, 4) for k, v in score.shares().items()},
            "paragraph_count": score.paragraphs, "number_count": score.numbers,
            "pages_sent_to_ocr": f"{score.to_ocr} of {score.pages}",
            **({} if not score.to_ocr else
               {f"kept_{k}": round(v, 4) for k, v in kept.shares().items()}),
            "make_s": round(made, 1), "read_s": round(read, 2),
        }
        if show:
            result["failures"] = score.failures[:show]
        yield name, result


def main() -> None:
    from common import OUT, machine

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--held-out", action="store_true",
                        help="read the held-out articles (not for tuning)")
    parser.add_argument("--fictional", action="store_true", help="the fictional text only")
    parser.add_argument("--producers", default=",".join(PRODUCERS))
    parser.add_argument("--keep", type=Path, help="keep the PDFs made, in this folder")
    parser.add_argument("--show", type=int, default=0, help="list up to N failures each")
    parser.add_argument("--data", type=Path, default=FARSNEWS.parent,
                        help="the shared data folder (default ../shared/data)")
    args = parser.parse_args()
    folder = args.data / "farsnews"
    if args.fictional or not folder.exists():
        docs, corpus = fictional_documents(), "fictional"
    else:
        docs = farsnews_documents(args.docs, args.held_out, folder=folder)
        corpus = f"farsnews ({'held-out' if args.held_out else 'tuning'} split)"
    print(f"machine: {machine()}")
    print(f"command: python bench/pdf_producers.py {' '.join(sys.argv[1:])}")
    print(f"corpus: {len(docs)} documents, {corpus}")
    results: dict[str, object] = {}
    for name, result in run(docs, args.producers.split(","), args.keep, args.show):
        results[name] = result
        print(name, json.dumps(result, ensure_ascii=False, indent=1))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pdf_producers.json").write_text(
        json.dumps({"machine": machine(), "corpus": corpus, "documents": len(docs),
                    "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
