#!/usr/bin/env python3
"""Generate Kavosh's sample archive of FICTIONAL cables, deterministically.

    python scripts/make_sample.py [--out sample/archive] [--manifest sample/manifest.json]

Every person named in the archive is invented; places and organisations are real public ones.
The archive looks like a leak: born-digital PDFs, DOCX and ODT files, e-mails with attachments,
an mbox, a zip holding a nested zip, an intranet HTML page with a (harmless) script, a
Windows-1256 text file, a UTF-8 CSV contact list and scanned-looking page images.

The manifest records the ground truth for the tests: for every cable its file (and the members
inside containers), format, language, header fields, the plain text that was rendered, the
fictional people named, the dates and phone numbers mentioned and a distinctive word that
appears in that cable only; and for the cable reader (kavosh.text.cables) every header field's
expected value, what each cable cites, the threads the references make and the planted gap.

Needs (all in the ``test`` extra and ``scripts/install-system.sh``): fpdf2, python-docx, odfpy,
Pillow with libraqm, and the fonts-noto-core and fonts-farsiweb Debian packages.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import shutil
import string
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = 1393
FIXED_TIME = datetime(2015, 9, 1, 9, 30, 0, tzinfo=UTC)  # metadata date of every generated file
ZIP_TIME = (2015, 9, 1, 9, 30, 0)

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/farsiweb")]
NASKH = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")
LATIN = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
NAZLI = Path("/usr/share/fonts/truetype/farsiweb/nazli.ttf")
NAZLI_BOLD = Path("/usr/share/fonts/truetype/farsiweb/nazlib.ttf")

ZWNJ = "\u200c"

# --------------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------------

# First day (Nowruz) of each Solar Hijri year, from the Iranian calendar authority's official
# leap-year table (calendar.ut.ac.ir, "Kabise Shamsi 1206-1498"). Enough for this archive.
NOWRUZ = {
    1390: date(2011, 3, 21), 1391: date(2012, 3, 20), 1392: date(2013, 3, 21),
    1393: date(2014, 3, 21), 1394: date(2015, 3, 21), 1395: date(2016, 3, 20),
    1396: date(2017, 3, 21), 1397: date(2018, 3, 21), 1398: date(2019, 3, 21),
}
JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                 "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
GREGORIAN_MONTHS_FA = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
                       "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]
GREGORIAN_MONTHS_AR = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                       "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
GREGORIAN_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
                       "August", "September", "October", "November", "December"]
HIJRI_MONTHS_FA = ["محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی",
                   "رجب", "شعبان", "رمضان", "شوال", "ذی‌القعده", "ذی‌الحجه"]
HIJRI_MONTHS_AR = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                   "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]


def jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return (NOWRUZ[year + 1] - NOWRUZ[year]).days - 336


@dataclass(frozen=True, order=True)
class JDate:
    """A Solar Hijri (Jalali) date."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if self.year not in NOWRUZ or self.year + 1 not in NOWRUZ:
            raise ValueError(f"year {self.year} is outside the table")
        if not (1 <= self.month <= 12 and 1 <= self.day <= jalali_month_length(self.year,
                                                                                self.month)):
            raise ValueError(f"no such Jalali date: {self}")

    def to_gregorian(self) -> date:
        days = (self.month - 1) * 31 if self.month <= 7 else 186 + (self.month - 7) * 30
        return NOWRUZ[self.year] + timedelta(days=days + self.day - 1)

    @staticmethod
    def from_gregorian(g: date) -> JDate:
        year = max(y for y, start in NOWRUZ.items() if start <= g)
        offset = (g - NOWRUZ[year]).days
        month = 1
        while offset >= jalali_month_length(year, month):
            offset -= jalali_month_length(year, month)
            month += 1
        return JDate(year, month, offset + 1)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def hijri_from_gregorian(g: date) -> tuple[int, int, int]:
    """Tabular (arithmetic) Islamic calendar; real observation-based dates may differ by a day."""
    jd = g.toordinal() + 1721424.5  # Julian day at midnight
    days = int(jd - 1948439.5)  # days since 1 Muharram 1 AH (tabular epoch, civil)
    cycle, rest = divmod(days, 10631)
    year = cycle * 30
    for y in range(1, 31):
        length = 355 if (11 * y + 14) % 30 < 11 else 354
        if rest < length:
            year += y
            break
        rest -= length
    leap = (11 * (year % 30 or 30) + 14) % 30 < 11
    for m in range(1, 13):
        length = 30 if m % 2 == 1 else 29
        if m == 12 and leap:
            length = 30
        if rest < length:
            return year, m, rest + 1
        rest -= length
    raise AssertionError("unreachable")


FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC_LETTER_VARIANTS = str.maketrans({"ی": "ي", "ک": "ك"})


def fa(value: object) -> str:
    return str(value).translate(FA_DIGITS)


def ar(value: object) -> str:
    return str(value).translate(AR_DIGITS)


# Date renderings. Each returns (text, calendar, Gregorian ISO date it denotes).
DateForm = Callable[[date], tuple[str, str, str]]


def jalali_long(g: date) -> tuple[str, str, str]:
    j = JDate.from_gregorian(g)
    return f"{fa(j.day)} {JALALI_MONTHS[j.month - 1]} {fa(j.year)}", "jalali", g.isoformat()


def jalali_numeric_ascii(g: date) -> tuple[str, str, str]:
    j = JDate.from_gregorian(g)
    return f"{j.year}/{j.month}/{j.day}", "jalali", g.isoformat()


def jalali_numeric_fa(g: date) -> tuple[str, str, str]:
    j = JDate.from_gregorian(g)
    return fa(f"{j.year}/{j.month:02d}/{j.day:02d}"), "jalali", g.isoformat()


def jalali_month_only(g: date) -> tuple[str, str, str]:
    j = JDate.from_gregorian(g)
    return f"{JALALI_MONTHS[j.month - 1]} {fa(j.year)}", "jalali-month", g.isoformat()[:7]


def gregorian_fa(g: date) -> tuple[str, str, str]:
    return f"{fa(g.day)} {GREGORIAN_MONTHS_FA[g.month - 1]} {fa(g.year)}", "gregorian", \
        g.isoformat()


def hijri_fa(g: date) -> tuple[str, str, str]:
    y, m, d = hijri_from_gregorian(g)
    return f"{fa(d)} {HIJRI_MONTHS_FA[m - 1]} {fa(y)} ه.ق", "hijri-lunar", g.isoformat()


def gregorian_en(g: date) -> tuple[str, str, str]:
    return f"{g.day} {GREGORIAN_MONTHS_EN[g.month - 1]} {g.year}", "gregorian", g.isoformat()


def jalali_en(g: date) -> tuple[str, str, str]:
    j = JDate.from_gregorian(g)
    return f"{j.day} {JALALI_MONTHS_EN[j.month - 1]} {j.year}", "jalali", g.isoformat()


def gregorian_ar(g: date) -> tuple[str, str, str]:
    return f"{ar(g.day)} {GREGORIAN_MONTHS_AR[g.month - 1]} {ar(g.year)}", "gregorian", \
        g.isoformat()


def hijri_ar(g: date) -> tuple[str, str, str]:
    y, m, d = hijri_from_gregorian(g)
    return f"{ar(d)} {HIJRI_MONTHS_AR[m - 1]} {ar(y)} هـ", "hijri-lunar", g.isoformat()


JALALI_MONTHS_EN = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"]

# --------------------------------------------------------------------------------------------
# The fictional cast. Every one of these people is invented.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    fa: str
    ar: str
    en: tuple[str, ...]  # Latin spellings, varied on purpose
    role: str
    place: str
    mobile: str  # ASCII digits; rendered with Persian digits in Persian text

    def latin(self, n: int) -> str:
        return self.en[n % len(self.en)]


PEOPLE: dict[str, Person] = {p.key: p for p in [
    Person("kazeminia", "سید مرتضی کاظمی‌نیا", "السيد مرتضى كاظمي نيا",
           ("Seyed Morteza Kazeminia", "S. M. Kazemi-Nia", "Sayyed Mortaza Kazemi Nia"),
           "رئیس ایستگاه بغداد", "بغداد", "09124371860"),
    Person("rezvanifar", "حمید رضوانی‌فر", "حميد رضواني فر",
           ("Hamid Rezvani-Far", "Hamid Rezvanifar", "H. Rezwani Far"),
           "مدیرکل عملیات", "تهران", "09121183452"),
    Person("taghavipour", "سرهنگ بهروز تقوی‌پور", "العقيد بهروز تقوي بور",
           ("Col. Behrouz Taghavipour", "Behruz Taqavi-Pour", "Colonel B. Taghavi Pour"),
           "افسر رابط نظامی", "بغداد", "09355207741"),
    Person("shojaeimehr", "علی‌اکبر شجاعی‌مهر", "علي أكبر شجاعي مهر",
           ("Ali-Akbar Shojaei-Mehr", "Aliakbar Shojaeimehr", "Ali Akbar Shojaee Mehr"),
           "سرکنسول در نجف", "نجف", "09133862015"),
    Person("dehghanizadeh", "منصور دهقانی‌زاده", "منصور دهقاني زاده",
           ("Mansour Dehghanizadeh", "Mansur Dehqani-Zadeh"),
           "مدیرعامل شرکت بازرگانی آفتاب‌گستر", "بصره", "09177430928"),
    Person("nikseresht", "فرهاد نیک‌سرشت", "فرهاد نيك سرشت",
           ("Farhad Nikseresht", "Farhad Nik-Seresht"),
           "کارشناس رسانه‌ای", "بیروت", "09192650377"),
    Person("mehrayin", "لیلا مهرآیین", "ليلى مهر آيين",
           ("Leila Mehrayin", "Layla Mehr-Ayin"),
           "رایزن فرهنگی", "بیروت", "09126094418"),
    Person("salehirad", "نادر صالحی‌راد", "نادر صالحي راد",
           ("Nader Salehi-Rad", "Nader Salehirad"),
           "مسئول دفتر اربیل", "اربیل", "09144716302"),
    Person("afshinmehr", "مهندس کامران افشین‌مهر", "المهندس كامران افشين مهر",
           ("Eng. Kamran Afshin-Mehr", "Kamran Afshinmehr"),
           "پیمانکار ساختمانی", "اربیل", "09151329984"),
    Person("alsaadi", "ابوحیدر الساعدی", "أبو حيدر الساعدي",
           ("Abu Haidar al-Saadi", "Abu Hayder al-Sa'idi", "Abu Heidar Saadi"),
           "منبع محلی", "سامرا", "07703318842"),
    Person("albudairi", "شیخ جواد البدیری", "الشيخ جواد البديري",
           ("Sheikh Jawad al-Budairi", "Shaykh Jawad al-Bdeiri"),
           "روحانی", "نجف", "07801452296"),
    Person("alfartousi", "سلمان الفرطوسی", "سلمان الفرطوسي",
           ("Salman al-Fartousi", "Salman al-Fartusi"),
           "معاون وزارت کشور عراق", "بغداد", "07901874453"),
    Person("malekabadi", "رضا ملک‌آبادی", "رضا ملك آبادي",
           ("Reza Malekabadi", "Reza Malek-Abadi"),
           "کارمند رمز", "بغداد", "09366612780"),
]}


def phone_fa(person: Person) -> str:
    return fa(person.mobile)


def phone_ar(person: Person) -> str:
    return ar(person.mobile)


# --------------------------------------------------------------------------------------------
# Stations and classifications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Station:
    key: str
    code: int
    fa_short: str
    fa_long: str
    ar: str
    en: str
    city_fa: str
    signer: str  # a person key, or a signature text


STATIONS: dict[str, Station] = {s.key: s for s in [
    Station("hq", 100, "ستاد مرکزی - اداره کل عملیات", "اداره کل عملیات، ستاد مرکزی تهران",
            "الإدارة العامة للعمليات - طهران", "Directorate General of Operations, Tehran",
            "تهران", "rezvanifar"),
    Station("baghdad", 312, "ایستگاه بغداد", "سفارت جمهوری اسلامی ایران در بغداد",
            "محطة بغداد", "Station Baghdad", "بغداد", "kazeminia"),
    Station("najaf", 315, "ایستگاه نجف", "سرکنسولگری جمهوری اسلامی ایران در نجف",
            "محطة النجف", "Station Najaf", "نجف", "shojaeimehr"),
    Station("karbala", 316, "ایستگاه کربلا", "سرکنسولگری جمهوری اسلامی ایران در کربلا",
            "محطة كربلاء", "Station Karbala", "کربلا", "کد ۷۱۶"),
    Station("basra", 318, "ایستگاه بصره", "سرکنسولگری جمهوری اسلامی ایران در بصره",
            "محطة البصرة", "Station Basra", "بصره", "کد ۷۱۸"),
    Station("erbil", 321, "ایستگاه اربیل", "سرکنسولگری جمهوری اسلامی ایران در اربیل",
            "محطة أربيل", "Station Erbil", "اربیل", "salehirad"),
    Station("beirut", 410, "ایستگاه بیروت", "سفارت جمهوری اسلامی ایران در بیروت",
            "محطة بيروت", "Station Beirut", "بیروت", "کد ۸۱۰"),
    Station("damascus", 420, "ایستگاه دمشق", "سفارت جمهوری اسلامی ایران در دمشق",
            "محطة دمشق", "Station Damascus", "دمشق", "کد ۸۲۰"),
    # Not an Iranian station: the Iraqi ministry whose letters the Baghdad station kept (code 0:
    # its letters have their own numbers, ق/…).
    Station("moi", 0, "وزارت کشور عراق", "وزارت کشور عراق، دفتر معاون ارشد",
            "وزارة الداخلية - مكتب الوكيل الأقدم", "Iraqi Ministry of Interior", "بغداد",
            "alfartousi"),
]}

# Persian classification -> (number suffix, Latin suffix, Arabic wording, English wording)
CLASSIFICATIONS = {
    "محرمانه": ("م", "M", "محدود", "CONFIDENTIAL"),
    "سری": ("س", "S", "سري", "SECRET"),
    "خیلی محرمانه": ("خ", "KH", "سري للغاية", "HIGHLY CONFIDENTIAL"),
    "به‌کلی سری": ("ک", "K", "سري جداً", "TOP SECRET"),
}

RECIPIENTS = {
    "ops": ("اداره کل عملیات", "الإدارة العامة للعمليات", "Directorate General of Operations"),
    "iraq": ("اداره کل عراق، معاونت برون‌مرزی", "إدارة العراق", "Iraq Directorate"),
    "all": ("کلیه ایستگاه‌های منطقه", "جميع المحطات", "All stations in the region"),
    "baghdad": ("ایستگاه بغداد", "محطة بغداد", "Station Baghdad"),
    "najaf": ("ایستگاه نجف", "محطة النجف", "Station Najaf"),
    "basra": ("ایستگاه بصره", "محطة البصرة", "Station Basra"),
    "erbil": ("ایستگاه اربیل", "محطة أربيل", "Station Erbil"),
    "office": ("دفتر ریاست", "مكتب الرئيس", "Office of the Head"),
    "embassy": ("سفارت جمهوری اسلامی ایران در بغداد",
                "سفارة الجمهورية الإسلامية الإيرانية في بغداد",
                "Embassy of the Islamic Republic of Iran, Baghdad"),
}

