"""Translation: sentence segmentation, translation memory, glossary consistency, throughput.

    .venv/bin/python bench/translate.py --data /work/shared/data [--group 10] [--runs 3]
        [--skip-engines] [--documents 100]

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
(e) A page read again, and an edit made searchable, in a case: ``--documents`` documents of
    ten NTREX Persian lines (a paragraph each) are ingested and cut into sentences, and every
    sentence gets a human version (its line's English reference). Then OCR reads each page
    again: one line in five comes back with Arabic letters for Persian ones (the same text
    once normalised) and one in ten with a letter misread (another text); ``kavosh ingest``'s
    derive and index stages cut the pages again. Reported: the time of that run, how many
    sentences kept their human version as their current text, how many changed (their
    versions kept as of an older text), and whether every version is still there. Then the
    time from saving a version on the side-by-side page (the API) to its English being
    searchable, which the save does itself (median of ten saves).

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
FAS_NAME, ENG_NAME = "newstest2019-ref.fas.txt", "newstest2019-src.eng.txt"
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


def _ocr_like(line: str, rng: Any) -> tuple[str, bool]:
    """``line`` as an OCR pass might read it again, and whether its text changed: Arabic
    letters for Persian ones (one line in five; the same once normalised), one letter misread
    (one in ten), else as it was."""
    draw = rng.random()
    if draw < 0.2:
        return line.replace("ی", "ي").replace("ک", "ك"), False
    letters = [i for i, ch in enumerate(line) if ch in "بتنیسش"]
    if draw < 0.3 and letters:
        i = rng.choice(letters)
        return line[:i] + {"ب": "پ", "ت": "ث", "ن": "ت", "ی": "ب", "س": "ش", "ش": "س"}[
            line[i]] + line[i + 1:], True
    return line, False


def recut_and_save(fas: list[str], eng: list[str], documents: int) -> dict[str, Any]:
    """(e): a case's pages read again by OCR, cut again; and an edit on the web made
    searchable by the save itself."""
    import random

    from fastapi.testclient import TestClient

    from kavosh.api import create_app
    from kavosh.case import Case, Settings
    from kavosh.model.layers import Layer, PageText
    from kavosh.pipeline import ingest
    from kavosh.pipeline.translate import translate_documents
    from kavosh.translate.engines import make_translator
    from kavosh.views.search import search

    rng = random.Random(7)
    group = 10
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "case"
        root.mkdir()
        (root / "kavosh.toml").write_text(Settings(executor="inline", ocr_engine="null")
                                          .to_toml(), encoding="utf-8")
        inbox = Path(folder) / "in"
        inbox.mkdir()
        docs = {}
        for n in range(documents):
            lines = [line for line in fas[n * group:(n + 1) * group] if line]
            english = eng[n * group:(n + 1) * group]
            docs[f"n{n:04}.txt"] = (lines, english)
            (inbox / f"n{n:04}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        case = Case.open(root)
        ingest(case, [inbox])
        translate_documents(case, make_translator("null"))
        ids = {Path(d.path).name: d.id for d in case.store.documents() if d.path}
        versions = 0
        for name, (lines, english) in docs.items():
            text = "\n\n".join(lines)
            starts = [text.index(line) for line in lines]
            for s in case.store.translation_sentences(ids[name]):
                k = max(i for i, a in enumerate(starts) if a <= s.start)
                case.store.add_translation(s.id, english[k] or "-", "bench")
                versions += 1
        changed_lines = 0
        for name, (lines, _) in docs.items():
            again = []
            for line in lines:
                read, changed = _ocr_like(line, rng)
                again.append(read)
                changed_lines += changed
            with case.store.transaction():
                case.store.put_ocr_page(ids[name], PageText(1, "\n\n".join(again) + "\n",
                                                            Layer.OCR, "bench", "1"), {})
                case.store.mark_pending("derive", [ids[name]])
        started = time.perf_counter()
        ingest(case, [])
        recut_seconds = time.perf_counter() - started
        after = [s for d in ids.values() for s in case.store.translation_sentences(d)]
        kept = sum(1 for s in after if s.edited)
        older = sum(1 for s in after if not s.edited
                    and any(v.source != s.source for v in s.versions))
        total = sum(len(s.versions) for s in after)
        case.close()
        case = Case.open(root)  # as `kavosh serve` opens it
        saves = []
        with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
            for n, s in enumerate(after[:10]):
                word = f"zqx{n}kavosh"
                started = time.perf_counter()
                client.post(f"/api/translations/{s.id}", json={"text": f"{s.text} {word}",
                                                                "by": "bench"})
                found = any(h.document_id == s.document_id for h in search(case, word).hits)
                saves.append((time.perf_counter() - started, found))
        case.close()
    return {"documents": documents, "sentences": len(after), "human_versions": versions,
            "lines_misread": changed_lines, "recut_and_index_seconds": round(recut_seconds, 2),
            "sentences_keeping_their_human_version": kept,
            "changed_sentences_with_older_versions": older,
            "versions_before": versions, "versions_after": total,
            "save_to_searchable_seconds_median": round(statistics.median(t for t, _ in saves),
                                                        3),
            "saves_found_at_once": sum(1 for _, ok in saves if ok), "saves": len(saves)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--group", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-engines", action="store_true")
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--data", type=Path, default=SHARED,
                        help="the shared data folder (holds ntrex-en-fa)")
    args = parser.parse_args()
    ntrex = args.data / "ntrex-en-fa"
    fas_file, eng_file = ntrex / FAS_NAME, ntrex / ENG_NAME
    out: dict[str, Any] = {"machine": machine(), "command": " ".join(sys.argv)}
    if not fas_file.exists():
        print(f"skipped: {ntrex} is absent (give --data)")
        print(json.dumps(out, ensure_ascii=False))
        return
    fas, eng = read_lines(fas_file), read_lines(eng_file)
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
    if args.documents:
        out["recut_and_save"] = recut_and_save(fas, eng, args.documents)
        print("recut_and_save", json.dumps(out["recut_and_save"]))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
