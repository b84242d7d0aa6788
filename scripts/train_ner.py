"""Train the shipped PER/ORG/LOC model (kavosh/entities/data/ner-crf.crfsuite) from scratch.

Data: persian-twitter-ner (MIT), its train and dev splits (its test split is kept for
bench/ner_eval.py and never read here), and formal-news sentences made from the project's own
templates (scripts/ner_synthetic.py, seeded) because the tweets are informal and the archives
are not. The gazetteer feature's lists (kavosh/entities/data/gazetteer.tsv) are written by
hand for the project and shipped as they are. The name-word feature's list
(kavosh/entities/data/name-words.txt) is made first from wikidata-arabic-latin-names (CC0):
the Arabic-script spellings of Wikidata person-name words seen at least twice, normalised,
and their Persian spellings (scripts/persianize.py: ترامب → ترامپ) unless the twitter train
split has the word mostly outside people's names.
persian-twitter-ner's extra types (NAT nationalities, POG political groups and dynasties, EVE
events) become O: Kavosh finds PER, ORG and LOC only. Features:
kavosh.entities.crf.sentence_features (the same code the finder runs). L-BFGS with fixed
L1/L2 weights and a fixed number of iterations: CRFsuite's training is deterministic, so the
same data and command give the same model (a 2-core machine: one to two minutes).

Run: ``python scripts/train_ner.py [--data ../shared/data/persian-twitter-ner]
[--names ../shared/data/wikidata-arabic-latin-names/wd_arabic_80.tsv] [--out PATH]``
(default out: the package's model file; the name words always go beside it).
Recipe and figures: docs/entities.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.entities.crf import (  # noqa: E402
    NAME_WORDS,
    TYPES,
    name_words,
    packaged_model,
    sentence_features,
)
from kavosh.text.normalize import normalize  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import ner_news  # noqa: E402
import ner_synthetic  # noqa: E402
from persianize import persianize  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DATA = SHARED / "persian-twitter-ner"
NAMES = SHARED / "wikidata-arabic-latin-names" / "wd_arabic_80.tsv"
NAME_MIN_COUNT = 2  # a spelling seen once is too often a common word
# A Persian spelling (scripts/persianize.py) is kept when at least this share of the pairs
# of its Arabic word that align give it: بيتر is Peter 863 times in 866 (پیتر), جمال is Gamal
# 21 times and Jamal 87 (not گمال).
PERSIAN_MIN_SHARE = 0.8
# Nor when persian-twitter-ner's train split has the word outside people's names at least this
# often and more often than inside them: چی، زنگ، پارک، اسپانیا are words and places first.
PERSIAN_COMMON = 2
SYNTHETIC = 6000  # template sentences added to the tweets (chosen on the twitter dev split)
SEED = 13
NEWS_REPEAT = 3  # the project's own news sentences (scripts/ner_news), each taken this often
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True,
          "feature.minfreq": 1}


def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL file (token TAB label, blank line between sentences), labels
    mapped to Kavosh's types (:func:`kavosh_label`)."""
    words: list[str] = []
    labels: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip():
            words.append(parts[0].strip())
            labels.append(parts[1].strip())
        elif words:
            yield words, list(kavosh_labels(labels))
            words, labels = [], []


def kavosh_labels(labels: Iterable[str]) -> Iterator[str]:
    """BIO labels with types other than PER, ORG, LOC as O, and an I- that follows another
    type or O turned into B- (a span must start somewhere)."""
    previous = "O"
    for label in labels:
        prefix, _, kind = label.partition("-")
        if kind not in TYPES:
            label = "O"
        elif prefix == "I" and previous[2:] != kind:
            label = "B-" + kind
        yield label
        previous = label


