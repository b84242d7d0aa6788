"""The query language a reporter types, parsed into a small tree any backend can run.

One parser serves the command line, the JSON API and the web page. Grammar (operators are
upper-case words, so the Persian word «و» is never an operator)::

    query   := or ( OR or )*              a OR b
    or      := unary ( [AND] unary )*     a b, a AND b: both must match (the default)
    unary   := (NOT | '-') unary          NOT a, -a, -(a b), -"a b": must not match
             | primary
    primary := '(' query ')' | '"' words '"' ['~' N] | word | word* | word~[N]
             | field:value | field:"words"

Every word and phrase goes through the same normaliser and tokenizer as indexed text
(``kavosh.text``), so a query typed with Arabic ي finds text written with Persian ی, Persian
digits find ASCII digits, and ``می شود`` finds ``می‌شود``. A word that the normaliser splits
into several tokens (``۱۳۹۳/۰۸/۲۵``) becomes a phrase. ``word*`` matches any token starting
with the normalised word; ``word~`` (1 edit, 2 from :data:`LONG_WORD` letters) or ``word~N``
(N ≤ :data:`MAX_FUZZY`) any token that many edits from it (a letter added, dropped, replaced,
two swapped), ranked below the word itself; ``"a b"~N`` the words with at most N others
between them (the other order costs two more, as in the engine).

Fields (:data:`FIELDS`; values read by :mod:`kavosh.search.fields`): ``lang:`` (ISO 639-1 or
-3 codes, names: ``lang:fa``, ``lang:persian``), ``mime:`` (``text/html`` also finds XHTML),
``type:`` (``pdf``, ``html``, ``email`` …), ``path:`` (the path starts so), ``ext:``,
``file:`` (words of the file name); ``date:A..B`` the document's own date and ``mentions:A..B``
any date its text mentions, bounds in the Jalali or the Gregorian calendar (see
:func:`date_range`); ``name:X`` or ``name:"X Y"`` a person's name in any script and common
spelling (see :class:`NameQuery`); ``entity:`` (an entity of the case by id or name: see
:class:`EntityQuery`); the cable fields ``from:``, ``to:``, ``subject:`` (words,
``from:"X Y"`` words in a row), ``classification:``, ``number:`` and ``ref:`` (a cable citing
that number), see :class:`CableFilter` and :mod:`kavosh.search.cables`. ``-expand:X`` (or
``-expand:"X Y"``) switches off one spelling the search added (or every spelling added for
the word ``X`` typed): see :class:`Unexpand`.

A malformed query raises :class:`QueryError` with a sentence and the position of the problem;
nothing else escapes :func:`parse`. :data:`SYNTAX` is the language in short, for help texts.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from kavosh.model.errors import UsageError
from kavosh.search.cables import QUERY_FIELDS as CABLE_FIELDS
from kavosh.search.cables import query_tokens
from kavosh.search.fields import (
    extension,
    file_words,
    language_codes,
    mimes,
    path_prefix,
    type_mimes,
)
from kavosh.text import normalize, tokenize
from kavosh.text.calendars import (
    gregorian_month_length,
    jalali_month_length,
    jalali_to_gregorian,
)
from kavosh.text.normalize import ASCII_DIGITS

_DATE_VALUE = re.compile(r"^(\d{4})(?:[/.-](\d{1,2})(?:[/.-](\d{1,2}))?)?$")


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
    fuzzy: int = 0  # word~N: edits allowed (on the normalised token); ranks below exact
    # word~N: the index's words within ``fuzzy`` edits, once the search has looked them up
    # (kavosh.search.fuzzy; empty: not looked up): searched as a set, marked by lookup
    words: frozenset[str] = frozenset()
    # a spelling the search added (a name in another script, a compound split): it ranks
    # below the spellings typed
    expanded: bool = False
    # typed in lower case (``onion``, not ``Onion``): a Latin word then reads as an ordinary
    # word where it is one (kavosh.views.search); how it was typed, not what is searched
    lowercase: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """Documents whose stored ``field`` (``lang``, ``mime``, ``path``, ``ext``) holds any of
    ``values``, as the index stores them (:mod:`kavosh.search.fields`); a value ending in
    ``*`` is a prefix."""

    field: str
    values: tuple[str, ...]


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
    """Documents whose own date (``field`` "date": a cable's or letter's date field, an
    e-mail's Date, else the file's) or a date they mention (``field`` "mentions") has its
    first day in ``[first, last]`` (Gregorian days)."""

    first: date
    last: date
    field: str = "date"


@dataclass(frozen=True, slots=True)
class NameQuery:
    """``name:Soleimani`` / ``name:"Qasem Soleimani"``: a person's name in any script or
    spelling. Backends never see it: the search view rewrites it into the spellings the
    case's vocabulary holds (``kavosh.views.search``)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """``entity:12`` / ``entity:"مرتضی کاظمی‌نیا"``: documents mentioning an entity of the
    case (by id, or a name or identifier of it in any script). Backends never see it: the
    search view turns it into those documents (``kavosh.views.entities``)."""

    value: str


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


Node = (Terms | FieldFilter | CableFilter | DateRange | NameQuery | EntityQuery | Unexpand
        | InDocuments | Not | And | Or)


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
    # Latin words typed in lower case that are common English words: searched as words only,
    # not as names (the reader is offered ``name:word``)
    as_words: tuple[str, ...] = ()
    terms: tuple[Terms, ...] = field(init=False)  # what a hit holds, to mark (not under NOT)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(positive_terms(self.node)))

    @property
    def empty(self) -> bool:
        """Nothing searchable was typed (nothing, only punctuation or operators)."""
        return self.node is None


class _Token(NamedTuple):
    kind: str  # "(", ")", "phrase" or "word"
    value: str
    start: int  # where it begins in the query as typed, for error positions
    slop: int | None = None  # a phrase's ~N (words allowed between its words)


_SPACE = re.compile(r"\s+")
_WORD_TEXT = re.compile(r'[^\s()"]+')
_PHRASE_SLOP = re.compile(r"~(\d*)")
MAX_SLOP = 100  # words between a phrase's words


def _lex(text: str) -> list[_Token]:
    """Split into parentheses, phrases (with their ``~N``) and words; a quotation mark that
    is never closed is a :class:`QueryError` at its position."""
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
            continue
        char = text[pos]
        if char in "()":
            out.append(_Token(char, char, pos))
            pos += 1
        elif char == '"':
            close = text.find('"', pos + 1)
            if close < 0:
                raise QueryError("this quotation mark is never closed: close the phrase with "
                                 'another " (or remove it)', pos)
            slop, after = _phrase_slop(text, close + 1)
            out.append(_Token("phrase", text[pos + 1:close], pos, slop))
            pos = after
        else:
            match = _WORD_TEXT.match(text, pos)
            assert match is not None  # any other character starts a word
            out.append(_Token("word", match.group(), pos))
            pos = match.end()
    return _join_detached(out)


def _phrase_slop(text: str, at: int) -> tuple[int | None, int]:
    """The ``~N`` right after a phrase's closing quote (None when there is none) and where
    the text goes on after it."""
    match = _PHRASE_SLOP.match(text, at)
    if match is None:
        return None, at
    if not match.group(1):
        raise QueryError('~ after a phrase needs the number of words allowed between its '
                         'words, like "tehran baghdad"~5', at)
    slop = int(match.group(1))
    if slop > MAX_SLOP:
        raise QueryError(f"at most {MAX_SLOP} words may stand between a phrase's words, "
                         f"not {slop}", at + 1)
    return slop, match.end()


_OPERATORS = frozenset({"AND", "OR", "NOT"})


def _plain(token: _Token) -> bool:
    kind, value = token.kind, token.value
    return (kind == "word" and value not in _OPERATORS and ":" not in value
            and not value.startswith(("-", "+")) and "~" not in value and "*" not in value)


def _join_detached(tokens: list[_Token]) -> list[_Token]:
    """Join words the normaliser joins (``می شود`` → ``میشود``), so a detached prefix or
    suffix typed with a space is one word, as it is in the index."""
    out: list[_Token] = []
    for token in tokens:
        if out and _plain(out[-1]) and _plain(token):
            joined = f"{out[-1].value} {token.value}"
            if " " not in normalize(joined):
                out[-1] = out[-1]._replace(value=joined)
                continue
        out.append(token)
    return out


MAX_DEPTH = 50  # nested parentheses and NOTs: deeper is no query a person writes
_ENDS_A_GROUP = (None, ")")


class _Parser:
    """Recursive descent over the tokens; every malformed construct is a :class:`QueryError`
    naming what is wrong and where (an operator with nothing beside it, a parenthesis never
    closed or never opened, an unknown field …)."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # parentheses and NOTs open around the token being read

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def kind(self) -> str | None:
        """The next token's kind, with the operators as their own kinds (None at the end)."""
        token = self.peek()
        if token is None:
            return None
        return token.value if token.kind == "word" and token.value in _OPERATORS else token.kind

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node | None:
        node = self.parse_or()
        token = self.peek()
        if token is not None:  # only a ')' stops parse_or before the end
            raise QueryError("this closing parenthesis has no opening one", token.start)
        return node

    def _operator(self, begun: int) -> None:
        """Take an AND or OR, which needs something to search on either side (``begun``:
        where the tokens before it began)."""
        operator = self.take()
        if self.pos - 1 == begun:
            raise QueryError(f"{operator.value} needs something to search before it "
                             f"(a {operator.value} b)", operator.start)
        if self.kind() in (*_ENDS_A_GROUP, "OR", "AND"):
            raise QueryError(f"{operator.value} needs something to search after it "
                             f"(a {operator.value} b)", operator.start)

    def parse_or(self) -> Node | None:
        nodes: list[Node] = []
        begun = self.pos
        node = self.parse_and()
        while self.kind() == "OR":
            self._operator(begun)
            nodes += [node] if node is not None else []
            begun = self.pos
            node = self.parse_and()
        nodes += [node] if node is not None else []
        return _combine(Or, nodes)

    def parse_and(self) -> Node | None:
        nodes: list[Node] = []
        begun = self.pos
        while self.kind() not in (*_ENDS_A_GROUP, "OR"):
            if self.kind() == "AND":
                self._operator(begun)
                continue
            node = self.parse_unary()
            if node is not None:
                nodes.append(node)
        return _combine(And, nodes)

    def parse_unary(self) -> Node | None:
        token = self.take()
        kind, value, start = token.kind, token.value, token.start
        if kind == "(" or (kind == "word" and value == "NOT"):
            return self._nested(token)
        if kind == "phrase":
            tokens = tuple(tokenize(normalize(value)))
            if not tokens:
                return None
            return Terms(tokens, quoted=True, slop=token.slop or 0)
        if value in ("-", "+") and self._attached(token):  # -(a b), -"a b"
            inner = self._nested(token)
            return inner if value == "+" or inner is None else Not(inner)
        if value.lower().startswith(_UNEXPAND):
            return self._unexpand(value[len(_UNEXPAND):])
        if value.startswith("-") and len(value) > 1:
            inner = self._word(value[1:], start + 1)
            return None if inner is None else Not(inner)
        if value.startswith("+") and len(value) > 1:
            value, start = value[1:], start + 1
        return self._word(value, start)

    def _attached(self, token: _Token) -> bool:
        """The next token begins right after ``token`` (no space between)."""
        following = self.peek()
        return following is not None and following.kind in ("(", "phrase") and (
            following.start == token.start + len(token.value))

    def _nested(self, opener: _Token) -> Node | None:
        """What follows a ``NOT``, an opening parenthesis, or a ``-``/``+`` stuck to one."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests too deeply: at most {MAX_DEPTH} levels of "
                             "parentheses and NOT", opener.start)
        try:
            if opener.kind == "(":
                return self._group(opener)
            if self.kind() in (*_ENDS_A_GROUP, "OR", "AND"):
                raise QueryError(f"{opener.value} needs something to search after it "
                                 "(NOT word)", opener.start)
            inner = self.parse_unary()
            if inner is None or opener.value != "NOT":  # -( and +( say it themselves
                return inner
            return Not(inner)
        finally:
            self.depth -= 1

    def _group(self, opener: _Token) -> Node | None:
        if self.kind() == ")":
            raise QueryError("there is nothing between these parentheses", opener.start)
        inner = self.parse_or()
        if self.kind() != ")":
            raise QueryError("this parenthesis is never closed: add a ) after what it groups",
                             opener.start)
        self.take()
        return inner

    def _unexpand(self, word: str) -> Unexpand | None:
        """``-expand:X`` or ``-expand:"X Y"`` (the phrase is the next token)."""
        if not word:
            following = self.peek()
            if following is None or following.kind != "phrase":
                return None
            word = self.take().value
        normal = " ".join(tokenize(normalize(word)))
        return Unexpand(normal) if normal else None

    def _word(self, value: str, start: int) -> Node | None:
        """One word typed at ``start``: a field filter, or terms."""
        match = _FIELD.match(value)
        if match is None or _URL.match(value):
            return _terms(value, start)
        name = match.group(1).lower()
        name = _FIELD_ALIASES.get(name, name)
        if name not in FIELDS:
            raise QueryError(f"unknown field {match.group(1)}: the fields are "
                             f"{', '.join(FIELDS)} (to search the word itself, put it "
                             f'in quotes: "{value}")', start)
        rest, at = match.group(2), start + len(match.group(1)) + 1
        if not rest:
            following = self.peek()
            if following is None or following.kind != "phrase" or following.start != at:
                raise QueryError(f"{name}: needs a value right after the colon, like "
                                 f"{FIELDS[name]}", start)
            rest, at = self.take().value, at + 1
        try:
            return _field(name, rest)
        except QueryError as error:  # place the problem in the whole query
            raise QueryError(str(error), at + (error.position or 0)) from None
        except ValueError as error:
            raise QueryError(str(error), at) from None


# field → an example of its value, for the messages and the help
FIELDS: dict[str, str] = {
    "name": "name:Soleimani",
    "entity": "entity:12",
    "date": "date:1393/08..1393/09",
    "mentions": "mentions:2010-12",
    "lang": "lang:fa",
    "mime": "mime:text/html",
    "type": "type:pdf",
    "path": "path:leaks/2010",
    "ext": "ext:eml",
    "file": "file:minutes",
    "from": "from:tehran",
    "to": "to:baghdad",
    "subject": 'subject:"oil exports"',
    "classification": "classification:secret",
    "number": "number:08MADRID685",
    "ref": "ref:08MADRID685",
}
_FIELD_ALIASES = {"language": "lang", "extension": "ext", "folder": "path"}
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|mailto:)", re.IGNORECASE)  # no field
_FIELD = re.compile(r"^([A-Za-z][A-Za-z_]*):(.*)$", re.DOTALL)
_FUZZY = re.compile(r"^(.+?)~(\d*)$", re.DOTALL)
MAX_FUZZY = 2  # edits: more finds mostly other words
LONG_WORD = 6  # letters (normalised) from which word~ allows two edits


def _field(name: str, value: str) -> Node | None:
    """The node of ``name:value`` (``name`` known); ValueError or QueryError (position
    within ``value``) when the value cannot be read."""
    if name in ("date", "mentions"):
        found = date_range(value)
        return DateRange(found.first, found.last, name)
    if name == "name":
        return _name(value)
    if name == "entity":
        return EntityQuery(value.strip()) if value.strip() else None
    if name in CABLE_FIELDS:
        return _cable(name, value)
    if name == "lang":
        return FieldFilter("lang", language_codes(value))
    if name in ("mime", "type"):
        return FieldFilter("mime", mimes(value) if name == "mime" else type_mimes(value))
    if name == "path":
        return FieldFilter("path", path_prefix(value))
    if name == "file":
        return FieldFilter("file", file_words(value))
    return FieldFilter("ext", extension(value))


def _terms(value: str, start: int) -> Terms | None:
    """A word: ``word``, ``prefix*``, ``word~`` or ``word~N``."""
    fuzzy = 0
    match = _FUZZY.match(value)
    if match is not None:
        value, fuzzy = match.group(1), _distance(match.group(1), match.group(2), start)
    star = value.find("*")
    if star >= 0 and (star != len(value.rstrip("*")) or star == 0):
        raise QueryError("* can only end a word: write the start of a word before it, like "
                         "tehr* (a * alone or inside a word is not searched)", start + star)
    prefix = star > 0
    tokens = tuple(tokenize(normalize(value.rstrip("*"))))
    if not tokens:
        if prefix:
            raise QueryError("* needs letters or digits before it, like tehr*", start + star)
        return None
    if prefix and fuzzy:
        raise QueryError("a word can end in * or in ~, not both", start + star)
    if fuzzy and len(tokens) > 1:
        raise QueryError('~ makes one word typo-tolerant; for words near each other write '
                         '"a b"~5', start)
    return Terms(tokens, prefix=prefix, parts=_half_space_parts(value, tokens), fuzzy=fuzzy,
                 lowercase=value.islower())


def _distance(word: str, digits: str, start: int) -> int:
    """The edits ``word~N`` allows; ``word~`` alone: 1, or 2 for a word of
    :data:`LONG_WORD` letters or more (on the normalised form)."""
    if not digits:
        return 2 if len(normalize(word)) >= LONG_WORD else 1
    distance = int(digits)
    if not 1 <= distance <= MAX_FUZZY:
        raise QueryError(f"word~N allows 1 to {MAX_FUZZY} typing slips, not {distance}",
                         start + len(word) + 1)
    return distance


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


def as_name(text: str, word: str) -> str:
    """The query ``text`` with the typed word ``word`` (its first standalone occurrence,
    whatever its case) searched as a name: ``name:word``."""
    pattern = re.compile(rf'(?<![\w:"*~-]){re.escape(word)}(?![\w:*~])', re.IGNORECASE)
    return pattern.sub(lambda match: f"name:{match.group()}", text, count=1)


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
    low, dots, high = value.translate(ASCII_DIGITS).partition("..")
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

    A malformed query (a quotation mark or parenthesis never closed, an operator with
    nothing beside it, an unknown field or a value that cannot be read, a * alone) is a
    :class:`QueryError` saying what is wrong, with its position. Nothing else is raised,
    whatever the text. The tree is at most :data:`MAX_DEPTH` levels deep, so everything
    that walks it recursively is safe."""
    return _Parser(_lex(text)).parse()


