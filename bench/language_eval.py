"""Accuracy of ``kavosh.text.detect_language`` per paragraph on real text.

Sets (from ../shared/data, skipped with a message when absent):
- Fars News paragraphs (Persian, with mixed Arabic and Persian letters) — expected ``fas``;
- NTREX-128 newstest2019 sentences: Persian references (``fas``), English sources (``eng``).
Short items are counted too, in their own bucket (under 30 characters), because the UI decides
a paragraph's direction from them.

Run: ``python bench/language_eval.py``
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, machine

from kavosh.text import detect_language

DATA = ROOT.parent / "shared" / "data"


def farsnews_paragraphs() -> list[str]:
    out: list[str] = []
    for path in sorted((DATA / "farsnews").glob("fars-news-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            out.extend(p.strip() for p in item.get("paragraphs", []) if p and p.strip())
    return out


def lines(name: str) -> list[str]:
    text = (DATA / "ntrex-en-fa" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def evaluate(label: str, items: list[str], expected: str) -> None:
    for bucket, chosen in (("all", items), ("<30 chars", [i for i in items if len(i) < 30])):
        if not chosen:
            continue
        got = Counter(detect_language(item) for item in chosen)
        accuracy = got[expected] / len(chosen)
        wrong = ", ".join(f"{code}:{n}" for code, n in got.most_common() if code != expected)
        print(f"{label:<28} {bucket:<10} n={len(chosen):>6}  accuracy={accuracy:.4f}  "
              f"other: {wrong or '-'}")


def main() -> int:
    if not DATA.exists():
        print(f"skipped: real data not available ({DATA} is absent)")
        return 0
    print(f"machine: {machine()}")
    print("command: python bench/language_eval.py\n")
    fars = farsnews_paragraphs()
    evaluate("farsnews paragraphs (fas)", fars, "fas")
    evaluate("ntrex persian (fas)", lines("newstest2019-ref.fas.txt"), "fas")
    evaluate("ntrex english (eng)", lines("newstest2019-src.eng.txt"), "eng")
    text = "\n".join(fars)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for paragraph in fars:
            detect_language(paragraph)
        runs.append(time.perf_counter() - start)
    mb = len(text.encode("utf-8")) / 1e6
    print(f"\nthroughput: {mb / statistics.median(runs):.1f} MB/s (median of 5 runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
