"""Persian and Arabic correspondence (and English working translations of it): labelled header
fields in lines, table rows or two columns. The forms are documented in
:mod:`kavosh.text.cables`; the labels and marks are ``kavosh/text/data/cable_marks.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kavosh.model import PageText
from kavosh.text.cables.fields import Cable, CableField, Finding, make_field, trimmed
from kavosh.text.cables.keys import reference_key
from kavosh.text.data import load
from kavosh.text.dates import FoundDate, find_dates, fold

_DATA = load("cable_marks.toml")
_MARKS: dict[str, dict[str, str]] = dict(_DATA["marks"])
_LABELS: dict[str, list[str]] = {k: v for k, v in _DATA["labels"].items() if k != "arabic"}
_ARABIC = {re.sub(r"\s+", "", label) for label in _DATA["labels"]["arabic"]}
HEAD_LINES = 40  # a header sits in the first lines of the first page
_FREE_TEXT = frozenset({"from", "to", "copies", "subject", "attachment"})


_HARAKAT = "[\u064b-\u0652]*"  # Arabic short vowels and tanween, written or not


def _label_pattern(label: str) -> str:
    return r"\s*".join(_HARAKAT.join(re.escape(ch) for ch in part) + _HARAKAT
                       for part in label.split())


_LABEL_OF = {re.sub(r"\s+", "", label).upper(): name
             for name, labels in _LABELS.items() for label in labels}
_ANY_LABEL = "|".join(sorted((_label_pattern(lb) for lbs in _LABELS.values() for lb in lbs),
                             key=len, reverse=True))
# A label at the start of a cell: then a colon (strong), the end of the cell (a table: the
# value is the next cell) or white space (weak: accepted for typed values or beside strong ones).
_CELL = re.compile(
    rf"[ \t]*(?P<label>{_ANY_LABEL})(?![\w.])(?P<sep>[ \t]*[:：/][ \t]*|[ \t]*$|[ \t]+)", re.I
)
_SUBJECT_MARK = re.compile(r"[ \t]*(?P<label>م[ \t]*/)(?P<sep>[ \t]*)")
_NEXT_LABEL = re.compile(rf"[ \t](?P<label>{_ANY_LABEL})[ \t]*[:：]", re.I)
_NUMBER = re.compile(
    r"(?<![\w/])(?:\d+(?:[ \t]?[/\-][ \t]?(?:\d+|[^\W\d_]{1,3}))+|[^\W\d_]{1,3}[ \t]?/[ \t]?\d+"
    r"(?:[ \t]?[/\-][ \t]?(?:\d+|[^\W\d_]{1,3}))*|\d{3,})(?![\w/])"
)
_BODY_REFERENCE = re.compile(
    r"(?:پیرو|بازگشت\s*به|عطف\s*به|در\s*پاسخ\s*به|اشاره\s*(?:به|الی)|الحاقا[\u064b-\u0652]*\s*ب"
    # up to three words between the marker and the number, none ending a sentence (a short
    # Latin abbreviation such as "No." excepted): «پیرو ارتباط.\nرابط ساعت ۰۰۳۵» cites nothing
    r"|Reference|Ref\.|Your)[^\s\d]*(?:\s+(?:[^\s\d،,.!؟?]+|[A-Za-z]{1,3}\.)){0,3}?\s+"
    r"(?P<n>" + _NUMBER.pattern + r")"
    r"(?:\s+(?:مورخ|بتاریخ|بتأریخ|of|dated)\s+(?P<d>[^،,\n]{4,40}))?",
    re.I,
)
_COPIES = re.compile(r"[ \t]*(?:رونوشت|صوره[ \t]*الی|نسخه[ \t]*الی|CC)(?![\w.])[ \t]*[:：]?[ \t]*",
                     re.I)
_BULLET = re.compile(r"[ \t]*(?:[-–•*]|\d{1,2}[-.)])[ \t]*")
_SENTENCE_END = re.compile(r"[.!؟?:]\s*$")


@dataclass
class _Cell:
    """One labelled value found in a header line."""

    name: str
    label: str
    start: int  # of the value, in the page text
    end: int
    line: int
    strong: bool


def read_letter(page: int, text: str, last: PageText | None = None) -> Cable | None:
    """The labelled header of a letter or cable on ``text`` (page number ``page``), or None
    without at least three labelled fields at the top, one a number or a classification.
    ``last`` (the document's last page with text) gives the signature block."""
    folded = fold(text)
    body = _mail_body(text)
    lines = [span for span in _lines(text) if span[0] >= body][:HEAD_LINES]
    cells = _cells(folded, lines)
    accepted = _accept(cells, folded)
    names = {c.name for c in accepted}
    if len(names) < 3 or not any(_evidence(c, folded) for c in accepted):
        return None
    arabic = sum(_bare(c.label) in _ARABIC for c in accepted)
    convention = "ar" if arabic * 2 > len(accepted) else "fa"
    fields: list[CableField] = []
    findings: list[Finding] = []
    for cell in accepted:
        fields.extend(_fields(cell, page, text, folded, convention, findings))
    header_end = max(c.end for c in accepted)
    fields.extend(_body_references(page, text, folded, header_end, fields, findings))
    fields.extend(_closing(last if last is not None else PageText(page, text), page, header_end))
    return Cable(convention, tuple(fields), tuple(findings))


_MAIL_HEADER = re.compile(r"(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To|Message-ID|"
                          r"Attachments?):[ \t]", re.IGNORECASE)
# what only a message's own header block has: an address, or an RFC 5322 date
_MAIL_SIGN = re.compile(r"@[\w.-]+\.\w|\d{1,2} \w{3} \d{4} \d\d:\d\d(?::\d\d)? [+-]\d{4}")


def _mail_body(text: str) -> int:
    """Where the body begins when the page starts with an e-mail's own header block (``From:``,
    ``To:``, ``Date:``, ``Subject:`` … up to the first empty line, with an address or a mail
    date in it): the message's sender is not the cable's. 0 for any other page — a memo whose
    header says ``FROM:`` and ``TO:`` is read as it is."""
    block: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            break
        if not _MAIL_HEADER.match(line):
            return 0
        block.append(line)
    if len(block) < 2 or not any(_MAIL_SIGN.search(line) for line in block):
        return 0
    return sum(len(line) + 1 for line in block) + 1


def _bare(label: str) -> str:
    """A label as the tables key it: no white space, no short vowels, upper case."""
    return re.sub(r"\s+|[\u064b-\u0652]", "", label).upper()


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _cells(folded: str, lines: list[tuple[int, int]]) -> list[_Cell]:
    """Every labelled value of the header lines (table cells, two columns, plain lines)."""
    found: list[_Cell] = []
    for index, (start, end) in enumerate(lines):
        if _only_marks(folded[start:end]):  # a line that is only a mark: ``سري وشخصي``
            found.append(_Cell("classification", "", start, end, index, True))
            continue
        pieces = [(start + m.start(), start + m.end()) for m in _split(folded[start:end])]
        k = 0
        while k < len(pieces):
            a, b = pieces[k]
            match = _CELL.match(folded, a, b) or _SUBJECT_MARK.match(folded, a, b)
            if match is None:
                k += 1
                continue
            label = match["label"]
            name = ("subject" if match.re is _SUBJECT_MARK
                    else _LABEL_OF[_bare(label)])
            value_start = match.end()
            if value_start >= b and k + 1 < len(pieces):  # a table: the value is the next cell
                found.append(_Cell(name, label, pieces[k + 1][0], pieces[k + 1][1], index, True))
                k += 2
                continue
            if value_start >= b and k > 0 and len(pieces) == 2:  # a row read right to left
                found.append(_Cell(name, label, pieces[0][0], pieces[0][1], index, True))
                k += 1
                continue
            strong = bool(re.search(r"[:：/]", match["sep"])) or match.re is _SUBJECT_MARK
            cut = _NEXT_LABEL.search(folded, value_start, b)
            value_end = cut.start() if cut else b
            found.append(_Cell(name, label, value_start, value_end, index, strong))
            if cut is not None:
                pieces[k] = (cut.start() + 1, b)
                continue
            k += 1
    return found


def _only_marks(line: str) -> bool:
    marks = _marks(line)
    if not marks:
        return False
    rest, pos = [], 0
    for start, end, _entry in marks:
        rest.append(line[pos:start])
        pos = end
    rest.append(line[pos:])
    return not re.sub(r"[\s\-–/،,|]", "", "".join(rest))


def _split(line: str) -> list[re.Match[str]]:
    """The cells of a line: separated by TAB or by three spaces or more."""
    return list(re.finditer(r"[^\t]+?(?=\t| {3,}|$)", line)) or []


def _accept(cells: list[_Cell], folded: str) -> list[_Cell]:
    """Strong cells and typed weak ones; a weak untyped cell only beside an accepted line;
    one cell per field name except copies and reference."""
    typed = [c for c in cells if c.strong or _typed(c, folded)]
    lines = {c.line for c in typed}
    result, seen = [], set()
    for cell in cells:
        beside = cell.line - 1 in lines or cell.line + 1 in lines
        ok = cell in typed or (beside and cell.name in _FREE_TEXT)
        if not ok or cell.end <= cell.start:
            continue
        if cell.name in seen and cell.name not in ("copies", "reference"):
            continue
        seen.add(cell.name)
        result.append(cell)
    if result and min(c.line for c in result) > 12:
        return []
    return result


def _evidence(cell: _Cell, folded: str) -> bool:
    """Whether a cell shows the document is correspondence: a number, or a known mark (an
    e-mail's ``Classification: internal`` is not one)."""
    value = folded[cell.start:cell.end].strip()
    if cell.name == "number":
        return _NUMBER.search(value) is not None
    return cell.name == "classification" and bool(_marks(value))


def _typed(cell: _Cell, folded: str) -> bool:
    """Whether a weak cell's value has the form its label asks for."""
    value = folded[cell.start:cell.end]
    if cell.name in ("number", "reference"):
        return _NUMBER.match(value.strip()) is not None
    if cell.name == "date":
        return any(d.precision == "day" for d in find_dates(value))
    if cell.name in ("classification", "precedence"):
        return bool(_marks(value))
    return False


def _marks(value: str) -> list[tuple[int, int, dict[str, str]]]:
    """The marks in a classification cell (``سری - فوری``): (start, end, entry) each."""
    result = []
    for part in re.finditer(r"[^\-–/،,|]+", value):
        words = " ".join(re.sub(_HARAKAT, "", part.group(0)).split()).upper()
        entry = _MARKS.get(words) or _MARKS.get(words.replace("ی", "ی"))
        if entry is not None:
            a, b = trimmed(value, part.start(), part.end())
            result.append((a, b, entry))
    return result


def _fields(cell: _Cell, page: int, text: str, folded: str, convention: str,
            findings: list[Finding]) -> list[CableField]:
    a, b = trimmed(text, cell.start, cell.end)
    value = folded[a:b]
    if cell.name in ("number", "reference"):
        numbers = list(_NUMBER.finditer(folded, a, b))
        if not numbers:
            return [make_field(cell.name, page, text, a, b)] if cell.name == "number" else []
        dates = [(d.start, d.end) for d in find_dates(text[a:b])]
        numbers = [m for m in numbers if (m.start() - a, m.end() - a) not in dates]
        if cell.name == "number":
            numbers = numbers[:1]
        return [make_field(cell.name, page, text, m.start(), m.end(),
                           reference_key(text[m.start():m.end()])) for m in numbers]
    if cell.name == "date":
        return _date(page, text, a, b, findings)
    if cell.name in ("classification", "precedence"):
        out = []
        for x, y, entry in _marks(value):
            out.append(make_field(entry["kind"], page, text, a + x, a + y, entry[convention]))
            if "handling" in entry:
                out.append(make_field("handling", page, text, a + x, a + y, entry["handling"]))
        return out or [make_field(cell.name, page, text, a, b)]
    if cell.name == "copies":
        return [make_field("copies", page, text, a + m.start(), a + m.end())
                for m in re.finditer(r"[^،,؛;]+", value) if m.group(0).strip()]
    return [make_field(cell.name, page, text, a, b)]


def _date(page: int, text: str, a: int, b: int, findings: list[Finding]) -> list[CableField]:
    dates = [d for d in find_dates(text[a:b]) if d.precision == "day"]
    if not dates:
        return []
    first = dates[0]
    for found in dates:
        for problem in found.problems:
            if problem.startswith("ambiguous"):  # an order guessed is not a contradiction
                continue
            findings.append(Finding("date-problem", f"the date {found.text}: {problem}", ("date",)))
    if first.gregorian is not None:
        for other in dates[1:]:
            if other.gregorian is not None and abs((other.gregorian - first.gregorian).days) > 2:
                findings.append(Finding(
                    "date-mismatch",
                    f"the date field says {first.text} ({first.gregorian}) and {other.text} "
                    f"({other.gregorian})", ("date",)))
    extra: dict[str, Any] = {"date": first.to_json()}
    if len(dates) > 1:
        extra["also"] = [d.to_json() for d in dates[1:]]
    value = first.gregorian.isoformat() if first.gregorian else ""
    return [make_field("date", page, text, a + first.start, a + first.end, value, extra)]


def _body_references(page: int, text: str, folded: str, start: int, fields: list[CableField],
                     findings: list[Finding]) -> list[CableField]:
    """References cited in the first lines of the body (``بازگشت به تلگراف شماره …``)."""
    known = {f.value for f in fields if f.name in ("reference", "number")}
    own = next((f for f in fields if f.name == "date"), None)
    out = []
    for found in _BODY_REFERENCE.finditer(folded, start, min(len(folded), start + 800)):
        key = reference_key(text[found.start("n"):found.end("n")])
        cited_date = _cited_date(found)
        if (own is not None and cited_date is not None and own.value
                and cited_date > date.fromisoformat(own.value)):
            findings.append(Finding("reference-after-date",
                                    f"the cable cites {found['n']} of {cited_date}, after its own "
                                    f"date {own.value}", ("reference", "date")))
        if key in known:
            continue
        known.add(key)
        out.append(make_field("reference", page, text, found.start("n"), found.end("n"), key))
    return out


def _cited_date(found: re.Match[str]) -> date | None:
    if not found["d"]:
        return None
    dates: list[FoundDate] = [d for d in find_dates(found["d"]) if d.precision == "day"]
    return dates[0].gregorian if dates else None


FOOTER_LINES = 2  # sentences a page may print under the signature («این صفحه فقط در …»)


def _closing(last: PageText, page: int, header_end: int) -> list[CableField]:
    """The closing block of the document's last page: the copies a Persian letter lists after
    its signature (``رونوشت: …`` and the lines under it that start with a dash or a number),
    and the signature — the last short line that is not a sentence, before the copies and
    above at most ``FOOTER_LINES`` footer sentences."""
    text = last.text
    folded = fold(text)
    floor = header_end if last.number == page else 0
    spans = [(a, b) for a, b in _lines(text) if text[a:b].strip() and a >= floor][-15:]
    fields: list[CableField] = []
    label_at = next((k for k in range(len(spans) - 1, -1, -1)
                     if _COPIES.match(folded, *spans[k])), None)
    if label_at is not None:
        a, b = spans[label_at]
        found = _COPIES.match(folded, a, b)
        assert found is not None
        items = [(found.end(), b)] + [
            (m.end(), b2) for a2, b2 in spans[label_at + 1:]
            if (m := _BULLET.match(folded, a2, b2)) is not None]
        for x, y in items:
            fields += [make_field("copies", last.number, text, x + m.start(), x + m.end())
                       for m in re.finditer(r"[^،,؛;]+", text[x:y]) if m.group(0).strip()]
        spans = spans[:label_at]
    for a, b in reversed(spans[-1 - FOOTER_LINES:]):  # past a footer sentence or two
        signature = _signature(last, a, b)
        if signature is not None:
            fields.insert(0, signature)
            break
        if not _SENTENCE_END.search(text[a:b].rstrip()):
            break  # a long line that is no sentence: no signature here
    return fields


def _signature(last: PageText, start: int, end: int) -> CableField | None:
    """The line ``start:end`` as a signature when it is short and not a sentence."""
    line = last.text[start:end].rstrip()
    if not line.strip() or len(line) > 80 or len(line.split()) > 10:
        return None
    initial = line.endswith(".") and len(line.strip()) <= 3  # ``S.``: an initial, not a sentence
    if not initial and _SENTENCE_END.search(line):
        return None
    return make_field("signature", last.number, last.text, start, end)
