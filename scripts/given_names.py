"""Write ``kavosh/text/data/given_names.txt``: Persian-script given names that the labelled data
shows at the head of people's names, read as name-use cues beside the hand list of
``name_contexts.toml`` (:mod:`kavosh.text.derived`: the word after one is used as a name).

    python scripts/given_names.py [--data ../shared/data/persian-twitter-ner]

Read: persian-twitter-ner's train and dev splits (MIT; its test split is never read) and the
project's own annotated news sentences (``scripts/ner_news``), each token normalised and split
as the search index does (:func:`kavosh.text.tokenize`). Kept: a word of :data:`MIN_LETTERS`
letters or more that heads a person's name of two words or more at least :data:`MIN_HEADS`
times (a given name before a surname: سارا, مایک, پیتر) and is labelled a person in at least
:data:`PERSON_SHARE` of its sightings (a word that is as often an ordinary word, رهبر
*leader* or حضرت, says nothing of the word after it), and is no ordinary word
(:func:`kavosh.entities.lexicon.ordinary_words`). The same data gives the same file.

The hand list names the given names the Persian press writes most; this one adds the many
foreign and less common ones the tweets name (translated news writes سارا پیلن, مایک پنس, with
no title before the surname).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.entities.lexicon import ordinary_words  # noqa: E402
from kavosh.text import normalize, tokenize  # noqa: E402
from kavosh.text.derived import LEARNT_GIVEN_NAMES  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from ordinary_words import labelled_sentences, write_list  # noqa: E402

OUT = ROOT / "kavosh" / "text" / "data" / LEARNT_GIVEN_NAMES
MIN_HEADS = 2  # once may be a slip of the labeller
PERSON_SHARE = 0.9
MIN_LETTERS = 3  # two-letter heads (ند, یو) are as often pieces of other words
_ARABIC_WORD = re.compile("^[\u0600-\u06ff]+$")
HEADER = ("# Made by scripts/given_names.py from labelled data (see its docstring); do not edit.\n"
          "# One normalised given name a line.\n")


def given_names(sentences: Iterable[tuple[list[str], list[str]]],
                min_heads: int = MIN_HEADS, share: float = PERSON_SHARE) -> list[str]:
    """The normalised Arabic-script words heading a person's name of two words or more at
    least ``min_heads`` times in ``sentences`` (tokens, BIO labels) and labelled a person in
    at least ``share`` of their sightings; no ordinary words; sorted."""
    heads: Counter[str] = Counter()
    person: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for words, labels in sentences:
        for token, label in zip(words, labels, strict=True):
            for word in tokenize(normalize(token)):
                seen[word] += 1
                person[word] += label.endswith("PER")
        for name in _people(words, labels):
            if len(name) >= 2:
                heads[name[0]] += 1
    ordinary = ordinary_words()
    return sorted(w for w, n in heads.items()
                  if n >= min_heads and person[w] >= share * seen[w] and len(w) >= MIN_LETTERS
                  and _ARABIC_WORD.match(w) and w not in ordinary)


def _people(words: list[str], labels: list[str]) -> Iterator[list[str]]:
    """The index tokens of each person's name (a B-PER and the I-PER after it)."""
    name: list[str] = []
    for token, label in zip(words, labels, strict=True):
        if label == "I-PER" and name:
            name += tokenize(normalize(token))
            continue
        if name:
            yield name
        name = tokenize(normalize(token)) if label == "B-PER" else []
    if name:
        yield name


def main() -> None:
    write_list(__doc__.split("\n\n")[0], OUT,
               lambda data: given_names(labelled_sentences(data)), HEADER)


if __name__ == "__main__":
    main()