# --------------------------------------------------------------------------------------------
# The cables: who wrote to whom, when, about what, in which file.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    key: str
    jdate: tuple[int, int, int]
    station: str
    to: str
    lang: str  # fas | ara | eng
    classification: str
    subject: str
    ref: str | None
    code: str  # the distinctive word: appears in this cable only
    fmt: str  # pdf | docx | odt | eml-pdf | eml-docx | mbox | zip-pdf | zip-docx | ... | html
    lead: str  # first paragraph; {person_key}, {D1}, {CODE}... are filled in
    extra: int = 2  # how many generic paragraphs follow the lead (Persian only)
    variants: bool = False  # older file: Arabic ي and ك instead of Persian ی and ک
    body: tuple[str, ...] = ()  # full body for Arabic and English cables
    long: bool = False  # long enough for two PDF pages
    d1_before: int = 0  # days between the event told of ({D1}) and the cable; 0: random


S = Spec
SPECS: list[Spec] = [
    # Thread A: security coordination with the Iraqi Interior Ministry (Baghdad)
    S("A1", (1393, 1, 27), "baghdad", "ops", "fas", "سری",
      "دیدار با معاون وزارت کشور عراق", None, "سپیدار", "pdf",
      "روز {D1} اینجانب با {alfartousi}، معاون وزارت کشور عراق، در دفتر کار وی در منطقه سبز "
      "بغداد دیدار کردم. وی با اشاره به افزایش ناامنی در استان الانبار خواستار تبادل منظم "
      "اطلاعات درباره جابجایی گروه‌های مسلح شد و پیشنهاد کرد این همکاری با نام رمز «{CODE}» "
      "پیگیری شود."),
    S("A2", (1393, 2, 15), "hq", "baghdad", "fas", "سری",
      "دستور پیگیری دیدار با معاون وزارت کشور عراق", "A1", "نارون", "docx",
      "{REFLINE} با پیشنهاد طرف عراقی موافقت می‌شود. مقتضی است {kazeminia} ضمن حفظ "
      "ارتباط با {alfartousi}، فهرست درخواست‌های طرف مقابل را دسته‌بندی و پیش از هر تعهدی "
      "به ستاد گزارش کند. پرونده این موضوع در ستاد با عنوان «{CODE}» ثبت شده است."),
    S("A3", (1393, 3, 10), "baghdad", "iraq", "ara", "محرمانه",
      "مذكرة وزارة الداخلية العراقية بشأن تبادل المعلومات", "A2", "الياقوت", "docx", "",
      body=(
          "{REFLINE_AR} نرفق أدناه ترجمة ملخصة للمذكرة التي سلّمها {alfartousi} إلى "
          "{kazeminia} يوم {D1_AR} في مقر وزارة الداخلية ببغداد.",
          "تقترح الوزارة تشكيل لجنة مشتركة تجتمع مرة كل شهر لتبادل المعلومات عن تحركات "
          "الجماعات المسلحة في محافظتي الأنبار وصلاح الدين، على أن يُطلق على المشروع اسم "
          "«{CODE}». كما طلبت الوزارة تزويدها بأجهزة اتصال مشفرة.",
          "وأكد {alfartousi} أن رقم هاتفه الخاص ({PH_alfartousi}) متاح للتواصل في الحالات "
          "الطارئة فقط، وأن الاجتماع القادم سيُعقد في {D2_AR}.",
          "يرجى الاطلاع وإبداء الرأي.",
      )),
    S("A4", (1393, 4, 22), "baghdad", "ops", "fas", "خیلی محرمانه",
      "نتایج نشست امنیتی مشترک", "A3", "کهربا", "scan-jpeg",
      "{REFLINE} نشست مشترک امنیتی روز {D1} با حضور {alfartousi} و {taghavipour} در بغداد "
      "برگزار شد. در این نشست بر تشکیل کمیته‌ای ماهانه با عنوان «{CODE}» توافق شد و طرف "
      "عراقی فهرستی از نیازهای تجهیزاتی خود ارائه کرد.", extra=1),
    S("A5", (1393, 6, 5), "baghdad", "ops", "eng", "سری",
      "Record of meeting with Iraqi liaison", "A4", "JUNIPER", "eml-pdf", "",
      body=(
          "1. {REFLINE_EN} On {D1_EN} the head of station, {kazeminia}, met {alfartousi} of the "
          "Iraqi Ministry of Interior in the International Zone, Baghdad. The meeting followed "
          "up the monthly security committee, which the Iraqi side now calls {CODE}.",
          "2. {alfartousi} said that Ministry of Interior units around Samarra were short of "
          "secure radios and asked whether the embassy could arrange a delivery before "
          "{D2_EN}. He also complained that visa requests from Iraqi officers were delayed in "
          "Tehran.",
          "3. Comment: {alfartousi} appears willing to keep the channel open after the fall "
          "of Mosul. Station recommends that {taghavipour} attends the next session. "
          "The English record was prepared for the liaison file on {G1_EN}.",
      )),
    S("A6", (1393, 8, 25), "baghdad", "ops", "fas", "به‌کلی سری",
      "جمع‌بندی همکاری امنیتی با وزارت کشور عراق", "A5", "فیروزه", "pdf",
      "{REFLINE} جمع‌بندی هشت ماه همکاری در چارچوب کمیته مشترک تقدیم می‌شود. از {D1M} تاکنون "
      "یازده جلسه با حضور {alfartousi} برگزار شده و گزارش‌های آن به‌طور منظم ارسال شده است. "
      "پیشنهاد این ایستگاه آن است که مرحله دوم همکاری با نام «{CODE}» و با نظارت مستقیم "
      "{rezvanifar} آغاز شود.", extra=3),
    # Thread B: Arbaeen pilgrims (Najaf, Karbala)
    S("B1", (1393, 7, 12), "najaf", "ops", "fas", "محرمانه",
      "آمادگی برای ایام اربعین", None, "زبرجد", "pdf",
      "با نزدیک شدن به ایام اربعین حسینی، جلسه‌ای با حضور {shojaeimehr} و {albudairi} در "
      "نجف برگزار شد. پیش‌بینی می‌شود شمار زائران ایرانی امسال از یک میلیون نفر فراتر رود "
      "و طرح اسکان موقت با نام «{CODE}» در حال تدوین است."),
    S("B2", (1393, 8, 3), "karbala", "ops", "fas", "محرمانه",
      "ظرفیت اسکان زائران در کربلا", "B1", "شمشاد", "docx",
      "{REFLINE} بررسی‌های این ایستگاه نشان می‌دهد ظرفیت حسینیه‌ها و موکب‌های مسیر نجف به "
      "کربلا حدود ششصد هزار نفر است. {shojaeimehr} پیشنهاد کرده است بخشی از زائران در "
      "اردوگاه «{CODE}» در حاشیه شهر اسکان داده شوند."),
    S("B3", (1393, 8, 18), "najaf", "ops", "ara", "محرمانه",
      "رسالة الشيخ جواد البديري بشأن الزائرين", "B1", "المرجان", "mbox", "",
      body=(
          "{REFLINE_AR} وصلت إلى القنصلية رسالة من {albudairi} يعرض فيها استعداد مكتبه "
          "لاستقبال الزائرين الإيرانيين في أيام الأربعين.",
          "ويقترح الشيخ فتح ممر خاص للزائرين قرب باب القبلة، وتسمية خطة التنظيم «{CODE}»، "
          "على أن تتولى لجنة مشتركة الإشراف عليها ابتداءً من {H1_AR}.",
          "وطلب {albudairi} أن يتصل به {shojaeimehr} شخصياً على الرقم {PH_albudairi}.",
      )),
    S("B4", (1393, 9, 1), "hq", "najaf", "fas", "سری",
      "دستورالعمل تردد زائران از مرز مهران", "B2", "اقاقیا", "odt",
      "{REFLINE} با توجه به ازدحام پیش‌بینی‌شده در گذرگاه مهران، مقرر شد تردد زائران در سه "
      "نوبت روزانه انجام شود. {shojaeimehr} موظف است گزارش روزانه تردد را با عنوان «{CODE}» "
      "تا پایان ایام اربعین ارسال کند.", extra=2),
    S("B5", (1393, 9, 24), "najaf", "ops", "fas", "سری",
      "گزارش روز اربعین در کربلا", "B4", "ارغوان", "scan-png",
      "{REFLINE} مراسم اربعین روز {D1} برابر با {H1} با حضور گسترده زائران برگزار شد. "
      "{albudairi} در دیدار با {shojaeimehr} از همکاری ستاد «{CODE}» قدردانی کرد.", extra=1,
      d1_before=2),  # Arbaeen 1436: 20 Safar = 13 December 2014
    S("B6", (1393, 10, 8), "karbala", "ops", "eng", "محرمانه",
      "Summary of the Arbaeen season for the liaison file", "B5", "MARIGOLD", "zip-inner-pdf",
      "",
      body=(
          "1. {REFLINE_EN} The Arbaeen season ended on {G1_EN}. According to the consulate, "
          "{shojaeimehr} coordinated the crossing of Iranian pilgrims at Mehran with the "
          "Iraqi authorities under the plan known as {CODE}.",
          "2. {albudairi} kept his office in Najaf open to pilgrims throughout the season "
          "and asked to be thanked in writing.",
          "3. No serious incident involving Iranian pilgrims was reported between Najaf and "
          "Karbala.",
      )),
    # Thread C: a shipment at Umm Qasr (Basra)
    S("C1", (1393, 5, 14), "basra", "ops", "fas", "محرمانه",
      "محموله شرکت آفتاب‌گستر در بندر ام‌قصر", None, "سنجاقک", "pdf",
      "{dehghanizadeh}، مدیرعامل شرکت بازرگانی آفتاب‌گستر، روز {D1} به این ایستگاه مراجعه "
      "و اعلام کرد که هفت کانتینر کالای شرکت در بندر ام‌قصر معطل مانده است. محموله با کد "
      "«{CODE}» در سامانه گمرک عراق ثبت شده است."),
    S("C2", (1393, 5, 30), "basra", "ops", "fas", "سری",
      "توقیف موقت کانتینرهای شرکت آفتاب‌گستر", "C1", "بلدرچین", "eml-docx",
      "{REFLINE} گمرک ام‌قصر چهار کانتینر از محموله «{CODE}» را برای بازرسی بیشتر توقیف "
      "کرده است. {taghavipour} با مقامات بندر تماس گرفته و {dehghanizadeh} خواستار "
      "پیگیری فوری شده است."),
    S("C3", (1393, 6, 20), "hq", "basra", "fas", "سری",
      "پاسخ ستاد درباره محموله بندر ام‌قصر", "C2", "کاکایی", "txt-cp1256",
      "{REFLINE} ستاد با پیگیری موضوع از مجاری رسمی موافقت دارد، اما هرگونه تماس با گمرک "
      "عراق باید از طریق {taghavipour} انجام شود. پرونده «{CODE}» تا اطلاع ثانوی باز "
      "می‌ماند و {dehghanizadeh} نباید از نام این ایستگاه استفاده کند.", variants=True),
    S("C4", (1393, 7, 5), "basra", "ops", "fas", "خیلی محرمانه",
      "ترخیص محموله و هزینه‌های آن", "C3", "درنا", "pdf",
      "{REFLINE} کانتینرهای توقیف‌شده روز {D1} ترخیص شد. طبق اظهار {dehghanizadeh} هزینه "
      "انبارداری و جریمه تأخیر {AMOUNT} دلار بوده است. این پرونده با رمز «{CODE}» بسته "
      "می‌شود.", variants=True),
    S("C5", (1394, 1, 20), "basra", "ops", "ara", "محرمانه",
      "محضر اجتماع في غرفة تجارة البصرة", "C4", "النخيل", "docx", "",
      body=(
          "{REFLINE_AR} حضر {dehghanizadeh} يوم {D1_AR} اجتماعاً في غرفة تجارة البصرة "
          "لبحث تسهيل مرور البضائع الإيرانية عبر ميناء أم قصر.",
          "اتفق الحاضرون على تشكيل فريق عمل باسم «{CODE}» لمتابعة الشحنات المتأخرة، "
          "وعلى عقد اجتماع ثانٍ في {D2_AR}.",
      )),
    # Thread D: Beirut, culture and the press
    S("D1", (1393, 4, 2), "beirut", "ops", "fas", "محرمانه",
      "نمایشگاه کتاب و برنامه فرهنگی در بیروت", None, "آلاچیق", "pdf",
      "رایزنی فرهنگی در نظر دارد در {D2M} نمایشگاهی از کتاب‌های فارسی در بیروت برگزار "
      "کند. {mehrayin}، رایزن فرهنگی، اجرای برنامه را به {nikseresht} سپرده و عنوان "
      "«{CODE}» برای آن برگزیده شده است."),
    S("D2", (1393, 4, 30), "beirut", "ops", "fas", "سری",
      "تماس خبرنگار خارجی با رایزنی فرهنگی", "D1", "لاجورد", "docx",
      "{REFLINE} یک خبرنگار اروپایی روز {D1} با {nikseresht} تماس گرفت و درباره منابع مالی "
      "نمایشگاه «{CODE}» پرسش‌هایی مطرح کرد. پاسخ کلی داده شد و از ارائه جزئیات خودداری "
      "گردید."),
    S("D3", (1393, 5, 21), "beirut", "ops", "eng", "محرمانه",
      "Press enquiry from a European journalist", "D2", "HALCYON", "pdf", "",
      body=(
          "1. {REFLINE_EN} The journalist who called the cultural section in Tir wrote again "
          "on {G1_EN}, this time in English, asking about the budget of the book fair.",
          "2. {nikseresht} answered that the fair was funded by publishers. {mehrayin} "
          "approved the answer. The file is kept under the name {CODE}.",
          "3. Station will report any further contact.",
      )),
    S("D4", (1393, 11, 15), "beirut", "ops", "fas", "سری",
      "ارزیابی پوشش رسانه‌ای نمایشگاه کتاب", "D3", "نیلوفر", "html",
      "{REFLINE} پوشش رسانه‌ای نمایشگاه در مطبوعات لبنان عمدتاً مثبت بوده است. {nikseresht} "
      "گزارش‌ها را گردآوری کرده و {mehrayin} پیشنهاد کرده است برنامه بعدی با عنوان "
      "«{CODE}» در {D2M} برگزار شود.", extra=1),
    # Thread E: Erbil and the Kurdistan Region
    S("E1", (1393, 2, 28), "erbil", "ops", "fas", "محرمانه",
      "وضعیت گذرگاه حاج‌عمران", None, "سرخدار", "pdf",
      "{salehirad} گزارش می‌دهد که تردد کامیون‌ها در گذرگاه حاج‌عمران از {D1} کند شده "
      "است. مقامات اقلیم کردستان علت را بازسازی پایانه اعلام کرده‌اند. بررسی بیشتر با عنوان "
      "«{CODE}» ادامه دارد."),
    S("E2", (1393, 3, 21), "erbil", "ops", "fas", "سری",
      "سقوط موصل و پیامدهای آن برای اقلیم کردستان", "E1", "شاهین", "pdf",
      "{REFLINE} پس از سقوط موصل در {D1}، موج آوارگان به سمت اربیل و دهوک سرازیر شده "
      "است. {salehirad} گزارش می‌دهد که مقامات اقلیم نگران امنیت مرزهای خود هستند و "
      "{afshinmehr} پروژه‌های ساختمانی خود را موقتاً متوقف کرده است. ارزیابی‌های این "
      "ایستگاه ذیل عنوان «{CODE}» ارسال خواهد شد.", extra=3, d1_before=1),  # 10 June 2014
    S("E3", (1393, 4, 10), "erbil", "ops", "fas", "خیلی محرمانه",
      "پروژه ساختمانی مهندس افشین‌مهر در اربیل", "E2", "پرستو", "odt",
      "{REFLINE} {afshinmehr} درخواست کرده است که ساخت مجتمع تجاری «{CODE}» در حومه اربیل "
      "با ضمانت بانکی ادامه یابد. {salehirad} معتقد است این پروژه می‌تواند پوشش مناسبی "
      "برای حضور همکاران باشد."),
    S("E4", (1393, 6, 28), "erbil", "ops", "fas", "سری",
      "از سرگیری پروژه مجتمع تجاری", "E3", "کبوتر", "scan-jpeg",
      "{REFLINE} {afshinmehr} اعلام کرد که عملیات ساخت از {D1} از سر گرفته شده است. "
      "نقشه‌های اجرایی با کد «{CODE}» به دفتر اربیل تحویل شد.", extra=1),
    S("E5", (1393, 12, 5), "erbil", "ops", "fas", "محرمانه",
      "جمع‌بندی سال ۱۳۹۳ دفتر اربیل", "E4", "صنوبر", "zip-pdf",
      "{REFLINE} گزارش سالانه دفتر اربیل تقدیم می‌شود. در سال جاری {salehirad} با "
      "بیست‌وشش مقام محلی دیدار کرده و پروژه {afshinmehr} به مرحله نازک‌کاری رسیده است. "
      "پیوست آماری این گزارش با عنوان «{CODE}» ارسال شده و {rezvanifar} در جریان است.",
      extra=2),
    # Thread F: instructions from headquarters
    S("F1", (1393, 1, 18), "hq", "all", "fas", "سری",
      "دستورالعمل حفاظت اسناد و ارتباطات", None, "زنبق", "pdf",
      "به اطلاع می‌رساند از ابتدای {D1M} کلیه مکاتبات طبقه‌بندی‌شده صرفاً از طریق "
      "سامانه رمز «{CODE}» ارسال می‌شود. استفاده از تلفن همراه شخصی برای هماهنگی‌های "
      "کاری ممنوع است."),
    S("F2", (1393, 3, 2), "hq", "baghdad", "fas", "محرمانه",
      "جابجایی نیروی رمز ایستگاه بغداد", "F1", "مرغابی", "docx",
      "{REFLINE} {malekabadi}، کارمند رمز، از {D2} به ایستگاه بغداد منتقل می‌شود. "
      "مقتضی است {kazeminia} ترتیبات اسکان وی را فراهم کند. حکم ایشان با شماره بایگانی "
      "«{CODE}» صادر شده است."),
    S("F3", (1393, 7, 20), "hq", "all", "fas", "خیلی محرمانه",
      "ابلاغ بودجه نیمه دوم سال ۱۳۹۳", "F1", "بادام‌زار", "pdf",
      "{REFLINE} بودجه نیمه دوم سال برای ایستگاه‌های منطقه به شرح زیر ابلاغ می‌شود. "
      "اعتبارات از محل ردیف «{CODE}» پرداخت خواهد شد و هرگونه جابجایی بین ردیف‌ها نیازمند "
      "موافقت کتبی {rezvanifar} است.", extra=3, long=True),
    S("F4", (1393, 10, 25), "hq", "all", "fas", "سری",
      "ارزیابی عملکرد ایستگاه‌ها در نیمه نخست سال", "F3", "گلسنگ", "mbox",
      "{REFLINE} ارزیابی عملکرد ایستگاه‌ها انجام شد. گزارش‌های {kazeminia} و {shojaeimehr} "
      "از نظر دقت و به‌موقع بودن در رتبه نخست قرار گرفتند. معیارهای ارزیابی در سند "
      "«{CODE}» آمده است."),
    S("F5", (1394, 2, 11), "hq", "all", "fas", "سری",
      "دستورالعمل تکمیلی سامانه رمز", "F4", "کرکس", "pdf",
      "{REFLINE} پس از حادثه مفقود شدن تلفن همراه یکی از همکاران، کلیدهای رمز همه "
      "ایستگاه‌ها تا {D2} تعویض می‌شود. {malekabadi} برای آموزش نسخه جدید سامانه «{CODE}» "
      "به ایستگاه‌ها اعزام خواهد شد."),
    S("F6", (1394, 4, 30), "hq", "all", "fas", "به‌کلی سری",
      "بازنگری ترتیبات حفاظتی پس از حادثه بغداد", "G4", "سیمرغ", "scan-tiff",
      "{REFLINE} با توجه به نتایج بررسی حادثه بغداد، ترتیبات حفاظتی همه ایستگاه‌ها بازنگری "
      "شد. از این پس فهرست شماره‌های تماس منابع نباید روی هیچ دستگاهی ذخیره شود. "
      "دستورالعمل جدید با عنوان «{CODE}» از {D2} لازم‌الاجراست.", extra=3),
    # Thread G: a lost phone (Baghdad)
    S("G1", (1393, 9, 12), "baghdad", "ops", "fas", "خیلی محرمانه",
      "مفقود شدن تلفن همراه کارمند رمز", "F1", "قوقنوس", "pdf",
      "{REFLINE} تلفن همراه {malekabadi} به شماره {PH_malekabadi} روز {D1} در مسیر "
      "کاظمین مفقود شد. این دستگاه برخلاف دستورالعمل «{CODE}» حاوی شماره‌های کاری بوده "
      "است. بررسی موضوع آغاز شده است."),
    S("G2", (1393, 9, 16), "baghdad", "ops", "fas", "خیلی محرمانه",
      "تکمیلی: فهرست شماره‌های ذخیره‌شده در تلفن مفقودی", "G1", "شبدر", "eml-pdf",
      "{REFLINE} بررسی‌ها نشان می‌دهد شماره‌های {kazeminia} ({PH_kazeminia}) و "
      "{alsaadi} ({PH_alsaadi}) در تلفن مفقودی ذخیره شده بود. فهرست کامل با عنوان "
      "«{CODE}» پیوست است."),
    S("G3", (1393, 9, 29), "hq", "baghdad", "fas", "سری",
      "دستور تعویض خطوط تلفن ایستگاه بغداد", "G2", "کاج", "docx",
      "{REFLINE} کلیه خطوط تلفن همراه ایستگاه بغداد باید تا {D2} تعویض شود. ارتباط با "
      "{alsaadi} تا اطلاع ثانوی قطع و پرونده «{CODE}» به ستاد منتقل می‌شود.",
      variants=True),
    S("G4", (1394, 3, 15), "baghdad", "ops", "fas", "سری",
      "نتیجه بررسی حادثه مفقود شدن تلفن", "G3", "بیدمشک", "zip-pdf",
      "{REFLINE} بررسی حادثه به پایان رسید. نشانه‌ای از دسترسی اشخاص ثالث به اطلاعات "
      "تلفن {malekabadi} به دست نیامد. گزارش نهایی با عنوان «{CODE}» تنظیم شده و "
      "{kazeminia} آن را تأیید کرده است."),
    # Thread H: a local source in Samarra
    S("H1", (1393, 3, 25), "baghdad", "ops", "fas", "به‌کلی سری",
      "شناسایی منبع جدید در سامرا", None, "عقاب", "pdf",
      "فردی با نام مستعار {alsaadi} از اهالی سامرا روز {D1} از طریق یک واسطه با این "
      "ایستگاه تماس گرفت. وی مدعی است به اطلاعات نیروهای محلی دسترسی دارد. ارتباط با وی "
      "با نام رمز «{CODE}» ثبت شد."),
    S("H2", (1393, 5, 8), "baghdad", "ops", "fas", "به‌کلی سری",
      "دیدار دوم با منبع سامرا", "H1", "تیهو", "scan-jpeg",
      "{REFLINE} دیدار دوم با {alsaadi} روز {D1} با حضور {taghavipour} انجام شد. منبع "
      "نقشه‌ای از مواضع اطراف سامرا ارائه کرد که با رمز «{CODE}» بایگانی شد.", extra=1),
    S("H3", (1393, 8, 10), "baghdad", "ops", "ara", "سری",
      "تقرير المصدر عن الوضع في سامراء", "H2", "العنبر", "pdf", "",
      body=(
          "{REFLINE_AR} فيما يلي نص التقرير الذي سلّمه {alsaadi} بخط يده يوم {D1_AR}.",
          "يقول المصدر إن الوضع في سامراء ما زال متوتراً، وإن القوات المحلية عززت نقاط "
          "التفتيش حول المدينة. ويطلب المصدر أن يُشار إلى تقاريره باسم «{CODE}».",
          "ويطلب المصدر أيضاً مبلغاً شهرياً ثابتاً، ويقترح اللقاء القادم في {H2_AR}.",
      )),
    S("H4", (1393, 11, 2), "baghdad", "ops", "eng", "سری",
      "Source assessment: Samarra", "H3", "OSPREY", "mbox", "",
      body=(
          "1. {REFLINE_EN} Station has reviewed the reporting of the Samarra source, "
          "{alsaadi}, since {J1_EN}. Of eleven reports, seven were confirmed by other means.",
          "2. The source is motivated by money and by a family feud. {kazeminia} assesses "
          "him as reliable on local matters only. The case is now filed as {CODE}.",
          "3. The source's mobile number was among those stored on the phone lost in Azar; "
          "see the separate cables on that incident.",
      )),
    S("H5", (1394, 1, 28), "baghdad", "ops", "fas", "به‌کلی سری",
      "قطع ارتباط با منبع سامرا", "H4", "هدهد", "eml-docx",
      "{REFLINE} با توجه به ارزیابی انجام‌شده و حادثه تلفن مفقودی، ارتباط با {alsaadi} از "
      "{D1} قطع شد. {rezvanifar} دستور داده است پرونده «{CODE}» بایگانی شود."),
    # Thread I: a delegation to Damascus
    S("I1", (1393, 6, 12), "damascus", "ops", "fas", "سری",
      "برنامه سفر هیئت اعزامی به دمشق", None, "ققنوس", "pdf",
      "هیئتی به سرپرستی {taghavipour} روز {D2} برای یک سفر سه‌روزه وارد دمشق می‌شود. "
      "هماهنگی‌های فرودگاه و اسکان با عنوان «{CODE}» انجام شده است."),
    S("I2", (1393, 6, 30), "damascus", "ops", "fas", "سری",
      "گزارش سفر هیئت به دمشق", "I1", "یاسمن", "docx",
      "{REFLINE} هیئت به سرپرستی {taghavipour} در {D1} با چند مقام سوری دیدار کرد. "
      "خلاصه مذاکرات با عنوان «{CODE}» برای {rezvanifar} ارسال شد."),
    S("I3", (1393, 10, 2), "damascus", "ops", "fas", "محرمانه",
      "هماهنگی پرواز بغداد - دمشق", "I2", "میخک", "zip-inner-docx",
      "{REFLINE} برای سفر بعدی {taghavipour}، پرواز بغداد - دمشق در {D2} رزرو شد. "
      "{kazeminia} هماهنگی‌های فرودگاه بغداد را بر عهده دارد و کد رزرو «{CODE}» است."),
    S("I4", (1394, 5, 20), "damascus", "ops", "fas", "سری",
      "سفر دوم هیئت به دمشق", "I3", "سوسن", "scan-jpeg",
      "{REFLINE} سفر دوم هیئت به سرپرستی {taghavipour} از {D1} آغاز شد. برنامه دیدارها "
      "ذیل عنوان «{CODE}» تنظیم شده است.", extra=1),
    # Loose ends
    S("X1", (1393, 12, 20), "baghdad", "ops", "fas", "محرمانه",
      "برنامه ایستگاه بغداد در تعطیلات نوروز ۱۳۹۴", "F3", "شقایق", "pdf",
      "{REFLINE} در ایام تعطیلات نوروز، ایستگاه بغداد با حداقل نیرو فعالیت خواهد کرد. "
      "{kazeminia} از {D2} به تهران سفر می‌کند و کشیک ایستگاه با برنامه «{CODE}» اداره "
      "می‌شود."),
    S("X2", (1394, 1, 5), "karbala", "ops", "fas", "سری",
      "بازدید از پروژه‌های ستاد بازسازی عتبات عالیات", "B6", "نسترن", "pdf",
      "{REFLINE} {shojaeimehr} روز {D1} از پروژه‌های ستاد بازسازی عتبات عالیات در کربلا "
      "بازدید کرد. {afshinmehr} برای مشارکت در بخش «{CODE}» این پروژه‌ها اعلام آمادگی "
      "کرده است."),
    S("X3", (1394, 2, 25), "najaf", "ops", "fas", "محرمانه",
      "دیدار با شیخ جواد البدیری", "B5", "کاهگل", "pdf",
      "{REFLINE} {shojaeimehr} روز {D1} با {albudairi} دیدار کرد. شیخ از برنامه‌ریزی برای "
      "اربعین آینده و تشکیل کمیته‌ای با نام «{CODE}» سخن گفت."),
    S("X4", (1394, 3, 30), "baghdad", "ops", "fas", "سری",
      "گزارش ماهانه ایستگاه بغداد - خرداد ۱۳۹۴", "A6", "آبنوس", "pdf",
      "{REFLINE} در خرداد ۱۳۹۴، {kazeminia} دو بار با {alfartousi} دیدار کرد. موضوع اصلی "
      "دیدارها تمدید همکاری‌های امنیتی و پروژه «{CODE}» بود.", extra=3),
]

