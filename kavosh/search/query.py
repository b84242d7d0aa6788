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
name in any script and common spelling (see :class:`NameQuery`). ``-expand:X`` (or
``-expand:"X Y"``) switches off one spelling the search added (or every spelling added for
the word ``X`` typed): see :class:`Unexpand`. Cable fields: ``from:``, ``to:``, ``subject:``
(words, ``from:"X Y"`` words in a row), ``classification:``, ``number:`` and ``ref:`` (a cable
citing that number), see :class:`CableFilter` and :mod:`kavosh.search.cables`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from kavosh.model.errors import UsageError
from kavosh.search.cables import QUERY_FIELDS as CABLE_FIELDS
from kavosh.search.cables import query_tokens
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


class QueryError(UsageError, ValueError):
    """The query cannot be understood; the message says why, for the person who typed it, and
    ``position`` where (0-based, in the query as typed), when known."""


@dataclass(frozen=True, slots=True)
class Terms:
    """Consecutive tokens (one token is a term; several a phrase); ``prefix`` on the last."""

    tokens: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False  # typed in quotes: exactly these words, no name expansion
    # A word typed with half-spaces between parts the normaliser keeps apart (احمدی‌نژاد):
    # its parts, so the search also finds them written as separate words.
    parts: tuple[str, ...] = ()
    slop: int = 0  # words allowed between the tokens of a phrase (a name's middle initial)


@dataclass(frozen=True, slots=True)
class FieldFilter:
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class CableFilter:
    """``from:X``, ``number:X`` …: cables whose field ``field`` holds ``tokens`` (index
    tokens of the cable field, in a row; see :mod:`kavosh.search.cables`)."""

    field: str
    tokens: tuple[str, ...]


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


@dataclass(frozen=True, slots=True)
class Unexpand:
    """``-expand:X``: do not search the spelling ``X`` that a name or compound expansion
    would add (``X`` a word typed: add none for it). Like :class:`NameQuery`, consumed by
    ``kavosh.views.search``; ``word`` is normalised (index tokens joined by spaces)."""

    word: str


@dataclass(frozen=True, slots=True)
class InDocuments:
    """Only these documents. Never typed: a saved search's alerts add it to the query, to
    keep the documents indexed since it was seen (``kavosh.views.alerts``)."""

    ids: frozenset[int]


