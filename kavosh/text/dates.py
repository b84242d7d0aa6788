"""Dates written in Persian, Arabic and English text, in three calendars, found in the raw text.

:func:`find_dates` returns a :class:`FoundDate` for every date it recognises, with offsets into
the text exactly as given (run it on raw text, never on :func:`kavosh.text.normalize` output:
the normaliser may split ``۱۳۹۸/۱۰/۱۳``). Matching works on a length-preserving fold of the
text (Persian and Arabic-Indic digits → ASCII, ``ي ى ئ`` → ``ی``, ``ك`` → ``ک``, ``ة ۀ`` →
``ه``, ``أ إ آ ٱ`` → ``ا``, and ZWNJ, ZWJ, bidi marks and no-break spaces → space), so
spelling variants match alike and every offset is a raw offset.

Each date carries its calendar (``jalali``, ``hijri`` or ``gregorian``), what was written
(``year``, ``month``, ``day`` in that calendar), the Gregorian date (the first day of the
period for a month or a year), its ``precision`` (``day``, ``month`` or ``year``) and
``problems``: plain-English verification signals (an impossible date, a weekday that does not
match, an order that had to be guessed). Conversions: :mod:`kavosh.text.calendars`.

Forms recognised
================

**Numeric** (``/``, ``-`` or ``.`` between the parts, the same separator twice; a space
may sit beside a slash, as in ``۴/ ۱۲/ ۱۳۹۲``)

- Year first, four-digit year: ``۱۳۹۳/۰۸/۲۵``, ``1393/8/25``, ``۱۳۹۳-۰۸-۲۵`` → Jalali when the
  year is 1200–1499 (lunar Hijri when a lunar marker follows: ``1436/01/22 ه.ق``), Gregorian
  when it is 1800–2100 (``2014-11-16``, ISO 8601, also ``2014-11-16T10:00``). Other years
  are taken only with a calendar marker after them.
- Year last, four-digit year: ``25/08/1393`` (Jalali, day first); ``16/11/2014`` Gregorian,
  day first unless that is impossible (``11/16/2014`` is read month first); when both orders
  are possible (``05/06/2014``) it is read day first and a problem says so — except after
  the US cable marking ``DECL:`` (``E.O. 12958: DECL: 04/07/2015``), read month first.
- Two-digit year (Jalali only, ``/`` or ``-``): ``۹۳/۸/۲۵`` (year first; also when both ends
  could be the year) and ``۲۹/۴/۶۷`` (day first, when only the last part can be a year).
  ``00``–``19`` mean 1400–1419 and ``20``–``99`` mean 1320–1399. Written with ASCII digits
  they are taken only inside Persian or Arabic text (``16/11/14`` in English text is not a
  date this module guesses).
- Not dates: longer digit runs (``۰۹۱۲۳۴۵۶۷۸۹``), parts of three digits or more in the
  middle (cable numbers such as ``۱۲۳/۴۵۶/ب``), a month over 12, a day over 31, a day of 0.

**Day, month name, year** — optionally after a weekday (``یکشنبه ۲۵ آبان ۱۳۹۳``,
``یکشنبه، ۲۵ آبان ۱۳۹۳``, ``الأحد ٢٢ محرم ١٤٣٦``, ``Sunday, 16 November 2014``)

- Day in digits (``۲۵``, ``25``, ``16th``) or in Persian words, cardinal or ordinal, 1–31:
  ``بیست و پنجم آبان ۱۳۹۳``, ``بیست‌وپنج آبان ۱۳۹۳``, ``اول مهر ۱۳۹۳``, ``سی‌ام شهریور ۹۳``.
- Between month and year: ``ماه`` (``آبان‌ماه``, ``آبان ماه``, ``آبانماه``), ``سال``
  (``۱۲ دسامبر سال ۲۰۰۷``), a comma, ``of`` (``16th of November 2014``).
- Year of four digits, or two digits for a Jalali month (``۲۵ آبان‌ماه ۹۳``, same rule as
  above), followed by an optional calendar marker.

- Days listed before a full date share its month and year: ``۳ و ۴ مارس ۲۰۱۸``,
  ``۲۱، ۲۳ و ۲۵ فروردین ۱۳۹۳``, ``25 تا 28 آبان 1393`` (each day is its own date; the list
  must ascend). A day and month opening a range that a full date closes take its year, or
  the year before when the month is later: ``از ۲۴ اسفند تا ۱۵ فروردین ۹۷`` gives
  1396/12/24 and 1397/01/15.
- Digits may stick to the word before them (``شماره11تیرماه1379``).

**Month name, day, year** (English): ``November 16, 2014``, ``Nov. 16, 2014``,
``Sunday, November 16, 2014``, ``JUNE 21, 2006``.

**Month and year** (precision ``month``): ``آبان ۱۳۹۳``, ``آبان ماه ۱۳۹۳``, ``آبان ۹۳``,
``تیرماه1379``, ``محرم ۱۴۳۶``, ``نوامبر ۲۰۱۴``, ``November 2014``, ``Nov 2014``. Persian
``می`` (May) needs a day or a marker here (it is also a verb prefix); Arabic ``آب``
(August) needs a year from 1800.

**Year** (precision ``year``), only where clearly a date: after ``سال`` / ``عام`` / ``سنة``
(``سال ۱۳۹۳``, ``سال 2014``, ``سال ۹۳``) or with a calendar marker (``۱۳۹۳ ه.ش``,
``1393 هجری شمسی``, ``۱۴۳۶ ه.ق``, ``2014 میلادی``, ``2014م``, ``2014 AD``). A bare number
(``2014`` in English text, ``۱۳۹۳ نفر``) is never a date.

**Military date-time group** of cables: ``281848Z DEC 66`` and ``281848Z DEC 1966``
(day 28, 18:48 Zulu, December 1966; ``time`` = ``"18:48"``). Two-digit years 40–99 are
19xx, 00–39 are 20xx (the cables run from the 1960s to 2010).

Month names
-----------
- Jalali: فروردین، اردیبهشت (اردی‌بهشت)، خرداد، تیر، مرداد (امرداد)، شهریور، مهر، آبان،
  آذر، دی، بهمن، اسفند (اسپند).
- Lunar Hijri (Persian and Arabic spellings): محرم (محرم‌الحرام)، صفر (صفرالمظفر)،
  ربیع‌الاول / ربيع الأول، ربیع‌الثانی / ربیع الآخر، جمادی‌الاول / جمادی‌الاولی / جمادى
  الأولى، جمادی‌الثانی / جمادی‌الثانیه / جمادى الآخرة، رجب (رجب المرجب)، شعبان (شعبان
  المعظم)، رمضان (رمضان المبارک)، شوال (شوال المکرم)، ذی‌القعده / ذیقعده / ذوالقعدة / ذو
  القعدة، ذی‌الحجه / ذیحجه / ذوالحجة / ذو الحجة.
- Gregorian in Persian: ژانویه، فوریه، مارس، آوریل (آپریل)، مه / می، ژوئن (جون)، ژوئیه
  (جولای)، اوت (آگوست)، سپتامبر، اکتبر، نوامبر، دسامبر.
- Gregorian in Arabic: يناير، فبراير، مارس، أبريل، مايو، يونيو (يونيه)، يوليو (يوليه)،
  أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر; Levantine: كانون الثاني، شباط، آذار، نيسان،
  أيار، حزيران، تموز، آب، أيلول، تشرين الأول، تشرين الثاني، كانون الأول. Arabic ``آذار``
  (March) and Persian ``آذر`` (Jalali month 9) are told apart.
- English, any case, full or abbreviated with or without a dot: January/Jan., …,
  September/Sept./Sep., ….

A month name decides the calendar. Otherwise the calendar marker after the year does:

- Jalali: ``ه.ش``, ``هـ.ش``, ``ه ش``, ``ش``, ``هجری شمسی``, ``شمسی``, ``خورشیدی``;
- lunar Hijri: ``ه.ق``, ``هـ.ق``, ``ق``, ``هجری قمری``, ``قمری``, Arabic ``هـ`` / ``ه``,
  ``هجری``;
- Gregorian: ``م``, ``میلادی``, ``AD``, ``A.D.``, ``CE``.

A marker that contradicts the month name is reported as a problem (the month name wins).

Weekdays (written just before a date and checked against it): Persian شنبه، یکشنبه،
دوشنبه، سه‌شنبه، چهارشنبه، پنجشنبه، جمعه (آدینه), with or without a half-space; Arabic
السبت، الأحد، الاثنين، الثلاثاء، الأربعاء، الخميس، الجمعة (optionally after يوم); English
names and abbreviations (``Sunday``, ``Sun.``). A weekday that does not match gives a
problem such as ``weekday دوشنبه does not match: 1393/08/25 is a Sunday (2014-11-16)``.

For a lunar Hijri date, whose observed day may differ from the tabular one, a written weekday
within two days of the tabular date is taken as the observed day (``الأحد ٢٢ محرم ١٤٣٦``
gives Sunday 2014-11-16 where the tabular date is Saturday the 15th) and is not a problem.

Impossible dates (a day that exceeds its month but is at most 31, such as ``۱۳۹۳/۱۲/۳۰``,
1393 not being a leap year) are reported with ``gregorian`` = ``None`` and a problem, not
dropped. When matches overlap, the longest is kept.

Not handled: a day and month without a year (``۲۲ بهمن``, ``۱۵ دی‌ماه سال جاری``) — it cannot
be placed on a timeline without knowing the document's year; years written in words;
three-digit abbreviated years (``ذیحجه 408`` for 1408); a bare ``سال 1136`` outside the year
ranges above; Gregorian numeric dates with two-digit years (``11/16/14``).

Lunar Hijri dates are converted with the tabular Islamic calendar; observed Iranian or Saudi
dates may differ by a day or two.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from kavosh.text.calendars import (
    JALALI_MONTHS,
    gregorian_month_length,
    hijri_to_gregorian,
    jalali_is_leap,
    jalali_month_length,
    jalali_to_gregorian,
)

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

_JALALI_NAMES = {
    1: ["فروردین"], 2: ["اردیبهشت", "اردی بهشت"], 3: ["خرداد"], 4: ["تیر"],
    5: ["مرداد", "امرداد"], 6: ["شهریور"], 7: ["مهر"], 8: ["ابان"], 9: ["اذر"], 10: ["دی"],
    11: ["بهمن"], 12: ["اسفند", "اسپند"],
}
_HIJRI_NAMES = {
    1: ["محرم", "محرم الحرام"],
    2: ["صفر", "صفر المظفر"],
    3: ["ربیع الاول", "ربیع الاولی", "ربیع اول"],
    4: ["ربیع الثانی", "ربیع الاخر", "ربیع الاخره", "ربیع ثانی"],
    5: ["جمادی الاول", "جمادی الاولی", "جمادی الاوله", "جمادی اول"],
    6: ["جمادی الثانی", "جمادی الثانیه", "جمادی الاخر", "جمادی الاخره", "جمادی ثانی"],
    7: ["رجب", "رجب المرجب"],
    8: ["شعبان", "شعبان المعظم"],
    9: ["رمضان", "رمضان المبارک"],
    10: ["شوال", "شوال المکرم"],
    11: ["ذی القعده", "ذو القعده", "ذی قعده", "ذی القعده الحرام", "ذو القعده الحرام"],
    12: ["ذی الحجه", "ذو الحجه", "ذی حجه", "ذی الحجه الحرام", "ذو الحجه الحرام"],
}
_GREGORIAN_NAMES = {
    1: ["ژانویه", "ینایر", "کانون الثانی"],
    2: ["فوریه", "فبرایر", "شباط"],
    3: ["مارس", "اذار"],
    4: ["اوریل", "اپریل", "ابریل", "نیسان"],
    5: ["مه", "می", "مای", "مایو", "ایار"],
    6: ["ژوین", "ژوءن", "جون", "یونیو", "یونیه", "حزیران"],
    7: ["ژوییه", "ژوءیه", "جولای", "یولیو", "یولیه", "تموز"],
    8: ["اوت", "اگوست", "اگست", "اغسطس", "اب"],
    9: ["سپتامبر", "سبتمبر", "ایلول"],
    10: ["اکتبر", "اکتوبر", "تشرین الاول"],
    11: ["نوامبر", "نوفمبر", "تشرین الثانی"],
    12: ["دسامبر", "دیسمبر", "کانون الاول"],
}
_ENGLISH_MONTHS = {
    1: ["january", "jan"], 2: ["february", "feb"], 3: ["march", "mar"], 4: ["april", "apr"],
    5: ["may"], 6: ["june", "jun"], 7: ["july", "jul"], 8: ["august", "aug"],
    9: ["september", "sept", "sep"], 10: ["october", "oct"], 11: ["november", "nov"],
    12: ["december", "dec"],
}
_ENGLISH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Weekdays: Python's numbering, Monday = 0.
_PERSIAN_WEEKDAYS = {
    0: ["دو شنبه"], 1: ["سه شنبه", "سشنبه"], 2: ["چهار شنبه"], 3: ["پنج شنبه"],
    4: ["جمعه", "ادینه"], 5: ["شنبه"], 6: ["یک شنبه"],
}
_ARABIC_WEEKDAYS = {
    0: ["الاثنین", "الاثنان"], 1: ["الثلاثاء", "الثلاثا"], 2: ["الاربعاء", "الاربعا"],
    3: ["الخمیس"], 4: ["الجمعه"], 5: ["السبت"], 6: ["الاحد"],
}
_ENGLISH_WEEKDAYS = {
    0: ["monday", "mon"], 1: ["tuesday", "tues", "tue"], 2: ["wednesday", "wed"],
    3: ["thursday", "thurs", "thur", "thu"], 4: ["friday", "fri"], 5: ["saturday", "sat"],
    6: ["sunday", "sun"],
}

_CARDINALS = {
    1: ["یک"], 2: ["دو"], 3: ["سه"], 4: ["چهار"], 5: ["پنج"], 6: ["شش", "شیش"], 7: ["هفت"],
    8: ["هشت"], 9: ["نه"], 10: ["ده"], 11: ["یازده"], 12: ["دوازده"], 13: ["سیزده"],
    14: ["چهارده"], 15: ["پانزده", "پونزده"], 16: ["شانزده", "شونزده"], 17: ["هفده", "هیفده"],
    18: ["هجده", "هیجده", "هژده"], 19: ["نوزده"], 20: ["بیست"], 30: ["سی"],
}
_ORDINAL_SPECIAL = {1: ["یکم", "اول", "نخست"], 3: ["سوم"], 30: ["سی ام", "سیم"]}

# Calendar markers written after a year.
_MARKERS = {
    JALALI: ["ه ـ* \\.? ش\\.?", "هجری شمسی", "هجری خورشیدی", "شمسی", "خورشیدی", "ش\\.?"],
    HIJRI: ["ه ـ* \\.? ق\\.?", "هجری قمری", "قمری", "ق\\.?", "هـ+\\.?", "ه\\.?", "هجریه",
            "هجری"],
    GREGORIAN: ["میلادی", "م\\.?", "A\\.D\\.", "AD", "CE"],
}

# Words after a number that make it a count, not a year.
_COUNT_WORDS = (
    "نفر", "درصد", "هزار", "میلیون", "میلیارد", "تومان", "ریال", "دلار", "یورو", "کیلو",
    "متر", "سانتی", "میلی", "هکتار", "لیتر", "بشکه", "خانوار", "دستگاه", "قطعه", "مورد",
    "عدد", "واحد", "برابر", "امتیاز", "نمره", "کشته", "زخمی", "دقیقه", "ثانیه",
)
_COUNT_SHORT = ("تن", "بار", "روز", "سال", "رای", "گل", "%", "٪")


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


# --------------------------------------------------------------------------------------------
# Regular expressions (over folded text)
# --------------------------------------------------------------------------------------------

_ARABIC_SCRIPT_MONTHS = _alternation(
    [v for t in (_JALALI_NAMES, _HIJRI_NAMES, _GREGORIAN_NAMES) for vs in t.values() for v in vs]
)
_EN_MONTHS = _alternation([v for vs in _ENGLISH_MONTHS.values() for v in vs])
_NO_LETTER = r"(?![^\W\d_])"  # not followed by a letter (a digit may follow: "تیرماه1379")
_MONTH = rf"(?P<mon>{_ARABIC_SCRIPT_MONTHS}|(?i:{_EN_MONTHS})\.?)(?:\s*ماه)?{_NO_LETTER}"
_DAY = (  # digits may follow a Persian letter ("شماره11تیرماه1379"); words stand alone
    r"(?:(?<![\dA-Za-z_/.])(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th|ام)?"
    rf"|(?<!\w)(?P<dw>{_alternation(list(_DAY_WORDS))})(?!\w))"
)
_COUNT = (
    r"(?!\s*(?:" + "|".join(_COUNT_WORDS) + "|"
    + "|".join(re.escape(w) + r"(?!\w)" for w in _COUNT_SHORT) + r"))"
)
_YEAR_END = r"(?!\d|[/\-.:]\d)"
_MARKER = rf"(?:\s*(?P<mark>{_marker_regex()})(?!\w))?"
# After a day and a month a four-digit number is a year; a two-digit one must not be a count.
_YEAR_AFTER_DAY = rf"(?<!\d)(?P<y>\d{{4}}{_YEAR_END}|\d{{2}}{_YEAR_END}{_COUNT})"
_YEAR_STRICT = rf"(?<!\d)(?P<y>(?:\d{{4}}|\d{{2}}){_YEAR_END}{_COUNT})"
_BETWEEN = r"(?:\s*[,،])?\s*(?:سال\s*)?"

_TEXT_DATE = re.compile(
    rf"{_DAY}\s*(?:of\s+)?{_MONTH}{_BETWEEN}{_YEAR_AFTER_DAY}{_MARKER}"
)
_MONTH_FIRST = re.compile(
    rf"(?<!\w)(?P<mon>(?i:{_EN_MONTHS}))\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"\s*,?\s*(?P<y>\d{{4}}){_YEAR_END}{_MARKER}"
)
_MONTH_YEAR = re.compile(rf"(?<!\w){_MONTH}{_BETWEEN}{_YEAR_STRICT}{_MARKER}")
_YEAR_WORD = re.compile(rf"(?<!\w)(?P<kw>سال|عام|سنه)\s*{_YEAR_STRICT}{_MARKER}")
_YEAR_MARKED = re.compile(
    rf"(?<![\dA-Za-z_/\-.])(?P<y>\d{{4}})\s*(?P<mark>{_marker_regex()})(?!\w)"
)
_NUMERIC = re.compile(  # "/" may have a space after or before it: "۴/ ۱۲/ ۱۳۹۲"
    r"(?<![\dA-Za-z_/\-.])(?P<a>\d{1,4})(?P<sep> ?/ ?|[/\-.])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<c>\d{1,4})(?!\d|[/\-.]\d| ?/ ?\d)(?!(?!T\d)[A-Za-z_])"
)
# A day listed before a full date shares its month and year: "۳ و ۴ مارس ۲۰۱۸".
_LIST_BEFORE = re.compile(
    r"(?<![\dA-Za-z_/.])(?<!ساعت)(?<!ساعت )(?P<d>\d{1,2})"
    r"(?:\s*[,،\-–]\s*|\s+(?:و|تا|الی|لغایت|and|to)\s+)\Z"
)
# A day and month opening a range that a full date closes: "از ۲۴ اسفند تا ۱۵ فروردین ۹۷".
_RANGE_BEFORE = re.compile(
    rf"(?P<start>{_DAY}\s*(?:of\s+)?{_MONTH})"
    r"(?:\s+(?:تا|الی|لغایت|to|until)\s+|\s*[\-–]\s*)\Z"
)
_DTG = re.compile(
    r"(?<!\w)(?P<d>\d{2})(?P<hh>\d{2})(?P<mi>\d{2})\s?[Zz]\s+"
    rf"(?P<mon>(?i:{_EN_MONTHS}))\.?\s+(?P<y>\d{{4}}|\d{{2}}){_YEAR_END}(?!\w)"
)
_US_ORDER = re.compile(r"\b(?:DECL|DECLASSIFY ON|Decl|Declassify on)\b[:.]?\s*\Z")
_MARKER_AFTER = re.compile(rf"\s*(?P<mark>{_marker_regex()})(?!\w)")
_WEEKDAY_BEFORE = re.compile(
    r"(?<!\w)(?P<wd>"
    + _alternation([v for vs in _PERSIAN_WEEKDAYS.values() for v in vs])
    + r"|" + _alternation([v for vs in _ARABIC_WEEKDAYS.values() for v in vs])
    + r"|(?i:" + _alternation([v for vs in _ENGLISH_WEEKDAYS.values() for v in vs]) + r")\.?"
    + r")(?!\w)(?:\s*[,،]\s*|\s+)\Z"
)
# How far around a digit run a date, the weekday before it and the start of a range that it
# closes may reach (see _windows).
_BEFORE, _AFTER = 120, 45
_DIGIT_GROUPS = re.compile(rf"\d(?:\D{{0,{_BEFORE + _AFTER}}}\d)*")  # runs close enough to merge
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_MARK_SET = frozenset([*map(chr, range(0x064B, 0x0660)), "\u0670", "\u0640"])
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")



# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date found in a text; ``text == raw[start:end]``."""

    start: int
    end: int
    text: str
    calendar: str  # "jalali" | "hijri" | "gregorian"
    gregorian: date | None  # first day of the period; None only for an impossible date
    precision: str  # "day" | "month" | "year"
    year: int  # as written, in its own calendar (two-digit years expanded)
    month: int | None
    day: int | None
    time: str | None = None  # "HH:MM" (military date-time groups; Zulu time)
    weekday: str | None = None  # the weekday as written before the date
    problems: tuple[str, ...] = ()
    form: str = ""  # which written form matched: numeric, text, month-first, month, year, dtg

    def period(self) -> tuple[date, date] | None:
        """First and last Gregorian day the date covers (a day, a month or a year)."""
        if self.gregorian is None:
            return None
        if self.precision == "day":
            return self.gregorian, self.gregorian
        return self.gregorian, _period_end(self.calendar, self.year, self.month)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        data = asdict(self)
        data["gregorian"] = self.gregorian.isoformat() if self.gregorian else None
        data["problems"] = list(self.problems)
        span = self.period()
        data["gregorian_end"] = span[1].isoformat() if span else None
        return data


