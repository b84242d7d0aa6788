"""Translation: sentence segmentation, translation memory, glossary consistency, throughput.

    KAVOSH_SHARED_DATA=/work/shared/data .venv/bin/python bench/translate.py [--group 10]
        [--runs 3] [--skip-engines]

(a) Segmentation accuracy on ``../shared/data/ntrex-en-fa`` (NTREX-128: 1,997 English news
    sentences, one a line, and their Persian translations, line-aligned). Consecutive lines are
    joined with one space into paragraphs of ``--group`` lines, as a paragraph of a leaked
    document would run, and :func:`kavosh.text.sentences.split_sentences` must find the line
    ends again. Scored as boundary precision, recall and F1 (a boundary is the offset where a
    line ended), for Persian and English; "punctuated" counts only gold boundaries after a line
    that ends with sentence punctuation (a headline without a final full stop, joined to the
    next line by a space, cannot be found by anyone and is reported apart).
(b) Translation memory hit rate: the English of the even lines is stored as the human
    translation of their Persian; then every Persian line is looked up. Hits on the stored half
    (should be 100 %, score 1.0) and on the other half (near matches only: news sentences rarely
    repeat, so a low figure is expected), with the score distribution.
(c) Glossary: how many of the starter glossary's Persian terms occur in NTREX's Persian, and
    for those lines how often the English reference uses the glossary's English (the
    consistency the glossary check would flag).
    Names: people's names the crf entity finder sees in the Persian, and how often the
    English reference spells them as the transliteration ``kavosh glossary names`` proposes.
(d) Throughput of each backend that runs here, in source characters per second (40 lines, in
    one batch where the engine takes batches): ``ctranslate2`` and ``argos`` with a tiny
    random-weight model built on the spot (its output is noise, decoded to the length cap: the
    figure says what the loading and decoding path costs, nothing about quality or about a
    real model's speed), and ``http`` against a local stub server (the cost of the client and
    the round trip, not of a real server); and the time from making the engine (loading the
    model) to the drafts of a cable-sized page of 15 sentences.

The last line is the JSON of the results with the machine and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import machine  # noqa: E402

from kavosh.text.sentences import split_sentences  # noqa: E402

SHARED = Path(os.environ.get("KAVOSH_SHARED_DATA", ROOT.parent / "shared" / "data"))
NTREX = SHARED / "ntrex-en-fa"
FAS = NTREX / "newstest2019-ref.fas.txt"
ENG = NTREX / "newstest2019-src.eng.txt"
_PUNCTUATED = tuple(".!?؟…»\"”'")


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def segmentation(lines: list[str], group: int) -> dict[str, Any]:
    """Boundary precision/recall/F1 of split_sentences on ``lines`` joined ``group`` at a time."""
    found = gold = right = gold_punct = right_punct = 0
    for first in range(0, len(lines), group):
        chunk = [line for line in lines[first:first + group] if line]
        text = " ".join(chunk)
        ends: dict[int, bool] = {}
        offset = 0
        for line in chunk[:-1]:
            offset += len(line)
            ends[offset] = line.endswith(_PUNCTUATED)
            offset += 1
        predicted = {s.end for s in split_sentences(text)[:-1]}
        found += len(predicted)
        gold += len(ends)
        right += len(predicted & set(ends))
        gold_punct += sum(ends.values())
        right_punct += sum(1 for end, punct in ends.items() if punct and end in predicted)
    precision = right / found if found else 0.0
    recall = right / gold if gold else 0.0
    return {
        "boundaries": gold, "found": found, "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if right else 0.0,
        "recall_punctuated": round(right_punct / gold_punct, 4) if gold_punct else 0.0,
    }


def memory_hits(fas: list[str], eng: list[str]) -> dict[str, Any]:
    """Store the even half as human translations, then look every line up."""
    from kavosh.translate.memory import TranslationMemory

    memory = TranslationMemory()
    for i in range(0, len(fas), 2):
        memory.add(fas[i], eng[i])
    result: dict[str, Any] = {}
    for name, indices in (("same_half", range(0, len(fas), 2)),
                          ("other_half", range(1, len(fas), 2))):
        scores = [m.score for i in indices if (m := memory.best(fas[i])) is not None]
        count = len(indices)
        result[name] = {
            "queries": count, "hits": len(scores), "hit_rate": round(len(scores) / count, 4),
            "exact": sum(1 for s in scores if s >= 1.0),
            "median_score": round(statistics.median(scores), 3) if scores else None,
        }
    return result


def glossary_consistency(fas: list[str], eng: list[str]) -> dict[str, Any]:
    from kavosh.translate.glossary import Glossary

    glossary = Glossary.starter()
    lines = used = 0
    terms: set[str] = set()
    for source, english in zip(fas, eng, strict=True):
        for entry in glossary.found_in(source):
            lines += 1
            terms.add(entry.source)
            used += entry.used_in(english)
    return {"glossary_terms": len(glossary.entries), "terms_seen": len(terms),
            "occurrences": lines, "reference_uses_glossary_english": used,
            "share": round(used / lines, 4) if lines else None}


def name_consistency(fas: list[str], eng: list[str], limit: int = 2000) -> dict[str, Any]:
    """People's names the crf finder sees in the Persian lines (score 0.5 or more): how often
    the English reference writes the name as Kavosh's transliteration proposes (each word of
    it, case ignored) — what ``kavosh glossary names`` would put in the glossary."""
    from kavosh.registry import ENTITY_FINDERS
    from kavosh.text.names import transliterate

    finder = ENTITY_FINDERS.get("crf")()
    names = same = 0
    distinct: set[str] = set()
    for source, english in list(zip(fas, eng, strict=True))[:limit]:
        lowered = english.lower()
        for span in finder.find(source, "fas"):
            if span.type != "PER" or span.score < 0.5:
                continue
            name = source[span.start:span.end]
            names += 1
            distinct.add(name)
            same += all(w.lower() in lowered for w in transliterate(name).split())
    return {"names": names, "distinct": len(distinct), "reference_agrees": same,
            "share": round(same / names, 4) if names else None}


def throughput(fas: list[str], eng: list[str], runs: int) -> dict[str, Any]:
    """Characters per second of each backend that runs here (tiny models: cost, not quality),
    and the time from making the engine to the draft of a cable-sized page (15 lines)."""
    from kavosh.translate import tiny
    from kavosh.translate.argos import ArgosTranslator
    from kavosh.translate.base import translate_all
    from kavosh.translate.ct2 import CTranslate2Translator
    from kavosh.translate.http import HttpTranslator

    sample = fas[:40]
    chars = sum(len(line) for line in sample)
    page = split_sentences(" ".join(fas[100:115]))
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder, tiny.stub_server() as endpoint:
        built = tiny.build_models(Path(folder), fas[:400], eng[:400])
        makers: dict[str, Any] = {
            "ctranslate2": lambda: CTranslate2Translator(model=str(built.ct2_folder)),
            "argos": lambda: ArgosTranslator(model=str(built.argos_file)),
            "http": lambda: HttpTranslator(endpoint=endpoint)}
        for name, make in makers.items():
            try:
                started = time.perf_counter()
                translator = make()
                translate_all(translator, [s.text for s in page], "fas", "eng")
                first_page = time.perf_counter() - started
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    translate_all(translator, sample, "fas", "eng")
                    times.append(time.perf_counter() - started)
                best = statistics.median(times)
                results[name] = {"chars_per_second": round(chars / best) if best else None,
                                 "load_and_first_page_seconds": round(first_page, 3),
                                 "page_chars": sum(len(s.text) for s in page)}
            except Exception as error:  # a backend that cannot run here is reported, not fatal
                results[name] = {"error": str(error)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--group", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-engines", action="store_true")
    args = parser.parse_args()
    out: dict[str, Any] = {"machine": machine(), "command": " ".join(sys.argv)}
    if not FAS.exists():
        print(f"skipped: {NTREX} is absent (set KAVOSH_SHARED_DATA)")
        print(json.dumps(out, ensure_ascii=False))
        return
    fas, eng = read_lines(FAS), read_lines(ENG)
    out["segmentation"] = {"fas": segmentation(fas, args.group),
                           "eng": segmentation(eng, args.group), "group": args.group}
    print("segmentation", json.dumps(out["segmentation"]))
    out["memory"] = memory_hits(fas, eng)
    print("memory", json.dumps(out["memory"]))
    out["glossary"] = glossary_consistency(fas, eng)
    print("glossary", json.dumps(out["glossary"]))
    out["names"] = name_consistency(fas, eng)
    print("names", json.dumps(out["names"]))
    if not args.skip_engines:
        out["throughput"] = throughput(fas, eng, args.runs)
        print("throughput", json.dumps(out["throughput"]))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
