"""US diplomatic cables as released in 2010: the routing header and the body's header lines.

The forms are documented in :mod:`kavosh.text.cables`; this module reads one page of text (the
routing header, if any, then the body) and returns its :class:`Cable` or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from kavosh.text.cables.fields import Cable, CableField, Finding, make_field
from kavosh.text.cables.keys import reference_key
from kavosh.text.cables.posts import compact, is_post, post_name, sender_post
from kavosh.text.cables.years import declassification_year, likely_year, mentioned_years
from kavosh.text.dates import find_dates

HEAD = 20_000  # the header of a cable sits in its first characters, however long INFO is

_CLASSES = {
    "UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED", "CONFIDENTIAL": "CONFIDENTIAL",
    "SECRET": "SECRET", "TOPSECRET": "TOP SECRET", "LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE",
}
# A stray or doubled first letter is forgiven (``SS E C R E T``, ``UUNCLAS``).
_CLASS = (r"[A-Za-z]?(?:(?:[A-Za-z] ){3,}[A-Za-z]\b|UNCLAS(?:SIFIED)?|CONFIDENTIAL|TOP\s+SECRET"
          r"|SECRET|LIMITED\s+OFFICIAL\s+USE)")
_HANDLING = (r"NOFORN|SIPDIS|SENSITIVE(?:\s+BUT\s+UNCLASSIFIED)?|FOR\s+OFFICIAL\s+USE\s+ONLY"
             r"|EXDIS|NODIS|LIMDIS|STADIS|NOCONTRACT|ORCON|PROPIN|EFTO|REL\s+TO\s+[A-Z ,]+")
# The body's first line: classification, caveat, section, post, serial.
_SERIAL_LINE = re.compile(
    rf"^[ \t]*(?P<cls>{_CLASS})(?:\s*//\s*|[ \t]+)?(?:(?P<cav>NOFORN|EFTO|SENSITIVE)[ \t]+)?"
    r"(?:SECTION[ \t]+(?P<sec>\d+)[ \t]+OF[ \t]+(?P<of>\d+)[ \t]+)?"
    r"(?P<post>[A-Za-z][A-Za-z .'-]*?)[ \t]+(?P<serial>\d{2,7})"
    # the line ends, or (a release that lost its line breaks) runs on into the header's next
    # line after two spaces: ``MOSCOW 000228  SIPDIS  STATE FOR …``
    r"(?:[ \t]*$|[ \t]{2,}(?=(?-i:[A-Z]{2,}\b)))",
    re.M | re.I,
)
_CLASS_ONLY = re.compile(rf"^[ \t]*(?P<cls>{_CLASS})[ \t]*$", re.M | re.I)
# After the group, a correction note may follow (``ZDK …``).
_DTG_LINE = re.compile(
    r"^[ \t]*(?P<prec>[ZOPR](?:[ \t]?[ZOPR])?)[ \t]+"
    r"(?P<dtg>\d{6}Z[ \t]?[A-Z][A-Za-z]{2}[ \t]?\d{2,4})(?:[ \t]+\S.*)?[ \t]*$",
    re.M,
)
# A date-time group alone on its line, without precedence, above the serial line: how some
# partial extracts keep their date (``141216Z Jul 05``).
_BARE_DTG = re.compile(r"^[ \t]*(?P<dtg>\d{6}Z[ \t]?[A-Z][A-Za-z]{2}[ \t]?\d{2,4})[ \t]*$", re.M)
_DATE_LINE = re.compile(
    r"^[ \t]*(?P<date>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} [A-Z][a-z]+ \d{4})"
    r", (?P<time>\d{2}:\d{2})[ \t]*$",
    re.M,
)
_FM = re.compile(r"^FM[ \t]+(?P<v>\S.*?)[ \t]*$", re.M)
_TO = re.compile(r"^TO[ \t]+(?P<v>\S.*?)[ \t]*$", re.M)
_INFO = re.compile(r"^INFO[ \t]+(?P<v>\S.*?)[ \t]*$", re.M)
_DE = re.compile(r"^DE[ \t]+[A-Z]{3,6}[ \t]+#(?P<serial>\d{2,5})(?:/\d+)?[ \t]+\d{7}", re.M)
_ADDRESSEE = re.compile(r"^[ \t]*(?:[A-Z0-9]{3,8}/)?[A-Z][A-Z0-9 ./&()',-]*[ \t]*$")
_ROUTING = re.compile(r"^[ \t]*(?:[A-Z0-9]{3,8}/)?")
_PRECEDENCE_TAIL = re.compile(
    r"(?:[ \t]+(?:NIACT[ \t]+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE|FLASH|NIACT))?"
    r"(?:[ \t]+\d+)?[ \t]*$"
)
_PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
# A line that starts with a caveat (``NOFORN``, ``NOFORN SIPDIS``, ``NOFORN, NOT FOR …``).
_HANDLING_LINE = re.compile(rf"^[ \t]*(?:{_HANDLING})\b.*$", re.M | re.I)
_HANDLING_WORD = re.compile(rf"\b(?:{_HANDLING})\b", re.I)
_EO = re.compile(r"(?:^|(?<=[ \t]))[ \t]*E\.?[ \t]?O\.?[ \t]*12958\b:?(?P<v>.*)$", re.M | re.I)
_TAGS = re.compile(r"^[ \t]*TAGS:?[ \t]+(?P<v>\S.*?)[ \t]*$", re.M | re.I)
_SUBJECT = re.compile(r"^[ \t]*SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<v>\S.*?)[ \t]*$", re.M | re.I)
_REF = re.compile(r"^[ \t]*REFS?\b[ \t]*(?:[A-Z][ \t]*)?:?[ \t]*(?P<v>\S.*?)[ \t]*$", re.M)
_ID_LINE = re.compile(
    r"^[ \t]*(?:Reference ID|Canonical ID|Document Number)[ \t]*:?[ \t]*"
    r"(?P<v>(?:19|20)?\d{2}[A-Z]{3,}\d+)\b", re.M | re.I
)
# Lines that end a SUBJECT or REF block.
_BLOCK_END = re.compile(
    r"^[ \t]*(?:$|REFS?\b|Classified|CLASSIFIED|¶|\(?[A-Z]{1,3}\)|\d+\.|Summary|SUMMARY"
    r"|[A-Z][A-Z .]+ \d{8} +\d{3}\.\d+ OF \d{3}|E\.?O\.?|TAGS|Sensitive|SENSITIVE|[-=]{3,})"
)
_PAGE_MARK = re.compile(r"[A-Z][A-Z .]+ \d{8} +\d{3}\.\d+ OF \d{3}")
_CITED = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<year>\d{4}|\d{2})[ \t]+)?"
    r"(?P<post>[A-Z]{2}[A-Z']*(?:[ \t][A-Z]{2}[A-Z']*){0,3})"
    r"[ \t]+(?P<serial>\d{1,6})(?![\d/])"
)
_PARAGRAPH_MARK = re.compile(
    r"(?:^|¶)[ \t]*\d+\.[ \t]*\((?P<mark>TS|S|C|U|SBU)(?:/+[A-Z]+)?\)", re.M
)
_RANK = {"U": 0, "SBU": 0, "C": 1, "S": 2, "TS": 3}
_MARK_CLASS = {"U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET",
               "TS": "TOP SECRET"}
_CLASS_RANK = {"UNCLASSIFIED": 0, "LIMITED OFFICIAL USE": 0, "CONFIDENTIAL": 1, "SECRET": 2,
               "TOP SECRET": 3}
_ZNY = re.compile(r"^ZN[YR][ \t]+(?P<v>([SCUT])\2{4})\b", re.M)
_ZNY_CLASS = {"S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "T": "TOP SECRET"}
_REDACTION = re.compile(r"[Xx]{5,}")
_SIGNATURE = re.compile(r"\n[ \t]*(?P<v>[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})[ \t]*\s*$")
_EO_SINCE = date(1995, 4, 17)  # E.O. 12958 was signed on this day
# The page header of a cable as the 1970s databases release it (``PAGE 01 TEHRAN 05055
# 221015Z``), repeated on every page under the previous page's classification footer.
_PAGE_LINE = re.compile(
    r"^[ \t]*PAGE[ \t]+(?P<page>\d{2,3})[ \t]+(?P<post>[A-Z][A-Z .'-]*?)[ \t]+"
    r"(?P<serial>\d{2,7})[ \t]+\d{6}Z[ \t]*$",
    re.M,
)
_CLASS_FOOTER = re.compile(rf"(?:\n[ \t]*(?:{_CLASS})?[ \t]*)*\Z", re.I)
# What follows the signature at the end of a cable: transmission ends, classification footer.
_CLOSING = re.compile(rf"(?:\n[ \t]*(?:NNN|BT|#\d+|{_CLASS})?[ \t]*)*\s*\Z")


def _classification(written: str) -> str | None:
    """The mark of a serial line, forgiving a lost or doubled letter (``E C R E T``,
    ``UUNCLAS``)."""
    letters = re.sub(r"[^A-Z]", "", written.upper())
    if letters in _CLASSES:
        return _CLASSES[letters]
    for tail, mark in (("UNCLAS", "UNCLASSIFIED"), ("ONFIDENTIAL", "CONFIDENTIAL"),
                       ("ECRET", "SECRET")):
        if tail in letters and len(letters) <= len(tail) + 3:
            return "TOP SECRET" if letters.startswith("TOP") else mark
    return None


class _Reader:
    """Collects the fields of one page; ``text`` is the page text."""

    def __init__(self, page: int, text: str) -> None:
        self.page = page
        self.text = text
        self.head = _without_page_headers(text[:HEAD])
        self.fields: list[CableField] = []
        self.findings: list[Finding] = []

    def add(self, name: str, start: int, end: int, value: str | None = None,
            **extra: object) -> CableField:
        found = make_field(name, self.page, self.text, start, end, value, extra)
        self.fields.append(found)
        return found

    def first(self, name: str) -> CableField | None:
        return next((f for f in self.fields if f.name == name), None)

    def finding(self, check: str, message: str, *fields: str) -> None:
        self.findings.append(Finding(check, message, fields))


def _without_page_headers(head: str) -> str:
    """``head`` with the headers of pages 2 and on (and the classification footer above
    each) made spaces, the blank lines after them dropped, so that a SUBJECT or REF line
    broken by a page runs on; offsets are kept (one character for one)."""
    if "PAGE" not in head:  # most cables: the line scan below is the costly part
        return head
    parts: list[str] = []
    done = 0
    for found in _PAGE_LINE.finditer(head):
        if int(found["page"]) < 2:
            continue
        footer = _CLASS_FOOTER.search(head, 0, found.start())
        start = footer.start() if footer is not None else found.start()
        end = found.end()
        while end < len(head) and head[end] == "\n" and head[end + 1:end + 2] in ("\n", " "):
            nxt = head.find("\n", end + 1)
            if nxt < 0 or head[end + 1:nxt].strip():
                break
            end = nxt
        parts.append(head[done:start])
        parts.append(re.sub(r"\S|\n", " ", head[start:end]))
        done = end
    parts.append(head[done:])
    return "".join(parts)


def read_us(page: int, text: str) -> Cable | None:
    """The US cable header of ``text`` (page number ``page``), or None when it has neither a
    routing header (a date-time group and an FM line), nor a classification serial line
    followed by E.O., TAGS or SUBJECT lines, nor all three of these lines."""
    reader = _Reader(page, text)
    head = reader.head
    dtg = _DTG_LINE.search(head)
    serial = _SERIAL_LINE.search(head)
    if serial is not None and _classification(serial["cls"]) is None:
        serial = None
    fm = _fm_line(head, serial)
    marks = sum(1 for rx in (_EO, _TAGS, _SUBJECT) if rx.search(head))
    routed = dtg is not None and fm is not None
    if (not routed and not (serial is not None and marks >= 1) and not (fm and marks >= 2)
            and marks < 3):  # E.O. 12958, TAGS and SUBJECT lines: a body that lost its first line
        return None
    if dtg is None and serial is not None:
        dtg = _BARE_DTG.search(head, 0, serial.start())
    _date(reader, dtg)
    _routing(reader, fm, dtg)
    cls_line = serial or _first_class_line(head)
    _classification_fields(reader, cls_line)
    numbered = serial or _PAGE_LINE.search(head)  # the page header numbers an old cable too
    _number(reader, numbered, fm)
    _lines(reader)
    _signature(reader)
    _checks(reader, numbered, fm)
    return Cable("us", tuple(sorted(reader.fields, key=lambda f: f.start)), tuple(reader.findings))


def _fm_line(head: str, serial: re.Match[str] | None) -> re.Match[str] | None:
    """The routing header's FM line: in capitals like every routing line, and before the
    body's serial line — a paragraph starting ``FM Lavrov said`` (a foreign minister) is
    not one."""
    end = serial.start() if serial is not None else len(head)
    return next((found for found in _FM.finditer(head, 0, end)
                 if not any(c.islower() for c in found["v"])), None)


def _first_class_line(head: str) -> re.Match[str] | None:
    found = _CLASS_ONLY.search(head)
    return found if found is not None and _classification(found["cls"]) else None


def _date(reader: _Reader, dtg: re.Match[str] | None) -> None:
    """date and time from the date-time group (with its precedence, or alone on its line above
    the serial line), else from the date line of a partial extract."""
    if dtg is not None:
        for found in find_dates(dtg["dtg"]):
            if found.gregorian is not None and found.form == "dtg":
                start = dtg.start("dtg")
                reader.add("date", start + found.start, start + found.end,
                           found.gregorian.isoformat(), date=found.to_json())
                if found.time:
                    reader.add("time", start + found.start, start + found.end, found.time)
                if "prec" in dtg.re.groupindex:
                    reader.add("precedence", dtg.start("prec"), dtg.end("prec"),
                               _PRECEDENCE[dtg["prec"][0]])
                return
    line = _DATE_LINE.search(reader.head)
    if line is not None:
        found_dates = [d for d in find_dates(line["date"]) if d.precision == "day" and d.gregorian]
        if found_dates:
            found = found_dates[0]
            start = line.start("date")
            reader.add("date", start + found.start, start + found.end,
                       found.gregorian.isoformat() if found.gregorian else "",
                       date=found.to_json())
            reader.add("time", line.start("time"), line.end("time"), line["time"])


def _routing(reader: _Reader, fm: re.Match[str] | None, dtg: re.Match[str] | None) -> None:
    """from, to and copies (INFO) of the routing header."""
    if fm is None:
        return
    token, name = sender_post(fm["v"])
    reader.add("from", fm.start("v"), fm.end("v"), name or fm["v"].strip(), post=token)
    for label, rx in (("to", _TO), ("copies", _INFO)):
        found = rx.search(reader.head, fm.end())
        if found is None:
            continue
        _addressees(reader, label, found.start("v"))


def _addressees(reader: _Reader, name: str, start: int) -> None:
    """One field per addressee line from ``start`` until a line that is not one."""
    text = reader.head
    pos = start
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if (not line.strip() or not _ADDRESSEE.match(line) or line.startswith(("INFO ", "BT"))
                or (pos != start and (_SERIAL_LINE.match(line) or _CLASS_ONLY.match(line)))):
            break
        lead = _ROUTING.match(line)
        tail = _PRECEDENCE_TAIL.search(line)
        a = pos + (lead.end() if lead else 0)
        b = pos + (tail.start() if tail else len(line))
        if b > a:
            post = sender_post(text[a:b])[1]
            extra = {"post": post} if post else {}
            reader.add(name, a, b, **extra)
        pos = end + 1


def _classification_fields(reader: _Reader, line: re.Match[str] | None) -> None:
    """classification (body's first line) and handling caveats (the lines that follow it)."""
    if line is None:
        _transmission_class(reader)
        return
    value = _classification(line["cls"]) or ""
    marks = _mark_counts(_PARAGRAPH_MARK.finditer(reader.text))
    reader.add("classification", line.start("cls"), line.end("cls"), value,
               paragraph_marks=marks, redactions=len(_REDACTION.findall(reader.text)))
    if "cav" in line.re.groupindex and line["cav"]:
        reader.add("handling", line.start("cav"), line.end("cav"), line["cav"].upper())
    stop = _first_start(reader.head, line.end(), (_EO, _TAGS, _SUBJECT))
    seen = {f.value for f in reader.fields if f.name == "handling"}
    for found_line in _HANDLING_LINE.finditer(reader.head, line.end(), stop):
        for found in _HANDLING_WORD.finditer(reader.head, found_line.start(), found_line.end()):
            value = re.sub(r"\s+", " ", found.group(0).upper())
            if value not in seen:
                seen.add(value)
                reader.add("handling", found.start(), found.end(), value)
    if marks and value:
        top = max(marks, key=lambda m: _RANK[m])
        cable_rank = _CLASS_RANK.get(reader.first("classification").value, 0)  # type: ignore[union-attr]
        if _RANK[top] > cable_rank:
            reader.finding("paragraph-above-classification",
                           f"a paragraph is marked ({top}), above the cable's classification",
                           "classification")


def _transmission_class(reader: _Reader) -> None:
    """With no serial line, the classification the routing header was sent under
    (``ZNY SSSSS``: secret, ``CCCCC`` confidential, ``UUUUU`` unclassified); without that
    line either (a body that lost its first lines), the highest paragraph mark, as E.O. 12958
    marks a document by its highest portion (``extra["source"]`` says so)."""
    found = _ZNY.search(reader.head)
    if found is not None:
        reader.add("classification", found.start("v"), found.end("v"), _ZNY_CLASS[found["v"][0]])
        return
    marks = list(_PARAGRAPH_MARK.finditer(reader.text))
    if not marks:
        return
    top = max(marks, key=lambda m: _RANK[m["mark"]])  # the first of the highest
    reader.add("classification", top.start("mark") - 1, top.end(), _MARK_CLASS[top["mark"]],
               paragraph_marks=_mark_counts(marks), redactions=len(_REDACTION.findall(reader.text)),
               source="paragraph marks")


def _mark_counts(marks: Iterable[re.Match[str]]) -> dict[str, int]:
    """How many paragraphs carry each mark (``{"C": 4, "S": 1}``)."""
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark["mark"]] = counts.get(mark["mark"], 0) + 1
    return counts


