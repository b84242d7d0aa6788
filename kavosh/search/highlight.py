"""Where a query matched in a page's raw text: highlight spans and a snippet around them.

Matching runs on the normalised tokens (the same ones the index holds) and the spans are mapped
back through the normaliser's offset map, so a highlight covers exactly the raw characters a
reporter sees — ZWNJ, diacritics and Arabic-letter variants included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kavosh.search.fuzzy import edits
from kavosh.search.query import Terms
from kavosh.text import normalize, normalize_with_map, tokenize
from kavosh.text.tokens import word_spans

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short passage of raw text; ``marks`` are the matched spans within ``text``."""

    text: str
    marks: tuple[tuple[int, int], ...]

    def html(self) -> str:
        """The passage as HTML-escaped text with ``<mark>`` around each match."""
        out: list[str] = []
        pos = 0
        for start, end in self.marks:
            out.append(html.escape(self.text[pos:start]))
            out.append(f"<mark>{html.escape(self.text[start:end])}</mark>")
            pos = end
        out.append(html.escape(self.text[pos:]))
        return "".join(out)


def match_spans(raw: str, terms: Sequence[Terms]) -> list[tuple[int, int]]:
    """Raw-text spans of every occurrence of any of ``terms``, sorted, not overlapping."""
    if not terms or not raw:
        return []
    norm = normalize_with_map(raw)
    words = tokenize(norm.text)
    matched: list[tuple[int, int]] = []  # first and last word of each match
    for term in terms:
        for i in _starts(words, term):
            last = _match_end(words, i, term)
            if last is not None:
                matched.append((i, last))
    spans = word_spans(norm.text, {i for pair in matched for i in pair})
    return _merge(sorted(norm.to_raw(spans[i][0], spans[last][1]) for i, last in matched))


def _starts(words: list[str], term: Terms) -> list[int]:
    """Where ``term`` may start in ``words``: the positions of a word its first word matches
    (compared in a comprehension, and a typo-tolerant word's edits once per distinct word,
    rather than a call per position)."""
    possible = words[:max(len(words) - len(term.tokens) + 1, 0)]
    first = term.tokens[0]
    if term.fuzzy:  # the index's words near it (else each distinct word measured once)
        near = term.words or {w for w in set(possible) if _near(w, first, term.fuzzy)}
        return [i for i, word in enumerate(possible) if word in near]
    if term.prefix and len(term.tokens) == 1:
        return [i for i, word in enumerate(possible) if word.startswith(first)]
    return [i for i, word in enumerate(possible) if word == first]


def _match_end(words: list[str], i: int, term: Terms) -> int | None:
    """The index of the last word of ``term`` matched from ``words[i]`` on (up to
    ``term.slop`` other words in between, as the index allows), None when it does not match;
    ``i`` is one of :func:`_starts` (a typo-tolerant word, always one word, ends there)."""
    if term.fuzzy:  # one word, matched where it starts
        return i
    last = len(term.tokens) - 1
    slack = term.slop
    pos = i
    for k, token in enumerate(term.tokens):
        while pos < len(words) and not _word_matches(words[pos], token,
                                                     k == last and term.prefix):
            if k == 0 or slack == 0:
                return None
            slack -= 1
            pos += 1
        if pos >= len(words):
            return None
        pos += 1
    return pos - 1


def _word_matches(word: str, token: str, prefix: bool) -> bool:
    return word.startswith(token) if prefix else word == token


@lru_cache(maxsize=1 << 16)
def _near(word: str, token: str, fuzzy: int) -> bool:
    """Whether ``word`` is within ``fuzzy`` edits of ``token``, for a typo-tolerant word whose
    index words were not looked up (the same words recur on every page: each pair is
    measured once)."""
    return edits(word, token, fuzzy) <= fuzzy


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# A snippet reads the page in blocks (cut at white space) of BLOCK characters until one holds a
# match; each block is matched with CONTEXT characters either side (a phrase across the cut, a
# word the normaliser joins to its neighbour), and the passage shown is marked from the same
# matching when it lies inside: a page is normalised with its offset map (the costly part) only
# in the block of its first match. The blocks keep one size (they grew twice as long each
# before: a match 10,000 characters into a cable then mapped a block of 8,000), and a small one:
# a page's first match is mostly in its first few hundred characters, and the passage shown
# (about 240) with its context mostly fits in the block mapped (else it is mapped on its own).
BLOCK = 600
CONTEXT = 100
FEW_WORDS = 50  # a typo-tolerant word's words looked for in a block's text one by one


