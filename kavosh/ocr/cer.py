"""Character error rate: edit distance between what OCR read and what the page says.

:func:`edit_distance` is Myers' bit-parallel Levenshtein distance (Hyyrö's formulation) on
Python integers: fast enough in pure Python for whole pages (a 2,000-character page in a few
milliseconds), so the benchmark and the tests need no extra package.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # direction marks only
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance between ``a`` and ``b`` (insert, delete, substitute = 1)."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    m = len(b)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(b):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    for char in a:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def canonical(text: str) -> str:
    """Text as compared: direction marks dropped, every run of white space one space."""
    return _SPACE.sub(" ", _MARKS.sub("", text)).strip()


def cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """``(errors, reference characters)`` after :func:`canonical` on both sides."""
    ref, hyp = canonical(reference), canonical(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def digit_runs(text: str) -> str:
    """The digits of ``text`` only, runs separated by one space: for the digits' error rate."""
    runs = re.findall(f"[{DIGITS}]+", text)
    return " ".join(runs)
