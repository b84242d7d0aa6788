"""The query language a reporter types, parsed into a small tree any backend can run.

Grammar (operators are upper-case words, so the Persian word «و» is never an operator)::

    query   := or ( OR or )*              a OR b
    or      := unary ( [AND] unary )*     a b, a AND b: both must match (the default)
    unary   := (NOT | '-') unary          NOT a, -a: must not match
             | primary
    primary := '(' query ')' | '"' words '"' | word | word* | field:value

Every word and phrase goes through the same normaliser and tokenizer as indexed text
(``kavosh.text``), so a query typed with Arabic ي finds text written with Persian ی, Persian
digits find ASCII digits, and ``می شود`` finds ``می‌شود``. A word that the normaliser splits
into several tokens (``۱۳۹۳/۰۸/۲۵``) becomes a phrase. ``word*`` matches any token starting
with the normalised word. ``field:value`` filters on a stored field (``mime``, ``lang``);
``date:A..B`` keeps documents with a date in that range, bounds given in the Jalali or the
Gregorian calendar (see :func:`date_range`); ``name:X`` or ``name:"X Y"`` finds a person's
name in any script and common spelling (see :class:`NameQuery`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kavosh.text import normalize, tokenize
from kavosh.text.calendars import (
    gregorian_month_length,
    jalali_month_length,
    jalali_to_gregorian,
)

FILTER_FIELDS = frozenset({"mime", "lang"})
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DATE_VALUE = re.compile(r"^(\d{4})(?:[/.-](\d{1,2})(?:[/.-](\d{1,2}))?)?$")
_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"?|([^\s()"]+))')


class QueryError(ValueError):
    """The query cannot be understood; the message says why, for the person who typed it."""


@dataclass(frozen=True, slots=True)
class Terms:
    """Consecutive tokens (one token is a term; several a phrase); ``prefix`` on the last."""

    tokens: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False  # typed in quotes: exactly these words, no name expansion


@dataclass(frozen=True, slots=True)
class FieldFilter:
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class DateRange:
    """Documents with a date whose first day lies in ``[first, last]`` (Gregorian days)."""

    first: date
    last: date


@dataclass(frozen=True, slots=True)
class NameQuery:
    """``name:Soleimani`` / ``name:"Qasem Soleimani"``: a person's name in any script or
    spelling. Backends never see it: the search view rewrites it into the spellings the
    case's vocabulary holds (``kavosh.views.search``)."""

    words: tuple[str, ...]


Node = Terms | FieldFilter | DateRange | NameQuery | Not | And | Or


def _lex(text: str) -> list[tuple[str, str]]:
    """Split into (kind, value) pairs: paren, phrase or word."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match.group(1) or match.group(2):
            out.append(("paren", match.group(1) or match.group(2)))
        elif match.group(3) is not None:
            out.append(("phrase", match.group(3)))
        elif match.group(4):
            out.append(("word", match.group(4)))
    return _join_detached(out)


_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _plain(token: tuple[str, str]) -> bool:
    kind, value = token
    return (kind == "word" and value not in _OPERATORS and ":" not in value
            and not value.startswith(("-", "+")))


def _join_detached(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join words the normaliser joins (``می شود`` → ``میشود``), so a detached prefix or
    suffix typed with a space is one word, as it is in the index."""
    out: list[tuple[str, str]] = []
    for token in tokens:
        if out and _plain(out[-1]) and _plain(token) and not out[-1][1].endswith("*"):
            joined = f"{out[-1][1]} {token[1]}"
            if " " not in normalize(joined):
                out[-1] = ("word", joined)
                continue
        out.append(token)
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Node | None:
        nodes = [n for n in [self.parse_and()] if n is not None]
        while self.peek() == ("word", "OR"):
            self.take()
            node = self.parse_and()
            if node is not None:
                nodes.append(node)
        return _combine(Or, nodes)

    def parse_and(self) -> Node | None:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token not in (("paren", ")"), ("word", "OR")):
            if token == ("word", "AND"):
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                nodes.append(node)
        return _combine(And, nodes)

    def parse_unary(self) -> Node | None:
        kind, value = self.take()
        if (kind, value) == ("word", "NOT"):
            if self.peek() is None:
                return None
            inner = self.parse_unary()
            return None if inner is None else Not(inner)
        if kind == "word" and value.startswith("-") and len(value) > 1:
            inner = _word(value[1:])
            return None if inner is None else Not(inner)
        if kind == "word" and value.startswith("+") and len(value) > 1:
            value = value[1:]
        if (kind, value) == ("paren", "("):
            inner = self.parse_or()
            if self.peek() == ("paren", ")"):
                self.take()
            return inner
        if kind == "paren":  # a stray ')'
            return None
        if kind == "phrase":
            tokens = tuple(tokenize(normalize(value)))
            return Terms(tokens, quoted=True) if tokens else None
        if kind == "word" and value.lower() == "name:":
            following = self.peek()
            if following is not None and following[0] in ("phrase", "word"):
                return _name(self.take()[1])
            return None
        return _word(value)


