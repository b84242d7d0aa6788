"""Write ``kavosh/text/data/name_origin.tsv.gz``: how a Latin name's letters tell whether its
Arabic-script spelling uses the letters Arabic has for its own sounds (ع ح ق ص ض ط ظ ذ, and a
lone hamza ء), read by :mod:`kavosh.text.names.origin`.

    python scripts/name_origin.py [--data ../shared/data/wikidata-arabic-latin-names]
                                  [--output FILE]

Read: ``wd_arabic_80.tsv`` (51,979 name words of Wikidata person labels, the Latin spelling
beside the Arabic one; CC0). Each Latin word of letters a–z is labelled by its Arabic spelling:
with one of :data:`~kavosh.text.names.origin.ARABIC_OWN` or not (about 8 % are). A word goes to
the held-out fifth when the first byte of its SHA-1 is below 52 (the same split every run);
the model is fitted on the other four fifths only and is what ships, so the held-out figures
printed are those of the shipped model.

The model: for each letter n-gram of one to four letters of the word between ``^`` and ``$``
seen in :data:`MIN_WORDS` words or more, the log of how much likelier it is to be present in a
word spelt with Arabic's own letters than in one spelt without (presence rates smoothed by
:data:`ALPHA`); a word's log-odds is the prior's plus the sum over its distinct n-grams (naive
Bayes: the n-grams overlap, so the sums run far from 0 and are used only against the threshold
chosen on the held-out fifth, never as probabilities). The same data gives the same file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kavosh.text.names.origin import (  # noqa: E402
    FOREIGN_LOG_ODDS,
    MODEL,
    PRIOR,
    arabic_own,
    grams,
    log_odds_with,
)

OUT = ROOT / "kavosh" / "text" / "data" / MODEL
ALPHA = 0.5
MIN_WORDS = 2  # an n-gram of one word says nothing general
HELD_OUT = 52  # of 256: a fifth
_LATIN = re.compile("^[a-z]+$")


def labelled(path: Path) -> list[tuple[str, bool]]:
    """Each Latin word of the file (lower case, a–z only, once) and whether its Arabic
    spelling holds one of Arabic's own letters."""
    out: dict[str, bool] = {}
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        word = fields[0].lower()
        if _LATIN.match(word) and word not in out:
            out[word] = arabic_own(fields[1])
    return sorted(out.items())


def held_out(word: str) -> bool:
    """Whether ``word`` is in the held-out fifth (by its hash: the same every run)."""
    return hashlib.sha1(word.encode()).digest()[0] < HELD_OUT


def fit(words: list[tuple[str, bool]]) -> dict[str, float]:
    """n-gram → log ratio of its presence rates (see the module docstring); the prior under
    :data:`~kavosh.text.names.origin.PRIOR`."""
    seen: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
    totals: Counter[bool] = Counter()
    for word, own in words:
        totals[own] += 1
        seen[own].update(grams(word))
    model = {PRIOR: math.log(totals[True] / totals[False])}
    for gram in sorted(set(seen[True]) | set(seen[False])):
        if seen[True][gram] + seen[False][gram] < MIN_WORDS:
            continue
        rate = [(seen[own][gram] + ALPHA) / (totals[own] + 2 * ALPHA) for own in (True, False)]
        model[gram] = round(math.log(rate[0] / rate[1]), 3)
    return model


def report(model: dict[str, float], test: list[tuple[str, bool]]) -> None:
    """Print, on the held-out words, how many fall below the threshold and how many of those
    have an Arabic spelling with Arabic's own letters (the spellings the search would lose)."""
    own = sum(1 for _, o in test if o)
    below = [(w, o) for w, o in test if log_odds_with(model, w) < FOREIGN_LOG_ODDS]
    lost = sum(1 for _, o in below if o)
    print(f"held out: {len(test)} words, {own} spelt with Arabic's own letters")
    print(f"below {FOREIGN_LOG_ODDS}: {len(below)} words ({len(below) / len(test):.1%}); "
          f"of them spelt with Arabic's own letters: {lost} ({lost / own:.1%} of those)")


def write(model: dict[str, float], path: Path) -> None:
    """The model as ``n-gram TAB log ratio`` lines, gzipped with no time stamp (the same
    model gives the same bytes)."""
    text = "".join(f"{gram}\t{value}\n" for gram, value in model.items())
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT.parent / "shared" / "data" / "wikidata-arabic-latin-names")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    source = args.data / "wd_arabic_80.tsv"
    if not source.exists():
        print(f"skipped: {source} is absent")
        return 0
    split: dict[bool, list[tuple[str, bool]]] = {True: [], False: []}
    for word in labelled(source):
        split[held_out(word[0])].append(word)
    model = fit(split[False])
    report(model, split[True])
    write(model, args.output)
    print(f"wrote {args.output}: {len(model) - 1} n-grams")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
