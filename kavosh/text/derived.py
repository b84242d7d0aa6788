"""Values derived from pages of text, the same whichever stage produced the text.

``kavosh.pipeline.derive`` applies them to a document's best pages, whichever stage produced
their text (reading, OCR, a correction), so a date, a paragraph or a vocabulary entry means the
same thing whatever layer it came from.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any

from kavosh.model import DateMention, PageText
from kavosh.text.data import load
from kavosh.text.dates import find_dates
from kavosh.text.direction import paragraph_spans
from kavosh.text.language import language_direction, paragraph_languages
from kavosh.text.names import name_key
from kavosh.text.normalize import normalize
from kavosh.text.tokens import index_text

DATES_ENGINE = "kavosh.text.dates"  # recorded with every stored date (provenance)
DATES_VERSION = "1"
MAX_DAYS = 512  # dates of one document carried by its index entries

ParagraphRow = tuple[int, int, int, int, str, str]  # page, idx, start, end, language, direction
_NAME_TOKEN = re.compile(r"^[^\W\d_]{3,40}$")
_ARABIC_LETTERS = re.compile("^[\u0600-\u06ff]+$")
MIN_GIVEN_PART = 3  # letters of each part of a compound given name (see given_compound)


def page_dates(pages: list[PageText]) -> list[tuple[int, dict[str, Any]]]:
    """``(page number, date record)`` for every date found in the pages' raw text."""
    return [(page.number, found.to_json()) for page in pages for found in find_dates(page.text)]


def date_days(dates: list[DateMention]) -> tuple[int, ...]:
    """Distinct day numbers (proleptic Gregorian ordinals) of the dates, for the date filter."""
    days = {date.fromisoformat(d.gregorian).toordinal() for d in dates if d.gregorian}
    return tuple(sorted(days)[:MAX_DAYS])


def page_paragraphs(pages: list[PageText]) -> list[ParagraphRow]:
    """Each page's paragraphs with language (decided with their neighbours) and direction."""
    rows: list[ParagraphRow] = []
    for page in pages:
        spans = paragraph_spans(page.text)
        texts = [page.text[s:e] for s, e in spans]
        for idx, ((start, end), text, language) in enumerate(
            zip(spans, texts, paragraph_languages(texts), strict=True)
        ):
            rows.append((page.number, idx, start, end, language,
                         language_direction(language, text)))
    return rows


def main_language(paragraphs: list[ParagraphRow]) -> str | None:
    """The language of most of the text (by characters), None when no paragraph decided."""
    sizes: dict[str, int] = {}
    for _, _, start, end, language, _ in paragraphs:
        if language != "und":
            sizes[language] = sizes.get(language, 0) + end - start
    return max(sizes, key=lambda code: sizes[code]) if sizes else None


@lru_cache(maxsize=200_000)
def _key(token: str) -> str:
    return name_key(token)


def vocabulary(index_texts: list[str]) -> list[tuple[str, str]]:
    """``(token, name key)`` for the distinct word tokens (3–40 letters) of index texts, so a
    name typed in another script or spelling can be looked up (see ``views.search``)."""
    # Distinct tokens first: a page repeats its words, the pattern need only see each once.
    tokens = {t for t in {t for text in index_texts for t in text.split()}
              if _NAME_TOKEN.match(t)}
    return [(t, key) for t in sorted(tokens) if (key := _key(t))]


# --- name-use evidence -----------------------------------------------------------------------
# A word is expanded to other spellings only if it behaves like a name in the case
# (``kavosh.views.search``): a Latin word written capitalised inside a sentence, a Persian or
# Arabic word after a title (آقای، سردار، آیت‌الله…) or a common given name (the hand list's,
# and those learnt from labelled data), or before a role (نخست‌وزیر). Each document stores,
# per such word, on how many of its pages it was used so; the search compares that with the
# number of pages holding the word at all (a word used mostly otherwise is no name).

_CONTEXTS = load("name_contexts.toml")
LEARNT_GIVEN_NAMES = "given_names.txt"
"""Given names the labelled data shows at the head of people's names, made by
``scripts/given_names.py``: cues like the hand list's (the word after one is a name)."""


def learnt_given_names() -> list[str]:
    """The learnt given names (:data:`LEARNT_GIVEN_NAMES`), none when the file is missing."""
    path = files("kavosh.text.data") / LEARNT_GIVEN_NAMES
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").split("\n")
            if line and not line.startswith("#")]


