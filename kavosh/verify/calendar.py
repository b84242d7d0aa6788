"""Calendar check: dates that cannot be, weekdays that do not match, dates after the
document's own date.

Built on :func:`kavosh.text.dates.find_dates` records (stored by ``derive``): an impossible day
(``۱۳۹۳/۱۲/۳۰`` in a common year) and a weekday written beside a date that falls on another
day (``سه‌شنبه`` and ``سه شنبه`` alike: the finder folds ZWNJ and space) are problems; any
other problem the finder notes (an order it had to guess, a calendar marker that does not fit)
is information. A date later than the document's own date (its cable date field, else an
e-mail's date) is information within :data:`PLAN_DAYS` days (cables announce plans, meetings
next week), a warning beyond: a past event dated long after the cable is a forgery's classic
slip — the reporter reads which. One finding a date as written (repeats are counted). A
declassification date (after ``DECL:`` on its line, as US cables write it) is meant to lie
ahead and is left out.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kavosh.model import DateMention
from kavosh.store.verify import StoredFinding
from kavosh.verify.base import Check, DocumentInput, span

PLAN_DAYS = 92


class CalendarCheck(Check):
    name = "calendar"
    version = "1"
    title = "Calendar: impossible dates, wrong weekdays, dates after the document's own"

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        found = [self._problem(doc.document_id, d, p) for d in doc.dates for p in d.problems]
        if doc.own_date:
            found += self._after(doc, doc.own_date)
        return None, found

    def _after(self, doc: DocumentInput, own_date: str) -> list[StoredFinding]:
        own = doc.field("date")
        later: dict[str, list[DateMention]] = {}
        for mention in doc.dates:
            if own is not None and (mention.page, mention.start) == (own.page, own.start):
                continue
            if _declassification(doc, mention):
                continue
            if mention.gregorian and mention.gregorian[:10] > own_date:
                later.setdefault(mention.text, []).append(mention)
        out = []
        for text, mentions in later.items():
            first = mentions[0]
            days = (date.fromisoformat(first.gregorian[:10] if first.gregorian else own_date)
                    - date.fromisoformat(own_date)).days
            out.append(self.finding(
                doc.document_id, "info" if days <= PLAN_DAYS else "warning",
                f"the date {text} ({first.gregorian}) is {days} days after the document's "
                f"own date ({own_date})", **_evidence(first), own_date=own_date, days=days,
                occurrences=len(mentions), kind="after-own-date"))
        return out

    def _problem(self, document_id: int, mention: DateMention, problem: str) -> StoredFinding:
        kind = ("impossible-date" if problem.startswith("impossible")
                else "weekday-mismatch" if problem.startswith("weekday") else "note")
        severity = "info" if kind == "note" else "problem"
        return self.finding(document_id, severity, f"the date {mention.text}: {problem}",
                            **_evidence(mention), kind=kind, weekday=mention.weekday)


_DECL = re.compile(r"\bDECL(?:ASSIFY)?\b", re.IGNORECASE)


def _declassification(doc: DocumentInput, mention: DateMention) -> bool:
    """Whether the date follows ``DECL`` on its own line."""
    text = next((p.text for p in doc.pages if p.number == mention.page), "")
    line_start = text.rfind("\n", 0, mention.start) + 1
    return bool(_DECL.search(text[line_start:mention.start]))


def _evidence(mention: DateMention) -> dict[str, Any]:
    return {**span(mention.page, mention.start, mention.end, mention.text),
            "calendar": mention.calendar, "gregorian": mention.gregorian}
