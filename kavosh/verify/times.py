"""Times against Tehran's time zone and its daylight-saving history (``Asia/Tehran`` of the
system's tz database: Iran kept daylight saving, +04:30 from 1 or 2 Farvardin to 30
Shahrivar, in most years until 2022, and none in 2006–2007 or since 2023).

A local time is a clock time written after ``ساعت`` (``ساعت ۰۰:۳۰``, in words ``ساعت ۱۴ و ۳۰
دقیقه``, ``ساعت ۲ و ربع``/``و نیم``, or military ``ساعت ۱۴۳۰``; ``بامداد``, ``عصر``, ``شب`` …
after it turn 12-hour times into 24-hour ones) or before ``Tehran time``, ``local
time``, ``IRST``/``IRDT``, ``به وقت تهران``. Its day is the nearest date of a day written
within :data:`NEAR` characters on its page (a date ``derive`` found; a DTG's own time is UTC
and is no local time). A time followed by another zone's name (``به وقت بغداد``, ``Baghdad
time``) is not Tehran's and is left alone.

- **nonexistent-time** (warning): the clock skipped it in Tehran — at the start of daylight
  saving the hour from 00:00 went straight to 01:00;
- **ambiguous-time** (info): it happened twice — at the end, 23:00–23:59 of 30 Shahrivar;
- **offset-mismatch** (warning): the document gives the time's offset from UTC as well — an
  explicit ``GMT+4:30``/``UTC+03:30``/``IRDT``, or a UTC time beside it (``۱۰:۰۰ به وقت
  گرینویچ``, ``1000Z``, a DTG ``201000Z MAR 09``) on the same line — and it is one of Tehran's
  two offsets (+03:30, +04:30) but not the one Tehran kept that day (a summer time in a year
  without daylight saving, a winter time at +04:30). Without a date nearby, the document's
  own date is used unless Tehran changed its clocks within two days of it.

No finding without a written time: the check is meant to be quiet on ordinary documents.
When the tz database lacks ``Asia/Tehran`` the check finds nothing and says so in the log.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kavosh.model import DateMention
from kavosh.store.verify import StoredFinding
from kavosh.verify.base import Check, DocumentInput, span

log = logging.getLogger(__name__)
ZONE = "Asia/Tehran"
NEAR = 80  # characters between a time and the date it is read with
PAIR = 60  # characters after a local time where its UTC time or offset may stand
TEHRAN_OFFSETS = (210, 270)  # minutes: +03:30 standard, +04:30 daylight saving
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")  # one for one
# After ساعت: 14:30; 14 و 30 دقیقه; 2 و ربع / 2 و نیم; a military 1430 (four digits, not
# part of a longer number or a date such as 1400/01/01).
_HM = (r"(?:(?P<h>[01]?\d|2[0-3])\s?[:٫]\s?(?P<m>[0-5]\d)(?![\d:])"
       r"|(?P<hw>[01]?\d|2[0-3])\s*و\s*(?:(?P<mw>[0-5]?\d)\s*دق[یي]قه|(?P<part_of>ربع|نیم)(?!\w))"
       r"|(?P<hm>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?!\d|\s?[/\-.]\s?\d))")
_PARTS = {"ربع": 15, "نیم": 30}
_LATER = r"(?:\s*(?P<part>بامداد|صبح|ظهر|بعد\s?از\s?ظهر|بعدازظهر|عصر|شب|a\.?m\.?|p\.?m\.?))?"
_TEHRAN = r"(?:به\s+وقت\s+(?:تهران|ایران|رسمی\s+ایران)|Tehran\s+time|Iran\s+time|IRST|IRDT)"
_LOCAL = re.compile(
    rf"(?:ساعت\s*{_HM}{_LATER}(?P<zone_fa>\s*{_TEHRAN})?"
    rf"|(?<![\d:])(?P<h2>[01]?\d|2[0-3]):?(?P<m2>[0-5]\d)\s*(?:hrs?|hours)?\s*"
    rf"(?P<zone_en>{_TEHRAN}|local\s+time|local))", re.IGNORECASE)
_OTHER_ZONE = re.compile(r"^\s*(?:به\s+وقت\s+(?!تهران|ایران|رسمی|محلی)\w+|[A-Z][a-z]+\s+time)")
_UTC_TIME = re.compile(
    r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):?(?P<m>[0-5]\d)\s*(?:Z\b|GMT\b|UTC\b|"
    r"(?:به\s+وقت\s+)?گرینویچ)(?!\s*[+\-−]\s*\d)", re.IGNORECASE)
_OFFSET = re.compile(
    r"(?:GMT|UTC|گرینویچ)\s*(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?:\s*[:٫]?\s*(?P<om>[0-5]\d))?"
    r"|\b(?P<abbr>IRST|IRDT)\b", re.IGNORECASE)
_PM = ("ظهر", "بعد", "عصر", "شب", "p")
_HINT = re.compile(r"local|time|IRST|IRDT", re.IGNORECASE)
_WALL = {"nonexistent": ("warning", "did not exist", "nonexistent-time"),
         "ambiguous": ("info", "happened twice", "ambiguous-time")}
_WHY = {"nonexistent": "the clocks went forward from 00:00 to 01:00 that night (daylight "
                       "saving began)",
        "ambiguous": "the clocks went back from 24:00 to 23:00 that night (daylight saving "
                     "ended)"}


@cache
def tehran() -> ZoneInfo | None:
    """The tz database's ``Asia/Tehran``, None when it is not installed."""
    try:
        return ZoneInfo(ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("time zone %s is not available: the times check finds nothing "
                    "(install the system's tzdata or the tzdata package)", ZONE)
        return None


def wall_clock(zone: ZoneInfo, when: datetime) -> str:
    """``ok``, ``nonexistent`` (skipped when clocks went forward) or ``ambiguous`` (lived
    twice when they went back) for a naive local ``when`` in ``zone``."""
    first, second = when.replace(tzinfo=zone, fold=0), when.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "nonexistent" if back != when else "ambiguous"


def _offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True, slots=True)
class _Local:
    start: int
    end: int
    hour: int
    minute: int
    tehran: bool  # said to be Tehran's (else unqualified or "local")


