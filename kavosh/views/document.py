"""One document as a reporter reads it: where it was found, what it holds, and its pages.

Each page's best text (OCR where the extracted layer needed it) is shown in the paragraphs the
``derive`` stage stored for it, each with its own direction, so a Persian paragraph reads right
to left and an English one left to right on the same page.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from kavosh.case import Case
from kavosh.model import (
    Document,
    Kind,
    Layer,
    Occurrence,
    PageText,
    Paragraph,
    Status,
    Word,
    best_pages,
)
from kavosh.search.highlight import match_spans
from kavosh.search.query import PreparedQuery, Terms
from kavosh.store.custody import original_finding
from kavosh.text import transliterate
from kavosh.text.derived import page_paragraphs
from kavosh.views.search import prepare_query

PDF_MIME = "application/pdf"
_BCP47 = {"fas": "fa", "ara": "ar", "eng": "en", "fra": "fr", "deu": "de", "urd": "ur"}
MAX_CHILDREN = 2000  # a container may hold 200,000 members; the view lists the first ones
BOX_STEPS = 200  # hit boxes are placed in steps of 1/200 of the page (kavosh.css .bl-N …)


@dataclass(frozen=True, slots=True)
class ParagraphView:
    """A paragraph as shown: its raw text, direction and language (as derived and stored),
    and the spans to mark in it."""

    text: str
    direction: str  # "rtl" or "ltr"
    marks: tuple[tuple[int, int], ...] = ()  # where the query being followed matched
    language: str = "und"  # ISO 639-3, decided with the neighbouring paragraphs
    unverified: tuple[tuple[int, int], ...] = ()  # OCR words a reader must check

    def html(self) -> str:
        """The paragraph HTML-escaped, with ``<mark>`` around each match and
        ``<span class="unverified">`` around each word OCR was unsure of (or a number)."""
        return marked_html(self.text, self.marks, self.unverified)

    @property
    def lang(self) -> str | None:
        """The BCP 47 tag for the HTML ``lang`` attribute, None when undecided."""
        return _BCP47.get(self.language)

    @property
    def latin(self) -> str | None:
        """A readable Latin transliteration of a Persian or Arabic paragraph (for a reader who
        does not read the script; names come out as they are usually spelled), else None."""
        if self.direction != "rtl" or self.language not in ("fas", "ara"):
            return None
        return transliterate(self.text)


@dataclass
class PageView:
    """One page's best text; its paragraphs are split when first asked for, so a document of
    thousands of pages costs only the pages a reader is shown."""

    number: int
    text: str
    layer: str
    engine: str
    needs_ocr: bool  # no usable text layer and no OCR text yet
    terms: tuple[Terms, ...] = field(default=(), repr=False)  # the followed query's, to mark
    # OCR pages: their words, their settings and failure reason, read when first shown
    load_words: Callable[[], list[Word]] | None = field(default=None, repr=False)
    load_paragraphs: Callable[[], list[Paragraph]] | None = field(default=None, repr=False)
    load_settings: Callable[[], tuple[dict[str, Any], str | None] | None] | None = field(
        default=None, repr=False)

    @cached_property
    def words(self) -> list[Word]:
        """The OCR words of the page (none for other layers)."""
        return self.load_words() if self.load_words else []

    @cached_property
    def _settings(self) -> tuple[dict[str, Any], str | None]:
        found = self.load_settings() if self.load_settings else None
        return found or ({}, None)

    @property
    def ocr_failed(self) -> str | None:
        """Why OCR could not read this page, if it could not."""
        return self._settings[1]

    @property
    def image_size(self) -> tuple[int, int] | None:
        """The size of the page image the word boxes refer to."""
        image = self._settings[0].get("image")
        if (isinstance(image, list) and len(image) == 2
                and all(isinstance(v, int) and v > 0 for v in image)):
            return image[0], image[1]
        return None

    @cached_property
    def paragraphs(self) -> list[ParagraphView]:
        """The page's paragraphs as the ``derive`` stage stored them for this layer (derived
        on the spot, by the same function, while that stage is still pending for it)."""
        stored = [p for p in (self.load_paragraphs() if self.load_paragraphs else [])
                  if p.layer.value == self.layer]
        spans = [(p.start, p.end, p.language, p.direction) for p in stored] or [
            (start, end, language, direction) for _, _, start, end, language, direction
            in page_paragraphs([PageText(self.number, self.text)])]
        unsure = [(w.start, w.end) for w in self.words if w.unverified and w.start >= 0]
        shown = []
        for start, end, language, direction in spans:
            text = self.text[start:end]
            if text.strip():
                marks = tuple(match_spans(text, list(self.terms))) if self.terms else ()
                shown.append(ParagraphView(text, direction, marks, language,
                                           _within(unsure, start, end)))
        return shown

    @property
    def unverified_count(self) -> int:
        """How many words of this page a reader must check."""
        return sum(1 for w in self.words if w.unverified)

    @cached_property
    def hit_boxes(self) -> list[str]:
        """CSS classes placing a box over each word of the page image that the query being
        followed matched (kavosh.css: ``.bl-N`` left, ``.bt-N`` top, ``.bw-N`` width,
        ``.bh-N`` height, in 1/200ths of the page)."""
        if not self.terms or not self.words or not self.image_size:
            return []
        spans = match_spans(self.text, self.terms)
        width, height = self.image_size
        boxes = []
        for word in self.words:
            if word.start < 0 or not any(s < word.end and word.start < e for s, e in spans):
                continue
            left, top = _step(word.left / width, math.floor), _step(word.top / height, math.floor)
            right = _step((word.left + word.width) / width, math.ceil)
            bottom = _step((word.top + word.height) / height, math.ceil)
            boxes.append(f"bl-{left} bt-{top} bw-{max(1, right - left)} "
                         f"bh-{max(1, bottom - top)}")
        return boxes

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
    custody: list[str] = field(default_factory=list)  # what no longer matches its record
    original_intact: bool = True  # False: the stored original is missing or was changed

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


def marked_html(text: str, marks: tuple[tuple[int, int], ...],
                unverified: tuple[tuple[int, int], ...]) -> str:
    """``text`` HTML-escaped; each stretch inside a mark is wrapped in ``<mark>``, each inside
    an unverified word in ``<span class="unverified" title="…">`` (both, nested, when both)."""
    cuts = sorted({0, len(text), *(p for span in (*marks, *unverified) for p in span
                                   if 0 <= p <= len(text))})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        piece = html.escape(text[start:end])
        if any(s <= start and end <= e for s, e in unverified):
            piece = f'<span class="unverified" title="{UNSURE_TITLE}">{piece}</span>'
        if any(s <= start and end <= e for s, e in marks):
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    return "".join(out)


UNSURE_TITLE = "OCR مطمئن نیست: با تصویر صفحه مقایسه کنید"


def _within(spans: list[tuple[int, int]], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The page-text ``spans`` inside the paragraph ``start``–``end``, made relative to it."""
    return tuple((max(s, start) - start, min(e, end) - start) for s, e in spans
                 if s < end and start < e)


