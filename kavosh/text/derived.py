"""Values derived from pages of text, the same whichever stage produced the text.

``kavosh.pipeline.derive`` applies them to a document's best pages, whichever stage produced
their text (reading, OCR, a correction), so a date, a paragraph or a vocabulary entry means the
same thing whatever layer it came from.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from kavosh.model import DateMention, PageText
from kavosh.text.dates import find_dates
from kavosh.text.direction import paragraph_spans
from kavosh.text.language import language_direction, paragraph_languages
from kavosh.text.names import name_key

DATES_ENGINE = "kavosh.text.dates"  # recorded with every stored date (provenance)
DATES_VERSION = "1"
MAX_DAYS = 512  # dates of one document carried by its index entries

ParagraphRow = tuple[int, int, int, int, str, str]  # page, idx, start, end, language, direction
_NAME_TOKEN = re.compile(r"^[^\W\d_]{3,40}$")


def page_dates(pages: list[PageText]) -> list[tuple[int, dict[str, Any]]]:
    """``(page number, date record)`` for every date found in the pages' raw text."""
    return [(page.number, found.to_json()) for page in pages for found in find_dates(page.text)]


def date_days(dates: list[DateMention]) -> tuple[int, ...]:
    """Distinct day numbers (proleptic Gregorian ordinals) of the dates, for the date filter."""
    days = {date.fromisoformat(d.gregorian).toordinal() for d in dates if d.gregorian}
    return tuple(sorted(days)[:MAX_DAYS])


def page_paragraphs(pages: list[PageText]) -> list[ParagraphRow]:
    """Each page's paragraphs with language (decided with their neighbours) and direction."""
    rows: list[ParagraphRow] = []
    for page in pages:
        spans = paragraph_spans(page.text)
        texts = [page.text[s:e] for s, e in spans]
        for idx, ((start, end), text, language) in enumerate(
            zip(spans, texts, paragraph_languages(texts), strict=True)
        ):
            rows.append((page.number, idx, start, end, language,
                         language_direction(language, text)))
    return rows


def main_language(paragraphs: list[ParagraphRow]) -> str | None:
    """The language of most of the text (by characters), None when no paragraph decided."""
    sizes: dict[str, int] = {}
    for _, _, start, end, language, _ in paragraphs:
        if language != "und":
            sizes[language] = sizes.get(language, 0) + end - start
    return max(sizes, key=lambda code: sizes[code]) if sizes else None


@lru_cache(maxsize=200_000)
def _key(token: str) -> str:
    return name_key(token)


def vocabulary(index_texts: list[str]) -> list[tuple[str, str]]:
    """``(token, name key)`` for the distinct word tokens (3–40 letters) of index texts, so a
    name typed in another script or spelling can be looked up (see ``views.search``)."""
    # Distinct tokens first: a page repeats its words, the pattern need only see each once.
    tokens = {t for t in {t for text in index_texts for t in text.split()}
              if _NAME_TOKEN.match(t)}
    return [(t, key) for t in sorted(tokens) if (key := _key(t))]