def _period_end(calendar: str, year: int, month: int | None) -> date:
    if month is None or month == 12:
        start = _convert(calendar, year + 1, 1, 1)
    else:
        start = _convert(calendar, year, month + 1, 1)
    return start - timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Conversion and checks
# --------------------------------------------------------------------------------------------


def _convert(calendar: str, year: int, month: int, day: int) -> date:
    """Gregorian date; ValueError when impossible. Hijri day 30 is allowed in any month."""
    if calendar == JALALI:
        return jalali_to_gregorian(year, month, day)
    if calendar == HIJRI:
        if day > 30:
            raise ValueError("lunar months have at most 30 days")
        return hijri_to_gregorian(year, month, 1) + timedelta(days=day - 1)
    return date(year, month, day)


def _show(calendar: str, year: int, month: int, day: int | None = None) -> str:
    if calendar == GREGORIAN:
        return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return f"{year}/{month:02d}" + (f"/{day:02d}" if day else "")


def _month_name(calendar: str, month: int) -> str:
    if calendar == JALALI:
        return f"month {month} ({JALALI_MONTHS[month - 1]})"
    if calendar == HIJRI:
        return f"lunar month {month}"
    return _ENGLISH_NAMES[month - 1]


def _impossible(calendar: str, year: int, month: int, day: int) -> str:
    shown = _show(calendar, year, month, day)
    if calendar == HIJRI:
        return f"impossible date: {shown} — lunar months have at most 30 days"
    if calendar == JALALI:
        length = jalali_month_length(year, month)
        if month == 12 and day == 30 and not jalali_is_leap(year):
            return f"impossible date: {shown} — {year} is not a leap year"
    else:
        length = gregorian_month_length(year, month)
        if month == 2 and day == 29:
            return f"impossible date: {shown} — {year} is not a leap year"
    return f"impossible date: {shown} — {_month_name(calendar, month)} has {length} days"


