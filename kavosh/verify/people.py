"""The people table from the newsroom's CSV (``kavosh verify people load FILE``).

One row a person in one position::

    person,position,start,end,aliases,titles
    بهرام کوهستانی,وزیر امور خارجه,2016-01-01,2019-06-30,Bahram Kouhestani,Foreign Minister

- ``person`` and ``position`` are required; ``aliases`` (the person's other spellings) and
  ``titles`` (the position's other spellings: English, a shorter form) are lists separated by
  ``;`` or ``|``; the column names may also be Persian (``نام``, ``سمت``, ``از``, ``تا``,
  ``نام‌های دیگر``, ``عنوان‌های دیگر``).
- ``start`` and ``end`` (inclusive; empty: open) are ISO (``2016``, ``2016-03``,
  ``2016-03-21``) or Jalali (``1395``, ``1395/01``, ``1395/01/02``, Persian digits too): a
  year or month alone is its first day for ``start`` and its last day for ``end``.

A file with a row that cannot be read is refused whole, with the line and the reason: the
table replaces the case's table only when every row is good.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

from kavosh.model.errors import UsageError
from kavosh.store import Store
from kavosh.store.people import Position
from kavosh.text.calendars import (
    gregorian_month_length,
    jalali_month_length,
    jalali_to_gregorian,
    nowruz,
)

COLUMNS = {"person": ("person", "name", "نام", "شخص"),
           "position": ("position", "title", "سمت", "عنوان"),
           "start": ("start", "from", "از", "آغاز"),
           "end": ("end", "to", "تا", "پایان"),
           "aliases": ("aliases", "other names", "نام‌های دیگر", "نامهای دیگر"),
           "titles": ("titles", "other titles", "عنوان‌های دیگر", "عنوانهای دیگر")}
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DAY = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
JALALI_BEFORE = 1700  # a year below this is a Jalali year (1300s–1400s)


class PeopleFileError(UsageError):
    """A people CSV that cannot be read (the line and why)."""


def parse_day(text: str, end: bool = False) -> str:
    """An ISO day from an ISO or Jalali day, month or year (``end``: its last day); '' for
    an empty cell. Raises ``ValueError`` for anything else."""
    text = text.strip().translate(_DIGITS)
    if not text:
        return ""
    match = _DAY.match(text)
    if not match:
        raise ValueError(f"not a date: {text!r} (write 2016-03-21 or 1395/01/02)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year < JALALI_BEFORE:
        return _jalali(year, month, day, end).isoformat()
    if month is None:
        return date(year, 12, 31).isoformat() if end else date(year, 1, 1).isoformat()
    if day is None:
        day = gregorian_month_length(year, month) if end else 1
    return date(year, month, day).isoformat()


def _jalali(year: int, month: int | None, day: int | None, end: bool) -> date:
    if month is None:
        return nowruz(year + 1) - timedelta(days=1) if end else nowruz(year)
    if day is None:
        day = jalali_month_length(year, month) if end else 1
    if not 1 <= month <= 12 or not 1 <= day <= jalali_month_length(year, month):
        raise ValueError(f"no such Jalali day: {year}/{month}/{day}")
    return jalali_to_gregorian(year, month, day)


def _items(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[;|؛]", cell or "") if p.strip())


def read_people(text: str, source: str = "") -> list[Position]:
    """The rows of a people CSV (see the module); :class:`PeopleFileError` names the first
    bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    names = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    column = {key: next((names[a] for a in spellings if a in names), None)
              for key, spellings in COLUMNS.items()}
    if column["person"] is None or column["position"] is None:
        raise PeopleFileError(f"{source or 'the file'}: the first line must name the columns "
                              "person,position[,start,end,aliases,titles]")
    rows = []
    for row in reader:
        line = reader.line_num

        def cell(key: str, row: dict[str, str | None] = row) -> str:
            name = column[key]
            return (row.get(name) or "").strip() if name else ""

        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        person, position = cell("person"), cell("position")
        if not person or not position:
            raise PeopleFileError(f"{source}:{line}: a row needs a person and a position")
        try:
            start, end = parse_day(cell("start")), parse_day(cell("end"), end=True)
        except ValueError as error:
            raise PeopleFileError(f"{source}:{line}: {error}") from None
        if start and end and end < start:
            raise PeopleFileError(f"{source}:{line}: the end ({end}) is before the start "
                                  f"({start})")
        rows.append(Position(person, position, start, end,
                             (position, *_items(cell("titles"))), _items(cell("aliases")),
                             f"{source}:{line}"))
    return rows


def load_people(store: Store, path: Path) -> list[Position]:
    """Replace the case's people table with the CSV at ``path``; the rows loaded."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PeopleFileError(f"cannot read {path}: {error}") from None
    rows = read_people(text, path.name)
    store.replace_people(rows)
    return rows