def _first_start(text: str, pos: int, patterns: tuple[re.Pattern[str], ...]) -> int:
    starts = [m.start() for rx in patterns if (m := rx.search(text, pos))]
    return min(starts, default=min(len(text), pos + 600))


def _year(reader: _Reader) -> tuple[int | None, str]:
    """The cable's year and where it comes from: its date, else the year most likely given
    its declassification date, the years it mentions and those of the cables it cites
    (:func:`kavosh.text.cables.years.likely_year`)."""
    dated = reader.first("date")
    if dated is not None:
        return int(dated.value[:4]), "date"
    eo = _EO.search(reader.head)
    declassified = declassification_year(eo["v"]) if eo else None
    if eo is None or declassified is None:
        return None, ""
    mentioned = mentioned_years(reader.text[:eo.start()] + reader.text[eo.end():])
    span = _ref_span(reader.head)
    cited = ([_full_year(c["year"]) for c in _CITED.finditer(reader.head, *span) if c["year"]]
             if span else [])
    year = likely_year(declassified, mentioned, cited)
    return (year, "declassification date") if year is not None else (None, "")


def _number(reader: _Reader, serial: re.Match[str] | None, fm: re.Match[str] | None) -> None:
    """number: year, post and serial (``04ANKARA348``); an explicit Reference ID line wins."""
    explicit = _ID_LINE.search(reader.head)
    year, source = _year(reader)
    if explicit is not None:
        key = reference_key(explicit["v"])
        reader.add("number", explicit.start("v"), explicit.end("v"), key)
        if year is not None and source == "date" and key[:2] != f"{year % 100:02d}":
            reader.finding("id-date-mismatch",
                           f"the reference ID {explicit['v']} names the year "
                           f"{explicit['v'][:2]}, the date field {year}", "number", "date")
        return
    de = _DE.search(reader.head)
    fm_token = sender_post(fm["v"])[0] if fm else ""
    if serial is not None and (not fm_token or _same_post(serial["post"], fm_token)):
        post, number = compact(serial["post"]), serial["serial"]
        start, end = serial.start("post"), serial.end("serial")
    elif fm_token and (de or serial):
        post = fm_token
        number = de["serial"] if de else serial["serial"]  # type: ignore[index]
        where = de.span("serial") if de else (serial.start("post"), serial.end("serial"))  # type: ignore[union-attr]
        start, end = where
    else:
        return
    key = reference_key(f"{year % 100:02d}{post}{int(number)}" if year is not None
                        else f"{post}{int(number)}")
    extra = {"year_from": source} if year is not None else {"year_from": "unknown"}
    reader.add("number", start, end, key, **extra)
    if reader.first("from") is None and serial is not None:
        name = post_name(serial["post"])
        reader.add("from", serial.start("post"), serial.end("post"),
                   name or serial["post"].strip().title(), post=compact(serial["post"]))
    elif serial is not None and fm_token and _same_post(serial["post"], fm_token):
        better = post_name(serial["post"])
        current = reader.first("from")
        if better and current is not None and compact(serial["post"]) != fm_token \
                and compact(serial["post"]).endswith(fm_token):
            reader.fields[reader.fields.index(current)] = CableField(
                "from", current.raw, better, current.page, current.start, current.end,
                current.extra)


