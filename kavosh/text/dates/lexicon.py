"""The words of written dates: month names of every calendar and language, weekdays, Persian
day numbers in words, calendar markers and count words — and the length-preserving fold that
lets their spelling variants match alike.

The plain word lists are data (``kavosh/text/data/date_words.toml``, in folded spelling; a
space in a variant means optional white space); the calendar markers are regular
expressions and stay here. Which forms use them: :mod:`kavosh.text.dates`.
"""

from __future__ import annotations

import re

from kavosh.text.data import load

Calendar = str  # "jalali" | "hijri" | "gregorian"
JALALI, HIJRI, GREGORIAN = "jalali", "hijri", "gregorian"

# --------------------------------------------------------------------------------------------
# The length-preserving fold
# --------------------------------------------------------------------------------------------

_FOLD_MAP: dict[int, str] = {}
for _i in range(10):
    _FOLD_MAP[0x06F0 + _i] = str(_i)
    _FOLD_MAP[0x0660 + _i] = str(_i)
for _ch in "يىئۍېۑ":
    _FOLD_MAP[ord(_ch)] = "ی"
for _ch in "كڪ":
    _FOLD_MAP[ord(_ch)] = "ک"
for _ch in "ةۀەۃ":
    _FOLD_MAP[ord(_ch)] = "ه"
for _ch in "أإآٱ":
    _FOLD_MAP[ord(_ch)] = "ا"
_FOLD_MAP[ord("ؤ")] = "و"
for _ch in ("\u200c\u200d\u200b\u200e\u200f\u061c\u00a0\u202f\u2060\ufeff"
            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
    _FOLD_MAP[ord(_ch)] = " "
_FOLD_CHARS = {chr(code): out for code, out in _FOLD_MAP.items()}
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLD_CHARS)) + "]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD_CHARS[match.group()]


def fold(text: str) -> str:
    """``text`` with digits, letter variants and invisible marks unified, same length."""
    return _FOLDABLE.sub(_fold_char, text)  # faster than str.translate on non-ASCII text

# --------------------------------------------------------------------------------------------
# Vocabulary (in folded spelling; a space in a variant means "optional white space")
# --------------------------------------------------------------------------------------------

_WORDS = load("date_words.toml")


def _numbered(table: dict[str, list[str]]) -> dict[int, list[str]]:
    """A table keyed by number (month, weekday, day) as written in the data file."""
    return {int(number): variants for number, variants in table.items()}


_JALALI_NAMES = _numbered(_WORDS["jalali_months"])
_HIJRI_NAMES = _numbered(_WORDS["hijri_months"])
_GREGORIAN_NAMES = _numbered(_WORDS["gregorian_months"])  # in Persian and Arabic
_ENGLISH_MONTHS = _numbered(_WORDS["english_months"])
_ENGLISH_NAMES: list[str] = _WORDS["english_month_names"]
_WEEKDAY_NAMES: list[str] = _WORDS["english_weekday_names"]

# Weekdays: Python's numbering, Monday = 0.
_PERSIAN_WEEKDAYS = _numbered(_WORDS["persian_weekdays"])
_ARABIC_WEEKDAYS = _numbered(_WORDS["arabic_weekdays"])
_ENGLISH_WEEKDAYS = _numbered(_WORDS["english_weekdays"])

_CARDINALS = _numbered(_WORDS["cardinals"])
_ORDINAL_SPECIAL = _numbered(_WORDS["ordinals_special"])

# Calendar markers written after a year.
_MARKERS = {
    JALALI: ["ه ـ* \\.? ش\\.?", "هجری شمسی", "هجری خورشیدی", "شمسی", "خورشیدی", "ش\\.?"],
    HIJRI: ["ه ـ* \\.? ق\\.?", "هجری قمری", "قمری", "ق\\.?", "هـ+\\.?", "ه\\.?", "هجریه",
            "هجری"],
    GREGORIAN: ["میلادی", "م\\.?", "A\\.D\\.", "AD", "CE"],
}

# Words after a number that make it a count, not a year.
_COUNT_WORDS: tuple[str, ...] = tuple(_WORDS["count_words"])
_COUNT_SHORT: tuple[str, ...] = tuple(_WORDS["count_short"])


def _key(text: str) -> str:
    """Lookup key of a matched name: no spaces, no dots, lower case."""
    return re.sub(r"[\s.]+", "", text).lower()


def _variant_regex(variant: str) -> str:
    """A folded variant as a regex: a space means optional white space."""
    return r"\s*".join(re.escape(part) for part in variant.split(" "))


def _alternation(variants: list[str]) -> str:
    """Longest first, behind a check of the first letter (the regex engine is much faster)."""
    ordered = sorted(set(variants), key=len, reverse=True)
    first = "".join(sorted({v[0] for v in ordered} | {v[0].upper() for v in ordered}))
    return f"(?=[{re.escape(first)}])(?:" + "|".join(_variant_regex(v) for v in ordered) + ")"


def _table(names: dict[int, list[str]], calendar: str) -> dict[str, tuple[str, int]]:
    return {_key(v): (calendar, month) for month, vs in names.items() for v in vs}


_MONTH_LOOKUP: dict[str, tuple[str, int]] = {
    **_table(_GREGORIAN_NAMES, GREGORIAN),
    **_table(_HIJRI_NAMES, HIJRI),
    **_table(_JALALI_NAMES, JALALI),
    **_table(_ENGLISH_MONTHS, GREGORIAN),
}
_WEEKDAY_LOOKUP: dict[str, int] = {
    _key(v): wd
    for table in (_PERSIAN_WEEKDAYS, _ARABIC_WEEKDAYS, _ENGLISH_WEEKDAYS)
    for wd, vs in table.items() for v in vs
}


def _day_words() -> dict[str, int]:
    """Persian day numbers 1–31 in words, cardinal and ordinal, folded spelling → value."""
    words: dict[str, int] = {}

    def ordinals(n: int) -> list[str]:
        if n in _ORDINAL_SPECIAL:
            return _ORDINAL_SPECIAL[n]
        return [w + "م" for w in _CARDINALS[n]]

    for n in range(1, 32):
        if n in _CARDINALS:
            forms = [*_CARDINALS[n], *ordinals(n)]
        else:
            tens, unit = divmod(n, 10)
            unit_forms = [*_CARDINALS[unit], *(o for o in ordinals(unit) if o != "اول")]
            unit_forms = [u for u in unit_forms if u != "نخست"]
            forms = [f"{t} و {u}" for t in _CARDINALS[tens * 10] for u in unit_forms]
        for form in forms:
            words[form] = n
    return words


_DAY_WORDS = _day_words()
_DAY_WORD_LOOKUP = {_key(k): v for k, v in _DAY_WORDS.items()}


def _marker_table() -> list[tuple[str, str]]:
    return [(calendar, pattern) for calendar, patterns in _MARKERS.items() for pattern in patterns]


def _marker_regex() -> str:
    parts = []
    for _calendar, pattern in _marker_table():
        parts.append(pattern.replace(" ", r"\s*"))
    return "|".join(parts)


def _marker_calendar(marker: str) -> str:
    for calendar, pattern in _marker_table():
        if re.fullmatch(pattern.replace(" ", r"\s*"), marker):
            return calendar
    raise ValueError(marker)  # pragma: no cover - the regex only matches table entries


def _month_of(name: str) -> tuple[str, int]:
    """``(calendar, month)`` of a month name as matched (a trailing ``ماه`` may be kept)."""
    key = _key(name)
    if key.endswith("ماه") and key not in _MONTH_LOOKUP:
        key = key[:-3]
    return _MONTH_LOOKUP[key]