def train(sentences: Iterable[tuple[list[str], list[str]]], out: Path,
          params: dict[str, object] | None = None) -> int:
    """Train a model on ``sentences`` (words as written, BIO labels) into ``out``; returns the
    number of tokens. Also used by the tests to make a small model of their own."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    tokens = 0
    for words, labels in sentences:
        trainer.append(sentence_features(words), labels)
        tokens += len(words)
    trainer.set_params({**PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return tokens


def name_pairs(source: Path) -> list[tuple[str, str, int]]:
    """Wikidata's name pairs (lines of Latin, spaced Arabic-script letters, count) as
    (Latin, Arabic-script word, count)."""
    pairs = []
    for line in source.read_text(encoding="utf-8").splitlines():
        latin, letters, count = line.split("\t")
        pairs.append((latin, letters.replace(" ", ""), int(count)))
    return pairs


def name_counts(source: Path, common: frozenset[str] = frozenset()) -> dict[str, int]:
    """Counts of the Arabic-script spellings (normalised) of Wikidata's name pairs
    (:func:`name_pairs`) and of their Persian spellings (:func:`persian_spellings`) other
    than the words ``common``."""
    pairs = name_pairs(source)
    counts: dict[str, int] = {}
    for _latin, arabic, count in pairs:
        word = normalize(arabic)
        counts[word] = counts.get(word, 0) + count
    for word, count in persian_spellings(pairs).items():
        if word not in common:
            counts[word] = counts.get(word, 0) + count
    return counts


def persian_spellings(pairs: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """Persian spellings (normalised, with their counts) of Arabic-script name words that
    Persian writes otherwise (ترامب → ترامپ): for each Arabic word, the spelling that at
    least :data:`PERSIAN_MIN_SHARE` of its aligned pairs give, when it differs."""
    by_word: dict[str, dict[str, int]] = {}
    for latin, arabic, count in pairs:
        spelling = persianize(latin, arabic)
        if spelling is not None:  # no alignment, or an ambiguous one: no vote
            votes = by_word.setdefault(arabic, {})
            votes[spelling] = votes.get(spelling, 0) + count
    found: dict[str, int] = {}
    for arabic, votes in by_word.items():
        spelling, count = max(votes.items(), key=lambda item: (item[1], item[0]))
        if spelling != arabic and count >= PERSIAN_MIN_SHARE * sum(votes.values()):
            word = normalize(spelling)
            found[word] = found.get(word, 0) + count
    return found


def common_words(sentences: Iterable[tuple[list[str], list[str]]]) -> frozenset[str]:
    """Words (normalised) that ``sentences`` label outside people's names at least
    :data:`PERSIAN_COMMON` times and more often than inside them."""
    outside: dict[str, int] = {}
    inside: dict[str, int] = {}
    for words, labels in sentences:
        for word, label in zip(words, labels, strict=True):
            tally = inside if label.endswith("-PER") else outside
            key = normalize(word)
            tally[key] = tally.get(key, 0) + 1
    return frozenset(w for w, n in outside.items()
                     if n >= PERSIAN_COMMON and n > inside.get(w, 0))


def write_name_words(source: Path, out: Path,
                     common: frozenset[str] = frozenset()) -> int:
    """Write the name-word list from Wikidata's name pairs (:func:`name_counts`, Persian
    spellings other than ``common``): the words of two letters or more seen at least
    :data:`NAME_MIN_COUNT` times; returns how many."""
    counts = name_counts(source, common)
    words = sorted(w for w, n in counts.items() if n >= NAME_MIN_COUNT and len(w) > 1)
    out.write_text("\n".join(words) + "\n", encoding="utf-8")
    name_words.cache_clear()
    return len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--names", type=Path, default=NAMES)
    parser.add_argument("--out", type=Path, default=packaged_model())
    parser.add_argument("--tuning", action="store_true",
                        help="leave out the twitter dev split (to score a recipe on it)")
    parser.add_argument("--news", type=int, default=NEWS_REPEAT,
                        help="times the project's news sentences are repeated (0: left out)")
    parser.add_argument("--synthetic", type=int, default=SYNTHETIC)
    args = parser.parse_args()
    if not (args.data / "train.txt").is_file() or not args.names.is_file():
        sys.exit(f"no persian-twitter-ner data at {args.data} or no names at {args.names}")
    # the train split only, so that --tuning and the shipped model share one list
    common = common_words(read_conll(args.data / "train.txt"))
    print(write_name_words(args.names, packaged_model().with_name(NAME_WORDS), common),
          "name words")
    splits = ("train.txt",) if args.tuning else ("train.txt", "dev.txt")
    sentences = [s for split in splits for s in read_conll(args.data / split)]
    sentences += [*ner_synthetic.sentences(args.synthetic, SEED),
                  *list(ner_news.read(ner_news.files())) * args.news]
    began = time.perf_counter()
    tokens = train(sentences, args.out)
    print(f"{len(sentences)} sentences, {tokens} tokens → {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