def _year_ok(calendar: str, year: int) -> bool:
    if calendar == JALALI:
        return 1000 <= year <= 1599
    if calendar == HIJRI:
        return 1 <= year <= 1599
    return 1000 <= year <= 2199


@dataclass(slots=True)
class _Draft:
    """A match before conversion and checks."""

    start: int
    end: int
    calendar: str
    year: int
    month: int | None
    day: int | None
    form: str
    time: str | None = None
    problems: list[str] | None = None


@dataclass(frozen=True, slots=True)
class _Source:
    """The caller's text; the same without marks (``view``); that view folded near digits."""

    raw: str
    view: str  # raw without harakat and tatweel (the same object when it has none)
    folded: str  # view with every window folded (see fold): same length as view
    windows: tuple[tuple[int, int], ...]  # the only spans searched (around digit runs)
    marks: tuple[int, ...]  # for each removed mark, the view offset of the character after it

    @classmethod
    def of(cls, raw: str) -> _Source:
        view, marks = raw, tuple[int, ...]()
        if _MARKS.search(raw):
            marks = tuple(m.start() - i for i, m in enumerate(_MARKS.finditer(raw)))
            view = _MARKS.sub("", raw)
        windows = _windows(view)
        parts, last = [], 0
        for start, end in windows:  # folding only near digits is much faster on long text
            parts += [view[last:start], fold(view[start:end])]
            last = end
        parts.append(view[last:])
        return cls(raw, view, "".join(parts), tuple(windows), marks)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of view span ``[start, end)``, with the marks inside or right after it."""
        if not self.marks:
            return start, end
        raw_end = end - 1 + bisect_right(self.marks, end - 1) + 1
        while raw_end < len(self.raw) and self.raw[raw_end] in _MARK_SET:
            raw_end += 1
        return start + bisect_right(self.marks, start), raw_end


def _finish(draft: _Draft, src: _Source) -> FoundDate | None:
    """Convert, check and package a draft; None when it is not a plausible date."""
    cal, year, month, day = draft.calendar, draft.year, draft.month, draft.day
    if not _year_ok(cal, year) or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    problems = list(draft.problems or [])
    start, weekday_span, weekday_number = draft.start, None, None
    if day is not None:
        start, weekday_span, weekday_number = _weekday_before(src.folded, draft.start)
    gregorian: date | None
    try:
        gregorian = _convert(cal, year, month or 1, day or 1)
    except ValueError:
        if month is None or day is None:
            return None
        gregorian = None
        problems.append(_impossible(cal, year, month, day))
    weekday = _raw_slice(src, weekday_span)
    if gregorian and weekday and month and day and weekday_number is not None:
        if cal == HIJRI:
            gregorian = _observed(gregorian, weekday_number)
        if weekday_number != gregorian.weekday():
            problems.append(_weekday_problem(weekday, _show(cal, year, month, day), gregorian))
    precision = "day" if day is not None else "month" if month is not None else "year"
    raw_start, raw_end = src.span(start, draft.end)
    return FoundDate(
        start=raw_start, end=raw_end, text=src.raw[raw_start:raw_end], calendar=cal,
        gregorian=gregorian, precision=precision, year=year, month=month, day=day,
        time=draft.time, weekday=weekday, problems=tuple(problems), form=draft.form,
    )


def _raw_slice(src: _Source, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    start, end = src.span(*span)
    return src.raw[start:end]


def _observed(tabular: date, weekday: int) -> date:
    """The day within two days of a tabular Hijri date that falls on the written weekday."""
    for delta in (0, -1, 1, -2, 2):
        candidate = tabular + timedelta(days=delta)
        if candidate.weekday() == weekday:
            return candidate
    return tabular


def _weekday_problem(written: str, shown: str, gregorian: date) -> str:
    return (f"weekday {written} does not match: {shown} is a "
            f"{_WEEKDAY_NAMES[gregorian.weekday()]} ({gregorian.isoformat()})")


def _weekday_before(
    folded: str, start: int
) -> tuple[int, tuple[int, int] | None, int | None]:
    """A weekday written just before ``start``: (new start, its span, Python weekday)."""
    found = _WEEKDAY_BEFORE.search(folded, max(0, start - 30), start)
    if not found:
        return start, None, None
    key = _key(found.group("wd"))
    return found.start(), found.span("wd"), _WEEKDAY_LOOKUP.get(key)


# --------------------------------------------------------------------------------------------
# Year helpers
# --------------------------------------------------------------------------------------------


def _jalali_two_digit(yy: int) -> int:
    """Two-digit Jalali year: 00–19 → 1400–1419, 20–99 → 1320–1399."""
    return 1400 + yy if yy < 20 else 1300 + yy


def _gregorian_two_digit(yy: int) -> int:
    """Two-digit Gregorian year (cables): 40–99 → 1940–1999, 00–39 → 2000–2039."""
    return 1900 + yy if yy >= 40 else 2000 + yy


def _calendar_by_range(year: int) -> str | None:
    """Calendar of a bare four-digit year: 1200–1499 Jalali, 1800–2100 Gregorian."""
    if 1200 <= year <= 1499:
        return JALALI
    if 1800 <= year <= 2100:
        return GREGORIAN
    return None


def _marker(match: re.Match[str]) -> tuple[str | None, str | None]:
    """(calendar, marker as matched) of the calendar marker in a match, if any."""
    mark = match.group("mark")
    if not mark:
        return None, None
    return _marker_calendar(mark), mark


def _month_of(name: str) -> tuple[str, int]:
    key = _key(name)
    if key.endswith("ماه") and key not in _MONTH_LOOKUP:
        key = key[:-3]
    return _MONTH_LOOKUP[key]


def _marker_conflict(mark: str | None, mark_cal: str | None, calendar: str) -> list[str]:
    if mark_cal is None or mark_cal == calendar:
        return []
    return [f"calendar marker {mark} does not fit a {calendar} month name; read as {calendar}"]


# --------------------------------------------------------------------------------------------
# One builder per written form
# --------------------------------------------------------------------------------------------


def _month_group(match: re.Match[str]) -> str:
    """The month name alone (without a trailing ``ماه``)."""
    return re.sub(r"\s*ماه$", "", match.group("mon")).rstrip(".")


def _text_date(m: re.Match[str]) -> _Draft | None:
    calendar, month = _month_of(_month_group(m))
    day = int(m.group("d")) if m.group("d") else _DAY_WORD_LOOKUP[_key(m.group("dw"))]
    year_text = m.group("y")
    if len(year_text) == 2:
        if calendar != JALALI:
            return None
        year = _jalali_two_digit(int(year_text))
    else:
        year = int(year_text)
    mark_cal, mark = _marker(m)
    problems = _marker_conflict(mark, mark_cal, calendar)
    end = m.end() if mark else m.end("y")
    return _Draft(m.start(), end, calendar, year, month, day, "text", problems=problems)


def _month_first(m: re.Match[str]) -> _Draft | None:
    _, month = _month_of(m.group("mon"))
    mark_cal, mark = _marker(m)
    problems = _marker_conflict(mark, mark_cal, GREGORIAN)
    end = m.end() if mark else m.end("y")
    return _Draft(m.start(), end, GREGORIAN, int(m.group("y")), month, int(m.group("d")),
                  "month-first", problems=problems)


def _month_year(m: re.Match[str]) -> _Draft | None:
    name = _month_group(m)
    calendar, month = _month_of(name)
    key = _key(name)
    mark_cal, mark = _marker(m)
    year_text = m.group("y")
    if len(year_text) == 2:
        if calendar != JALALI:
            return None
        year = _jalali_two_digit(int(year_text))
    else:
        year = int(year_text)
    if key in ("می", "مای") and mark_cal is None:
        return None  # also a verb prefix
    if key == "اب" and year < 1800:
        return None  # Persian "water"
    if calendar == HIJRI and mark_cal is None and not 1200 <= year <= 1499:
        return None
    if name[:1].isascii() and not name[:1].isupper():
        return None  # "may 2014" in running English text
    problems = _marker_conflict(mark, mark_cal, calendar)
    end = m.end() if mark else m.end("y")
    return _Draft(m.start(), end, calendar, year, month, None, "month", problems=problems)


def _year_word(m: re.Match[str]) -> _Draft | None:
    mark_cal, mark = _marker(m)
    year_text = m.group("y")
    year = int(year_text)
    arabic = m.group("kw") != "سال"
    if len(year_text) == 2:
        if arabic or mark_cal == HIJRI:
            return None
        if mark_cal == GREGORIAN:
            return _Draft(m.start(), m.end(), GREGORIAN, _gregorian_two_digit(year), None, None,
                          "year")
        return _Draft(m.start(), m.end(), JALALI, _jalali_two_digit(year), None, None, "year")
    calendar = mark_cal or _calendar_by_range(year)
    if calendar == JALALI and arabic and mark_cal is None:
        calendar = HIJRI  # Arabic text does not count years in the Persian calendar
    if calendar is None:
        return None
    end = m.end() if mark else m.end("y")
    return _Draft(m.start(), end, calendar, year, None, None, "year")


def _year_marked(m: re.Match[str]) -> _Draft | None:
    mark_cal, mark = _marker(m)
    year = int(m.group("y"))
    if mark_cal is None or mark is None:
        return None
    short = len(mark.replace(".", "").replace("ـ", "").strip()) <= 1
    if short and _calendar_by_range(year) is None and not 1200 <= year <= 1499:
        return None  # "۵۰۰۰ م" is five kilometres, not a year
    if short and mark_cal == GREGORIAN and year < 1800:
        return None
    return _Draft(m.start(), m.end(), mark_cal, year, None, None, "year")


def _two_digit_allowed(view: str, start: int, end: int) -> bool:
    """A two-digit-year numeric date is Jalali only in Persian/Arabic text or digits."""
    if any(not ch.isascii() for ch in view[start:end] if ch.isdigit()):
        return True
    context = view[max(0, start - 60):end + 60]
    return len(_ARABIC_LETTER.findall(context)) > len(_LATIN_LETTER.findall(context))


def _numeric(m: re.Match[str], src: _Source) -> _Draft | None:
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    after = _MARKER_AFTER.match(src.folded, m.end())
    mark_cal = _marker_calendar(after.group("mark")) if after else None
    end = after.end() if after else m.end()
    if len(a) == 4 and len(c) <= 2:
        return _numeric_year_first(m, int(a), int(b), int(c), mark_cal, end)
    if len(c) == 4 and len(a) <= 2:
        if _US_ORDER.search(src.folded, max(0, m.start() - 24), m.start()):
            # US declassification markings are month first.
            return _Draft(m.start(), end, GREGORIAN, int(c), int(a), int(b), "numeric")
        return _numeric_year_last(m, int(a), int(b), int(c), mark_cal, end)
    if len(a) <= 2 and len(c) <= 2 and m.group("sep") != "." and mark_cal in (None, JALALI):
        if not _two_digit_allowed(src.view, m.start(), m.end()):
            return None
        return _numeric_two_digit(m, a, int(b), c, end)
    return None


def _numeric_year_first(m: re.Match[str], y: int, mo: int, d: int, mark_cal: str | None,
                        end: int) -> _Draft | None:
    calendar = mark_cal or _calendar_by_range(y)
    if calendar is None:
        return None
    return _Draft(m.start(), end, calendar, y, mo, d, "numeric")


def _numeric_year_last(m: re.Match[str], a: int, b: int, y: int, mark_cal: str | None,
                       end: int) -> _Draft | None:
    calendar = mark_cal or _calendar_by_range(y)
    if calendar is None:
        return None
    if calendar != GREGORIAN:
        return _Draft(m.start(), end, calendar, y, b, a, "numeric")
    if b <= 12:
        problems = []
        if a <= 12 and a != b:
            problems.append(
                f"ambiguous order: {m.group(0)} read day first ({a} {_ENGLISH_NAMES[b - 1]} "
                f"{y}); month first it would be {b} {_ENGLISH_NAMES[a - 1]} {y}"
            )
        return _Draft(m.start(), end, GREGORIAN, y, b, a, "numeric", problems=problems)
    if a <= 12:
        return _Draft(m.start(), end, GREGORIAN, y, a, b, "numeric")
    return None


def _numeric_two_digit(m: re.Match[str], a: str, mo: int, c: str, end: int) -> _Draft | None:
    if len(a) == 2 and (int(a) > 31 or int(c) <= 31):
        return _Draft(m.start(), end, JALALI, _jalali_two_digit(int(a)), mo, int(c), "numeric")
    if len(c) == 2 and int(c) > 31:
        return _Draft(m.start(), end, JALALI, _jalali_two_digit(int(c)), mo, int(a), "numeric")
    return None


def _dtg(m: re.Match[str]) -> _Draft | None:
    hh, mi = int(m.group("hh")), int(m.group("mi"))
    if hh > 23 or mi > 59:
        return None
    _, month = _month_of(m.group("mon"))
    year_text = m.group("y")
    year = int(year_text) if len(year_text) == 4 else _gregorian_two_digit(int(year_text))
    return _Draft(m.start(), m.end(), GREGORIAN, year, month, int(m.group("d")), "dtg",
                  time=f"{hh:02d}:{mi:02d}")


# --------------------------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------------------------


def _windows(text: str) -> list[tuple[int, int]]:
    """Spans around digit runs (every date has one), merged: only these are searched."""
    windows: list[tuple[int, int]] = []
    for run in _DIGIT_GROUPS.finditer(text):  # any script's digits (\d is Unicode)
        start, end = max(0, run.start() - _BEFORE), min(len(text), run.end() + _AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _listed_days(folded: str, m: re.Match[str], draft: _Draft) -> list[_Draft]:
    """Days listed just before a full date's day, in ascending order ("۲۱، ۲۳ و ۲۵ فروردین")."""
    listed: list[_Draft] = []
    if not m.group("d") or draft.day is None:
        return listed
    position, day = m.start("d"), draft.day
    while found := _LIST_BEFORE.search(folded, max(0, position - 20), position):
        earlier = int(found.group("d"))
        if not 1 <= earlier < day:
            break
        listed.append(_Draft(found.start("d"), found.end("d"), draft.calendar, draft.year,
                             draft.month, earlier, "text-list"))
        position, day = found.start("d"), earlier
    return listed


