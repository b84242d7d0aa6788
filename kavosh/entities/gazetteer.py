"""Kavosh's own gazetteer: places, organisations, given names and titles of several words.

The lists are written by hand for this project (``data/gazetteer.tsv``: no outside source, the
project's licence) and are a feature of the ``crf`` model, not a finder: a word in a list is a
hint the model weighs against its context (``فارس`` is a province and a news agency, ``استقلال``
a club and a common noun). Matching is on normalised tokens (:func:`kavosh.text.normalize`), the
longest entry first, each type on its own; an entry written with a half-space also matches
when the parts are written apart (``خرم‌آباد``, ``خرم آباد``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import compress

from kavosh.text.normalize import ZWNJ, normalize

FILE = "gazetteer.tsv"
KINDS = ("LOC", "ORG", "GIVEN", "TITLE")

# first token -> (entry's tokens, type), the longest entries first
Index = dict[str, list[tuple[tuple[str, ...], str]]]


def _variants(name: str) -> set[tuple[str, ...]]:
    """The normalised token sequences that spell ``name`` (with its half-spaces, and with
    each written as a space)."""
    spellings = {name, name.replace(ZWNJ, " ")}
    return {tuple(normalize(w) for w in s.split()) for s in spellings} - {()}


def parse(lines: Sequence[str]) -> Index:
    """The index of gazetteer lines (``TYPE TAB name``; ``#`` comments and blanks ignored)."""
    index: Index = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, name = line.split("\t")
        if kind not in KINDS:
            raise ValueError(f"gazetteer type {kind!r} is none of {KINDS}")
        for tokens in _variants(name):
            index.setdefault(tokens[0], []).append((tokens, kind))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


@lru_cache(maxsize=1)
def index() -> Index:
    """The packaged gazetteer's index (empty when the file is missing)."""
    path = resources.files("kavosh.entities") / "data" / FILE
    return parse(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else {}


Entry = tuple[tuple[str, ...], str]


@lru_cache(maxsize=1)
def _by_start() -> tuple[dict[str, list[Entry]], dict[tuple[str, str], list[Entry]],
                         frozenset[str]]:
    """:func:`index` split for matching: first token → the one-token entries, and (first,
    second token) → the longer ones, longest first, and every entry's first token. A head
    such as وزارت starts dozens of entries; looked up by its next token too, only those that
    may match are tried."""
    singles: dict[str, list[Entry]] = {}
    pairs: dict[tuple[str, str], list[Entry]] = {}
    for first, entries in index().items():
        for entry in entries:  # longest first, so each list keeps that order
            if len(entry[0]) == 1:
                singles.setdefault(first, []).append(entry)
            else:
                pairs.setdefault((first, entry[0][1]), []).append(entry)
    return singles, pairs, frozenset(index())


def matches(norms: Sequence[str]) -> list[tuple[int, int, str]]:
    """The entries found in a sentence's normalised tokens, as ``(first, last + 1, type)``:
    each type matched on its own, left to right, the longest entry first."""
    found: list[tuple[int, int, str]] = []
    free = dict.fromkeys(KINDS, 0)  # where each type may start its next match
    singles, pairs, firsts = _by_start()
    last = len(norms) - 1
    # only the tokens that start an entry (a set test each, in C, rather than a Python loop)
    for i in compress(range(len(norms)), map(firsts.__contains__, norms)):
        norm = norms[i]
        # the entries of two tokens or more whose second token follows, then the single ones
        # (shorter than any of them): the longest first, as in the index
        longer = pairs.get((norm, norms[i + 1]), ()) if i < last else ()
        for tokens, kind in (*longer, *singles.get(norm, ())):
            end = i + len(tokens)
            if i >= free[kind] and (end == i + 1 or tuple(norms[i:end]) == tokens):
                found.append((i, end, kind))
                free[kind] = end
    return found


def tags(norms: Sequence[str],
         found: Sequence[tuple[int, int, str]] | None = None) -> list[list[str]]:
    """For each normalised token of a sentence, the gazetteer tags it carries: ``LOC:B`` for
    the first token of a place found, ``LOC:I`` for the others, and so on for each type
    (``found``: the sentence's :func:`matches`, when the caller has them already)."""
    tagged: list[list[str]] = [[] for _ in norms]
    for first, end, kind in matches(norms) if found is None else found:
        tagged[first].append(kind + ":B")
        for j in range(first + 1, end):
            tagged[j].append(kind + ":I")
    return tagged