# Generic paragraphs for Persian cables. Placeholders: {P1} {P2} people, {PLACE}, dates
# {D1} {D1N} {D1M} {D1G} {H1} {D2}, phone {PH1}, organisation {ORG}, {AMOUNT}.
POOL: list[str] = [
    "در این دیدار که در {PLACE} برگزار شد، {P1} ضمن اشاره به گزارش‌های پیشین خواستار "
    "ادامه هماهنگی‌ها شد. به نظر می‌رسد طرف مقابل به تداوم همکاری تمایل دارد، هرچند "
    "درخواست‌های مالی او همچنان مبهم است.",
    "بر اساس اطلاعات واصله، جلسه بعدی در {D2} برگزار خواهد شد. هماهنگی‌های لازم با "
    "{ORG} انجام شده و نتیجه به‌موقع گزارش می‌شود.",
    "شماره تماس {P1} ({PH1}) در اختیار این ایستگاه قرار دارد. خواهشمند است از تماس "
    "مستقیم با این شماره خودداری و ارتباط صرفاً از مجاری تعیین‌شده برقرار شود.",
    "یادآوری می‌شود که طبق دستورالعمل ابلاغی در {D1M}، کلیه گزارش‌ها باید حداکثر ظرف "
    "چهل‌وهشت ساعت به ستاد ارسال شود.",
    "طرف عراقی اعلام کرد که نشست مشترک در تاریخ {H1} برابر با {D1} برگزار شده و "
    "صورت‌جلسه آن به‌زودی ارسال می‌شود.",
    "ضمناً رونوشت نامه مورخ {D1G} که به زبان انگلیسی تنظیم شده بود، به پیوست ارسال "
    "می‌شود.",
    "طبق یادداشت‌های جلسه مورخ {D1N}، مقرر شد هزینه‌های مربوط از محل اعتبارات جاری "
    "پرداخت و گزارش‌های مالی به‌صورت ماهانه تنظیم شود.",
    "ارزیابی این ایستگاه آن است که {P2} در ماه‌های آینده نقش پررنگ‌تری در تحولات {PLACE} "
    "خواهد داشت. پیشنهاد می‌شود ارتباط با ایشان از طریق واسطه‌های مطمئن حفظ شود.",
    "در حاشیه این نشست، {P2} از مشکلات تردد در مرز و کندی صدور روادید گلایه کرد و "
    "درخواست‌های متعددی برای تسهیل رفت‌وآمد مطرح نمود.",
    "لازم است وزارت امور خارجه نیز در جریان کلیات موضوع قرار گیرد، اما جزئیات عملیاتی "
    "صرفاً از همین مجرا مکاتبه می‌شود.",
    "هزینه‌های انجام‌شده تا پایان {D1M} بالغ بر {AMOUNT} دلار بوده که صورت‌حساب آن به "
    "پیوست تقدیم می‌شود.",
    "منابع محلی گزارش می‌دهند که نیروهای امنیتی عراق در اطراف {PLACE} ایست‌های بازرسی "
    "جدیدی برپا کرده‌اند. این موضوع ممکن است بر برنامه تردد همکاران اثر بگذارد.",
    "{P1} در تماس تلفنی با شماره {PH1} تأیید کرد که مدارک درخواستی تا {D2} آماده "
    "می‌شود.",
    "در صورت موافقت، این ایستگاه آمادگی دارد گزارش‌های تکمیلی را در قالب تلگراف‌های "
    "جداگانه ارسال کند.",
    "نماینده نیروی قدس سپاه پاسداران نیز در جریان این موضوع قرار گرفته و نظر مساعد خود "
    "را اعلام کرده است.",
    "با توجه به حساسیت موضوع، پیشنهاد می‌شود دسترسی به این گزارش محدود به {ORG} باشد.",
]
CLOSINGS = [
    "مراتب جهت استحضار و صدور دستورات لازم اعلام می‌گردد.",
    "خواهشمند است نظر ستاد را در این خصوص اعلام فرمایید.",
    "نتیجه اقدامات متعاقباً گزارش خواهد شد.",
    "مراتب جهت اطلاع و اقدام مقتضی ارسال می‌شود.",
]
ORGS = ["وزارت اطلاعات", "اداره کل عملیات", "نیروی قدس سپاه پاسداران", "وزارت امور خارجه",
        "دفتر ریاست"]
