"""Presentations: PPTX, ODP, and PPT through LibreOffice; one page per slide.

Contract:

- every slide, in the presentation's order, is one page (at most ``limits.max_pages``); a
  slide the presentation hides opens with a line ``[hidden slide]``;
- the slide's text follows, shape by shape in the order the slide stores them: one line per
  paragraph, a table one row per line with its cells separated by a tab;
- then, when the slide has speaker notes, a line ``[speaker notes]`` and the notes (the slide
  image, number, date, header and footer placeholders of the notes page left out);
- the parts are checked for zip bombs before anything is read (``IngestError``); the text of the
  whole presentation stops at ``limits.max_text_chars`` (``metadata["truncated"]``);
- metadata: ``page_count``, ``hidden_slides`` (their numbers), and title, author … where the
  presentation records them; PPT adds ``converted_by``.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from kavosh.ingest.sheets import odf_text
from kavosh.ingest.sniff import ODP, PPT, PPTX

VERSION = "1"
NOTES = "[speaker notes]"
HIDDEN = "[hidden slide]"

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = f"{{{OFFICE_RELS}}}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
_NOT_NOTES = {"sldImg", "sldNum", "dt", "hdr", "ftr"}
_NOT_TEXT = {"page-number", "date-time", "header", "footer", "page"}  # ODF presentation:class


class Slide:
    """One slide read: its lines, its notes' lines, whether it is hidden."""

    def __init__(self, hidden: bool = False) -> None:
        self.hidden = hidden
        self.lines: list[str] = []
        self.notes: list[str] = []

    def text(self) -> str:
        lines = [HIDDEN] if self.hidden else []
        lines += self.lines
        if self.notes:
            lines += [NOTES, *self.notes]
        return "\n".join(line for line in lines if line.strip())


# --- PPTX ---------------------------------------------------------------------------------


def _drawing_paragraph(paragraph: Any) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{_A}t", f"{_A}br", f"{_A}tab"):
        parts.append("".join(node.itertext()) if node.tag == f"{_A}t" else
                     "\n" if node.tag == f"{_A}br" else "\t")
    return "".join(parts).strip()


def _drawing_lines(element: Any, skip: set[str] = frozenset()) -> Iterator[str]:  # type: ignore[assignment]
    """The lines of a shape tree in order: paragraphs, and table rows with tab-separated cells;
    shapes that are placeholders of a type in ``skip`` are left out."""
    for child in element.iterchildren():
        name = local(child.tag)
        if name == "tbl":
            for row in child.iterchildren(f"{_A}tr"):
                cells = [" ".join(_drawing_paragraph(p) for p in cell.iter(f"{_A}p")).strip()
                         for cell in row.iterchildren(f"{_A}tc")]
                yield "\t".join(cell.replace("\t", " ") for cell in cells).rstrip("\t")
        elif name == "p" and child.tag == f"{_A}p":
            yield _drawing_paragraph(child)
        elif name == "sp" and skip:
            placeholder = child.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
            if placeholder is None or placeholder.get("type") not in skip:
                yield from _drawing_lines(child, skip)
        else:
            yield from _drawing_lines(child, skip)


def _take(lines: Iterator[str], budget: TextBudget) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if line and not budget.take(line):
            break
        kept.append(line)
    return kept


def read_pptx(source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """The slides of a PPTX presentation and its metadata (see the module contract)."""
    budget = TextBudget(limits.max_text_chars)
    slides: list[Slide] = []
    with Package(source, limits, "PPTX") as package:
        main = next((part for kind, part in package.rels("").values()
                     if kind.endswith("/officeDocument")), "ppt/presentation.xml")
        root = package.xml(main)
        if root is None:
            raise IngestError("the PPTX file is damaged: it has no presentation part")
        rels = package.rels(main)
        for entry in root.iter(f"{_P}sldId"):
            if len(slides) >= limits.max_pages or budget.truncated:
                budget.truncated = True
                break
            _, part = rels.get(entry.get(f"{_R}id") or "", ("", ""))
            slide_root = package.xml(part) if part else None
            slide = Slide(hidden=slide_root is not None and slide_root.get("show") == "0")
            slides.append(slide)
            if slide_root is None:
                continue
            slide.lines = _take(_drawing_lines(slide_root), budget)
            for kind, notes_part in package.rels(part).values():
                notes_root = package.xml(notes_part) if kind.endswith("/notesSlide") else None
                if notes_root is not None:
                    slide.notes = _take(_drawing_lines(notes_root, _NOT_NOTES), budget)
        metadata = package.ooxml_metadata()
    return _finish(metadata, slides, budget)


def _finish(metadata: dict[str, Any], slides: list[Slide],
            budget: TextBudget) -> tuple[list[str], dict[str, Any]]:
    """The page texts and the metadata of a presentation read."""
    if budget.truncated:
        metadata["truncated"] = "the presentation is larger than the limits; the rest was not read"
    metadata["hidden_slides"] = [n for n, slide in enumerate(slides, 1) if slide.hidden]
    return [slide.text() for slide in slides], metadata


# --- ODP ----------------------------------------------------------------------------------


def _odf_lines(element: Any) -> Iterator[str]:
    """Paragraphs and table rows under an ODF drawing element, notes left out."""
    for child in element.iterchildren():
        name = local(child.tag)
        if name in ("p", "h"):
            yield odf_text(child).strip()
        elif name == "table-row":
            cells = [" ".join(odf_text(p).strip() for p in cell.iter() if local(p.tag) == "p")
                     for cell in child.iterchildren() if local(cell.tag) == "table-cell"]
            yield "\t".join(cells).rstrip("\t")
        elif name not in ("notes", "page-thumbnail", "annotation") and \
                child.get(f"{_PRESENTATION}class") not in _NOT_TEXT:
            yield from _odf_lines(child)


def read_odp(source: Path, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """The slides of an OpenDocument presentation and its metadata (see the module contract)."""
    budget = TextBudget(limits.max_text_chars)
    slides: list[Slide] = []
    hidden_styles: set[str] = set()
    with Package(source, limits, "ODP") as package:
        for _, element in package.iterparse("content.xml", (f"{_STYLE}style", f"{_DRAW}page")):
            if local(element.tag) == "style":
                props = element.find(f"{_STYLE}drawing-page-properties")
                if props is not None and props.get(f"{_PRESENTATION}visibility") == "hidden":
                    hidden_styles.add(element.get(f"{_STYLE}name") or "")
                continue
            if len(slides) >= limits.max_pages or budget.truncated:
                budget.truncated = True
                break
            slide = Slide(hidden=element.get(f"{_DRAW}style-name") in hidden_styles)
            slides.append(slide)
            slide.lines = _take(_odf_lines(element), budget)
            for notes in element.iterchildren(f"{_PRESENTATION}notes"):
                slide.notes += _take(_odf_lines(notes), budget)
            forget(element)
        metadata = package.odf_metadata()
    return _finish(metadata, slides, budget)


# --- the ingestor ---------------------------------------------------------------------------


class SlideIngestor(FormatFamily):
    """Presentations: PPTX, ODP, PPT (see the module contract)."""

    name = "slides"
    version = VERSION
    what = "presentation"
    ooxml, odf, legacy = PPTX, ODP, PPT
    legacy_suffix, ooxml_suffix, debian = ".ppt", "pptx", "libreoffice-impress-nogui"

    read_ooxml = staticmethod(read_pptx)
    read_odf = staticmethod(read_odp)
