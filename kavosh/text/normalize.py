"""The normaliser: the one reference for how Kavosh compares Persian, Arabic and Latin text.

Indexing and querying both call :func:`normalize`, so whatever it unifies is found either way.
It is a pure function of its input, and :func:`normalize_with_map` keeps, for every output
character, the raw offset it came from, so a match found in normalised text is highlighted on
exactly the raw characters a reporter sees.

What it does, in order (every rule is applied to indexed text and to queries alike):

1. **Letters.** Arabic yeh ``ي`` (U+064A), alef maksura ``ى`` (U+0649), yeh with hamza ``ئ``
   and the Urdu/Kurdish yeh forms become Persian yeh ``ی`` (U+06CC); Arabic kaf ``ك`` (U+0643)
   becomes Persian keheh ``ک`` (U+06A9); teh marbuta ``ة`` and heh with yeh ``ۀ`` become ``ه``;
   alef with hamza or madda (``أ إ آ ٱ``) becomes ``ا``; waw with hamza ``ؤ`` becomes ``و``.
   Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF, found in PDFs that store shaped
   glyphs) are folded to their base letters first.
2. **Marks.** Harakat and other Arabic diacritics (U+064B–U+065F, U+0670, U+06D6–U+06ED), the
   tatweel ``ـ`` (U+0640), bidi controls (LRM, RLM, embeddings, isolates), zero-width space,
   zero-width joiner, soft hyphen and byte-order marks are removed. Latin letters lose their
   accents (``Soleymânî`` → ``soleymani``) and are case-folded.
3. **Digits.** Persian ``۰–۹`` (U+06F0–U+06F9) and Arabic-Indic ``٠–٩`` (U+0660–U+0669) become
   ASCII ``0–9``; the Arabic decimal and thousands separators become ``.`` and ``,``.
4. **Half-space (ZWNJ).** Persian writes one word in parts joined by a zero-width non-joiner
   (``می‌شود``, ``گزارش‌ها``); writers substitute a space or nothing. The ZWNJ is removed (the
   parts are joined), and a space between a word and a detached verb prefix (``می``, ``نمی``,
   ``بی``) or a plural, comparative or enclitic suffix (``ها``, ``های``, ``تر``, ``ترین``,
   ``ام``, ``اند``, ``شان``…) is removed too. So ``می‌شود``, ``میشود`` and ``می شود`` all
   normalise to ``میشود``.
5. **Space.** Any run of white space becomes one ASCII space; leading and trailing space goes.

Punctuation is kept (the tokenizer, :mod:`kavosh.text.tokens`, decides what a word is), so
the output is still readable and offsets stay meaningful. Dates, e-mail addresses and other
structured values must be found in the *raw* text, before normalisation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

YEH = "\u06cc"
KAF = "\u06a9"
ZWNJ = "\u200c"

_LETTERS = {
    "\u064a": YEH, "\u0649": YEH, "\u0626": YEH, "\u06d0": YEH, "\u06d2": YEH, "\u06d3": YEH,
    "\u0678": YEH,
    "\u0643": KAF, "\u06aa": KAF,
    "\u0629": "\u0647", "\u06c0": "\u0647", "\u06c1": "\u0647", "\u06d5": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627",
    "\u0624": "\u0648",
    "\u066b": ".", "\u066c": ",",
}
# A length-preserving subset of the letter rules, for comparing function words cheaply
# (language detection, visual-order detection): Arabic yeh and kaf, alef with hamza or madda.
# Persian and Arabic-Indic digits to ASCII alone (``str.translate``): for values read from
# text (numbers, dates, phone numbers) where the rest of the text must stay as written.
ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
LIGHT_FOLD = str.maketrans({"\u064a": YEH, "\u0649": YEH, "\u0643": KAF,
                            "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627"})
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [ZWNJ, "\u200b", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u2060", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_PREFIXES = ("می", "نمی", "بی")
_SUFFIXES = (
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
    "تر", "ترین", "تری", "ترها",
    "ام", "ای", "ایم", "اید", "اند",
    "شان", "تان", "مان",
)


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """The normal form of one character (possibly empty or several characters)."""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _DROP:
        return ""
    code = ord(ch)
    if 0x06F0 <= code <= 0x06F9:
        return chr(code - 0x06F0 + 48)
    if 0x0660 <= code <= 0x0669:
        return chr(code - 0x0660 + 48)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # Presentation forms: compatibility-decompose to base letters, then fold those.
        base = unicodedata.normalize("NFKC", ch)
        if base != ch:
            return "".join(_fold(c) for c in base)
        return ch
    if ch.isspace():
        return " "
    if code < 0x80:
        return ch.lower()
    if unicodedata.category(ch) == "Mn":
        return ""
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:  # Latin with accents
        base = unicodedata.normalize("NFKD", ch)
        return "".join(c for c in base if not unicodedata.combining(c)).casefold()
    if code >= 0xFF00 and code <= 0xFFEF:  # full-width forms
        return unicodedata.normalize("NFKC", ch).casefold()
    return ch.casefold()


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text with, for each of its characters, the raw offset it came from."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] = raw index of text[i]
    raw: str

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span covering normalised span ``[start, end)``.

        It runs from the first character's source to the end of the last one's, including
        marks removed inside or right after the span (diacritics, tatweel) but not trailing
        white space or half-spaces.
        """
        if start >= end:
            pos = self.raw_index(start)
            return pos, pos
        raw_start = self.offsets[start]
        minimum = self.offsets[end - 1] + 1
        raw_end = max(self.raw_index(end), minimum)
        while raw_end > minimum and (self.raw[raw_end - 1].isspace()
                                     or self.raw[raw_end - 1] == ZWNJ):
            raw_end -= 1
        return raw_start, raw_end

    def raw_index(self, position: int) -> int:
        """The raw offset for normalised ``position`` (the end maps to the raw end)."""
        if position >= len(self.offsets):
            return len(self.raw)
        return self.offsets[position]


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed on demand from :func:`_fold` (the same rules)."""

    def __missing__(self, code: int) -> str:
        folded = _fold(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
_SPACES = re.compile(" {2,}")


def _unchanged_class() -> str:
    """A regex class of the characters of the Basic Latin and Arabic blocks that fold to
    themselves (checked against :func:`_fold` here, so it cannot drift from the rules)."""
    kept = [chr(c) for c in [*range(0x20, 0x7F), *range(0x0600, 0x0700)]
            if _fold(chr(c)) == chr(c)]
    return "".join(re.escape(c) for c in kept)


# Runs of characters that the rules change. Most of a Persian or English page folds to itself,
# so translating only these runs reads each character once in C instead of looking every one
# up in the table (several times faster on real pages; the result is identical).
_CHANGING = re.compile(f"[^{_unchanged_class()}]+")


# The most frequent characters that fold to one other character (itself unchanged by the
# rules): replacing them keeps every offset, so :func:`normalize_with_map` replaces them in one C
# pass each before folding the runs that are left (checked against :func:`_fold` here).
_ONE_FOR_ONE = tuple((c, _fold(c)) for c in "\u064a\u0643\u0622\u0626\u0649\u0629\n\t\r"
                     if len(_fold(c)) == 1 and _fold(_fold(c)) == _fold(c) != c)


_ASCII_RUNS = re.compile("[\x00-\x7f]+")
_ASCII_CAPITAL = re.compile("[A-Z]")


def _ascii_lowered(text: str) -> str:
    """``text`` with its ASCII capitals in lower case (what :func:`_fold` makes of them), in
    one C pass (``str.lower``) when that is all ``str.lower`` changes: the text is ASCII, or
    mostly ASCII and its other characters have no lower case (an English cable with ``¶`` and
    curly quotes); else unchanged, the capitals then folded run by run with the rest (a
    Persian page's few Latin capitals: looking closer would cost more). The same length,
    character for character."""
    if text.isascii():
        return text.lower()
    if not _ASCII_CAPITAL.search(text) or \
            len(text.encode("utf-8", "surrogatepass")) > 1.5 * len(text):
        return text
    other = _ASCII_RUNS.sub("", text)
    return text.lower() if other.lower() == other else text


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_TABLE)


def normalize(text: str) -> str:
    """``text`` normalised for comparison (see the module docstring for the rules).

    The same result as ``normalize_with_map(text).text``, several times faster (no map).
    """
    # Line breaks and half-spaces, the most frequent changes, in one C pass each first.
    text = _ascii_lowered(text.replace("\n", " ").replace(ZWNJ, ""))
    folded = _SPACES.sub(" ", _CHANGING.sub(_fold_run, text)).strip(" ")
    if " " not in folded or not _ARABIC_BLOCK.search(folded):
        return folded
    return _AFFIX_SPACE.sub("", folded)


def normalize_with_map(text: str) -> Normalized:
    """Normalise ``text`` and keep the map from normalised offsets back to ``text``.

    The same text as :func:`normalize`. The characters that fold one for one are replaced in
    one pass, runs of characters the rules keep are copied with their offsets as a range (in
    C), and only the few other characters (half-spaces, marks) are folded one by one: several
    times faster than a loop over every character (snippets map each hit's passage).
    """
    raw = text
    text = _ascii_lowered(text)  # one for one: the offsets stay
    for before, after in _ONE_FOR_ONE:
        text = text.replace(before, after)
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for match in _CHANGING.finditer(text):
        start, end = match.span()
        if start > pos:
            parts.append(text[pos:start])
            offsets += range(pos, start)
        folded, sources = _fold_with_sources(match.group())
        parts.append(folded)
        offsets += range(start, end) if sources is None else [start + k for k in sources]
        pos = end
    parts.append(text[pos:])
    offsets += range(pos, len(text))
    folded = "".join(parts)
    return Normalized(*_join_parts(*_drop(folded, offsets, _extra_spaces(folded))), raw)


@lru_cache(maxsize=8192)
def _fold_with_sources(run: str) -> tuple[str, tuple[int, ...] | None]:
    """``run`` folded, and for each folded character the index in ``run`` it came from (None
    when each character folds to exactly one: the usual ي, ك, line break; runs recur)."""
    folded = [_fold(ch) for ch in run]
    if all(len(f) == 1 for f in folded):
        return "".join(folded), None
    return "".join(folded), tuple(k for k, f in enumerate(folded) for _ in f)


def _extra_spaces(text: str) -> list[tuple[int, int]]:
    """The spans of space to drop: a leading or trailing run, and all but the first space
    of any other run."""
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text.rstrip(" ")) if lead < len(text) else len(text)
    spans = [(0, lead)] if lead else []
    spans += [(m.start() + 1, m.end()) for m in _SPACES.finditer(text, lead, trail)]
    return spans + ([(trail, len(text))] if trail < len(text) else [])


def _drop(text: str, offsets: list[int],
          spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` and ``offsets`` without the characters of ``spans`` (sorted, disjoint)."""
    if not spans:
        return text, offsets
    kept: list[str] = []
    kept_offsets: list[int] = []
    pos = 0
    for start, end in spans:
        kept.append(text[pos:start])
        kept_offsets += offsets[pos:start]
        pos = end
    kept.append(text[pos:])
    kept_offsets += offsets[pos:]
    return "".join(kept), kept_offsets


def _join_parts(text: str, offsets: list[int]) -> tuple[str, tuple[int, ...]]:
    """Remove the spaces that detach a verb prefix or a suffix from its word."""
    if " " in text and _ARABIC_BLOCK.search(text):
        text, offsets = _drop(text, offsets,
                              [(m.start(), m.end()) for m in _AFFIX_SPACE.finditer(text)])
    return text, tuple(offsets)


_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")
_S = "|".join(sorted(_SUFFIXES, key=len, reverse=True))
_LETTER = r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]"
# A space that detaches a whole-word prefix before a letter, or a whole-word suffix after one.
# Every branch starts with the space, so the engine jumps from space to space instead of
# trying the affixes at every character (twice as fast on a page); lookbehinds have one width
# each, hence one per prefix.
_AFTER_PREFIX = "|".join(f"(?<=(?<!\\w){p} )" for p in sorted(_PREFIXES, key=len, reverse=True))
_AFFIX_SPACE = re.compile(
    rf" (?:{_AFTER_PREFIX})(?={_LETTER})| (?<={_LETTER} )(?=(?:{_S})(?!\w))"
)