BUDGET_LINES = [
    ("ایستگاه بغداد", 420000), ("ایستگاه نجف", 185000), ("ایستگاه کربلا", 160000),
    ("ایستگاه بصره", 140000), ("ایستگاه اربیل", 175000), ("ایستگاه بیروت", 210000),
    ("ایستگاه دمشق", 230000), ("هزینه‌های مشترک ارتباطات", 95000),
    ("آموزش و مأموریت‌های کوتاه", 60000), ("ذخیره احتیاط", 75000),
]


def money_fa(amount: int) -> str:
    return fa(f"{amount:,}").replace(",", "٬")


# --------------------------------------------------------------------------------------------
# Turning specs into cables: numbers, dates, text, and what the text mentions
# --------------------------------------------------------------------------------------------


@dataclass
class Cable:
    spec: Spec
    jdate: JDate
    serial: int
    number: str  # canonical, Persian digits: ۳۱۲/۴۵۱۰/س
    number_as_written: str = ""
    header: list[tuple[str, str]] = field(default_factory=list)  # (label, value) as rendered
    # How the header is laid out: "lines" (one "label: value" a line; an empty label is a line
    # of its own, a label ending in "/" is the Arabic marker style "م/ value"), "table" (the
    # cells of ``rows`` in a table) or "two-column" (``rows``: one or two "label: value" a line).
    layout: str = "lines"
    rows: list[list[str]] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)  # canonical numbers cited besides spec.ref
    latin: str = ""  # the number in Latin letters, when number_for cannot make it
    filename: str = ""  # the file name, when cable_filename cannot make it
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    signature: str = ""
    dates: list[dict[str, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    files: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def distinctive(self) -> str:
        """The distinctive word as written (older files have Arabic ي and ك)."""
        return variant(self.spec.code) if self.spec.variants else self.spec.code

    @property
    def number_latin(self) -> str:
        return self.latin or number_for(self.spec, self.serial, "eng")

    @property
    def gregorian(self) -> date:
        return self.jdate.to_gregorian()

    @property
    def lines(self) -> list[str]:
        """The ground-truth text, one line per header field and paragraph."""
        out = [self.title] if self.title else []
        out += self.header_lines
        out += self.paragraphs
        if self.signature:
            out.append(self.signature)
        return out

    @property
    def header_lines(self) -> list[str]:
        """The header as rendered, one line a field (a table row: its cells joined by a tab)."""
        if self.layout != "lines":
            return ["\t".join(row) for row in self.rows]
        return [header_line(label, value) for label, value in self.header]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def header_line(label: str, value: str) -> str:
    """One header field as a line: ``label: value``, ``م/ value`` for a marker label ending in
    "/", or the value alone (a letterhead line, a classification mark) for an empty label."""
    if not label:
        return value
    return f"{label} {value}" if label.endswith("/") else f"{label}: {value}"


def number_for(spec: Spec, serial: int, lang: str) -> str:
    station = STATIONS[spec.station]
    letter_fa, letter_en, _, _ = CLASSIFICATIONS[spec.classification]
    if lang == "eng":
        return f"{station.code}/{serial}/{letter_en}"
    if lang == "ara":
        return f"{ar(station.code)}/{ar(serial)}/{letter_fa}"
    return f"{fa(station.code)}/{fa(serial)}/{letter_fa}"


class Filler:
    """Fills a template and records the dates, phone numbers and people it mentions."""

    def __init__(self, cable: Cable, rng: random.Random, cables: dict[str, Cable]) -> None:
        self.cable = cable
        self.rng = rng
        self.cables = cables
        spec = cable.spec
        g = cable.gregorian
        self.d1 = g - timedelta(days=rng.randint(1, 9))
        if spec.d1_before:
            self.d1 = g - timedelta(days=spec.d1_before)
        self.d2 = g + timedelta(days=rng.randint(5, 24))
        self.amount = rng.randrange(12, 95) * 1000 + rng.choice([0, 500])
        self.org = rng.choice(ORGS)
        self.latin_variant = rng.randrange(3)
        mentioned = re.findall(r"\{([a-z]+)\}", spec.lead + " ".join(spec.body))
        keys = [k for k in mentioned if k in PEOPLE]
        self.cast = list(dict.fromkeys(keys)) or [STATIONS[spec.station].signer]
        if self.cast[0] not in PEOPLE:
            self.cast = ["kazeminia"]

    def _date(self, form: DateForm, g: date) -> str:
        text, calendar, iso = form(g)
        entry = {"text": text, "calendar": calendar, "iso": iso}
        if entry not in self.cable.dates:
            self.cable.dates.append(entry)
        return text

    def _phone(self, key: str, arabic: bool = False) -> str:
        person = PEOPLE[key]
        text = phone_ar(person) if arabic else phone_fa(person)
        if text not in self.cable.phones:
            self.cable.phones.append(text)
        return text

    def _refline(self, lang: str) -> str:
        ref = self.cable.spec.ref
        if ref is None:
            return ""
        target = self.cables[ref]
        rg = target.gregorian
        if lang == "eng":
            return f"Reference cable {target.number_latin} of {rg.isoformat()}."
        if lang == "ara":
            return (f"إشارة إلى البرقية المرقمة {number_for(target.spec, target.serial, 'ara')}"
                    f" بتاريخ {self._date(gregorian_ar, rg)}،")
        forms: list[DateForm] = [jalali_numeric_fa, jalali_long]
        form = forms[self.rng.randrange(2)]
        starts = ["پیرو تلگراف شماره {n} مورخ {d}،", "بازگشت به تلگراف شماره {n} مورخ {d}،"]
        return self.rng.choice(starts).format(n=target.number, d=self._date(form, rg))

    def values(self, lang: str) -> dict[str, Callable[[], str]]:
        """Every placeholder's value, computed (and recorded) only when a template uses it."""
        people_names: dict[str, str] = {}
        for key, person in PEOPLE.items():
            if lang == "eng":
                people_names[key] = person.latin(self.latin_variant)
            elif lang == "ara":
                people_names[key] = person.ar
            else:
                people_names[key] = person.fa
        p1 = PEOPLE[self.cast[0]]
        p2 = PEOPLE[self.cast[1] if len(self.cast) > 1 else self.cast[0]]
        lazy: dict[str, Callable[[], str]] = {
            "D1": lambda: self._date(jalali_long, self.d1),
            "D1N": lambda: self._date(jalali_numeric_ascii, self.d1),
            "D1M": lambda: self._date(jalali_month_only, self.d1),
            "D2M": lambda: self._date(jalali_month_only, self.d2),
            "D1G": lambda: self._date(gregorian_fa, self.d1),
            "H1": lambda: self._date(hijri_fa, self.d1),
            "D2": lambda: self._date(jalali_long, self.d2),
            "D1_AR": lambda: self._date(gregorian_ar, self.d1),
            "D2_AR": lambda: self._date(gregorian_ar, self.d2),
            "H1_AR": lambda: self._date(hijri_ar, self.d1),
            "H2_AR": lambda: self._date(hijri_ar, self.d2),
            "D1_EN": lambda: self._date(gregorian_en, self.d1),
            "D2_EN": lambda: self._date(gregorian_en, self.d2),
            "G1_EN": lambda: self._date(gregorian_en, self.d1),
            "J1_EN": lambda: self._date(jalali_en, self.d1 - timedelta(days=150)),
            "PH1": lambda: self._phone(p1.key),
            "REFLINE": lambda: self._refline("fas"),
            "REFLINE_AR": lambda: self._refline("ara"),
            "REFLINE_EN": lambda: self._refline("eng"),
        }
        for key in PEOPLE:
            lazy[f"PH_{key}"] = partial(self._phone, key, lang == "ara")
        plain = {
            **people_names, "P1": people_names[p1.key], "P2": people_names[p2.key],
            "PLACE": STATIONS[self.cable.spec.station].city_fa if self.cable.spec.station != "hq"
            else "بغداد", "ORG": self.org, "AMOUNT": money_fa(self.amount),
            "CODE": self.cable.spec.code,
        }
        return {**{k: partial(str, v) for k, v in plain.items()}, **lazy}

    def fill(self, template: str, lang: str) -> str:
        values = self.values(lang)
        names = dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f)
        text = template.format(**{n: values[n]() for n in names})
        return re.sub(r"\s+", " ", text).strip()


def build_cables(rng: random.Random) -> list[Cable]:
    specs = sorted(SPECS, key=lambda s: (s.jdate, s.key))
    cables: dict[str, Cable] = {}
    serial = 4380
    pool_use = dict.fromkeys(range(len(POOL)), 0)
    for spec in specs:
        serial += rng.randint(6, 29)
        jd = JDate(*spec.jdate)
        cable = Cable(spec=spec, jdate=jd, serial=serial,
                      number=number_for(spec, serial, "fas"))
        cable.number_as_written = number_for(spec, serial, spec.lang)
        cables[spec.key] = cable
        if spec.ref is not None:
            assert spec.ref in cables, f"{spec.key} refers to a later cable {spec.ref}"
        filler = Filler(cable, rng, cables)
        compose(cable, filler, rng, pool_use)
        if spec.variants:
            apply_variants(cable)
        cable.people = [k for k, p in PEOPLE.items()
                        if any(name in cable.text for name in (p.fa, p.ar, *p.en,
                                                               variant(p.fa)))]
    return [cables[s.key] for s in specs]


def variant(text: str) -> str:
    return text.translate(ARABIC_LETTER_VARIANTS)


ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def legacy(text: str) -> str:
    """What a Windows-1256 file can hold: Arabic ي/ك, ASCII digits, no Arabic comma in numbers."""
    return variant(text).translate(ASCII_DIGITS).replace("٬", ",")


def apply_variants(cable: Cable) -> None:
    change = legacy if cable.spec.fmt == "txt-cp1256" else variant
    cable.title = change(cable.title)
    cable.header = [(change(a), change(b)) for a, b in cable.header]
    cable.paragraphs = [change(p) for p in cable.paragraphs]
    cable.signature = change(cable.signature)
    cable.number_as_written = change(cable.number_as_written)
    cable.phones = [change(p) for p in cable.phones]
    for entry in cable.dates:
        entry["text"] = change(entry["text"])


def compose(cable: Cable, filler: Filler, rng: random.Random, pool_use: dict[int, int]) -> None:
    spec = cable.spec
    station = STATIONS[spec.station]
    jd = cable.jdate
    g = cable.gregorian
    cls_fa = spec.classification
    _, _, cls_ar, cls_en = CLASSIFICATIONS[cls_fa]
    to_fa, to_ar, to_en = RECIPIENTS[spec.to]
    ref = filler.cables[spec.ref] if spec.ref else None
    signer = PEOPLE.get(station.signer)
    if spec.lang == "fas":
        cable.title = "بسمه تعالی"
        from_fa = station.fa_long if rng.random() < 0.4 and spec.station != "hq" \
            else station.fa_short
        date_text = fa(f"{jd.year}/{jd.month:02d}/{jd.day:02d}")
        cable.dates.append({"text": date_text, "calendar": "jalali", "iso": g.isoformat()})
        cable.header = [("شماره", cable.number), ("تاریخ", date_text), ("از", from_fa),
                        ("به", to_fa), ("موضوع", spec.subject), ("طبقه‌بندی", cls_fa)]
        if ref:
            cable.header.append(("پیرو", ref.number))
        paragraphs = [filler.fill(spec.lead, "fas")]
        if spec.long:
            rows = [f"{i}. {name}: {money_fa(amount)} دلار"
                    for i, (name, amount) in enumerate(BUDGET_LINES, 1)]
            paragraphs += [fa(row) for row in rows]
        least = sorted(pool_use, key=lambda i: (pool_use[i], rng.random()))
        for index in sorted(least[: spec.extra]):
            pool_use[index] += 1
            paragraphs.append(filler.fill(POOL[index], "fas"))
        paragraphs.append(rng.choice(CLOSINGS))
        cable.paragraphs = paragraphs
        if signer:
            cable.signature = f"{signer.fa} - {signer.role}"
        else:
            cable.signature = f"رئیس {station.fa_short} ({station.signer})"
    elif spec.lang == "ara":
        date_text = f"{ar(g.day)}/{ar(g.month)}/{ar(g.year)}"
        cable.dates.append({"text": date_text, "calendar": "gregorian", "iso": g.isoformat()})
        hijri = filler._date(hijri_ar, g)
        cable.title = "بسم الله الرحمن الرحيم"
        cable.header = [("الرقم", cable.number_as_written),
                        ("التاريخ", f"{date_text} م الموافق {hijri}"),
                        ("من", station.ar), ("إلى", to_ar), ("الموضوع", spec.subject),
                        ("التصنيف", cls_ar)]
        if ref:
            cable.header.append(("الإشارة", number_for(ref.spec, ref.serial, "ara")))
        cable.paragraphs = [filler.fill(p, "ara") for p in spec.body]
        cable.signature = f"{signer.ar}" if signer else f"رئيس {station.ar}"
    else:
        date_text = f"{jd.year}/{jd.month:02d}/{jd.day:02d}"
        cable.dates.append({"text": date_text, "calendar": "jalali", "iso": g.isoformat()})
        greg = filler._date(gregorian_en, g)
        cable.title = "UNOFFICIAL WORKING TRANSLATION"
        cable.header = [("NO.", cable.number_as_written), ("DATE", f"{date_text} ({greg})"),
                        ("FROM", station.en), ("TO", to_en), ("SUBJECT", spec.subject),
                        ("CLASSIFICATION", cls_en)]
        if ref:
            cable.header.append(("REF", number_for(ref.spec, ref.serial, "eng")))
        cable.paragraphs = [filler.fill(p, "eng") for p in spec.body]
        cable.signature = (signer.latin(filler.latin_variant) if signer
                           else f"Head of {station.en}")


# --------------------------------------------------------------------------------------------
# Additions for the cable reader: Iraqi letters, headers laid out as tables or in two columns,
# and a cited cable that is not in the archive. They are built after the cables above, without
# their random generator, so that those cables (and their files) stay as they were: their
# numbers are fitted between the serials already given, on their dates.
# --------------------------------------------------------------------------------------------

# The cable that two of the additions cite and that the archive does not hold (a planted gap):
# an instruction from headquarters of 1393/09/18, serial 4919 (between 4915 and 4924).
GAP_NUMBER = "۱۰۰/۴۹۱۹/س"
GAP_DATE = JDate(1393, 9, 18)

IRAQ_LETTERHEAD = [("", "وزارة الداخلية"), ("", "مكتب الوكيل الأقدم")]
IRAQ_FROM = STATIONS["moi"].ar
IRAQ_TO = RECIPIENTS["embassy"][1]


def mention(cable: Cable, form: DateForm, g: date) -> str:
    """A date written in the cable's text, recorded among the dates it mentions."""
    text, calendar, iso = form(g)
    entry = {"text": text, "calendar": calendar, "iso": iso}
    if entry not in cable.dates:
        cable.dates.append(entry)
    return text


def gregorian_ar_numeric(g: date) -> tuple[str, str, str]:
    return f"{ar(g.day)}/{ar(g.month)}/{ar(g.year)}", "gregorian", g.isoformat()


def addition(key: str, g: date, station: str, to: str, lang: str, classification: str,
             subject: str, ref: str | None, code: str, fmt: str, serial: int,
             number: str) -> Cable:
    """A cable of the additions: ``number`` as written (Persian or Arabic-Indic digits)."""
    j = JDate.from_gregorian(g)
    spec = Spec(key, (j.year, j.month, j.day), station, to, lang, classification, subject, ref,
                code, fmt, "")
    canonical = number.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"))
    return Cable(spec=spec, jdate=j, serial=serial, number=canonical, number_as_written=number)


def persian_date(cable: Cable) -> str:
    """The cable's date as a Persian header writes it (``۱۳۹۳/۰۷/۱۵``), recorded."""
    j = cable.jdate
    text = fa(f"{j.year}/{j.month:02d}/{j.day:02d}")
    cable.dates.append({"text": text, "calendar": "jalali", "iso": cable.gregorian.isoformat()})
    return text


def iraqi_letters() -> list[Cable]:
    """Two letters of the Iraqi Ministry of Interior to the embassy in Baghdad (thread A):
    letterhead, a classification line, العدد, التاريخ (Gregorian and Hijri), من, إلى, the subject
    as ``م/`` or ``الموضوع``; the second cites the first with إشارة إلى."""
    signer = f"{PEOPLE['alfartousi'].ar} - وكيل وزارة الداخلية"
    first = addition("AL1", date(2014, 7, 28), "moi", "embassy", "ara", "سری",
                     "اللجنة الأمنية المشتركة", None, "الزمرد", "docx", 7204, "ق/٧٢٠٤")
    first.latin, first.filename = "Q/7204", "MOI-Q7204"
    first.title = "جمهورية العراق"
    g = first.gregorian
    when = (f"{mention(first, gregorian_ar_numeric, g)} م الموافق "
            f"{mention(first, hijri_ar, g)}")
    first.header = [*IRAQ_LETTERHEAD, ("", "سري وشخصي"), ("العدد", first.number_as_written),
                    ("التاريخ", when), ("من", IRAQ_FROM), ("إلى", IRAQ_TO),
                    ("م/", first.spec.subject)]
    meeting = mention(first, gregorian_ar, g + timedelta(days=16))
    first.paragraphs = [
        "تحية طيبة،",
        f"نود إعلامكم بأن الوزارة وافقت على تشكيل اللجنة الأمنية المشتركة التي جرى بحثها مع "
        f"{PEOPLE['kazeminia'].ar}، على أن تعقد اجتماعها الأول في {meeting} في مقر الوزارة، "
        f"وقد اختارت الوزارة للجنة الاسم الرمزي «{first.spec.code}».",
        "يرجى تسمية ضابطي ارتباط من جانبكم وإبلاغنا بأسمائهما قبل موعد الاجتماع.",
        "مع التقدير.",
    ]
    first.signature = signer

    second = addition("AL2", date(2014, 9, 28), "moi", "embassy", "ara", "سری",
                      "تسمية ضباط الارتباط", "AL1", "الكهرمان", "pdf", 7518, "ق/٧٥١٨")
    second.latin, second.filename = "Q/7518", "MOI-Q7518"
    second.title = "جمهورية العراق"
    g = second.gregorian
    when = f"{mention(second, hijri_ar, g)} الموافق {mention(second, gregorian_ar, g)} م"
    second.header = [*IRAQ_LETTERHEAD, ("", "سري"), ("العدد", second.number_as_written),
                     ("التاريخ", when), ("من", IRAQ_FROM), ("إلى", IRAQ_TO),
                     ("الموضوع", second.spec.subject)]
    cited = mention(second, gregorian_ar_numeric, first.gregorian)
    second.paragraphs = [
        f"إشارة إلى كتابنا المرقم {first.number_as_written} في {cited}، نشكركم على تسمية "
        f"{PEOPLE['taghavipour'].ar} ضابطاً للارتباط، ونعلمكم بأن اللجنة ستعقد اجتماعاتها "
        f"الشهرية تحت الاسم الرمزي «{second.spec.code}» في مقر الوزارة ببغداد.",
        "كما نرجو تزويدنا بقائمة أجهزة الاتصال المطلوبة لمديرية شرطة سامراء.",
        "مع التقدير.",
    ]
    second.signature = signer
    return [first, second]


def table_rows(pairs: Sequence[tuple[str, str]], per_row: int, colon: str,
               wide: Sequence[str] = ()) -> list[list[str]]:
    """Header cells: ``per_row`` label/value pairs a row (labels followed by ``colon``), and
    the labels in ``wide`` on a row of their own."""
    rows: list[list[str]] = []
    current: list[str] = []
    for label, value in pairs:
        cells = [f"{label}{colon}", value]
        if label in wide:
            rows.append(cells)
            continue
        current += cells
        if len(current) == 2 * per_row:
            rows.append(current)
            current = []
    return rows + ([current] if current else [])


def laid_out_cables(by_key: dict[str, Cable], letters: dict[str, Cable]) -> list[Cable]:
    """Persian cables whose header is a table (a DOCX table of two pairs a row, a PDF grid of
    one pair a row) or two ``label: value`` pairs a line; several cite two cables (پیرو and
    عطف به), two cite the planted gap."""
    signer = f"{PEOPLE['kazeminia'].fa} - {PEOPLE['kazeminia'].role}"
    out: list[Cable] = []

    # Thread A: the Iraqi letter reaches headquarters (DOCX, a four-column table, no colons).
    a5, letter = by_key["A5"], letters["AL2"]
    cable = addition("AT1", JDate(1393, 7, 15).to_gregorian(), "baghdad", "ops", "fas", "سری",
                     "نامه وزارت کشور عراق درباره افسران رابط", "A5", "سارگپه", "docx", 4811,
                     "۳۱۲/۴۸۱۱/س")
    cable.title = "بسمه تعالی"
    cable.cites = [letter.number]
    cable.header = [("شماره", cable.number), ("تاریخ", persian_date(cable)),
                    ("از", "ایستگاه بغداد"), ("به", RECIPIENTS["ops"][0]),
                    ("رونوشت", RECIPIENTS["iraq"][0]), ("طبقه‌بندی", "سری"),
                    ("پیوست", "ترجمه نامه وزارت کشور عراق"), ("فوریت", "فوری"),
                    ("پیرو", a5.number.replace("/", "-")), ("عطف به", letter.number),
                    ("موضوع", cable.spec.subject)]
    cable.layout, cable.rows = "table", table_rows(cable.header, 2, "", wide=["موضوع"])
    meeting = mention(cable, jalali_long, cable.gregorian + timedelta(days=12))
    cable.paragraphs = [
        f"پیرو تلگراف شماره {a5.number} مورخ {mention(cable, jalali_numeric_fa, a5.gregorian)} "
        f"و عطف به نامه شماره {letter.number} وزارت کشور عراق، ترجمه نامه "
        f"{PEOPLE['alfartousi'].fa} به پیوست تقدیم می‌شود. طرف عراقی پذیرفته است که "
        f"{PEOPLE['taghavipour'].fa} در جلسات ماهانه کمیته مشترک حضور یابد و جلسه بعدی "
        f"روز {meeting} برگزار شود.",
        f"نسخه اصلی نامه با رمز «{cable.spec.code}» در بایگانی ایستگاه نگهداری می‌شود.",
        CLOSINGS[0],
    ]
    cable.signature = signer
    out.append(cable)

    # Thread G: the lost phone, after the cable of 1393/09/16 and the missing instruction
    # (PDF, a ruled grid of label and value, labels with a colon).
    g2 = by_key["G2"]
    cable = addition("GT1", JDate(1393, 9, 22).to_gregorian(), "baghdad", "ops", "fas",
                     "خیلی محرمانه", "گزارش تکمیلی حادثه تلفن مفقودی", "G2", "سمندر", "pdf",
                     4924, "۳۱۲/۴۹۲۴/خ")
    cable.title = "بسمه تعالی"
    cable.cites = [GAP_NUMBER]
    cable.header = [("شماره", cable.number), ("تاریخ", persian_date(cable)),
                    ("از", "ایستگاه بغداد"), ("به", RECIPIENTS["ops"][0]),
                    ("رونوشت", RECIPIENTS["office"][0]), ("طبقه‌بندی", "خیلی محرمانه"),
                    ("فوریت", "آنی"), ("موضوع", cable.spec.subject), ("پیرو", g2.number),
                    ("عطف به", GAP_NUMBER)]
    cable.layout, cable.rows = "table", table_rows(cable.header, 1, ":")
    gap_date = mention(cable, jalali_numeric_fa, GAP_DATE.to_gregorian())
    cable.paragraphs = [
        f"پیرو تلگراف شماره {g2.number} و عطف به دستور ستاد به شماره {GAP_NUMBER} مورخ "
        f"{gap_date}، {PEOPLE['malekabadi'].fa} روز "
        f"{mention(cable, jalali_long, cable.gregorian - timedelta(days=1))} برای توضیح "
        "درباره مفقود شدن تلفن همراه خود به ایستگاه احضار شد. وی اظهار داشت که رمز ورود "
        f"دستگاه را تغییر نداده بود. صورت‌جلسه این گفت‌وگو با رمز «{cable.spec.code}» ثبت شد.",
        CLOSINGS[2],
    ]
    cable.signature = signer
    out.append(cable)

    # Thread G: the lines are changed (PDF, two label: value pairs a line).
    g3 = by_key["G3"]
    cable = addition("GC1", JDate(1393, 10, 20).to_gregorian(), "baghdad", "ops", "fas", "سری",
                     "پایان تعویض خطوط تلفن ایستگاه بغداد", "G3", "بلوط", "pdf", 4990,
                     "۳۱۲/۴۹۹۰/س")
    cable.title = "بسمه تعالی"
    cable.cites = [GAP_NUMBER]
    cable.header = [("شماره", cable.number), ("تاریخ", persian_date(cable)),
                    ("از", "ایستگاه بغداد"), ("به", RECIPIENTS["ops"][0]),
                    ("طبقه‌بندی", "سری"), ("پیوست", "فهرست خطوط جدید"),
                    ("پیرو", g3.number), ("عطف به", GAP_NUMBER),
                    ("موضوع", cable.spec.subject)]
    cable.layout = "two-column"
    cable.rows = [[" ".join(pair) for pair in zip(row[::2], row[1::2], strict=True)]
                  for row in table_rows(cable.header, 2, ":", wide=["موضوع"])]
    cable.paragraphs = [
        f"پیرو دستور شماره {g3.number} و عطف به دستور {GAP_NUMBER}، کلیه خطوط تلفن همراه "
        f"ایستگاه بغداد تا {mention(cable, jalali_long, cable.gregorian - timedelta(days=3))} "
        f"تعویض شد. فهرست خطوط جدید با عنوان «{cable.spec.code}» به پیوست تقدیم می‌شود و "
        f"{PEOPLE['malekabadi'].fa} شماره‌های قبلی را از سامانه رمز حذف کرده است.",
        CLOSINGS[3],
    ]
    cable.signature = signer
    out.append(cable)
    return out


def build_additions(cables: Sequence[Cable]) -> list[Cable]:
    by_key = {c.key: c for c in cables}
    letters = {c.key: c for c in iraqi_letters()}
    added = [*letters.values(), *laid_out_cables(by_key, letters)]
    for cable in added:
        cable.people = [k for k, p in PEOPLE.items()
                        if any(name in cable.text for name in (p.fa, p.ar, *p.en))]
    return added


# --------------------------------------------------------------------------------------------
# The planted network (issue 14): a recruitment, a payment and a meeting on a given date, told
# in three Persian cables of the Baghdad station after every other cable. Four more FICTIONAL
# people, kept out of PEOPLE (so the contact list and the spellings note stay as they were);
# the cables are built without any random generator and written after every other file.
# --------------------------------------------------------------------------------------------

PLANTED_PEOPLE: dict[str, Person] = {p.key: p for p in [
    Person("azarnoush", "سرهنگ فرامرز آذرنوش", "العقيد فرامرز آذرنوش",
           ("Col. Faramarz Azarnoush",), "افسر عملیات", "بغداد", ""),
    Person("delavarinejad", "کیوان دلاوری‌نژاد", "كيوان دلاوري نجاد",
           ("Keyvan Delavarinejad",), "مترجم محلی", "بغداد", ""),
    Person("golafshan", "سیاوش گل‌افشان", "سياوش كل افشان",
           ("Siavash Golafshan",), "کارپرداز ایستگاه", "بغداد", ""),
    Person("alzubaidi", "حاج عبدالکریم الزبیدی", "الحاج عبد الكريم الزبيدي",
           ("Hajj Abdulkarim al-Zubaidi",), "رابط عراقی", "کربلا", ""),
]}


@dataclass(frozen=True)
class Planted:
    """One relation the planted cables tell: ``source`` → ``target`` (person keys) of
    ``type`` (kavosh.entities.relations) on ``day``, in cable ``cable``."""

    cable: str
    type: str
    source: str
    target: str
    day: date

    def to_json(self) -> dict[str, str]:
        return {"cable": self.cable, "type": self.type, "source": self.source,
                "target": self.target, "date": self.day.isoformat(),
                "jalali": JDate.from_gregorian(self.day).iso()}


def planted_network() -> tuple[list[Cable], list[Planted]]:
    """The three planted cables (thread N, each citing the one before) and the relations
    they tell, each on a day written in its sentence (not the cable's own date)."""
    who = {k: p.fa for k, p in PLANTED_PEOPLE.items()}
    signer = f"{PEOPLE['kazeminia'].fa} - {PEOPLE['kazeminia'].role}"
    specs = [  # key, cable date, serial, classification, subject, code, event day, lead
        ("N1", JDate(1394, 6, 8), 5192, "سری", "جذب مترجم محلی", "زربین", JDate(1394, 6, 3),
         "{azarnoush} روز {DAY} آقای {delavarinejad} را برای همکاری جذب کرد. "
         "نامبرده مترجم یک شرکت حمل‌ونقل در بغداد است و به زبان‌های عربی و کردی تسلط دارد."),
        ("N2", JDate(1394, 6, 17), 5201, "به‌کلی سری", "پرداخت به منبع جدید", "سنجد",
         JDate(1394, 6, 15),
         "در تاریخ {DAY} آقای {golafshan} مبلغ پانزده هزار دلار به {delavarinejad} "
         "پرداخت کرد. رسید این پرداخت در صندوق ایستگاه نگهداری می‌شود."),
        ("N3", JDate(1394, 6, 29), 5214, "سری", "دیدار منبع با رابط عراقی", "زیتون",
         JDate(1394, 6, 25),
         "آقای {delavarinejad} در تاریخ {DAY} در نجف با {alzubaidi} دیدار کرد. "
         "طرف عراقی آمادگی خود را برای ادامه همکاری اعلام کرد."),
    ]
    kinds = {"N1": ("recruited", "azarnoush", "delavarinejad"),
             "N2": ("paid", "golafshan", "delavarinejad"),
             "N3": ("met_with", "delavarinejad", "alzubaidi")}
    cables: list[Cable] = []
    planted: list[Planted] = []
    for key, jd, serial, classification, subject, code, day, lead in specs:
        ref = cables[-1] if cables else None
        cable = addition(key, jd.to_gregorian(), "baghdad", "ops", "fas", classification,
                         subject, ref.key if ref else None, code, "pdf", serial,
                         f"۳۱۲/{fa(serial)}/{CLASSIFICATIONS[classification][0]}")
        cable.title = "بسمه تعالی"
        cable.header = [("شماره", cable.number), ("تاریخ", persian_date(cable)),
                        ("از", "ایستگاه بغداد"), ("به", RECIPIENTS["ops"][0]),
                        ("موضوع", subject), ("طبقه‌بندی", classification)]
        if ref is not None:
            cable.header.append(("پیرو", ref.number))
        cable.paragraphs = [
            lead.format(DAY=mention(cable, jalali_long, day.to_gregorian()), **who),
            f"گزارش تکمیلی با رمز «{code}» در بایگانی ایستگاه ثبت شد.",
            CLOSINGS[2],
        ]
        cable.signature = signer
        cable.people = [k for k, p in PEOPLE.items() if p.fa in cable.text]
        cables.append(cable)
        kind, source, target = kinds[key]
        planted.append(Planted(key, kind, source, target, day.to_gregorian()))
    return cables, planted


def check_cables(cables: Sequence[Cable]) -> None:
    """Every distinctive word appears in exactly one cable; references point backwards."""
    by_key = {c.key: c for c in cables}
    for cable in cables:
        if cable.distinctive not in cable.text:
            raise AssertionError(f"{cable.key}: {cable.distinctive!r} is not in its text")
        holders = [c.key for c in cables if variant(cable.spec.code) in variant(c.text)]
        if holders != [cable.key]:
            raise AssertionError(f"{cable.spec.code!r} is in {holders}, not only {cable.key}")
        if "{" in cable.text or "}" in cable.text:
            raise AssertionError(f"{cable.key}: unfilled placeholder in {cable.text!r}")
        ref = cable.spec.ref
        if ref is not None and by_key[ref].gregorian >= cable.gregorian:
            raise AssertionError(f"{cable.key} refers to {ref}, which is not earlier")
        for number in cable.cites:
            cited = [c for c in cables if c.number == number]
            if number == GAP_NUMBER:
                if cited:
                    raise AssertionError(f"the planted gap {number} is in the archive")
            elif not cited or cited[0].gregorian >= cable.gregorian:
                raise AssertionError(f"{cable.key} cites {number}: not an earlier cable")
    # Each issuer numbers its own papers: the stations and headquarters share one series
    # (the missing cable has its place in it), the Iraqi ministry has its own.
    for issuers in ({s for s in STATIONS if s != "moi"}, {"moi"}):
        dated = [(c.gregorian, c.serial) for c in cables if c.spec.station in issuers]
        if issuers != {"moi"}:
            dated.append((GAP_DATE.to_gregorian(), gap_serial()))
        serials = [serial for _, serial in sorted(dated)]
        if serials != sorted(serials) or len(set(serials)) != len(serials):
            raise AssertionError(f"serial numbers must grow with the dates ({issuers})")


def gap_serial() -> int:
    return int(GAP_NUMBER.split("/")[1].translate(ASCII_DIGITS))


# --------------------------------------------------------------------------------------------
# Renderers. Each returns the bytes of one file.
# --------------------------------------------------------------------------------------------


def render_pdf(cable: Cable) -> bytes:
    from fpdf import FPDF  # imported here: only the generator needs it

    lang = cable.spec.lang
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_title(cable.spec.subject)
    pdf.set_producer("fpdf2")
    pdf.set_creator("Microsoft Word - cable template" if lang != "eng" else "Writer")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("naskh", "", str(NASKH))
    pdf.add_font("latin", "", str(LATIN))
    if lang == "eng":
        pdf.set_text_shaping(False)
        body_font, align = "latin", "L"
    else:
        pdf.set_fallback_fonts(["latin"])
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab",
                             language="fas" if lang == "fas" else "ara")
        body_font, align = "naskh", "R"
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("naskh" if lang != "eng" else "latin", "", 15)
    pdf.multi_cell(width, 10, cable.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(body_font, "", 12)
    if cable.layout == "table":
        pdf_table(pdf, cable.rows, width)
    elif cable.layout == "two-column":
        pdf_two_columns(pdf, cable.rows, width)
    else:
        for line in cable.header_lines:
            pdf.multi_cell(width, 8, line, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    for paragraph in cable.paragraphs:
        pdf.multi_cell(width, 8.5, paragraph, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.ln(6)
    pdf.multi_cell(width, 8, cable.signature, align="L" if lang != "eng" else "R",
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_table(pdf: Any, rows: Sequence[Sequence[str]], width: float) -> None:
    """A right-to-left header table with ruled cells: the label cell on the right, its value
    on the left; each row's cells are drawn in reading order (label first)."""
    label_width, height = 34.0, 9.0
    for cells in rows:
        y = pdf.get_y()
        label, value = cells
        pdf.set_xy(pdf.l_margin + width - label_width, y)
        pdf.cell(label_width, height, label, border=1, align="R")
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(width - label_width, height, value, border=1, align="R")
        pdf.set_xy(pdf.l_margin, y + height)


def pdf_two_columns(pdf: Any, rows: Sequence[Sequence[str]], width: float) -> None:
    """Two ``label: value`` pairs a line: the first in the right half, the second in the left
    half (a row with one pair spans the line)."""
    for cells in rows:
        y = pdf.get_y()
        if len(cells) == 1:
            pdf.cell(width, 8, cells[0], align="R")
        else:
            pdf.set_xy(pdf.l_margin + width / 2, y)
            pdf.cell(width / 2, 8, cells[0], align="R")
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(width / 2 - 8, 8, cells[1], align="R")
        pdf.set_xy(pdf.l_margin, y + 8)


def pdf_page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def fixed_zip(entries: Iterable[tuple[str, bytes, int]], when: tuple[int, ...] = ZIP_TIME,
              dirs: Sequence[str] = ()) -> bytes:
    """A zip whose bytes depend only on its entries: fixed times, order and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in dirs:
            info = zipfile.ZipInfo(name.rstrip("/") + "/", date_time=when)  # type: ignore[arg-type]
            info.external_attr = (0o40755 << 16) | 0x10
            archive.writestr(info, b"")
        for name, data, compress in entries:
            info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
            info.compress_type = compress
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def renormalise_zip(data: bytes) -> bytes:
    """Rewrite an office file (DOCX/ODT) with fixed entry times, keeping order and compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(i.filename, source.read(i.filename), i.compress_type)
                   for i in source.infolist()]
    return fixed_zip(entries, when=(2015, 9, 1, 9, 30, 0))


def render_docx(cable: Cable) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rtl = cable.spec.lang != "eng"
    document = Document()
    props = document.core_properties
    props.author = "ایستگاه" if rtl else "Station"
    props.last_modified_by = props.author
    props.title = cable.spec.subject
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:cs"), "Noto Naskh Arabic")
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), "26")
    rpr.append(size_cs)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), "fa-IR" if cable.spec.lang == "fas" else "ar-IQ")
    rpr.append(lang)

    def add(text: str, bold: bool = False, centre: bool = False, paragraph: Any = None) -> None:
        paragraph = document.add_paragraph() if paragraph is None else paragraph
        if rtl:
            ppr = paragraph._p.get_or_add_pPr()
            bidi = OxmlElement("w:bidi")
            ppr.insert_element_before(
                bidi, "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        if rtl:
            run_pr = run._r.get_or_add_rPr()
            mark = OxmlElement("w:rtl")
            run_pr.append(mark)
            if bold:
                bold_cs = OxmlElement("w:bCs")
                run_pr.append(bold_cs)

    add(cable.title, bold=True, centre=True)
    if cable.layout == "table":
        docx_table(document, cable.rows, add)
    else:
        for line in cable.header_lines:
            add(line)
    for paragraph in cable.paragraphs:
        add(paragraph)
    add(cable.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return renormalise_zip(buffer.getvalue())


def docx_table(document: Any, rows: Sequence[Sequence[str]],
               add: Callable[..., None]) -> None:
    """A right-to-left (``w:bidiVisual``) ruled header table of four columns, two label/value
    pairs a row; a row of one pair has its value merged across the last three columns."""
    from docx.oxml import OxmlElement

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table._tbl.tblPr.insert_element_before(
        OxmlElement("w:bidiVisual"), "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
        "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
        "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
        "w:tblPrChange")
    for texts in rows:
        cells = table.add_row().cells
        if len(texts) == 2:
            cells = [cells[0], cells[1].merge(cells[3])]
        for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            add(text, bold=index % 2 == 0, paragraph=cell.paragraphs[0])


def render_odt(cable: Cable) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import P

    document = OpenDocumentText()
    style = Style(name="CableRTL", family="paragraph")
    style.addElement(ParagraphProperties(writingmode="rl-tb", textalign="end",
                                         marginbottom="0.2cm"))
    style.addElement(TextProperties(fontsizecomplex="12pt", languagecomplex="fa",
                                    countrycomplex="IR", fontnamecomplex="Noto Naskh Arabic"))
    title = Style(name="CableTitle", family="paragraph")
    title.addElement(ParagraphProperties(writingmode="rl-tb", textalign="center"))
    title.addElement(TextProperties(fontweightcomplex="bold", fontsizecomplex="14pt"))
    document.automaticstyles.addElement(style)
    document.automaticstyles.addElement(title)
    document.text.addElement(P(stylename=title, text=cable.title))
    for line in cable.lines[1:]:
        document.text.addElement(P(stylename=style, text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    data = buffer.getvalue()
    # odfpy stamps meta.xml with the current time and its version: make it fixed.
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = []
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "meta.xml":
                content = re.sub(rb"<dc:date>[^<]*</dc:date>",
                                 b"<dc:date>2015-09-01T09:30:00</dc:date>", content)
                content = re.sub(rb"<meta:creation-date>[^<]*</meta:creation-date>",
                                 b"<meta:creation-date>2015-09-01T09:30:00"
                                 b"</meta:creation-date>", content)
            entries.append((info.filename, content, info.compress_type))
    return fixed_zip(entries, when=(2015, 9, 1, 9, 30, 0))


def render_txt_cp1256(cable: Cable) -> bytes:
    """An old Windows file: Windows-1256 with CRLF line ends. The code page has no Persian ی
    and no Persian digits, so the cable's text was made with ي and ASCII digits (see
    ``legacy``); it does have ZWNJ (0x9D), which is kept."""
    return cable.text.replace("\n", "\r\n").encode("cp1256")


# --------------------------------------------------------------------------------------------
# Scanned-looking pages
# --------------------------------------------------------------------------------------------

DPI = 200
PAGE = (1654, 2339)  # A4 at 200 dpi


def wrap(text: str, measure: Callable[[str], float], width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and measure(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def render_pages(cable: Cable, rng: random.Random, split: bool = False) -> list[Any]:
    """Typeset the cable on white A4 pages at 200 dpi (Pillow + raqm for Persian shaping)."""
    from PIL import Image, ImageDraw, ImageFont

    raqm = ImageFont.Layout.RAQM
    body = ImageFont.truetype(str(NAZLI), 36, layout_engine=raqm)
    bold = ImageFont.truetype(str(NAZLI_BOLD), 42, layout_engine=raqm)
    language = "fa" if cable.spec.lang == "fas" else "ar"
    margin, right = 170, PAGE[0] - 170
    width = right - margin

    def measure(text: str) -> float:
        return body.getlength(text, direction="rtl", language=language)

    blocks: list[tuple[str, Any, str]] = [(cable.title, bold, "centre")]
    blocks += [(line, body, "right") for line in cable.header_lines]
    blocks.append(("", body, "rule"))
    halves = [cable.paragraphs]
    if split:
        middle = max(1, len(cable.paragraphs) // 2)
        halves = [cable.paragraphs[:middle], cable.paragraphs[middle:]]
    pages: list[Any] = []
    for index, paragraphs in enumerate(halves):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        y = 190
        items = (blocks if index == 0 else []) + [(p, body, "para") for p in paragraphs]
        if index == len(halves) - 1:
            items.append((cable.signature, body, "left"))
        for text, font, kind in items:
            if kind == "rule":
                draw.line((margin, y + 10, right, y + 10), fill=40, width=3)
                y += 50
                continue
            if kind == "centre":
                draw.text((PAGE[0] / 2, y), text, font=font, fill=20, anchor="ma",
                          direction="rtl", language=language)
                y += 90
                continue
            for line in wrap(text, measure, width) if kind == "para" else [text]:
                if kind == "left":
                    y += 40
                    draw.text((margin, y), line, font=font, fill=25, anchor="la",
                              direction="rtl", language=language)
                else:
                    draw.text((right, y), line, font=font, fill=25, anchor="ra",
                              direction="rtl", language=language)
                y += 62
            if kind == "para":
                y += 22
        if y > PAGE[1] - 120:
            raise AssertionError(f"{cable.key}: text does not fit on a page")
        pages.append(page)
    return [age_scan(page, rng) for page in pages]


def age_scan(page: Any, rng: random.Random) -> Any:
    """Make a clean page look scanned: skew, blur, speckles, uneven paper."""
    from PIL import Image, ImageFilter

    angle = rng.uniform(0.5, 3.0) * rng.choice([-1, 1])
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.8))
    pixels = page.load()
    w, h = page.size
    for _ in range(2500):  # dust
        x, y = rng.randrange(w), rng.randrange(h)
        pixels[x, y] = rng.randrange(60, 180)
    for _ in range(12):  # little blots
        x, y = rng.randrange(w - 4), rng.randrange(h - 4)
        for dx in range(rng.randint(2, 4)):
            for dy in range(rng.randint(2, 4)):
                pixels[x + dx, y + dy] = rng.randrange(40, 120)
    page.paste(205, (0, 0, rng.randint(18, 40), h))  # where the scanner lid did not close
    return page.filter(ImageFilter.SMOOTH)


def binarise(page: Any) -> Any:
    """A fax-like 1-bit page; the threshold is high so that thin strokes (/ and .) survive."""
    return page.point(lambda v: 0 if v < 205 else 255).convert("1")


def save_image(page: Any, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "jpeg":
        page.save(buffer, "JPEG", quality=55, optimize=True, subsampling=2)
    elif kind == "png":
        binarise(page).save(buffer, "PNG", optimize=True)
    else:
        raise ValueError(kind)
    return buffer.getvalue()


def save_tiff(pages: Sequence[Any]) -> bytes:
    bilevel = [binarise(p) for p in pages]
    buffer = io.BytesIO()
    bilevel[0].save(buffer, "TIFF", compression="group4", save_all=True,
                    append_images=bilevel[1:], dpi=(DPI, DPI))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Mail, web page, contact list
# --------------------------------------------------------------------------------------------

MAIL_DOMAIN = "mail.example"  # a reserved, never-resolving domain
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"]


def station_address(key: str) -> tuple[str, str]:
    station = STATIONS[key]
    return station.fa_short, f"{key}.station@{MAIL_DOMAIN}"


def sent_at(cable: Cable, minutes: int) -> datetime:
    g = cable.gregorian
    zone = timezone_for(cable.spec.station)
    return datetime(g.year, g.month, g.day, 9, 0, tzinfo=zone) + timedelta(minutes=minutes)


def timezone_for(station: str) -> Any:
    from datetime import timezone

    return timezone(timedelta(hours=3, minutes=30)) if station == "hq" \
        else timezone(timedelta(hours=3 if station not in ("beirut", "damascus") else 2))


def new_message(cable: Cable, subject: str, minutes: int) -> EmailMessage:
    from email.headerregistry import Address

    message = EmailMessage(policy=SMTP)
    name, address = station_address(cable.spec.station)
    target = cable.spec.to if cable.spec.to in STATIONS else "hq"
    to_name, to_address = station_address(target)
    if target == "hq":
        to_name, to_address = "دبیرخانه اداره کل عملیات", f"operations.registry@{MAIL_DOMAIN}"
    message["From"] = Address(display_name=name, addr_spec=address)
    message["To"] = Address(display_name=to_name, addr_spec=to_address)
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at(cable, minutes))
    message["Message-ID"] = f"<{cable.key.lower()}.{cable.serial}@{MAIL_DOMAIN}>"
    return message


def cover_note(cable: Cable) -> str:
    return (
        "با سلام و احترام،\n"
        f"تلگراف شماره {cable.number} مورخ {fa(cable.jdate.iso().replace('-', '/'))} "
        "به پیوست ارسال می‌شود.\n"
        "لطفاً پس از ثبت در دبیرخانه، نسخه الکترونیکی از صندوق پستی حذف شود.\n"
        "دبیرخانه\n"
    )


def render_eml(cable: Cable, attachment: bytes, filename: str, kind: str) -> bytes:
    subject = f"ارسال تلگراف {cable.number}: {cable.spec.subject}" if cable.spec.lang == "fas" \
        else f"ارسال ترجمه انگلیسی تلگراف {cable.number}"
    message = new_message(cable, subject, minutes=17 + cable.serial % 40)
    message.set_content(cover_note(cable), charset="utf-8")
    maintype, subtype = {"pdf": ("application", "pdf"),
                         "docx": ("application", "vnd.openxmlformats-officedocument."
                                                 "wordprocessingml.document")}[kind]
    message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=filename)
    message.set_boundary(f"=_kavosh_sample_{cable.key}_{cable.serial}")
    buffer = io.BytesIO()
    BytesGenerator(buffer, policy=SMTP).flatten(message)
    return buffer.getvalue()


def render_mbox(cables: Sequence[Cable]) -> bytes:
    from email.policy import default

    buffer = io.BytesIO()
    encodings = ["quoted-printable", "base64", "8bit"]
    for index, cable in enumerate(cables):
        subject = f"تلگراف {cable.number} - {cable.spec.subject}" if cable.spec.lang != "eng" \
            else f"Cable {cable.number_latin} - {cable.spec.subject}"
        message = new_message(cable, subject, minutes=5 + index)
        message.set_content(cable.text, charset="utf-8", cte=encodings[index % 3])
        when = sent_at(cable, 5 + index)
        _, address = station_address(cable.spec.station)
        buffer.write(
            f"From {address} {WEEKDAYS[when.weekday()]} {MONTHS_SHORT[when.month - 1]} "
            f"{when.day:2d} {when:%H:%M:%S} {when.year}\n".encode("ascii"))
        BytesGenerator(buffer, mangle_from_=True, policy=default.clone(linesep="\n")).flatten(
            message)
        buffer.write(b"\n")
    return buffer.getvalue()


HTML_CANARY = "KAVOSH-SAMPLE-SCRIPT-RAN"


def render_html(cable: Cable) -> tuple[bytes, list[str]]:
    from html import escape

    jd = cable.jdate
    heading = f"خبرنامه داخلی ایستگاه بیروت - {JALALI_MONTHS[jd.month - 1]} {fa(jd.year)}"
    extra = [heading, "صفحه اصلی", "بایگانی تلگراف‌ها", "تماس با دبیرخانه",
             f"متن کامل تلگراف شماره {cable.number} برای اطلاع همکاران منتشر می‌شود.",
             "این صفحه فقط در شبکه داخلی قابل مشاهده است."]
    paragraphs = "\n".join(f"      <p>{escape(line)}</p>" for line in cable.lines)
    page = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>{escape(heading)}</title>
  <style>
    body {{ font-family: "Noto Naskh Arabic", Tahoma, serif; max-width: 46em; margin: 2em auto;
           line-height: 1.9; }}
    nav a {{ margin-left: 1em; }}
    .cable {{ border: 1px solid #999; padding: 1em 1.5em; background: #fbfaf6; }}
  </style>
  <script>
    /* A canary for the sample archive. It is harmless, but Kavosh must NEVER run it:
       neither when it extracts this page nor when it shows it in the browser. */
    document.title = "{HTML_CANARY}";
    document.documentElement.setAttribute("data-kavosh-script-ran", "1");
  </script>
</head>
<body>
  <header>
    <nav><a href="#">{extra[1]}</a><a href="#">{extra[2]}</a><a href="#">{extra[3]}</a></nav>
  </header>
  <main>
    <h1>{escape(heading)}</h1>
    <p>{escape(extra[4])}</p>
    <article class="cable">
{paragraphs}
    </article>
  </main>
  <footer><p>{escape(extra[5])}</p></footer>
  <script>
    document.body.insertAdjacentHTML("afterbegin", '<p id="kavosh-script-ran">{HTML_CANARY}</p>');
  </script>
</body>
</html>
"""
    return page.encode("utf-8"), extra


def render_contacts() -> tuple[bytes, list[dict[str, str]]]:
    rows: list[dict[str, str]] = []
    for person in PEOPLE.values():
        if person.mobile.startswith("07"):
            phone = f"+964 {person.mobile[1:4]} {person.mobile[4:7]} {person.mobile[7:]}"
        else:
            phone = phone_fa(person)
        rows.append({"نام": person.fa, "سمت": person.role, "محل": person.place,
                     "تلفن همراه": phone, "یادداشت": ""})
    rows[0]["یادداشت"] = "فقط از خط امن تماس گرفته شود"
    rows[9]["یادداشت"] = "ارتباط قطع شد - ۱۳۹۴/۰۱/۲۸"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8"), rows


# The README's search examples name the files that spell these two: left out here.
SPELLINGS_LEFT_OUT = ("nikseresht", "albudairi")


def render_spellings() -> bytes:
    """A translator's note giving each person's name as the English reports, the Persian
    cables and the Iraqi side write it: every Latin spelling, most of them used nowhere else.
    No dates, numbers or cable codes (the README's examples and the cables' distinctive words
    stay where they are)."""
    lines = ["Translator's note for the liaison file: how the names are written",
             "",
             "The English working translations, the Persian cables and the Iraqi side spell",
             "the same people in different ways. Each is listed with every spelling seen.",
             ""]
    for person in PEOPLE.values():
        if person.key in SPELLINGS_LEFT_OUT:
            continue
        first, *others = person.en
        also = f", also written {'; '.join(others)}" if others else ""
        lines += [f"* {first}{also}.", f"  Persian: {person.fa}", f"  Arabic: {person.ar}", ""]
    return "\n".join(lines).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Laying out the archive
# --------------------------------------------------------------------------------------------

KNOWN_TOP = {"cables", "docx", "odt", "mail", "scans", "legacy", "web", "contacts",
             "bundle.zip"}
MIME = {
    "pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document", "odt": "application/vnd.oasis.opendocument.text",
    "eml": "message/rfc822", "mbox": "application/mbox", "zip": "application/zip",
    "html": "text/html", "txt": "text/plain", "csv": "text/csv", "jpeg": "image/jpeg",
    "png": "image/png", "tiff": "image/tiff",
}


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, dict[str, Any]] = {}

    def write(self, rel: str, data: bytes, kind: str, note: str = "") -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entry: dict[str, Any] = {"path": rel, "format": kind, "mime": MIME[kind],
                                 "bytes": len(data),
                                 "sha256": hashlib.sha256(data).hexdigest(), "cables": []}
        if note:
            entry["note"] = note
        self.files[rel] = entry


def cable_filename(cable: Cable, ext: str) -> str:
    if cable.filename:
        return f"{cable.filename}.{ext}"
    _, letter, _, _ = CLASSIFICATIONS[cable.spec.classification]
    return f"{STATIONS[cable.spec.station].code}-{cable.serial}-{letter}.{ext}"


def clear_output(out: Path, force: bool) -> None:
    if not out.exists():
        return
    strangers = [p.name for p in out.iterdir() if p.name not in KNOWN_TOP]
    if strangers and not force:
        raise SystemExit(f"{out} holds files this script did not make ({strangers[:5]}); "
                         "pass --force to replace it")
    shutil.rmtree(out)


def generate(out: Path, manifest_path: Path, force: bool = False) -> dict[str, Any]:
    for font in (NASKH, LATIN, NAZLI, NAZLI_BOLD):
        if not font.exists():
            raise SystemExit(f"missing font {font}: run scripts/install-system.sh "
                             "(fonts-noto-core, fonts-farsiweb)")
    first = build_cables(random.Random(SEED))
    cables = sorted([*first, *build_additions(first)], key=lambda c: (c.jdate, c.key))
    planted_cables, planted = planted_network()
    check_cables([*cables, *planted_cables])
    by_key = {c.key: c for c in cables}
    clear_output(out, force)
    archive = Archive(out)
    scan_rng = random.Random(SEED + 1)
    placed: dict[str, dict[str, Any]] = {}

    def place(cable: Cable, path: str, fmt: str, container: str | None = None,
              members: Sequence[str] = (), **more: Any) -> None:
        placed[cable.key] = {"path": path, "member_path": list(members), "format": fmt,
                             "container_format": container, **more}
        archive.files[path]["cables"].append(cable.key)

    # Born-digital PDFs, DOCX and ODT files, one cable each
    for cable in cables:
        fmt = cable.spec.fmt
        year = cable.jdate.year
        if fmt == "pdf":
            data = render_pdf(cable)
            name = cable_filename(cable, "pdf")
            if cable.key == "X4":
                name = "گزارش ماهانه خرداد ۱۳۹۴.pdf"  # a Persian file name with spaces
            rel = f"cables/{year}/{name}"
            archive.write(rel, data, "pdf")
            place(cable, rel, "pdf", pages=pdf_page_count(data))
        elif fmt == "docx":
            rel = f"docx/{cable_filename(cable, 'docx')}"
            archive.write(rel, render_docx(cable), "docx")
            place(cable, rel, "docx")
        elif fmt == "odt":
            rel = f"odt/{cable_filename(cable, 'odt')}"
            archive.write(rel, render_odt(cable), "odt")
            place(cable, rel, "odt")
        elif fmt == "txt-cp1256":
            rel = f"legacy/TLG{cable.serial}.TXT"
            archive.write(rel, render_txt_cp1256(cable), "txt",
                          note="Windows-1256 (cp1256), CRLF line ends; Arabic ي/ك letters")
            place(cable, rel, "txt", encoding="cp1256")
        elif fmt == "html":
            data, extra = render_html(cable)
            rel = "web/intranet/khabarnameh-beirut-1393-11.html"
            archive.write(rel, data, "html",
                          note=f"contains <script> elements that must never run; if one ran "
                               f"the page would show {HTML_CANARY}")
            place(cable, rel, "html", contains_script=True, script_marker=HTML_CANARY,
                  page_text_outside_cable=extra)

    # Scanned-looking pages
    scan_names = {"A4": "scans/scan-0007.jpg", "B5": "scans/najaf/اسکن-اربعین.png",
                  "E4": "scans/scan-0012.jpg", "H2": "scans/IMG_20140731_0931.jpg",
                  "I4": "scans/scan-0031.jpg", "F6": "scans/dastoor-1394-04.tif"}
    for cable in cables:
        fmt = cable.spec.fmt
        if not fmt.startswith("scan-"):
            continue
        rel = scan_names[cable.key]
        kind = fmt.removeprefix("scan-")
        if kind == "tiff":
            pages = render_pages(cable, scan_rng, split=True)
            data = save_tiff(pages)
        else:
            pages = render_pages(cable, scan_rng)
            data = save_image(pages[0], kind)
        archive.write(rel, data, kind, note="scanned-looking page image: needs OCR")
        place(cable, rel, kind, pages=len(pages), needs_ocr=True)

    # E-mails with a cable attached
    for cable in cables:
        fmt = cable.spec.fmt
        if not fmt.startswith("eml-"):
            continue
        kind = fmt.removeprefix("eml-")
        attachment = render_pdf(cable) if kind == "pdf" else render_docx(cable)
        filename = cable_filename(cable, kind)
        if cable.key == "C2":
            filename = f"تلگراف {fa(cable.serial)}.{kind}"  # RFC 2231-encoded file name
        rel = f"mail/{cable.gregorian.isoformat()}_{cable.key.lower()}.eml"
        archive.write(rel, render_eml(cable, attachment, filename, kind), "eml",
                      note="Persian RFC 2047 Subject; the cable is the attachment")
        place(cable, rel, kind, container="eml", members=[filename],
              cover_note=cover_note(cable))

    # An mbox with three cables in the message bodies
    in_mbox = [c for c in cables if c.spec.fmt == "mbox"]
    rel = "mail/station-archive.mbox"
    archive.write(rel, render_mbox(in_mbox), "mbox",
                  note="three messages, bodies in quoted-printable, base64 and 8bit")
    for index, cable in enumerate(in_mbox):
        place(cable, rel, "email-body", container="mbox",
              members=[f"<{cable.key.lower()}.{cable.serial}@{MAIL_DOMAIN}>"],
              mbox_index=index)

    # A zip holding folders and a nested zip
    inner_entries: list[tuple[str, bytes, int]] = []
    inner_members: dict[str, str] = {}
    for cable in cables:
        if cable.spec.fmt == "zip-inner-pdf":
            name = f"karbala/{cable_filename(cable, 'pdf')}"
            inner_entries.append((name, render_pdf(cable), zipfile.ZIP_DEFLATED))
            inner_members[cable.key] = name
        elif cable.spec.fmt == "zip-inner-docx":
            name = f"damascus/{cable_filename(cable, 'docx')}"
            inner_entries.append((name, render_docx(cable), zipfile.ZIP_DEFLATED))
            inner_members[cable.key] = name
    inner = fixed_zip(inner_entries, when=(2015, 1, 4, 11, 20, 0),
                      dirs=["karbala", "damascus"])
    inner_name = "leak-1394/older/karbala-damascus-1393.zip"
    outer_entries: list[tuple[str, bytes, int]] = []
    outer_members: dict[str, str] = {}
    for cable in cables:
        if cable.spec.fmt == "zip-pdf":
            folder = "اربیل" if cable.spec.station == "erbil" else "baghdad"
            name = f"leak-1394/{folder}/{cable_filename(cable, 'pdf')}"
            outer_entries.append((name, render_pdf(cable), zipfile.ZIP_DEFLATED))
            outer_members[cable.key] = name
    outer_entries.append((inner_name, inner, zipfile.ZIP_STORED))
    bundle = fixed_zip(outer_entries, when=(2015, 8, 20, 18, 5, 0),
                       dirs=["leak-1394", "leak-1394/اربیل", "leak-1394/baghdad",
                             "leak-1394/older"])
    archive.write("bundle.zip", bundle, "zip",
                  note="folders, a Persian (UTF-8 flagged) folder name and a nested zip")
    for key, name in outer_members.items():
        place(by_key[key], "bundle.zip", "pdf", container="zip", members=[name])
    for key, name in inner_members.items():
        place(by_key[key], "bundle.zip", name.rsplit(".", 1)[1], container="zip",
              members=[inner_name, name])

    # A contact list
    contacts, rows = render_contacts()
    archive.write("contacts/fehrest-tamas.csv", contacts, "csv",
                  note="UTF-8 CSV (no BOM), Persian header row, fictional people's numbers")

    # The people's spellings (issue 13: one entity however a name is written)
    archive.write("notes/name-spellings.txt", render_spellings(), "txt",
                  note="a translator's note: each person in Latin, Persian and Arabic letters")

    # The planted network (issue 14), written last so that every file above stays as it was
    for cable in planted_cables:
        rel = f"cables/{cable.jdate.year}/{cable_filename(cable, 'pdf')}"
        data = render_pdf(cable)
        archive.write(rel, data, "pdf", note="planted network (issue 14): fictional people")
        place(cable, rel, "pdf", pages=pdf_page_count(data))
    cables = [*cables, *planted_cables]

    missing = [c.key for c in cables if c.key not in placed]
    if missing:
        raise AssertionError(f"cables without a file: {missing}")
    other_text = variant(" ".join([contacts.decode("utf-8"), *(cover_note(c) for c in cables),
                                   *placed["D4"]["page_text_outside_cable"]]))
    for cable in cables:
        if variant(cable.spec.code) in other_text:
            raise AssertionError(f"{cable.spec.code!r} also appears outside {cable.key}")
    manifest = build_manifest(cables, placed, archive, rows)
    manifest["planted_network"] = {
        "about": "a recruitment, a payment and a meeting between fictional people, each on "
                 "the day written in its sentence (kavosh.entities.relations types)",
        "people": {p.key: {"fa": p.fa, "ar": p.ar, "latin": list(p.en), "role": p.role,
                           "place": p.place} for p in PLANTED_PEOPLE.values()},
        "relations": [r.to_json() for r in planted]}
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------------------------
# What a cable reader should find: fields, references, threads and gaps (kavosh.text.cables)
# --------------------------------------------------------------------------------------------

# Header labels and the field each names (a Persian label typed with ي/ك is found too).
FIELD_OF_LABEL = {
    "شماره": "number", "تاریخ": "date", "از": "from", "به": "to", "رونوشت": "copies",
    "طبقه‌بندی": "classification", "موضوع": "subject", "پیرو": "reference",
    "عطف به": "reference", "پیوست": "attachment", "فوریت": "precedence",
    "الرقم": "number", "العدد": "number", "التاريخ": "date", "من": "from", "إلى": "to",
    "الموضوع": "subject", "م/": "subject", "التصنيف": "classification", "الإشارة": "reference",
    "NO.": "number", "DATE": "date", "FROM": "from", "TO": "to", "SUBJECT": "subject",
    "CLASSIFICATION": "classification", "REF": "reference",
}
# A line that is a mark of its own (no label): the fields it gives.
FIELDS_OF_MARK = {
    "سري وشخصي": [("classification", "سري"), ("handling", "سري وشخصي")],
    "سري": [("classification", "سري")],
}
KEY_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def persian_letters(text: str) -> str:
    return text.translate(str.maketrans("يك", "یک"))


# The Latin letter a translated cable writes for the Persian series letter of its number.
SERIES_LETTER = {"S": "س", "M": "م", "KH": "خ", "K": "ک"}


def reference_key(number: str) -> str:
    """The contract's key of a cable number (kavosh.text.cables.reference_key): ASCII digits,
    parts joined by "/", no leading zeros, Arabic ي/ك made Persian, the Latin series letter of
    a translation made the Persian one: ``۳۱۲-۰۴۶۷۰-س`` and ``312/4670/S`` → ``312/4670/س``."""
    parts = re.split(r"\s*[/\\\-]\s*", persian_letters(number.translate(KEY_DIGITS)).strip())
    return "/".join(str(int(p)) if p.isdigit() else SERIES_LETTER.get(p.upper(), p.upper())
                    for p in parts if p)


def field_text(raw: str) -> str:
    """A text field's value: white space made one space, a trailing ``: . ،`` dropped."""
    return re.sub(r"\s+", " ", raw).strip().rstrip(":.،").strip()


def cable_fields(cable: Cable, by_number: dict[str, Cable]) -> dict[str, list[str]]:
    """Every field of ``cable``'s header (and its signature) with the values the reader should
    give, in header order (see sample/README.md)."""
    fields: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        if value not in fields.setdefault(name, []):
            fields[name].append(value)

    for label, value in cable.header:
        if not label:
            for name, mark in FIELDS_OF_MARK.get(value, []):
                add(name, mark)
            continue
        name = FIELD_OF_LABEL.get(label) or FIELD_OF_LABEL[persian_letters(label)]
        if name in ("number", "reference"):
            add(name, reference_key(value))
        elif name == "date":
            add(name, cable.gregorian.isoformat())
        elif name == "classification" and cable.spec.lang == "fas":
            add(name, persian_letters(field_text(value)))
        elif name == "copies":  # one field per addressee of the list
            for addressee in re.split(r"[،,]", value):
                add(name, field_text(addressee))
        else:
            add(name, field_text(value))
    if "reference" not in fields:  # cited in the text only (إشارة إلى كتابنا المرقم …)
        for number in cited_numbers(cable, by_number):
            add("reference", reference_key(number))
    if cable.signature:
        add("signature", field_text(cable.signature))
    return fields


def cited_numbers(cable: Cable, by_number: dict[str, Cable]) -> list[str]:
    """The numbers ``cable`` cites, as the cited cable writes its own (the gap as cited)."""
    by_key = {c.key: c for c in by_number.values()}
    cited = [by_key[cable.spec.ref].number_as_written] if cable.spec.ref else []
    return cited + [by_number[n].number_as_written if n in by_number else n
                    for n in cable.cites]


def reference_threads(cables: Sequence[Cable]) -> list[dict[str, Any]]:
    """The cables linked by their references (A cites B: one thread), each thread in date
    order and named by its first cable; the missing cable links nothing."""
    by_number = {c.number: c for c in cables}
    parent = {c.key: c.key for c in cables}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for cable in cables:
        targets = ([cable.spec.ref] if cable.spec.ref else []) + [
            by_number[n].key for n in cable.cites if n in by_number]
        for target in targets:
            parent[root(target)] = root(cable.key)
    groups: dict[str, list[Cable]] = {}
    for cable in cables:
        groups.setdefault(root(cable.key), []).append(cable)
    threads = [sorted(group, key=lambda c: (c.gregorian, c.key)) for group in groups.values()]
    threads.sort(key=lambda t: (t[0].gregorian, t[0].key))
    return [{"id": t[0].key, "cables": [c.key for c in t],
             "stories": sorted({c.key[0] for c in t})} for t in threads]


def planted_gaps(cables: Sequence[Cable]) -> list[dict[str, Any]]:
    citing = [c.key for c in cables if GAP_NUMBER in c.cites]
    return [{"number": reference_key(GAP_NUMBER), "number_as_written": GAP_NUMBER,
             "jalali_date": fa(GAP_DATE.iso().replace("-", "/")),
             "gregorian_date": GAP_DATE.to_gregorian().isoformat(), "cited_by": citing}]


def not_cables(placed: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """Documents that hold no cable, though they name one: the e-mails' cover notes (their
    attachment is the cable) and the contact list. A reader finds no field in them."""
    notes = [{"path": entry["path"], "what": "e-mail whose body is a cover note naming the "
              "attached cable's number and date"}
             for entry in placed.values() if entry["container_format"] == "eml"]
    return [*sorted(notes, key=lambda n: n["path"]),
            {"path": "contacts/fehrest-tamas.csv", "what": "contact list"}]


def build_manifest(cables: Sequence[Cable], placed: dict[str, dict[str, Any]],
                   archive: Archive, contacts: list[dict[str, str]]) -> dict[str, Any]:
    by_key = {c.key: c for c in cables}
    by_number = {c.number: c for c in cables}
    entries = []
    for cable in cables:
        spec = cable.spec
        ref = by_key[spec.ref] if spec.ref else None
        header = dict(cable.header)
        fields = cable_fields(cable, by_number)
        targets = [*([ref.key] if ref else []),
                   *(by_number[n].key if n in by_number else None for n in cable.cites)]
        entries.append({
            "id": cable.key,
            **placed[cable.key],
            "language": spec.lang,
            "number": cable.number,
            "number_as_written": cable.number_as_written,
            "number_latin": cable.number_latin,
            "serial": cable.serial,
            "station_code": STATIONS[spec.station].code or None,
            "jalali_date": fa(f"{cable.jdate.year}/{cable.jdate.month:02d}/"
                              f"{cable.jdate.day:02d}"),
            "jalali_iso": cable.jdate.iso(),
            "gregorian_date": cable.gregorian.isoformat(),
            "from": STATIONS[spec.station].fa_short,
            "from_as_written": header.get("از") or header.get("من") or header.get("FROM"),
            "to": RECIPIENTS[spec.to][0],
            "classification": spec.classification,
            "classification_as_written": header.get("طبقه‌بندی") or header.get("طبقه‌بندي")
            or header.get("التصنيف") or header.get("CLASSIFICATION")
            or next((v for label, v in cable.header if not label and v in FIELDS_OF_MARK), None),
            "subject": spec.subject,
            "reference": ref.number if ref else None,
            "reference_id": ref.key if ref else None,
            "thread": spec.key[0],
            "people": cable.people,
            "people_names": {k: names_in(cable.text, PEOPLE[k]) for k in cable.people},
            "distinctive_phrases": [cable.distinctive],
            "dates_mentioned": cable.dates,
            "phones_mentioned": cable.phones,
            "arabic_letter_variants": spec.variants,
            "header": [[label, value] for label, value in cable.header],
            "text": cable.text,
            "layout": cable.layout,
            "fields": fields,
            "references": [{"number": number, "id": target} for number, target
                           in zip(fields.get("reference", []), targets, strict=True)],
        })
    files = sorted(archive.files.values(), key=lambda f: f["path"])
    return {
        "about": "Ground truth for sample/archive, made by scripts/make_sample.py. Every person "
                 "in it is fictional; places and organisations are real public ones.",
        "generator": "scripts/make_sample.py",
        "seed": SEED,
        "archive": "sample/archive",
        "notes": {
            "path": "file inside sample/archive holding the cable",
            "member_path": "names inside the container, outermost first: zip members "
                           "(a nested zip is one more step), an e-mail's attachment file "
                           "name, or an mbox message's Message-ID",
            "format": "format of the cable's own document (email-body: the message text)",
            "text": "exactly the text that was rendered, one header field or paragraph a "
                    "line; PDFs and scans show it in this order, a DOCX/ODT has one "
                    "paragraph per line; the cp1256 file has ي for every ی",
            "number": "canonical number with Persian digits; number_as_written is as printed "
                      "(Arabic-Indic digits in Arabic cables, ASCII in English ones)",
            "hijri": "lunar Hijri dates use the tabular Islamic calendar (may differ by a "
                     "day from an observed date)",
            "distinctive_phrases": "each appears in this cable's text only, in no other file",
        },
        "people": {p.key: {"fa": p.fa, "ar": p.ar, "latin": list(p.en), "role": p.role,
                           "place": p.place, "mobile": p.mobile} for p in PEOPLE.values()},
        "cables": entries,
        "files": files,
        "contacts_csv": {"path": "contacts/fehrest-tamas.csv", "rows": contacts},
        "reference_threads": reference_threads(cables),
        "gaps": planted_gaps(cables),
        "not_cables": not_cables(placed),
        "totals": {"cables": len(entries), "files": len(files),
                   "bytes": sum(f["bytes"] for f in files),
                   "languages": {lang: sum(1 for e in entries if e["language"] == lang)
                                 for lang in ("fas", "ara", "eng")}},
    }


def names_in(text: str, person: Person) -> list[str]:
    """The spellings of a person's name that the text uses (not those inside a longer one)."""
    found = [n for n in dict.fromkeys((person.fa, variant(person.fa), person.ar, *person.en))
             if n in text]
    return [n for n in found if not any(n != other and n in other for other in found)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--out", type=Path, default=ROOT / "sample" / "archive",
                        help="archive folder to (re)create (default: sample/archive)")
    parser.add_argument("--manifest", type=Path, default=None,
                        help="where to write the manifest (default: manifest.json beside "
                             "the archive folder)")
    parser.add_argument("--force", action="store_true",
                        help="replace --out even if it holds files this script did not make")
    args = parser.parse_args(argv)
    out: Path = args.out
    manifest_path: Path = args.manifest or out.parent / "manifest.json"
    manifest = generate(out, manifest_path, force=args.force)
    totals = manifest["totals"]
    print(f"wrote {totals['cables']} cables in {totals['files']} files "
          f"({totals['bytes'] / 1024:.0f} KiB) to {out}; manifest {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
