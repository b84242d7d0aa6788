"""People and titles: a person named with a title they did not hold at the document's date.

Reads the people table the newsroom keeps in the case (:mod:`kavosh.store.people`, loaded
from CSV by :mod:`kavosh.verify.people`). In each document with an own date (a cable's date
field, an e-mail's date), every spelling of every position of the table is looked for in the
normalised words (``وزير امور خارجه`` with an Arabic yeh is ``وزیر امور خارجه``; English is
case-folded). A person of the table named right after the title (``وزیر امور خارجه، بهرام
کوهستانی``, ``Foreign Minister Bahram Kouhestani``, an honorific such as ``آقای`` or ``Mr.``
between them) or right before it (``Bahram Kouhestani, the Minister of Foreign Affairs``) —
on one line, with at most a comma, colon or dash between — is matched by
:func:`kavosh.text.names.name_similarity` (at least :data:`NAME_THRESHOLD`, over as many
words as the spelling has), so the table's Latin spelling finds the Persian text and the
other way round.

A title qualified as past, deputy or acting (``معاون``, ``سابق``, ``پیشین``, ``وقت``,
``former``, ``deputy``, ``then-`` …) is not a claim about the document's date and is left
out. The person held that position, but not on the document's date: a warning, with the
periods they held it and who held it on that date by the table; the table gives the person
other positions but never this one: information (the table may be incomplete).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kavosh.store import Store
from kavosh.store.people import Position, people_digest
from kavosh.store.verify import StoredFinding
from kavosh.text.names import name_similarity
from kavosh.text.normalize import Normalized, normalize, normalize_with_map
from kavosh.text.tokens import token_spans, tokenize
from kavosh.verify.base import Check, DocumentInput, span

NAME_THRESHOLD = 0.85  # the names module's 0.75 lets one consonant differ: too loose here
# Words that may stand between a title and a name (normalised below).
HONORIFICS = ("آقای", "خانم", "جناب", "سرکار", "دکتر", "مهندس", "سردار", "سرلشکر", "سرتیپ",
              "سرهنگ", "دریادار", "حجت‌الاسلام", "آیت‌الله", "شیخ", "mr", "mrs", "ms", "dr",
              "the", "general", "gen", "admiral", "sheikh", "h", "e", "his", "excellency")
# Words that make a title one not held now (before it: deputy, former; after it: former, then).
QUALIFIERS_BEFORE = ("معاون", "قائم‌مقام", "سرپرست", "مشاور", "نماینده", "سابق", "former",
                     "deputy", "vice", "acting", "assistant", "ex", "then", "late", "future",
                     "incoming", "outgoing", "designate")
QUALIFIERS_AFTER = ("سابق", "پیشین", "اسبق", "وقت", "آینده", "former", "designate", "elect")
_GAP = re.compile(r"^[ \t\u200c,،:\-–—()«»\"']*$")  # what may separate title and name


def _words(text: str) -> tuple[str, ...]:
    return tuple(tokenize(normalize(text)))


_HONORIFIC = {w for h in HONORIFICS for w in _words(h)}
_BEFORE = {w for q in QUALIFIERS_BEFORE for w in _words(q)}
_AFTER = {w for q in QUALIFIERS_AFTER for w in _words(q)}


@dataclass(slots=True)
class _Table:
    """The people table arranged for matching."""

    rows: list[Position]
    titles: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # words → positions
    first_words: set[str] = field(default_factory=set)
    names: list[tuple[str, int, str]] = field(default_factory=list)  # person, words, spelling

    @classmethod
    def of(cls, rows: list[Position]) -> _Table:
        table = cls(rows)
        seen: set[tuple[str, str]] = set()
        for row in rows:
            for spelling in row.spellings:
                words = _words(spelling)
                if words:
                    table.titles.setdefault(words, set()).add(row.position)
                    table.first_words.add(words[0])
            for name in row.names:
                if (row.person, name) not in seen and _words(name):
                    seen.add((row.person, name))
                    table.names.append((row.person, len(_words(name)), name))
        return table


@dataclass(frozen=True, slots=True)
class _Mention:
    person: str
    positions: frozenset[str]
    title: str
    page: int
    start: int
    end: int
    text: str


def _raw_span(norm: Normalized, tokens: list[tuple[int, int, str]], first: int, last: int
              ) -> tuple[int, int]:
    """The raw offsets from word ``first``'s start to word ``last``'s end."""
    return norm.to_raw(tokens[first][0], tokens[last][1])


class TitlesCheck(Check):
    name = "titles"
    version = "1"
    title = "People and titles: a title the person did not hold at the document's date"

    def __init__(self, rows: list[Position] | None = None) -> None:
        self.table = _Table.of(rows or [])
        self.inputs = f"people {people_digest(rows)}" if rows else ""

    def prepared(self, store: Store) -> Check:
        return TitlesCheck(store.people())

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        if not self.table.titles or not doc.own_date:
            return None, []
        mentions: dict[tuple[str, frozenset[str]], list[_Mention]] = defaultdict(list)
        for page in doc.pages:
            if not self.table.first_words & set(tokenize(normalize(page.text))):
                continue  # the common case: no title of the table on the page
            for mention in self._mentions(page.number, normalize_with_map(page.text)):
                mentions[(mention.person, mention.positions)].append(mention)
        found = []
        for (person, positions), seen in mentions.items():
            finding = self._judge(doc, person, positions, seen)
            if finding is not None:
                found.append(finding)
        return None, found

    def _mentions(self, page: int, norm: Normalized) -> list[_Mention]:
        tokens = token_spans(norm.text)
        words = [t[2] for t in tokens]
        out = []
        i = 0
        while i < len(words):
            match = self._title_at(words, i)
            if match is None:
                i += 1
                continue
            size, positions = match
            if not self._qualified(words, i, size):
                named = (self._name(norm, tokens, i + size, after=True)
                         or self._name(norm, tokens, i, after=False))
                if named is not None:
                    person, first, last = named
                    start, end = _raw_span(norm, tokens, min(first, i), max(last, i + size - 1))
                    title = norm.raw[slice(*_raw_span(norm, tokens, i, i + size - 1))]
                    out.append(_Mention(person, frozenset(positions), title, page, start, end,
                                        norm.raw[start:end]))
            i += size
        return out

    def _title_at(self, words: list[str], i: int) -> tuple[int, set[str]] | None:
        """The longest title of the table starting at word ``i``: (words, positions)."""
        if words[i] not in self.table.first_words:
            return None
        best = None
        for title, positions in self.table.titles.items():
            if tuple(words[i:i + len(title)]) == title and (best is None
                                                             or len(title) > best[0]):
                best = (len(title), positions)
        return best

    @staticmethod
    def _qualified(words: list[str], i: int, size: int) -> bool:
        before = words[i - 1] if i else ""
        after = words[i + size] if i + size < len(words) else ""
        return before in _BEFORE or after in _AFTER

    def _name(self, norm: Normalized, tokens: list[tuple[int, int, str]], at: int,
              after: bool) -> tuple[str, int, int] | None:
        """The table's person named next to the title (``at``: the first word after it, or
        the title's first word when looking before it): (person, first word, last word)."""
        raw = norm.raw

        def gap(a: int, b: int) -> bool:  # raw text between token a's end and token b's start
            left = norm.to_raw(tokens[a][0], tokens[a][1])[1]
            right = norm.to_raw(tokens[b][0], tokens[b][1])[0]
            between = raw[left:right]
            if tokens[a][2] in _HONORIFIC:  # Mr. Dr.
                between = between.replace(".", "", 1)
            return "\n" not in between and bool(_GAP.match(between))

        j = at  # after: the name's first word; before: the word after the name
        if after:
            while j < len(tokens) and tokens[j][2] in _HONORIFIC and gap(j - 1, j):
                j += 1
            if j >= len(tokens) or not gap(j - 1, j):
                return None
        else:
            while j > 0 and tokens[j - 1][2] in _HONORIFIC and gap(j - 1, j):
                j -= 1
            if j == 0 or not gap(j - 1, j):
                return None
        best: tuple[float, str, int, int] | None = None
        for person, size, spelling in self.table.names:
            first, last = (j, j + size - 1) if after else (j - size, j - 1)
            if first < 0 or last >= len(tokens):
                continue
            if not all(gap(k, k + 1) for k in range(first, last)):
                continue
            score = name_similarity(raw[slice(*_raw_span(norm, tokens, first, last))],
                                    spelling)
            if score >= NAME_THRESHOLD and (best is None or score > best[0]):
                best = (score, person, first, last)
        return None if best is None else best[1:]

    def _judge(self, doc: DocumentInput, person: str, positions: frozenset[str],
               seen: list[_Mention]) -> StoredFinding | None:
        day = doc.own_date
        assert day is not None
        held = [r for r in self.table.rows if r.person == person and r.position in positions]
        if any(r.held_on(day) for r in held):
            return None
        first = seen[0]
        holders = sorted({r.person for r in self.table.rows
                          if r.position in positions and r.held_on(day)})
        evidence: dict[str, Any] = {
            **span(first.page, first.start, first.end, first.text), "person": person,
            "title": first.title, "positions": sorted(positions), "own_date": day,
            "held": [{"position": r.position, "start": r.start, "end": r.end} for r in held],
            "holders": holders, "occurrences": len(seen)}
        then = f"; the table has {', '.join(holders)} in it then" if holders else ""
        if held:
            periods = "; ".join(f"{r.position} {r.period()}" for r in held)
            return self.finding(
                doc.document_id, "warning",
                f"{person} is named {first.title} in a document dated {day}, but held that "
                f"position only {periods}{then}", kind="title-not-held-then", **evidence)
        others = sorted({r.position for r in self.table.rows if r.person == person})
        if not others:
            return None
        return self.finding(
            doc.document_id, "info",
            f"{person} is named {first.title} in a document dated {day}; the people table "
            f"gives them only {', '.join(others)}{then}", kind="title-never-held", **evidence)