def _same_post(written: str, token: str) -> bool:
    mine = compact(written)
    return mine == token or mine.endswith(token) or token.endswith(mine)


def _lines(reader: _Reader) -> None:
    """tags, subject and reference lines."""
    head = reader.head
    tags = _TAGS.search(head)
    if tags is not None:
        reader.add("tags", tags.start("v"), tags.end("v"))
    subject = _SUBJECT.search(head)
    if subject is not None:
        end = _block_end(head, subject)
        value = re.sub(r"\s+", " ", _PAGE_MARK.sub(" ", head[subject.start("v"):end])).strip()
        reader.add("subject", subject.start("v"), end, value)
        mark = re.match(r"\((?P<m>[A-Z]+//?NF)\)", value)
        if mark and not any(f.value == "NOFORN" for f in reader.fields if f.name == "handling"):
            start = subject.start("v")
            reader.add("handling", start, start + len(mark.group(0)), "NOFORN")
    span = _ref_span(head)
    if span is not None:
        _references(reader, *span)


def _ref_span(head: str) -> tuple[int, int] | None:
    """Where the REF block's value starts and ends (after the SUBJECT line, close to it)."""
    subject = _SUBJECT.search(head)
    ref = _REF.search(head, subject.end() if subject else 0)
    if ref is None or (subject is not None and ref.start() - subject.end() >= 1500):
        return None
    return ref.start("v"), _block_end(head, ref)


