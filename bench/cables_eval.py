"""Cable reader: field accuracy on real US cables, false cables on news and a PDF, throughput.

    .venv/bin/python bench/cables_eval.py [--data DIR] [--half even|odd|all] [--runs 5]
                                          [--show-errors N] [--end-to-end]

(a) Field accuracy on ``../shared/data/cablegate/cables.jsonl`` (980 cables of the 2010
    release). Each cable is read from its own text only, as a reporter receives it: the routing
    header (``note``), a newline, the ``body`` — never the publisher's metadata. The fields are
    scored against the metadata released with each cable: reference ID (``ref_id`` against the
    ``number`` field), date (``created``, the day), classification (``classification``; a
    released ``SECRET//NOFORN`` is the classification ``SECRET`` plus a ``NOFORN`` handling
    field, ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` is ``UNCLASSIFIED`` plus ``SENSITIVE`` or
    ``FOR OFFICIAL USE ONLY``), origin (``origin`` against ``from``) and subject (``subject``,
    white space made one space; a cable released without a subject must get none). Partial
    extracts carry neither a date-time group nor a date line: the reader gives them no date
    (and takes the year of their ID from the declassification date), so the date is also
    scored on the cables whose text carries a date.
    The reader was tuned on the even-indexed rows only (``--half even``); the odd rows are the
    held-out half, whose failures were never looked at while tuning (``--half odd`` reports
    them, without listing errors). With ``--end-to-end`` the texts are written as plain
    files named by position (``cable_000.txt`` …), ingested with ``kavosh ingest``, exported
    with ``kavosh export``, and the values are read from each record's ``cable`` object — the
    way the project is measured on cables it does not have.
(b) False cables: the share of the first 200 Fars News articles (``fars-news-1.json``: title,
    abstract and paragraphs, one per line) and of the Enron court-exhibit PDF
    (``../shared/data/enron``, text through Kavosh's own PDF ingestor) that get any cable field.
    Goal: 0.
(c) Throughput of :func:`kavosh.text.cables.read_cable` on the cable texts (MB = 10^6 bytes of
    UTF-8 input), median of ``--runs`` runs.

Each part is skipped with a message when its data is absent (``KAVOSH_SHARED_DATA`` may name
the data folder when the repository is not beside it). The last line is the JSON of the
results with the machine and the command. :func:`score` scores any list of (expected metadata,
Cable or None), so an end-to-end run (ingest ``.txt`` files, export) can reuse it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import machine  # noqa: E402

from kavosh.model import PageText  # noqa: E402
from kavosh.text.cables import Cable, CableField, read_cable, reference_key  # noqa: E402

SHARED = Path(os.environ.get("KAVOSH_SHARED_DATA", ROOT.parent / "shared" / "data"))
CABLES = SHARED / "cablegate" / "cables.jsonl"
FIELDS = ("ref_id", "date", "classification", "origin", "subject")
_CARRIES_DATE = re.compile(r"\b\d{6}Z ?[A-Z][A-Za-z]{2} ?\d{2}|day, \d{1,2} [A-Z][a-z]+ \d{4}")
_UNCLASSIFIED_CAVEATS = {"SENSITIVE", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY"}


def cable_text(row: dict[str, Any]) -> str:
    """A cable's text as a reporter receives it: routing header, newline, body."""
    return f"{row['note']}\n{row['body']}"


def read_text(text: str) -> Cable | None:
    """The reader on a one-page text."""
    return read_cable([PageText(1, text)])


def _classification(cable: Cable) -> str:
    """The released form of the cable's marks: ``SECRET//NOFORN``, ``UNCLASSIFIED//FOR
    OFFICIAL USE ONLY``."""
    mark = cable.first("classification")
    if mark is None:
        return ""
    handling = {f.value for f in cable.every("handling")}
    if "NOFORN" in handling:
        return f"{mark.value}//NOFORN"
    if mark.value == "UNCLASSIFIED" and handling & _UNCLASSIFIED_CAVEATS:
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return mark.value


def _subject(text: str) -> str:
    return " ".join(text.split())