def _range_start(folded: str, m: re.Match[str], draft: _Draft) -> _Draft | None:
    """The opening day and month of a range closed by a full date; its year is inferred."""
    found = _RANGE_BEFORE.search(folded, max(0, m.start() - 60), m.start())
    if not found or draft.month is None:
        return None
    calendar, month = _month_of(_month_group(found))
    if calendar != draft.calendar:
        return None
    day = int(found.group("d")) if found.group("d") else _DAY_WORD_LOOKUP[_key(found.group("dw"))]
    year = draft.year - 1 if month > draft.month else draft.year
    return _Draft(found.start(), found.end("start"), calendar, year, month, day, "text-range")


def _drafts(src: _Source, start: int, end: int) -> list[_Draft]:
    folded = src.folded
    drafts: list[_Draft | None] = []
    for m in _TEXT_DATE.finditer(folded, start, end):
        draft = _text_date(m)
        if draft is not None:
            drafts += [draft, *_listed_days(folded, m, draft), _range_start(folded, m, draft)]
    drafts += [_month_first(m) for m in _MONTH_FIRST.finditer(folded, start, end)]
    drafts += [_month_year(m) for m in _MONTH_YEAR.finditer(folded, start, end)]
    drafts += [_year_word(m) for m in _YEAR_WORD.finditer(folded, start, end)]
    drafts += [_year_marked(m) for m in _YEAR_MARKED.finditer(folded, start, end)]
    drafts += [_numeric(m, src) for m in _NUMERIC.finditer(folded, start, end)]
    drafts += [_dtg(m) for m in _DTG.finditer(folded, start, end)]
    return [d for d in drafts if d is not None]


def _keep_longest(found: list[FoundDate]) -> list[FoundDate]:
    """Drop every date that overlaps a longer one (ties: the earlier, then the first found)."""
    kept: list[FoundDate] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in ``text`` (raw, not normalised), in order of position.

    Offsets are raw offsets: ``text[d.start:d.end] == d.text``. See the module documentation
    for the forms recognised.
    """
    src = _Source.of(text)
    found: list[FoundDate] = []
    for start, end in src.windows:
        for draft in _drafts(src, start, end):
            result = _finish(draft, src)
            if result is not None:
                found.append(result)
    return _keep_longest(found)
