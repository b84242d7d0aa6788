"""F1 per type (exact span and type) of PER, ORG and LOC found by ``find_entities``, and speed.

Sets:
- persian-twitter-ner test split (../shared/data; never trained on): each sentence's tokens
  joined by single spaces, its NAT/POG/EVE spans left out of the gold (Kavosh has no such
  types), skipped with a message when absent;
- bench/data/ner_cables_gold.jsonl: 42 sentences of the fictional sample archive's Persian
  cables, annotated by hand (every occurrence of each listed string is one gold mention;
  titles such as سرهنگ, مهندس, شیخ are outside a person's span, سید inside it);
- bench/data/ner_fars_gold.jsonl: 860 Fars News sentences drawn at random and annotated by
  hand, 60 ``test`` (seed 13; held out: never trained or tuned on), 100 ``dev`` (40 of
  seed 13 and 60 more of seed 1413; looked at while choosing features, templates and
  gazetteer entries: ``--dev-errors`` lists them), 200 ``test2`` (seed 2613, drawn from
  the sentences not among the 160, annotated blind; held out like ``test``), 300
  ``dev2`` (seed 7919, drawn from the sentences not among the 360; a second tuning set,
  whose errors may be read: ``--dev-errors`` lists them after dev's) and 200 ``test3``
  (seed 31337, drawn from the sentences not among the 660, annotated blind; held out like
  ``test``: scored only by the full run, never by ``--tuning`` or ``--dev-errors``);
  bench/data/ner_fars_test2_second.jsonl is a second annotator's blind reading of the same
  200 ``test2`` sentences (``--agreement``). Fars News text is "test data only" and may not
  be copied into the repository, so the files keep only where each sentence is (file,
  article, paragraph, sentence), a hash of it, and its mentions as token ranges; the text is
  read from ../shared/data/farsnews at run time, and the set is skipped when that is absent.
Speed: the ``crf`` finder alone and ``find_entities`` (patterns + crf) on Fars News bodies
(or the cables when Fars News is absent), in MB of UTF-8 per second of CPU time (one core;
the machine is shared, so wall time would measure the neighbours).

Run: ``python bench/ner_eval.py [--data ../shared/data] [--model FILE] [--tuning]
[--dev-errors]``. ``--model`` scores another model file (a candidate) with the same patterns;
``--tuning`` prints only the sets one may choose by (the Fars News dev and dev2 splits, each
and both together, and the twitter dev split, which the candidate must then not have been
trained on), so the held-out sets stay unread while a recipe is chosen; ``--dev-errors`` lists
only the dev and dev2 sentences the finders get wrong, and scores nothing else.
``--agreement`` prints the agreement of the two annotators of Fars News ``test2`` (precision
and recall of the second with the first as gold, exact span and type) and the model scored
against each of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from common import ROOT, machine
from train_ner import read_conll

from kavosh.entities import EntityFinder, default_finders, find_entities
from kavosh.entities.crf import TOKEN, TYPES, CrfFinder, spans

DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "bench" / "data" / "ner_cables_gold.jsonl"
FARS_GOLD = ROOT / "bench" / "data" / "ner_fars_gold.jsonl"
FARS_SECOND = ROOT / "bench" / "data" / "ner_fars_test2_second.jsonl"  # split "test2-second"
Span = tuple[int, int, str]
Key = tuple[str, int, int, int]  # Fars News file, article, paragraph, sentence
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def fars_sentences(data: Path) -> dict[Key, list[str]]:
    """The tokens of each Fars News sentence of 8 to 45 tokens (paragraphs split after . ! ؟ ?,
    tokens as the ``crf`` finder makes them), by where it is."""
    found: dict[Key, list[str]] = {}
    for path in sorted((data / "farsnews").glob("*.json")):
        for a, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for p, paragraph in enumerate(article["paragraphs"]):
                for s, sentence in enumerate(_SENTENCE_END.split(paragraph)):
                    tokens = TOKEN.findall(sentence)
                    if 8 <= len(tokens) <= 45:
                        found[(path.name, a, p, s)] = tokens
    return found


def sentence_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def fars_set(data: Path, split: str, gold_file: Path = FARS_GOLD) -> list[tuple[str, set[Span]]]:
    """(sentence, gold spans) of the hand-annotated Fars News sentences of ``split`` (``test``,
    ``test2``, ``test3``, ``dev`` or ``dev2``; ``test2-second`` in :data:`FARS_SECOND`),
    tokens joined by single spaces; a sentence whose text no longer hashes to what was
    annotated is an error (the shared data changed)."""
    sentences = fars_sentences(data)
    items = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["split"] != split:
            continue
        words = sentences[(entry["file"], entry["article"], entry["paragraph"],
                           entry["sentence"])]
        text = " ".join(words)
        if sentence_hash(text) != entry["sha1"]:
            raise ValueError(f"Fars News sentence {entry} is not the one annotated")
        starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
        gold = {(starts[a], starts[b - 1] + len(words[b - 1]), kind)
                for a, b, kind in entry["spans"]}
        items.append((text, gold))
    return items


def twitter_set(data: Path, split: str = "test") -> list[tuple[str, set[Span]]]:
    """(sentence, gold spans) of a twitter split, tokens joined by single spaces."""
    items = []
    for words, labels in read_conll(data / "persian-twitter-ner" / f"{split}.txt"):
        starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
        gold = {(starts[a], starts[b - 1] + len(words[b - 1]), kind)
                for a, b, kind in spans(labels)}
        items.append((" ".join(words), gold))
    return items


def cable_set() -> list[tuple[str, set[Span]]]:
    """(sentence, gold spans) of the hand-annotated cable sentences."""
    items = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        text, gold = entry["text"], set()
        for kind in TYPES:
            for name in entry.get(kind, []):
                at = text.find(name)
                while at >= 0:
                    gold.add((at, at + len(name), kind))
                    at = text.find(name, at + len(name))
        items.append((text, gold))
    return items


def score(items: list[tuple[str, set[Span]]], finders: tuple[EntityFinder, ...] | None = None,
          ) -> dict[str, tuple[float, float, float, int]]:
    """Precision, recall, F1 and gold count per type over ``items`` (``finders``: those of
    :func:`find_entities`, default its own)."""
    return compare(found_pairs(items, finders))


def found_pairs(items: list[tuple[str, set[Span]]], finders: tuple[EntityFinder, ...] | None = None,
                ) -> list[tuple[set[Span], set[Span]]]:
    """(found, gold) spans of each of ``items``, for :func:`compare`."""
    return [({(m.start, m.end, m.type) for m in find_entities(text, "fas", finders)
              if m.type in TYPES}, expected) for text, expected in items]


def compare(pairs: list[tuple[set[Span], set[Span]]]) -> dict[str, tuple[float, float, float, int]]:
    """Precision, recall, F1 (exact span and type) and gold count per type of (found, gold)
    pairs, one a sentence."""
    hits, found, gold = Counter[str](), Counter[str](), Counter[str]()
    for got, expected in pairs:
        for span in got:
            found[span[2]] += 1
            hits[span[2]] += span in expected
        for span in expected:
            gold[span[2]] += 1
    result = {}
    for kind in (*TYPES, "all"):
        h = sum(hits.values()) if kind == "all" else hits[kind]
        f = sum(found.values()) if kind == "all" else found[kind]
        g = sum(gold.values()) if kind == "all" else gold[kind]
        p, r = h / f if f else 0.0, h / g if g else 0.0
        result[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, g)
    return result


def speed_texts(data: Path) -> list[str]:
    """Fars News articles (their paragraphs), else the sample archive's cables."""
    folder = data / "farsnews"
    if folder.is_dir():
        texts: list[str] = []
        for path in sorted(folder.glob("*.json")):
            texts += ["\n".join(article["paragraphs"])
                      for article in json.loads(path.read_text(encoding="utf-8"))]
        return texts
    manifest = json.loads((ROOT / "sample" / "manifest.json").read_text(encoding="utf-8"))
    return [c["text"] for c in manifest["cables"]] * 20


