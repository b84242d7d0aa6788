"""Verification checks (issue 16): precision and recall on planted defects, findings on real
cables, time on a large case.

    PYTHONPATH=. .venv/bin/python bench/verify_eval.py [--scale 10000]
        [--parts planted,cablegate,scale]

(a) **Planted defects.** The sample archive (``sample/archive``) is copied twice to a
    temporary folder: once untouched (the baseline), once with defects planted. Both are
    ingested (``--no-ocr``: the scans stay without text) and verified. A finding of the
    planted case that the baseline has too (same path, check, kind and severity; a planted
    copy inherits its original's) is not counted; every other one either matches a planted
    defect (a true positive) or is a false positive. Planted (see :func:`plant`):

    - a dense series of Baghdad cables ``312/6001``–``312/6012`` written as ``.txt`` (bodies:
      random sentences from the project's benchmark word list), with ``6006`` and ``6009``
      removed: 2 holes, 4 findings expected (each hole on both neighbours);
    - calendar: 2 wrong weekdays (``سه شنبه`` with a space, ``سه‌شنبه`` with a ZWNJ), 1
      impossible date (۳۱ مهر), 2 dates years after their cable's date;
    - cable-links: 1 cable citing a later one; gaps: 1 cable citing a number no cable has;
    - fingerprint: 1 series cable typed with Arabic ي/ك, and the 2 retyped copies below;
    - duplicates: 2 real sample cables retyped with Arabic ي/ك as ``.txt`` (each pair gives
      a finding on both documents: 4);
    - metadata: 2 sample PDFs whose ``/CreationDate`` is rewritten to 2021 (byte-for-byte the
      same length: the PDF stays valid), years after their header dates;
    - times: 1 series cable with a time Tehran's clocks skipped (00:20 on 2 Farvardin
      1393), 1 with a winter Tehran time given at +04:30 beside its Greenwich time, 1 time in
      words lived twice (``ساعت ۲۳ و ۴۰ دقیقه`` on 30 Shahrivar 1392) and 1 military time
      skipped (``ساعت ۰۰۳۵`` on 2 Farvardin 1391);
    - titles: 1 series cable naming the head of the Baghdad station ambassador in Baghdad,
      two years before the people table (:func:`people_csv`, loaded into both cases) gives
      him that post.

    Reported per check: planted, found, false positives, precision, recall; and the baseline's
    own findings by check (the sample is synthetic: every PDF says fpdf2 made it in 2015, two
    years before fpdf2 existed — a real finding about the sample).
(b) **Cablegate.** Each cable of ``../shared/data/cablegate/cables.jsonl`` (routing header,
    newline, body) is written as a ``.txt`` file, ingested and verified: findings by check and
    kind, with examples. ``88BAGHDAD28`` (a 1988 date-time group on a 2009 body) must be found.
    Skipped with a message when the data is absent (``$KAVOSH_SHARED_DATA`` may name it).
(c) **Scale.** ``--scale N`` ``.txt`` cables (default 10,000), each a real sample header
    (station, date, sender, subject) under a new serial (each station numbering its own, one
    after the other), and a body of 8 paragraphs of 12–80 words drawn at random from the Fars
    News articles of the shared data (real text, each paragraph reused about 11 times across
    the case; the benchmark word list when the data is absent). Ingested
    with ``--no-ocr``; the time of the first ``kavosh verify`` (all checks) and of a second one
    (nothing new: resumability) are reported.

Prints the machine; JSON results go to ``bench/out/verify_eval.json``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from common import OUT, machine, persian_paragraph  # noqa: E402

SAMPLE = ROOT / "sample" / "archive"
MANIFEST = ROOT / "sample" / "manifest.json"
SHARED = Path(os.environ.get("KAVOSH_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not SHARED.exists() and Path("/work/shared/data").exists():
    SHARED = Path("/work/shared/data")
ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AMBASSADOR = "سید مرتضی کاظمی‌نیا"  # the sample's (fictional) head of the Baghdad station
Key = tuple[str, str, str]  # path, check, kind


def kavosh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kavosh", *args], check=True,
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def verify_case(inbox: Path, case: Path, people: Path | None = None
                ) -> tuple[list[dict[str, Any]], float]:
    """Ingest ``inbox`` into ``case`` (with a people table) and verify it: the findings and
    the verify time."""
    kavosh("ingest", str(inbox), "--case", str(case), "--no-ocr")
    if people is not None:
        kavosh("verify", "people", "load", str(people), "--case", str(case))
    started = time.monotonic()
    out = kavosh("verify", "--case", str(case), "--json")
    seconds = time.monotonic() - started
    return [json.loads(line) for line in out.stdout.splitlines()], seconds


# --- (a) planted defects ------------------------------------------------------------------


def series_cable(serial: int, day: int, extra: str = "", reference: str | None = None,
                 rng: random.Random | None = None) -> str:
    """A Baghdad cable of the dense series, dated 1393/07/``day``."""
    rng = rng or random.Random(serial)
    number = f"۳۱۲/{serial}/س".translate(PERSIAN_DIGITS)
    date = f"۱۳۹۳/۰۷/{day:02d}".translate(PERSIAN_DIGITS)
    lines = [f"شماره: {number}", f"تاریخ: {date}", "از: ایستگاه بغداد",
             "به: ستاد مرکزی - اداره کل عملیات", "طبقه‌بندی: سری",
             f"موضوع: گزارش دوره‌ای شماره {serial}".translate(PERSIAN_DIGITS)]
    if reference:
        lines.append(f"پیرو: {reference}")
    body = [persian_paragraph(rng, 45) + ".", extra, persian_paragraph(rng, 45) + "."]
    return "\n".join([*lines, "", *[b for b in body if b], "", "رئیس ایستگاه بغداد"]) + "\n"


def plant(archive: Path) -> tuple[list[Key], dict[str, str]]:
    """Plant the defects (see the module) into the copy at ``archive``; the findings
    expected, and each planted copy's original (paths as the case names them)."""
    folder = archive / "planted"
    folder.mkdir()
    rng = random.Random(16)
    extras = {
        6001: "دیدار با رابط عراقی در روز سه شنبه ۲ مهر ۱۳۹۳ انجام شد.",  # 2 Mehr: Wednesday
        6002: "جلسه بعدی در سه‌شنبه ۳ مهر ۱۳۹۳ برگزار شد.",  # 3 Mehr: Thursday
        6003: "گزارش تکمیلی در ۳۱ مهر ۱۳۹۳ ارسال شد.",  # Mehr has 30 days
        6004: "این موضوع در نشست ۱۲ خرداد ۱۳۹۶ نیز بررسی شده بود.",
        6005: "چنانکه در گزارش ۲۰ آذر ۱۳۹۷ آمده بود، منبع همکاری را قطع کرد.",
        6011: f"سفیر ایران در بغداد، {AMBASSADOR} نیز در این جلسه حضور داشت.",  # from 1396
        # 2 Farvardin 1393: Tehran's clocks went from 00:00 to 01:00
        6012: "عملیات در ساعت ۰۰:۲۰ بامداد روز ۲ فروردین ۱۳۹۳ آغاز شده بود.",
        # 5 Dey 1392 is winter: Tehran was at +03:30, not +04:30
        6008: "تماس ساعت ۱۰:۱۵ به وقت تهران (۰۵:۴۵ به وقت گرینویچ) روز ۵ دی ۱۳۹۲ گرفته شد.",
        # times in words and military: 30 Shahrivar 1392's 23:40 was lived twice; 2 Farvardin
        # 1391's 00:35 never was
        6007: "محموله ساعت ۲۳ و ۴۰ دقیقه روز ۳۰ شهریور ۱۳۹۲ تحویل شد.",
        # (the date first: the random text before may end in «پیرو», and the cable reader
        # takes a number up to 3 words after it, across a full stop, for a cited cable)
        6010: "رابط روز ۲ فروردین ۱۳۹۱ ساعت ۰۰۳۵ تماس گرفت.",
    }
    references = {6007: "۳۱۲/۶۰۱۰/س", 6008: "۳۱۲/۵۹۹۹/س"}
    for serial in range(6001, 6013):
        if serial in (6006, 6009):
            continue  # removed: two holes
        text = series_cable(serial, 2 * (serial - 6000), extras.get(serial, ""),
                            references.get(serial), rng)
        if serial == 6010:
            text = text.translate(ARABIC_KEYBOARD)
        (folder / f"312-{serial}.txt").write_text(text, encoding="utf-8")
    name = "archive/planted/312-{}.txt".format
    expected: list[Key] = [
        (name(6001), "calendar", "weekday-mismatch"), (name(6002), "calendar", "weekday-mismatch"),
        (name(6003), "calendar", "impossible-date"), (name(6004), "calendar", "after-own-date"),
        (name(6005), "calendar", "after-own-date"),
        (name(6007), "cable-links", "cites-later-cable"),
        (name(6008), "gaps", "cited-cable-missing"),
        (name(6010), "fingerprint", "letters-habit"),
        (name(6011), "titles", "title-not-held-then"),
        (name(6012), "times", "nonexistent-time"), (name(6008), "times", "offset-mismatch"),
        (name(6007), "times", "ambiguous-time"), (name(6010), "times", "nonexistent-time"),
        *[(name(s), "serials", "serial-hole") for s in (6005, 6007, 6008, 6010)],
    ]
    copies: dict[str, str] = {}
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    retyped = [c for c in manifest["cables"] if c["from"] == "ایستگاه بغداد"
               and c["format"] == "pdf" and not c["container_format"]
               and not c["arabic_letter_variants"] and not any(
                   r["id"] is None for r in c.get("references", []))][:2]
    for cable in retyped:
        copy = f"retyped-{Path(cable['path']).stem}.txt"
        (folder / copy).write_text(cable["text"].translate(ARABIC_KEYBOARD), encoding="utf-8")
        original = f"archive/{cable['path']}"
        copies[f"archive/planted/{copy}"] = original
        expected += [(f"archive/planted/{copy}", "fingerprint", "letters-habit"),
                     (f"archive/planted/{copy}", "duplicates", "near-duplicate"),
                     (original, "duplicates", "near-duplicate")]
    pdfs = sorted((archive / "cables" / "1394").glob("3*.pdf"))[:2]
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert b"/CreationDate (D:2015" in data, pdf
        pdf.write_bytes(data.replace(b"/CreationDate (D:2015", b"/CreationDate (D:2021"))
        expected.append((f"archive/{pdf.relative_to(archive)}", "metadata",
                         "created-long-after"))
    return expected, copies


