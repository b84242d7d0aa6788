"""Mention substitution: copies of annotated sentences whose names are swapped for others.

The project's news sentences (``scripts/ner_news``) name each person, organisation and place
a few times at most, so a model trained on them repeated learns those names as much as the
contexts around them. A copy in which every PER, ORG and LOC mention is replaced by another
mention of the same type keeps the context and its labels and changes the name, so what the
copies share is the context (the same idea as the template slots of ``ner_synthetic``, on
sentences written by hand).

Replacements are drawn, with one seeded ``random.Random`` (the same copies on every run),
for each type either from the mentions of the sentences given (each distinct text once) or
made new as the templates make them (``ner_synthetic.Filler``: fictional people from the
gazetteer's given names, Wikidata name words and Persian surname stems; organisations and
places from the gazetteer and its patterns), in shares set per type. Given the project's
news sentences, whose people are fictional, every person of a copy is fictional too. A
person written as one word (a family name before «گفت») is replaced by one written as one
word too, so that pattern stays. Used by ``scripts/train_ner.py --subst``; figures in
docs/entities.md ("Mention substitution").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence

from ner_synthetic import Filler

from kavosh.entities.crf import TOKEN, TYPES, spans

Sentence = tuple[list[str], list[str]]


def mention_pool(sentences: Iterable[Sentence]) -> dict[str, list[tuple[str, ...]]]:
    """Each type's distinct mentions (as token tuples) in ``sentences``, in a fixed order."""
    pool: dict[str, set[tuple[str, ...]]] = {kind: set() for kind in TYPES}
    for words, labels in sentences:
        for start, end, kind in spans(labels):
            if kind in pool:
                pool[kind].add(tuple(words[start:end]))
    return {kind: sorted(found) for kind, found in pool.items()}


class Substituter:
    """Draws the replacement of a mention; ``made`` is each type's share of new (generated)
    names, the rest being mentions of the pool."""

    def __init__(self, pool: dict[str, list[tuple[str, ...]]], seed: int,
                 made: dict[str, float]) -> None:
        self.rng = random.Random(seed)
        self.filler = Filler(self.rng)
        self.made = made
        self.pool = pool
        # one-word people apart, so a family name alone stays one word
        self.single = [m for m in pool.get("PER", []) if len(m) == 1]
        self.multi = [m for m in pool.get("PER", []) if len(m) > 1]
        self.makers: dict[str, Callable[[], str]] = {
            "ORG": self.filler.org, "LOC": self.filler.place}

    def person(self, words: int) -> tuple[str, ...]:
        if self.rng.random() < self.made["PER"]:
            while True:
                tokens = tuple(TOKEN.findall(self.filler.surname() if words == 1 else
                                             self.filler.person()))
                if (len(tokens) == 1) == (words == 1):
                    return tokens
        return self.rng.choice(self.single if words == 1 else self.multi)

    def replace(self, kind: str, words: int) -> tuple[str, ...]:
        """A new mention of ``kind`` for one of ``words`` tokens."""
        if kind == "PER":
            return self.person(words)
        if self.rng.random() < self.made[kind]:
            return tuple(TOKEN.findall(self.makers[kind]()))
        return self.rng.choice(self.pool[kind])

    def sentence(self, words: Sequence[str], labels: Sequence[str],
                 rate: dict[str, float] | None = None) -> Sentence:
        """A copy of the sentence with each mention replaced, with its type's probability in
        ``rate`` (default: every mention)."""
        out_words: list[str] = []
        out_labels: list[str] = []
        at = 0
        for start, end, kind in spans(labels):
            out_words += words[at:start]
            out_labels += labels[at:start]
            tokens: Sequence[str] = words[start:end]
            if self.rng.random() < (1.0 if rate is None else rate[kind]):
                tokens = self.replace(kind, end - start)
            out_words += tokens
            out_labels += ["B-" + kind] + ["I-" + kind] * (len(tokens) - 1)
            at = end
        out_words += words[at:]
        out_labels += labels[at:]
        return out_words, out_labels


def substituted(sentences: Sequence[Sentence], copies: int, seed: int, made: dict[str, float],
                rate: dict[str, float] | None = None,
                pool: dict[str, list[tuple[str, ...]]] | None = None) -> Iterator[Sentence]:
    """``copies`` substituted copies of every sentence (first copy of all, then the next),
    the same for the same arguments; the pool is that of ``sentences`` unless given."""
    substituter = Substituter(pool or mention_pool(sentences), seed, made)
    for _ in range(copies):
        for words, labels in sentences:
            yield substituter.sentence(words, labels, rate)
