"""Spreadsheets, presentations, e-books, Outlook mail and word-processor tables, read as what
they are: each file made here (by hand, part by part, or by LibreOffice from one made here),
then ingested through the real pipeline and searched. The people are fictional."""

from __future__ import annotations

import itertools
import shutil
import struct
import subprocess
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import found_names, ingest_context, read_file

from kavosh.case import Case
from kavosh.ingest.base import IngestError
from kavosh.ingest.registry import ingest_file
from kavosh.ingest.sniff import MSG, ODP, ODS, PPTX, XLSX, probe_file
from kavosh.pipeline import ingest
from kavosh.views.search import search

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rels(*targets: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{DOC_RELS}/{kind}" Target="{target}"/>'
                   for i, kind, target in targets)
    return f'{XML}<Relationships xmlns="{PKG}">{body}</Relationships>'


def content_types(*overrides: tuple[str, str]) -> str:
    body = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>'
                   for part, kind in overrides)
    return (f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>')


def core(title: str) -> str:
    return (f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title><dc:creator>دفتر مالی</dc:creator>"
            "</cp:coreProperties>")


# --- spreadsheets -------------------------------------------------------------------------

SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def payments_xlsx(path: Path) -> Path:
    """A workbook as openpyxl writes one: shared strings, a date style, a formula with its
    cached value, a comment, and a hidden second sheet."""
    strings = ["نام", "مبلغ", "تاریخ", "جمع", "آذرمهر رستگار", "کیمیا نوروزی", "پرداخت نقدی"]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sheet1 = (
        f'{XML}<worksheet {NS} {RNS}><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1200000</v></c>'
        '<c r="C2" s="1"><v>41959</v></c><c r="D2"><f>B2*2</f><v>2400000</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>سپهر کاویانی</t></is></c>'
        '<c r="C3" s="1"><v>41960.5</v></c><c r="D3" t="b"><v>1</v></c></row>'
        '</sheetData><legacyDrawing r:id="rId2"/></worksheet>')
    sheet2 = (f'{XML}<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c>'
              '<c r="B1"><v>0.25</v></c></row></sheetData></worksheet>')
    comments = (f'{XML}<comments {NS}><authors><author>حسابدار</author></authors><commentList>'
                '<comment ref="A3" authorId="0"><text><r><t>پرداخت</t></r><r><t> نقدی</t></r>'
                '</text></comment></commentList></comments>')
    workbook = (f'{XML}<workbook {NS} {RNS}><workbookPr/><sheets>'
                '<sheet name="پرداخت‌ها" sheetId="1" r:id="rId1"/>'
                '<sheet name="محرمانه" sheetId="2" state="hidden" r:id="rId2"/>'
                '</sheets></workbook>')
    styles = (f'{XML}<styleSheet {NS}><cellXfs count="2"><xf numFmtId="0"/>'
              '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
    parts = {
        "[Content_Types].xml": content_types(
            ("/xl/workbook.xml", f"{SML}.sheet.main+xml"),
            ("/xl/worksheets/sheet1.xml", f"{SML}.worksheet+xml"),
            ("/xl/worksheets/sheet2.xml", f"{SML}.worksheet+xml"),
            ("/xl/comments1.xml", f"{SML}.comments+xml")),
        "_rels/.rels": rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "docProps/core.xml": core("پرداخت‌های پاییز"),
        "docProps/app.xml": f"{XML}<Properties/>",
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels(
            ("rId1", "worksheet", "worksheets/sheet1.xml"),
            ("rId2", "worksheet", "/xl/worksheets/sheet2.xml"),
            ("rId3", "sharedStrings", "sharedStrings.xml"), ("rId4", "styles", "styles.xml")),
        "xl/sharedStrings.xml": f'{XML}<sst {NS}>{shared}</sst>',
        "xl/styles.xml": styles,
        "xl/worksheets/sheet1.xml": sheet1,
        "xl/worksheets/_rels/sheet1.xml.rels": rels(("rId1", "comments", "../comments1.xml")),
        "xl/worksheets/sheet2.xml": sheet2,
        "xl/comments1.xml": comments,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return path


PAYMENTS_PAGE_1 = (
    "[sheet 1: پرداخت‌ها]\n"
    "نام\tمبلغ\tتاریخ\tجمع\n"
    "آذرمهر رستگار\t1200000\t2014-11-16\t2400000\n"
    "سپهر کاویانی\t\t2014-11-17 12:00:00\tTRUE\n"
    "[comment A3 (حسابدار): پرداخت نقدی]"
)
PAYMENTS_PAGE_2 = "[sheet 2: محرمانه]\n[hidden sheet]\nکیمیا نوروزی\t0.25"


def test_xlsx_reads_as_one_document_a_page_per_sheet(case: Case, tmp_path: Path) -> None:
    source = payments_xlsx(tmp_path / "in" / "payments.xlsx")
    result = read_file(source, ingest_context(tmp_path))
    assert result.mime == XLSX
    assert [p.text for p in result.pages] == [PAYMENTS_PAGE_1, PAYMENTS_PAGE_2]
    assert result.metadata["sheets"] == ["پرداخت‌ها", "محرمانه"]
    assert result.metadata["hidden_sheets"] == ["محرمانه"]
    assert result.metadata["title"] == "پرداخت‌های پاییز" and not result.children
    ingest(case, [source.parent])
    assert [d.name for d in case.store.documents()] == ["in", "payments.xlsx"]  # not ten parts
    hits = search(case, "آذرمهر").hits
    assert [(Path(h.path).name, h.page) for h in hits] == [("payments.xlsx", 1)]
    assert [h.page for h in search(case, "نوروزی").hits] == [2]  # the hidden sheet is read
    assert [h.page for h in search(case, "نقدی").hits] == [1]  # and the comment


def test_an_office_zip_without_its_usual_part_names_is_still_one_document(
        tmp_path: Path) -> None:
    plain = payments_xlsx(tmp_path / "payments.xlsx")
    moved = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(moved, "w") as new:
        for info in old.infolist():
            data = old.read(info).replace(b"workbook.xml", b"book.xml")
            new.writestr(info.filename.replace("workbook.xml", "book.xml"), data)
    assert probe_file(moved, "moved.bin").mime == XLSX  # by [Content_Types].xml
    assert read_file(moved).pages[0].text == PAYMENTS_PAGE_1


def test_a_zip_bomb_sheet_fails_with_a_reason(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    payments_xlsx(bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet3.xml", b" " * (60 * 1024 * 1024))
    with pytest.raises(IngestError, match="zip bomb"):
        read_file(bomb)


def test_a_huge_sheet_stops_at_the_text_limit(tmp_path: Path) -> None:
    source = payments_xlsx(tmp_path / "payments.xlsx")
    result = ingest_file(source, source.name, ingest_context(tmp_path, max_text_chars=60))
    assert "larger than the limits" in result.metadata["truncated"]
    assert sum(len(p.text) for p in result.pages) < 200


def soffice_convert(source: Path, target: str, needs: str) -> Path:
    """``source`` converted by LibreOffice into ``target`` format beside it, or skip."""
    program = shutil.which("soffice")
    if program is None:
        pytest.skip("LibreOffice (soffice) is absent: scripts/install-system.sh installs it")
    out = source.parent / target
    out.mkdir(exist_ok=True)
    profile = (source.parent / "lo-profile").resolve().as_uri()
    subprocess.run([program, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   capture_output=True, timeout=300, check=False)
    converted = out / f"{source.stem}.{target}"
    if not converted.exists():
        pytest.skip(f"LibreOffice could not write {target}: is {needs} installed?")
    return converted


@pytest.mark.slow
@pytest.mark.parametrize("target", ["ods", "xls"])
def test_ods_and_xls_read_like_the_xlsx(case: Case, tmp_path: Path, target: str) -> None:
    source = payments_xlsx(tmp_path / "made" / "payments.xlsx")
    converted = soffice_convert(source, target, "libreoffice-calc-nogui")
    result = read_file(converted)
    first, hidden = (p.text.splitlines() for p in result.pages)
    assert first[:4] == PAYMENTS_PAGE_1.splitlines()[:4]
    assert "[comment A3" in first[-1] and "پرداخت نقدی" in first[-1]
    assert hidden == PAYMENTS_PAGE_2.splitlines()
    if target == "ods":
        assert result.mime == ODS
    else:
        assert result.metadata["converted_by"] == "LibreOffice"
    ingest(case, [converted])
    assert [(Path(h.path).name, h.page) for h in search(case, "آذرمهر").hits] == \
        [(converted.name, 1)]


# --- presentations ------------------------------------------------------------------------

PML = "application/vnd.openxmlformats-officedocument.presentationml"
SLIDE_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')


def shape(text: str, placeholder: str = "") -> str:
    ph = f'<p:nvSpPr><p:nvPr><p:ph type="{placeholder}"/></p:nvPr></p:nvSpPr>' \
        if placeholder else ""
    runs = "".join(f"<a:p><a:r><a:t>{line}</a:t></a:r></a:p>" for line in text.split("\n"))
    return f"<p:sp>{ph}<p:txBody>{runs}</p:txBody></p:sp>"


def table(rows: list[list[str]]) -> str:
    body = "".join(
        "<a:tr>" + "".join(f"<a:tc><a:txBody><a:p><a:r><a:t>{cell}</a:t></a:r></a:p>"
                           "</a:txBody></a:tc>" for cell in row) + "</a:tr>" for row in rows)
    uri = "http://schemas.openxmlformats.org/drawingml/2006/table"
    grid = "<a:tblGrid>" + '<a:gridCol w="3000000"/>' * len(rows[0]) + "</a:tblGrid>"
    return (f'<p:graphicFrame><a:graphic><a:graphicData uri="{uri}"><a:tbl>{grid}{body}</a:tbl>'
            "</a:graphicData></a:graphic></p:graphicFrame>")


def slide(content: str, root: str = "p:sld", show: str = "") -> str:
    hidden = f' show="{show}"' if show else ""
    return (f"{XML}<{root} {SLIDE_NS}{hidden}><p:cSld><p:spTree>{content}</p:spTree></p:cSld>"
            f"</{root}>")


def briefing_pptx(path: Path) -> Path:
    """Two slides (the second hidden), a table, and speaker notes on the first."""
    parts = {
        "[Content_Types].xml": content_types(("/ppt/presentation.xml",
                                              f"{PML}.presentation.main+xml")),
        "_rels/.rels": rels(("rId1", "officeDocument", "ppt/presentation.xml")),
        "docProps/core.xml": core("جلسه توجیهی"),
        "ppt/presentation.xml": (
            f'{XML}<p:presentation {SLIDE_NS} {RNS}><p:sldIdLst><p:sldId id="256" r:id="rId2"/>'
            '<p:sldId id="257" r:id="rId3"/></p:sldIdLst></p:presentation>'),
        "ppt/_rels/presentation.xml.rels": rels(("rId2", "slide", "slides/slide1.xml"),
                                                ("rId3", "slide", "slides/slide2.xml")),
        "ppt/slides/slide1.xml": slide(shape("جلسه با آذرمهر رستگار", "title")
                                       + table([["از", "دفتر تهران"], ["به", "شعبه مشهد"]])),
        "ppt/slides/_rels/slide1.xml.rels": rels(
            ("rId1", "notesSlide", "../notesSlides/notesSlide1.xml")),
        "ppt/notesSlides/notesSlide1.xml": slide(
            shape("", "sldImg") + shape("تماس با کیمیا نوروزی", "body") + shape("1", "sldNum"),
            root="p:notes"),
        "ppt/slides/slide2.xml": slide(shape("اسلاید پنهان درباره سپهر کاویانی"), show="0"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return path


BRIEFING = [
    "جلسه با آذرمهر رستگار\nاز\tدفتر تهران\nبه\tشعبه مشهد\n[speaker notes]\nتماس با کیمیا نوروزی",
    "[hidden slide]\nاسلاید پنهان درباره سپهر کاویانی",
]


def test_pptx_reads_a_page_per_slide_with_its_notes(case: Case, tmp_path: Path) -> None:
    source = briefing_pptx(tmp_path / "in" / "briefing.pptx")
    result = read_file(source, ingest_context(tmp_path))
    assert result.mime == PPTX
    assert [p.text for p in result.pages] == BRIEFING
    assert result.metadata["hidden_slides"] == [2]
    assert result.metadata["title"] == "جلسه توجیهی"
    ingest(case, [source.parent])
    assert [(Path(h.path).name, h.page) for h in search(case, "نوروزی").hits] == \
        [("briefing.pptx", 1)]
    assert [h.page for h in search(case, "کاویانی").hits] == [2]


@pytest.mark.slow
@pytest.mark.parametrize("target", ["odp", "ppt"])
def test_odp_and_ppt_read_like_the_pptx(tmp_path: Path, target: str) -> None:
    source = briefing_pptx(tmp_path / "made" / "briefing.pptx")
    converted = soffice_convert(source, target, "libreoffice-impress-nogui")
    result = read_file(converted)
    texts = [p.text for p in result.pages]
    assert [t.splitlines()[0] for t in texts] == ["جلسه با آذرمهر رستگار", "[hidden slide]"]
    assert "از\tدفتر تهران" in texts[0] and "کیمیا نوروزی" in texts[0]
    assert texts[0].index("[speaker notes]") < texts[0].index("کیمیا نوروزی")
    if target == "odp":
        assert result.mime == ODP
    else:
        assert result.metadata["converted_by"] == "LibreOffice"


# --- e-books ------------------------------------------------------------------------------


def book_epub(path: Path) -> Path:
    """Chapters listed in the manifest in one order and read (the spine) in another."""
    opf = (
        f'{XML}<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>خاطرات</dc:title>'
        "<dc:creator>نویسنده خیالی</dc:creator><dc:language>fa</dc:language></metadata>"
        '<manifest><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="css" href="style.css" media-type="text/css"/></manifest>'
        '<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>')
    chapter = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
               "<title>t</title></head><body><h1>{0}</h1><p>{1}</p></body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        package.writestr("META-INF/container.xml", (
            f'{XML}<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'version="1.0"><rootfiles><rootfile full-path="OEBPS/book.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>'))
        package.writestr("OEBPS/book.opf", opf)
        package.writestr("OEBPS/text/one.xhtml", chapter.format("فصل یک", "دیدار با آذرمهر"))
        package.writestr("OEBPS/text/two.xhtml", chapter.format("فصل دو", "نامه کیمیا"))
        package.writestr("OEBPS/style.css", "p { color: red }")
    return path


def test_epub_reads_its_chapters_in_spine_order(case: Case, tmp_path: Path) -> None:
    source = book_epub(tmp_path / "in" / "memoir.epub")
    result = read_file(source, ingest_context(tmp_path))
    assert result.mime == "application/epub+zip"
    assert [p.text for p in result.pages] == ["فصل یک\nدیدار با آذرمهر", "فصل دو\nنامه کیمیا"]
    assert result.metadata["title"] == "خاطرات" and result.metadata["author"] == "نویسنده خیالی"
    ingest(case, [source.parent])
    assert [(Path(h.path).name, h.page) for h in search(case, "کیمیا").hits] == \
        [("memoir.epub", 2)]
    assert found_names(case, "آذرمهر") == {"memoir.epub"}


# --- Outlook messages ---------------------------------------------------------------------


END, FREE = 0xFFFFFFFE, 0xFFFFFFFF


@dataclass
class Node:
    """A directory entry of the compound file being written."""

    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    right: int = FREE
    start: int = END

    def entry(self) -> bytes:
        name = self.name.encode("utf-16-le") + b"\0\0"
        child = self.children[0] if self.children else FREE
        return (name.ljust(64, b"\0") + struct.pack("<HBBIII", len(name), self.kind, 1, FREE,
                                                    self.right, child)
                + b"\0" * 36 + struct.pack("<IQ", self.start, len(self.data)))


def compound_file(streams: dict[str, bytes], directory_last: bool = False) -> bytes:
    """A minimal OLE2 compound file (MS-CFB version 3, 512-byte sectors) holding ``streams``
    (paths with ``/`` between storages): small streams in the mini stream, as Outlook writes;
    the directory after the FAT, or after everything else."""
    sector, mini, cutoff = 512, 64, 4096
    nodes = [Node("Root Entry", 5)]
    index = {"": 0}
    for path in sorted(streams):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key not in index:
                index[key] = len(nodes)
                nodes[index["/".join(parts[:depth - 1])]].children.append(len(nodes))
                nodes.append(Node(parts[depth - 1], 2 if depth == len(parts) else 1,
                                  streams.get(key, b"")))
    for node in nodes:  # siblings chained to the right (a valid, if lopsided, tree)
        for left, right in itertools.pairwise(node.children):
            nodes[left].right = right
    ministream, minifat = b"", []
    for node in nodes:
        if node.kind == 2 and len(node.data) < cutoff:
            count = -(-len(node.data) // mini) or 1
            node.start = len(ministream) // mini
            minifat += [node.start + i + 1 for i in range(count - 1)] + [END]
            ministream += node.data.ljust(count * mini, b"\0")
    nodes[0].data = ministream
    big = [node for node in nodes if node.kind == 2 and len(node.data) >= cutoff]
    # after the FAT: the directory, the mini FAT, the mini stream, each big stream (in that
    # order, or the directory last)
    runs = {"directory": b"\0" * 128 * len(nodes),
            "minifat": struct.pack(f"<{len(minifat)}I", *minifat), "ministream": ministream}
    runs.update({f"big{i}": node.data for i, node in enumerate(big)})
    if directory_last:
        runs["directory"] = runs.pop("directory")
    counts = [-(-len(run) // sector) or 1 for run in runs.values()]
    fat_count = 1
    while fat_count * 128 < fat_count + sum(counts):
        fat_count += 1
    starts = list(itertools.accumulate([fat_count, *counts]))[:-1]
    where = dict(zip(runs, starts, strict=True))
    fat = [0xFFFFFFFD] * fat_count
    for start, count in zip(starts, counts, strict=True):
        fat += [start + i + 1 for i in range(count - 1)] + [END]
    fat += [FREE] * (fat_count * 128 - len(fat))
    nodes[0].start = where["ministream"]
    for i, node in enumerate(big):
        node.start = where[f"big{i}"]
    runs["directory"] = b"".join(node.entry() for node in nodes)
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, fat_count, where["directory"], 0, cutoff,
                     where["minifat"], 1, END, 0)
    struct.pack_into("<109I", header, 0x4C, *range(fat_count), *[FREE] * (109 - fat_count))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + b"".join(
        run.ljust(count * sector, b"\0") for run, count in zip(runs.values(), counts, strict=True))


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def outlook_msg(path: Path) -> Path:
    """An Outlook message with a Persian subject and body and two attachments (one of them
    larger than the mini-stream cutoff), as Outlook stores them: MAPI property streams."""
    big = ("گزارش پرداخت به آذرمهر رستگار\n" * 300).encode("utf-8")
    sent = (datetime(2014, 11, 16, 8, 30, tzinfo=UTC) - datetime(1601, 1, 1, tzinfo=UTC))
    ticks = (sent.days * 86400 + sent.seconds) * 10_000_000
    fixed = b"\0" * 32 + struct.pack("<HHIQ", 0x0040, 0x0039, 6, ticks)
    streams = {
        "__properties_version1.0": fixed,
        "__substg1.0_0037001F": utf16("دیدار با کیمیا نوروزی"),
        "__substg1.0_0C1A001F": utf16("سپهر کاویانی"),
        "__substg1.0_5D01001F": utf16("sepehr@example.org"),
        "__substg1.0_0E04001F": utf16("دفتر مالی"),
        "__substg1.0_1000001F": utf16("سلام،\r\nفهرست پرداخت‌ها پیوست است."),
        "__attach_version1.0_#00000000/__properties_version1.0": b"\0" * 8,
        "__attach_version1.0_#00000000/__substg1.0_3707001F": utf16("payments.txt"),
        "__attach_version1.0_#00000000/__substg1.0_37010102": big,
        "__attach_version1.0_#00000001/__properties_version1.0": b"\0" * 8,
        "__attach_version1.0_#00000001/__substg1.0_3707001F": utf16("note.txt"),
        "__attach_version1.0_#00000001/__substg1.0_37010102": "یادداشت کوتاه".encode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compound_file(streams))
    return path


def test_outlook_msg_reads_like_an_email_with_attachments_as_children(
        case: Case, tmp_path: Path) -> None:
    source = outlook_msg(tmp_path / "in" / "meeting.msg")
    assert probe_file(source, "no-extension").mime == MSG
    ctx = ingest_context(tmp_path)
    result = read_file(source, ctx)
    assert result.pages[0].text == (
        "From: سپهر کاویانی <sepehr@example.org>\nTo: دفتر مالی\n"
        "Date: 2014-11-16T08:30:00+00:00\nSubject: دیدار با کیمیا نوروزی\n\n"
        "سلام،\nفهرست پرداخت‌ها پیوست است.")
    assert result.metadata["attachment_count"] == 2
    assert sorted(c.name for c in ctx.children) == ["note.txt", "payments.txt"]
    ingest(case, [source.parent])
    assert found_names(case, "نوروزی") == {"meeting.msg"}
    assert [h.path for h in search(case, "آذرمهر").hits] == ["in/meeting.msg/payments.txt"]


def test_a_msg_is_known_by_its_streams_and_a_looping_one_fails_with_a_reason(
        tmp_path: Path) -> None:
    # the directory placed past the first 64 KiB, and no telling extension: read the streams
    streams = {"__substg1.0_0037001F": utf16("پیام"),
               "__attach_version1.0_#00000000/__substg1.0_37010102": b"x" * 70_000}
    late = tmp_path / "late"
    late.write_bytes(compound_file(streams, directory_last=True))
    assert probe_file(late, "late").mime == MSG
    raw = compound_file(streams)
    # every FAT entry pointing at sector 0: each chain loops at once
    fat_start = 512
    looping = raw[:fat_start] + struct.pack("<128I", *[0] * 128) + raw[fat_start + 512:]
    bad = tmp_path / "loop.msg"
    bad.write_bytes(looping)
    with pytest.raises(IngestError, match="Outlook message is damaged"):
        read_file(bad)


# --- tables in word-processor documents ----------------------------------------------------

CABLE_HEADER = [("از:", "سفارت در بغداد"), ("به:", "وزارت امور خارجه"),
                ("موضوع:", "دیدار با آذرمهر رستگار"), ("تاریخ:", "۱۳۹۳/۰۸/۲۵")]


def cable_docx(path: Path) -> Path:
    """A cable whose header is a two-column table, then a payments table with a merged heading
    cell, a vertically merged cell and a table nested in a cell."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("سند محرمانه")
    header = document.add_table(rows=len(CABLE_HEADER), cols=2)
    for row, (label, value) in zip(header.rows, CABLE_HEADER, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("متن پیام")
    payments = document.add_table(rows=3, cols=3)
    top = payments.rows[0].cells
    top[0].merge(top[1]).text = "پرداخت‌ها"
    top[2].text = "یادداشت"
    payments.cell(1, 0).text = "کیمیا نوروزی"
    payments.cell(1, 1).text = "500"
    payments.cell(1, 2).merge(payments.cell(2, 2)).text = "نقدی"
    payments.cell(2, 0).text = "سپهر کاویانی"
    inner = payments.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "700", "دلار"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


CABLE_LINES = [
    "سند محرمانه", *(f"{label}\t{value}" for label, value in CABLE_HEADER), "متن پیام",
    "پرداخت‌ها\t\tیادداشت", "کیمیا نوروزی\t500\tنقدی", "سپهر کاویانی\t700 دلار",
]


def test_docx_tables_read_row_by_row_with_cells_in_place(tmp_path: Path) -> None:
    result = read_file(cable_docx(tmp_path / "cable.docx"))
    assert result.pages[0].text.splitlines() == CABLE_LINES


@pytest.mark.slow
def test_odt_tables_read_like_the_docx(tmp_path: Path) -> None:
    converted = soffice_convert(cable_docx(tmp_path / "made" / "cable.docx"), "odt",
                                "libreoffice-writer-nogui")
    result = read_file(converted)
    assert result.pages[0].text.splitlines() == CABLE_LINES


def test_an_ods_row_repeated_a_billion_times_stops_at_the_limits(tmp_path: Path) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (
        f'{XML}<office:document-content {ns}><office:body><office:spreadsheet>'
        '<table:table table:name="بمب"><table:table-row table:number-rows-repeated="1000000000">'
        '<table:table-cell table:number-columns-repeated="1000000000" office:value-type="string">'
        "<text:p>آذرمهر</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>")
    source = tmp_path / "bomb.ods"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", ODS, zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
    result = ingest_file(source, source.name, ingest_context(tmp_path, max_text_chars=1_000_000))
    assert "larger than the limits" in result.metadata["truncated"]
    lines = result.pages[0].text.splitlines()
    assert lines[1].count("آذرمهر") == 16_384  # no more columns than a spreadsheet has
    assert sum(len(p.text) for p in result.pages) <= 1_000_000


def with_shared_strings(source: Path, target: Path, xml: str) -> Path:
    """``source`` with its shared strings part replaced by ``xml``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, xml if info.filename == "xl/sharedStrings.xml" else data)
    return target


def test_entities_in_a_sheet_are_never_expanded_nor_fetched(tmp_path: Path) -> None:
    source = payments_xlsx(tmp_path / "payments.xlsx")
    xxe = with_shared_strings(source, tmp_path / "xxe.xlsx", (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        f'<sst {NS}><si><t>نام</t></si><si><t>[&xxe;] مبلغ</t></si></sst>'))
    text = read_file(xxe).pages[0].text
    assert text.splitlines()[1].split("\t")[:2] == ["نام", "[&xxe;] مبلغ"]
    assert Path("/etc/hostname").read_text().strip() not in text
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = with_shared_strings(source, tmp_path / "laughs.xlsx", (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "ha">{laughs}]>'
        f'<sst {NS}><si><t>&l9;</t></si></sst>'))
    with pytest.raises(IngestError, match="damaged: Maximum entity amplification"):
        read_file(bomb)


def test_a_damaged_workbook_fails_with_a_reason(tmp_path: Path) -> None:
    source = payments_xlsx(tmp_path / "payments.xlsx")
    broken = with_shared_strings(source, tmp_path / "broken.xlsx", f"<sst {NS}><si><t>نام")
    with pytest.raises(IngestError, match="the spreadsheet is damaged"):
        read_file(broken)


# --- what a word-processor document holds outside its body ----------------------------------

MARGIN_LINES = ["[header: طبقه‌بندی: سری]", "گزارش دیدار در نجف", "بند دوم.",
                "[footer: شماره ۷۷/۴۴۱]"]


def notes_odt(path: Path) -> Path:
    """An ODT with a header and a footer, a footnote and a comment anchored in its first
    paragraph (odfpy, element by element; the people are fictional)."""
    pytest.importorskip("odf")
    from odf.dc import Creator, Date
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentText
    from odf.style import Footer, Header, MasterPage, PageLayout
    from odf.text import Note, NoteBody, NoteCitation, P

    document = OpenDocumentText()
    layout = PageLayout(name="layout")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    for part, text in ((Header(), "طبقه‌بندی: سری"), (Footer(), "شماره ۷۷/۴۴۱")):
        part.addElement(P(text=text))
        master.addElement(part)
    document.masterstyles.addElement(master)
    first = P(text="گزارش دیدار در نجف")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="منبع: یک مقام محلی"))
    note.addElement(body)
    first.addElement(note)
    comment = Annotation()
    comment.addElement(Creator(text="Sara Desk"))
    comment.addElement(Date(text="2019-10-05T10:00:00"))
    comment.addElement(P(text="این بند را حذف کنید"))
    first.addElement(comment)
    document.text.addElement(first)
    document.text.addElement(P(text="بند دوم."))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_odt_headers_notes_and_comments_are_read_apart_from_the_body(case: Case,
                                                                     tmp_path: Path) -> None:
    """A classification in the header, a source in a footnote and an editor's comment are
    evidence too: each is read, marked, on a line of its own. Before, the header and footer
    were lost and the note and the comment were glued to the paragraph's last word
    («نجف1منبع: …Sara Desk2019-…»), so a search for نجف missed the document."""
    source = notes_odt(tmp_path / "in" / "notes.odt")
    assert read_file(source).pages[0].text.splitlines() == [
        *MARGIN_LINES, "[footnote 1: منبع: یک مقام محلی]",
        "[comment by Sara Desk, 2019-10-05T10:00:00: این بند را حذف کنید]"]
    ingest(case, [source.parent])
    assert found_names(case, "نجف") == found_names(case, "سری") == {"notes.odt"}


def test_docx_headers_footers_and_comments_are_read(tmp_path: Path) -> None:
    """python-docx makes the header, footer and comment; the body stays as it was."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "طبقه‌بندی: سری"
    section.footer.paragraphs[0].text = "شماره ۷۷/۴۴۱"
    first = document.add_paragraph("گزارش دیدار در نجف")
    document.add_paragraph("بند دوم.")
    document.add_comment(first.runs, text="این بند را حذف کنید", author="Sara Desk")
    path = tmp_path / "report.docx"
    document.save(str(path))
    lines = read_file(path).pages[0].text.splitlines()
    assert lines[:4] == MARGIN_LINES
    assert lines[4].startswith("[comment by Sara Desk, ") and \
        lines[4].endswith(": این بند را حذف کنید]"), lines


@pytest.mark.slow
def test_docx_footnotes_are_read_like_the_odt(tmp_path: Path) -> None:
    """The ODT above saved as DOCX by LibreOffice: its footnote in word/footnotes.xml."""
    converted = soffice_convert(notes_odt(tmp_path / "made" / "notes.odt"), "docx",
                                "libreoffice-writer-nogui")
    lines = read_file(converted).pages[0].text.splitlines()
    assert lines[:5] == [*MARGIN_LINES, "[footnote 1: منبع: یک مقام محلی]"], lines
    assert lines[5].startswith("[comment by Sara Desk, 2019-10-05T10:00:00"), lines
