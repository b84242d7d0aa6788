"""Tables in Latin (left-to-right) PDFs: one row a line, cells in reading order, tabs between
them (issue 10, "Tables"); pages of running text keep PDFium's text as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import kavosh, read_file, shared_data

ROWS = [("Name", "Role", "Amount paid"),
        ("Darius Fictional", "Field producer", "$12,500.00"),
        ("Mina Examplewood", "Translator", "$3,075.50"),
        ("Kaveh Placeholder", "Driver and fixer", "$980.00")]
PROSE = ("The committee met on Tuesday to review the accounts of the foundation. Its members "
         "asked why several payments had been made in cash, and the treasurer promised a full "
         "list of recipients before the end of the month. ") * 4


def _report(path: Path) -> Path:
    """A two-page ReportLab PDF: running text, then a table with a header row."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    table = Table([list(row) for row in ROWS])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("ALIGN", (2, 0), (2, -1), "RIGHT")]))
    story = [Paragraph("Quarterly review", styles["Heading1"]),
             Paragraph(PROSE, styles["BodyText"]), Paragraph(PROSE, styles["BodyText"]),
             PageBreak(), Paragraph("Payments in the quarter", styles["Heading2"]), table]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _pdfium_text(path: Path, index: int) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return str(document[index].get_textpage().get_text_range()).replace("\r\n", "\n")
    finally:
        document.close()