Node = (Terms | FieldFilter | CableFilter | DateRange | NameQuery | Unexpand | InDocuments
        | Not | And | Or)


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A query ready to run and to mark: the text as typed, what it means, what to highlight.

    Made once per request by ``kavosh.views.search.prepare_query`` (parse, normalise, expand
    names); the results, their snippets, a document page's marks and its OCR hit boxes all
    read the same one, so a document page marks what the search that led to it matched.
    """

    text: str
    node: Node | None  # parsed, normalised, names expanded; None when nothing is searchable
    # word typed → other spellings searched too (names across scripts), to show the reader
    expansions: Mapping[str, list[str]] = field(default_factory=dict)
    # spellings (or words typed) switched off with -expand:, as normalised, in typed order
    unexpanded: tuple[str, ...] = ()
    terms: tuple[Terms, ...] = field(init=False)  # what a hit holds, to mark (not under NOT)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(positive_terms(self.node)))

    @property
    def empty(self) -> bool:
        """Nothing searchable was typed (nothing, only punctuation or operators)."""
        return self.node is None


class _Token(NamedTuple):
    kind: str  # "paren", "phrase" or "word"
    value: str
    start: int  # where it begins in the query as typed, for error positions


def _lex(text: str) -> list[_Token]:
    """Split into paren, phrase and word tokens."""
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match.group(1) or match.group(2):
            out.append(_Token("paren", match.group(1) or match.group(2), match.start(0)))
        elif match.group(3) is not None:
            out.append(_Token("phrase", match.group(3), match.start(3) - 1))
        elif match.group(4):
            out.append(_Token("word", match.group(4), match.start(4)))
    return _join_detached(out)


_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _plain(token: _Token) -> bool:
    kind, value, _ = token
    return (kind == "word" and value not in _OPERATORS and ":" not in value
            and not value.startswith(("-", "+")))


def _join_detached(tokens: list[_Token]) -> list[_Token]:
    """Join words the normaliser joins (``می شود`` → ``میشود``), so a detached prefix or
    suffix typed with a space is one word, as it is in the index."""
    out: list[_Token] = []
    for token in tokens:
        if out and _plain(out[-1]) and _plain(token) and not out[-1].value.endswith("*"):
            joined = f"{out[-1].value} {token.value}"
            if " " not in normalize(joined):
                out[-1] = out[-1]._replace(value=joined)
                continue
        out.append(token)
    return out


MAX_DEPTH = 50  # nested parentheses and NOTs: deeper is no query a person writes


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # parentheses and NOTs open around the token being read

    def peek(self) -> tuple[str, str] | None:
        """The next token's kind and value, None at the end."""
        return self.tokens[self.pos][:2] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
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
        kind, value, start = self.take()
        if (kind, value) in (("word", "NOT"), ("paren", "(")):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"the query nests too deeply: at most {MAX_DEPTH} levels of "
                                 "parentheses and NOT", start)
            try:
                return self._parse_nested(kind)
            finally:
                self.depth -= 1
        if kind == "word" and value.lower().startswith(_UNEXPAND):
            return self._unexpand(value[len(_UNEXPAND):])
        if kind == "word" and value.startswith("-") and len(value) > 1:
            inner = _word(value[1:], start + 1)
            return None if inner is None else Not(inner)
        if kind == "word" and value.startswith("+") and len(value) > 1:
            value, start = value[1:], start + 1
        if kind == "paren":  # a stray ')'
            return None
        if kind == "phrase":
            tokens = tuple(tokenize(normalize(value)))
            return Terms(tokens, quoted=True) if tokens else None
        if kind == "word" and value.lower() == "name:":
            following = self.peek()
            if following is not None and following[0] in ("phrase", "word"):
                return _name(self.take().value)
            return None
        if kind == "word" and value.endswith(":") and value[:-1].lower() in CABLE_FIELDS:
            following = self.peek()
            if following is not None and following[0] == "phrase":
                return _cable(value[:-1].lower(), self.take().value)
            return None
        return _word(value, start)

    def _unexpand(self, word: str) -> Unexpand | None:
        """``-expand:X`` or ``-expand:"X Y"`` (the phrase is the next token)."""
        if not word:
            following = self.peek()
            if following is None or following[0] != "phrase":
                return None
            word = self.take().value
        normal = " ".join(tokenize(normalize(word)))
        return Unexpand(normal) if normal else None

    def _parse_nested(self, kind: str) -> Node | None:
        """What follows a ``NOT`` (``kind`` "word") or an opening parenthesis."""
        if kind == "word":
            if self.peek() is None:
                return None
            inner = self.parse_unary()
            return None if inner is None else Not(inner)
        inner = self.parse_or()
        if self.peek() == ("paren", ")"):
            self.take()
        return inner


def _word(value: str, start: int) -> Node | None:
    """One word typed at ``start``: a filter, a date range, a name, or terms."""
    field, sep, rest = value.partition(":")
    if sep and field.lower() in FILTER_FIELDS and rest:
        return FieldFilter(field.lower(), rest)
    if sep and field.lower() == "date" and rest:
        try:
            return date_range(rest)
        except QueryError as error:  # place the problem in the whole query
            raise QueryError(str(error), start + len(field) + 1 + (error.position or 0)) from None
    if sep and field.lower() == "name" and rest:
        return _name(rest)
    if sep and field.lower() in CABLE_FIELDS and rest:
        return _cable(field.lower(), rest)
    prefix = value.endswith("*")
    tokens = tuple(tokenize(normalize(value.rstrip("*"))))
    if not tokens:
        return None
    return Terms(tokens, prefix=prefix, parts=_half_space_parts(value, tokens))


_UNEXPAND = "-expand:"
_HALF_SPACE = "\u200c"