def make_snippet(raw: str, terms: Sequence[Terms], width: int = 240) -> Snippet:
    """A passage of about ``width`` characters around the first match (or the page start),
    with the matches in it marked."""
    done = 0
    while terms and done < len(raw):
        cut = _word_end(raw, done + BLOCK)
        # the first block (where most pages' first match is) and the last are matched with the
        # offset map at once: the cheap look would mostly add its own cost
        if done and cut < len(raw) and not _may_match(raw, terms, done, cut):
            done = cut
            continue
        read, spans = _spans_around(raw, terms, done, cut)
        first = [s for s, e in spans if e > done and s < cut]
        if first:
            start, end = passage(raw, min(first), width)
            if not read[0] <= _word_start(raw, start - CONTEXT) or \
                    _word_end(raw, end + CONTEXT) > read[1]:
                read, spans = _spans_around(raw, terms, start, end)
            return _collapse(raw, start, end, [(max(s, start), min(e, end)) for s, e in spans
                                               if s < end and e > start])
        done = cut
    return _collapse(raw, *passage(raw, 0, width), [])


def passage(raw: str, center: int, width: int) -> tuple[int, int]:
    """Where a snippet of about ``width`` characters around ``center`` starts and ends,
    widened to whole words so that it never starts or ends mid-word."""
    start = max(0, center - width // 3)
    end = min(len(raw), start + width)
    while start > 0 and not raw[start - 1].isspace() and center - start < width // 2:
        start -= 1
    while end < len(raw) and not raw[end].isspace() and end - start < width + 40:
        end += 1
    return start, end


def _may_match(raw: str, terms: Sequence[Terms], start: int, end: int) -> bool:
    """Whether ``raw[start:end]`` (read as :func:`_spans_around` reads it) may hold a match:
    False only when no term's first word is in its normalised text (by :func:`normalize`,
    several times faster than with the offset map; a typo-tolerant word: any of the index's
    words near it, in the text, or measured in its words when they are many or unknown)."""
    text = normalize(raw[_word_start(raw, start - CONTEXT):_word_end(raw, end + CONTEXT)])
    if any(t.fuzzy and not 0 < len(t.words) <= FEW_WORDS for t in terms):
        return _any_match(tokenize(text), terms)
    return any(word in text for t in terms for word in (t.words or t.tokens[:1]))


def _any_match(words: list[str], terms: Sequence[Terms]) -> bool:
    return any(_match_end(words, i, term) is not None
               for term in terms for i in _starts(words, term))


def _spans_around(raw: str, terms: Sequence[Terms], start: int,
                  end: int) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """The part of ``raw`` read for ``raw[start:end]`` (with :data:`CONTEXT` characters
    either side, whole words) and the :func:`match_spans` of it, as spans of ``raw``."""
    begin, stop = _word_start(raw, start - CONTEXT), _word_end(raw, end + CONTEXT)
    return (begin, stop), [(s + begin, e + begin)
                           for s, e in match_spans(raw[begin:stop], terms)]


def _word_end(raw: str, at: int) -> int:
    """The first white space at or after ``at`` (or the end)."""
    while at < len(raw) and not raw[at].isspace():
        at += 1
    return min(at, len(raw))


def _word_start(raw: str, at: int) -> int:
    """The start of a word at or before ``at`` (0 at the latest)."""
    while at > 0 and not raw[at - 1].isspace():
        at -= 1
    return max(at, 0)


def _collapse(raw: str, start: int, end: int, spans: list[tuple[int, int]]) -> Snippet:
    """Cut ``raw[start:end]``, folding runs of white space, keeping the marks aligned."""
    text_parts: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    pos = start
    for s, e in [*spans, (end, end)]:
        plain = _SPACE.sub(" ", raw[pos:s])
        text_parts.append(plain)
        length += len(plain)
        if s < e:
            marked = _SPACE.sub(" ", raw[s:e])
            text_parts.append(marked)
            marks.append((length, length + len(marked)))
            length += len(marked)
        pos = e
    text = "".join(text_parts)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(raw) else ""
    stripped = text.lstrip()
    shift = len(lead) - (len(text) - len(stripped))
    text = lead + stripped.rstrip() + tail
    return Snippet(text, tuple((s + shift, e + shift) for s, e in marks))
