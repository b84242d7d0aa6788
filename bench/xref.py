"""Watchlist cross-reference: time for 10,000 listed entries against 1,000,000 mentions, and
precision on a sample of matches checked by hand.

    .venv/bin/python bench/xref.py [--data ../shared/data] [--entries 10000]
                                   [--mentions 1000000] [--runs 3] [--seed 13]
                                   [--sample 100] [--sample-seed 13]
                                   [--sample-file bench/xref_sample.tsv] [--write-sample]

Skipped with a message when ``../shared/data`` (ofac-sdn, farsnews) is absent.

**The list**: ``--entries`` entries drawn (seeded) from the US sanctions list (SDN,
``ofac-sdn``) with all their aliases (about two names an entry).

**The mentions** (seeded, built once per invocation), in pages of 100:

- 15 % *listed*: a name or alias of a drawn entry, written as a reporter's archive would:
  a third in Latin (``Qasem Soleimani``, from ``SOLEIMANI, Qasem``), a third in Persian
  script (the first Arabic-script spelling :func:`kavosh.text.names.name_variants` gives),
  a third in Persian script after a title (``سردار …``) or with Arabic letters (ي ك);
- 35 % *news*: the people, organisations and places :func:`kavosh.entities.find_entities`
  finds in the Fars News articles (``farsnews``), each with its real sentence; a quarter of
  them in Latin (:func:`kavosh.text.names.transliterate`);
- 50 % *words*: one to three consecutive ordinary words of those articles, typed PER, ORG or
  LOC at random (what a weak finder hands over).

Names repeat in an archive, and they do here: the matcher caches its answers by text, so the
figure depends on how many distinct texts there are (printed).

**The time** of one run: a fresh case, the list stored, then :func:`run_xref` (the index built
from the stored entries, every page compared, matches stored); median of ``--runs``, in wall
clock and in this process's CPU time (one core: the run is single-threaded; on a machine
shared with other work the wall clock is longer).

**Precision**: ``--sample`` matches drawn (seeded) from the first run, leaving out those that
found the very entry a *listed* mention was written from (right by construction; counted as
recall of the planted names instead): the hard part, where the mention was written for
another entry, or came from the news or from ordinary words. Each was labelled by hand in
``--sample-file`` (``--write-sample`` writes a new unlabelled one, drawn with
``--sample-seed``; a run without it reads the labels back and prints the precision). The
samples kept: ``bench/xref_sample.tsv`` (100, seed 13, drawn from the matcher before the
part-by-part rules) and ``bench/xref_sample_parts.tsv`` (50, seed 31, drawn after them); a
run also says how many of the first sample's matches, right and wrong, it still makes.
Labels: ``1`` when the mention is a spelling of the
listed name or alias it matched, allowing only a given name, a patronymic or a legal form
(``FZE``, ``General Trading``) missing on one side (a namesake counts: the list says who is
listed, the reporter decides who is meant); ``0`` when a part that tells names apart differs,
is missing or is added (another surname, another given name, ``Bank Mellat Yerevan`` for
``BANK MELLAT``, ``Sharq Cement`` for ``SHARQ WHITE CEMENT``), when a place or a common word
matched a vessel or a company of that name (``شهید`` for ``ES-SHAHID``), or when the
mention is not a name.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from common import ROOT, machine

from kavosh.entities import find_entities
from kavosh.entities.watchlists import read_sdn
from kavosh.entities.xref_run import SourceMention, Unit, run_xref, sentence_around
from kavosh.store import open_store
from kavosh.store.watchlists import WatchEntry, XrefMatch
from kavosh.text.names import name_variants, transliterate

SAMPLE = ROOT / "bench" / "xref_sample.tsv"
PAGE = 100
_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")
_TITLES = ("سردار", "آقای", "دکتر", "حجت‌الاسلام", "مهندس")
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})


class ListSource:
    """Mentions held in memory, handed over in pages of :data:`PAGE`."""

    def __init__(self, mentions: Sequence[SourceMention]) -> None:
        self._mentions = mentions

    def count(self) -> int:
        return (len(self._mentions) + PAGE - 1) // PAGE

    def units(self) -> Iterator[Unit]:
        for page in range(self.count()):
            yield Unit(f"1:{page}", "bench", 1, page, page)

    def mentions(self, unit: Unit) -> Sequence[SourceMention]:
        page = int(str(unit.payload))
        return self._mentions[page * PAGE:(page + 1) * PAGE]


def latin_as_written(name: str) -> str:
    """``SOLEIMANI, Qasem`` → ``Qasem Soleimani``."""
    if name.count(",") == 1:
        surname, given = name.split(",")
        name = f"{given.strip()} {surname.strip()}"
    return " ".join(w.capitalize() if w.isupper() else w for w in name.split())


def persian_spelling(name: str) -> str | None:
    """The first Arabic-script spelling name_variants gives for a Latin name."""
    found = [v for v in name_variants(latin_as_written(name)) if _WORD.search(v)]
    return found[0] if found else None


def news(data: Path) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """``(text, type, sentence)`` of the PER/ORG/LOC mentions found in the Fars News
    articles, and the articles' paragraphs as word lists."""
    found: list[tuple[str, str, str]] = []
    words: list[list[str]] = []
    for path in sorted((data / "farsnews").glob("fars-news-*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            for paragraph in [article.get("title", ""), *article.get("paragraphs", [])]:
                words.append(_WORD.findall(paragraph))
                for m in find_entities(paragraph, "fa"):
                    if m.type in ("PER", "ORG", "LOC"):
                        found.append((m.text, m.type, sentence_around(paragraph, m.start,
                                                                       m.end)))
    return found, [w for w in words if len(w) >= 3]


def make_mentions(entries: Sequence[WatchEntry], news_found: Sequence[tuple[str, str, str]],
                  paragraphs: Sequence[list[str]], count: int, seed: int
                  ) -> tuple[list[SourceMention], dict[int, tuple[str, int]]]:
    """The mentions (see the module docstring) and, by position, where each came from:
    ``("listed", entry index)``, ``("news", -1)`` or ``("words", -1)``."""
    rng = random.Random(seed)
    mentions: list[SourceMention] = []
    origin: dict[int, tuple[str, int]] = {}
    spelled: dict[str, str | None] = {}
    while len(mentions) < count:
        roll = rng.random()
        if roll < 0.15:
            i = rng.randrange(len(entries))
            name = rng.choice(entries[i].names())
            style = rng.randrange(3)
            text: str | None = latin_as_written(name)
            if style:
                if name not in spelled:
                    spelled[name] = persian_spelling(name)
                text = spelled[name]
                if text and style == 2:
                    text = (f"{rng.choice(_TITLES)} {text}" if rng.random() < 0.5
                            else text.translate(_ARABIC_LETTERS))
            if not text:
                continue
            kind = "PER" if entries[i].type == "person" else "ORG"
            origin[len(mentions)] = ("listed", i)
            sentence = f"در این سند از {text} نام برده شده است."
        elif roll < 0.5:
            text, kind, sentence = rng.choice(news_found)
            if rng.random() < 0.25:
                text = transliterate(text)
            origin[len(mentions)] = ("news", -1)
        else:
            words = rng.choice(paragraphs)
            size = rng.randint(1, 3)
            start = rng.randrange(max(1, len(words) - size))
            text = " ".join(words[start:start + size])
            kind = rng.choice(("PER", "ORG", "LOC"))
            origin[len(mentions)] = ("words", -1)
            sentence = " ".join(words)
        n = len(mentions)
        mentions.append(SourceMention(1, n // PAGE, n % PAGE, n % PAGE + 1, text, kind,
                                      sentence))
    return mentions, origin


def one_run(entries: Sequence[WatchEntry], mentions: Sequence[SourceMention]
            ) -> tuple[float, float, list[XrefMatch], int]:
    """Seconds (wall clock, and CPU of this process) for a fresh case to cross-reference the
    mentions; the matches; names not indexed."""
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "kavosh.db"))
        watchlist, _ = store.put_watchlist("sdn", "sdn", "bench", entries)
        begun, cpu = time.perf_counter(), time.process_time()
        run = run_xref(store, watchlist, ListSource(mentions))
        seconds, cpu = time.perf_counter() - begun, time.process_time() - cpu
        matches = store.xref_matches(watchlist.id)
        store.close()  # type: ignore[attr-defined]
    return seconds, cpu, matches, run.unindexed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--sample-seed", type=int, default=13)
    parser.add_argument("--sample-file", type=Path, default=SAMPLE)
    parser.add_argument("--write-sample", action="store_true")
    args = parser.parse_args()
    if not (args.data / "ofac-sdn").exists() or not (args.data / "farsnews").exists():
        print(f"skipped: {args.data}/ofac-sdn or farsnews is absent")
        return 0
    print(machine())
    everything = read_sdn(args.data / "ofac-sdn")
    rng = random.Random(args.seed)
    entries = [WatchEntry(e.key, e.name, e.aliases, e.type, e.country, e.program)
               for e in rng.sample(everything, min(args.entries, len(everything)))]
    names = sum(len(e.names()) for e in entries)
    began = time.perf_counter()
    news_found, paragraphs = news(args.data)
    print(f"news: {len(news_found)} mentions found in {time.perf_counter() - began:.0f} s",
          flush=True)
    mentions, origin = make_mentions(entries, news_found, paragraphs, args.mentions, args.seed)
    distinct = len({m.text for m in mentions})
    print(f"list: {len(entries)} entries, {names} names; mentions: {len(mentions)} "
          f"({distinct} distinct texts) in pages of {PAGE}", flush=True)
    times, cpus, first, unindexed = [], [], [], 0
    for run in range(args.runs):
        seconds, cpu, matches, unindexed = one_run(entries, mentions)
        times.append(seconds)
        cpus.append(cpu)
        print(f"run {run + 1}: {seconds:.1f} s ({cpu:.1f} s CPU), {len(matches)} matches",
              flush=True)
        if not first:
            first = matches
            report(entries, mentions, origin, first, args)
    print(f"xref time: median {statistics.median(times):.1f} s (min {min(times):.1f}, "
          f"max {max(times):.1f}); CPU median {statistics.median(cpus):.1f} s; "
          f"{unindexed} listed names made of common parts only")
    return 0