def speed(texts: list[str]) -> dict[str, float]:
    size = sum(len(t.encode()) for t in texts) / 1e6
    finder = CrfFinder()
    began = time.process_time()
    mentions = sum(len(finder.find(t, "fas")) for t in texts)
    crf = time.process_time() - began
    began = time.process_time()
    for text in texts:
        find_entities(text, "fas")
    both = time.process_time() - began
    return {"MB": round(size, 2), "crf MB/s": round(size / crf, 2),
            "crf mentions/s": round(mentions / crf), "find_entities MB/s": round(size / both, 2)}


def show(name: str, result: dict[str, tuple[float, float, float, int]]) -> None:
    print(name)
    for kind, (p, r, f1, g) in result.items():
        print(f"  {kind:4} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (gold {g})")


def show_errors(items: list[tuple[str, set[Span]]],
                finders: tuple[EntityFinder, ...] | None = None) -> None:
    """Print each sentence whose mentions differ from the gold, with what was missed (MISS) and
    what was found that is not gold (XTRA). For the dev splits only: the held-out sets stay
    unread."""
    for (got, gold), (text, _) in zip(found_pairs(items, finders), items, strict=True):
        if got != gold:
            print("\n" + text)
            for tag, wrong in (("MISS", gold - got), ("XTRA", got - gold)):
                for a, b, kind in sorted(wrong):
                    print(f"  {tag} {kind} {text[a:b]}")


