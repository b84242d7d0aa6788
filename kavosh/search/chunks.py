"""Passages of a page for embedding: about :data:`CHUNK_WORDS` words each, with offsets.

A page's best text is cut at word boundaries into consecutive passages of ``words`` words
(the last one takes up to a quarter more rather than leave a scrap of a few words); each keeps
its page number and the ``[start, end)`` character offsets in the page's text, so a hit found by
meaning shows the very passage that matched. The text embedded is the passage with its runs of
white space made one space. A passage without a letter (a page that is only ``.`` or page
numbers) is not kept: it means nothing, yet its vector lies near every question's (on the
Fars News abstracts one such page was the first hit of 17 questions in 50).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHUNK_WORDS = 100
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Chunk:
    page: int
    start: int  # character offsets in the page's text
    end: int
    text: str  # what is embedded: the passage, white space collapsed


def page_chunks(page: int, text: str, words: int = CHUNK_WORDS) -> list[Chunk]:
    """The passages of one page's text (none for a page without words)."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return []
    bounds = list(range(0, len(spans), words))
    if len(bounds) > 1 and len(spans) - bounds[-1] <= words // 4:
        bounds.pop()  # a scrap at the end joins the passage before it
    chunks = []
    for i, first in enumerate(bounds):
        last = (bounds[i + 1] if i + 1 < len(bounds) else len(spans)) - 1
        start, end = spans[first][0], spans[last][1]
        passage = _SPACE.sub(" ", text[start:end])
        if any(c.isalpha() for c in passage):
            chunks.append(Chunk(page, start, end, passage))
    return chunks
