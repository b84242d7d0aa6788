"""Typing fingerprints: how a document was typed, against the other documents of its station.

Per document (kept for the comparison): Arabic-keyboard letters ``ي`` ``ك`` against Persian
``ی`` ``ک``; the half-space habit (ZWNJ in ``می‌شود`` and ``گزارش‌ها``, against a space:
``می شود``, ``گزارش ها``); the digit family (Persian ``۰–۹``, Arabic-Indic ``٠–٩``, ASCII).
Across the case, documents are grouped by sender (the cable's ``from``, compared as the index
compares words) and language; a document whose habit differs from that of at least
:data:`MAJORITY` of its group's other documents (:data:`MIN_OTHERS` of them at least) is a
finding: a warning for letters and digits, information for the half-space habit (people's
habits drift more there).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from kavosh.store.verify import StoredFinding
from kavosh.text import index_text
from kavosh.verify.base import CaseInput, Check, DocumentInput, dominant, majority, share

ARABIC_LETTERS = "\u064a\u0643"  # ي ك
PERSIAN_LETTERS = "\u06cc\u06a9"  # ی ک
DIGITS = {"persian": "۰۱۲۳۴۵۶۷۸۹", "arabic-indic": "٠١٢٣٤٥٦٧٨٩", "ascii": "0123456789"}
MIN_LETTERS = 20
MIN_DIGITS = 5
MIN_JOINS = 3
MIN_OTHERS = 2
MAJORITY = 0.75
_JOINED = re.compile(r"(?:^|\s)(?:ن?می)\u200c|\u200c(?:ها|های|تر|ترین)(?=\s|$)")
_SPACED = re.compile(r"(?:^|\s)(?:ن?می) (?=[\u0600-\u06ff])|[\u0600-\u06ff] (?:ها|های)(?=\s|$)")
HABITS = ("letters", "digits", "half-space")


def profile(text: str) -> dict[str, Any]:
    """How ``text`` was typed: counts, and the habit each shows (None: too little text)."""
    arabic = sum(text.count(c) for c in ARABIC_LETTERS)
    persian = sum(text.count(c) for c in PERSIAN_LETTERS)
    digits = {name: sum(text.count(c) for c in chars) for name, chars in DIGITS.items()}
    joined, spaced = len(_JOINED.findall(text)), len(_SPACED.findall(text))
    first = next((i for i, c in enumerate(text) if c in ARABIC_LETTERS), None)
    return {
        "arabic_letters": arabic, "persian_letters": persian, "digits": digits,
        "zwnj_joins": joined, "space_joins": spaced, "first_arabic_letter": first,
        "letters": (("arabic" if share(arabic, arabic + persian) >= 0.5 else "persian")
                    if arabic + persian >= MIN_LETTERS else None),
        "digit_family": dominant(digits) if sum(digits.values()) >= MIN_DIGITS else None,
        "half-space": (("zwnj" if share(joined, joined + spaced) >= 0.5 else "space")
                       if joined + spaced >= MIN_JOINS else None),
    }


_KEYS = {"letters": "letters", "digits": "digit_family", "half-space": "half-space"}
_SEVERITY = {"letters": "warning", "digits": "warning", "half-space": "info"}
_SAID = {
    ("letters", "arabic"): "typed with Arabic-keyboard letters (ي ك)",
    ("letters", "persian"): "typed with Persian letters (ی ک)",
    ("half-space", "zwnj"): "joins word parts with a half-space (ZWNJ)",
    ("half-space", "space"): "writes a space where a half-space (ZWNJ) belongs",
}


def _said(habit: str, value: str) -> str:
    return _SAID.get((habit, value), f"writes {value} digits")


class FingerprintCheck(Check):
    name = "fingerprint"
    version = "1"
    title = "Typing fingerprints: letters, half-spaces and digits against the station's others"
    across_documents = True

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        data = profile(doc.text)
        data["page"] = doc.pages[0].number if doc.pages else None
        return data, []

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        groups: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        for doc, summary in case.documents.items():
            if summary.sender and data.get(doc) is not None:
                groups[(index_text(summary.sender), summary.language)].append(doc)
        found: list[StoredFinding] = []
        for (sender, _), members in groups.items():
            for doc in members:
                found += self._compare(doc, [d for d in members if d != doc], data,
                                       case.documents[doc].sender or sender)
        return found

    def _compare(self, doc: int, others: list[int], data: dict[int, Any],
                 sender: str) -> list[StoredFinding]:
        out = []
        for habit in HABITS:
            own = data[doc].get(_KEYS[habit])
            theirs = [data[o][_KEYS[habit]] for o in others if data[o].get(_KEYS[habit])]
            usual, part = majority(theirs)
            if own is None or usual is None or len(theirs) < MIN_OTHERS or part < MAJORITY \
                    or own == usual:
                continue
            message = (f"{_said(habit, own)}, while {sum(t == usual for t in theirs)} of "
                       f"{len(theirs)} other documents from {sender} {_said(habit, usual)}")
            evidence: dict[str, Any] = {
                "kind": f"{habit}-habit", "habit": habit, "this": own, "station": usual,
                "sender": sender, "counts": {k: data[doc][k] for k in (
                    "arabic_letters", "persian_letters", "digits", "zwnj_joins",
                    "space_joins")},
                "documents": [o for o in others if data[o].get(_KEYS[habit]) == usual][:20]}
            if habit == "letters" and own == "arabic" and data[doc]["first_arabic_letter"] \
                    is not None:
                evidence["first_arabic_letter"] = data[doc]["first_arabic_letter"]
            out.append(self.finding(doc, _SEVERITY[habit], message, **evidence))
        return out
