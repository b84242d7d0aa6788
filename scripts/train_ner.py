"""Train the shipped PER/ORG/LOC model (kavosh/entities/data/ner-crf.crfsuite) from scratch.

Data: persian-twitter-ner (MIT), its train and dev splits (its test split is kept for
bench/ner_eval.py and never read here), and formal-news sentences made from the project's own
templates (scripts/ner_synthetic.py, seeded) because the tweets are informal and the archives
are not. The gazetteer feature's lists (kavosh/entities/data/gazetteer.tsv) are written by
hand for the project and shipped as they are. The name-word feature's list
(kavosh/entities/data/name-words.txt) is made first from wikidata-arabic-latin-names (CC0):
the Arabic-script spellings of Wikidata person-name words seen at least twice, normalised.
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

SHARED = ROOT.parent / "shared" / "data"
DATA = SHARED / "persian-twitter-ner"
NAMES = SHARED / "wikidata-arabic-latin-names" / "wd_arabic_80.tsv"
NAME_MIN_COUNT = 2  # a spelling seen once is too often a common word
SYNTHETIC = 6000  # template sentences added to the tweets (chosen on the twitter dev split)
SEED = 13
NEWS_REPEAT = 3  # the project's own news sentences (scripts/ner_news), each taken this often
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True,
          "feature.minfreq": 1}


def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL file (token TAB label, blank line between sentences), labels
    mapped to Kavosh's types (:func:`kavosh_label`)."""
    for words, labels in conll_sentences(path):
        yield words, list(kavosh_labels(labels))


def conll_sentences(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL file (token TAB label, blank line between sentences), labels as
    written (the tweets' NAT, POG and EVE too)."""
    words: list[str] = []
    labels: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip():
            words.append(parts[0].strip())
            labels.append(parts[1].strip())
        elif words:
            yield words, labels
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


def write_name_words(source: Path, out: Path) -> int:
    """Write the name-word list from Wikidata's name pairs (Latin, spaced Arabic-script
    letters, count); returns how many words."""
    counts: dict[str, int] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        _latin, letters, count = line.split("\t")
        word = normalize(letters.replace(" ", ""))
        counts[word] = counts.get(word, 0) + int(count)
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
    print(write_name_words(args.names, packaged_model().with_name(NAME_WORDS)), "name words")
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
