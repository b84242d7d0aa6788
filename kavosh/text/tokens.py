"""What a word is, for the index and for queries: runs of letters and digits in normalised text.

The tokenizer runs on the output of :func:`kavosh.text.normalize`, never on raw text, so the
index and the query parser see exactly the same words. Punctuation (Persian ، ؛ ؟ « » too),
slashes and symbols separate words; ``۱۳۹۳/۰۸/۲۵`` is the three words ``1393 08 25``, which a
phrase query finds in order.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import islice

from kavosh.text.normalize import normalize

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def token_spans(normalized: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of already-normalised text, in order."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(normalized)]


def word_spans(normalized: str, indices: Collection[int]) -> dict[int, tuple[int, int]]:
    """``(start, end)`` of the words of already-normalised text at ``indices`` (word numbers,
    as :func:`tokenize` counts them): the words before the last are skipped in C, so a few
    matched words cost far less than :func:`token_spans` of a whole page."""
    out: dict[int, tuple[int, int]] = {}
    words = _WORD.finditer(normalized)
    at = 0
    for index in sorted(indices):
        match = next(islice(words, index - at, None), None)
        if match is None:
            break
        out[index] = match.span()
        at = index + 1
    return out


def tokenize(normalized: str) -> list[str]:
    """The words of already-normalised text, in order."""
    return _WORD.findall(normalized)


def index_text(raw: str) -> str:
    """What the search index stores for ``raw``: its normalised words joined by single spaces."""
    return " ".join(tokenize(normalize(raw)))
