"""One derivation of a document's values from its best pages.

Contract of :func:`derive`: given every layer of a document's pages, take each page's best text
(:func:`kavosh.model.best_pages`: a human correction over OCR over the extracted layer, never a
translation) and compute, from those texts only:

- the index text of each page (``kavosh.text.index_text``) — the one form the search index holds;
- the dates found in each page's raw text, as :class:`~kavosh.model.DateMention`;
- the paragraphs of each page, with the layer they were read from, their language (decided with
  their neighbours) and direction — the view shows these, it does not split pages again;
- the document's language: the language of most of its text, else the one the file declares;
- the name vocabulary (index tokens with their name keys), and the name-use evidence (on how
  many pages a token is used as a name: :func:`kavosh.text.derived.name_uses`);
- the cable header (:func:`kavosh.text.cables.read_cable`), each field with the layer of the
  page it was read from; None for a document that is no cable.

Reading (in the worker), OCR and re-indexing all call this one function, so a document's values
mean the same whichever stage produced its text, and a page has exactly one index entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from kavosh.model import (
    CableHeader,
    DateMention,
    Field,
    Finding,
    Layer,
    PageText,
    Paragraph,
    Producer,
    best_pages,
)
from kavosh.search import IndexedPage
from kavosh.search.cables import cable_tokens
from kavosh.search.fields import file_name
from kavosh.text import index_text
from kavosh.text.cables import READER_NAME, READER_VERSION, Cable, read_cable
from kavosh.text.derived import (
    DATES_ENGINE,
    DATES_VERSION,
    date_days,
    main_language,
    name_uses,
    page_dates,
    page_paragraphs,
    vocabulary,
)
from kavosh.text.numbers import joined_numbers

DATES = Producer(DATES_ENGINE, DATES_VERSION)


@dataclass(slots=True)
class Derived:
    """What :func:`derive` computes; ``pages`` are the best pages, ``index_texts`` one each."""

    pages: list[PageText]
    index_texts: list[str]
    dates: list[DateMention] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    language: str | None = None
    vocabulary: list[tuple[str, str]] = field(default_factory=list)
    name_uses: dict[str, int] = field(default_factory=dict)
    cable: CableHeader | None = None

    def entries(self, document_id: int, mime: str, path: str = "",
                metadata: Mapping[str, Any] | None = None) -> list[IndexedPage]:
        """The document's search index entries (see :func:`index_entries`)."""
        return index_entries(document_id, mime, self.language, self.pages, self.index_texts,
                             self.dates, self.cable, path, metadata)


def derive(pages: list[PageText], declared_language: str | None = None) -> Derived:
    """Derive a document's values from its pages (see the module's contract)."""
    best = best_pages(pages)
    texts = [index_text(page.text) for page in best]
    layers = {page.number: page.layer for page in best}
    dates = [DateMention.from_record(number, record, DATES)
             for number, record in page_dates(best)]
    rows = page_paragraphs(best)
    paragraphs = [Paragraph(number, layers[number], idx, start, end, language, direction)
                  for number, idx, start, end, language, direction in rows]
    return Derived(best, texts, dates, paragraphs, main_language(rows) or declared_language,
                   vocabulary(texts), name_uses([page.text for page in best], texts),
                   cable_header(read_cable(best), layers))


CABLES = Producer(READER_NAME, READER_VERSION)


def cable_header(cable: Cable | None, layers: dict[int, Layer]) -> CableHeader | None:
    """The reader's cable as stored: each field with the layer its page was read from and
    the reader's name and version."""
    if cable is None:
        return None
    fields = tuple(Field(f.name, f.raw, f.value, f.page, layers.get(f.page, Layer.EXTRACTED),
                         f.start, f.end, CABLES, dict(f.extra)) for f in cable.fields)
    findings = tuple(Finding(f.check, f.message, CABLES, tuple(f.fields))
                     for f in cable.findings)
    return CableHeader(cable.convention, fields, findings)


def index_texts(pages: list[PageText]) -> tuple[list[PageText], list[str]]:
    """The best pages and their index texts, for re-indexing without re-deriving."""
    best = best_pages(pages)
    return best, [index_text(page.text) for page in best]


