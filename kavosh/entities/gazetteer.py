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


def tags(norms: Sequence[str]) -> list[list[str]]:
    """For each normalised token of a sentence, the gazetteer tags it carries: ``LOC:B`` for
    the first token of a place found, ``LOC:I`` for the others, and so on for each type (each
    type matched on its own, left to right, the longest entry first)."""
    found: list[list[str]] = [[] for _ in norms]
    free = dict.fromkeys(KINDS, 0)  # where each type may start its next match
    by_first = index()
    for i, norm in enumerate(norms):
        for tokens, kind in by_first.get(norm, ()):
            end = i + len(tokens)
            if i >= free[kind] and tuple(norms[i:end]) == tokens:
                found[i].append(kind + ":B")
                for j in range(i + 1, end):
                    found[j].append(kind + ":I")
                free[kind] = end
    return found
