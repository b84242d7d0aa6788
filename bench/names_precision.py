"""Precision of the spellings a name search adds, on a real archive; recall of real spellings.

    .venv/bin/python bench/names_precision.py [--data ../shared/data] [--case DIR ...]
                                              [--unlabelled] [--half odd|even]
                                              [--queries FILE ...]

The archive: the Fars News articles (Persian) and the Cablegate cables (English) of
``../shared/data`` written as text files and ingested into a fresh case (or ``--case``: a case
made before, e.g. by another version of Kavosh, to measure it). Skipped with a message when the
data is absent.

The queries (``bench/names_queries.toml``, labelled by hand): 50 real public figures who appear
in the archive and 50 ordinary words. Each person is searched twice: typed plainly (``Khamenei``:
the automatic expansion to Persian spellings) and with ``name:`` (any script, wider); each word
plainly. For each query the list holds the real spellings of the same name or word that the
case holds (normalised index tokens, any script; ``also``: acceptable but not required, such
as loanwords). Reported:

- precision: added spellings that are real spellings ÷ all spellings added (goal ≥ 0.95);
- recall: required spellings searched (typed or added) ÷ required spellings, per mode (plain
  mode: the Arabic-script ones only; goal ≥ 0.95).

``--half odd`` (or ``even``) measures the 1st, 3rd, … (or 2nd, 4th, …) queries of the list
only: tune on one half, report the other as held out (each half holds 25 people, 25 words).
``--unlabelled`` prints the added spellings that are in no list (to label by hand).
``--queries FILE`` measures another list of the same format instead
(``bench/names_queries_tuning.toml``: a second tuning set, 29 people and 20 words, written
after the held-out half had been measured; tune on it and the odd half only;
``bench/names_queries_heldout.toml``: a second held-out set, 22 people and 18 words;
``bench/names_queries_fresh.toml``: a third, 50 people and 50 words, measured twice: see
docs/architecture.md, "Entity mentions as name uses"; ``bench/names_queries_fresh2.toml``: a
fourth, 50 people and 50 words, measured twice: "Everyday words and the vowels a Latin name
shows"; ``bench/names_queries_fresh3.toml`` and ``bench/names_queries_fresh4.toml``: a
fifth and a sixth, likewise; ``bench/names_queries_fresh5.toml``: a seventh; and
``_fresh6`` … ``_fresh23``, each run once on the code before a rule and once after it; see
docs/architecture.md). All are spent.

Each list is labelled on one archive, named by its top-level ``extra`` (the sources beyond Fars
News and the cables; none when absent), and is measured on a case of that archive only: a
list's labels know the spellings its archive holds, and another source brings real spellings it
does not know (the older lists, written before the tweets and NTREX were in, call NTREX's
کلینتون for Clinton wrong). ``extra = ["tweets", "ntrex"]`` adds the 303 tweets of
persian-twitter-ner's test split and NTREX-128's Persian and Dari translations (400 documents
of 10 sentences): the people of ``_fresh24`` and ``_fresh25`` come from the tweets, those of
``_fresh26`` … ``_fresh29`` from NTREX's English sentences (its English side is not in the
archive), and those of ``_fresh30`` … ``_fresh33`` from the cables (almost none with a Persian
spelling: they measure what is added for a person named in English only). Without ``--case``
one case is built per archive the lists name; ``--case`` may be given once per archive (which
sources a case holds is read from its documents' paths), and a list whose archive no case given
holds is skipped with a message, out of the sums.
Only the public API is used (``prepare_query``), so an older Kavosh on ``PYTHONPATH`` is measured
the same way (the "before" figure).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from common import ROOT

from kavosh.case import Case
from kavosh.text import normalize, tokenize
from kavosh.views.search import prepare_query

QUERIES = ROOT / "bench" / "names_queries.toml"
Query = dict[str, object]
_ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass
class Tally:
    added: int = 0
    right: int = 0
    required: int = 0
    found: int = 0

    def line(self, label: str) -> str:
        precision = self.right / self.added if self.added else 1.0
        recall = self.found / self.required if self.required else 1.0
        return (f"{label:<16} added {self.added:4d}  right {self.right:4d}  precision "
                f"{precision:.3f}   required {self.required:4d}  found {self.found:4d}  "
                f"recall {recall:.3f}")


def _form(word: str) -> str:
    return " ".join(tokenize(normalize(word)))


EXTRAS = ("tweets", "ntrex")  # the sources a list may add to Fars News and the cables


def build_case(data: Path, folder: Path, extra: frozenset[str] = frozenset()) -> Path:
    """Write the archive as text files and ingest it into a case under ``folder`` (with
    ``tweets`` in ``extra``, the tweets of persian-twitter-ner's test split too: see
    :func:`write_tweets`; with ``ntrex``, NTREX's Persian and Dari sentences: see
    :func:`write_ntrex`)."""
    archive = folder / "archive"
    (archive / "fars").mkdir(parents=True)
    (archive / "cables").mkdir()
    count = 0
    for path in sorted((data / "farsnews").glob("*.json")):
        for article in json.loads(path.read_text("utf-8")):
            parts = [article.get("title") or "", article.get("abstract") or "",
                     *(article.get("paragraphs") or [])]
            (archive / "fars" / f"{count:04d}.txt").write_text("\n\n".join(parts), "utf-8")
            count += 1
    with (data / "cablegate" / "cables.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            cable = json.loads(line)
            (archive / "cables" / f"{cable['ref_id']}.txt").write_text(
                f"{cable['subject']}\n\n{cable['body']}", "utf-8")
    if "tweets" in extra:
        write_tweets(data, archive / "tweets")
    if "ntrex" in extra:
        write_ntrex(data, archive / "ntrex")
    case = folder / "case"
    subprocess.run([sys.executable, "-m", "kavosh", "ingest", "--no-ocr", "--case", str(case),
                    str(archive)], check=True, cwd=ROOT, capture_output=True)
    return case


def write_tweets(data: Path, folder: Path) -> int:
    """Write each tweet of persian-twitter-ner's test split (its tokens joined by spaces) as a
    text file under ``folder``; return how many. Only the test split: the train and dev splits
    made the shipped word lists and entity model (``scripts/ordinary_words.py``,
    ``scripts/train_ner.py``), so their people are not unseen."""
    folder.mkdir(parents=True)
    count = 0
    for words in _conll_sentences(data / "persian-twitter-ner" / "test.txt"):
        (folder / f"{count:04d}.txt").write_text(" ".join(words) + "\n", "utf-8")
        count += 1
    return count


NTREX_LINES = 10  # sentences of NTREX per document written


def write_ntrex(data: Path, folder: Path) -> int:
    """Write NTREX-128's Persian (``fas``) and Dari (``prs``) translations of its English news
    sentences as text files of :data:`NTREX_LINES` sentences each under ``folder``; return how
    many. Only the Persian sides: a case of Persian documents whose names a reporter types in
    Latin letters (two translators' spellings of the same foreign names)."""
    folder.mkdir(parents=True)
    count = 0
    for side in ("fas", "prs"):
        lines = (data / "ntrex-en-fa" / f"newstest2019-ref.{side}.txt").read_text(
            "utf-8").splitlines()
        for start in range(0, len(lines), NTREX_LINES):
            (folder / f"{side}-{start // NTREX_LINES:03d}.txt").write_text(
                "\n".join(lines[start:start + NTREX_LINES]) + "\n", "utf-8")
            count += 1
    return count


def _conll_sentences(path: Path) -> list[list[str]]:
    """The token lists of a CoNLL file (token TAB label, a blank line between sentences)."""
    out: list[list[str]] = [[]]
    for line in path.read_text("utf-8").splitlines():
        token = line.split("\t")[0].strip()
        if token:
            out[-1].append(token)
        elif out[-1]:
            out.append([])
    return [words for words in out if words]


def measure(case: Case, queries: list[Query], unlabelled: bool) -> dict[str, Tally]:
    tallies = {"person plain": Tally(), "person name:": Tally(), "ordinary word": Tally()}
    for query in queries:
        text = str(query["text"])
        correct = {_form(str(w)) for w in query.get("correct", [])}  # type: ignore[attr-defined]
        also = {_form(str(w)) for w in query.get("also", [])}  # type: ignore[attr-defined]
        modes = [("person plain", text), ("person name:", f'name:"{text}"')] \
            if query["kind"] == "person" else [("ordinary word", text)]
        for label, typed in modes:
            added = {s for spellings in prepare_query(case, typed).expansions.values()
                     for s in spellings}
            tally = tallies[label]
            tally.added += len(added)
            tally.right += len(added & (correct | also))
            required = {w for w in correct if label != "person plain" or _ARABIC.search(w)}
            required.discard(_form(text))  # the word typed is always searched
            tally.required += len(required)
            tally.found += len(required & added)
            wrong = added - correct - also
            if unlabelled and wrong:
                print(f"{typed}: {sorted(wrong)}")
            missed = required - added
            if unlabelled and missed:
                print(f"{typed}: MISSED {sorted(missed)}")
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--case", type=Path, action="append", default=[],
                        help="measure this case instead of building one (once per archive)")
    parser.add_argument("--unlabelled", action="store_true")
    parser.add_argument("--half", choices=("odd", "even"), help="every other query only")
    parser.add_argument("--queries", type=Path, nargs="+", default=[QUERIES],
                        help="the labelled queries: one file, or several (each, then together)")
    args = parser.parse_args()
    lists = {path: _list(path) for path in args.queries}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.case:
            if not (args.data / "farsnews").is_dir() or not (args.data / "cablegate").is_dir():
                print(f"skipped: {args.data} has no farsnews/ and cablegate/")
                return 0
            args.case = [build_case(args.data, Path(tmp) / ("-".join(sorted(extra)) or "base"),
                                    extra)
                         for extra in dict.fromkeys(extra for extra, _ in lists.values())]
        measured = _measure_lists(args.case, lists, args.half, args.unlabelled)
    for path, (queries, tallies) in measured.items():
        _report(f"{path.name}{f', {args.half} half' if args.half else ''}", queries, tallies)
    if len(measured) > 1:  # the lists together: sums, not a mean of their shares
        labels = next(iter(measured.values()))[1]
        _report(f"all {len(measured)} lists",
                [q for queries, _ in measured.values() for q in queries],
                {label: _sum(*(t[label] for _, t in measured.values())) for label in labels})
    return 0