def positive_terms(node: Node | None) -> list[Terms]:
    """The terms and phrases whose presence makes a hit (those under NOT excluded)."""
    if node is None or isinstance(node, Not | FieldFilter | CableFilter | DateRange | NameQuery
                                   | EntityQuery | Unexpand | InDocuments):
        return []
    if isinstance(node, Terms):
        return [node]
    return [t for child in node.nodes for t in positive_terms(child)]


# The query language in short, for `kavosh search --help` and the web page (one per line:
# what to type, what it finds).
SYNTAX: tuple[tuple[str, str], ...] = (
    ("tehran baghdad", "both words (AND is the default)"),
    ("tehran OR baghdad", "either word; AND, OR, NOT in capitals"),
    ("NOT word, -word", "without the word; -(a b), -\"a b\" too"),
    ("(a OR b) c", "parentheses group, anywhere"),
    ('"oil exports"', "the words in a row"),
    ('"oil exports"~5', "the words near each other: at most 5 words between them (in "
     "the other order, 3)"),
    ("tehr*", "words starting so"),
    ("tehrn~ tehrn~2", "typo-tolerant: 1 slip (2 from 6 letters), or N (1-2)"),
    ("08MADRID685", "a reference ID, or a whole file name (report_2010.pdf)"),
    ("name:Soleimani", 'a person in any script and spelling; name:"Qasem Soleimani"'),
    ("entity:12", 'documents mentioning an entity (id, or entity:"Kazeminia")'),
    ("date:1393/08..1393/09", "the document's own date (cable, letter, e-mail Date, else "
     "the file's); Jalali years before 1700, else Gregorian: date:2010..  date:2014-11"),
    ("mentions:2010-12", "documents that mention a date in that period (same forms)"),
    ("lang:fa", "language: fa/fas/per/persian/farsi, en/eng/english, ar/ara/arabic …"),
    ("type:pdf", "pdf, html, email, image, word, sheet, slides, office, text, archive …"),
    ("mime:text/html", "a MIME type (text/html also finds XHTML); image/* a family"),
    ("path:leaks/2010", "the path starts so: a folder, or members of an archive"),
    ("ext:eml", "the file name's extension"),
    ("file:minutes", "words of the file name (file:minut* too); a whole file name or "
     "reference ID typed as a word finds its document too"),
    ("from:X to:X subject:X", 'cable header words; from:"embassy tehran" in a row'),
    ("classification:X number:X ref:X", "a cable's classification, number; ref: cites it"),
    ("-expand:X", "do not search the spelling X the search added"),
)


def syntax_help(width: int = 76, column: int = 22) -> str:
    """:data:`SYNTAX` as plain lines of at most ``width`` characters: what to type, then what
    it finds from ``column`` on (on the next line when what to type is longer)."""
    lines: list[str] = []
    for typed, meaning in SYNTAX:
        wrapped = textwrap.wrap(meaning, width - column - 2)
        if len(typed) > column:
            lines.append(typed)
        else:
            lines.append(f"{typed.ljust(column)}  {wrapped.pop(0)}")
        lines += [" " * (column + 2) + line for line in wrapped]
    return "\n".join(lines)