def _block_end(head: str, found: re.Match[str]) -> int:
    """Where a labelled block that may run over several lines ends."""
    end = found.end("v")
    pos = found.end()
    while pos < len(head) and head[pos] == "\n":
        nxt = head.find("\n", pos + 1)
        nxt = len(head) if nxt < 0 else nxt
        line = head[pos + 1:nxt]
        if _BLOCK_END.match(line) and not re.match(r"^[ \t]*¶?[A-Z]\.[ \t]", line):
            break
        if found.re is _SUBJECT and re.match(r"^[ \t]*¶?[A-Z]\.[ \t]", line):
            break
        end = pos + 1 + len(line.rstrip())
        pos = nxt
    return end


def _references(reader: _Reader, start: int, end: int) -> None:
    """One reference per cited cable (``05 NAIROBI 2243``, ``BERLIN 1681`` of this year)."""
    year, _ = _year(reader)
    for cited in _CITED.finditer(reader.head, start, end):
        post = cited["post"]
        if not is_post(post):
            words = post.split()
            while words and not is_post(" ".join(words)):
                words = words[1:]
            if not words:
                continue
            post = " ".join(words)
        written_year = cited["year"]
        own = f"{year % 100:02d}" if year is not None else ""
        yy = written_year[-2:] if written_year else own
        first = cited.start("year") if written_year else cited.end("post") - len(post)
        key = reference_key(f"{yy}{compact(post)}{int(cited['serial'])}")
        reader.add("reference", first, cited.end(), key)
        if written_year and year is not None and _full_year(written_year) > year:
            reader.finding("reference-after-date",
                           f"the cable cites {cited.group(0).strip()}, from a year after its own "
                           f"date ({year})", "reference", "date")


