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


@lru_cache(maxsize=8192)
def _strength(ch: str) -> int:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return 1
    if kind == "L":
        return -1
    return 0


def rtl_share(text: str) -> float:
    """The share of right-to-left letters among the strongly directional ones (0 if none)."""
    rtl = ltr = 0
    for ch in text:
        s = _strength(ch)
        if s > 0:
            rtl += 1
        elif s < 0:
            ltr += 1
    return rtl / (rtl + ltr) if rtl + ltr else 0.0


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
        if not any(_strength(c) for c in line) and runs:
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