def observed(cable: Cable | None) -> dict[str, str]:
    """The five scored values the reader gives (empty when it gives none)."""
    if cable is None:
        return dict.fromkeys(FIELDS, "")
    number, dated, sender, subject = (cable.first(n) for n in ("number", "date", "from", "subject"))
    return {
        "ref_id": number.value if number else "",
        "date": dated.value if dated else "",
        "classification": _classification(cable),
        "origin": sender.value if sender else "",
        "subject": _subject(subject.value) if subject else "",
    }


def expected(row: dict[str, Any]) -> dict[str, str]:
    """The five released values of a cablegate row."""
    return {
        "ref_id": reference_key(row["ref_id"]),
        "date": row["created"][:10],
        "classification": row["classification"],
        "origin": row["origin"],
        "subject": _subject(row.get("subject") or ""),
    }


def score(pairs: Iterable[tuple[dict[str, str], Cable | None]]) -> dict[str, Any]:
    """Accuracy per field over (expected values, what the reader found) pairs; ``errors`` keeps
    (index, field, expected, observed) of every miss."""
    right = dict.fromkeys(FIELDS, 0)
    total = 0
    errors: list[tuple[int, str, str, str]] = []
    not_cables = 0
    for index, (truth, cable) in enumerate(pairs):
        total += 1
        not_cables += cable is None
        got = observed(cable)
        for name in FIELDS:
            if got[name] == truth[name]:
                right[name] += 1
            else:
                errors.append((index, name, truth[name], got[name]))
    accuracy = {name: round(right[name] / total, 4) if total else None for name in FIELDS}
    return {"cables": total, "not_recognised": not_cables, "accuracy": accuracy,
            "errors": errors}


def _through_kavosh(texts: list[str]) -> list[Cable | None]:
    """What ``kavosh ingest`` then ``kavosh export`` give for ``texts``, written as plain
    files named by position (``cable_000.txt`` …: nothing comes from a name), read back from
    each record's ``cable`` object."""
    with tempfile.TemporaryDirectory(prefix="cables-e2e-") as scratch:
        inbox, case, out = Path(scratch, "in"), Path(scratch, "case"), Path(scratch, "out.jsonl")
        inbox.mkdir()
        for n, text in enumerate(texts):
            Path(inbox, f"cable_{n:03d}.txt").write_text(text, encoding="utf-8")
        for args in (["ingest", str(inbox), "--case", str(case), "--no-ocr"],
                     ["export", "--case", str(case), "-o", str(out)]):
            subprocess.run([sys.executable, "-m", "kavosh", *args], check=True,
                           capture_output=True, cwd=ROOT)
        found: list[Cable | None] = [None] * len(texts)
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            name = Path(record.get("path", "")).name
            if name.startswith("cable_") and "cable" in record:
                found[int(name[6:9])] = _exported(record["cable"])
        return found


def _exported(obj: dict[str, Any]) -> Cable:
    """A Cable made from the export's ``cable`` object (fields as objects or lists of them)."""
    fields = []
    for name, value in obj.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "value" in item:
                fields.append(CableField(name, item["raw"], item["value"], item["page"],
                                         item["start"], item["end"]))
    return Cable(str(obj.get("convention", "")), tuple(fields))


def cablegate(half: str, show: int, end_to_end: bool = False) -> dict[str, Any] | None:
    if not CABLES.exists():
        print(f"(a) field accuracy: skipped — {CABLES} is absent")
        return None
    rows = [json.loads(line) for line in CABLES.read_text(encoding="utf-8").splitlines()]
    indices = [i for i in range(len(rows))
               if half == "all" or (i % 2 == 0) == (half == "even")]
    if end_to_end:
        read = _through_kavosh([cable_text(rows[i]) for i in indices])
        pairs = [(expected(rows[i]), read[n]) for n, i in enumerate(indices)]
    else:
        pairs = [(expected(rows[i]), read_text(cable_text(rows[i]))) for i in indices]
    result = score(pairs)
    # Partial extracts without a date-time group or a date line carry no date at all: the
    # date is also scored on the cables whose text has one (found by a pattern of its own).
    dated = [n for n, i in enumerate(indices) if _CARRIES_DATE.search(cable_text(rows[i]))]
    right = sum(observed(pairs[n][1])["date"] == pairs[n][0]["date"] for n in dated)
    result["date_when_written"] = {"cables": len(dated),
                                   "accuracy": round(right / len(dated), 4) if dated else None}
    print(f"(a) field accuracy, {half} rows ({result['cables']} cables, "
          f"{result['not_recognised']} not recognised):")
    for name, value in result["accuracy"].items():
        print(f"    {name:15} {value:.2%}")
    written = result["date_when_written"]
    print(f"    date, on the {written['cables']} cables whose text carries one: "
          f"{written['accuracy']:.2%}")
    if half != "odd":
        for index, name, truth, got in result["errors"][:show]:
            print(f"    row {indices[index]} {name}: expected {truth!r}, got {got!r}")
    result["errors"] = len(result["errors"])
    return result


