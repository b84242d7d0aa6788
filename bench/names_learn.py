"""Learn the Latin ↔ Arabic-script sound edit costs of `kavosh.text.names` from real pairs.

    .venv/bin/python bench/names_learn.py [--data ../shared/data] [--rounds 3] [--write]
        [--output kavosh/text/name_costs.py] [--quiet]

Same-script comparisons keep the hand costs of `kavosh/text/data/name_edit_costs.toml`;
comparing a Latin spelling with an Arabic-script one uses a table of its own, indexed (Latin
sound, Arabic-script sound), learned here with the hand costs as the prior.

1. Pairs: the Wikidata Latin ↔ Arabic-script name words with the negatives of
   `bench/names_eval.py` (random, hard and swap; same seed). Split in two by a hash of the
   normalised Arabic word (a test word is never seen in learning, under any Latin spelling);
   learn on the even half, report on the odd half.
2. Features: each pair of one-part names is aligned (Viterbi, current costs) and described by
   the edit operations used (a substitution, a deletion on either side; deletions before the
   first aligned pair count `_LEAD` times), each divided by the pair's weight, so that their
   cost-weighted sum is exactly `distance / weight` of `distance._similarity`.
3. Model: logistic regression `p(same) = σ(a · (τ − Σ cost · feature))` with τ the
   distance/weight at `MATCH_THRESHOLD`, fitted by stochastic gradient descent. Positive pairs
   already below the similarity floor are skipped (mislabelled or translated, not spelt).
   Operations used by fewer than `MIN_SEEN` pairs keep their hand cost; the others move in
   `[max(0.02, hand / 2), 2]` with an L2 pull towards the hand cost. Re-align and fit again
   (`--rounds`).
4. Scale every cost so that precision equals recall at `MATCH_THRESHOLD` on the learning
   half, keeping each cost at least `KEEP` × its hand cost (the data refines the hand
   distinctions, it does not erase them) and at most the hand cost for Latin short vowels
   missing from the Arabic-script spelling and the Persian romanisations of `PERSIAN` (which
   Arabic-language labels cannot teach).
5. `--write` stores the costs that differ from the hand table in `kavosh/text/name_costs.py`
   (or `--output`). `--quiet` skips the precision/recall reports, which change nothing written
   (`tests/test_name_costs.py` regenerates the file that way and compares it byte for byte).

Deterministic: fixed seeds, no dependence on hash order; the same data give the same file.

Needs the real-data folder; prints "skipped" without it. About 1 minute a round.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import zlib
from collections import defaultdict
from pathlib import Path

from common import ROOT, machine
from names_eval import Pair, clear_caches, load_wikidata, pr_row, scores

from kavosh.text.names import distance, name_parts, sounds
from kavosh.text.normalize import normalize

Op = tuple[str, str, str]  # ("s", latin, arabic), ("dl", latin, ""), ("da", "", arabic)
OUTPUT = ROOT / "kavosh" / "text" / "name_costs.py"
LOW, HIGH = 0.02, 2.0
KEEP = 0.7
SHORT_VOWELS = frozenset("aeoiuə")
# Persian romanisation: gh for ق (Ghasem), q for غ (Qolam), z for ذ ض ظ, s for ث,
# a final e for ه (Fatemeh / Fateme).
PERSIAN: frozenset[Op] = frozenset({
    ("s", "ġ", "Q"), ("s", "Q", "ġ"), ("s", "Z", "ð"), ("s", "Z", "ḍ"), ("s", "Z", "ẓ"),
    ("s", "S", "θ"), ("s", "e", "ə"), ("s", "A", "ə"),
})  # a learned cost stays at least this share of its hand cost
# The Arabic-script final ه read as a vowel (``ə``) is the sound a Latin final a or e
# (``A``) writes: Fatemeh, Zahra / زهره, Abdollah / عبدالله. Within Latin a final a and a
# silent e differ (the hand cost); across scripts the pair costs the least a cost may.
SAME_SOUND: frozenset[Op] = frozenset({("s", "A", "ə")})
# Across scripts some sounds are written one way only: Persian writes a Latin b with ب, never
# with پ (Bush بوش, not پوش, a word), while Arabic, which has no پ, writes a p with ب (Putin
# بوتين). The hand table is symmetric (B ~ P cheap within a script); across scripts the Latin b
# written پ starts dear, and stays so unless the pairs say otherwise.
ONE_WAY: dict[Op, float] = {("s", "B", "P"): 0.8}
MIN_SEEN = 40  # an operation used by fewer training pairs keeps its hand cost
LAMBDA = 1e-4  # pull towards the hand cost, per use of an operation


def split_of(arabic: str) -> int:
    """0 (learn) or 1 (test) by a stable hash of the normalised Arabic word."""
    return zlib.crc32(normalize(arabic).encode("utf-8")) % 2


def hand_costs() -> dict[Op, float]:
    """The hand-set (symmetric) costs of the names module as Latin → Arabic-script costs."""
    alphabet = sounds._ALPHABET
    costs: dict[Op, float] = {}
    for i, x in enumerate(alphabet):
        costs[("dl", x, "")] = costs[("da", "", x)] = distance._DEL[i]
        for j, y in enumerate(alphabet):
            if i != j:
                costs[("s", x, y)] = distance._SUB[i][j]
    return costs


def install(costs: dict[Op, float]) -> None:
    """Make the names module compare Latin with Arabic script by these costs."""
    distance._CROSS = distance._cross_costs(
        {(x, y): c for (kind, x, y), c in costs.items() if kind == "s"},
        {x: c for (kind, x, _), c in costs.items() if kind == "dl"},
        {y: c for (kind, _, y), c in costs.items() if kind == "da"})
    clear_caches()


def align(x: str, y: str) -> tuple[float, dict[Op, float]]:
    """Distance of two sound strings under the installed costs and the operations used."""
    costs = distance._CROSS
    sub, del_x, del_y, lead = costs.sub, costs.del_a, costs.del_b, distance._LEAD
    ix, iy = sounds._codes(x), sounds._codes(y)
    n, m = len(ix), len(iy)
    inf = float("inf")
    dist = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    dist[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, move = inf, 0
            if i and j:
                best, move = dist[i - 1][j - 1] + sub[ix[i - 1]][iy[j - 1]], 1
            if i:
                factor = lead if j == 0 else 1.0
                cost = dist[i - 1][j] + factor * del_x[ix[i - 1]]
                if cost < best:
                    best, move = cost, 2
            if j:
                factor = lead if i == 0 else 1.0
                cost = dist[i][j - 1] + factor * del_y[iy[j - 1]]
                if cost < best:
                    best, move = cost, 3
            dist[i][j], back[i][j] = best, move
    ops: dict[Op, float] = defaultdict(float)
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move == 1:
            if x[i - 1] != y[j - 1]:
                ops[("s", x[i - 1], y[j - 1])] += 1.0
            i, j = i - 1, j - 1
        elif move == 2:
            ops[("dl", x[i - 1], "")] += lead if j == 0 else 1.0
            i -= 1
        else:
            ops[("da", "", y[j - 1])] += lead if i == 0 else 1.0
            j -= 1
    return dist[n][m], ops


def features(pair: Pair) -> dict[Op, float] | None:
    """Operations per unit of weight of the best-aligned variants of a one-part pair
    (Latin, Arabic script)."""
    pa, pb = name_parts(pair[0]), name_parts(pair[1])
    if len(pa) != 1 or len(pb) != 1 or pa[0].initial or pb[0].initial \
            or pa[0].arabic or not pb[0].arabic:
        return None
    best: tuple[float, dict[Op, float], float] | None = None
    for x in (*pa[0].cross, *pa[0].sounds):  # with the readings Latin has for Arabic script
        for y in pb[0].sounds:
            norm = max(sounds._weight(x), sounds._weight(y), 1.0)
            d, ops = align(x, y)
            if best is None or d / norm < best[0] / best[2]:
                best = (d, ops, norm)
    assert best is not None
    return {op: count / best[2] for op, count in best[1].items()}


def ceiling(op: Op, prior: dict[Op, float]) -> float:
    """The dearest an operation may become: no dearer than by hand for a Latin short vowel
    missing from the Arabic-script spelling (the script does not write short vowels, whatever
    the learning pairs — mostly European names, written with their vowels — say) and for the
    usual romanisations of Persian (:data:`PERSIAN`), which Arabic-language labels lack."""
    if (op[0] == "dl" and op[1] in SHORT_VOWELS) or op in PERSIAN or op in SAME_SOUND:
        return prior[op]
    return HIGH


def fit(samples: list[tuple[dict[Op, float], int]], costs: dict[Op, float],
        prior: dict[Op, float], tau: float, epochs: int, seed: int) -> dict[Op, float]:
    """SGD on the logistic loss; returns the new costs (see the module docstring)."""
    rng = random.Random(seed)
    costs = dict(costs)
    seen: dict[Op, int] = defaultdict(int)
    for feats, _ in samples:
        for o in feats:
            seen[o] += 1
    frozen = {o for o in costs if seen[o] < MIN_SEEN}
    # The data may refine a hand cost but not erase a distinction the hand table makes.
    floor = {o: max(LOW, prior[o] * KEEP) for o in costs}
    slope, lam, rate = 8.0, LAMBDA, 0.05
    order = list(range(len(samples)))
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch)
        for k in order:
            feats, label = samples[k]
            dist = sum(costs[o] * f for o, f in feats.items())
            if label and dist > 2 * tau:
                continue  # far below the floor: a mislabelled or translated pair, not a spelling
            z = slope * (tau - dist)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
            g = p - label  # d loss / d z
            for o, f in feats.items():
                if o in frozen:
                    continue
                grad = g * -slope * f + lam * (costs[o] - prior[o])
                costs[o] = min(ceiling(o, prior), max(floor[o], costs[o] - step * grad))
            slope = max(1.0, slope - step * 0.1 * g * (tau - dist))
    print(f"    slope {slope:.2f}")
    return costs


def evaluate(title: str, pos: list[Pair], neg: list[Pair]) -> None:
    """Print P/R at several thresholds with the installed costs."""
    ps, ns = scores(pos), scores(neg)
    row = []
    for t in (0.65, 0.7, 0.72, 0.75, 0.78, 0.8):
        p, r, _ = pr_row(ps, ns, t)
        row.append(f"{t:.2f}: P {p:.3f} R {r:.3f}")
    print(f"  {title} ({len(pos)} pos, {len(neg)} neg): " + " | ".join(row))


def rescale(pos: list[Pair], neg: list[Pair]) -> float:
    """The factor for all costs that puts the break-even point (precision = recall) of these
    pairs at ``MATCH_THRESHOLD`` (exact for one-part names: similarity is linear in cost)."""
    ps, ns = scores(pos), scores(neg)
    rows = {t / 200: pr_row(ps, ns, t / 200) for t in range(100, 200)}
    even = min(rows, key=lambda t: abs(rows[t][0] - rows[t][1]))
    print(f"  break-even threshold of the learn half: {even:.3f} "
          f"(P {rows[even][0]:.3f} R {rows[even][1]:.3f})")
    return (1.0 - distance.MATCH_THRESHOLD) / (1.0 - even)


def write(costs: dict[Op, float], hand: dict[Op, float], output: Path) -> None:
    """Store the costs that differ from the hand table in ``output`` (:data:`OUTPUT`)."""
    moved = {o: c for o, c in costs.items() if abs(c - hand[o]) >= 0.0005}
    lines = [
        '"""Latin ↔ Arabic-script sound edit costs learned by ``bench/names_learn.py``.',
        "",
        "Generated; do not edit. Learned on half of the Wikidata Latin ↔ Arabic-script name",
        "pairs of ``../shared/data`` (the other half is held out). Costs not listed keep the",
        "hand values of :mod:`kavosh.text.names`; every cost is scaled so that precision",
        "equals recall at ``MATCH_THRESHOLD`` on the learning half.",
        '"""',
        "",
        "# (Latin sound, Arabic-script sound): cost of writing one for the other",
        "CROSS_SUBSTITUTE: dict[tuple[str, str], float] = {",
    ]
    lines += [f"    ({x!r}, {y!r}): {c:.3f}," for (k, x, y), c in sorted(moved.items())
              if k == "s"]
    lines += ["}", "", "# a sound of the Latin spelling missing from the Arabic-script one",
              "CROSS_DELETE_LATIN: dict[str, float] = {"]
    lines += [f"    {x!r}: {c:.3f}," for (k, x, _), c in sorted(moved.items()) if k == "dl"]
    lines += ["}", "", "# a sound of the Arabic-script spelling missing from the Latin one",
              "CROSS_DELETE_ARABIC: dict[str, float] = {"]
    lines += [f"    {y!r}: {c:.3f}," for (k, _, y), c in sorted(moved.items()) if k == "da"]
    lines += ["}", ""]
    output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {output}")


