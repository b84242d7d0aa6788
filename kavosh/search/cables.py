"""Cable fields in the search index: one spelling of their tokens for indexing and querying.

Each indexed page of a cable carries its document's cable fields as tokens of one extra
field (``cable``), like the date filter's day numbers, so ``from:بغداد`` selects the cable
whichever page a text term matched. A token is ``<field>:<word>`` for each word of a text
field (``from``, ``to``, ``subject``: the words of the value through the project normaliser,
so ``from:بغداد`` finds «ایستگاه بغداد» and ``from:"ایستگاه بغداد"`` the two words in a row),
and ``<field>=<whole value>`` for a field compared whole (``classification:سری`` finds «سری»,
not «خیلی سری»; ``number:`` and ``ref:`` compare :func:`link_key`, so any spelling of a number
finds it: digit scripts, separators, leading zeros, a letter in Persian or in Latin).

Query fields (``kavosh.search.query``): ``from``, ``to``, ``subject`` (words),
``classification``, ``number`` (the cable's own number) and ``ref`` (the cables that *cite*
that number; ``number:X OR ref:X`` is the cable with what answers it).
"""

from __future__ import annotations

from collections.abc import Iterable

from kavosh.text import index_text, transliterate
from kavosh.text.cables import reference_key

WORD_FIELDS = frozenset({"from", "to", "subject"})
WHOLE_FIELDS = {"classification": "classification", "number": "number", "ref": "reference"}
QUERY_FIELDS = WORD_FIELDS | frozenset(WHOLE_FIELDS)
_KEYED = frozenset({"number", "reference"})


def link_key(key: str) -> str:
    """The key that links a citing cable to the cited one, from a :func:`reference_key`:
    its letter parts in Latin capitals, so a number an English translation writes
    ``410/4641/M`` is the Persian ``۴۱۰/۴۶۴۱/م`` (``KH`` خ, ``K`` ک, ``S`` س …). Letters that
    share a Latin spelling (س ص ث) are one: a number differs from another in its digits."""
    return "/".join(part if part.isdigit() else transliterate(part).upper()
                    for part in key.split("/"))


def _whole(name: str, value: str) -> str:
    """The one token of a stored field compared whole (a number's value is its reference
    key, linked by :func:`link_key`; no white space: the index splits on it)."""
    folded = link_key(value) if name in _KEYED else index_text(value)
    return f"{name}=" + "_".join(folded.split())


def cable_tokens(fields: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The index tokens of a cable's ``(name, value)`` fields, in order."""
    tokens: list[str] = []
    for name, value in fields:
        if name in WORD_FIELDS:
            tokens += [f"{name}:{word}" for word in index_text(value).split()]
        elif name in WHOLE_FIELDS.values():
            tokens.append(_whole(name, value))
    return tuple(tokens)


def query_tokens(field: str, value: str) -> tuple[str, ...]:
    """The tokens ``field:value`` typed in a query must match, in a row (``field`` one of
    :data:`QUERY_FIELDS`); empty when the value holds nothing searchable."""
    if field in WORD_FIELDS:
        return tuple(f"{field}:{word}" for word in index_text(value).split())
    name = WHOLE_FIELDS[field]
    token = _whole(name, reference_key(value) if name in _KEYED else value)
    return () if token.endswith("=") else (token,)
