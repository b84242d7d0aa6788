"""Formal-news sentences labelled by Kavosh itself, for training the ``crf`` model (issue 13).

persian-twitter-ner is informal and the templates (:mod:`ner_synthetic`) are few; the archives
Kavosh reads are news and cables. The Fars News articles in ``../shared/data/farsnews`` are
unlabelled Persian news (test data: never copied into the repository; read here at training
time only); this module labels some of their sentences with a first model (a *teacher*,
trained on the tweets and the templates alone) and the ``crf`` finder's span rules, so the
shipped model learns the boundaries the rules set (an organisation's long name, its place)
and the vocabulary of formal news. Only sentences with an organisation's head word
(:data:`HEADS`) are taken: that is where the teacher is weakest and the rules do most.

Held out: every article that holds a sentence of the hand-annotated Fars News gold
(``bench/data/ner_fars_gold.jsonl``, dev and test) is skipped whole (only where those
sentences are is read, not their text). Sentences are those ``bench/ner_eval.py`` makes
(paragraphs split after . ! ؟ ?, 8 to 45 tokens), taken in file order, every
:data:`STRIDE`-th one, up to a number: the same sentences on every run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from kavosh.entities.crf import TOKEN, TYPES, CrfFinder, _norm
from kavosh.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "ner_fars_gold.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
STRIDE = 1  # every sentence with a head (there are about 950)
# the organisation heads a sentence must have one of (the list)
HEADS = frozenset(normalize(w) for w in """
    وزارت سپاه سازمان حزب بانک شرکت دانشگاه ستاد قرارگاه مجلس دادگاه خبرگزاری باشگاه
    شورای بنیاد اداره جبهه
""".split())


def held_out() -> set[tuple[str, int]]:
    """(file, article) of every article holding a gold sentence."""
    return {(e["file"], e["article"]) for e in map(json.loads, GOLD.read_text(
        encoding="utf-8").splitlines())}


def candidates(folder: Path) -> Iterator[list[str]]:
    """The tokens of each Fars News sentence of 8 to 45 tokens with a head, outside the
    held-out articles, in file order."""
    skip = held_out()
    for path in sorted(folder.glob("*.json")):
        for a, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if (path.name, a) in skip:
                continue
            for paragraph in article["paragraphs"]:
                for sentence in _SENTENCE_END.split(paragraph):
                    tokens = TOKEN.findall(sentence)
                    if 8 <= len(tokens) <= 45 and any(_norm(t) in HEADS for t in tokens):
                        yield tokens


def label(finder: CrfFinder, words: list[str]) -> list[str]:
    """BIO labels of ``words`` from what ``finder`` finds in them joined by single spaces."""
    text = " ".join(words)
    starts = {}
    at = 0
    for i, word in enumerate(words):
        starts[at] = i
        at += len(word) + 1
    labels = ["O"] * len(words)
    for found in finder.find(text, "fas"):
        if found.type not in TYPES or found.start not in starts:
            continue
        first = starts[found.start]
        end = first + len(text[found.start:found.end].split(" "))
        labels[first:end] = ["B-" + found.type] + ["I-" + found.type] * (end - first - 1)
    return labels


def sentences(folder: Path, teacher: Path, count: int) -> list[tuple[list[str], list[str]]]:
    """``count`` Fars News sentences with the labels the ``teacher`` model and the span rules
    give them (see the module)."""
    finder = CrfFinder(teacher)
    found: list[tuple[list[str], list[str]]] = []
    for i, words in enumerate(candidates(folder)):
        if i % STRIDE:
            continue
        found.append((words, label(finder, words)))
        if len(found) >= count:
            break
    return found
