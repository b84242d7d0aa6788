"""Checks built on cable headers (:mod:`kavosh.text.cables`, :mod:`kavosh.cables`).

- ``header``: the cable reader's own findings about one header (a reference ID whose year is
  not the date's, a date-time group that contradicts the date line, a reference dated after
  the cable …), as the reader stored them;
- ``cable-links``: contradictions between cables (one citing a cable dated after it, one
  number carried by documents whose date, sender, recipient or subject differ);
- ``gaps``: cables cited that the case does not hold, a finding on every citing cable;
- ``serials``: holes in a station's serial numbers. A series is a station's code
  (``312`` of ``312/4880/ک``) or a US post and year (``88`` ``BAGHDAD`` of ``88BAGHDAD28``).
  Only a dense stretch of a series is judged — where the median of the :data:`WINDOW` steps
  on either side of a gap is at most :data:`DENSE_STEP`: a leak holding every third cable of
  a station says nothing about any one missing number, but a run 6001, 6002, 6003, 6005, 6006
  misses 6004. A hole (at most :data:`MAX_HOLE` serials) is a finding on the cables on either
  side of it, with the missing serials.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import defaultdict
from typing import Any

from kavosh.store.verify import StoredFinding
from kavosh.verify.base import CaseCheck, CaseInput, Check, DocumentInput

# The reader's findings that say the header contradicts itself; the rest are warnings.
HEADER_PROBLEMS = frozenset({"id-date-mismatch", "date-mismatch", "serial-mismatch",
                             "declassified-before-date", "date-before-marking"})
LINK_SEVERITY = {"cites-later-cable": "problem", "number-conflict": "warning"}
DENSE_STEP = 2  # a stretch whose median step is at most this is judged for holes
WINDOW = 3  # steps on either side of a gap that make its stretch
MAX_HOLE = 20  # a longer run of missing serials is a break in the series, not a hole
SHOWN_MISSING = 20
_US_NUMBER = re.compile(r"^(\d{2})([A-Z]+)(\d+)$")


class HeaderCheck(Check):
    name = "header"
    version = "1"
    title = "Header consistency: the cable reader's findings about one header"

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        if doc.cable is None:
            return None, []
        found = []
        for item in doc.cable.findings:
            severity = "problem" if item.check in HEADER_PROBLEMS else "warning"
            fields = [f for f in doc.cable.fields if f.name in item.fields]
            found.append(self.finding(
                doc.document_id, severity, item.message, kind=item.check,
                fields=[{"field": f.name, "raw": f.raw, "page": f.page, "start": f.start,
                         "end": f.end} for f in fields]))
        return None, found


class CableLinksCheck(CaseCheck):
    name = "cable-links"
    version = "1"
    title = "Contradictions between cables (a later cable cited, one number, two contents)"

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        return [self.finding(item.documents[0], LINK_SEVERITY.get(item.check, "warning"),
                             item.message, kind=item.check, fields=list(item.fields),
                             documents=list(item.documents[1:]))
                for item in case.links.findings()]


class GapsCheck(CaseCheck):
    name = "gaps"
    version = "1"
    title = "Archive gaps: cited cables the case does not hold"

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        return [self.finding(doc, "info", f"cites cable {gap.raw}, which the case does not hold",
                             kind="cited-cable-missing", number=gap.raw, key=gap.key,
                             cited_by=list(gap.cited_by))
                for gap in case.links.gaps() for doc in gap.cited_by]


def serial_of(number: str) -> tuple[str, int] | None:
    """``(series, serial)`` of a cable number's link key, None when it has no serial."""
    us = _US_NUMBER.match(number)
    if us:
        return f"{us.group(2)} {us.group(1)}", int(us.group(3))
    parts = number.split("/")
    digits = [p for p in parts if p.isdigit()]
    if len(digits) >= 2:
        return digits[0], int(digits[1])
    if len(digits) == 1:
        rest = [p for p in parts if not p.isdigit()]
        return "/".join(rest) or "-", int(digits[0])
    return None


class SerialsCheck(CaseCheck):
    name = "serials"
    version = "1"
    title = "Archive gaps: holes in each station's serial numbers"

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        found: list[StoredFinding] = []
        for series, cables in series_of(case).items():
            for (low, low_doc), (high, high_doc) in holes(cables):
                missing = list(range(low + 1, high))
                listed = ", ".join(map(str, missing[:SHOWN_MISSING]))
                more = f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING \
                    else ""
                message = (f"series {series}: {len(missing)} serial(s) missing between {low} "
                           f"and {high} ({listed}{more})")
                for doc, other in ((low_doc, high_doc), (high_doc, low_doc)):
                    found.append(self.finding(doc, "warning", message, kind="serial-hole",
                                              series=series, missing=missing[:SHOWN_MISSING],
                                              missing_count=len(missing), documents=[other]))
        return found


def series_of(case: CaseInput) -> dict[str, list[tuple[int, int]]]:
    """Series → ``(serial, document id)`` sorted by serial (one document per serial)."""
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for entry in case.links.cables():
        parsed = serial_of(entry.number) if entry.number else None
        if parsed is not None:
            series[parsed[0]].setdefault(parsed[1], entry.document_id)
    return {name: sorted(serials.items()) for name, serials in series.items()}


def holes(cables: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Neighbouring ``(serial, document)`` pairs with a hole between them, in a dense stretch
    of the series (see the module)."""
    steps = [b[0] - a[0] for a, b in itertools.pairwise(cables)]
    out = []
    for i, step in enumerate(steps):
        around = steps[max(0, i - WINDOW):i] + steps[i + 1:i + 1 + WINDOW]
        if 1 < step <= MAX_HOLE + 1 and len(around) >= 2 \
                and statistics.median(around) <= DENSE_STEP:
            out.append((cables[i], cables[i + 1]))
    return out
