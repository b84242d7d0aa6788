"""Dates: conversion against the official table, precision/recall on real sentences, throughput.

    .venv/bin/python bench/dates_eval.py [--runs 5] [--show-errors]

(a) Conversion: every year of the official Solar Hijri leap table of the Iranian calendar
    authority (``../shared/data/jalali-calendar/kabise_1206-1498.txt``, 293 years): Nowruz
    date and leap flag from :mod:`kavosh.text.calendars` must both agree.
(b) Finding: :func:`kavosh.text.find_dates` against ``bench/data/dates_gold.jsonl``, sentences
    taken from the Fars News articles in ``../shared/data/farsnews`` and annotated by hand.
    They were chosen by simple patterns independent of the finder (a Jalali, Gregorian or
    Hijri month name next to a number, ``سال`` + number, numbers with slashes or calendar
    markers) plus sentences with numbers that are not dates (amounts, scores, phone and SMS
    numbers, percentages). Long sentences are cut to an excerpt around their numbers.
    Annotation rule: a gold date is a date expression that carries its year (a day or
    month with no year of its own — ``۲۲ بهمن``, ``۱۵ دی‌ماه سال جاری`` — is not gold and is
    out of scope for the finder), plus days that share the year of a date they are listed or
    ranged with (``۳ و ۴ مارس ۲۰۱۸``, ``از 24 اسفندماه تا 15 فروردین ماه 97``). A found date
    is correct when its span overlaps the gold span and calendar, precision and Gregorian
    date are the same. Two splits: ``dev`` (114 sentences, annotated first; while reading
    them the finder gained three rules — days listed or ranged before a full date, a space
    beside a slash, digits stuck to the word before — so its figures are optimistic) and
    ``heldout`` (38 sentences drawn with another seed and annotated after the finder was
    frozen, never used to change it). Figures are printed for each split and for all.
(c) Throughput of ``find_dates`` and of ``kavosh.text.normalize`` on the Fars News bodies
    (title, abstract and paragraphs of all 900 articles, 3.4 MB of UTF-8), median of the runs,
    MB = 10^6 bytes of UTF-8 input.

(a) and (c) need ``../shared/data`` and are skipped with a message when it is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dates_gold import load_gold  # noqa: E402

from kavosh.text import normalize  # noqa: E402
from kavosh.text.calendars import jalali_is_leap, nowruz  # noqa: E402
from kavosh.text.dates import FoundDate, find_dates  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def conversion() -> dict[str, Any] | None:
    table = SHARED / "jalali-calendar" / "kabise_1206-1498.txt"
    if not table.exists():
        print(f"(a) conversion: skipped — {table} is absent")
        return None
    total, exact, wrong = 0, 0, []
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        year_text, day = line.split()
        year, leap = int(year_text.rstrip("*")), year_text.endswith("*")
        total += 1
        if nowruz(year) == date.fromisoformat(day) and jalali_is_leap(year) == leap:
            exact += 1
        else:
            wrong.append(year)
    print(f"(a) conversion: {exact}/{total} years exact (Nowruz date and leap flag)"
          + (f"; wrong: {wrong}" if wrong else ""))
    return {"exact": exact, "years": total}


def _matches(found: FoundDate, gold: dict[str, Any]) -> bool:
    overlap = found.start < gold["end"] and gold["start"] < found.end
    value = found.gregorian.isoformat() if found.gregorian else None
    return (overlap and found.calendar == gold["calendar"]
            and found.precision == gold["precision"] and value == gold["gregorian"])


def _kind(calendar: str, precision: str) -> str:
    return f"{calendar}/{precision}"


def finding(show_errors: bool) -> dict[str, Any]:
    rows = load_gold(SHARED)
    if rows is None:
        print(f"(b) finding: skipped, real data not available ({SHARED} is absent)")
        return {}
    results = {}
    for split in ("dev", "heldout", "all"):
        chosen = [r for r in rows if split in ("all", r["split"])]
        results[split] = _score(split, chosen, show_errors and split != "all")
    return results


def _score(split: str, rows: list[dict[str, Any]], show_errors: bool) -> dict[str, Any]:
    tp = fp = fn = 0
    errors: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    found_by_kind: Counter[str] = Counter()
    lines = []
    for row in rows:
        predicted = find_dates(row["sentence"])
        unmatched = list(row["dates"])
        for item in predicted:
            hit = next((g for g in unmatched if _matches(item, g)), None)
            if hit is not None:
                unmatched.remove(hit)
                tp += 1
                found_by_kind[_kind(hit["calendar"], hit["precision"])] += 1
                continue
            fp += 1
            errors[f"false positive, form {item.form}"] += 1
            lines.append(f"  FP #{row['id']}: {item.text!r} → {item.calendar} {item.gregorian} "
                         f"{item.precision}")
        for gold in unmatched:
            fn += 1
            errors[f"missed {_kind(gold['calendar'], gold['precision'])}"] += 1
            lines.append(f"  FN #{row['id']}: {gold['text']!r} ({gold['calendar']} "
                         f"{gold['gregorian']} {gold['precision']})")
        for gold in row["dates"]:
            by_kind[_kind(gold["calendar"], gold["precision"])] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"(b) finding [{split}]: {len(rows)} hand-annotated sentences, {tp + fn} gold dates, "
          f"{tp + fp} found: precision {precision:.3f}, recall {recall:.3f} "
          f"(TP {tp}, FP {fp}, FN {fn})")
    print("    recall by kind: " + ", ".join(
        f"{kind} {found_by_kind[kind]}/{count}" for kind, count in sorted(by_kind.items())))
    print("    errors: " + (", ".join(f"{k}: {v}" for k, v in errors.items()) or "none"))
    if lines and (show_errors or len(lines) <= 12) and split != "all":
        print("\n".join(lines))
    return {"sentences": len(rows), "gold": tp + fn, "found": tp + fp,
            "precision": round(precision, 3), "recall": round(recall, 3),
            "errors": dict(errors)}


def _bodies() -> list[str] | None:
    folder = SHARED / "farsnews"
    if not folder.exists():
        return None
    texts = []
    for path in sorted(folder.glob("*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            texts.append("\n".join([article["title"], article["abstract"],
                                    *article["paragraphs"]]))
    return texts


def _rate(function: Any, texts: list[str], megabytes: float, runs: int) -> float:
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            function(text)
        rates.append(megabytes / (time.perf_counter() - started))
    return statistics.median(rates)


def throughput(runs: int) -> dict[str, Any] | None:
    texts = _bodies()
    if texts is None:
        print(f"(c) throughput: skipped — {SHARED / 'farsnews'} is absent")
        return None
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    dates = _rate(find_dates, texts, megabytes, runs)
    norm = _rate(normalize, texts, megabytes, runs)
    found = sum(len(find_dates(t)) for t in texts)
    print(f"(c) throughput on {len(texts)} Fars News bodies ({megabytes:.2f} MB UTF-8, "
          f"median of {runs} runs): find_dates {dates:.1f} MB/s ({found} dates found), "
          f"normalize {norm:.1f} MB/s")
    return {"documents": len(texts), "megabytes": round(megabytes, 2), "runs": runs,
            "find_dates_mb_s": round(dates, 1), "normalize_mb_s": round(norm, 1),
            "dates_found": found}


def main() -> None:
    global SHARED
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--data", type=Path, default=SHARED, help="the real-data folder")
    args = parser.parse_args()
    SHARED = args.data
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    results = {
        "conversion": conversion(),
        "finding": finding(args.show_errors),
        "throughput": throughput(args.runs),
    }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
