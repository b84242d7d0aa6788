"""Layers of text: where a page's text came from, and which one is the page's best text.

A page may hold several layers of text. Each layer has a *kind* — the source's own words
(``source``) or a rendering of them in another language (``translation``) — and a
*priority* among the layers of its kind. The page's best text is the source layer of highest
priority that does not wait for OCR; a human correction outranks OCR, which outranks the
text layer a file carried (which OCR only ever replaces where that layer was unusable).

The order is explicit data (:data:`PRIORITY`), never the names' sort order: a new layer
states where it stands, and a translation can never become a page's "best text".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LayerKind(StrEnum):
    """What a layer's text is to the document."""

    SOURCE = "source"  # the document's own words, however they were read
    TRANSLATION = "translation"  # the document's words in another language


class Layer(StrEnum):
    """Where a page's text came from."""

    EXTRACTED = "extracted"  # the text layer the file carried (PDF, DOCX, e-mail, …)
    OCR = "ocr"  # recognised from the page image
    CORRECTED = "corrected"  # a person's correction of the page's text
    TRANSLATION = "translation"  # a draft or human translation (issue 15)

    @property
    def kind(self) -> LayerKind:
        return KINDS[self]

    @property
    def priority(self) -> int:
        """Higher wins among layers of the same kind."""
        return PRIORITY[self]


KINDS: dict[Layer, LayerKind] = {
    Layer.EXTRACTED: LayerKind.SOURCE,
    Layer.OCR: LayerKind.SOURCE,
    Layer.CORRECTED: LayerKind.SOURCE,
    Layer.TRANSLATION: LayerKind.TRANSLATION,
}
PRIORITY: dict[Layer, int] = {
    Layer.EXTRACTED: 10,
    Layer.OCR: 20,
    Layer.CORRECTED: 30,
    Layer.TRANSLATION: 10,
}


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page (1-based ``number``) of one document, with its provenance.

    ``needs_ocr`` marks a page that has no usable text layer (an image, a scanned PDF page,
    a garbage text layer); its ``text`` is then empty or unusable until an OCR engine fills a
    page of layer ``ocr``.
    """

    number: int
    text: str
    layer: Layer = Layer.EXTRACTED
    engine: str = ""
    engine_version: str = ""
    needs_ocr: bool = False


def best_pages(pages: list[PageText], kind: LayerKind = LayerKind.SOURCE) -> list[PageText]:
    """One text per page number, in page order: among the layers of ``kind``, those that do
    not wait for OCR first, then the highest priority. A page whose every layer waits for OCR
    keeps its highest one (its text, if any, is all there is until OCR runs)."""
    by_number: dict[int, list[PageText]] = {}
    for page in pages:
        if page.layer.kind == kind:
            by_number.setdefault(page.number, []).append(page)
    return [max(by_number[number], key=_rank) for number in sorted(by_number)]


def _rank(page: PageText) -> tuple[bool, int]:
    return (not page.needs_ocr, page.layer.priority)