def index_entries(document_id: int, mime: str, language: str | None, pages: list[PageText],
                  texts: list[str], dates: list[DateMention],
                  cable: CableHeader | None = None, path: str = "",
                  metadata: Mapping[str, Any] | None = None) -> list[IndexedPage]:
    """A document's search index entries: one per best page that holds words; each carries
    the whole document's values, so a filter selects documents: the dates it mentions as
    day numbers (``mentions:``), its own date (``date:``, :func:`document_day`), its path
    (``path:``, ``ext:``, ``file:``), its labels (:func:`labels`, and its long numbers'
    digits joined: :func:`kavosh.text.numbers.joined_numbers`), and its cable fields (``from:``,
    ``number:`` … see :mod:`kavosh.search.cables`)."""
    days = date_days(dates)
    tokens = cable_tokens([(f.name, f.value) for f in cable.fields]) if cable else ()
    own = document_day(cable, metadata or {}, pages, dates)
    names = labels(path, cable) + tuple(joined_numbers("\n".join(p.text for p in pages)))
    values = tuple((f.name, f.value) for f in cable.fields) if cable else ()
    return [IndexedPage(document_id, page.number, text, mime, language or "", days, tokens,
                        own, path, names, values)
            for page, text in zip(pages, texts, strict=True) if text]


# metadata keys of a document's own date, the most telling first (kavosh.model.metadata)
_MAIL_DATE = "date"
_FILE_DATES = ("created", "taken", "modified")
# A letter's dated header: a line near the top of its first page labelled as its date.
HEADER_CHARS = 600
_DATE_LABEL = re.compile(r"^\s*(?:تاریخ|مورخ|date|dated)\b\s*[:：]?\s*$", re.IGNORECASE)


def document_day(cable: CableHeader | None, metadata: Mapping[str, Any],
                 pages: Sequence[PageText] = (), dates: Sequence[DateMention] = ()) -> int | None:
    """The document's own date as a proleptic Gregorian ordinal, the first of: a cable's or
    letter's date field (read from its header, in either calendar), an e-mail's ``Date``, a
    dated header line near the top of the first page (``تاریخ: ۱۳۹۳/۰۹/۱۰``, ``Date: …``),
    when the file says it was created, taken or modified; None when none can be read. Dates
    the text merely mentions (a page footer, a declassification line) are not its date."""
    field = next((f for f in cable.fields if f.name == "date"), None) if cable else None
    candidates = [field.value] if field is not None else []
    candidates += [v for v in [metadata.get(_MAIL_DATE)] if isinstance(v, str)]
    candidates += [d.gregorian for d in [_dated_header(pages, dates)] if d and d.gregorian]
    candidates += [metadata[k] for k in _FILE_DATES if isinstance(metadata.get(k), str)]
    for value in candidates:
        day = _day(value)
        if day is not None:
            return day
    return None


def _dated_header(pages: Sequence[PageText], dates: Sequence[DateMention]) -> DateMention | None:
    """The first date of the first page within :data:`HEADER_CHARS` whose line reads as a
    date label up to it (``تاریخ:``, ``Date:``)."""
    if not pages:
        return None
    first = pages[0]
    for mention in sorted((d for d in dates if d.page == first.number), key=lambda d: d.start):
        if mention.start > HEADER_CHARS:
            break
        line = first.text[first.text.rfind("\n", 0, mention.start) + 1:mention.start]
        if _DATE_LABEL.match(line):
            return mention
    return None


def _day(value: str) -> int | None:
    """The day of an ISO 8601 date or date-time, or of an e-mail date (RFC 5322)."""
    try:
        return date.fromisoformat(value.strip()[:10]).toordinal()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().toordinal()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def labels(path: str, cable: CableHeader | None) -> tuple[str, ...]:
    """What names the document outside its text, each whole as index text: its file name
    with and without the extension (``08MADRID685.txt``, ``Minutes_2010-03``) and its
    reference number as written and as read (``08MADRID685``). A query typing one of them
    finds the document (``file:`` finds the words of a file name)."""
    name = file_name(path)
    forms = [name, name.rsplit(".", 1)[0]]
    number = next((f for f in cable.fields if f.name == "number"), None) if cable else None
    if number is not None:
        forms += [number.raw, number.value]
    return tuple(dict.fromkeys(t for t in (index_text(f) for f in forms) if t))
