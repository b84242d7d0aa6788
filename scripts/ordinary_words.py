"""Write ``kavosh/entities/data/ordinary-words.txt``: Persian words that the labelled data
shows only as ordinary words, never inside a name (:func:`kavosh.entities.lexicon.ordinary_words`).

    python scripts/ordinary_words.py [--data ../shared/data/persian-twitter-ner]

Read: persian-twitter-ner's train and dev splits (MIT; its test split is never read) and the
project's own annotated news sentences (``scripts/ner_news``). Each token is normalised and
split as the search index does (:func:`kavosh.text.tokenize`). Kept: Arabic-script words seen
at least :data:`MIN_SEEN` times outside any labelled span and never inside one of any type
(people, organisations, places, and the tweets' nationalities, political groups and events).
So الان (*now*), دستم (*my hand*) are in it, and a word that is also a name somewhere in the
data (مبارک, *blessed*, once Mubarak) is not. The same data gives the same file.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.entities.lexicon import ORDINARY_WORDS  # noqa: E402
from kavosh.text import normalize, tokenize  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import ner_news  # noqa: E402
from train_ner import conll_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "persian-twitter-ner"
OUT = ROOT / "kavosh" / "entities" / "data" / ORDINARY_WORDS
MIN_SEEN = 3  # fewer sightings say too little (a rare name may be unlabelled once or twice)
_ARABIC_WORD = re.compile("^[\u0600-\u06ff]+$")


def ordinary(labelled: Iterable[tuple[str, str]], min_seen: int = MIN_SEEN) -> list[str]:
    """The normalised Arabic-script words of ``labelled`` (token, BIO label) seen at least
    ``min_seen`` times with ``O`` and never with another label, sorted."""
    outside: Counter[str] = Counter()
    inside: set[str] = set()
    for token, label in labelled:
        for word in tokenize(normalize(token)):
            if label == "O":
                outside[word] += 1
            else:
                inside.add(word)
    return sorted(w for w, n in outside.items()
                  if n >= min_seen and w not in inside and _ARABIC_WORD.match(w))


def labelled_sentences(data: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Every sentence (tokens, BIO labels) of the twitter train and dev splits and of the
    project's news."""
    for split in ("train.txt", "dev.txt"):
        yield from conll_sentences(data / split)
    yield from ner_news.read(ner_news.files())


def labelled_tokens(data: Path) -> Iterator[tuple[str, str]]:
    """Every (token, label) of :func:`labelled_sentences`."""
    for words, labels in labelled_sentences(data):
        yield from zip(words, labels, strict=True)


def write_list(description: str, out: Path, make: Callable[[Path], list[str]],
               header: str = "") -> None:
    """The command line of a word list made from the labelled data: ``--data`` (the
    persian-twitter-ner folder), ``--out``; writes ``header`` then one word a line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args()
    if not (args.data / "train.txt").is_file():
        sys.exit(f"no persian-twitter-ner data at {args.data}")
    words = make(args.data)
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words):,} words → {args.out}")


def main() -> None:
    write_list(__doc__.split("\n\n")[0], OUT, lambda data: ordinary(labelled_tokens(data)))


if __name__ == "__main__":
    main()
