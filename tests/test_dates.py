"""Dates in three calendars: conversion against the official table, and finding in raw text."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from conftest import shared_data

from kavosh.text.calendars import (
    gregorian_to_hijri,
    gregorian_to_jalali,
    hijri_month_length,
    hijri_to_gregorian,
    jalali_is_leap,
    jalali_month_length,
    jalali_to_gregorian,
    nowruz,
)
from kavosh.text.dates import FoundDate, find_dates

# --------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------


def read_leap_table() -> list[tuple[int, bool, date]]:
    """(year, leap, Nowruz) for every line of the official table in ../shared/data."""
    path = shared_data("jalali-calendar") / "kabise_1206-1498.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        year, nowruz_day = line.split()
        rows.append((int(year.rstrip("*")), year.endswith("*"), date.fromisoformat(nowruz_day)))
    return rows


def test_jalali_exact_against_official_leap_table() -> None:
    rows = read_leap_table()
    assert len(rows) == 293
    wrong = [
        (year, leap, day)
        for year, leap, day in rows
        if nowruz(year) != day or jalali_is_leap(year) != leap
    ]
    assert wrong == [], f"{len(wrong)} of 293 years disagree with the official table"
    # The table's years follow one another: a leap year has 366 days.
    for (year, leap, day), (_, _, following) in pairwise(rows):
        assert (following - day).days == (366 if leap else 365), year


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1393, 8, 25), date(2014, 11, 16)),
        ((1393, 1, 1), date(2014, 3, 21)),
        ((1395, 12, 30), date(2017, 3, 20)),
        ((1357, 11, 22), date(1979, 2, 11)),
        ((1403, 12, 30), date(2025, 3, 20)),
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1358, 8, 13), date(1979, 11, 4)),
    ],
)
def test_jalali_known_dates(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert gregorian_to_jalali(gregorian) == jalali


def test_jalali_month_lengths_and_leaps() -> None:
    assert [jalali_month_length(1393, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert jalali_month_length(1395, 12) == 30
    assert not jalali_is_leap(1393) and jalali_is_leap(1395) and jalali_is_leap(1403)
    with pytest.raises(ValueError):
        jalali_to_gregorian(1393, 12, 30)
    with pytest.raises(ValueError):
        jalali_month_length(1393, 13)


def test_round_trips_over_four_centuries() -> None:
    day = date(1800, 1, 1)
    while day < date(2200, 1, 1):
        assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day
        assert hijri_to_gregorian(*gregorian_to_hijri(day)) == day
        day += timedelta(days=1)


def test_hijri_tabular() -> None:
    # Tabular (arithmetical) calendar; observed dates may differ by a day or two.
    assert hijri_to_gregorian(1436, 1, 1) == date(2014, 10, 25)
    assert abs((hijri_to_gregorian(1436, 1, 22) - date(2014, 11, 15)).days) <= 1
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)  # 16 July 622 Julian
    assert gregorian_to_hijri(date(2014, 11, 15)) == (1436, 1, 22)
    assert [hijri_month_length(1436, m) for m in range(1, 12)] == [30, 29] * 5 + [30]
    lengths = [sum(hijri_month_length(y, m) for m in range(1, 13)) for y in range(1, 31)]
    assert lengths.count(355) == 11 and lengths.count(354) == 19


# --------------------------------------------------------------------------------------------
# Finding: every written form
# --------------------------------------------------------------------------------------------


def one(text: str) -> FoundDate:
    found = find_dates(text)
    assert len(found) == 1, f"{text!r}: {found}"
    item = found[0]
    assert text[item.start:item.end] == item.text
    return item


SUNDAY = date(2014, 11, 16)  # 1393/08/25


@pytest.mark.parametrize(
    ("text", "written", "calendar", "gregorian"),
    [
        # Jalali, numeric
        ("در تاریخ ۱۳۹۳/۰۸/۲۵ جلسه برگزار شد", "۱۳۹۳/۰۸/۲۵", "jalali", SUNDAY),
        ("dated 1393/8/25 in the header", "1393/8/25", "jalali", SUNDAY),
        ("مورخ ۱۳۹۳-۰۸-۲۵", "۱۳۹۳-۰۸-۲۵", "jalali", SUNDAY),
        ("مورخ ١٣٩٣/٠٨/٢٥", "١٣٩٣/٠٨/٢٥", "jalali", SUNDAY),  # Arabic-Indic digits
        ("نامه ۹۳/۸/۲۵ واصل شد", "۹۳/۸/۲۵", "jalali", SUNDAY),
        ("نامه 93/8/25 واصل شد", "93/8/25", "jalali", SUNDAY),
        ("مورخ ۲۵/۰۸/۱۳۹۳", "۲۵/۰۸/۱۳۹۳", "jalali", SUNDAY),
        ("کارگردان نمایش 31/6/77؛", "31/6/77", "jalali", date(1998, 9, 22)),
        ("صورتجلسه ۱۴۰۲/۰۵/۱۲", "۱۴۰۲/۰۵/۱۲", "jalali", date(2023, 8, 3)),
        # Jalali, month names
        ("روز ۲۵ آبان ۱۳۹۳ در تهران", "۲۵ آبان ۱۳۹۳", "jalali", SUNDAY),
        ("۲۵ آبان‌ماه ۹۳", "۲۵ آبان\u200cماه ۹۳", "jalali", SUNDAY),
        ("۲۵ آبان ماه ۱۳۹۳", "۲۵ آبان ماه ۱۳۹۳", "jalali", SUNDAY),
        ("۲۵ آبانماه ۱۳۹۳", "۲۵ آبانماه ۱۳۹۳", "jalali", SUNDAY),
        ("30خردادماه 1393", "30خردادماه 1393", "jalali", date(2014, 6, 20)),
        ("بیست و پنجم آبان ۱۳۹۳", "بیست و پنجم آبان ۱۳۹۳", "jalali", SUNDAY),
        ("بیست‌وپنجم آبان ۱۳۹۳", "بیست\u200cوپنجم آبان ۱۳۹۳", "jalali", SUNDAY),
        ("بیست و پنج آبان ۱۳۹۳", "بیست و پنج آبان ۱۳۹۳", "jalali", SUNDAY),
        ("اول مهر ۱۳۹۳", "اول مهر ۱۳۹۳", "jalali", date(2014, 9, 23)),
        ("سیزدهم آبان 1358", "سیزدهم آبان 1358", "jalali", date(1979, 11, 4)),
        ("سی‌ام مهر ۱۳۹۳", "سی\u200cام مهر ۱۳۹۳", "jalali", date(2014, 10, 22)),
        ("سی و یکم شهریور ۱۳۹۳", "سی و یکم شهریور ۱۳۹۳", "jalali", date(2014, 9, 22)),
        ("دوم خرداد 76", "دوم خرداد 76", "jalali", date(1997, 5, 23)),
        ("۲۲ بهمن سال ۵۷", "۲۲ بهمن سال ۵۷", "jalali", date(1979, 2, 11)),
        ("۱۵ مرداد ۱۳۹۳", "۱۵ مرداد ۱۳۹۳", "jalali", date(2014, 8, 6)),
        ("۱۵ امرداد ۱۳۹۳", "۱۵ امرداد ۱۳۹۳", "jalali", date(2014, 8, 6)),
        ("۱۵ اَمرداد ۱۳۹۳", "۱۵ اَمرداد ۱۳۹۳", "jalali", date(2014, 8, 6)),  # a fatha
        ("۱۰ اردیبهشت ۱۳۹۳", "۱۰ اردیبهشت ۱۳۹۳", "jalali", date(2014, 4, 30)),
        ("۱۰ اردي‌بهشت ۱۳۹۳", "۱۰ اردي\u200cبهشت ۱۳۹۳", "jalali", date(2014, 4, 30)),
        ("۱۲ آذر ۱۳۹۳", "۱۲ آذر ۱۳۹۳", "jalali", date(2014, 12, 3)),
        ("۲۵ آبان ۱۳۹۳ ه.ش", "۲۵ آبان ۱۳۹۳ ه.ش", "jalali", SUNDAY),
        ("۱۳۹۳/۰۸/۲۵ هـ.ش", "۱۳۹۳/۰۸/۲۵ هـ.ش", "jalali", SUNDAY),
        # Lunar Hijri
        ("۲۲ محرم ۱۴۳۶", "۲۲ محرم ۱۴۳۶", "hijri", date(2014, 11, 15)),
        ("۲۲ محرم‌الحرام ۱۴۳۶ ه.ق", "۲۲ محرم\u200cالحرام ۱۴۳۶ ه.ق", "hijri", date(2014, 11, 15)),
        ("٢٢ محرم ١٤٣٦ هـ", "٢٢ محرم ١٤٣٦ هـ", "hijri", date(2014, 11, 15)),
        ("۲۲ ربیع‌الاول ۱۴۳۶", "۲۲ ربیع\u200cالاول ۱۴۳۶", "hijri", date(2015, 1, 13)),
        ("٢٢ ربيع الأول ١٤٣٦", "٢٢ ربيع الأول ١٤٣٦", "hijri", date(2015, 1, 13)),
        ("۱ ربیع الثانی ۱۴۳۶", "۱ ربیع الثانی ۱۴۳۶", "hijri", date(2015, 1, 22)),
        ("۱ ربیع الآخر ۱۴۳۶", "۱ ربیع الآخر ۱۴۳۶", "hijri", date(2015, 1, 22)),
        ("۱ جمادی‌الاول ۱۴۳۶", "۱ جمادی\u200cالاول ۱۴۳۶", "hijri", date(2015, 2, 20)),
        ("۱ جمادی‌الاولی ۱۴۳۶", "۱ جمادی\u200cالاولی ۱۴۳۶", "hijri", date(2015, 2, 20)),
        ("۵ جمادی‌الثانی ۱۴۳۶", "۵ جمادی\u200cالثانی ۱۴۳۶", "hijri", date(2015, 3, 26)),
        ("۵ جمادی الثانیه ۱۴۳۶", "۵ جمادی الثانیه ۱۴۳۶", "hijri", date(2015, 3, 26)),
        ("٥ جمادى الآخرة ١٤٣٦", "٥ جمادى الآخرة ١٤٣٦", "hijri", date(2015, 3, 26)),
        ("۱ رجب ۱۴۳۶", "۱ رجب ۱۴۳۶", "hijri", date(2015, 4, 20)),
        ("۱۵ شعبان ۱۴۳۶", "۱۵ شعبان ۱۴۳۶", "hijri", date(2015, 6, 3)),
        ("۱ رمضان ۱۴۳۵", "۱ رمضان ۱۴۳۵", "hijri", date(2014, 6, 29)),
        ("۱ شوال ۱۴۳۵", "۱ شوال ۱۴۳۵", "hijri", date(2014, 7, 29)),  # observed: 28 July
        ("۱ ذی‌القعده ۱۴۳۵", "۱ ذی\u200cالقعده ۱۴۳۵", "hijri", date(2014, 8, 27)),
        ("١ ذو القعدة ١٤٣٥", "١ ذو القعدة ١٤٣٥", "hijri", date(2014, 8, 27)),
        ("١ ذوالقعدة ١٤٣٥", "١ ذوالقعدة ١٤٣٥", "hijri", date(2014, 8, 27)),
        ("۱۰ ذی‌الحجه ۱۴۳۵", "۱۰ ذی\u200cالحجه ۱۴۳۵", "hijri", date(2014, 10, 5)),
        ("١٠ ذو الحجة ١٤٣٥ هـ", "١٠ ذو الحجة ١٤٣٥ هـ", "hijri", date(2014, 10, 5)),
        ("۳۰ صفر ۱۴۳۶", "۳۰ صفر ۱۴۳۶", "hijri", date(2014, 12, 23)),  # observed months: 30
        # Gregorian in Persian and Arabic
        ("۱۶ نوامبر ۲۰۱۴ میلادی", "۱۶ نوامبر ۲۰۱۴ میلادی", "gregorian", SUNDAY),
        ("11 سپتامبر 2001، ژنرال", "11 سپتامبر 2001", "gregorian", date(2001, 9, 11)),
        ("۱۲ دسامبر سال ۲۰۰۷", "۱۲ دسامبر سال ۲۰۰۷", "gregorian", date(2007, 12, 12)),
        ("18 اكتبر 2007علیه", "18 اكتبر 2007", "gregorian", date(2007, 10, 18)),
        ("۳ ژانویه ۲۰۱۵", "۳ ژانویه ۲۰۱۵", "gregorian", date(2015, 1, 3)),
        ("۳ فوریه ۲۰۱۵", "۳ فوریه ۲۰۱۵", "gregorian", date(2015, 2, 3)),
        ("۳ مارس ۲۰۱۵", "۳ مارس ۲۰۱۵", "gregorian", date(2015, 3, 3)),
        ("۳ آوریل ۲۰۱۵", "۳ آوریل ۲۰۱۵", "gregorian", date(2015, 4, 3)),
        ("۳ مه ۲۰۱۵", "۳ مه ۲۰۱۵", "gregorian", date(2015, 5, 3)),
        ("۳ می ۲۰۱۵", "۳ می ۲۰۱۵", "gregorian", date(2015, 5, 3)),
        ("۳ ژوئن ۲۰۱۵", "۳ ژوئن ۲۰۱۵", "gregorian", date(2015, 6, 3)),
        ("۳ ژوئیه ۲۰۱۵", "۳ ژوئیه ۲۰۱۵", "gregorian", date(2015, 7, 3)),
        ("۳ جولای ۲۰۱۵", "۳ جولای ۲۰۱۵", "gregorian", date(2015, 7, 3)),
        ("۳ اوت ۲۰۱۵", "۳ اوت ۲۰۱۵", "gregorian", date(2015, 8, 3)),
        ("۳ آگوست ۲۰۱۵", "۳ آگوست ۲۰۱۵", "gregorian", date(2015, 8, 3)),
        ("۳ سپتامبر ۲۰۱۵", "۳ سپتامبر ۲۰۱۵", "gregorian", date(2015, 9, 3)),
        ("۳ اکتبر ۲۰۱۵", "۳ اکتبر ۲۰۱۵", "gregorian", date(2015, 10, 3)),
        ("۳ دسامبر ۲۰۱۵", "۳ دسامبر ۲۰۱۵", "gregorian", date(2015, 12, 3)),
        ("١٦ نوفمبر ٢٠١٤", "١٦ نوفمبر ٢٠١٤", "gregorian", SUNDAY),
        ("١٦ يناير ٢٠١٤", "١٦ يناير ٢٠١٤", "gregorian", date(2014, 1, 16)),
        ("١٦ أغسطس ٢٠١٤", "١٦ أغسطس ٢٠١٤", "gregorian", date(2014, 8, 16)),
        ("١٦ ديسمبر ٢٠١٤م", "١٦ ديسمبر ٢٠١٤م", "gregorian", date(2014, 12, 16)),
        ("١٦ تشرين الثاني ٢٠١٤", "١٦ تشرين الثاني ٢٠١٤", "gregorian", SUNDAY),
        ("١٦ كانون الثاني ٢٠١٤", "١٦ كانون الثاني ٢٠١٤", "gregorian", date(2014, 1, 16)),
        ("١٦ كانون الأول ٢٠١٤", "١٦ كانون الأول ٢٠١٤", "gregorian", date(2014, 12, 16)),
        ("١٦ شباط ٢٠١٤", "١٦ شباط ٢٠١٤", "gregorian", date(2014, 2, 16)),
        ("١٦ آذار ٢٠١٤", "١٦ آذار ٢٠١٤", "gregorian", date(2014, 3, 16)),  # not Persian آذر
        ("١٦ نيسان ٢٠١٤", "١٦ نيسان ٢٠١٤", "gregorian", date(2014, 4, 16)),
        ("١٦ أيار ٢٠١٤", "١٦ أيار ٢٠١٤", "gregorian", date(2014, 5, 16)),
        ("١٦ حزيران ٢٠١٤", "١٦ حزيران ٢٠١٤", "gregorian", date(2014, 6, 16)),
        ("١٦ تموز ٢٠١٤", "١٦ تموز ٢٠١٤", "gregorian", date(2014, 7, 16)),
        ("١٦ آب ٢٠١٤", "١٦ آب ٢٠١٤", "gregorian", date(2014, 8, 16)),
        ("١٦ أيلول ٢٠١٤", "١٦ أيلول ٢٠١٤", "gregorian", date(2014, 9, 16)),
        ("١٦ تشرين الأول ٢٠١٤", "١٦ تشرين الأول ٢٠١٤", "gregorian", date(2014, 10, 16)),
        # English
        ("on 16 November 2014 the", "16 November 2014", "gregorian", SUNDAY),
        ("on November 16, 2014 the", "November 16, 2014", "gregorian", SUNDAY),
        ("on Nov. 16, 2014 the", "Nov. 16, 2014", "gregorian", SUNDAY),
        ("ON 16 NOV 2014 THE", "16 NOV 2014", "gregorian", SUNDAY),
        ("the 16th of November 2014", "16th of November 2014", "gregorian", SUNDAY),
        ("DECLASSIFIED JUNE 21, 2006", "JUNE 21, 2006", "gregorian", date(2006, 6, 21)),
        ("issued 2014-11-16 by", "2014-11-16", "gregorian", SUNDAY),
        ("at 2014-11-16T10:00Z", "2014-11-16", "gregorian", SUNDAY),
        ("on 16/11/2014 the", "16/11/2014", "gregorian", SUNDAY),
        ("on 11/16/2014 the", "11/16/2014", "gregorian", SUNDAY),
        ("on 16.11.2014 the", "16.11.2014", "gregorian", SUNDAY),
    ],
)
def test_day_dates(text: str, written: str, calendar: str, gregorian: date) -> None:
    found = one(text)
    assert (found.text, found.calendar, found.gregorian, found.precision) == (
        written, calendar, gregorian, "day")
    assert found.problems == ()


@pytest.mark.parametrize(
    ("text", "written", "weekday"),
    [
        ("یکشنبه ۲۵ آبان ۱۳۹۳", "یکشنبه ۲۵ آبان ۱۳۹۳", "یکشنبه"),
        ("روز یکشنبه، ۲۵ آبان ۱۳۹۳", "یکشنبه، ۲۵ آبان ۱۳۹۳", "یکشنبه"),
        ("يكشنبه ۲۵ آبان ۱۳۹۳", "يكشنبه ۲۵ آبان ۱۳۹۳", "يكشنبه"),
        ("یک‌شنبه ۲۵ آبان ۱۳۹۳", "یک\u200cشنبه ۲۵ آبان ۱۳۹۳", "یک\u200cشنبه"),
        ("یکشنبه ۱۳۹۳/۰۸/۲۵", "یکشنبه ۱۳۹۳/۰۸/۲۵", "یکشنبه"),
        ("Sunday, November 16, 2014", "Sunday, November 16, 2014", "Sunday"),
        ("Sun. 16 Nov 2014", "Sun. 16 Nov 2014", "Sun."),
        ("الأحد ١٦ نوفمبر ٢٠١٤", "الأحد ١٦ نوفمبر ٢٠١٤", "الأحد"),
    ],
)
def test_weekday_that_matches(text: str, written: str, weekday: str) -> None:
    found = one(text)
    assert (found.text, found.weekday, found.gregorian, found.problems) == (
        written, weekday, SUNDAY, ())


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("دوشنبه ۲۵ آبان ۱۳۹۳", "weekday دوشنبه does not match: 1393/08/25 is a Sunday"),
        ("سه‌شنبه، ۲۵ آبان ۱۳۹۳", "is a Sunday (2014-11-16)"),
        ("جمعه ۱۳۹۳/۰۸/۲۵", "weekday جمعه does not match"),
        ("Monday 16 November 2014", "weekday Monday does not match: 2014-11-16 is a Sunday"),
        ("الاثنين ١٦ نوفمبر ٢٠١٤", "weekday الاثنين does not match"),
    ],
)
def test_weekday_that_does_not_match(text: str, fragment: str) -> None:
    found = one(text)
    assert found.gregorian == SUNDAY
    assert any(fragment in problem for problem in found.problems), found.problems


def test_hijri_weekday_picks_the_observed_day() -> None:
    # Tabular 22 Muharram 1436 is a Saturday; a written Sunday is taken as the observed date.
    found = one("یوم الأحد ٢٢ محرم ١٤٣٦ هـ")
    assert found.gregorian == date(2014, 11, 16) and found.problems == ()
    assert found.weekday == "الأحد"


def test_impossible_dates_are_reported_not_dropped() -> None:
    found = one("مورخ ۱۳۹۳/۱۲/۳۰")
    assert found.gregorian is None and found.precision == "day"
    assert found.problems == ("impossible date: 1393/12/30 — 1393 is not a leap year",)
    assert one("مورخ ۱۳۹۵/۱۲/۳۰").gregorian == date(2017, 3, 20)  # 1395 is leap
    found = one("سی و یکم مهر ۱۳۹۳")
    assert found.gregorian is None and "has 30 days" in found.problems[0]
    found = one("29 February 2015")
    assert found.gregorian is None and "2015 is not a leap year" in found.problems[0]
    assert one("29 February 2016").gregorian == date(2016, 2, 29)
    assert find_dates("۱۳۹۳/۱۳/۰۱") == []  # no month 13
    assert find_dates("۱۳۹۳/۰۸/۳۲") == []  # no day 32


@pytest.mark.parametrize(
    ("text", "written", "calendar", "gregorian", "precision"),
    [
        ("در آبان ۱۳۹۳ گفت", "آبان ۱۳۹۳", "jalali", date(2014, 10, 23), "month"),
        ("در آبان ماه ۱۳۹۳ گفت", "آبان ماه ۱۳۹۳", "jalali", date(2014, 10, 23), "month"),
        ("از آبان 88 گفت", "آبان 88", "jalali", date(2009, 10, 23), "month"),
        ("تیرماه1379", "تیرماه1379", "jalali", date(2000, 6, 21), "month"),
        ("اردیبهشت ماه سال 93", "اردیبهشت ماه سال 93", "jalali", date(2014, 4, 21), "month"),
        ("اسفند ۱۳۹۵", "اسفند ۱۳۹۵", "jalali", date(2017, 2, 19), "month"),
        ("در محرم ۱۴۳۶", "محرم ۱۴۳۶", "hijri", date(2014, 10, 25), "month"),
        ("در نوامبر ۲۰۱۴", "نوامبر ۲۰۱۴", "gregorian", date(2014, 11, 1), "month"),
        ("فوریه سال 2006", "فوریه سال 2006", "gregorian", date(2006, 2, 1), "month"),
        ("in November 2014 the", "November 2014", "gregorian", date(2014, 11, 1), "month"),
        ("في تموز 2014", "تموز 2014", "gregorian", date(2014, 7, 1), "month"),
        ("در سال ۱۳۹۳ گفت", "سال ۱۳۹۳", "jalali", date(2014, 3, 21), "year"),
        ("در سال 88 گفت", "سال 88", "jalali", date(2009, 3, 21), "year"),
        ("در سال ۱۴۰۱", "سال ۱۴۰۱", "jalali", date(2022, 3, 21), "year"),
        ("در سال 2014 گفت", "سال 2014", "gregorian", date(2014, 1, 1), "year"),
        ("۱۳۹۳ ه.ش", "۱۳۹۳ ه.ش", "jalali", date(2014, 3, 21), "year"),
        ("۱۳۹۳ هـ.ش", "۱۳۹۳ هـ.ش", "jalali", date(2014, 3, 21), "year"),
        ("1393 هجری شمسی", "1393 هجری شمسی", "jalali", date(2014, 3, 21), "year"),
        ("۱۳۰۴ خورشیدی", "۱۳۰۴ خورشیدی", "jalali", date(1925, 3, 21), "year"),
        ("سال 1327 شمسي", "سال 1327 شمسي", "jalali", date(1948, 3, 21), "year"),
        ("۱۴۳۶ ه.ق", "۱۴۳۶ ه.ق", "hijri", date(2014, 10, 25), "year"),
        ("(حکیم، 1404ق، ج14)", "1404ق", "hijri", date(1983, 10, 8), "year"),
        ("سال 1270 قمری", "سال 1270 قمری", "hijri", date(1853, 10, 4), "year"),
        ("عام ١٤٣٦ هـ", "عام ١٤٣٦ هـ", "hijri", date(2014, 10, 25), "year"),
        ("2014 میلادی", "2014 میلادی", "gregorian", date(2014, 1, 1), "year"),
        ("عام 2014م", "عام 2014م", "gregorian", date(2014, 1, 1), "year"),
        ("built in 1066 AD", "1066 AD", "gregorian", date(1066, 1, 1), "year"),
    ],
)
def test_month_and_year_dates(text: str, written: str, calendar: str, gregorian: date,
                              precision: str) -> None:
    found = one(text)
    assert (found.text, found.calendar, found.gregorian, found.precision) == (
        written, calendar, gregorian, precision)


def test_period_end() -> None:
    assert one("آبان ۱۳۹۳").period() == (date(2014, 10, 23), date(2014, 11, 21))
    assert one("اسفند ۱۳۹۵").period() == (date(2017, 2, 19), date(2017, 3, 20))
    assert one("سال ۱۳۹۳").period() == (date(2014, 3, 21), date(2015, 3, 20))
    assert one("November 2014").period() == (date(2014, 11, 1), date(2014, 11, 30))
    assert one("۱۳۹۳/۰۸/۲۵").period() == (SUNDAY, SUNDAY)


def test_military_date_time_group() -> None:
    found = one("R 281848Z DEC 66\nFM AMEMBASSY TEHRAN")
    assert (found.text, found.gregorian, found.time, found.calendar) == (
        "281848Z DEC 66", date(1966, 12, 28), "18:48", "gregorian")
    assert one("O 281848Z DEC 1966").gregorian == date(1966, 12, 28)
    assert one("P 090712Z JAN 09").gregorian == date(2009, 1, 9)
    assert find_dates("O 282548Z DEC 66") == []  # no hour 25


def test_year_two_digit_pivot() -> None:
    assert one("نامه ۰۲/۰۵/۱۲").gregorian == jalali_to_gregorian(1402, 5, 12)
    assert one("سال ۹۹").year == 1399
    assert one("سال ۱۸").year == 1418
    assert one("۲۹/۴/۶۷").year == 1367


def test_ambiguous_gregorian_order_is_reported() -> None:
    found = one("on 05/06/2014")
    assert found.gregorian == date(2014, 6, 5)
    assert found.problems and "ambiguous order" in found.problems[0]


def test_us_declassification_marking_is_month_first() -> None:
    found = one("E.O. 12958: DECL: 04/07/2015\nTAGS: PREL")
    assert found.gregorian == date(2015, 4, 7) and found.problems == ()


def test_calendar_marker_against_month_name() -> None:
    found = one("۲۹ بهمن ۱۳۹۳ ه.ق")
    assert found.calendar == "jalali" and "does not fit" in found.problems[0]
    assert one("1436/01/22 ه.ق").calendar == "hijri"


@pytest.mark.parametrize(
    "text",
    [
        "شماره تماس ۰۹۱۲۳۴۵۶۷۸۹ است",
        "تلفن 021-8877-6655",
        "تلفن ۰۲۱-۸۸۷۷۶۶۵۵",
        "نامه شماره ۱۲۳/۴۵۶/ب",
        "نامه شماره ۱۲/۳۴۵۶/ب",
        "۱۳۹۳ نفر در این مراسم شرکت کردند",
        "۲۵ آبان ۱۲ نفر کشته شدند",
        "In 2014 the embassy reported 2014 cases.",
        "The ratio was 3.14.",
        "نتیجه ۳-۱ به سود استقلال",
        "version 1.2.3 released",
        "رشد 7/3 درصدی",
        "the month may 2014 bring",
        "می ۲۰۱۴ تومان",
        "هزینه 1393 میلیون ریال",
        "کد ۱۳۹۳۰۸۲۵۱ ثبت شد",
        "۲۲ بهمن",  # no year: not placed on a timeline
        "on 16/11/14 in English text",
        "سفارت در بغداد",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_overlaps_keep_the_longest() -> None:
    text = "یکشنبه ۲۵ آبان ماه سال ۱۳۹۳ ه.ش و نیز آبان ۱۳۹۳"
    found = find_dates(text)
    assert [f.text for f in found] == ["یکشنبه ۲۵ آبان ماه سال ۱۳۹۳ ه.ش", "آبان ۱۳۹۳"]
    assert [f.precision for f in found] == ["day", "month"]


def test_offsets_are_raw_offsets_in_messy_text() -> None:
    text = "\u200fگزارش‌های   سری، مورخ\u200f ۱۳۹۳/۰۸/۲۵ و «۲۲ محرّم ۱۴۳۶ هـ» و ۱۶ نوامبر ۲۰۱۴"
    found = find_dates(text)
    assert [f.text for f in found] == ["۱۳۹۳/۰۸/۲۵", "۲۲ محرّم ۱۴۳۶ هـ", "۱۶ نوامبر ۲۰۱۴"]
    for item in found:
        assert text[item.start:item.end] == item.text


def test_listed_days_share_month_and_year() -> None:
    found = find_dates("در تاریخ ۳ و ۴ مارس ۲۰۱۸ برگزار شد")
    assert [(f.text, f.gregorian) for f in found] == [
        ("۳", date(2018, 3, 3)), ("۴ مارس ۲۰۱۸", date(2018, 3, 4))]
    found = find_dates("روزهای 21، 23 و 25 فروردین 1393")
    assert [f.day for f in found] == [21, 23, 25]
    assert {f.month for f in found} == {1} and {f.year for f in found} == {1393}
    assert [f.text for f in find_dates("ساعت 10 و 25 آبان 1393")] == ["25 آبان 1393"]
    assert [f.text for f in find_dates("ماده 30 و 25 آبان 1393")] == ["25 آبان 1393"]


def test_range_start_takes_the_year_of_its_end() -> None:
    found = find_dates("از 24 اسفندماه تا 15 فروردین ماه 97 در خدمت مسافران")
    assert [(f.text, f.year, f.month, f.day) for f in found] == [
        ("24 اسفندماه", 1396, 12, 24), ("15 فروردین ماه 97", 1397, 1, 15)]
    found = find_dates("from 28 December to 3 January 2015")
    assert [f.gregorian for f in found] == [date(2014, 12, 28), date(2015, 1, 3)]
    found = find_dates("از ۲۵ تا ۲۸ آبان ۱۳۹۳")
    assert [f.gregorian for f in found] == [date(2014, 11, 16), date(2014, 11, 19)]


def test_messy_real_writing() -> None:
    assert one("مصوب ۴/ ۱۲/ ۱۳۹۲ ملزم").gregorian == date(2014, 2, 23)  # spaces by a slash
    assert one("در شماره11تيرماه1379 روزنامه").gregorian == date(2000, 7, 1)  # stuck digits
    assert one("۲۰‌دسامبر‌۲۰۲۰ یعنی").gregorian == date(2020, 12, 20)
    assert one("اسفند‌ ماه سال 58 به").gregorian == date(1980, 2, 20)
    assert find_dates("تا پایان خرداد 30 میلیارد پرداخت کرد") == []  # month, then an amount
    assert find_dates("برای بازی با پرسپولیس در دربی 96") == []
    assert find_dates("(طوسی، 1353: 337)") == []


def test_hand_annotated_news_sentences() -> None:
    """The gold set of bench/dates_eval.py (sentences read from ../shared/data)."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "bench"))
    from dates_gold import load_gold

    rows = load_gold(root.parent / "shared" / "data")
    if rows is None:
        pytest.skip("real data not available: ../shared/data is absent")
    tp = fp = fn = 0
    for row in rows:
        expected = {(d["calendar"], d["precision"], d["gregorian"]) for d in row["dates"]}
        found = {(f.calendar, f.precision, f.gregorian.isoformat() if f.gregorian else None)
                 for f in find_dates(row["sentence"])}
        tp += len(expected & found)
        fp += len(found - expected)
        fn += len(expected - found)
    assert tp / (tp + fp) >= 0.97 and tp / (tp + fn) >= 0.95, (tp, fp, fn)