def _fars_articles() -> list[str] | None:
    path = SHARED / "farsnews" / "fars-news-1.json"
    if not path.exists():
        return None
    articles = json.loads(path.read_text(encoding="utf-8"))[:200]
    return ["\n".join([a.get("title", ""), a.get("abstract", ""), *a.get("paragraphs", [])])
            for a in articles]


def _enron_pages() -> list[PageText] | None:
    folder = SHARED / "enron"
    pdfs = sorted(folder.glob("*.pdf")) if folder.exists() else []
    if not pdfs:
        return None
    from kavosh.ingest.pdf import open_pdf, page_text

    pages = []
    with open_pdf(pdfs[0]) as document:
        for number in range(len(document)):
            pages.append(PageText(number + 1, page_text(document[number])[0]))
    return pages


def false_cables() -> dict[str, Any]:
    result: dict[str, Any] = {}
    articles = _fars_articles()
    if articles is None:
        print("(b) Fars News: skipped — ../shared/data/farsnews is absent")
    else:
        hits = [i for i, text in enumerate(articles) if read_text(text) is not None]
        result["farsnews"] = {"articles": len(articles), "with_cable_fields": len(hits),
                              "share": round(len(hits) / len(articles), 4)}
        print(f"(b) Fars News: {len(hits)} of {len(articles)} articles get cable fields"
              + (f" (indices {hits[:10]})" if hits else ""))
    pages = _enron_pages()
    if pages is None:
        print("(b) Enron PDF: skipped — ../shared/data/enron is absent")
    else:
        cable = read_cable(pages)
        result["enron"] = {"pages": len(pages), "with_cable_fields": int(cable is not None)}
        print(f"(b) Enron PDF ({len(pages)} pages): "
              + ("no cable fields" if cable is None else f"cable fields {cable.fields}"))
    return result


def throughput(runs: int) -> dict[str, Any] | None:
    if not CABLES.exists():
        print(f"(c) throughput: skipped — {CABLES} is absent")
        return None
    rows = [json.loads(line) for line in CABLES.read_text(encoding="utf-8").splitlines()]
    texts: Sequence[str] = [cable_text(row) for row in rows]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        for text in texts:
            read_text(text)
        times.append(time.perf_counter() - began)
    median = statistics.median(times)
    print(f"(c) throughput: {size / median:.1f} MB/s ({size:.1f} MB, median of {runs} runs, "
          f"{median:.2f} s)")
    return {"mb": round(size, 2), "runs": runs, "seconds": round(median, 3),
            "mb_per_s": round(size / median, 2)}


def main() -> None:
    """Run (a), (b) and (c) and print the results, the last line as JSON."""
    global SHARED, CABLES
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=SHARED, help="the real-data folder")
    parser.add_argument("--half", choices=("even", "odd", "all"), default="odd")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--show-errors", type=int, default=0)
    parser.add_argument("--end-to-end", action="store_true",
                        help="ingest the cables as .txt files and read the export's cable object")
    args = parser.parse_args()
    SHARED, CABLES = args.data, args.data / "cablegate" / "cables.jsonl"
    print(f"machine: {machine()}")
    results = {
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "accuracy": cablegate(args.half, args.show_errors, args.end_to_end),
        "false_cables": false_cables(),
        "throughput": throughput(args.runs),
    }
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
