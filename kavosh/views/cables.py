"""Cables as the CLI, the API and the web UI show them: a document's header fields, the case's
cable list, a thread, the gaps.

Every function reads the case's links once (:func:`kavosh.cables.case_links`; a thread only
its own, :func:`kavosh.cables.thread_links`, the gaps only theirs) and returns
plain objects with a ``to_json()`` each, the same for the three interfaces. Dates are shown in
the Jalali and the Gregorian calendar side by side; a field's raw text is what the reporter
checks against the page, its value what was compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kavosh.cables import (
    CableEntry,
    CaseLinks,
    Gap,
    case_gaps,
    case_links,
    findings_json,
    header_json,
    links_stored,
    thread_links,
)
from kavosh.case import Case
from kavosh.model import Field
from kavosh.search.cables import link_key
from kavosh.text import index_text
from kavosh.text.calendars import JALALI_MONTHS, gregorian_to_jalali
from kavosh.views.document import find_document

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_GREGORIAN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December")
LABELS = {  # how the UI names each field (Persian first: the UI is Persian)
    "number": "شماره", "date": "تاریخ", "time": "ساعت", "from": "از", "to": "به",
    "copies": "رونوشت", "classification": "طبقه‌بندی", "handling": "دستور نگهداری",
    "precedence": "فوریت", "subject": "موضوع", "reference": "پیرو", "attachment": "پیوست",
    "signature": "امضا", "tags": "برچسب‌ها",
}
SORTS = ("date", "-date")


def two_calendars(iso: str | None) -> tuple[str, str] | None:
    """An ISO Gregorian day as ``(Jalali, Gregorian)``: ``("۲۷ فروردین ۱۳۹۳",
    "16 April 2014")``; None when there is no valid day."""
    try:
        day = date.fromisoformat(iso or "")
    except ValueError:
        return None
    try:
        y, m, d = gregorian_to_jalali(day)
    except ValueError:
        jalali = ""
    else:
        jalali = f"{d} {JALALI_MONTHS[m - 1]} {y}".translate(_PERSIAN_DIGITS)
    return jalali, f"{day.day} {_GREGORIAN_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class FieldView:
    """One header field as shown."""

    name: str
    raw: str
    value: str
    page: int
    calendars: tuple[str, str] | None = None  # a date: (Jalali, Gregorian)
    link: int | None = None  # a reference: the document carrying that number

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)


@dataclass(frozen=True, slots=True)
class CableView:
    """A document's cable header as shown above its text."""

    document_id: int
    convention: str
    fields: tuple[FieldView, ...]
    findings: tuple[dict[str, Any], ...]
    record: dict[str, Any] = field(repr=False)  # the export's cable object

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "cable": self.record,
                "cable_findings": list(self.findings)}


def document_cable(case: Case, document_id: int,
                   links: CaseLinks | None = None) -> CableView | None:
    """The document's cable header, None when it is no cable (or no document)."""
    header = case.store.cable(document_id) if find_document(case, document_id) else None
    if header is None:
        return None
    links = links or thread_links(case.store, document_id)  # its findings are in its thread
    views = tuple(_field_view(f, links) for f in header.fields)
    return CableView(document_id, header.convention, views,
                     tuple(findings_json(document_id, header, links)), header_json(header))


def _field_view(f: Field, links: CaseLinks) -> FieldView:
    calendars = two_calendars(f.value) if f.name == "date" else None
    found = links.by_number.get(link_key(f.value)) if f.name == "reference" else None
    return FieldView(f.name, f.raw, f.value, f.page, calendars, found[0] if found else None)


@dataclass(frozen=True, slots=True)
class CableRow:
    """One cable of the list."""

    entry: CableEntry
    path: str

    @property
    def document_id(self) -> int:
        return self.entry.document_id

    @property
    def calendars(self) -> tuple[str, str] | None:
        return two_calendars(self.entry.date)

    def to_json(self) -> dict[str, Any]:
        e = self.entry
        return {"id": e.document_id, "path": self.path, "number": e.raw,
                "number_key": e.number, "date": e.date, "from": e.sender, "to": e.recipient,
                "classification": e.classification, "subject": e.subject,
                "references": list(e.references)}


def _contains(value: str | None, wanted: str | None) -> bool:
    """``wanted`` (words, folded by the project normaliser) appear in ``value`` in a row."""
    if not wanted:
        return True
    words, have = index_text(wanted).split(), index_text(value or "").split()
    return any(have[i:i + len(words)] == words for i in range(len(have) - len(words) + 1))


