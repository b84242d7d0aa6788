"""Spreadsheets: XLSX (and XLSM), ODS, and XLS through LibreOffice; one page per sheet.

Contract:

- every sheet, in workbook order, is one page (at most ``limits.max_pages``); the page opens with
  ``[sheet N: name]`` and, for a sheet the workbook hides, a line ``[hidden sheet]``;
- then one line per row that has something in it, its cells separated by a tab (an empty cell
  keeps its place, so columns line up; trailing empty cells are dropped);
- a cell reads as its value: the cached result of a formula (never the formula), numbers as
  written (``1200000``, ``0.25``), dates and times as ISO dates (``2014-11-16``,
  ``2014-11-16 08:30:00``, ``08:30:00``), booleans ``TRUE``/``FALSE``, errors as shown
  (``#DIV/0!``);
- a cell's comment follows its row as ``[comment A3 (author): text]``;
- bounds: the parts are checked for zip bombs before anything is read (``IngestError``), at most
  16,384 columns and 1,048,576 rows a sheet are read (what Excel and LibreOffice allow), and the
  text of the whole workbook stops at ``limits.max_text_chars``; ``metadata["truncated"]`` says
  what was cut;
- metadata: ``sheets`` (names in order), ``hidden_sheets``, ``page_count``, and title, author …
  where the workbook records them; XLS adds ``converted_by``;
- XLS (Excel 97–2003) is converted to XLSX by LibreOffice first (:mod:`kavosh.ingest.legacy`);
  without LibreOffice it fails with a reason saying what to install.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kavosh.ingest.base import IngestError, Limits
from kavosh.ingest.package import (
    OFFICE_RELS,
    FormatFamily,
    Package,
    TextBudget,
    forget,
    local,
)
from kavosh.ingest.sniff import ODS, XLS, XLSX

VERSION = "1"
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = f"{{{OFFICE_RELS}}}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"

# Excel's built-in number formats that show a date or a time.
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")


@dataclass(slots=True)
class Sheet:
    """One sheet read: its lines (rows and comments) in order."""

    name: str
    hidden: bool = False
    lines: list[str] = field(default_factory=list)

    def text(self, number: int) -> str:
        head = [f"[sheet {number}: {self.name}]"] + (["[hidden sheet]"] if self.hidden else [])
        return "\n".join(head + self.lines)


class _Rows:
    """Collects one sheet's rows and comments, within the workbook's text budget."""

    def __init__(self, sheet: Sheet, budget: TextBudget,
                 comments: dict[int, list[str]] | None = None) -> None:
        self.sheet = sheet
        self.budget = budget
        self.comments = comments or {}
        self.rows = 0

    def add(self, row: int, line: str) -> bool:
        """Add row ``row`` (1-based) as ``line`` (see :func:`row_line`), then its comments;
        False once the budget is spent or the sheet has too many rows."""
        self.rows += 1
        if self.rows > MAX_ROWS:
            self.budget.truncated = True
            return False
        if line and not self.put(line):
            return False
        return all(self.put(note) for note in self.comments.pop(row, []))

    def put(self, line: str) -> bool:
        if not self.budget.take(line):
            return False
        self.sheet.lines.append(line)
        return True

    def finish(self) -> None:
        """Comments on rows that hold no value come last."""
        for row in sorted(self.comments):
            for note in self.comments[row]:
                if not self.put(note):
                    return
        self.comments.clear()


def row_line(cells: dict[int, str]) -> str:
    """A row's cells (column index → value) as one line: tab-separated, gaps kept, trailing
    empty cells dropped."""
    if not cells:
        return ""
    return "\t".join(cells.get(i, "") for i in range(max(cells) + 1)).rstrip("\t")


def column_name(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def _comment(ref: str, author: str, text: str) -> str:
    words = " ".join(text.split())
    return f"[comment {ref} ({author}): {words}]" if author else f"[comment {ref}: {words}]"


def _pages(sheets: list[Sheet], metadata: dict[str, Any],
           budget: TextBudget) -> tuple[list[str], dict[str, Any]]:
    """The page texts and the metadata of a workbook read."""
    if budget.truncated:
        metadata["truncated"] = "the workbook is larger than the limits; the rest was not read"
    metadata["sheets"] = [sheet.name for sheet in sheets]
    metadata["hidden_sheets"] = [sheet.name for sheet in sheets if sheet.hidden]
    return [sheet.text(n) for n, sheet in enumerate(sheets, 1)], metadata


# --- XLSX ---------------------------------------------------------------------------------


def excel_date(serial: float, date1904: bool = False) -> str:
    """An Excel date serial as ISO text: a date, a date and time, or a time of day."""
    if date1904:
        base = datetime(1904, 1, 1)
    else:  # Excel counts a 29 February 1900 that never was (serial 60)
        base = datetime(1899, 12, 30) if serial >= 61 else datetime(1899, 12, 31)
    try:
        moment = base + timedelta(days=serial)
    except (OverflowError, ValueError):
        return _number(serial)
    seconds = round((serial % 1) * 86400)
    if serial < 1 and not date1904:
        return (datetime(2000, 1, 1) + timedelta(seconds=seconds)).strftime("%H:%M:%S")
    moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.strftime("%Y-%m-%d") if not seconds else moment.strftime("%Y-%m-%d %H:%M:%S")


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or time (``yyyy/mm/dd``, ``h:mm``)."""
    bare = _QUOTED.sub("", code).lower()
    return bare != "general" and any(ch in bare for ch in "dmyhs")


