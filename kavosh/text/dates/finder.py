"""Finding dates in raw text: one regular expression and one builder per written form, run
only in windows around digit runs of a folded view of the text (see :mod:`kavosh.text.dates`
for the forms and :mod:`kavosh.text.dates.lexicon` for the words).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from kavosh.text.dates.lexicon import (
    _ARABIC_WEEKDAYS,
    _COUNT_SHORT,
    _COUNT_WORDS,
    _DAY_WORD_LOOKUP,
    _DAY_WORDS,
    _ENGLISH_MONTHS,
    _ENGLISH_NAMES,
    _ENGLISH_WEEKDAYS,
    _GREGORIAN_NAMES,
    _HIJRI_NAMES,
    _JALALI_NAMES,
    _PERSIAN_WEEKDAYS,
    _WEEKDAY_LOOKUP,
    GREGORIAN,
    HIJRI,
    JALALI,
    _alternation,
    _key,
    _marker_calendar,
    _marker_regex,
    _month_of,
    fold,
)
from kavosh.text.dates.result import (
    FoundDate,
    _convert,
    _impossible,
    _observed,
    _show,
    _weekday_problem,
    _year_ok,
)

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
