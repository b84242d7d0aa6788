"""The timeline drawn on the server (issue 14): events (:mod:`kavosh.views.events`) placed on
one axis labelled in the Jalali calendar above and the Gregorian below, as numbers a template
turns into an SVG — no script, and every text escaped by the template.

Contract of :func:`layout`:

- The axis runs from ``since`` to ``until`` (Gregorian ordinals), else from three days before
  the first event to three days after the last.
- **Periods** are ticks on the axis, in each calendar: years when it spans more than about
  four years, months when more than 75 days, else thirds of a month (days 1, 11 and 21).
  Each period knows its first and last day, written in its calendar (``1394-06-01`` …
  ``1394-06-31``, ``2015-09-01`` … ``2015-09-30``), so choosing it narrows the timeline,
  the search (``date:A..B``) and the network. When there are many, only some are labelled.
- **Marks**: cables on the upper lane, relations on the lower; marks that would overlap on a
  lane are stacked (at most :data:`STACK` high, then drawn over each other).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from kavosh.text.calendars import (
    JALALI_MONTHS,
    gregorian_to_jalali,
    jalali_to_gregorian,
)
from kavosh.views.cables import two_calendars
from kavosh.views.events import CABLE, Event

WIDTH, MARGIN = 1000.0, 30.0
JALALI_Y, AXIS_Y, GREGORIAN_Y = 22.0, 150.0, 170.0
LANES = {CABLE: 62.0, "relation": 118.0}  # each lane's base line
STEP, STACK = 9.0, 4  # stacking: the height of a step, and how many steps at most
HEIGHT = 185.0
_PADDING = 3  # days around the events when no range is given
_LABELLED = 14  # periods labelled at most on each calendar's side
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Period:
    """A tick: a year, a month or a third of a month of one calendar."""

    calendar: str  # jalali | gregorian
    first: int  # Gregorian ordinals, inclusive
    last: int
    label: str  # "" when not labelled (too many)
    since: str  # the first and last day as written in its calendar
    until: str
    x: float

    @property
    def anchor(self) -> str:
        """Where the label hangs from its tick: inward at either end, so none is cut off."""
        return "start" if self.x < MARGIN + 50 else "end" if self.x > WIDTH - MARGIN - 50 else (
            "middle")


@dataclass(frozen=True, slots=True)
class Mark:
    """An event's mark: ``index`` is its place in the events given."""

    index: int
    kind: str
    lane: str  # cable | relation
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Timeline:
    start: int
    end: int
    unit: str  # year | month | third
    periods: tuple[Period, ...]
    marks: tuple[Mark, ...]
    width: float = WIDTH
    height: float = HEIGHT
    axis_y: float = AXIS_Y
    jalali_y: float = JALALI_Y
    gregorian_y: float = GREGORIAN_Y
    lanes: tuple[tuple[str, float], ...] = tuple(LANES.items())

    @property
    def since(self) -> str:
        return date.fromordinal(self.start).isoformat()

    @property
    def until(self) -> str:
        return date.fromordinal(self.end).isoformat()

    @property
    def first(self) -> tuple[str, str]:
        """The first day shown, ``(Jalali, Gregorian)`` as the cable list writes dates."""
        return two_calendars(self.since) or ("", self.since)

    @property
    def last(self) -> tuple[str, str]:
        return two_calendars(self.until) or ("", self.until)


def _x(day: int, start: int, end: int) -> float:
    return round(MARGIN + (day - start) / max(end - start, 1) * (WIDTH - 2 * MARGIN), 1)


def layout(found: Sequence[Event], since: int | None = None,
           until: int | None = None) -> Timeline | None:
    """The timeline of ``found`` (see the module's contract); None when there is no range:
    no events and no days given."""
    if not found and (since is None or until is None):
        return None
    start = since if since is not None else found[0].day - _PADDING
    end = until if until is not None else found[-1].day + _PADDING
    if end <= start:
        end = start + 1
    unit = "year" if end - start > 1500 else "month" if end - start > 75 else "third"
    periods = [p for calendar in ("jalali", "gregorian")
               for p in _labelled(list(_periods(calendar, unit, start, end)))]
    return Timeline(start, end, unit, tuple(periods), tuple(_marks(found, start, end)))


