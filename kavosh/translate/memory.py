"""Translation memory: a sentence seen before (exactly, or nearly) gets its earlier human
translation proposed, with a score.

Sentences are compared after :func:`kavosh.text.normalize`: an exact match scores 1.0; a near
match is found among the remembered sentences sharing the most words with it and scored by
:class:`difflib.SequenceMatcher` on the normalised text, kept from :data:`NEAR` (0.75) up.
Pure and in memory: the caller fills it from the store's human versions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from kavosh.text.normalize import normalize
from kavosh.text.tokens import tokenize

NEAR = 0.75
CANDIDATES = 20  # remembered sentences scored per query, those sharing the most words


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    source: str  # the remembered sentence
    target: str  # its human translation
    score: float  # 1.0: the same sentence once normalised
    sentence_id: int | None = None


class TranslationMemory:
    def __init__(self) -> None:
        self._exact: dict[str, MemoryMatch] = {}
        self._entries: list[tuple[str, MemoryMatch]] = []
        self._by_word: dict[str, list[int]] = {}
        self._frequency: Counter[str] = Counter()

    def add(self, source: str, target: str, sentence_id: int | None = None) -> None:
        """Remember ``target`` as the translation of ``source`` (a later one wins)."""
        key = normalize(source).strip()
        if not key or not target.strip():
            return
        match = MemoryMatch(source, target, 1.0, sentence_id)
        self._exact[key] = match
        index = len(self._entries)
        self._entries.append((key, match))
        for word in set(tokenize(key)):
            self._by_word.setdefault(word, []).append(index)
            self._frequency[word] += 1

    def __len__(self) -> int:
        return len(self._exact)

    def best(self, source: str, exclude: int | None = None) -> MemoryMatch | None:
        """The best earlier translation of ``source`` scoring :data:`NEAR` or more (not the
        one of sentence ``exclude`` for this text: a sentence is not its own memory, but what
        was written for its older text is)."""
        key = normalize(source).strip()
        exact = self._exact.get(key)
        if exact is not None and (exclude is None or exact.sentence_id != exclude):
            return exact
        shared: Counter[int] = Counter()
        for word in set(tokenize(key)):
            postings = self._by_word.get(word, [])
            if len(postings) > 2000:  # a word in most sentences says nothing
                continue
            shared.update(postings)
        best: MemoryMatch | None = None
        for index, _ in shared.most_common(CANDIDATES):
            known, match = self._entries[index]
            if exclude is not None and match.sentence_id == exclude and known == key:
                continue
            score = SequenceMatcher(None, key, known, autojunk=False).ratio()
            if score >= NEAR and (best is None or score > best.score):
                best = MemoryMatch(match.source, match.target, round(score, 3),
                                   match.sentence_id)
        return best
