"""The types of a cable header (re-exported by :mod:`kavosh.text.cables`, which documents them)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

READER_NAME = "kavosh.text.cables"
READER_VERSION = "4"  # 4: a bare date-time group, a run-on serial line, paragraph marks

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


_SPACES = re.compile(r"\s+")
_TRAILING = ":.،؛;,"


def clean(raw: str) -> str:
    """The value of a free-text field: runs of white space made one space, a trailing
    ``: . ، ;`` dropped (the contract of ``CableField.value``)."""
    return _SPACES.sub(" ", raw).strip().rstrip(_TRAILING).strip()


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` moved inwards past white space and a trailing ``: . ، ;`` so that a
    field's ``raw`` is the value as written and nothing around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return start, end


def make_field(name: str, page: int, text: str, start: int, end: int, value: str | None = None,
               extra: Mapping[str, Any] | None = None) -> CableField:
    """The field ``name`` whose raw text is ``text[start:end]`` (white space and a trailing
    punctuation mark trimmed); ``value`` defaults to the cleaned raw text."""
    start, end = trimmed(text, start, end)
    raw = text[start:end]
    return CableField(name, raw, clean(raw) if value is None else value, page, start, end,
                      dict(extra or {}))
