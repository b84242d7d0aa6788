"""The glossary: canonical English for names, titles, organisations and bureaucratic terms.

A :class:`Glossary` is the starter glossary shipped in ``kavosh/translate/data/glossary.toml``
(Iranian government and security terms) with the case's own entries over it (a case entry for
the same term wins). Terms are matched in source text after :func:`kavosh.text.normalize`
(so Arabic ي/ك, diacritics and ZWNJ do not matter), as whole words, longest first, never
overlapping.

- :meth:`Glossary.apply` makes a machine draft use the canonical English: another rendering the
  glossary lists is replaced; a term whose English is missing from the draft is reported.
- With the option ``gregorian_dates`` (on in the starter glossary's ``[options]``; a case
  turns it off with the entry ``@gregorian_dates`` → ``off``), a Jalali day written in digits
  (``۱۳۹۸/۰۲/۱۲``) that a draft carries over (``1398/02/12``) gets its Gregorian equivalent in
  brackets after it (``1398/02/12 [2019-05-02]``).
- :func:`inconsistent` flags human translations that render a glossary term with none of its
  English forms, when other human translations of the case use the canonical one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from kavosh.text.dates import find_dates
from kavosh.text.normalize import ASCII_DIGITS, normalize


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A source term, its canonical English and the other renderings accepted."""

    source: str
    target: str
    also: tuple[str, ...] = ()
    origin: str = "starter"  # starter, case

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.target, *self.also)

    def used_in(self, english: str) -> bool:
        """Whether ``english`` renders the term with one of its forms (case ignored)."""
        return any(_english_pattern(form).search(english) for form in self.forms)

    def canonical_in(self, english: str) -> bool:
        return bool(_english_pattern(self.target).search(english))


@cache
def _english_pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Applied:
    """A draft after the glossary: its text, the replacements made and the terms whose
    English the draft lacks (``(source term, canonical English)``)."""

    text: str
    replaced: tuple[tuple[str, str], ...]
    missing: tuple[tuple[str, str], ...]


OPTION = "@"  # a case entry whose term starts with it is an option: "@gregorian_dates" → "off"
_OFF = ("off", "no", "false", "0")


class Glossary:
    def __init__(self, entries: Iterable[GlossaryEntry], gregorian_dates: bool = False) -> None:
        self.gregorian_dates = gregorian_dates
        by_key: dict[str, GlossaryEntry] = {}
        for entry in entries:
            by_key[normalize(entry.source)] = entry  # a later entry (the case's) wins
        self.entries = tuple(by_key.values())
        keys = sorted(by_key, key=len, reverse=True)
        self._by_key = by_key
        self._pattern = (re.compile("|".join(rf"(?<!\w){re.escape(k)}(?!\w)" for k in keys))
                         if keys else None)

    @classmethod
    def starter(cls) -> Glossary:
        return cls(starter_entries(), _starter_options().get("gregorian_dates", False))

    @classmethod
    def for_case(cls, rows: Iterable[tuple[str, str]]) -> Glossary:
        """The starter glossary with the case's ``(source, "English|other|…")`` over it (and
        its options, ``@name`` → ``on``/``off``)."""
        rows = list(rows)
        options = {**_starter_options(), **{s[len(OPTION):]: t.strip().lower() not in _OFF
                                            for s, t in rows if s.startswith(OPTION)}}
        return cls([*starter_entries(), *(parse_entry(s, t, "case") for s, t in rows
                                          if not s.startswith(OPTION))],
                   options.get("gregorian_dates", False))

    def found_in(self, source: str) -> list[GlossaryEntry]:
        """The entries whose term occurs in ``source``, in order of occurrence."""
        if self._pattern is None:
            return []
        return [self._by_key[m.group()] for m in self._pattern.finditer(normalize(source))]

    def apply(self, source: str, draft: str) -> Applied:
        """``draft`` with the canonical English of each term of ``source`` (see the module)."""
        replaced: list[tuple[str, str]] = []
        missing: list[tuple[str, str]] = []
        for entry in dict.fromkeys(self.found_in(source)):
            if entry.canonical_in(draft):
                continue
            other = next((f for f in entry.also if _english_pattern(f).search(draft)), None)
            if other is not None and draft:
                draft = _english_pattern(other).sub(entry.target.replace("\\", r"\\"), draft)
                replaced.append((other, entry.target))
            else:
                missing.append((entry.source, entry.target))
        if self.gregorian_dates and draft:
            draft = with_gregorian(source, draft)
        return Applied(draft, tuple(replaced), tuple(missing))


def with_gregorian(source: str, draft: str) -> str:
    """``draft`` with ``[YYYY-MM-DD]`` after each Jalali day of ``source`` written in digits
    that the draft carries over (once; not when the brackets are there already)."""
    for found in find_dates(source):
        if found.calendar != "jalali" or found.precision != "day" or found.gregorian is None:
            continue
        written = found.text.translate(ASCII_DIGITS)
        bracket = f"[{found.gregorian.isoformat()}]"
        at = draft.find(written)
        if found.form != "numeric" or at < 0 or bracket in draft:
            continue
        end = at + len(written)
        draft = f"{draft[:end]} {bracket}{draft[end:]}"
    return draft


def parse_entry(source: str, value: str, origin: str) -> GlossaryEntry:
    forms = [f.strip() for f in value.split("|") if f.strip()]
    if not source.strip() or not forms:
        raise ValueError(f"a glossary entry needs a term and its English: {source!r}")
    return GlossaryEntry(source.strip(), forms[0], tuple(forms[1:]), origin)


@cache
def _starter() -> dict[str, Any]:
    return tomllib.loads(files("kavosh.translate").joinpath("data/glossary.toml").read_text(
        encoding="utf-8"))


def _starter_options() -> dict[str, bool]:
    return {k: bool(v) for k, v in _starter().get("options", {}).items()}


@cache
def starter_entries() -> tuple[GlossaryEntry, ...]:
    return tuple(parse_entry(k, v, "starter") for k, v in _starter()["terms"].items())


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """A human translation (``sentence_id``) of a sentence holding ``term`` that uses none of
    its English forms, while ``agreeing`` other human translations use ``expected``."""

    sentence_id: int
    term: str
    expected: str
    agreeing: int


def inconsistent(glossary: Glossary, translations: Sequence[tuple[int, str, str]]
                 ) -> list[Inconsistency]:
    """Flag human translations ``(sentence id, source, English)`` that render a glossary term
    otherwise than the rest of the case does (see the module's docstring)."""
    uses: dict[GlossaryEntry, list[tuple[int, bool]]] = {}
    for sentence_id, source, english in translations:
        for entry in dict.fromkeys(glossary.found_in(source)):
            uses.setdefault(entry, []).append((sentence_id, entry.used_in(english)))
    found: list[Inconsistency] = []
    for entry, seen in uses.items():
        agreeing = sum(1 for _, ok in seen if ok)
        found += [Inconsistency(sid, entry.source, entry.target, agreeing)
                  for sid, ok in seen if not ok and agreeing]
    return sorted(found, key=lambda x: (x.sentence_id, x.term))
