"""Word processor documents: DOCX (python-docx) and ODT (odfpy), as one page of text.

Contract:

- the text is the document body in order: paragraphs (and headings) one per line, table rows one
  per line with cells separated by a tab, in reading (document) order whatever the direction;
  a cell merged across N columns is followed by N - 1 empty cells (ODT: a covered cell is an
  empty one), so every row's columns line up; a cell's own paragraphs, lists and nested tables
  are joined by spaces. A cable header laid out as a table therefore reads ``label<TAB>value``
  (``از:<TAB>سفارت در بغداد``), the label as written, colon included: a tab, not a rewritten
  ``label: value``, because the same rule must hold for every table, and the pair stays on one
  line for search, dates and snippets; text boxes inside a paragraph follow its text; deleted
  tracked changes are left out; an entity reference is never expanded (no billion laughs, no
  XXE) but shown as written (``&xxe;``), the text after it kept;
- what the document holds outside its body is read too, each item marked and on a line of its
  own, as a sheet's comments are: its headers before the body (``[header: …]``: a
  classification or a reference number is mostly there), then its footers, its footnotes and
  endnotes (``[footnote 1: …]``, numbered in order) and its comments with who wrote each and
  when (``[comment by NAME, DATE: …]``); a header or footer repeated by several sections or
  master pages is given once; a note or comment anchored in an ODT paragraph is taken out of
  that paragraph's text;
- before the package is opened its ZIP directory is checked: declared sizes over
  ``limits.max_file_size`` in total, or one member expanding more than ``limits.max_ratio``
  times (past ``limits.ratio_floor``), → ``IngestError`` (a zip bomb in disguise);
- metadata: ``title``, ``author``, ``subject``, ``keywords``, ``created``, ``modified``,
  ``last_modified_by`` where the document records them.
"""

from __future__ import annotations

import xml.sax
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.package import check_package
from kavosh.ingest.sniff import DOCX, ODT
from kavosh.model import PageText