def _rich_text(element: Any) -> str:
    """The text of a shared string, inline string or comment: its runs, without phonetics."""
    if element is None:
        return ""
    # ``itertext``: an entity reference left unexpanded is a child node, shown as written
    # (``&xxe;``), and the text after it is that node's tail
    return "".join("".join(t.itertext()) for t in element.iter(f"{_S}t")
                   if t.getparent() is None or t.getparent().tag != f"{_S}rPh")


@dataclass(slots=True)
class _Workbook:
    strings: list[str]
    dates: set[int]  # cell style indexes whose number format is a date
    date1904: bool

    def value(self, cell: Any) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _rich_text(cell.find(f"{_S}is"))
        node = cell.find(f"{_S}v")
        text = (node.text or "") if node is not None else ""
        if kind == "s":
            with contextlib.suppress(ValueError, IndexError):
                return self.strings[int(text)]
            return ""
        if kind == "b":
            return "TRUE" if text.strip() in ("1", "true") else "FALSE"
        if kind != "n" or not text:
            return text  # str (a formula's text result), e (an error), d (an ISO date)
        try:
            number = float(text)
        except ValueError:
            return text
        style = cell.get("s")
        if style is not None and style.isdigit() and int(style) in self.dates:
            return excel_date(number, self.date1904)
        return _number(number)


def _shared_strings(package: Package, part: str | None, budget: TextBudget) -> list[str]:
    strings: list[str] = []
    if part is None:
        return strings
    for _, item in package.iterparse(part, (f"{_S}si",)):
        text = _rich_text(item)
        if not budget.take(text):
            break
        strings.append(text)
        forget(item)
    return strings


