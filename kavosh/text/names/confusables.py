"""Distinct people whose names sound close: Khamenei is not Khomeini.

:func:`name_similarity` rates ``Khamenei``/``خمینی`` 0.98 (a/o and e/ei are ordinary spelling
variation), so no threshold tells them apart; a search for one must still not bring the other.
The groups of such people are a hand table (``kavosh/text/data/name_confusables.toml``), each
person a list of spellings in any script.
"""

from __future__ import annotations

from functools import lru_cache

from kavosh.text.data import load
from kavosh.text.names.distance import name_similarity
from kavosh.text.names.sounds import _is_arabic

_GROUPS: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    tuple(tuple(person) for person in group) for group in load("name_confusables.toml")["groups"]
)


# How close a name must be to a person's spellings to be taken for a spelling of his: near
# enough for a spelling, not merely alike (at MATCH_THRESHOLD, 0.75, Davarzani was taken for
# the table's Tabarzani, and داورزنی for Tabarzeni, so the search dropped داورزنی as another
# person's name).
MEMBER_THRESHOLD = 0.9


@lru_cache(maxsize=65_536)  # a word typed meets thousands of tokens: its own side once
def _person(name: str, group: tuple[tuple[str, ...], ...]) -> int | None:
    """The index of the group's person whose spellings ``name`` is closest to (at least
    :data:`MEMBER_THRESHOLD`), None when none is that close or two are equally close.

    Spellings in the script of ``name`` decide when every person of the group has some:
    scores across scripts (learned costs) and within one (hand costs) are not on one scale,
    and ``Khameini`` is nearer ``Khamenei`` than ``Khomeini`` though nearer خمینی than
    خامنه‌ای."""
    script = _is_arabic(name)
    if all(any(_is_arabic(s) == script for s in person) for person in group):
        group = tuple(tuple(s for s in person if _is_arabic(s) == script) for person in group)
    scores = sorted(((max(name_similarity(name, s) for s in person), i)
                     for i, person in enumerate(group)), reverse=True)
    best, index = scores[0]
    if best < MEMBER_THRESHOLD or (len(scores) > 1 and scores[1][0] == best):
        return None
    return index


@lru_cache(maxsize=65_536)
def different_people(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are spellings of two different people of the hand table
    (each closest to another person of one group). Symmetric."""
    for group in _GROUPS:
        first = _person(a, group)
        if first is not None:
            second = _person(b, group)
            if second is not None and second != first:
                return True
    return False