def _measure_lists(cases: list[Path], lists: dict[Path, tuple[frozenset[str], list[Query]]],
                   half: str | None, unlabelled: bool
                   ) -> dict[Path, tuple[list[Query], dict[str, Tally]]]:
    """Each list measured on the case of its archive (its queries, every other one with
    ``half``, and their tallies); a list no case holds the archive of is skipped, said so."""
    out: dict[Path, tuple[list[Query], dict[str, Tally]]] = {}
    for folder in cases:
        case = Case.open(folder)
        try:
            holds = case_extras(case)
            for path, (extra, queries) in lists.items():
                if extra == holds and path not in out:
                    chosen = queries[0 if half == "odd" else 1::2] if half else queries
                    out[path] = (chosen, measure(case, chosen, unlabelled))
        finally:
            case.close()
    for path, (extra, _) in lists.items():
        if path not in out:
            print(f"skipped: {path.name} is labelled on Fars News and the cables"
                  f"{''.join(f' + {e}' for e in sorted(extra))}; no case given holds that")
    return {path: out[path] for path in lists if path in out}


def case_extras(case: Case) -> frozenset[str]:
    """The sources of :data:`EXTRAS` that ``case`` holds, from its documents' paths (the
    folders :func:`build_case` writes them under)."""
    return frozenset(e for e in EXTRAS if case.store.execute(
        "SELECT 1 FROM occurrences WHERE path LIKE ? LIMIT 1", (f"%{e}/%",)).fetchone())


def _list(path: Path) -> tuple[frozenset[str], list[Query]]:
    """The archive a list is labelled on (its ``extra`` sources) and its labelled queries."""
    data = tomllib.loads(path.read_text("utf-8"))
    extra = frozenset(data.get("extra", []))
    if not extra <= set(EXTRAS):
        raise SystemExit(f"{path}: unknown extra sources {sorted(extra - set(EXTRAS))}")
    return extra, data["query"]


def _report(title: str, queries: list[Query], tallies: dict[str, Tally]) -> None:
    """Print one list's (or the lists') tallies, automatic and all."""
    people = sum(q["kind"] == "person" for q in queries)
    print(f"{people} people, {len(queries) - people} ordinary words ({title})")
    for label, tally in tallies.items():
        print(tally.line(label))
    print(_sum(tallies["person plain"], tallies["ordinary word"]).line("automatic, all"))
    print(_sum(*tallies.values()).line("all"))


def _sum(*tallies: Tally) -> Tally:
    return Tally(*(sum(getattr(t, name) for t in tallies)
                   for name in ("added", "right", "required", "found")))


if __name__ == "__main__":
    raise SystemExit(main())