VERSION = "2"  # 2: headers, footers, notes and comments read (marked)
# What a broken package raises while it is parsed (python-docx, odfpy, lxml, expat, zlib).
DAMAGED: tuple[type[Exception], ...] = (
    KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, SyntaxError,
    NotImplementedError, xml.sax.SAXException, etree.LxmlError, AttributeError, IndexError,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = f"{_W}p"
_TABLE = f"{_W}tbl"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_SPAN = 64  # Word's own limit on a table's columns


def _iso(value: object) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    return None


# --- DOCX ---------------------------------------------------------------------------------


def _docx_paragraph(element: Any) -> str:
    """Text of one ``w:p``: runs, tabs and breaks; nested text-box paragraphs on new lines."""
    parts: list[str] = []
    # Word writes a text box twice: as DrawingML and as a VML fallback; read it once.
    # (the proxies are kept alive in ``held`` so that their ids stay unique)
    held = [inner for fallback in element.iter(_FALLBACK) for inner in fallback.iter()]
    skipped = {id(inner) for inner in held}
    for node in element.iter():
        tag = node.tag
        if skipped and id(node) in skipped:
            continue
        if tag == f"{_W}t":
            # An entity reference left unexpanded (python-docx never resolves one) is a child
            # node of the w:t, the text after it that node's tail: ``itertext`` keeps both,
            # the reference shown as written (``&xxe;``).
            parts.append("".join(node.itertext()))
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr") or (tag == _PARAGRAPH and node is not element):
            parts.append("\n")
    return "".join(parts)


def _span(element: Any, path: str) -> int:
    """The ``w:val`` of the grid span at ``path`` under ``element`` (1 when absent), bounded."""
    node = element.find(path)
    value = node.get(f"{_W}val") if node is not None else None
    return min(int(value), _MAX_SPAN) if value is not None and value.isdigit() else 1


def _docx_table(element: Any) -> list[str]:
    """One line per row, cells separated by a tab; a cell merged across N grid columns is
    followed by N - 1 empty cells (and cells skipped before a row are empty), so that the
    columns of every row line up."""
    rows: list[str] = []
    for row in element.iterchildren(f"{_W}tr"):
        cells: list[str] = [""] * (_span(row, f"{_W}trPr/{_W}gridBefore") - 1)
        for cell in row.iterchildren(f"{_W}tc"):
            cells.append(_flat(_part_lines(cell)))  # its paragraphs, tables, content controls
            cells += [""] * (_span(cell, f"{_W}tcPr/{_W}gridSpan") - 1)
        rows.append("\t".join(cells).rstrip("\t"))
    return rows


def docx_text(source: Path) -> tuple[str, dict[str, Any]]:
    """The body text of a DOCX file and its core properties."""
    import docx

    document = docx.Document(str(source))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == _PARAGRAPH:
            lines.append(_docx_paragraph(element))
        elif element.tag == _TABLE:
            lines.extend(_docx_table(element))
        elif element.tag == f"{_W}sdt":  # content controls wrap paragraphs and tables
            for inner in element.iter(_PARAGRAPH):
                lines.append(_docx_paragraph(inner))
    headers, notes = _docx_margins(document)
    lines = headers + lines + notes
    props = document.core_properties
    metadata: dict[str, Any] = {}
    for key, value in (
        ("title", props.title), ("author", props.author), ("subject", props.subject),
        ("keywords", props.keywords), ("last_modified_by", props.last_modified_by),
        ("created", _iso(props.created)), ("modified", _iso(props.modified)),
    ):
        if value:
            metadata[key] = str(value)[:2000]
    return "\n".join(lines).strip("\n"), metadata


_MARGINS = (("header", "/word/header"), ("footer", "/word/footer"))
_NOTES = (("footnote", "/word/footnotes.xml"), ("endnote", "/word/endnotes.xml"))


def _docx_margins(document: Any) -> tuple[list[str], list[str]]:
    """What a DOCX holds outside its body, each marked and on a line of its own: its headers
    (before the body: a classification or a reference number is mostly there), then its
    footers, footnotes, endnotes and comments (with who wrote each and when). A header or
    footer that several sections repeat is given once."""
    parts = {str(part.partname): part for part in document.part.package.iter_parts()}
    before: list[str] = []
    after: list[str] = []
    seen: set[tuple[str, str]] = set()
    for name in sorted(parts, key=_part_order):
        kind = next((k for k, prefix in _MARGINS if name.startswith(prefix)), None)
        text = _flat(_part_lines(_part_xml(parts[name]))) if kind else ""
        if kind and text and (kind, text) not in seen:
            seen.add((kind, text))
            (before if kind == "header" else after).append(f"[{kind}: {text}]")
    for kind, name in _NOTES:
        if name in parts:
            count = 0
            for note in _part_xml(parts[name]).iterchildren(f"{_W}{kind}"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator",
                                              "continuationNotice"):
                    continue
                text = _flat(_part_lines(note))
                if text:
                    count += 1
                    after.append(f"[{kind} {count}: {text}]")
    if "/word/comments.xml" in parts:
        for comment in _part_xml(parts["/word/comments.xml"]).iterchildren(f"{_W}comment"):
            text = _flat(_part_lines(comment))
            if text:
                after.append(_comment_line(comment.get(f"{_W}author", ""),
                                           comment.get(f"{_W}date", ""), text))
    return before, after


def _part_order(name: str) -> tuple[str, int]:
    """``/word/header10.xml`` after ``/word/header2.xml``."""
    stem = name.rsplit(".", 1)[0]
    digits = len(stem) - len(stem.rstrip("0123456789"))
    return (stem[:len(stem) - digits], int(stem[len(stem) - digits:] or 0))


def _part_xml(part: Any) -> Any:
    """A part's XML root, parsed as python-docx parses (entities never resolved)."""
    from docx.oxml.parser import parse_xml

    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _part_lines(root: Any) -> list[str]:
    """The paragraphs and table rows directly under ``root`` (a header, a note, a comment)."""
    lines: list[str] = []
    for child in root.iterchildren():
        if child.tag == _PARAGRAPH:
            lines.append(_docx_paragraph(child))
        elif child.tag == _TABLE:
            lines.extend(_docx_table(child))
        elif child.tag == f"{_W}sdt":
            lines.extend(_docx_paragraph(inner) for inner in child.iter(_PARAGRAPH))
    return lines


def _comment_line(who: str, when: str, text: str) -> str:
    """A comment as both formats mark it: ``[comment by NAME, DATE: TEXT]`` (``unknown``
    without a name, no date without one)."""
    who = " ".join(who.split()) or "unknown"
    return f"[comment by {who}{', ' + when.strip() if when.strip() else ''}: {text}]"


def _flat(lines: list[str]) -> str:
    """Lines as one, white space collapsed."""
    return " ".join(" ".join(line.split()) for line in lines if line.strip())


class _PackageIngestor:
    """A one-page reader of a zip-packaged office format: checked for bombs, then read."""

    name = ""
    version = VERSION
    mime = ""
    label = ""

    def match(self, probe: Probe) -> float:
        return 1.0 if probe.mime == self.mime else 0.0

    def read(self, source: Path) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        check_package(source, ctx.limits, self.label)
        try:
            text, metadata = self.read(source)
        except DAMAGED as error:
            raise IngestError(f"the {self.label} file is damaged: {error}") from None
        page = PageText(number=1, text=text, engine=self.name, engine_version=self.version)
        return IngestResult(mime=self.mime, pages=[page], metadata=metadata)


class DocxIngestor(_PackageIngestor):
    """Word 2007+ documents (.docx)."""

    name = "docx"
    mime = DOCX
    label = "DOCX"

    def read(self, source: Path) -> tuple[str, dict[str, Any]]:
        return docx_text(source)


# --- ODT ----------------------------------------------------------------------------------


def odt_text(source: Path) -> tuple[str, dict[str, Any]]:
    """The body text of an ODF text document (paragraphs and headings in order) and its meta,
    with what it holds outside the body marked as :func:`docx_text` marks it: headers first,
    then footers, notes and comments. A note or a comment anchored in a paragraph is taken
    out of its text (it would glue itself to the word before it: «نجف1منبع»)."""
    from odf.namespaces import TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(str(source))
    margins = _OdfMargins()
    lines: list[str] = []
    stack: list[Any] = [document.text]
    while stack:
        node = stack.pop()
        qname = getattr(node, "qname", None)
        if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            lines.append(_odf_text(node, margins))
            continue
        if qname == (TABLENS, "table-row"):
            lines.append(_odt_row(node, margins))
            continue
        stack.extend(reversed(getattr(node, "childNodes", [])))
    headers, footers = _odf_page_margins(document)
    lines = headers + lines + footers + margins.notes + margins.comments
    return "\n".join(lines).strip("\n"), _odf_meta(document)


class _OdfMargins:
    """The notes and comments met in an ODF body, as marked lines."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.comments: list[str] = []


def _odf_text(node: Any, margins: _OdfMargins | None = None) -> str:
    """The text of a paragraph (``teletype.extractText``'s spaces, tabs and line breaks), its
    notes and comments left out of it and added to ``margins``."""
    from odf.namespaces import OFFICENS, TEXTNS

    parts: list[str] = []
    stack: list[Any] = list(reversed(getattr(node, "childNodes", [])))
    while stack:
        child = stack.pop()
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
            continue
        qname = getattr(child, "qname", None)
        if qname == (TEXTNS, "s"):
            count = str(child.getAttrNS(TEXTNS, "c") or "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 64))
        elif qname == (TEXTNS, "tab"):
            parts.append("\t")
        elif qname == (TEXTNS, "line-break"):
            parts.append("\n")
        elif qname in ((TEXTNS, "note"), (OFFICENS, "annotation")):
            if margins is not None:  # else inside a note or a comment: none nests deeper
                _odf_margin(child, margins)
        elif qname != (OFFICENS, "annotation-end"):
            stack.extend(reversed(getattr(child, "childNodes", [])))
    return "".join(parts)


def _odf_margin(node: Any, margins: _OdfMargins) -> None:
    """A note (``text:note``) or a comment (``office:annotation``) added to ``margins``."""
    from odf.namespaces import DCNS, TEXTNS

    def child_text(name: tuple[str, str]) -> str:
        return " ".join(_odf_text(c) for c in node.childNodes
                        if getattr(c, "qname", None) == name).strip()

    if node.qname == (TEXTNS, "note"):
        kind = str(node.getAttrNS(TEXTNS, "note-class") or "footnote")
        text = _flat([_odf_text(p) for b in node.childNodes
                      if getattr(b, "qname", None) == (TEXTNS, "note-body")
                      for p in _odf_blocks(b)])
        if text:
            margins.notes.append(f"[{kind} {len(margins.notes) + 1}: {text}]")
        return
    text = _flat([_odf_text(p) for p in _odf_blocks(node)])
    if text:
        margins.comments.append(
            _comment_line(child_text((DCNS, "creator")), child_text((DCNS, "date")), text))


def _odf_blocks(node: Any) -> list[Any]:
    """The paragraphs and headings under ``node``, in document order (not inside notes or
    comments, which :func:`_odf_text` reads on their own)."""
    from odf.namespaces import OFFICENS, TEXTNS

    found: list[Any] = []
    stack: list[Any] = list(reversed(getattr(node, "childNodes", [])))
    while stack:
        child = stack.pop()
        qname = getattr(child, "qname", None)
        if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            found.append(child)
        elif qname not in ((TEXTNS, "note"), (OFFICENS, "annotation")):
            stack.extend(reversed(getattr(child, "childNodes", [])))
    return found


def _odf_page_margins(document: Any) -> tuple[list[str], list[str]]:
    """The master pages' headers and footers as marked lines, each distinct one once."""
    from odf.namespaces import STYLENS

    found: dict[str, list[str]] = {"header": [], "footer": []}
    for page in getattr(document.masterstyles, "childNodes", []):
        for part in getattr(page, "childNodes", []):
            qname = getattr(part, "qname", None)
            kind = qname[1].split("-")[0] if isinstance(qname, tuple) and \
                qname[0] == STYLENS else ""
            if kind in found:
                text = _flat([_odf_text(p) for p in _odf_blocks(part)])
                line = f"[{kind}: {text}]"
                if text and line not in found[kind]:
                    found[kind].append(line)
    return found["header"], found["footer"]


def _odt_row(row: Any, margins: _OdfMargins | None = None) -> str:
    """A table row as one line, cells separated by a tab: a cell covered by a merged one is an
    empty cell (so columns line up), a cell's paragraphs, lists and nested tables are joined
    by spaces."""
    from odf.namespaces import TABLENS

    cells: list[str] = []
    for cell in row.childNodes:
        qname = getattr(cell, "qname", None)
        if qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        text = _flat([_odf_text(p, margins) for p in _odf_blocks(cell)])
        repeat = str(cell.getAttrNS(TABLENS, "number-columns-repeated") or "1")
        cells += [text] * min(int(repeat) if repeat.isdigit() else 1, _MAX_SPAN)
    return "\t".join(cells).rstrip("\t")


def _odf_meta(document: Any) -> dict[str, Any]:
    from odf.namespaces import DCNS, METANS

    wanted = {
        (DCNS, "title"): "title", (DCNS, "creator"): "last_modified_by",
        (METANS, "initial-creator"): "author", (DCNS, "subject"): "subject",
        (METANS, "keyword"): "keywords", (METANS, "creation-date"): "created",
        (DCNS, "date"): "modified",
    }
    metadata: dict[str, Any] = {}
    for node in getattr(document.meta, "childNodes", []):
        qname = getattr(node, "qname", None)
        key = wanted.get(qname) if isinstance(qname, tuple) else None
        if key is not None:
            value = str(node).strip()
            if value:
                metadata[key] = value[:2000]
    if "author" not in metadata and "last_modified_by" in metadata:
        metadata["author"] = metadata["last_modified_by"]
    return metadata


class OdtIngestor(_PackageIngestor):
    """OpenDocument text (.odt)."""

    name = "odt"
    mime = ODT
    label = "ODT"

    def read(self, source: Path) -> tuple[str, dict[str, Any]]:
        return odt_text(source)
