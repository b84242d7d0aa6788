"""Calendar arithmetic: Solar Hijri (Jalali, the Iranian civil calendar), lunar Hijri, Gregorian.

Pure functions on plain integers and :class:`datetime.date` (proleptic Gregorian).

**Jalali.** The Iranian calendar starts each year at Nowruz, the day of the March equinox as
observed at Tehran (the day whose noon, Iran time, follows the equinox). Months 1–6 have 31
days, 7–11 have 30, and Esfand (12) has 29, or 30 in a leap year. Leap years follow the sky,
not a fixed rule, so they are computed with the algorithm of Kazimierz M. Borkowski ("The
Persian calendar for 3000 years", *Earth, Moon and Planets* 74, 1996), as used by jalaali-js:
within spans bounded by "break" years the leap years repeat on a 33-year pattern, and the
break years encode where the astronomical rule shifts that pattern. It is valid for Jalali
years -61 to 3177 and agrees with the official table of the Iranian calendar authority
(University of Tehran, years 1206–1498) for every one of its 293 years (checked by
``tests/test_dates.py`` and ``bench/dates_eval.py`` against ``../shared/data/jalali-calendar``).

**Lunar Hijri.** Observed Islamic months begin with a sighting of the new crescent, decided
locally (Iran, Iraq and Saudi Arabia often differ), so no formula gives the observed date.
These functions implement the *arithmetical* (tabular) Islamic calendar: months alternate
30 and 29 days, Dhu al-Hijja has 30 days in the 11 leap years of each 30-year cycle
(years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29), and 1 Muharram 1 AH is Friday 16 July 622
(Julian; the "civil" epoch). An observed Iranian or Saudi date may differ from the tabular
one by a day or two; treat lunar Hijri conversions as ±2 days.

**Gregorian** dates are Python's :class:`datetime.date` (proleptic Gregorian calendar).
"""

from __future__ import annotations

from datetime import date, timedelta

JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
HIJRI_MONTHS = (
    "محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی",
    "رجب", "شعبان", "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه",
)

# Borkowski's break years: the leap pattern is regular (33-year cycles) between two of these.
_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
    1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
)
JALALI_MIN_YEAR = _BREAKS[0]
JALALI_MAX_YEAR = _BREAKS[-1] - 1

# Ordinal (date.toordinal) of 1 Muharram 1 AH: 16 July 622 Julian = 19 July 622 Gregorian.
_HIJRI_EPOCH = date(622, 7, 19).toordinal()


def _div(a: int, b: int) -> int:
    """Integer division truncating toward zero (as in the published algorithm)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _check_jalali_year(year: int) -> None:
    if not JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        raise ValueError(
            f"Jalali year {year} is outside the supported range "
            f"{JALALI_MIN_YEAR}..{JALALI_MAX_YEAR}"
        )


def _jalali_cycle(year: int) -> tuple[int, int, int]:
    """For Jalali ``year``: (jump, n, leap_count) as in Borkowski's algorithm.

    ``jump`` is the length of the span between the surrounding break years, ``n`` the
    number of years since the span began, ``leap_count`` the leap days since AD 621.
    """
    _check_jalali_year(year)
    leap_count = -14
    start = _BREAKS[0]
    jump = 0
    for brk in _BREAKS[1:]:
        jump = brk - start
        if year < brk:
            break
        leap_count += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        start = brk
    n = year - start
    leap_count += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_count += 1
    return jump, n, leap_count


def nowruz(year: int) -> date:
    """The Gregorian date of 1 Farvardin of Jalali ``year`` (Nowruz)."""
    _, _, leap_count = _jalali_cycle(year)
    gy = year + 621
    gregorian_leaps = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_count - gregorian_leaps
    return date(gy, 3, 1) + timedelta(days=march - 1)


def jalali_is_leap(year: int) -> bool:
    """Whether Jalali ``year`` has 366 days (Esfand has 30 days)."""
    jump, n, _ = _jalali_cycle(year)
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    return leap == 0


def jalali_month_length(year: int, month: int) -> int:
    """Days in Jalali ``month`` (1–12) of ``year``."""
    if not 1 <= month <= 12:
        raise ValueError(f"Jalali month must be 1..12, not {month}")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jalali_is_leap(year) else 29


def _jalali_day_of_year(month: int, day: int) -> int:
    """1-based day of the year (Farvardin 1 = 1)."""
    if month <= 7:
        return (month - 1) * 31 + day
    return 186 + (month - 7) * 30 + day


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of Jalali ``year/month/day``; ValueError for an impossible date."""
    length = jalali_month_length(year, month)
    if not 1 <= day <= length:
        raise ValueError(f"Jalali {year}/{month:02d} has {length} days, not {day}")
    return nowruz(year) + timedelta(days=_jalali_day_of_year(month, day) - 1)


def gregorian_to_jalali(when: date) -> tuple[int, int, int]:
    """The Jalali ``(year, month, day)`` of a Gregorian date."""
    year = when.year - 621
    start = nowruz(year)
    if when < start:
        year -= 1
        start = nowruz(year)
    offset = (when - start).days  # 0-based day of the year
    if offset < 186:
        return year, offset // 31 + 1, offset % 31 + 1
    offset -= 186
    return year, offset // 30 + 7, offset % 30 + 1


def hijri_is_leap(year: int) -> bool:
    """Whether tabular lunar Hijri ``year`` has 355 days (Dhu al-Hijja has 30 days)."""
    return (14 + 11 * year) % 30 < 11


def hijri_month_length(year: int, month: int) -> int:
    """Days in tabular lunar Hijri ``month`` (1–12) of ``year``: 30 for odd months, else 29."""
    if not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be 1..12, not {month}")
    if month % 2 == 1 or (month == 12 and hijri_is_leap(year)):
        return 30
    return 29


def _hijri_days_before(year: int, month: int) -> int:
    """Days from 1 Muharram 1 AH to the first of ``month`` of ``year``."""
    return (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of tabular lunar Hijri ``year/month/day`` (observed dates: ±2 days)."""
    if year < 1:
        raise ValueError(f"Hijri year must be 1 or later, not {year}")
    length = hijri_month_length(year, month)
    if not 1 <= day <= length:
        raise ValueError(f"Hijri {year}/{month:02d} has {length} days, not {day}")
    return date.fromordinal(_HIJRI_EPOCH + _hijri_days_before(year, month) + day - 1)


def gregorian_to_hijri(when: date) -> tuple[int, int, int]:
    """The tabular lunar Hijri ``(year, month, day)`` of a Gregorian date (from 622-07-19)."""
    days = when.toordinal() - _HIJRI_EPOCH
    if days < 0:
        raise ValueError(f"{when} is before the Hijri epoch (622-07-19)")
    year = (30 * days + 10646) // 10631
    while _hijri_days_before(year + 1, 1) <= days:
        year += 1
    while _hijri_days_before(year, 1) > days:
        year -= 1
    month = 1
    while month < 12 and _hijri_days_before(year, month + 1) <= days:
        month += 1
    return year, month, days - _hijri_days_before(year, month) + 1


def gregorian_month_length(year: int, month: int) -> int:
    """Days in Gregorian ``month`` of ``year``."""
    if not 1 <= month <= 12:
        raise ValueError(f"Gregorian month must be 1..12, not {month}")
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def iso_day(value: object) -> date | None:
    """The day an ISO 8601 date or date-time begins with (a metadata value), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
