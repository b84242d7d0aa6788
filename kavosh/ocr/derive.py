"""What follows from a document's new OCR pages: dates, paragraphs, language, index entries.

The ingest derives the same values from extracted pages (``kavosh.pipeline.worker``); this
module does it again for a document once OCR has filled some of its pages, from each page's
best text (as ``Store.page`` chooses it), so search, the date filter and the document view see
the OCR text. It lives here rather than in the pipeline because the OCR stage sits below it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kavosh.model import Layer, PageText
from kavosh.search import IndexedPage
from kavosh.store import Store
from kavosh.text import (
    detect_language,
    find_dates,
    index_text,
    language_direction,
    paragraph_languages,
    paragraph_spans,
)
from kavosh.text.names import name_key

DATES_ENGINE = "kavosh.text.dates"  # as the ingest records them
DATES_VERSION = "1"
MAX_DAYS = 512
_NAME_TOKEN = re.compile(r"^[^\W\d_]{3,40}$")  # as the ingest's vocabulary


def best_pages(pages: list[PageText]) -> list[PageText]:
    """One text per page number: a usable layer (not waiting for OCR), OCR over extracted."""
    by_number: dict[int, list[PageText]] = {}
    for page in pages:
        by_number.setdefault(page.number, []).append(page)
    best: list[PageText] = []
    for number in sorted(by_number):
        layers = sorted(by_number[number], key=lambda p: p.layer.value)
        usable = [p for p in layers if not p.needs_ocr] or layers
        best.append(usable[-1])
    return best


def page_dates(pages: list[PageText]) -> list[tuple[int, dict[str, Any]]]:
    """``(page, date record)`` for every date in the pages' raw text."""
    return [(page.number, found.to_json()) for page in pages for found in find_dates(page.text)]


def date_days(dates: list[tuple[int, dict[str, Any]]]) -> tuple[int, ...]:
    """Distinct day numbers (proleptic Gregorian ordinals) of the dates, for the date filter."""
    days = {date.fromisoformat(d["gregorian"]).toordinal() for _, d in dates if d["gregorian"]}
    return tuple(sorted(days)[:MAX_DAYS])


def paragraph_rows(pages: list[PageText]) -> list[tuple[int, int, int, int, str, str]]:
    """``(page, idx, start, end, language, direction)`` of each paragraph of the pages."""
    rows: list[tuple[int, int, int, int, str, str]] = []
    for page in pages:
        spans = paragraph_spans(page.text)
        texts = [page.text[s:e] for s, e in spans]
        for idx, ((start, end), text, language) in enumerate(
            zip(spans, texts, paragraph_languages(texts), strict=True)
        ):
            rows.append((page.number, idx, start, end, language,
                         language_direction(language, text)))
    return rows


def vocabulary(index_texts: list[str]) -> list[tuple[str, str]]:
    """``(token, name key)`` of the distinct word tokens, for name search across scripts."""
    tokens = {t for text in index_texts for t in text.split() if _NAME_TOKEN.match(t)}
    return [(t, key) for t in sorted(tokens) if (key := name_key(t))]


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
        store.put_paragraphs(document_id, Layer.OCR.value, paragraph_rows(ocr_pages))
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