def test_to_json() -> None:
    data = one("یکشنبه ۲۵ آبان ۱۳۹۳").to_json()
    assert data["gregorian"] == "2014-11-16" and data["calendar"] == "jalali"
    assert data["year"] == 1393 and data["month"] == 8 and data["day"] == 25
    assert data["weekday"] == "یکشنبه" and data["problems"] == []
    json.dumps(data, ensure_ascii=False)
    assert one("مورخ ۱۳۹۳/۱۲/۳۰").to_json()["gregorian"] is None


# --------------------------------------------------------------------------------------------
# Real data
# --------------------------------------------------------------------------------------------


def test_cable_date_time_groups_match_created() -> None:
    """The DTG of almost every cablegate cable is found and agrees with ``created``."""
    path = shared_data("cablegate") / "cables.jsonl"
    total = with_dtg = agreeing = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        cable = json.loads(line)
        total += 1
        created = datetime.strptime(cable["created"], "%Y-%m-%d %H:%M").date()
        dtgs = [d for d in find_dates(cable["note"] + "\n" + cable["body"]) if d.form == "dtg"]
        if not dtgs:
            continue
        with_dtg += 1
        if any(d.gregorian and abs((d.gregorian - created).days) <= 2 for d in dtgs):
            agreeing += 1
    assert total > 900
    assert with_dtg / total >= 0.9, f"DTG found in {with_dtg}/{total} cables"
    assert agreeing / with_dtg >= 0.99, f"{agreeing}/{with_dtg} agree with created"


def test_cables_offsets_hold_on_real_text() -> None:
    path = shared_data("cablegate") / "cables.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines()[:200]:
        body = json.loads(line)["body"]
        for item in find_dates(body):
            assert body[item.start:item.end] == item.text


def test_farsnews_dates_are_plausible() -> None:
    """On real Persian news every date found is valid and most fall in 1950–2025."""
    found = []
    for path in sorted(shared_data("farsnews").glob("*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            text = "\n".join([article["title"], article["abstract"], *article["paragraphs"]])
            for item in find_dates(text):
                assert text[item.start:item.end] == item.text
                found.append(item)
    assert len(found) > 300
    recent = [f for f in found if f.gregorian and 1950 <= f.gregorian.year <= 2025]
    assert len(recent) / len(found) > 0.9
