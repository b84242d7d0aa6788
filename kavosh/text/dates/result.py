"""A date found in a text: what was written, its Gregorian period, and the verification
problems a reader should see (an impossible day, a weekday that does not match).

Conversions: :mod:`kavosh.text.calendars`. A lunar Hijri date is converted with the tabular
calendar; a written weekday within two days of it is taken as the observed day.
"""

from __future__ import annotations

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
from kavosh.text.dates.lexicon import _ENGLISH_NAMES, _WEEKDAY_NAMES, GREGORIAN, HIJRI, JALALI


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