def tune(data: Path, finders: tuple[EntityFinder, ...] | None) -> None:
    """The dev splits only (see the module docstring)."""
    if (data / "persian-twitter-ner").is_dir():
        show("persian-twitter-ner dev", score(twitter_set(data, "dev"), finders))
    if (data / "farsnews").is_dir():
        # each sentence's mentions found once, for its split and for both together
        dev, dev2 = (found_pairs(fars_set(data, split), finders) for split in ("dev", "dev2"))
        for split, pairs in (("dev", dev), ("dev2", dev2), ("dev+dev2", dev + dev2)):
            show(f"Fars News {split}, {len(pairs)} sentences by hand", compare(pairs))


def agreement(data: Path, finders: tuple[EntityFinder, ...] | None) -> None:
    """Inter-annotator agreement on Fars News test2, and the model against each annotator."""
    first, second = fars_set(data, "test2"), fars_set(data, "test2-second", FARS_SECOND)
    if [text for text, _ in first] != [text for text, _ in second]:
        raise ValueError("the two annotations of test2 are not of the same sentences")
    same = sum(a == b for (_, a), (_, b) in zip(first, second, strict=True))
    show(f"Fars News test2, second annotator against the first (gold); {same} of {len(first)}"
         " sentences annotated alike", compare([(b, a) for (_, a), (_, b) in
                                                 zip(first, second, strict=True)]))
    found = [got for got, _ in found_pairs(first, finders)]  # the same sentences: found once
    show("model against the first annotator (test2)",
         compare([(got, gold) for got, (_, gold) in zip(found, first, strict=True)]))
    show("model against the second annotator (test2-second)",
         compare([(got, gold) for got, (_, gold) in zip(found, second, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-speed", action="store_true", help="F1 only")
    parser.add_argument("--dev-errors", action="store_true",
                        help="only list the mentions missed and made up on the Fars News dev "
                             "and dev2 splits (held-out sets unread)")
    parser.add_argument("--model", type=Path, help="a candidate model file (default: shipped)")
    parser.add_argument("--tuning", action="store_true",
                        help="only the dev splits (Fars News dev and dev2, twitter dev): "
                             "held-out unread")
    parser.add_argument("--agreement", action="store_true",
                        help="the two annotators of Fars News test2 against each other, and the "
                             "model against each")
    args = parser.parse_args()
    print(machine())
    finders = None
    if args.model:
        finders = (next(f for f in default_finders() if f.name == "patterns"),
                   CrfFinder(args.model))
    if args.dev_errors:
        for split in ("dev", "dev2"):
            print(f"\n=== Fars News {split} ===")
            show_errors(fars_set(args.data, split), finders)
        return
    if args.tuning:
        tune(args.data, finders)
        return
    if args.agreement:
        agreement(args.data, finders)
        return
    if (args.data / "persian-twitter-ner").is_dir():
        show("persian-twitter-ner test", score(twitter_set(args.data), finders))
    else:
        print(f"skipped persian-twitter-ner: {args.data} has none")
    show(f"sample cables, {len(cable_set())} sentences by hand", score(cable_set(), finders))
    if (args.data / "farsnews").is_dir():
        # test3 (held out) only here: --tuning and --dev-errors never read it
        for split in ("test", "test2", "test3", "dev", "dev2"):
            items = fars_set(args.data, split)
            show(f"Fars News {split}, {len(items)} sentences by hand", score(items, finders))
    else:
        print(f"skipped Fars News: {args.data} has none")
    if not args.no_speed:
        print("speed (one process):", speed(speed_texts(args.data)))


if __name__ == "__main__":
    main()
