"""Typo-tolerant words (``word~N``): the words of an index within N edits of a token.

The distance is the one tantivy's ``fuzzy_term_query`` counts with ``transposition_cost_one``:
a letter added, dropped or replaced, or two neighbours swapped, each one edit, and no letter
edited twice (the "optimal string alignment" distance, so ``ca`` → ``abc`` is 3 edits, not
2). Letters are Unicode code points of the normalised text.

A search backend reads its term dictionary once per index generation into a
:class:`Vocabulary` and asks it for the words near each typed token (once per token and
distance): the query then searches that set of words, and the snippets look words up in it
rather than measuring edits word by word.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

# Letters are counted in BUCKETS classes (code point modulo BUCKETS): one edit changes the
# counts by 2 at most (a replaced letter: one less of one, one more of another), so two
# words whose counts differ by more than 2 × N are more than N edits apart — a bound numpy
# checks for all words of a length at once, leaving few for the exact measure.
BUCKETS = 32
_LONGEST = 255  # longer words (none in running text) are measured one by one


def edits(a: str, b: str, limit: int) -> int:
    """The edits (a letter added, dropped, replaced, or two neighbours swapped) between
    ``a`` and ``b``, as the index's typo-tolerant search counts them; ``limit + 1`` once it
    is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # each letter of one word that the other lacks costs an edit of its own (cheap, in C:
    # most words are ruled out here rather than in the table below)
    if len(set(a).difference(b)) > limit or len(set(b).difference(a)) > limit:
        return limit + 1
    previous: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, row = previous, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1,
                         previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


class Vocabulary:
    """The distinct words of an index field, grouped by length; each length's letter counts
    are computed when a token first needs them."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_length: dict[int, list[str]] = {}
        for word in words:
            self._by_length.setdefault(len(word), []).append(word)
        self._counts: dict[int, npt.NDArray[np.int16]] = {}

    def __len__(self) -> int:
        return sum(len(words) for words in self._by_length.values())

    def near(self, token: str, distance: int) -> list[str]:
        """The words within ``distance`` edits of ``token`` (``token`` itself among them when
        it is a word of the field), in no particular order."""
        found: list[str] = []
        letters = _counts([token]) if len(token) <= _LONGEST else None
        for length in range(max(len(token) - distance, 1), len(token) + distance + 1):
            words = self._by_length.get(length)
            if not words:
                continue
            candidates: Iterable[str] = words
            if letters is not None and length <= _LONGEST:
                gap = np.abs(self._letter_counts(length) - letters).sum(axis=1)
                candidates = [words[i] for i in np.flatnonzero(gap <= 2 * distance)]
            found += [w for w in candidates if edits(w, token, distance) <= distance]
        return found

    def _letter_counts(self, length: int) -> npt.NDArray[np.int16]:
        if length not in self._counts:
            self._counts[length] = _counts(self._by_length[length])
        return self._counts[length]


def _counts(words: list[str]) -> npt.NDArray[np.int16]:
    """One row per word (all of one length): how many of its letters fall in each bucket."""
    length = len(words[0])
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    rows = np.repeat(np.arange(len(words), dtype=np.int64), length)
    cells = rows * BUCKETS + (codes % BUCKETS).astype(np.int64)
    counts = np.bincount(cells, minlength=len(words) * BUCKETS)
    return counts.reshape(len(words), BUCKETS).astype(np.int16)
