"""Checks of a draft against its source (numbers that changed), and of two engines' drafts
against each other (:func:`disagreements`).

:func:`number_changes` compares the numbers of a source sentence (Persian, Arabic or Latin
digits, thousands separators ``٬`` ``,`` and decimal ``٫`` ``.`` read as such; a date like
``۱۳۹۸/۰۲/۱۲`` is its parts) with those of its translation. A number of the source missing from
the translation, or one the translation adds, is reported: a translation may spell a number
in words, so this is a flag for a person, never a correction. A paragraph's number at the
start (``۱. ``) is not one of the sentence's numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kavosh.text.normalize import ASCII_DIGITS

_NUMBER = re.compile(r"\d+(?:[,٬]\d{3})*(?:[.٫]\d+)?")
_PARAGRAPH_NUMBER = re.compile(r"\s*\(?\d{1,3}[.)\-]\s")  # "1. ", "(2) ": not the sentence's


@dataclass(frozen=True, slots=True)
class NumberChange:
    missing: tuple[str, ...]  # in the source, not in the translation
    added: tuple[str, ...]  # in the translation, not in the source

    def message(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"number(s) of the source missing: {', '.join(self.missing)}")
        if self.added:
            parts.append(f"number(s) not in the source: {', '.join(self.added)}")
        return "; ".join(parts)


def numbers(text: str) -> Counter[str]:
    """The numbers of ``text`` as plain ASCII (separators dropped, ``.`` for decimals)."""
    found: Counter[str] = Counter()
    text = text.translate(ASCII_DIGITS)
    head = _PARAGRAPH_NUMBER.match(text)
    for match in _NUMBER.finditer(text, head.end() if head else 0):
        value = re.sub(r"[,٬]", "", match.group()).replace("٫", ".")
        whole, _, decimals = value.partition(".")
        value = (whole.lstrip("0") or "0") + ("." + decimals if decimals else "")
        found[value] += 1
    return found


def number_changes(source: str, translation: str) -> NumberChange | None:
    """What changed between the numbers of ``source`` and ``translation`` (None: nothing)."""
    if not translation.strip():
        return None
    before, after = numbers(source), numbers(translation)
    missing = tuple(sorted((before - after).elements()))
    added = tuple(sorted((after - before).elements()))
    return NumberChange(missing, added) if missing or added else None


_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b"
                       r"|n't\b", re.IGNORECASE)
_MONTHS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Farvardin|Ordibehesht|Khordad|Tir|Mordad|Shahrivar|Mehr|Aban|Azar|Dey|Bahman|"
    r"Esfand)\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
_COMMON = frozenset("The A An In On At Of And But For To By From With As This That He She It "
                    "They We I Mr Mrs Ms Dr".split())


def disagreements(first: str, second: str) -> list[str]:
    """What two engines' drafts of one sentence disagree on — numbers, dates (month names),
    negation, names (capitalised words not starting a sentence) — for a person to look at."""
    found: list[str] = []
    a, b = numbers(first), numbers(second)
    if a != b:
        found.append(f"numbers differ: {', '.join(sorted(a)) or 'none'} against "
                     f"{', '.join(sorted(b)) or 'none'}")
    months = set(_MONTHS.findall(first)), set(_MONTHS.findall(second))
    if months[0] != months[1]:
        found.append(f"dates differ: {', '.join(sorted(months[0])) or 'none'} against "
                     f"{', '.join(sorted(months[1])) or 'none'}")
    if len(_NEGATION.findall(first)) % 2 != len(_NEGATION.findall(second)) % 2:
        found.append("one draft is negated, the other is not")
    names = [set(_NAME.findall(text)) - _COMMON - months[0] - months[1]
             for text in (first, second)]
    if names[0] ^ names[1]:
        found.append(f"names differ: {', '.join(sorted(names[0] - names[1])) or 'none'} "
                     f"against {', '.join(sorted(names[1] - names[0])) or 'none'}")
    return found
