"""Words of an OCR result: where each lies in the page text, and which a reader must check.

A word is **unverified** when the engine was unsure of it (confidence below
:data:`CONFIDENCE_THRESHOLD`) or when it holds a digit (Persian, Arabic-Indic or ASCII): digits
are the weak spot of Persian OCR — a misread digit still looks like a plausible number, and no
dictionary can catch it — so every number is shown as unverified whatever its confidence.

The threshold comes from ``bench/ocr_cer.py`` (24 pages, 5,800 words, clean and degraded): words
read with confidence 85–95 were wrong 1.9 % of the time, those at 75–85 13.5 %, 65–75 24 %,
below 50 30–70 % (docs/architecture.md, "OCR"). Below 85 a word is several times likelier to
be wrong than above, so below 85 it is shown as unverified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kavosh.ocr.base import Word

CONFIDENCE_THRESHOLD = 85.0
DIGIT = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")


def is_unverified(word: Word, threshold: float = CONFIDENCE_THRESHOLD) -> bool:
    """Whether a reader must check ``word``: low confidence, or any digit in it."""
    return word.confidence < threshold or DIGIT.search(word.text) is not None


def place_words(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    """Each word's ``(start, end)`` in ``text``, ``(-1, -1)`` where it cannot be found.

    Words come in reading order, as the engine wrote them into the text, so each is looked
    for after the previous one; a word not found within the next stretch of text is skipped
    without moving on, so one odd word cannot derail the rest.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    window = 400
    for word in words:
        token = word.text.strip()
        at = text.find(token, cursor, cursor + window + len(token)) if token else -1
        if at < 0:
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(token)))
        cursor = at + len(token)
    return spans
