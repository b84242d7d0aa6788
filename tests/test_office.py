"""Spreadsheets, presentations, e-books, Outlook mail and word-processor tables, read as what
they are: each file made here (by hand, part by part, or by LibreOffice from one made here),
then ingested through the real pipeline and searched. The people are fictional."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import found_names, ingest_context, read_file

from kavosh.case import Case
from kavosh.ingest.base import IngestError
from kavosh.ingest.registry import ingest_file
from kavosh.ingest.sniff import ODP, ODS, PPTX, XLSX, probe_file
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