def report(entries: Sequence[WatchEntry], mentions: Sequence[SourceMention],
           origin: dict[int, tuple[str, int]], matches: Sequence[XrefMatch],
           args: argparse.Namespace) -> None:
    """Recall of the planted names, matches by origin, and the hand-labelled precision."""
    position = {(m.page, m.start): i for i, m in enumerate(mentions)}
    key_of = {e.key: i for i, e in enumerate(entries)}
    planted_found: set[int] = set()
    others: list[tuple[XrefMatch, str]] = []
    by_origin: dict[str, int] = {}
    for match in matches:
        i = position[(match.page, match.start)]
        kind, source = origin[i]
        by_origin[kind] = by_origin.get(kind, 0) + 1
        if kind == "listed" and match.entry and key_of.get(match.entry.key) == source:
            planted_found.add(i)
        else:
            others.append((match, kind))
    planted = [i for i, (kind, _) in origin.items() if kind == "listed"]
    print(f"matches by origin of the mention: {by_origin}", flush=True)
    print(f"planted listed names found with their own entry: {len(planted_found)} of "
          f"{len(planted)} ({len(planted_found) / max(1, len(planted)):.3f})")
    for kept in sorted(SAMPLE.parent.glob("xref_sample*.tsv")):
        if kept.resolve() != Path(args.sample_file).resolve() or not args.write_sample:
            still_made(kept, matches)
    rng = random.Random(args.sample_seed)
    sample = rng.sample(others, min(args.sample, len(others)))
    path: Path = args.sample_file
    if args.write_sample or not path.exists():
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter="\t", lineterminator="\n")
            out.writerow(["label", "score", "origin", "mention", "listed_name", "entry",
                          "sentence"])
            for m, kind in sorted(sample, key=lambda x: -x[0].score):
                out.writerow(["", f"{m.score:.4f}", kind, m.mention, m.listed_name,
                              m.entry.key if m.entry else "", m.sentence[:160]])
        print(f"wrote {path} with {len(sample)} matches to label by hand")
        return
    labelled = labelled_rows(path)
    right = sum(r["label"] == "1" for r in labelled)
    print(f"precision on {len(labelled)} hand-labelled matches (not the planted entry itself): "
          f"{right / max(1, len(labelled)):.3f}")
    for origin_name in ("listed", "news", "words"):
        part = [r for r in labelled if r["origin"] == origin_name]
        if part:
            print(f"  {origin_name}: {sum(r['label'] == '1' for r in part)} of {len(part)}")


def labelled_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a sample file labelled ``0`` or ``1``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if r["label"] in ("0", "1")]


def still_made(path: Path, matches: Sequence[XrefMatch]) -> None:
    """How many of a labelled sample's matches (mention, entry and sentence) this run still
    makes, among those labelled right and those labelled wrong."""
    if not path.exists():
        return
    made = {(m.mention, m.entry.key if m.entry else "", m.sentence[:160]) for m in matches}
    kept = {"0": 0, "1": 0}
    total = {"0": 0, "1": 0}
    for row in labelled_rows(path):
        total[row["label"]] += 1
        kept[row["label"]] += (row["mention"], row["entry"], row["sentence"]) in made
    print(f"{path.name}: still made {kept['1']} of {total['1']} labelled right, "
          f"{kept['0']} of {total['0']} labelled wrong")


if __name__ == "__main__":
    sys.exit(main())
