"""Paragraphs and their writing direction, so Persian reads right-to-left beside English.

Direction is decided per paragraph by the majority of strongly directional letters (Unicode
bidi classes R/AL against L), not by the first letter: a Persian paragraph that opens with
``IRGC`` or a date is still right-to-left. A paragraph without letters is ``ltr``; a line
without letters inside a paragraph (a number, a date) goes with the lines around it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n+")


class _Strength(dict[int, str]):
    """``str.translate`` table: right-to-left letters → ``R``, other letters → ``L``,
    everything else removed; filled on demand."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = ""
        if ch.isalpha():
            value = "R" if unicodedata.bidirectional(ch) in ("R", "AL") else "L"
        self[code] = value
        return value


STRENGTH = _Strength()
_LETTER = re.compile(r"[^\W\d_]")


# Quick tests that settle most lines without counting: any right-to-left letter (digits
# excluded), any letter of the common left-to-right scripts.
_ANY_RTL = re.compile("[\u05d0-\u05ff\u0620-\u064a\u066e-\u06d5\u06fa-\u08ff\ufb1d-\ufdff"
                      "\ufe70-\ufefc]")
_ANY_LTR = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_OTHER = re.compile("[^\x00-\x40\x5b-\x60\x7b-\x7f\u00a0-\u00bf\u0600-\u06ff\u200c-\u200f"
                    "\u2010-\u206f\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def _one_direction(text: str) -> str | None:
    """Settles most lines without counting: ``R`` or ``L`` when every letter of ``text`` is of
    that direction, ``""`` when it has no letter, None when its letters must be counted."""
    if _OTHER.search(text):  # a script the quick tests do not know
        return None
    rtl = _ANY_RTL.search(text) is not None
    ltr = _ANY_LTR.search(text) is not None
    if rtl and ltr:
        return None
    return "R" if rtl else "L" if ltr else ""


def rtl_share(text: str) -> float:
    """The share of right-to-left letters among all letters (0 if there are none)."""
    one = _one_direction(text)
    if one is not None:
        return 1.0 if one == "R" else 0.0
    strong = text.translate(STRENGTH)
    return strong.count("R") / len(strong) if strong else 0.0


def main_script(text: str, minimum: int = 1) -> str | None:
    """``R`` when ``text`` has at least as many right-to-left letters as left-to-right ones,
    ``L`` when fewer, None when it has fewer than ``minimum`` letters."""
    one = _one_direction(text)
    if one == "":
        return None
    if one is not None:
        letter = _ANY_RTL if one == "R" else _ANY_LTR
        return one if _at_least(letter, minimum).search(text) else None
    strong = text.translate(STRENGTH)
    if len(strong) < minimum or not strong:
        return None
    rtl = strong.count("R")
    return "R" if rtl >= len(strong) - rtl else "L"


@lru_cache(maxsize=16)
def _at_least(letter: re.Pattern[str], count: int) -> re.Pattern[str]:
    """A pattern that finds ``count`` letters of the class ``letter`` anywhere in a text."""
    return re.compile("(?s)" + ".*?".join([letter.pattern] * max(count, 1)))


def paragraph_direction(text: str) -> str:
    """``"rtl"`` when most of the paragraph's letters are right-to-left, else ``"ltr"``."""
    return "rtl" if rtl_share(text) > 0.5 else "ltr"


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of ``text``: blocks between blank lines, further split where the lines of
    one block change direction (a Persian line followed by an English one). Lines inside a
    paragraph keep their line breaks; empty paragraphs are dropped."""
    out: list[str] = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        out.extend(_by_direction(block))
    return out


def _by_direction(block: str) -> list[str]:
    runs: list[tuple[str, list[str]]] = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        direction = paragraph_direction(line)
        if not _LETTER.search(line) and runs:
            direction = runs[-1][0]  # digits and punctuation follow the paragraph they are in
        if runs and runs[-1][0] == direction:
            runs[-1][1].append(line)
        else:
            runs.append((direction, [line]))
    return ["\n".join(lines).strip() for _, lines in runs]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets in ``text`` of each paragraph of :func:`split_paragraphs`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for paragraph in split_paragraphs(text):
        first_line = paragraph.split("\n", 1)[0]
        start = text.find(first_line, pos)
        if start < 0:  # line ends were normalised (\r\n); fall back to the running position
            start = pos
        end = start + len(paragraph) if text.startswith(paragraph, start) else \
            _end_of(text, paragraph, start)
        spans.append((start, end))
        pos = end
    return spans


def _end_of(text: str, paragraph: str, start: int) -> int:
    last_line = paragraph.rsplit("\n", 1)[-1]
    found = text.find(last_line, start)
    return found + len(last_line) if found >= 0 else min(len(text), start + len(paragraph))