def people_csv(path: Path) -> Path:
    """The people table of both cases: every (fictional) person of the sample's manifest in
    the role it gives them from 1390 to 1400 (their Latin spellings as aliases: the sample's
    signatures, such as «سید مرتضی کاظمی‌نیا - رئیس ایستگاه بغداد», must give nothing), and
    the head of the Baghdad station as ambassador in Baghdad from 1396 (the planted defect
    names him ambassador in 1393)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    rows = ["person,position,start,end,aliases"]
    for person in manifest["people"].values():
        if person.get("role"):
            rows.append(f"{person['fa']},{person['role']},1390,1400,"
                        + "; ".join(person.get("latin", [])))
    rows.append(f"{AMBASSADOR},سفیر ایران در بغداد,1396/01/01,1399/12/30,")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _key(finding: dict[str, Any]) -> tuple[str, str, str, str]:
    return (finding["path"], finding["check"], finding["evidence"].get("kind", ""),
            finding["severity"])


def planted(scratch: Path) -> dict[str, Any]:
    base_in, plant_in = scratch / "base" / "archive", scratch / "plant" / "archive"
    shutil.copytree(SAMPLE, base_in)
    shutil.copytree(SAMPLE, plant_in)
    expected, copies = plant(plant_in)
    people = people_csv(scratch / "people.csv")
    baseline, _ = verify_case(base_in, scratch / "base-case", people)
    found, _ = verify_case(plant_in, scratch / "plant-case", people)
    known = {_key(f) for f in baseline}
    new = [f for f in found if _key(f) not in known and (
        copies.get(f["path"], ""), *_key(f)[1:]) not in known]
    wanted = Counter(expected)
    per_check: dict[str, dict[str, Any]] = {}
    for check in sorted({k[1] for k in expected} | {f["check"] for f in new}):
        hits = Counter((f["path"], f["check"], f["evidence"].get("kind", "")) for f in new
                       if f["check"] == check)
        true = sum(min(n, wanted[k]) for k, n in hits.items())
        total = sum(hits.values())
        planted_n = sum(n for k, n in wanted.items() if k[1] == check)
        per_check[check] = {
            "planted": planted_n, "found": true, "false_positives": total - true,
            "precision": round(true / total, 3) if total else None,
            "recall": round(true / planted_n, 3) if planted_n else None,
            "unexpected": [f"{f['path']}: {f['message']}" for f in new if f["check"] == check
                           and (f["path"], check, f["evidence"].get("kind", "")) not in wanted
                           ][:5]}
    base_counts = Counter(f"{f['check']}/{f['evidence'].get('kind', '')}/{f['severity']}"
                          for f in baseline)
    print("(a) planted defects in a copy of the sample archive")
    print(f"    {'check':12} planted found  FP  precision recall")
    for check, row in per_check.items():
        print(f"    {check:12} {row['planted']:7} {row['found']:5} {row['false_positives']:3}"
              f"  {row['precision']!s:9} {row['recall']!s}")
        for line in row["unexpected"]:
            print(f"        unexpected: {line}")
    print("    baseline (untouched sample) findings: "
          + ", ".join(f"{k} {n}" for k, n in sorted(base_counts.items())))
    return {"per_check": per_check, "baseline": dict(base_counts)}


# --- (b) cablegate ------------------------------------------------------------------------


def cablegate(scratch: Path) -> dict[str, Any] | None:
    source = SHARED / "cablegate" / "cables.jsonl"
    if not source.exists():
        print(f"(b) cablegate: skipped — {source} is absent")
        return None
    inbox = scratch / "cablegate"
    inbox.mkdir()
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        (inbox / f"{row['ref_id']}.txt").write_text(f"{row['note']}\n{row['body']}",
                                                    encoding="utf-8")
    found, seconds = verify_case(inbox, scratch / "cablegate-case")
    counts = Counter(f"{f['check']}/{f['evidence'].get('kind', '')}/{f['severity']}"
                     for f in found)
    baghdad = [f for f in found if f["path"].endswith("/88BAGHDAD28.txt")]
    print(f"(b) cablegate: {len(rows)} cables, {len(found)} findings in {seconds:.1f} s")
    for key, n in counts.most_common():
        print(f"    {key:55} {n}")
    print(f"    88BAGHDAD28: {len(baghdad)} findings")
    for f in baghdad:
        print(f"        {f['check']} {f['severity']}: {f['message']}")
    examples = {}
    for f in found:
        examples.setdefault(f"{f['check']}/{f['evidence'].get('kind', '')}",
                            f"{Path(f['path']).stem}: {f['message']}")
    for key, line in sorted(examples.items()):
        print(f"    e.g. {key}: {line[:160]}")
    return {"cables": len(rows), "findings": dict(counts), "seconds": round(seconds, 1),
            "88BAGHDAD28": [f"{f['check']}: {f['message']}" for f in baghdad],
            "found_88BAGHDAD28": any(f["check"] == "header" for f in baghdad)}


# --- (c) scale ----------------------------------------------------------------------------


def _paragraphs() -> tuple[list[str], str]:
    paragraphs: list[str] = []
    for path in sorted((SHARED / "farsnews").glob("fars-news-*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            parts = article.get("paragraphs") or []
            if isinstance(parts, str):  # some files keep the list as its repr
                try:
                    parts = ast.literal_eval(parts)
                except (ValueError, SyntaxError):
                    continue
            # 12 to 80 words: no one paragraph is most of a document (two documents sharing
            # it would be near-duplicates by construction)
            paragraphs += [p for p in parts
                           if isinstance(p, str) and 12 <= len(p.split()) <= 80]
    if paragraphs:
        return paragraphs, "Fars News paragraphs"
    rng = random.Random(3)
    return [persian_paragraph(rng, 40) for _ in range(5000)], "the benchmark word list"


def scale(scratch: Path, count: int) -> dict[str, Any]:
    paragraphs, origin = _paragraphs()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    headers = [c["text"].split("\n")[:7] for c in manifest["cables"] if c["language"] == "fas"]
    rng = random.Random(10_000)
    inbox = scratch / "scale"
    inbox.mkdir()
    serials: Counter[str] = Counter()  # each station numbers its own cables: no holes
    for n in range(count):
        header = rng.choice(headers)
        station = next((m.group(1) for line in header
                        if (m := re.match(r"^شماره: ([۰-۹]+)/", line))), "")
        serials[station] += 1
        serial = str(20_000 + serials[station]).translate(PERSIAN_DIGITS)
        header = [re.sub(r"^(شماره: [۰-۹]+/)[۰-۹]+", rf"\g<1>{serial}", line)
                  for line in header]
        body = [rng.choice(paragraphs) for _ in range(8)]
        (inbox / f"doc-{n:05d}.txt").write_text("\n".join([*header, "", *body]) + "\n",
                                                encoding="utf-8")
    case = scratch / "scale-case"
    started = time.monotonic()
    kavosh("ingest", str(inbox), "--case", str(case), "--no-ocr")
    ingest_seconds = time.monotonic() - started
    started = time.monotonic()
    first = kavosh("verify", "--case", str(case), "--json")
    first_seconds = time.monotonic() - started
    started = time.monotonic()
    kavosh("verify", "--case", str(case), "--json")
    again_seconds = time.monotonic() - started
    found = [json.loads(line) for line in first.stdout.splitlines()]
    counts = Counter(f"{f['check']}/{f['evidence'].get('kind', '')}/{f['severity']}"
                     for f in found)
    print(f"(c) scale: {count} documents ({origin}, {len(paragraphs)} paragraphs): ingest "
          f"{ingest_seconds:.0f} s; verify (all checks) {first_seconds:.1f} s, {len(found)} "
          f"findings; again (nothing new) {again_seconds:.1f} s")
    for key, n in counts.most_common():
        print(f"    {key:55} {n}")
    return {"documents": count, "text": origin, "ingest_seconds": round(ingest_seconds, 1),
            "verify_seconds": round(first_seconds, 1), "findings": dict(counts),
            "again_seconds": round(again_seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--parts", default="planted,cablegate,scale",
                        help="which of planted, cablegate, scale to run")
    args = parser.parse_args()
    parts = args.parts.split(",")
    print(f"machine: {machine()}")
    print(f"command: {' '.join(sys.argv)}")
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="verify-eval-") as scratch:
        if "planted" in parts:
            results["planted"] = planted(Path(scratch))
        if "cablegate" in parts:
            results["cablegate"] = cablegate(Path(scratch))
        if "scale" in parts:
            results["scale"] = scale(Path(scratch), args.scale)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "verify_eval.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
