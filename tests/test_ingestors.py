"""Every built-in ingestor on small real files made here, read through ``ingest_file``."""

from __future__ import annotations

import bz2
import gzip
import io
import mailbox
import shutil
import subprocess
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import ingest_context, read_file

from kavosh.ingest.base import IngestContext, IngestError
from kavosh.ingest.pdf import render_page_png
from kavosh.ingest.registry import choose, ingest_file, ingestors
from kavosh.ingest.sniff import probe_file, sniff

FONT = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")
PERSIAN = "گزارش محرمانه درباره دیدار سفیر در کربلا"


def child_bytes(ctx: IngestContext, name: str) -> bytes:
    child = next(c for c in ctx.children if c.name == name)
    assert child.sha256 is not None, child.reason
    return ctx.archive.path(child.sha256).read_bytes()


def persian_pdf(path: Path, blank_second_page: bool = True) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip(f"{FONT} is absent (Debian package fonts-noto-core)")
    pdf = fpdf.FPDF()
    pdf.set_title("گزارش سفارت")
    pdf.set_author("Kavosh tests")
    pdf.add_page()
    pdf.add_font("naskh", fname=str(FONT))
    pdf.set_font("naskh", size=16)
    pdf.set_text_shaping(True)
    pdf.cell(text=PERSIAN)
    if blank_second_page:
        pdf.add_page()
    pdf.output(str(path))
    return path


# --- PDF ----------------------------------------------------------------------------------


def test_persian_pdf_text_in_logical_order(tmp_path: Path) -> None:
    result = read_file(persian_pdf(tmp_path / "report.pdf"))
    assert result.mime == "application/pdf"
    assert [p.number for p in result.pages] == [1, 2]
    first, blank = result.pages
    assert PERSIAN in " ".join(first.text.split())
    assert not first.needs_ocr and first.engine == "pdf" and first.engine_version
    assert blank.needs_ocr and blank.text == ""
    assert result.metadata["page_count"] == 2
    assert result.metadata["title"] == "گزارش سفارت"
    assert result.metadata["author"] == "Kavosh tests"


def test_scanned_pdf_page_needs_ocr(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    from PIL import Image

    picture = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(picture)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=100)
    pdf.output(str(tmp_path / "scan.pdf"))
    result = read_file(tmp_path / "scan.pdf")
    assert len(result.pages) == 1
    assert result.pages[0].needs_ocr and result.pages[0].text == ""


def test_pdf_page_limit_is_recorded(tmp_path: Path) -> None:
    path = persian_pdf(tmp_path / "two.pdf")
    result = read_file(path, ingest_context(tmp_path, max_pages=1))
    assert len(result.pages) == 1 and "page limit" in result.metadata["truncated"]


def test_render_page_png(tmp_path: Path) -> None:
    from PIL import Image

    path = persian_pdf(tmp_path / "render.pdf")
    png = render_page_png(path, 1, width=400)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and abs(image.width - 400) <= 2
    with pytest.raises(IngestError, match="no page 3"):
        render_page_png(path, 3)


# --- office documents ---------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "عنوان سند"
    document.core_properties.author = "نویسنده"
    document.add_heading("سرخط اول", level=1)
    document.add_paragraph("بند نخست درباره دیدار سفیر")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "نام"
    table.cell(0, 1).text = "شهر"
    table.cell(1, 0).text = "علی"
    table.cell(1, 1).text = "کربلا"
    document.add_paragraph("بند پایانی")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    result = read_file(make_docx(tmp_path / "memo.docx"))
    assert result.mime.endswith("wordprocessingml.document")
    assert result.pages[0].text.split("\n") == [
        "سرخط اول", "بند نخست درباره دیدار سفیر", "نام\tشهر", "علی\tکربلا", "بند پایانی",
    ]
    assert result.metadata["title"] == "عنوان سند"
    assert result.metadata["author"] == "نویسنده"