def _word(value: str) -> Node | None:
    field, sep, rest = value.partition(":")
    if sep and field.lower() in FILTER_FIELDS and rest:
        return FieldFilter(field.lower(), rest)
    if sep and field.lower() == "date" and rest:
        return date_range(rest)
    if sep and field.lower() == "name" and rest:
        return _name(rest)
    prefix = value.endswith("*")
    tokens = tuple(tokenize(normalize(value.rstrip("*"))))
    return Terms(tokens, prefix=prefix) if tokens else None


def _name(value: str) -> NameQuery | None:
    words = tuple(w for w in re.split(r"[\s,،;]+", value) if w)
    return NameQuery(words) if words else None


def date_range(value: str) -> DateRange:
    """``date:`` values: ``A..B``, ``A..``, ``..B`` or ``A`` (the whole period A names).

    Each bound is ``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` (``/``, ``-`` or ``.``; Persian digits
    too): years before 1700 are Solar Hijri (Jalali), later ones Gregorian. So
    ``date:1393/08/01..1393/08/30`` and ``date:2014-10-23..2014-11-21`` are the same range.
    """
    low, dots, high = value.translate(_DIGITS).partition("..")
    if not dots:
        high = low
    first = _period(low)[0] if low else date.min
    last = _period(high)[1] if high else date.max
    if first > last:
        raise QueryError(f"the date range {value} ends before it starts")
    return DateRange(first, last)


def _period(text: str) -> tuple[date, date]:
    match = _DATE_VALUE.match(text.strip())
    if match is None:
        raise QueryError(
            f"cannot read the date {text!r}: write it as 1393/08/25, 1393/08, 1393, "
            "2014-11-16, 2014-11 or 2014"
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    jalali = year < 1700
    try:
        if month is None:
            return _convert(jalali, year, 1, 1), _convert(jalali, year, 12, _days(jalali, year, 12))
        if day is None:
            return (_convert(jalali, year, month, 1),
                    _convert(jalali, year, month, _days(jalali, year, month)))
        one = _convert(jalali, year, month, day)
    except ValueError as error:
        raise QueryError(f"{text} is not a valid date: {error}") from None
    return one, one


def _days(jalali: bool, year: int, month: int) -> int:
    if jalali:
        return jalali_month_length(year, month)
    return gregorian_month_length(year, month)


def _convert(jalali: bool, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12 or not 1 <= day <= _days(jalali, year, month):
        raise ValueError("no such day")
    return jalali_to_gregorian(year, month, day) if jalali else date(year, month, day)


def _combine(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


def parse(text: str) -> Node | None:
    """Parse a query; None when nothing searchable is left (empty, only punctuation)."""
    parser = _Parser(_lex(text))
    node = parser.parse_or()
    while parser.peek() is not None:  # unbalanced ')': keep what follows, joined by AND
        parser.take()
        rest = parser.parse_or()
        if rest is not None:
            node = rest if node is None else And((node, rest))
    return node


def positive_terms(node: Node | None) -> list[Terms]:
    """The terms and phrases whose presence makes a hit (those under NOT excluded)."""
    if node is None or isinstance(node, Not | FieldFilter | DateRange | NameQuery):
        return []
    if isinstance(node, Terms):
        return [node]
    return [t for child in node.nodes for t in positive_terms(child)]
