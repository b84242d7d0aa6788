"""Checks of a draft against its source (numbers that changed), and of two engines' drafts
against each other (:func:`disagreements`).

:func:`number_changes` compares the numbers of a source sentence (Persian, Arabic or Latin
digits, thousands separators ``٬`` ``,`` and decimal ``٫`` ``.`` read as such) with those of its
translation. A number of the source missing from the translation, or one the translation adds,
is reported: a translation may spell a number in words, so this is a flag for a person, never
a correction. A paragraph's number at the start (``۱. ``) is not one of the sentence's numbers.

Dates are compared as dates, not as their parts: every date :func:`kavosh.text.dates.find_dates`
recognises (``۱۳۹۸/۰۲/۱۲``, ``۱۲ اردیبهشت ۱۳۹۸``, ``2 May 2019``, ``2019-05-02``) is taken
out of the numbers and compared by the Gregorian day (or month, or year) it names. So a Jalali
date rendered in Gregorian, or given its Gregorian day in brackets by the glossary, agrees with
its source, and a date that names another day is flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kavosh.text.dates import find_dates
from kavosh.text.normalize import ASCII_DIGITS

_NUMBER = re.compile(r"\d+(?:[,٬]\d{3})*(?:[.٫]\d+)?")
_PARAGRAPH_NUMBER = re.compile(r"\s*\(?\d{1,3}[.)\-]\s")  # "1. ", "(2) ": not the sentence's


@dataclass(frozen=True, slots=True)
class NumberChange:
    missing: tuple[str, ...]  # in the source, not in the translation
    added: tuple[str, ...]  # in the translation, not in the source
    missing_dates: tuple[str, ...] = ()  # as written in the source, with the Gregorian day
    added_dates: tuple[str, ...] = ()  # as written in the translation

    def message(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"number(s) of the source missing: {', '.join(self.missing)}")
        if self.added:
            parts.append(f"number(s) not in the source: {', '.join(self.added)}")
        if self.missing_dates:
            parts.append(f"date(s) of the source missing: {', '.join(self.missing_dates)}")
        if self.added_dates:
            parts.append(f"date(s) not in the source: {', '.join(self.added_dates)}")
        return "; ".join(parts)


def dates_and_numbers(text: str) -> tuple[dict[tuple[str, str], str], Counter[str]]:
    """The dates of ``text`` (by the Gregorian period they name and its precision, each with
    how it is written and that day) and its numbers outside them (see :func:`numbers`)."""
    found: dict[tuple[str, str], str] = {}
    rest = list(text)
    for d in find_dates(text):
        if d.gregorian is None:
            continue  # an impossible date: its numbers stay numbers
        found.setdefault((d.gregorian.isoformat(), d.precision),
                         d.text if d.calendar == "gregorian" else
                         f"{d.text} ({d.gregorian.isoformat()})")
        rest[d.start:d.end] = " " * (d.end - d.start)
    return found, numbers("".join(rest))


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
    (dates_before, before), (dates_after, after) = (dates_and_numbers(source),
                                                    dates_and_numbers(translation))
    missing = tuple(sorted((before - after).elements()))
    added = tuple(sorted((after - before).elements()))
    missing_dates = tuple(v for k, v in dates_before.items() if k not in dates_after)
    added_dates = tuple(v for k, v in dates_after.items() if k not in dates_before)
    if missing or added or missing_dates or added_dates:
        return NumberChange(missing, added, missing_dates, added_dates)
    return None


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
    (dates_a, a), (dates_b, b) = dates_and_numbers(first), dates_and_numbers(second)
    if a != b:
        found.append(f"numbers differ: {', '.join(sorted(a)) or 'none'} against "
                     f"{', '.join(sorted(b)) or 'none'}")
    months = set(_MONTHS.findall(first)), set(_MONTHS.findall(second))
    if set(dates_a) != set(dates_b):
        found.append(f"dates differ: {', '.join(dates_a.values()) or 'none'} against "
                     f"{', '.join(dates_b.values()) or 'none'}")
    elif months[0] != months[1] and not dates_a:  # month names outside whole dates
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