def test_odt_paragraphs_and_headings_in_order(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="سرخط"))
    document.text.addElement(P(text="بند اول"))
    document.text.addElement(P(text="second paragraph"))
    document.save(str(tmp_path / "note.odt"))
    result = read_file(tmp_path / "note.odt")
    assert result.mime == "application/vnd.oasis.opendocument.text"
    assert result.pages[0].text == "سرخط\nبند اول\nsecond paragraph"


def _soffice() -> str:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice is not installed (scripts/install-system.sh installs it)")
    return program


@pytest.mark.slow
def test_legacy_doc_through_libreoffice(tmp_path: Path) -> None:
    program = _soffice()
    (tmp_path / "src").mkdir()
    source = make_docx(tmp_path / "src" / "memo.docx")
    subprocess.run(
        [program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    doc = tmp_path / "out" / "memo.doc"
    assert sniff(doc.read_bytes()[:65536], "x") == "application/msword"
    result = read_file(doc)
    assert result.mime == "application/msword"
    assert "بند نخست درباره دیدار سفیر" in result.pages[0].text
    assert "کربلا" in result.pages[0].text


@pytest.mark.slow
def test_rtf_through_libreoffice(tmp_path: Path) -> None:
    _soffice()
    rtf = tmp_path / "letter.rtf"
    persian = "".join(f"\\u{ord(ch)}?" for ch in "سلام دنیا")
    rtf.write_text(r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}\f0 Hello RTF " + persian
                   + r"\par Second line\par}", encoding="ascii")
    result = read_file(rtf)
    assert result.mime == "application/rtf"
    assert "Hello RTF سلام دنیا" in result.pages[0].text
    assert "Second line" in result.pages[0].text


# --- plain text ---------------------------------------------------------------------------


def test_utf8_text_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_bytes(f"{PERSIAN}\r\nline two\rthree".encode())
    result = read_file(path)
    assert result.pages[0].text == f"{PERSIAN}\nline two\nthree"
    assert result.metadata["encoding"] == "utf-8" and result.mime == "text/plain"


def test_windows_1256_text(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(("سلام " * 20 + "گزارش از بغداد").encode("cp1256"))
    result = read_file(path)
    assert result.metadata["encoding"] == "cp1256"
    assert result.pages[0].text.startswith("سلام سلام") and "بغداد" in result.pages[0].text


def test_short_windows_1256_text(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("سلام ".encode("cp1256"))
    result = read_file(path)
    assert result.metadata["encoding"] == "cp1256" and result.pages[0].text == "سلام "


@pytest.mark.parametrize(("codec", "expected"), [
    ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
    ("utf-8-sig", "utf-8"),
])
def test_unicode_encodings(tmp_path: Path, codec: str, expected: str) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(f"{PERSIAN} and English 2014".encode(codec))
    result = read_file(path)
    assert result.metadata["encoding"] == expected
    assert result.pages[0].text == f"{PERSIAN} and English 2014"


def test_csv_keeps_its_type_and_form_feeds_split_pages(tmp_path: Path) -> None:
    csv = tmp_path / "names.csv"
    csv.write_text("name,city\nعلی,قم\n", encoding="utf-8")
    result = read_file(csv)
    assert result.mime == "text/csv" and "علی,قم" in result.pages[0].text
    paged = tmp_path / "paged.txt"
    paged.write_text("page one\fpage two", encoding="utf-8")
    assert [p.text for p in read_file(paged).pages] == ["page one", "page two"]


def test_text_cap(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("ب" * 1000, encoding="utf-8")
    result = read_file(path, ingest_context(tmp_path, max_text_chars=100))
    assert result.pages[0].text == "ب" * 100 and "100" in result.metadata["truncated"]


# --- HTML ---------------------------------------------------------------------------------


def test_html_text_without_scripts(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>خبر روز</title>"
        "<meta name='description' content='شرح'><meta name='author' content='خبرنگار'>"
        "<style>body{color:red}</style><script>alert(1)</script></head><body>"
        "<h1>سرخط</h1><p>بند <b>اول</b></p><div>دوم<br>سوم</div>"
        "<noscript>enable js</noscript><template>hidden</template>"
        "<ul><li>یک</li><li>دو</li></ul><pre>a  b\nc</pre>"
        "<svg><text>drawn</text></svg><iframe src='http://example.invalid/'></iframe>"
        "</body></html>", encoding="utf-8")
    result = read_file(path)
    text = result.pages[0].text
    assert text.split("\n") == ["سرخط", "بند اول", "دوم", "سوم", "یک", "دو", "a  b", "c"]
    for absent in ("alert", "color:red", "enable js", "hidden", "drawn"):
        assert absent not in text
    assert result.metadata["title"] == "خبر روز"
    assert result.metadata["description"] == "شرح" and result.metadata["author"] == "خبرنگار"
    assert result.mime == "text/html"


def test_html_charset_from_meta(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; '
                     'charset=windows-1256"></head><body><p>گزارش سفير</p></body></html>'
                     .encode("cp1256"))
    result = read_file(path)
    assert result.metadata["encoding"] == "cp1256"
    assert result.pages[0].text == "گزارش سفير"


def test_xhtml(tmp_path: Path) -> None:
    path = tmp_path / "cable"
    path.write_text("<?xml version='1.0' encoding='utf-8' ?>\n<!DOCTYPE html PUBLIC "
                    "'-//W3C//DTD XHTML 1.0//EN' 'x'>\n<html xmlns='http://www.w3.org/1999/"
                    "xhtml'><head><title>T</title></head><body><p>Cable text</p></body></html>",
                    encoding="utf-8")
    result = read_file(path)
    assert result.mime == "application/xhtml+xml" and result.pages[0].text == "Cable text"


# --- e-mail -------------------------------------------------------------------------------


def persian_message(pdf_bytes: bytes | None = None, subject: str = "گزارش محرمانه") -> bytes:
    message = EmailMessage()
    message["From"] = "سفارت <embassy@example.org>"
    message["To"] = "desk@example.org"
    message["Cc"] = "editor@example.org"
    message["Date"] = "Sun, 16 Nov 2014 10:00:00 +0330"
    message["Subject"] = subject
    message["Message-ID"] = "<abc@example.org>"
    message.set_content("متن پیام درباره دیدار سفیر\n")
    message.add_alternative("<p>متن <b>html</b></p>", subtype="html")
    if pdf_bytes is not None:
        message.add_attachment(pdf_bytes, maintype="application", subtype="pdf",
                               filename="گزارش.pdf")
    return message.as_bytes()


def test_eml_with_persian_subject_and_pdf_attachment(tmp_path: Path) -> None:
    pdf = persian_pdf(tmp_path / "attached.pdf").read_bytes()
    raw = persian_message(pdf)
    assert b"=?utf-8?" in raw  # the subject really is RFC 2047 encoded
    path = tmp_path / "mail.eml"
    path.write_bytes(raw)
    ctx = ingest_context(tmp_path)
    result = read_file(path, ctx)
    assert result.mime == "message/rfc822"
    text = result.pages[0].text
    assert "Subject: گزارش محرمانه" in text and "From: سفارت <embassy@example.org>" in text
    assert "متن پیام درباره دیدار سفیر" in text and "<b>" not in text
    assert result.metadata["subject"] == "گزارش محرمانه"
    assert result.metadata["date"] == "2014-11-16T10:00:00+03:30"
    assert result.metadata["message_id"] == "<abc@example.org>"
    assert [c.name for c in ctx.children] == ["گزارش.pdf"]
    assert child_bytes(ctx, "گزارش.pdf") == pdf
    # the attachment, read in turn, is the Persian PDF
    child = ctx.children[0]
    assert child.sha256 is not None
    inner = ingest_file(ctx.archive.path(child.sha256), child.name,
                        ingest_context(tmp_path, depth=1))
    assert PERSIAN in " ".join(inner.pages[0].text.split())


def test_eml_html_only_body(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "html"
    message.set_content("<html><body><p>فقط html</p><script>x()</script></body></html>",
                        subtype="html")
    path = tmp_path / "html.eml"
    path.write_bytes(message.as_bytes())
    text = read_file(path).pages[0].text
    assert text.endswith("فقط html") and "x()" not in text


def test_mbox_messages_become_children(tmp_path: Path) -> None:
    box_path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(box_path))
    box.add(persian_message(subject="پیام یکم"))
    box.add(persian_message(subject="پیام دوم"))
    box.flush()
    box.close()
    ctx = ingest_context(tmp_path)
    result = read_file(box_path, ctx)
    assert result.mime == "application/mbox" and result.pages == []
    assert result.metadata["message_count"] == 2
    assert [c.name for c in ctx.children] == ["message-0001.eml", "message-0002.eml"]
    second = ctx.children[1]
    assert second.sha256 is not None
    inner = ingest_file(ctx.archive.path(second.sha256), second.name, ingest_context(tmp_path, 1))
    assert inner.metadata["subject"] == "پیام دوم"


# --- containers ---------------------------------------------------------------------------


def test_zip_with_nested_zip(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep/cable.txt", "پیام از اربیل")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner.zip", inner.getvalue())
        z.writestr("folder/", "")
        z.writestr("folder/a.txt", "a")
    ctx = ingest_context(tmp_path)
    result = read_file(outer, ctx)
    assert result.mime == "application/zip" and result.pages == []
    assert result.metadata["member_count"] == 2
    assert [c.name for c in ctx.children] == ["inner.zip", "folder/a.txt"]
    assert child_bytes(ctx, "inner.zip") == inner.getvalue()
    nested = ingest_context(tmp_path, depth=1)
    first = ctx.children[0]
    assert first.sha256 is not None
    ingest_file(ctx.archive.path(first.sha256), "inner.zip", nested)
    assert child_bytes(nested, "deep/cable.txt") == "پیام از اربیل".encode()


def test_zip_member_names_in_utf8_without_flag(tmp_path: Path) -> None:
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("گزارش.txt", "x")
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    assert [c.name for c in ctx.children] == ["گزارش.txt"]


@pytest.mark.parametrize("mode", ["w:gz", "w:bz2", "w:xz", "w"])
def test_tar_archives(tmp_path: Path, mode: str) -> None:
    path = tmp_path / ("files.tar" + {"w:gz": ".gz", "w:bz2": ".bz2", "w:xz": ".xz"}.get(mode, ""))
    opener: Any = tarfile.open
    with opener(path, mode) as tar:
        for name, data in (("docs/a.txt", "الف".encode()), ("b.txt", b"bee")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    ctx = ingest_context(tmp_path)
    result = read_file(path, ctx)
    assert result.metadata["member_count"] == 2 and result.pages == []
    assert child_bytes(ctx, "docs/a.txt") == "الف".encode()
    assert child_bytes(ctx, "b.txt") == b"bee"
    chosen = choose(probe_file(path, path.name))
    assert chosen is not None and chosen.name == "tar"


def test_7z(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    path = tmp_path / "files.7z"
    with py7zr.SevenZipFile(path, "w") as archive:
        archive.writestr("گزارش سفیر".encode(), "docs/report.txt")
        archive.writestr(b"second", "b.txt")
        archive.writestr(b"", "empty.txt")
    ctx = ingest_context(tmp_path)
    result = read_file(path, ctx)
    assert result.mime == "application/x-7z-compressed"
    assert result.metadata["member_count"] == 3
    assert child_bytes(ctx, "docs/report.txt") == "گزارش سفیر".encode()
    assert child_bytes(ctx, "b.txt") == b"second"
    assert child_bytes(ctx, "empty.txt") == b""
    assert not list((ctx.workdir / "7z").iterdir())  # scratch files removed


@pytest.mark.parametrize(("suffix", "opener"), [(".gz", gzip.open), (".bz2", bz2.open)])
def test_single_compressed_file(tmp_path: Path, suffix: str, opener: object) -> None:
    path = tmp_path / f"notes.txt{suffix}"
    with opener(path, "wb") as out:  # type: ignore[operator]
        out.write("یادداشت".encode())
    ctx = ingest_context(tmp_path)
    result = read_file(path, ctx)
    assert result.metadata["member_count"] == 1
    assert child_bytes(ctx, "notes.txt") == "یادداشت".encode()


# --- images -------------------------------------------------------------------------------


def test_png_needs_ocr(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (50, 40), "white").save(path)
    result = read_file(path)
    assert result.mime == "image/png"
    assert [(p.number, p.text, p.needs_ocr) for p in result.pages] == [(1, "", True)]
    assert result.metadata["width"] == 50 and result.metadata["height"] == 40
    assert result.metadata["format"] == "PNG" and result.metadata["frames"] == 1


def test_multipage_tiff_one_page_per_frame(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "fax.tiff"
    frames = [Image.new("L", (30, 20), shade) for shade in (0, 128, 255)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    result = read_file(path)
    assert [p.number for p in result.pages] == [1, 2, 3]
    assert all(p.needs_ocr for p in result.pages) and result.metadata["frames"] == 3


@pytest.mark.parametrize("fmt", ["JPEG", "GIF", "WEBP", "BMP"])
def test_other_image_formats(tmp_path: Path, fmt: str) -> None:
    from PIL import Image

    path = tmp_path / "picture"  # no extension: the content decides
    Image.new("RGB", (20, 10), "red").save(path, format=fmt)
    result = read_file(path)
    assert result.metadata["format"] == fmt and len(result.pages) == 1
    assert result.mime == f"image/{fmt.lower()}"


# --- sniffing and choice ------------------------------------------------------------------


@pytest.mark.parametrize(("head", "name", "mime"), [
    (b"%PDF-1.7\n", "x.bin", "application/pdf"),
    (b"{\\rtf1\\ansi", "x", "application/rtf"),
    (b"From: a@b\r\nTo: c@d\r\nSubject: hi\r\n\r\nbody", "x", "message/rfc822"),
    (b"From a@b Sat Jan  1 00:00:00 2000\nFrom: a@b\nSubject: hi\n\nbody", "x",
     "application/mbox"),
    (b"<!doctype html><p>x", "x", "text/html"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x", "image/svg+xml"),
    (b"<?xml version='1.0'?><svg/>", "x", "image/svg+xml"),
    (b"<?xml version='1.0'?><root/>", "data.xml", "application/xml"),
    (b"plain words", "x", "text/plain"),
    (b"plain words", "x.csv", "text/csv"),
    (b"\x00\x01\x02\xff" * 10, "junk.bin", "application/octet-stream"),
    (b"BMW cars are fast", "x", "text/plain"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "x",
     "application/msword"),
])
def test_sniff(head: bytes, name: str, mime: str) -> None:
    assert sniff(head, name) == mime


def test_sniff_tells_docx_from_zip(tmp_path: Path) -> None:
    docx_path = make_docx(tmp_path / "renamed.zip")
    assert probe_file(docx_path, "renamed.zip").mime.endswith("wordprocessingml.document")


def test_every_builtin_has_a_name_and_version() -> None:
    names = [i.name for i in ingestors()]
    assert len(names) == len(set(names))
    assert {"pdf", "docx", "odt", "legacy", "html", "text", "image", "zip", "tar", "7z",
            "email", "mbox"} <= set(names)
    assert all(i.version for i in ingestors())


