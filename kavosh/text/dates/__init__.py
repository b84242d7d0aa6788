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

Modules: :mod:`kavosh.text.dates.lexicon` (the words, and the fold),
:mod:`kavosh.text.dates.finder` (the patterns and :func:`find_dates`),
:mod:`kavosh.text.dates.result` (:class:`FoundDate`, conversion and problems).
"""

from kavosh.text.dates.finder import find_dates
from kavosh.text.dates.lexicon import GREGORIAN, HIJRI, JALALI, Calendar, fold
from kavosh.text.dates.result import FoundDate

__all__ = ["GREGORIAN", "HIJRI", "JALALI", "Calendar", "FoundDate", "find_dates", "fold"]
