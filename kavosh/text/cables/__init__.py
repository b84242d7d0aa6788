"""Cable headers: the fields a reporter reads a cable by (contract; the reader is being built).

:func:`read_cable` takes a document's pages and returns its :class:`Cable` (typed fields, each
with raw text, page and offsets) or None when the document is not a cable. The module that
implements it documents every form it knows (Persian and Arabic correspondence, US diplomatic
cables). :func:`reference_key` turns any spelling of a cable number into the key that links
a citing cable to the cited one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kavosh.model import PageText

READER_NAME = "kavosh.text.cables"
READER_VERSION = "1"

# Field names: one lowercase word each, used in storage, export, search (``from:``) and the UI.
# Values (``CableField.value``):
# - number, reference: ``reference_key`` of the raw text (``312/4880/ک``, ``04ANKARA348``);
# - date: ISO Gregorian day (``2014-11-16``), the find_dates record in ``extra["date"]``;
# - classification: the mark as a reader names it, Arabic letters of a Persian mark made
#   Persian (``سری``, ``خیلی محرمانه``, ``به‌کلی سری``; ``سري`` in Arabic letters; ``SECRET``);
#   caveats such as ``NOFORN`` are separate ``handling`` fields;
# - from (US cables): the post's name as the State Department lists it (``Embassy Tehran``,
#   ``Secretary of State``, ``Consulate Jerusalem``), the raw ``FM`` line kept in ``raw``;
# - other text fields: the raw text with runs of white space made one space and a trailing
#   ``: . ،`` dropped; letters as written (search folds them with kavosh.text.normalize).
FIELD_NAMES = (
    "number",  # the cable's own number / reference ID (value: canonical, see reference_key)
    "date",  # the cable's date (value: ISO Gregorian day; extra: the find_dates record)
    "time",  # a date-time group's time, when written (value: HH:MM, Zulu for US cables)
    "from",  # sender: a station, an embassy, an officer
    "to",  # recipient
    "copies",  # a copy / info addressee (one field each)
    "classification",  # value: canonical mark (سری, خیلی محرمانه, CONFIDENTIAL, SECRET …)
    "handling",  # handling caveats (NOFORN, سري وشخصي …)
    "precedence",  # فوری, آنی, IMMEDIATE, PRIORITY, ROUTINE …
    "subject",
    "reference",  # a cable this one cites (one field each; value: reference_key)
    "attachment",  # پیوست / attachments
    "signature",  # signature block
    "tags",  # US TAGS line
)


@dataclass(frozen=True, slots=True)
class CableField:
    """One header field: ``raw`` is ``page.text[start:end]`` of page number ``page``
    (1-based), ``value`` its normalised value, ``extra`` what else the reader knows
    (a date's record from :func:`kavosh.text.dates.find_dates`, a reference's key …)."""

    name: str
    raw: str
    value: str
    page: int
    start: int
    end: int
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Finding:
    """A contradiction inside one header (kept as found; verification builds on it):
    ``check`` a lowercase name (``id-date-mismatch`` …), ``message`` a plain sentence,
    ``fields`` the names of the fields involved."""

    check: str
    message: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cable:
    """A recognised cable header: ``convention`` is ``"fa"`` (Persian correspondence),
    ``"ar"`` (Arabic) or ``"us"`` (US diplomatic cable)."""

    convention: str
    fields: tuple[CableField, ...]
    findings: tuple[Finding, ...] = ()

    def first(self, name: str) -> CableField | None:
        """The first field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def every(self, name: str) -> list[CableField]:
        """Every field called ``name``, in page order."""
        return [f for f in self.fields if f.name == name]


def read_cable(pages: Sequence[PageText]) -> Cable | None:
    """The cable header found in ``pages`` (a document's best text, page by page), or None
    when the document is not a cable: no invented fields on a news article or an e-mail."""
    # INTERIM reader (dropped when the real one is merged): ``label: value`` lines of the
    # sample archive in Persian, Arabic and English; a cable needs a number and one more field.
    for page in pages:
        found: list[CableField] = []
        for match in _LINE.finditer(page.text):
            label = _fold(match.group(1)).upper()
            name = _LABELS.get(label)
            raw = match.group(2).strip()
            if name is None or not raw or (name != "reference" and _first(found, name)):
                continue
            if name != "number" and not found:  # the header starts at its number
                continue
            start = match.start(2) + match.group(2).index(raw)
            found.append(_field(name, raw, page.number, start))
        if _first(found, "number") and len(found) >= 2:
            return Cable("fa", tuple(found))
    return None


def reference_key(number: str) -> str:
    """The key two spellings of one cable number share (digit scripts, separators, leading
    zeros, Arabic letter variants, case): ``۳۱۲/۴۸۸۰/ک`` and ``312-4880-ک`` give one key, as do
    ``04ANKARA348`` and ``04ANKARA0348``."""
    # INTERIM: digits to ASCII, Latin station letters to Persian, leading zeros dropped.
    text = _fold(number).upper().translate(_DIGITS)
    for latin, persian in (("KH", "خ"), ("K", "ک"), ("S", "س"), ("M", "م")):
        text = re.sub(rf"(?<![A-Z]){latin}(?![A-Z])", persian, text)
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in re.split(r"[/\-\s.]+", text) if p]
    return "/".join(parts)


import re  # noqa: E402  (interim reader)

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LINE = re.compile(r"^[ \t\u200f\u200e]*([^:\n]{1,20}?)\s*:[ \t]*([^\n]*)$", re.MULTILINE)
_LABELS = {
    "شماره": "number", "تاریخ": "date", "از": "from", "به": "to", "موضوع": "subject",
    "طبقهبندی": "classification", "پیرو": "reference",
    "الرقم": "number", "التاریخ": "date", "من": "from", "الی": "to", "الموضوع": "subject",
    "التصنیف": "classification", "الاشاره": "reference",
    "NO.": "number", "DATE": "date", "FROM": "from", "TO": "to", "SUBJECT": "subject",
    "CLASSIFICATION": "classification", "REF": "reference",
}


def _fold(text: str) -> str:
    table = {"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0625": "\u0627", "\u0623": "\u0627",
             "\u0629": "\u0647", "\u0649": "\u06cc",
             "\u200c": ""}
    return "".join(table.get(c, c) for c in text.strip())


def _first(found: list[CableField], name: str) -> bool:
    return any(f.name == name for f in found)


def _field(name: str, raw: str, page: int, start: int) -> CableField:
    from kavosh.text.dates import find_dates

    value, extra = re.sub(r"\s+", " ", raw).rstrip(":.،"), {}
    if name in ("number", "reference"):
        value = reference_key(raw)
    elif name == "date":
        dates = [d for d in find_dates(raw) if d.gregorian is not None]
        if dates:
            value, extra = str(dates[0].to_json()["gregorian"]), {"date": dates[0].to_json()}
    return CableField(name, raw, value, page, start, start + len(raw), extra)