def _full_year(written: str) -> int:
    value = int(written)
    if value >= 100:
        return value
    return 1900 + value if value >= 40 else 2000 + value


def _signature(reader: _Reader) -> None:
    closing = _CLOSING.search(reader.text, max(0, len(reader.text) - 400))
    tail_end = closing.start() if closing is not None else len(reader.text)
    found = _SIGNATURE.search(reader.text, max(0, tail_end - 200), tail_end)
    after = max((f.end for f in reader.fields), default=0)
    if (found is not None and found.start("v") > after and found["v"].isupper()
            and len(found["v"]) <= 40):
        reader.add("signature", found.start("v"), found.end("v"))


def _checks(reader: _Reader, serial: re.Match[str] | None, fm: re.Match[str] | None) -> None:
    """Contradictions inside the header: sender and serial line, serials, dates."""
    if serial is not None and fm is not None:
        token = sender_post(fm["v"])[0]
        if token and not _same_post(serial["post"], token):
            reader.finding("post-mismatch",
                           f"the routing header is from {fm['v'].strip()}, the serial line names "
                           f"{serial['post'].strip()} {serial['serial']}", "from", "number")
        de = _DE.search(reader.head)
        if (de is not None and token and _same_post(serial["post"], token)
                and int(de["serial"]) != int(serial["serial"])):
            reader.finding("serial-mismatch",
                           f"the routing header gives serial {de['serial']}, the serial line "
                           f"{serial['serial']}", "number")
    dated = reader.first("date")
    line = _DATE_LINE.search(reader.head)
    if dated is not None and line is not None and line.start("date") != dated.start:
        other = [d for d in find_dates(line["date"]) if d.gregorian]
        day = date.fromisoformat(dated.value)
        if other and other[0].gregorian and abs((other[0].gregorian - day).days) > 1:
            reader.finding("date-mismatch",
                           f"the date line says {line['date']}, the date-time group {dated.value}",
                           "date")
    eo = _EO.search(reader.head)
    declassified = declassification_year(eo["v"]) if eo else None
    if dated is not None and declassified is not None:
        day = date.fromisoformat(dated.value)
        if day < _EO_SINCE:
            reader.finding("date-before-marking",
                           f"dated {dated.value} but marked under E.O. 12958, signed in 1995",
                           "date")
        elif declassified < day.year:
            reader.finding("declassified-before-date",
                           f"to be declassified in {declassified}, before its date {dated.value}",
                           "date")
