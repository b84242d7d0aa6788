"""One document as a reporter reads it: where it was found, what it holds, and its pages.

Each page's best text (OCR where the extracted layer needed it) is split into paragraphs, and
each paragraph carries its own direction, so a Persian paragraph reads right to left and an
English one left to right on the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kavosh.case import Case
from kavosh.model import Document, Kind, Occurrence, PageText, Status
from kavosh.search import QueryError, parse, positive_terms
from kavosh.search.highlight import Snippet, match_spans
from kavosh.search.query import Terms
from kavosh.text import language_direction, paragraph_languages, split_paragraphs

PDF_MIME = "application/pdf"
_BCP47 = {"fas": "fa", "ara": "ar", "eng": "en", "fra": "fr", "deu": "de", "urd": "ur"}
MAX_CHILDREN = 2000  # a container may hold 200,000 members; the view lists the first ones


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    direction: str  # "rtl" or "ltr"
    marks: tuple[tuple[int, int], ...] = ()  # where the query being followed matched
    language: str = "und"  # ISO 639-3, decided with the neighbouring paragraphs

    def html(self) -> str:
        """The paragraph HTML-escaped, with ``<mark>`` around each match."""
        return Snippet(self.text, self.marks).html()

    @property
    def lang(self) -> str | None:
        """The BCP 47 tag for the HTML ``lang`` attribute, None when undecided."""
        return _BCP47.get(self.language)


@dataclass
class PageView:
    """One page's best text; its paragraphs are split when first asked for, so a document of
    thousands of pages costs only the pages a reader is shown."""

    number: int
    text: str
    layer: str
    engine: str
    needs_ocr: bool  # no usable text layer and no OCR text yet
    terms: list[Terms] = field(default_factory=list, repr=False)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        texts = [text for text in split_paragraphs(self.text) if text.strip()]
        return [Paragraph(text, language_direction(language, text),
                          tuple(match_spans(text, self.terms)) if self.terms else (), language)
                for text, language in zip(texts, paragraph_languages(texts), strict=True)]

    @property
    def direction(self) -> str:
        """The page's main direction: that of the most text."""
        rtl = sum(len(p.text) for p in self.paragraphs if p.direction == "rtl")
        ltr = sum(len(p.text) for p in self.paragraphs if p.direction != "rtl")
        return "rtl" if rtl >= ltr and rtl > 0 else "ltr"


@dataclass(frozen=True, slots=True)
class DocumentLink:
    id: int
    path: str
    status: str = ""


@dataclass(slots=True)
class DocumentView:
    document: Document
    paths: list[Occurrence]
    parent: DocumentLink | None
    children: list[DocumentLink]
    children_total: int
    metadata: dict[str, Any]
    pages: list[PageView] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.document.id

    @property
    def title(self) -> str:
        return self.document.name or self.document.path or f"#{self.document.id}"

    @property
    def mime(self) -> str:
        return self.document.mime or ""

    @property
    def is_pdf(self) -> bool:
        return self.mime == PDF_MIME

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")

    @property
    def has_original(self) -> bool:
        """Whether the original bytes are in the archive (files only, not folders or entries)."""
        return self.document.kind == Kind.FILE and bool(self.document.sha256)

    @property
    def has_page_images(self) -> bool:
        """Whether page images can be drawn: a stored PDF or image."""
        return self.has_original and (self.is_pdf or self.is_image)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def pages_needing_ocr(self) -> int:
        return sum(1 for p in self.pages if p.needs_ocr)

    @property
    def failed(self) -> bool:
        return self.document.status == Status.FAILED


def best_pages(pages: list[PageText]) -> list[PageText]:
    """One text per page number: OCR where the extracted layer needed it (as ``Store.page``)."""
    by_number: dict[int, list[PageText]] = {}
    for page in pages:
        by_number.setdefault(page.number, []).append(page)
    best = []
    for number in sorted(by_number):
        layers = by_number[number]
        usable = [p for p in layers if not p.needs_ocr] or layers
        best.append(usable[-1])
    return best


def page_view(page: PageText, terms: list[Terms] | None = None) -> PageView:
    return PageView(page.number, page.text, page.layer.value, page.engine, page.needs_ocr,
                    list(terms or ()))


def document_view(
    case: Case, document_id: int, highlight: str | None = None
) -> DocumentView | None:
    """The document with this id as the web UI shows it, or None if there is none.

    With ``highlight`` (a query, typically the search that led here), each paragraph carries
    the spans where the query's words match, as search snippets do.
    """
    store = case.store
    doc = store.document(document_id)
    if doc is None:
        return None
    parent = None
    if doc.parent_id is not None:
        container = store.document(doc.parent_id)
        parent = DocumentLink(doc.parent_id, container.path if container else "",
                              container.status.value if container else "")
    children_rows = store.children(doc.id)
    children = []
    for child_id, path in children_rows[:MAX_CHILDREN]:
        child = store.document(child_id)
        children.append(DocumentLink(child_id, path, child.status.value if child else ""))
    terms = _terms(highlight)
    pages = [page_view(p, terms) for p in best_pages(store.pages(doc.id))]
    return DocumentView(doc, list(doc.occurrences), parent, children, len(children_rows),
                        dict(doc.metadata), pages)


def _terms(query: str | None) -> list[Terms]:
    if not query:
        return []
    try:
        return positive_terms(parse(query))
    except QueryError:
        return []
