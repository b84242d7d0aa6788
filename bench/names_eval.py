"""Precision–recall of `name_similarity` on real Arabic-script ↔ Latin and Latin ↔ Latin name pairs.

    .venv/bin/python bench/names_eval.py [--data ../shared/data] [--seed 13] [--errors 0]

Sets (built from `../shared/data`; skipped with a message when it is absent):

(a) wikidata: the 51,979 Wikidata name-word pairs (Latin word ↔ Arabic-script word; the file
    separates the Arabic letters by spaces, joined here). Positives: the listed pairs.
    Negatives: *random* (each Latin word with the Arabic word of a random other pair, fixed
    seed) and *hard* (each Arabic word with a Latin word of another pair whose `name_key` —
    consonant skeleton — is equal or one letter off, while by `difflib` it is < 60 % alike to
    every Latin word listed for this Arabic word and its own Arabic spellings are < 60 % alike
    to this one: another name, not another spelling).
(b) ofac: the US sanctions list (SDN), individuals. Positives: the primary name with each of its
    `aka` aliases (Latin ↔ Latin spelling variation; many aliases are genuinely other names or
    nicknames, so recall on *all* aliases has a ceiling well below 1). The *variant* subset keeps
    the alias pairs where each part of the name with fewer parts has its own ≥ 50 %-alike part
    in the other by `difflib` (a neutral character measure, not ours), which has at most one
    part more (a middle name). Negatives: random pairs of names of different individuals, and *hard*
    ones: different individuals whose names share a part exactly but whose other parts are
    < 50 % alike by `difflib` (``SOLEIMANI, Qasem`` / ``SOLEIMANI, Sohrab``).
(c) ntrex: capitalised non-initial English words of the NTREX sentences, matched to the best
    Persian word of the translation; reported as the share found at each threshold (no gold
    alignment: an upper bound on recall, noisy — many such words are translated, not
    transliterated).

Precision uses all the negatives of a set (random + hard) against its positives. Throughput:
`name_similarity` calls per second on a fixed list of 20,000 mixed pairs with all caches
cleared first (cold) and a one-query-against-all-pairs search expansion (warm), median of 5.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, machine

from kavosh.text.names import (
    MATCH_THRESHOLD,
    distance,
    name_key,
    name_parts,
    name_similarity,
    sounds,
)
from kavosh.text.normalize import normalize

THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
Pair = tuple[str, str]


@dataclass
class Dataset:
    """Labelled pairs of one source."""

    name: str
    positives: list[Pair] = field(default_factory=list)
    negatives: dict[str, list[Pair]] = field(default_factory=dict)
    subsets: dict[str, list[Pair]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# (a) Wikidata


def load_wikidata(folder: Path, rng: random.Random) -> Dataset:
    """Positive, random-negative and hard-negative pairs from the Wikidata name words."""
    pairs: list[Pair] = []
    for line in (folder / "wd_arabic_80.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0] and cols[1]:
            pairs.append((cols[0], cols[1].replace(" ", "")))
    arabic_of: dict[str, set[str]] = defaultdict(set)
    for latin, arabic in pairs:
        arabic_of[latin].add(normalize(arabic))
    data = Dataset("wikidata", positives=pairs)
    data.negatives["random"] = _random_negatives(pairs, arabic_of, rng)
    data.negatives["hard"] = _hard_negatives(pairs, arabic_of, rng, _neighbours)
    data.negatives["swap"] = _hard_negatives(pairs, arabic_of, rng, _swaps)
    return data


def _random_negatives(pairs: list[Pair], arabic_of: dict[str, set[str]],
                      rng: random.Random) -> list[Pair]:
    """Each Latin word with the Arabic word of a random other pair (never one of its own)."""
    out: list[Pair] = []
    for latin, _ in pairs:
        while True:
            other = pairs[rng.randrange(len(pairs))][1]
            if normalize(other) not in arabic_of[latin]:
                out.append((latin, other))
                break
    return out


def _hard_negatives(pairs: list[Pair], arabic_of: dict[str, set[str]], rng: random.Random,
                    near_keys: Callable[[str], set[str]]) -> list[Pair]:
    """Each Arabic word with a Latin word of another pair whose consonant key is near its own.

    Near: sharing one of ``near_keys`` — for *hard* negatives (:func:`_neighbours`) the keys
    are equal, or equal after deleting one letter from either; for *swap* negatives
    (:func:`_swaps`) they differ in exactly one letter (``jmal`` / ``zmal``). The Latin word must be
    < 60 % alike (`difflib`) to every Latin word listed for this Arabic word, and its own
    Arabic spellings < 60 % alike to this one, so that it is another name, not another
    spelling of the same one.
    """
    latin_of: dict[str, set[str]] = defaultdict(set)
    for latin, arabic in pairs:
        latin_of[normalize(arabic)].add(_plain(latin))
    by_key: dict[str, set[str]] = defaultdict(set)
    for latin in arabic_of:
        for k in near_keys(name_key(latin).replace(" ", "")):
            by_key[k].add(latin)
    out: list[Pair] = []
    for _, arabic in pairs:
        own = latin_of[normalize(arabic)]
        near: set[str] = set()
        for k in near_keys(name_key(arabic).replace(" ", "")):
            near |= by_key.get(k, set())
        candidates = sorted(near)
        rng.shuffle(candidates)
        for c in candidates[:40]:
            if near_keys is _swaps and name_key(c) == name_key(arabic):
                continue  # an equal key is a *hard* negative's
            if _another_name(c, arabic, own, arabic_of[c]):
                out.append((c, arabic))
                break
    return out


def _another_name(latin: str, arabic: str, own_latin: set[str], its_arabic: set[str]) -> bool:
    """Whether ``latin`` is unlike the Latin words listed for ``arabic`` and its own Arabic
    spellings are unlike ``arabic`` (`difflib` < 0.6 both ways)."""
    arabic = normalize(arabic)
    if arabic in its_arabic:
        return False
    plain = _plain(latin)
    return all(difflib.SequenceMatcher(None, plain, o).ratio() < 0.6 for o in own_latin) and all(
        difflib.SequenceMatcher(None, arabic, a).ratio() < 0.6 for a in its_arabic)


def _neighbours(key: str) -> set[str]:
    """``key`` and every string made by deleting one of its letters."""
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


def _swaps(key: str) -> set[str]:
    """``key`` with each one of its letters in turn replaced by a wildcard (``?``)."""
    return {key[:i] + "?" + key[i + 1:] for i in range(len(key))}


def _plain(word: str) -> str:
    """Lower-case letters without accents, for `difflib`."""
    return "".join(c for c in normalize(word) if c.isalpha())


# ---------------------------------------------------------------------------------------------
# (b) OFAC SDN


def load_ofac(folder: Path, rng: random.Random) -> Dataset:
    """Alias pairs of the same individual; names of different individuals as negatives."""
    primary: dict[str, str] = {}
    with (folder / "sdn_2024-05-03.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) > 2 and row[2].strip() == "individual":
                primary[row[0]] = row[1]
    aliases: dict[str, list[str]] = defaultdict(list)
    with (folder / "alt_2026.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) > 3 and row[0] in primary and row[2].strip() == "aka":
                aliases[row[0]].append(row[3])
    data = Dataset("ofac")
    data.positives = [(primary[e], alias) for e, names_ in aliases.items() for alias in names_]
    data.subsets["variant"] = [p for p in data.positives if _spelling_variant(*p)]
    entities = sorted(primary)
    data.negatives["random"] = _ofac_random(primary, entities, len(data.positives), rng)
    data.negatives["hard"] = _ofac_hard(primary, entities, len(data.positives), rng)
    return data


def _name_parts(name: str) -> list[str]:
    """Lower-case letter-only parts of a Latin name."""
    return ["".join(c for c in part if c.isalpha()) for part in
            normalize(name).replace(",", " ").replace("-", " ").split() if part]


def _spelling_variant(a: str, b: str) -> bool:
    """Whether every part (≥ 3 letters) of the name with fewer parts has its own ≥ 50 %-alike
    part (`difflib`) in the other, which has at most one part left over."""
    pa = [p for p in _name_parts(a) if len(p) >= 3]
    pb = [p for p in _name_parts(b) if len(p) >= 3]
    short, long_ = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    if not short or len(long_) - len(short) > 1:
        return False
    free = list(long_)
    for part in short:
        ratios = [difflib.SequenceMatcher(None, part, other).ratio() for other in free]
        if not ratios or max(ratios) < 0.5:
            return False
        free.pop(ratios.index(max(ratios)))
    return True


def _ofac_random(primary: dict[str, str], entities: list[str], count: int,
                 rng: random.Random) -> list[Pair]:
    """Names of two random different individuals."""
    out: list[Pair] = []
    while len(out) < count:
        a, b = rng.sample(entities, 2)
        if normalize(primary[a]) != normalize(primary[b]):
            out.append((primary[a], primary[b]))
    return out


def _ofac_hard(primary: dict[str, str], entities: list[str], count: int,
               rng: random.Random) -> list[Pair]:
    """Different individuals sharing one name part, the other parts unlike (difflib < 0.5)."""
    by_part: dict[str, list[str]] = defaultdict(list)
    for e in entities:
        for part in set(_name_parts(primary[e])):
            if len(part) >= 3:
                by_part[part].append(e)
    out: list[Pair] = []
    for part in sorted(by_part):
        group = by_part[part]
        for _ in range(min(3, len(group) // 2)):
            a, b = rng.sample(group, 2)
            rest_a = [p for p in _name_parts(primary[a]) if p != part]
            rest_b = [p for p in _name_parts(primary[b]) if p != part]
            if rest_a and rest_b and all(
                    difflib.SequenceMatcher(None, x, y).ratio() < 0.5
                    for x in rest_a for y in rest_b):
                out.append((primary[a], primary[b]))
    rng.shuffle(out)
    return out[:count]


# ---------------------------------------------------------------------------------------------
# (c) NTREX


def ntrex_names(folder: Path) -> list[tuple[str, list[str]]]:
    """Capitalised non-initial English words with the Persian words of their translation."""
    english = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    persian = (folder / "newstest2019-ref.fas.txt").read_text(encoding="utf-8").splitlines()
    common = {w.lower() for line in english for w in line.split()[:1]}
    out: list[tuple[str, list[str]]] = []
    for en, fa in zip(english, persian, strict=False):
        words = [w.strip(".,;:!?\"'()“”‘’") for w in en.split()[1:]]
        fa_words = [w for w in normalize(fa).split() if any("\u0600" <= c <= "\u06ff" for c in w)]
        for w in words:
            if len(w) > 2 and w[:1].isupper() and w[1:].islower() and w.isalpha() \
                    and w.lower() not in common:
                out.append((w, fa_words))
    return out


# ---------------------------------------------------------------------------------------------
# Scoring and tables


def scores(pairs: list[Pair]) -> list[float]:
    """`name_similarity` of each pair."""
    return [name_similarity(a, b) for a, b in pairs]


def pr_row(pos: list[float], neg: list[float], t: float) -> tuple[float, float, float]:
    """Precision, recall and F1 at threshold ``t``."""
    tp = sum(s >= t for s in pos)
    fp = sum(s >= t for s in neg)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / len(pos) if pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def table(title: str, pos: list[float], negs: dict[str, list[float]]) -> None:
    """Print a precision–recall table over :data:`THRESHOLDS` and the best threshold."""
    all_neg = [s for v in negs.values() for s in v]
    counts = ", ".join(f"{k} {len(v)}" for k, v in negs.items())
    print(f"\n{title}: {len(pos)} positive pairs; negatives: {counts}")
    head = "| threshold | precision | recall | F1 | " + " | ".join(
        f"FP rate {k}" for k in negs) + " |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for t in THRESHOLDS:
        p, r, f = pr_row(pos, all_neg, t)
        rates = " | ".join(f"{sum(s >= t for s in v) / max(1, len(v)):.3f}" for v in negs.values())
        mark = " ←" if t == MATCH_THRESHOLD else ""
        print(f"| {t:.2f}{mark} | {p:.3f} | {r:.3f} | {f:.3f} | {rates} |")
    fine = [t / 100 for t in range(40, 100)]
    best = max(fine, key=lambda t: pr_row(pos, all_neg, t)[2])
    p, r, f = pr_row(pos, all_neg, best)
    print(f"best threshold (max F1, step 0.01): {best:.2f} — P {p:.3f} R {r:.3f} F1 {f:.3f}")


def show_errors(pairs: list[Pair], values: list[float], count: int, positive: bool) -> None:
    """Print the worst-scored pairs (lowest positives or highest negatives)."""
    order = sorted(zip(values, pairs, strict=True), key=lambda x: x[0], reverse=not positive)
    for value, (a, b) in order[:count]:
        print(f"   {value:.3f}  {a} | {b}   [{name_key(a)} | {name_key(b)}]")


def throughput(pairs: list[Pair], words: list[str]) -> dict[str, float]:
    """Median `name_similarity` calls/s over 5 runs, caches cleared before each run.

    cold: distinct pairs, each name read for the first time; parsed: the same pairs with the
    names already read (an index keeps them); expansion: one two-part query against distinct
    single words (a query expanded over the index vocabulary).
    """
    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(5):
        clear_caches()
        runs["cold"].append(_rate(pairs))
        distance._PAIR_CACHE.clear()
        runs["parsed"].append(_rate(pairs))
        clear_caches()
        for w in words:
            name_parts(w)
        runs["expansion"].append(_rate([("Qasem Soleimani", w) for w in words]))
    return {k: statistics.median(v) for k, v in runs.items()}


def _rate(pairs: list[Pair]) -> float:
    """Calls per second of `name_similarity` over ``pairs``."""
    started = time.perf_counter()
    for a, b in pairs:
        name_similarity(a, b)
    return len(pairs) / (time.perf_counter() - started)


def clear_caches() -> None:
    """Empty every cache of the names module."""
    for fn in (name_parts, sounds._latin_sounds, sounds._arabic_sounds, sounds._sound_info,
               distance._pairs):
        fn.cache_clear()
    distance._PAIR_CACHE.clear()


def run_set(data: Dataset, errors: int) -> list[Pair]:
    """Score and print one data set; return a sample of its pairs for throughput."""
    pos = scores(data.positives)
    negs = {k: scores(v) for k, v in data.negatives.items()}
    table(f"({data.name}) all positives", pos, negs)
    for sub, pairs in data.subsets.items():
        table(f"({data.name}) {sub} positives", scores(pairs), negs)
    if errors:
        print(f"  lowest-scored positives of {data.name}:")
        show_errors(data.positives, pos, errors, positive=True)
        for k, v in data.negatives.items():
            print(f"  highest-scored {k} negatives of {data.name}:")
            show_errors(v, negs[k], errors, positive=False)
    return data.positives[:5000] + [p for v in data.negatives.values() for p in v[:2500]]


def run_ntrex(folder: Path, errors: int) -> None:
    """Share of capitalised English words with a Persian word of the translation ≥ t."""
    items = ntrex_names(folder)
    best = []
    for word, fa_words in items:
        best.append(max((name_similarity(word, w) for w in fa_words), default=0.0))
    print(f"\n(ntrex) {len(items)} capitalised non-initial English words; share whose best "
          "Persian word in the translation scores ≥ t (no gold: an upper bound on recall, "
          "noisy — many are translated, not transliterated):")
    print("| threshold | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    print("| share | " + " | ".join(
        f"{sum(b >= t for b in best) / max(1, len(best)):.3f}" for t in THRESHOLDS) + " |")
    if errors:
        for (word, fa_words), b in list(zip(items, best, strict=True))[:errors]:
            match = max(fa_words, key=lambda w, word=word: name_similarity(word, w), default="")
            print(f"   {b:.3f}  {word} → {match}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--errors", type=int, default=0, help="print the N worst pairs per set")
    parser.add_argument("--only", choices=("wikidata", "ofac", "ntrex"), default=None)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skipped: {args.data} is absent (the real-data folder is not part of a clone)")
        return 0
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"machine: {machine()}")
    print(f"default threshold (MATCH_THRESHOLD): {MATCH_THRESHOLD}")
    loaders: dict[str, Callable[[Path, random.Random], Dataset]] = {
        "wikidata": load_wikidata, "ofac": load_ofac}
    folders = {"wikidata": "wikidata-arabic-latin-names", "ofac": "ofac-sdn"}
    sample: list[Pair] = []
    for key, loader in loaders.items():
        if args.only not in (None, key):
            continue
        folder = args.data / folders[key]
        if not folder.is_dir():
            print(f"\n({key}) skipped: {folder} is absent")
            continue
        sample += run_set(loader(folder, random.Random(args.seed)), args.errors)
    ntrex = args.data / "ntrex-en-fa"
    if args.only in (None, "ntrex") and ntrex.is_dir():
        run_ntrex(ntrex, args.errors)
    if sample:
        rng = random.Random(args.seed)
        rng.shuffle(sample)
        pairs = sample[:20000]
        words = sorted({w for pair in pairs for name in pair for w in name.split()})[:20000]
        rates = throughput(pairs, words)
        print(f"\nthroughput, name_similarity calls/s (median of 5, caches cleared): "
              f"{rates['cold']:,.0f} on {len(pairs)} distinct mixed pairs (word pairs and "
              f"multi-part names, names read for the first time); {rates['parsed']:,.0f} on "
              f"the same pairs with the names already read; {rates['expansion']:,.0f} for a "
              f"two-part query against {len(words)} distinct words (search expansion)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
