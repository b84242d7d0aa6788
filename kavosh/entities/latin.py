"""Candidate names in Latin script (finder ``latin-names``): what may be a person, an
organisation or a place in an English text, for resolution to attach to a known entity.

The shipped model tags Arabic-script text only, and an English translation of a cable names
the same people (``S. M. Kazemi-Nia``, ``Salman al-Fartusi``, ``Sheikh Jawad al-Budairi``).
This finder marks each run of two to five capitalised words (a word, an initial ``S.``, a
hyphenated or apostrophed word ``Kazemi-Nia``, ``Sa'idi``, with the particles ``al-``,
``el-``, ``bin``, ``ibn``, ``Abu``, ``Abdul`` between or before them) as type ``NAME`` with a
low score, leading titles (``Col.``, ``Sheikh``) inside the span as the text writes them.

A ``NAME`` mention is no entity of its own: resolution (:mod:`kavosh.entities.resolve`)
joins it to the one person, organisation or place whose names it spells, and leaves it
unresolved otherwise. Runs of words that are headings, months or such (``Directorate
General``, ``UNOFFICIAL WORKING TRANSLATION``: all capitals) are not candidates. Jalali
months are not dropped: ``Mehr`` and ``Bahman`` are name parts too.
"""

from __future__ import annotations

import re

from kavosh.entities.base import Found

NAME = "NAME"
_WORD = r"(?:[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z]?[a-z]+(?:['’][a-z]+)?)*|[A-Z]\.)"
_PARTICLE = r"(?:al-|el-|Al-|El-|bin\s|ibn\s|bint\s|Abu\s|Abd\s|Abdul\s|Abdel\s)"
_RUN = re.compile(rf"(?<![\w-])(?:{_PARTICLE}?{_WORD})(?:\s{{1,2}}{_PARTICLE}?{_WORD}){{1,4}}"
                  r"(?![\w-])")
_CAPITAL = re.compile("[A-Z]")  # every _WORD starts with one
# Capitalised words that begin runs which are not names (sentence openers, calendar words).
_NOT_NAMES = frozenset("""
The This That These Those A An And Or But If In On At Of For From To By With Without Station
Head Reference Comment Ministry Directorate General Department Office Embassy Consulate
Cable Subject Date January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Iraqi Iranian
International Zone Republic Islamic Unofficial Working Translation Source He She They It
""".split())


class LatinNameFinder:
    """Marks candidate names in Latin script (see the module)."""

    name = "latin-names"
    version = "1"

    def find(self, text: str, language: str) -> list[Found]:
        if _CAPITAL.search(text) is None:  # a run has one: a scan in C, where _RUN tries
            return []                      # every position (most Persian pages have none)
        found = []
        for match in _RUN.finditer(text):
            words = match.group().split()
            while words and words[0] in _NOT_NAMES:
                words = words[1:]
            while words and words[-1] in _NOT_NAMES:
                words = words[:-1]
            if len(words) < 2 or all(w.endswith(".") for w in words):
                continue
            start = text.index(words[0], match.start())
            end = text.rindex(words[-1], start, match.end()) + len(words[-1])
            found.append(Found(start, end, NAME, 0.5))
        return found