def describe(op: Op) -> str:
    """``x→y`` for a substitution, ``x del`` / ``del y`` for a deletion."""
    kind, x, y = op
    return f"{x}→{y}" if kind == "s" else (f"{x} del" if kind == "dl" else f"del {y}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where --write writes")
    parser.add_argument("--quiet", action="store_true", help="no precision/recall reports")
    args = parser.parse_args(argv)
    folder = args.data / "wikidata-arabic-latin-names"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent (the real-data folder is not part of a clone)")
        return 0
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"machine: {machine()}")
    data = load_wikidata(folder, random.Random(args.seed))
    negatives = [p for v in data.negatives.values() for p in v]
    halves: list[tuple[list[Pair], list[Pair]]] = [([], []), ([], [])]
    for p in data.positives:
        halves[split_of(p[1])][0].append(p)
    for p in negatives:
        halves[split_of(p[1])][1].append(p)
    (train_pos, train_neg), (test_pos, test_neg) = halves
    tau = (1.0 - distance.MATCH_THRESHOLD) / distance._SCALE
    hand = hand_costs()
    prior = hand | {op: LOW for op in SAME_SOUND} | ONE_WAY

    def report(heading: str) -> None:
        """P/R of both halves with the installed costs (nothing with --quiet)."""
        if not args.quiet:
            print(heading)
            evaluate("learn half", train_pos, train_neg)
            evaluate("test half", test_pos, test_neg)

    report("learned costs now in use:")
    costs = dict(prior)
    install(costs)
    report("hand costs:")
    for round_ in range(args.rounds):
        samples = [(f, 1) for f in map(features, train_pos) if f is not None]
        samples += [(f, 0) for f in map(features, train_neg) if f is not None]
        print(f"round {round_ + 1}: {len(samples)} one-part pairs")
        costs = fit(samples, costs, prior, tau, args.epochs, args.seed + round_)
        install(costs)
        report(f"round {round_ + 1}, fitted:")
    total = 1.0
    for _ in range(2):  # scale, keep KEEP of each hand cost, scale again
        scale = rescale(train_pos, train_neg)
        total *= scale
        costs = {o: round(min(max(c * scale, KEEP * prior[o]), ceiling(o, prior)), 3)
                 for o, c in costs.items()}
        install(costs)
    scale = total
    print(f"costs scaled by {scale:.3f} (break-even of the learn half moved to "
          f"{distance.MATCH_THRESHOLD})")
    report("learned costs:")
    moved = sorted(((abs(costs[o] - prior[o] * scale), o) for o in costs), reverse=True)[:30]
    print("largest changes (hand × scale → learned): " + ", ".join(
        f"{describe(o)} {prior[o] * scale:.2f}→{costs[o]:.2f}" for _, o in moved))
    if args.write:
        write(costs, hand, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