def _half_space_parts(value: str, tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The parts of a one-token word typed with half-spaces (احمدی‌نژاد → احمدی, نژاد), when
    the normaliser would keep them apart written with a space (not a می- or -ها affix)."""
    if len(tokens) != 1 or _HALF_SPACE not in value:
        return ()
    spaced = tuple(tokenize(normalize(value.rstrip("*").replace(_HALF_SPACE, " "))))
    return spaced if len(spaced) > 1 and "".join(spaced) == tokens[0] else ()


def switch_off(text: str, word: str) -> str:
    """The query ``text`` with the spelling (or typed word) ``word`` switched off."""
    return f'{text} -expand:"{word}"' if " " in word else f"{text} -expand:{word}"


def switch_on(text: str, word: str) -> str:
    """The query ``text`` without its ``-expand:`` tokens naming ``word`` (compared
    normalised), spaces tidied."""
    def drop(match: re.Match[str]) -> str:
        named = " ".join(tokenize(normalize(match.group(1) or match.group(2) or "")))
        return "" if named == word else match.group()
    return re.sub(" {2,}", " ", _UNEXPAND_TOKEN.sub(drop, text)).strip()


_UNEXPAND_TOKEN = re.compile(r'(?<!\S)-expand:(?:"([^"]*)"?|(\S+))', re.IGNORECASE)


def _cable(field: str, value: str) -> CableFilter | None:
    tokens = query_tokens(field, value)
    return CableFilter(field, tokens) if tokens else None


def _name(value: str) -> NameQuery | None:
    words = tuple(w for w in re.split(r"[\s,،;]+", value) if w)
    return NameQuery(words) if words else None


def date_range(value: str) -> DateRange:
    """``date:`` values: ``A..B``, ``A..``, ``..B`` or ``A`` (the whole period A names).

    Each bound is ``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` (``/``, ``-`` or ``.``; Persian digits
    too): years before 1700 are Solar Hijri (Jalali), later ones Gregorian. So
    ``date:1393/08/01..1393/08/30`` and ``date:2014-10-23..2014-11-21`` are the same range.
    A :class:`QueryError` says which bound is wrong (``position`` within ``value``) and why.
    """
    low, dots, high = value.translate(_DIGITS).partition("..")
    high_at = len(low) + len(dots)
    if not dots:
        high = low
    first = _bound(low, 0)[0] if low else date.min
    last = _bound(high, high_at)[1] if high else date.max
    if first > last:
        raise QueryError(f"the date range {value} ends before it starts", 0)
    return DateRange(first, last)


def _bound(text: str, position: int) -> tuple[date, date]:
    """The first and last day of the period ``text`` names; it was typed at ``position``."""
    try:
        return _period(text)
    except ValueError as error:
        raise QueryError(str(error), position) from None


def _period(text: str) -> tuple[date, date]:
    match = _DATE_VALUE.match(text.strip())
    if match is None:
        raise ValueError(
            f"cannot read the date {text!r}: write it as 1393/08/25, 1393/08, 1393, "
            "2014-11-16, 2014-11 or 2014"
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    jalali = year < 1700
    if month is None:
        return _convert(jalali, year, 1, 1), _convert(jalali, year, 12, _days(jalali, year, 12))
    if day is None:
        return (_convert(jalali, year, month, 1),
                _convert(jalali, year, month, _days(jalali, year, month)))
    one = _convert(jalali, year, month, day)
    return one, one


def _days(jalali: bool, year: int, month: int) -> int:
    if jalali:
        return jalali_month_length(year, month)
    return gregorian_month_length(year, month)


def _convert(jalali: bool, year: int, month: int, day: int) -> date:
    """The Gregorian day; ValueError, saying why in plain words, when there is no such day."""
    calendar = "Solar Hijri" if jalali else "Gregorian"
    if not 1 <= month <= 12:
        raise ValueError(f"{year}/{month:02d} does not exist: months are 1 to 12")
    days = _days(jalali, year, month)
    if not 1 <= day <= days:
        raise ValueError(f"{year}/{month:02d}/{day:02d} does not exist: month {month} of the "
                         f"{calendar} year {year} has {days} days")
    return jalali_to_gregorian(year, month, day) if jalali else date(year, month, day)


def _combine(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else kind(tuple(nodes))


def parse(text: str) -> Node | None:
    """Parse a query; None when nothing searchable is left (empty, only punctuation).

    The tree is at most :data:`MAX_DEPTH` levels deep (a deeper query is a
    :class:`QueryError`), so everything that walks it recursively is safe."""
    parser = _Parser(_lex(text))
    nodes = [parser.parse_or()]
    while parser.peek() is not None:  # unbalanced ')': keep what follows, joined by AND
        parser.take()
        nodes.append(parser.parse_or())
    return _combine(And, [node for node in nodes if node is not None])


def positive_terms(node: Node | None) -> list[Terms]:
    """The terms and phrases whose presence makes a hit (those under NOT excluded)."""
    if node is None or isinstance(node, Not | FieldFilter | CableFilter | DateRange | NameQuery
                                   | Unexpand | InDocuments):
        return []
    if isinstance(node, Terms):
        return [node]
    return [t for child in node.nodes for t in positive_terms(child)]