def test_reportlab_table_reads_row_by_row(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    source = _report(tmp_path / "in" / "payments.pdf")
    result = read_file(source)
    prose, table = (page.text for page in result.pages)
    assert prose == _pdfium_text(source, 0)  # running text: PDFium's text, unchanged
    lines = table.splitlines()
    for row in ROWS:
        assert "\t".join(row) in lines, table
    assert lines[0] == "Payments in the quarter"

    case_dir = tmp_path / "case"
    kavosh("ingest", str(source.parent), "--case", str(case_dir), "--no-ocr")
    found = kavosh("search", "Examplewood", "--case", str(case_dir))
    assert "payments.pdf" in found.stdout


def test_two_column_prose_keeps_pdfium_text(tmp_path: Path) -> None:
    """Two columns of running text side by side are not a table: the page reads as before."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    source = tmp_path / "columns.pdf"
    width, height = A4
    column = (width - 144 - 18) / 2
    doc = BaseDocTemplate(str(source), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=[
        Frame(72, 72, column, height - 144), Frame(72 + column + 18, 72, column, height - 144)])])
    doc.build([Paragraph(PROSE, getSampleStyleSheet()["BodyText"]) for _ in range(8)])
    assert read_file(source).pages[0].text == _pdfium_text(source, 0)


def test_enron_exhibit_reads_row_by_row(tmp_path: Path) -> None:
    """The real court exhibit (Excel through Acrobat PDFWriter): a row of 15 cells a line."""
    exhibit = shared_data("enron") / "enron61702insiderpay.pdf"
    if not exhibit.exists():
        pytest.skip(f"real data not available: {exhibit} is absent")
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(exhibit, inbox / exhibit.name)
    result = read_file(inbox / exhibit.name)
    lines = result.pages[0].text.splitlines()
    assert ("ALLEN, PHILLIP K\t$201,955\t$4,175,000\t$304,805\t($3,081,055)\t$2,869,717\t-"
            "\t$152\t$13,868\t-\t$4,484,442\t$1,729,541\t$126,027\t($126,027)\t$1,729,541"
            ) in lines, result.pages[0].text
    assert ("BADUM, JAMES P\t-\t-\t-\t-\t178,980\t-\t-\t3,486\t-\t182,466\t257,817\t-\t-"
            "\t257,817") in lines
    rows = [line for line in lines if line[:1].isupper() and line.count("\t") == 14]
    assert len(rows) >= 30  # every insider's row, not only the two above
    case_dir = tmp_path / "case"
    kavosh("ingest", str(inbox), "--case", str(case_dir), "--no-ocr")
    found = kavosh("search", "BANNANTINE", "--case", str(case_dir))
    assert exhibit.name in found.stdout


WRAPPED = [("Name of the payee", "Role on the team", "Amount paid in the quarter (USD)"),
           ("Darius Fictional", "Field producer for the northern provinces", "$12,500.00"),
           ("Mina Examplewood", "Translator", "$3,075.50"),
           ("Kaveh Placeholder", "Driver and fixer", "$980.00")]


def test_cells_that_wrap_read_as_one_row(tmp_path: Path) -> None:
    """Cells too narrow for their text wrap onto two or three lines (set bottom-aligned, as a
    spreadsheet does): each cell's lines join within the cell, one row a line, tabs between."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(cell, style) for cell in row] for row in WRAPPED],
                  colWidths=[90, 90, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    source = tmp_path / "wrapped.pdf"
    SimpleDocTemplate(str(source), pagesize=A4).build(
        [Paragraph("Payments in the quarter", style), table])
    assert read_file(source).pages[0].text.splitlines() == [
        "Payments in the quarter", *("\t".join(row) for row in WRAPPED)]


def test_fpdf2_table_rows_set_as_close_as_a_cells_lines(tmp_path: Path) -> None:
    """fpdf2's ``table()`` draws each cell as a box, justifies its words and centres them
    vertically, and spaces a cell's lines like the table's rows: only the rules tell a row
    from a wrapped cell. Each row reads as one line, cells apart by tabs, each cell's words
    in order."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text="Payments in the quarter")
    pdf.ln(10)
    with pdf.table(col_widths=(30, 30, 30), width=100) as table:
        for row in WRAPPED:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    source = tmp_path / "fpdf2-table.pdf"
    pdf.output(str(source))
    assert read_file(source).pages[0].text.splitlines() == [
        "Payments in the quarter", *("\t".join(row) for row in WRAPPED)]


def test_writer_table_whose_cells_wrap_at_their_own_baselines(tmp_path: Path) -> None:
    """LibreOffice Writer (an HTML table, the way many DOCX/HTML files become PDFs) rules its
    cells with lines; a cell's second line and the next cell's first share one run of the
    text layer, at another baseline. Each row still reads as one line, each cell's words in
    order (before: the wrapped cell's two lines were merged letter by letter)."""
    source = _soffice_pdf(tmp_path, _html_table(WRAPPED, rtl=False))
    lines = read_file(source).pages[0].text.splitlines()
    assert lines == ["Payments in the quarter", *("\t".join(row) for row in WRAPPED)]


PAYMENTS_FA = [("نام دریافت‌کننده", "نقش در گروه", "مبلغ پرداختی در فصل (ریال)"),
               ("داریوش خیالی", "تهیه‌کننده میدانی برای استان‌های شمالی کشور", "۱۲٬۵۰۰٬۰۰۰"),
               ("تاریخ:", "۱۳۹۳/۰۸/۲۵", "شماره ۳۱۲/۴۸۸۰/ک"),
               ("طبقه‌بندی:", "سری", "بایگانی‌شده")]  # fictional people


def _soffice_pdf(tmp_path: Path, html: str) -> Path:
    """``html`` written as a PDF by LibreOffice Writer's HTML import."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice is not installed (scripts/install-system.sh installs it)")
    page = tmp_path / "table.html"
    page.write_text(html, encoding="utf-8")
    subprocess.run([program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "out"), str(page)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "out" / "table.pdf"


def _html_table(rows: list[tuple[str, str, str]], rtl: bool) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                    for row in rows)
    way = " dir='rtl'" if rtl else ""
    title = "پرداخت‌های فصل" if rtl else "Payments in the quarter"
    return (f"<html><body{way}><p>{title}</p><table border='1' width='340'{way}>{cells}"
            "</table></body></html>")


def test_writer_persian_table_reads_right_to_left_one_row_a_line(tmp_path: Path) -> None:
    """A right-to-left ruled table from Writer: each row one line, its cells in reading order
    (the rightmost first), a wrapped cell's lines joined, a label cell ending with ``:``
    joined to its value by a space, dates and reference numbers whole, and each ZWNJ after
    the letter it follows in the text layer (in «طبقه‌بندی» its box starts left of the ه's)."""
    source = _soffice_pdf(tmp_path, _html_table(PAYMENTS_FA, rtl=True))
    lines = read_file(source).pages[0].text.splitlines()
    assert lines == ["پرداخت‌های فصل", "\t".join(PAYMENTS_FA[0]), "\t".join(PAYMENTS_FA[1]),
                     "تاریخ: ۱۳۹۳/۰۸/۲۵\tشماره ۳۱۲/۴۸۸۰/ک", "طبقه‌بندی: سری\tبایگانی‌شده"]


def test_fpdf2_persian_table_reads_one_row_a_line(tmp_path: Path) -> None:
    """fpdf2's ``table()`` with HarfBuzz shaping, right to left: cells in boxes whose lines
    are spaced like the rows. (fpdf2's text layer drops the ZWNJ, so words are compared
    without it.)"""
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("uharfbuzz")
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip(f"font {font} not installed (Debian fonts-dejavu-core)")
    pdf = fpdf.FPDF()
    pdf.add_font("dejavu", fname=str(font))
    pdf.set_font("dejavu", size=11)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                         language="fas")
    pdf.add_page()
    with pdf.table(col_widths=(30, 30, 30), width=100, text_align="RIGHT",
                   first_row_as_headings=False) as table:
        for row in PAYMENTS_FA[:2]:
            cells = table.row()
            for cell in reversed(row):  # fpdf2 lays cells out left to right
                cells.cell(cell)
    source = tmp_path / "fpdf2-fa.pdf"
    pdf.output(str(source))
    lines = read_file(source).pages[0].text.replace("\u200c", "").splitlines()
    assert lines == ["\t".join(row).replace("\u200c", "") for row in PAYMENTS_FA[:2]]


def test_enron_header_cells_that_wrap_read_as_one_row(tmp_path: Path) -> None:
    """The exhibit's column headings wrap onto two lines (``Long Term`` / ``Incentive (3)``),
    the text layer going from cell to cell, up and down: one line of 15 headings, above the
    rows it heads; the group headings above them (``Payments``) stay a row of their own."""
    exhibit = shared_data("enron") / "enron61702insiderpay.pdf"
    if not exhibit.exists():
        pytest.skip(f"real data not available: {exhibit} is absent")
    shutil.copy(exhibit, tmp_path / exhibit.name)
    lines = read_file(tmp_path / exhibit.name).pages[0].text.splitlines()
    header = ("Insider\tSalary (1)\tBonus (2)\tLong Term Incentive (3)\tDeferred Income (4)"
              "\tDeferral Payments (5)\tLoan Advances (6)\tOther (7)\tExpenses (8)"
              "\tDirector Fees (9)\tTotal Payments\tExercised Stock Options (10)"
              "\tRestricted Stock (11)\tRestricted Stock Deferred (12)\tTotal Stock Value")
    assert header in lines, "\n".join(lines[:12])
    # the group headings are cells of their own ruled row (the white between their boxes,
    # which no rule crosses, is no cell)
    assert lines[lines.index(header) - 1] == "Payments\tStock Value (13)"
    assert lines[lines.index(header) + 1].startswith("ALLEN, PHILLIP K\t$201,955\t")


def test_a_page_of_thousands_of_rules_is_a_drawing_not_a_table(tmp_path: Path) -> None:
    """A page with more paths than a table ever has (a chart, a map, a hostile file that
    draws a grid of 6,000 rules) is read as running text, its words as drawn: the rules are
    not even compared with each other."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.set_line_width(0.1)
    for k in range(3_000):
        y = 40 + (k % 100) * 2
        pdf.line(10, y, 200, y)
        pdf.line(10 + (k % 95) * 2, 40, 10 + (k % 95) * 2, 240)
    lines = ["Quarterly harvest report", "Pomegranates and pistachios"]
    for k, line in enumerate(lines):  # inside the grid: read as cells, words fall apart
        pdf.set_xy(10, 100 + 10 * k)
        pdf.cell(text=line)
    source = tmp_path / "grid.pdf"
    pdf.output(str(source))
    assert read_file(source).pages[0].text.split("\n") == lines