def _marks(found: Sequence[Event], start: int, end: int) -> Iterator[Mark]:
    taken: dict[tuple[str, int], int] = {}  # (lane, x rounded) → marks there
    for index, event in enumerate(found):
        if not start <= event.day <= end:
            continue
        lane = CABLE if event.kind == CABLE else "relation"
        x = _x(event.day, start, end)
        slot = (lane, round(x / STEP))
        level = taken.get(slot, 0)
        taken[slot] = level + 1
        yield Mark(index, event.kind, lane, x, LANES[lane] - STEP * min(level, STACK))


def _labelled(periods: list[Period]) -> list[Period]:
    """Every period, labels kept on one in ``k`` so that at most :data:`_LABELLED` are."""
    k = -(-len(periods) // _LABELLED)
    return [p if i % k == 0 else Period(p.calendar, p.first, p.last, "", p.since, p.until, p.x)
            for i, p in enumerate(periods)]


def _periods(calendar: str, unit: str, start: int, end: int) -> Iterator[Period]:
    """The periods of ``calendar`` starting within ``[start, end]``."""
    for first, last, label, since, until in _spans(_CALENDARS[calendar], unit, start, end):
        if start <= first <= end:
            yield Period(calendar, first, last, label, since, until, _x(first, start, end))


@dataclass(frozen=True, slots=True)
class _Calendar:
    year_of: Callable[[date], int]
    day_one: Callable[[int, int], date]  # (year, month) → its first day
    write: Callable[[date], str]  # a day as YYYY-MM-DD in this calendar
    month: Callable[[int, int], str]  # (year, month) → its label
    day: Callable[[int, int], str]  # (day, month) → its label
    year: Callable[[int], str]


def _jalali(day: date) -> str:
    y, m, d = gregorian_to_jalali(day)
    return f"{y:04d}-{m:02d}-{d:02d}"


_CALENDARS = {
    "jalali": _Calendar(
        lambda d: gregorian_to_jalali(d)[0], lambda y, m: jalali_to_gregorian(y, m, 1), _jalali,
        lambda y, m: _fa(f"{JALALI_MONTHS[m - 1]} {y}"),
        lambda d, m: _fa(f"{d} {JALALI_MONTHS[m - 1]}"), lambda y: _fa(str(y))),
    "gregorian": _Calendar(
        lambda d: d.year, lambda y, m: date(y, m, 1), date.isoformat,
        lambda y, m: f"{_MONTHS[m - 1]} {y}", lambda d, m: f"{d} {_MONTHS[m - 1]}", str),
}
Span = tuple[int, int, str, str, str]  # first, last, label, since, until


def _spans(cal: _Calendar, unit: str, start: int, end: int) -> Iterator[Span]:
    """The years, months or thirds of months of ``cal`` from the one holding ``start``
    until one begins after ``end``."""
    year = cal.year_of(date.fromordinal(start))
    while cal.day_one(year, 1).toordinal() <= end:
        if unit == "year":
            new_year, after = cal.day_one(year, 1), cal.day_one(year + 1, 1).toordinal()
            yield (new_year.toordinal(), after - 1, cal.year(year), cal.write(new_year),
                   cal.write(date.fromordinal(after - 1)))
        for month in range(1, 13) if unit != "year" else ():
            first = cal.day_one(year, month).toordinal()
            after = cal.day_one(year + month // 12, month % 12 + 1).toordinal()
            parts = ((1, None),) if unit == "month" else ((1, 11), (11, 21), (21, None))
            for day, stop in parts:
                a, last = first + day - 1, after - 1 if stop is None else first + stop - 2
                label = cal.month(year, month) if day == 1 else cal.day(day, month)
                yield (a, last, label, cal.write(date.fromordinal(a)),
                       cal.write(date.fromordinal(last)))
        year += 1


def _fa(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


__all__ = ["Mark", "Period", "Timeline", "layout"]
