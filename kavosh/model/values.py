"""Values derived from a document's text, each knowing where it came from.

Every value here is tied to a page (1-based), a layer of that page's text and raw offsets into
that layer's text (``text[start:end]`` is what was read), and names its *producer* — the code
or engine that made it, with a version — so any figure in an export can be traced back to its
characters and re-made when the producer changes. These are the only shapes the store, the
pipeline, the views and the export exchange for these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kavosh.model.layers import Layer


@dataclass(frozen=True, slots=True)
class Producer:
    """What made a value: a lowercase name (``kavosh.text.dates``, ``tesseract``) and its
    version."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Word:
    """A recognised word on a page image: its box in page-image pixels, the engine's
    confidence (0–100), its line in reading order, its offsets in the page's text (-1 when it
    could not be placed) and whether a reader must check it (unsure, or holds a digit)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: int
    start: int = -1
    end: int = -1
    unverified: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of one page's layer: its offsets, its language (ISO 639-3, ``und`` when
    undecided, decided with its neighbours) and the direction it is shown in."""

    page: int
    layer: Layer
    idx: int
    start: int
    end: int
    language: str
    direction: str  # "rtl" or "ltr"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a page's text, in its own calendar and as Gregorian days.

    ``gregorian`` is the ISO first day of the period (None for an impossible date such as
    1393/12/30), ``gregorian_end`` its last day; ``precision`` is ``day``, ``month`` or
    ``year``; ``form`` says which written form matched; ``problems`` lists what is wrong
    with it (an impossible day, a weekday that does not match).
    """

    page: int
    start: int
    end: int
    text: str
    calendar: str  # jalali, hijri, gregorian
    gregorian: str | None
    gregorian_end: str | None
    precision: str
    year: int
    month: int | None
    day: int | None
    producer: Producer
    time: str | None = None
    weekday: str | None = None
    problems: tuple[str, ...] = ()
    form: str = ""

    @classmethod
    def from_record(cls, page: int, record: dict[str, Any], producer: Producer) -> DateMention:
        """From a date finder's JSON record (``FoundDate.to_json()``)."""
        return cls(
            page=page, start=record["start"], end=record["end"], text=record["text"],
            calendar=record["calendar"], gregorian=record["gregorian"],
            gregorian_end=record.get("gregorian_end"), precision=record["precision"],
            year=record["year"], month=record.get("month"), day=record.get("day"),
            producer=producer, time=record.get("time"), weekday=record.get("weekday"),
            problems=tuple(record.get("problems", ())), form=record.get("form", ""),
        )

    def record(self) -> dict[str, Any]:
        """The finder's record (what :meth:`from_record` reads), without page and producer."""
        return {
            "start": self.start, "end": self.end, "text": self.text, "calendar": self.calendar,
            "gregorian": self.gregorian, "precision": self.precision, "year": self.year,
            "month": self.month, "day": self.day, "time": self.time, "weekday": self.weekday,
            "problems": list(self.problems), "form": self.form,
            "gregorian_end": self.gregorian_end,
        }

    def to_json(self) -> dict[str, Any]:
        """As exported: the page, the record, then the producer as ``engine`` and
        ``engine_version``."""
        return {"page": self.page, **self.record(), "engine": self.producer.name,
                "engine_version": self.producer.version}


@dataclass(frozen=True, slots=True)
class Field:
    """A named value read from a document (a cable's number, date, sender …): the raw text as
    written, its normalised value, and where it stands."""

    name: str
    raw: str
    value: str
    page: int
    layer: Layer
    start: int
    end: int
    producer: Producer
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names something: a person, an organisation, a place (``PER``,
    ``ORG``, ``LOC``) or an identifier (a phone number, an e-mail address …), with the
    finder's score (0–1)."""

    type: str
    text: str
    page: int
    layer: Layer
    start: int
    end: int
    producer: Producer
    score: float = 1.0
    value: str = ""  # the normalised form the finder resolved it to, when it did


@dataclass(frozen=True, slots=True)
class Finding:
    """Something to verify, kept as found: ``check`` a lowercase name (``id-date-mismatch``,
    ``cites-later-cable`` …), ``message`` a plain sentence, ``fields`` the field names
    involved, ``documents`` the other documents involved (a contradiction across documents),
    ``producer`` what found it."""

    check: str
    message: str
    producer: Producer
    fields: tuple[str, ...] = ()
    documents: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CableHeader:
    """A document's cable header as stored: its convention (``fa``, ``ar``, ``us``), its
    fields in header order (each with page, layer, offsets and the reader that read it) and
    the reader's findings about the header itself."""

    convention: str
    fields: tuple[Field, ...]
    findings: tuple[Finding, ...] = ()

    def first(self, name: str) -> Field | None:
        """The first field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def every(self, name: str) -> list[Field]:
        """Every field called ``name``, in header order."""
        return [f for f in self.fields if f.name == name]