def _date_styles(package: Package, part: str | None) -> set[int]:
    root = package.xml(part) if part else None
    if root is None:
        return set()
    custom = {fmt.get("numFmtId"): fmt.get("formatCode") or ""
              for fmt in root.iter(f"{_S}numFmt")}
    dates: set[int] = set()
    xfs = root.find(f"{_S}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        code = xf.get("numFmtId") or "0"
        if (code.isdigit() and int(code) in _DATE_FORMATS) or \
                (code in custom and is_date_format(custom[code])):
            dates.add(index)
    return dates


def _xlsx_comments(package: Package, sheet_part: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for kind, part in package.rels(sheet_part).values():
        if not kind.endswith("/comments"):
            continue
        root = package.xml(part)
        if root is None:
            continue
        authors = ["".join(a.itertext()).strip() for a in root.iter(f"{_S}author")]
        for note in root.iter(f"{_S}comment"):
            ref = note.get("ref") or ""
            match = _CELL_REF.fullmatch(ref)
            author_id = note.get("authorId") or ""
            author = authors[int(author_id)] if author_id.isdigit() and \
                int(author_id) < len(authors) else ""
            text = _rich_text(note.find(f"{_S}text"))
            row = int(match.group(2)) if match else MAX_ROWS
            found.setdefault(row, []).append(_comment(ref, author, text))
    return found


def _xlsx_sheet(package: Package, part: str, book: _Workbook, rows: _Rows) -> None:
    """Read one worksheet's rows into ``rows``, until the budget is spent."""
    number = 0
    for _, row in package.iterparse(part, (f"{_S}row",)):
        declared = row.get("r") or ""
        number = int(declared) if declared.isdigit() else number + 1
        cells: dict[int, str] = {}
        column = -1
        for cell in row.iterchildren(f"{_S}c"):
            match = _CELL_REF.fullmatch(cell.get("r") or "")
            column = _column_index(match.group(1)) if match else column + 1
            value = book.value(cell)
            if value and column < MAX_COLUMNS:
                cells[column] = value.replace("\t", " ").replace("\n", " ").strip()
        forget(row)
        if not rows.add(number, row_line(cells)):
            return
    rows.finish()


def read_xlsx(source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """The sheets of an XLSX workbook and its metadata (see the module contract)."""
    with Package(source, limits, "XLSX") as package:
        main = next((part for kind, part in package.rels("").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
        root = package.xml(main)
        if root is None:
            raise IngestError("the XLSX file is damaged: it has no workbook part")
        rels = package.rels(main)
        by_kind = {kind.rsplit("/", 1)[-1]: part for kind, part in rels.values()}
        props = root.find(f"{_S}workbookPr")
        book = _Workbook(
            # bounded by a budget of their own: they are memory, not yet text of the sheets
            strings=_shared_strings(package, by_kind.get("sharedStrings"),
                                    TextBudget(limits.max_text_chars)),
            dates=_date_styles(package, by_kind.get("styles")),
            date1904=props is not None and props.get("date1904") in ("1", "true"),
        )
        budget = TextBudget(limits.max_text_chars)
        sheets: list[Sheet] = []
        for entry in root.iter(f"{_S}sheet"):
            if len(sheets) >= limits.max_pages or budget.truncated:
                budget.truncated = True
                break
            sheet = Sheet(name=entry.get("name") or f"Sheet{len(sheets) + 1}",
                          hidden=entry.get("state") in ("hidden", "veryHidden"))
            sheets.append(sheet)
            _, part = rels.get(entry.get(f"{_R}id") or "", ("", ""))
            if part:
                rows = _Rows(sheet, budget, _xlsx_comments(package, part))
                _xlsx_sheet(package, part, book, rows)
        metadata = package.ooxml_metadata()
    return _pages(sheets, metadata, budget)


# --- ODS ----------------------------------------------------------------------------------


def odf_text(element: Any) -> str:
    """The text of an ODF paragraph: spaces (``text:s``), tabs and line breaks as spaces,
    annotations left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name == "s":
            count = child.get(f"{_TEXT}c") or "1"
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif name in ("tab", "line-break"):
            parts.append(" ")
        elif name != "annotation":
            parts.append(odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _paragraphs(element: Any) -> str:
    return " ".join(odf_text(p) for p in element if local(p.tag) in ("p", "h")).strip()


def _ods_value(cell: Any) -> str:
    kind = cell.get(f"{_OFFICE}value-type")
    if kind == "date":
        value = cell.get(f"{_OFFICE}date-value") or ""
        return value.removesuffix("T00:00:00").replace("T", " ")
    if kind in ("float", "percentage", "currency"):
        shown = _paragraphs(cell)
        if shown and not any(ch.isdigit() for ch in shown):
            return shown  # a number shown as a word: a boolean from Excel reads TRUE or FALSE
        with contextlib.suppress(TypeError, ValueError):
            return _number(float(cell.get(f"{_OFFICE}value") or ""))
    if kind == "boolean":
        return "TRUE" if cell.get(f"{_OFFICE}boolean-value") == "true" else "FALSE"
    return _paragraphs(cell).replace("\t", " ")


def _repeat(element: Any, attribute: str, most: int) -> int:
    declared = element.get(f"{_TABLE}{attribute}") or "1"
    return max(1, min(int(declared) if declared.isdigit() else 1, most))


def _ods_row(row: Any, number: int) -> tuple[dict[int, str], list[str]]:
    """A row's cells (column index → value) and its comments."""
    cells: dict[int, str] = {}
    notes: list[str] = []
    column = 0
    for cell in row:
        if local(cell.tag) not in ("table-cell", "covered-table-cell"):
            continue
        count = _repeat(cell, "number-columns-repeated", MAX_COLUMNS - column)
        value = _ods_value(cell)
        if value:
            for offset in range(count):
                cells[column + offset] = value
        for note in cell.iterchildren(f"{_OFFICE}annotation"):
            author = "".join(note.findtext(f"{_DC}creator") or "").strip()
            ref = f"{column_name(column)}{number}"
            notes.append(_comment(ref, author, _paragraphs(note)))
        column += count
        if column >= MAX_COLUMNS:
            break
    return cells, notes


def read_ods(source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """The sheets of an OpenDocument spreadsheet and its metadata (see the module contract)."""
    hidden_styles: set[str] = set()
    sheets: list[Sheet] = []
    budget = TextBudget(limits.max_text_chars)
    rows: _Rows | None = None
    number = 0
    tags = (f"{_STYLE}style", f"{_TABLE}table", f"{_TABLE}table-row")
    with Package(source, limits, "ODS") as package:
        for event, element in package.iterparse("content.xml", tags, ("start", "end")):
            name = local(element.tag)
            if name == "style" and event == "end":
                props = element.find(f"{_STYLE}table-properties")
                if props is not None and props.get(f"{_TABLE}display") == "false":
                    hidden_styles.add(element.get(f"{_STYLE}name") or "")
            elif name == "table" and event == "start":
                if len(sheets) >= limits.max_pages or budget.truncated:
                    budget.truncated = True
                    break
                sheet = Sheet(name=element.get(f"{_TABLE}name") or f"Sheet{len(sheets) + 1}",
                              hidden=element.get(f"{_TABLE}style-name") in hidden_styles)
                sheets.append(sheet)
                rows, number = _Rows(sheet, budget), 0
            elif name == "table" and rows is not None:
                rows.finish()
                forget(element)
            elif name == "table-row" and event == "end" and rows is not None:
                cells, notes = _ods_row(element, number + 1)
                repeat = _repeat(element, "number-rows-repeated", MAX_ROWS)
                forget(element)
                rows.comments[number + 1] = notes
                line = row_line(cells)
                if not line:
                    rows.add(number + 1, line)
                    number += repeat
                    continue
                for _ in range(repeat):  # a repeated row: the same line, made once
                    number += 1
                    if not rows.add(number, line):
                        break
                if budget.truncated:
                    break
        metadata = package.odf_metadata()
    return _pages(sheets, metadata, budget)


# --- the ingestor ---------------------------------------------------------------------------


class SheetIngestor(FormatFamily):
    """Spreadsheets: XLSX, ODS, XLS (see the module contract)."""

    name = "sheets"
    version = VERSION
    what = "spreadsheet"
    ooxml, odf, legacy = XLSX, ODS, XLS
    legacy_suffix, ooxml_suffix, debian = ".xls", "xlsx", "libreoffice-calc-nogui"

    read_ooxml = staticmethod(read_xlsx)
    read_odf = staticmethod(read_ods)