class TimesCheck(Check):
    name = "times"
    version = "2"  # 2: 14 و 30 دقیقه, 2 و ربع / نیم, a military 1430 after ساعت
    title = "Times against Tehran's time zone and daylight-saving history"

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        zone = tehran()
        if zone is None:
            return None, []
        found: list[StoredFinding] = []
        for page in doc.pages:
            text = page.text.translate(_DIGITS)
            if "ساعت" not in text and not _HINT.search(text):
                continue  # no time that could be a local one
            dates = [d for d in doc.dates if d.page == page.number and d.precision == "day"
                     and d.gregorian and d.form != "dtg"]
            dtgs = [d for d in doc.dates if d.page == page.number and d.form == "dtg"]
            for local in _locals(text):
                found += self._judge(doc, zone, page.number, page.text, text, local, dates,
                                     dtgs)
        return None, found

    def _judge(self, doc: DocumentInput, zone: ZoneInfo, page: int, raw: str, text: str,
               local: _Local, dates: list[DateMention], dtgs: list[DateMention]
               ) -> list[StoredFinding]:
        near = _nearest(text, dates, local)
        day = date.fromisoformat(near.gregorian[:10]) if near and near.gregorian else None
        when = datetime.combine(day, datetime.min.time()).replace(
            hour=local.hour, minute=local.minute) if day else None
        evidence = {**span(page, local.start, local.end, raw[local.start:local.end]),
                    "time": f"{local.hour:02d}:{local.minute:02d}",
                    "date": near.text if near else None, "day": day.isoformat() if day else None,
                    "zone": ZONE}
        found = []
        state = wall_clock(zone, when) if when else "ok"
        if state in _WALL:
            severity, what, kind = _WALL[state]
            found.append(self.finding(
                doc.document_id, severity,
                f"{evidence['time']} on {evidence['day']} {what} in Tehran: {_WHY[state]}",
                kind=kind, **evidence))
        claimed = _claimed_offset(text, local, dtgs)
        if claimed is None:
            return found
        minutes, said = claimed[0], raw[claimed[1]:claimed[2]]
        if minutes not in TEHRAN_OFFSETS and not local.tehran:
            return found  # another place's time, not Tehran's
        if when is None and doc.own_date:
            when = _own_day(zone, doc.own_date, local)
            evidence["day"] = when.date().isoformat() if when else None
        if when is None or state != "ok":
            return found
        actual = when.replace(tzinfo=zone).utcoffset()
        kept = int(actual.total_seconds() // 60) if actual is not None else minutes
        if kept != minutes:
            found.append(self.finding(
                doc.document_id, "warning",
                f"{evidence['time']} is given as {_offset_text(minutes)} ({said}) on "
                f"{evidence['day']}, but Tehran was at {_offset_text(kept)} then",
                kind="offset-mismatch", **evidence, claimed=_offset_text(minutes),
                actual=_offset_text(kept), said=said))
        return found


def _locals(text: str) -> list[_Local]:
    out = []
    for m in _LOCAL.finditer(text):
        if m.group("zone_en") is None:
            hour, minute = _hour_minute(m)
            part = (m.group("part") or "").lower()
            if part.startswith(_PM) and hour < 12:
                hour += 12
            elif part and not part.startswith(_PM) and hour == 12:
                hour = 0  # ۱۲:۳۰ بامداد
            zone = m.group("zone_fa") or ""
        else:
            hour, minute, zone = int(m.group("h2")), int(m.group("m2")), m.group("zone_en")
            if ":" not in m.group() and zone.lower().startswith("local"):
                continue  # "2014 local elections": a year, not 20:14
        if not zone and _OTHER_ZONE.match(text[m.end():m.end() + 30]):
            continue
        tehran_said = bool(zone) and not zone.lower().startswith("local")
        out.append(_Local(m.start(), m.end(), hour, minute, tehran_said))
    return out


def _hour_minute(m: re.Match[str]) -> tuple[int, int]:
    """The hour and minute of a time after ``ساعت`` in any of :data:`_HM`'s forms."""
    if m.group("h") is not None:
        return int(m.group("h")), int(m.group("m"))
    if m.group("hw") is not None:
        minute = m.group("mw")
        return int(m.group("hw")), int(minute) if minute else _PARTS[m.group("part_of")]
    return int(m.group("hm")), int(m.group("mm"))


def _nearest(text: str, dates: list[DateMention], local: _Local) -> DateMention | None:
    """The date within :data:`NEAR` characters of ``local``, one on its own line first (the
    previous line's date may be closer to a time written at the start of the next)."""
    def distance(d: DateMention) -> int:
        return max(d.start - local.end, local.start - d.end, 0)

    def other_line(d: DateMention) -> bool:
        return "\n" in text[min(d.end, local.start):max(d.start, local.end)]

    near = [d for d in dates if distance(d) <= NEAR]
    return min(near, key=lambda d: (other_line(d), distance(d)), default=None)


def _claimed_offset(text: str, local: _Local, dtgs: list[DateMention]
                    ) -> tuple[int, int, int] | None:
    """The offset from UTC the document gives the local time (minutes, and the span that
    says it): an explicit offset or a UTC time on the same line within :data:`PAIR`
    characters after it."""
    line_end = text.find("\n", local.end)
    window_end = min(local.end + PAIR, line_end if line_end >= 0 else len(text))
    window = text[local.start:window_end]
    offset = _OFFSET.search(window)
    if offset is not None:
        where = local.start + offset.start(), local.start + offset.end()
        if offset.group("abbr"):
            return (270 if offset.group("abbr").upper() == "IRDT" else 210), *where
        minutes = int(offset.group("oh")) * 60 + int(offset.group("om") or 0)
        return (-minutes if offset.group("sign") in "-−" else minutes), *where
    utc = _UTC_TIME.search(text, local.end, window_end)
    if utc is not None:
        return (_difference(local, int(utc.group("h")), int(utc.group("m"))), utc.start(),
                utc.end())
    for dtg in dtgs:
        if local.end <= dtg.start < window_end and dtg.time:
            hour, minute = map(int, dtg.time.split(":"))
            return _difference(local, hour, minute), dtg.start, dtg.end
    return None


def _difference(local: _Local, hour: int, minute: int) -> int:
    """Local minus UTC in minutes, in (-12 h, +12 h]."""
    minutes = (local.hour * 60 + local.minute - hour * 60 - minute) % 1440
    return minutes - 1440 if minutes > 720 else minutes


def _own_day(zone: ZoneInfo, own_date: str, local: _Local) -> datetime | None:
    """The local time on the document's own day, unless Tehran changed its clocks within two
    days of it (the event may lie on the other side of the change)."""
    try:
        day = date.fromisoformat(own_date[:10])
    except ValueError:
        return None
    when = datetime.combine(day, datetime.min.time()).replace(hour=local.hour,
                                                             minute=local.minute)
    offsets = {(when + timedelta(days=d)).replace(tzinfo=zone).utcoffset() for d in (-2, 2)}
    return when if len(offsets) == 1 else None
