"""What follows from a document's new OCR pages: dates, paragraphs, language, index entries.

The ingest derives the same values from extracted pages (``kavosh.pipeline.worker``) with the
same functions (``kavosh.text.derived``); this module applies them again once OCR has filled
some of a document's pages, to each page's best text (as ``Store.page`` chooses it), so
search, the date filter and the document view see the OCR text.
"""

from __future__ import annotations

from kavosh.model import Layer, best_pages
from kavosh.search import IndexedPage
from kavosh.store import Store
from kavosh.text import detect_language, index_text
from kavosh.text.derived import (
    DATES_ENGINE,
    DATES_VERSION,
    date_days,
    page_dates,
    page_paragraphs,
    vocabulary,
)


def derive_document(store: Store, document_id: int) -> list[IndexedPage]:
    """Store the document's dates, OCR paragraphs, vocabulary and (when unknown) language
    from its best pages, and return its index entries (the caller writes them to the search
    index)."""
    doc = store.document(document_id)
    if doc is None:
        return []
    pages = best_pages(store.pages(document_id))
    ocr_pages = [p for p in pages if p.layer == Layer.OCR]
    dates = page_dates(pages)
    with store.transaction():
        store.put_dates(document_id, dates, DATES_ENGINE, DATES_VERSION)
        store.put_paragraphs(document_id, Layer.OCR.value, page_paragraphs(ocr_pages))
        language = doc.language
        if language is None and ocr_pages:
            sample = "\n".join(p.text for p in ocr_pages[:3])[:4000]
            found = detect_language(sample)
            if found != "und":
                language = found
                store.set_language_if_unknown(document_id, found)
    days = date_days(dates)
    entries = [IndexedPage(document_id, p.number, index_text(p.text), doc.mime or "",
                           language or "", days) for p in pages]
    store.add_vocabulary(vocabulary([e.text for e, p in zip(entries, pages, strict=True)
                                     if p.layer == Layer.OCR]))
    return [entry for entry in entries if entry.text]