def _sequences(words: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The index forms of ``words`` as token sequences, by their last token."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for word in words:
        tokens = tuple(index_text(word).split())
        if tokens:
            out.setdefault(tokens[-1], []).append(tokens)
    return out


_ARABIC_SCRIPT_GIVEN = _CONTEXTS["given_names"] + learnt_given_names()  # hand and learnt
GIVEN_NAMES = frozenset(index_text(w) for w in
                        _ARABIC_SCRIPT_GIVEN + _CONTEXTS["latin_given_names"])
"""The given names (hand list and learnt, both scripts) as index tokens: used as names
wherever they stand (:func:`name_uses`)."""
TITLES = frozenset(t for w in _CONTEXTS["titles"] for t in index_text(w).split())
"""The tokens of the titles (شیخ, سردار, آیت‌الله…): part of a written name, never a name's
evidence of their own (a several-word ``name:`` such as ``Sheikh Jawad`` may spell them)."""
# A title or a given name (by its last token): the word after it is a name; a role (by its
# first token, the sequences reversed): the word before it is.
_BEFORE_NAME = _sequences(_CONTEXTS["titles"] + _ARABIC_SCRIPT_GIVEN
                          + _CONTEXTS["latin_titles"] + _CONTEXTS["latin_given_names"])
_AFTER_NAME = {first: [s[::-1] for s in seqs] for first, seqs in _sequences(
    [" ".join(reversed(index_text(w).split())) for w in _CONTEXTS["roles"]]).items()}

# Persian writes a compound given name joined or with a half-space, which the index drops
# (عباسعلی, سیدمحمدباقر, میرحسین): the lists hold the common ones, and any other made of a
# head (a given name, or سید, میر before one) and one or two more given names is one too.
# Parts are names of the lists of :data:`MIN_GIVEN_PART` letters or more, never یان (the
# surname suffix: کریمیان, طاهریان are surnames).
_GIVEN_PARTS = frozenset(t for t in GIVEN_NAMES
                         if len(t) >= MIN_GIVEN_PART and _ARABIC_LETTERS.match(t)) - {"یان"}
_COMPOUND_HEADS = _GIVEN_PARTS | {"سید", "میر"}
MAX_GIVEN_PARTS = 3


@lru_cache(maxsize=200_000)  # asked of every token of a page
def given_compound(token: str) -> bool:
    """Whether the index token ``token`` is a compound given name the lists do not hold (a
    head of :data:`_COMPOUND_HEADS`, then given names): used as a name, and a cue for the
    word after it, as a listed given name is."""
    if token in GIVEN_NAMES or not _ARABIC_LETTERS.match(token):
        return False
    return _given_tail(token, _COMPOUND_HEADS, MAX_GIVEN_PARTS)


def _given_tail(text: str, heads: frozenset[str], parts: int) -> bool:
    """Whether ``text`` is a word of ``heads`` then 1 to ``parts`` − 1 given names."""
    for cut in range(MIN_GIVEN_PART, len(text) - MIN_GIVEN_PART + 1):
        if text[:cut] in heads and (text[cut:] in _GIVEN_PARTS or (
                parts > 2 and _given_tail(text[cut:], _GIVEN_PARTS, parts - 1))):
            return True
    return False


def _context_names(tokens: list[str]) -> set[str]:
    """The words of a page (its index tokens) after a title or a given name (listed, or a
    compound of given names: :func:`given_compound`), or before a role."""
    found: set[str] = set()
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if i < last and (given_compound(token) or _ends_cue(tokens, i)):
            found.add(tokens[i + 1])
        if i > 0 and token in _AFTER_NAME and any(
                tuple(tokens[i:i + len(s)]) == s for s in _AFTER_NAME[token]):
            found.add(tokens[i - 1])
    return found


def _ends_cue(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` ends a title or a listed given name (of one or more tokens)."""
    return tokens[i] in _BEFORE_NAME and any(
        len(s) <= i + 1 and tuple(tokens[i + 1 - len(s):i + 1]) == s
        for s in _BEFORE_NAME[tokens[i]])


_CAPITALISED = re.compile(r"(?<=[\w,] )[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{2,}\b")
# Persian, or Latin (after a Latin cue: the capitals of a cable's line say nothing of a name)
_CONTEXT_WORD = re.compile("^(?:[\u0600-\u06ff]{2,40}|[a-z]{3,40})$")


def name_uses(raw_texts: list[str], index_texts: list[str]) -> dict[str, int]:
    """Index token → on how many of the pages it is used as a name (see above).

    ``raw_texts`` are the pages' text as read (capitals intact), ``index_texts`` the same
    pages through :func:`kavosh.text.index_text`. Given names count as used when they appear.
    """
    uses: dict[str, int] = {}
    for raw, text in zip(raw_texts, index_texts, strict=True):
        tokens = text.split()
        found = {w for w in _context_names(tokens) if _CONTEXT_WORD.match(w)}
        found.update(GIVEN_NAMES.intersection(tokens))
        found.update(t for t in tokens if given_compound(t))
        found.update(_latin_forms(frozenset(_CAPITALISED.findall(raw))))
        for word in found:
            uses[word] = uses.get(word, 0) + 1
    return uses


def _latin_forms(words: frozenset[str]) -> set[str]:
    """The index forms of capitalised raw words (accents and case folded)."""
    return {w.lower() if w.isascii() else normalize(w) for w in words}