def _step(fraction: float, rounding: Any) -> int:
    return max(0, min(BOX_STEPS, int(rounding(fraction * BOX_STEPS))))


def page_view(page: PageText, terms: Sequence[Terms] = ()) -> PageView:
    return PageView(page.number, page.text, page.layer.value, page.engine, page.needs_ocr,
                    tuple(terms))


def ocr_page_view(case: Case, document_id: int, page: PageText,
                  terms: Sequence[Terms] = ()) -> PageView:
    """An OCR page whose words (for unverified marks and hit boxes) and failure reason are
    read from the store when the page is first shown."""
    store, number = case.store, page.number
    view = page_view(page, terms)
    view.load_words = lambda: store.words(document_id, number)
    view.load_settings = lambda: store.page_settings(document_id, number)
    return view


MAX_DOCUMENT_ID = 2**63 - 1  # the store's ids are 64-bit signed integers


def find_document(case: Case, document_id: int) -> Document | None:
    """The document with this id, or None when there is none (an id out of the store's range,
    such as one typed into a URL, included: it is simply not there)."""
    if not 0 <= document_id <= MAX_DOCUMENT_ID:
        return None
    return case.store.document(document_id)


def document_view(
    case: Case, document_id: int, highlight: str | PreparedQuery | None = None
) -> DocumentView | None:
    """The document with this id as the web UI shows it, or None if there is none.

    With ``highlight`` (a query, typically the search that led here), each paragraph carries
    the spans where the query matches, and each OCR page a box over each matched word: the
    same words the search's snippets mark, name spellings included, because the query is
    prepared the same way (:func:`kavosh.views.search.prepare_query`). A query that cannot be
    read raises :class:`~kavosh.search.QueryError`.
    """
    store = case.store
    doc = find_document(case, document_id)
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
    if isinstance(highlight, str):
        highlight = prepare_query(case, highlight)
    terms = highlight.terms if highlight is not None else ()
    pages = [ocr_page_view(case, doc.id, p, terms) if p.layer == Layer.OCR
             else page_view(p, terms) for p in best_pages(store.pages(doc.id))]
    for view in pages:
        view.load_paragraphs = partial(store.paragraphs, doc.id, view.number)
    original = original_problems(case, doc)
    return DocumentView(doc, list(doc.occurrences), parent, children, len(children_rows),
                        dict(doc.metadata), pages, original + case.custody.text_problems(doc.id),
                        not original)


_CHECKED: dict[tuple[object, ...], list[str]] = {}  # one re-hash per version of a stored file
_CHECKED_MAX = 10_000


def original_problems(case: Case, doc: Document) -> list[str]:
    """Whether the document's stored original still hashes to its SHA-256 (issue 9): a
    missing or changed original is named, for a warning on its page and a refused download.

    The original is re-hashed once per version of the file: the result is kept under its
    inode, size, modification and change times (the change time cannot be set back), so a
    reader paging through a large original re-hashes it once, and a file changed or swapped
    since is re-hashed again."""
    if doc.kind != Kind.FILE or not doc.sha256:
        return []
    try:
        info = case.archive.path(doc.sha256).stat()
    except OSError:
        return [f"the original of document {doc.id} is missing from the archive"]
    key = (str(case.root), doc.sha256, doc.size, info.st_ino, info.st_size, info.st_mtime_ns,
           info.st_ctime_ns)
    if key not in _CHECKED:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = original_finding(case.archive, doc.id, doc.sha256, doc.size, "",
                                         True)[0]
    return _CHECKED[key]