@dataclass(frozen=True, slots=True)
class CablePage:
    """One page of the cable list: its rows, how many cables match in all, where it starts
    and how many it holds at most (None: every one)."""

    rows: list[CableRow]
    total: int
    offset: int = 0
    limit: int | None = None

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts (None: this is the last)."""
        end = self.offset + len(self.rows)
        return end if self.limit is not None and end < self.total else None

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "next_offset": self.next_offset, "cables": [row.to_json() for row in self.rows]}


def cable_list(case: Case, sort: str = "date", sender: str | None = None,
               recipient: str | None = None, classification: str | None = None,
               links: CaseLinks | None = None, limit: int | None = None,
               offset: int = 0) -> CablePage:
    """The case's cables by date (``-date``: latest first; undated last either way), those
    whose sender, recipient and classification hold the words given (any spelling the
    normaliser folds; a classification compared whole: ``سری`` is not ``خیلی سری``);
    ``limit`` of them (None: all) from ``offset``.

    With the links stored, the page is sorted, filtered and cut in SQL: only the distinct
    senders, recipients or classifications are folded here (a few hundred), and only the
    page's rows are built. ``links`` given (or a case derived before the links were stored):
    every cable is read and the page is cut here."""
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}")
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("limit and offset are counts: 0 or more")
    if links is None and links_stored(case.store):
        store = case.store
        where = {column: [v for v in store.cable_values(column) if match(v)]
                 for column, match in _filters(sender, recipient, classification).items()}
        total, entries = store.cable_page(sort, where, limit, offset)
        return CablePage(_rows(case, entries), total, offset, limit)
    links = links or case_links(case.store)
    matches = list(_filters(sender, recipient, classification).items())
    entries = [e for e in links.cables()
               if all(match(getattr(e, column) or "") for column, match in matches)]
    if sort == "-date":
        dated = [e for e in entries if e.date][::-1]
        entries = dated + [e for e in entries if not e.date]
    end = None if limit is None else offset + limit
    return CablePage(_rows(case, entries[offset:end]), len(entries), offset, limit)


def cable_choices(case: Case, column: str) -> list[str]:
    """The distinct values of a filtered column (``sender``, ``recipient`` or
    ``classification``) among the case's cables, sorted: what a filter can choose from. From
    the stored links (one query), else from every cable's fields."""
    if links_stored(case.store):
        values = case.store.cable_values(column)
    else:
        values = [getattr(entry, column) for entry in case_links(case.store).cables()]
    return sorted({v for v in values if v})


def _filters(sender: str | None, recipient: str | None,
             classification: str | None) -> dict[str, Callable[[str], bool]]:
    """The filters asked for, by summary column: whether a value passes (words that fold
    to nothing filter nothing)."""
    out: dict[str, Callable[[str], bool]] = {}
    if sender and index_text(sender).strip():
        out["sender"] = lambda value: _contains(value, sender)
    if recipient and index_text(recipient).strip():
        out["recipient"] = lambda value: _contains(value, recipient)
    if classification and index_text(classification).strip():
        wanted = index_text(classification)
        out["classification"] = lambda value: index_text(value) == wanted
    return out


def _rows(case: Case, entries: list[CableEntry]) -> list[CableRow]:
    """The entries as rows, with their paths (read together)."""
    paths = case.store.first_paths(e.document_id for e in entries)
    return [CableRow(e, paths.get(e.document_id, "")) for e in entries]


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """One place in a thread as shown: a cable (``row``) or a gap (``gap``)."""

    relation: str
    row: CableRow | None = None
    gap: Gap | None = None

    def to_json(self) -> dict[str, Any]:
        if self.gap is not None:
            return {"relation": self.relation, "gap": True, "number": self.gap.raw,
                    "number_key": self.gap.key, "cited_by": list(self.gap.cited_by)}
        assert self.row is not None
        return {"relation": self.relation, "gap": False, **self.row.to_json()}


@dataclass(frozen=True, slots=True)
class ThreadView:
    focus: CableRow
    rows: tuple[ThreadRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.focus.document_id, "number": self.focus.entry.raw,
                "thread": [row.to_json() for row in self.rows]}


def thread_view(case: Case, document_id: int) -> ThreadView | None:
    """The cable's thread in date order, gaps marked (see :meth:`CaseLinks.thread`); None
    when the document is no cable."""
    thread = thread_links(case.store, document_id).thread(document_id)
    if thread is None:
        return None
    cables = _rows(case, [thread.focus] + [i.cable for i in thread.items if i.cable is not None])
    row_of = {row.document_id: row for row in cables}
    rows = tuple(ThreadRow(item.relation, row_of[item.cable.document_id])
                 if item.cable is not None else ThreadRow(item.relation, gap=item.gap)
                 for item in thread.items)
    return ThreadView(row_of[document_id], rows)


@dataclass(frozen=True, slots=True)
class GapRow:
    gap: Gap
    citing: tuple[CableRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {"number": self.gap.raw, "number_key": self.gap.key,
                "cited_by": [row.to_json() for row in self.citing]}


def gap_rows(case: Case) -> list[GapRow]:
    """Every cited number missing from the case, with every cable citing it."""
    gaps, links = case_gaps(case.store)
    row_of = {row.document_id: row for row in _rows(case, list(links.entries.values()))}
    return [GapRow(gap, tuple(row_of[d] for d in gap.cited_by)) for gap in gaps]


def link_findings(case: Case) -> list[dict[str, Any]]:
    """Every contradiction between the case's cables (``kavosh cables findings``)."""
    return [{"check": f.check, "message": f.message, "documents": list(f.documents),
             "fields": list(f.fields)} for f in case_links(case.store).findings()]


__all__ = ["CablePage", "CableRow", "CableView", "FieldView", "GapRow", "ThreadRow", "ThreadView",
           "cable_list", "document_cable", "gap_rows", "link_findings",
           "thread_view", "two_calendars"]
