"""Whether an Arabic-script word can spell a Latin name word at all: its vowels
(:mod:`kavosh.text.names.vowels`) and the consonants a Latin digraph names.

:func:`~kavosh.text.names.name_similarity` learns its costs from Arabic-script spellings of
mostly European names, where a Latin ``k`` stands for ق as often as for ک, so ``kh`` and ``k``,
``gh`` and ``k`` come close. But a romanised ``kh`` is the letter خ (Shahrokhi شاهرخی, not
شهرکی Shahraki), and ``gh`` before a vowel is غ, ق or گ (Bagheri باقری, not باکری Bakeri;
Mogherini موگرینی): a word without such a letter spells another name. An English ``gh`` that
is silent or an f stands at the end of a word, before a consonant (Leigh, Wright, Laughlin)
or after au, ou, ea (Vaughan, Meaghan), and asks nothing (an Irish Callaghan does: it is
rare in these archives); a ``kh`` also read as k and h (ک then ه) is allowed.
"""

from __future__ import annotations

import re

from kavosh.text.names.vowels import latin_and_arabic, vowels_disagree

# each Latin digraph that names one consonant, and the letters (or pairs) that write it
_DIGRAPHS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile("kh"), ("خ", "که")),
    (re.compile("(?<!au|ou|ea)gh(?=[aeiouy])"), ("غ", "ق", "گ")),
)


def digraph_unwritten(latin: str, written: str) -> bool:
    """Whether the Latin name word ``latin`` has a digraph of :data:`_DIGRAPHS` and
    ``written`` (Arabic script, normalised) none of the letters that write it."""
    word = latin.lower()
    if not latin_and_arabic(word, written):
        return False
    return any(pattern.search(word) and not any(letter in written for letter in letters)
               for pattern, letters in _DIGRAPHS)


def spelling_disagrees(latin: str, written: str) -> bool:
    """Whether ``written`` (Arabic script) cannot spell the Latin name word ``latin``: its
    vowels (:func:`~kavosh.text.names.vowels.vowels_disagree`) or a digraph's consonant
    (:func:`digraph_unwritten`). False for any other pair."""
    return vowels_disagree(latin, written) or digraph_unwritten(latin, written)
